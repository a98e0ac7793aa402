#include "rating/capabilities.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/utf8.hpp"

namespace fuwu::rating {
namespace {

namespace json = boost::json;

constexpr TimeMs kMonthMs = 30LL * 24 * 3600 * 1000;
constexpr std::size_t kIdsPerQuery = 500;

constexpr const char* kApplicationColumns =
    "a.id, a.program_id, a.provider_id, o.name, a.capability, a.evidence, a.state, a.score, "
    "a.review_note, a.applied_at, a.reviewed_at, a.expires_at, a.revoked_at, a.revoke_reason";
constexpr const char* kApplicationFrom =
    " FROM capability_applications a JOIN organizations o ON o.id = a.provider_id";

CapabilityApplication application_from_row(const store::Row& row) {
  CapabilityApplication a;
  a.id = row.integer(0);
  a.program_id = row.integer(1);
  a.provider_id = row.integer(2);
  a.provider_name = row.text(3);
  a.capability = row.text(4);
  a.evidence = row.text(5);
  a.state = row.text(6);
  a.score = row.optional_integer(7);
  a.review_note = row.text(8);
  a.applied_at = row.integer(9);
  a.reviewed_at = row.optional_integer(10);
  a.expires_at = row.optional_integer(11);
  a.revoked_at = row.optional_integer(12);
  a.revoke_reason = row.text(13);
  return a;
}

std::string application_json(const CapabilityApplication& a) {
  return json::serialize(
      json::object{{"provider_id", a.provider_id},
                   {"capability", a.capability},
                   {"state", a.state},
                   {"score", a.score ? json::value(*a.score) : json::value(nullptr)},
                   {"expires_at", a.expires_at ? json::value(*a.expires_at) : json::value(nullptr)},
                   {"review_note", a.review_note},
                   {"revoke_reason", a.revoke_reason}});
}

Result<CapabilityApplication> find_application(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kApplicationColumns +
                                                kApplicationFrom + " WHERE a.id = $1",
                                            {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such capability application");
  return application_from_row(rows[0]);
}

Result<bool> program_has_capability(store::Transaction& tx, std::int64_t program_id,
                                    const std::string& code) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT code FROM capabilities WHERE program_id = $1 AND code = $2",
                          {program_id, code}));
  return !rows.empty();
}

// The registry shows a capability as certified while a certificate stands.
Status mark_in_registry(store::Transaction& tx, std::int64_t provider_id,
                        const std::string& capability, const char* status) {
  FUWU_ASSIGN_OR_RETURN(auto profile,
                        tx.query("SELECT organization_id FROM provider_profiles WHERE "
                                 "organization_id = $1",
                                 {provider_id}));
  if (profile.empty()) return Status::ok();
  return tx
      .exec(
          "INSERT INTO provider_capabilities (organization_id, capability, status) VALUES ($1, "
          "$2, $3) ON CONFLICT (organization_id, capability) DO UPDATE SET status = "
          "excluded.status",
          {provider_id, capability, std::string(status)})
      .status();
}

// The leaderboard of one capability in a cycle, computed from certificates and the ledger.
Result<std::vector<LeaderboardRow>> compute_leaderboard(store::Transaction& tx, const Cycle& cycle,
                                                        const std::string& capability) {
  FUWU_ASSIGN_OR_RETURN(
      auto certs,
      tx.query("SELECT a.provider_id, a.score, a.reviewed_at, o.name FROM capability_applications "
               "a JOIN organizations o ON o.id = a.provider_id WHERE a.program_id = $1 AND "
               "a.capability = $2 AND a.state = 'certified' AND a.reviewed_at <= $3 AND "
               "a.expires_at > $3 ORDER BY a.provider_id",
               {cycle.program_id, capability, cycle.window_end_ms}));
  std::map<std::int64_t, LeaderboardRow> rows;
  std::map<std::int64_t, TimeMs> certified_at;
  for (const auto& row : certs) {
    auto& r = rows[row.integer(0)];
    r.provider_id = row.integer(0);
    r.provider_name = row.text(3);
    if (row.integer(1) >= r.review_score) {
      r.review_score = row.integer(1);
      certified_at[r.provider_id] = row.integer(2);
    }
  }
  std::vector<std::int64_t> ids;
  for (const auto& [id, row] : rows) ids.push_back(id);
  for (std::size_t start = 0; start < ids.size(); start += kIdsPerQuery) {
    const std::size_t count = std::min(kIdsPerQuery, ids.size() - start);
    store::Params params{cycle.id, capability};
    params.insert(params.end(), ids.begin() + static_cast<std::ptrdiff_t>(start),
                  ids.begin() + static_cast<std::ptrdiff_t>(start + count));
    FUWU_ASSIGN_OR_RETURN(
        auto sums, tx.query("SELECT provider_id, SUM(points) FROM points_ledger WHERE cycle_id = "
                            "$1 AND capability = $2 AND provider_id IN (" +
                                store::parameter_list(3, count) + ") GROUP BY provider_id",
                            params));
    for (const auto& row : sums)
      rows[row.integer(0)].capability_points = std::max<std::int64_t>(0, row.integer(1));
  }
  std::vector<LeaderboardRow> out;
  for (auto& [id, r] : rows) {
    r.score = r.review_score * 10 + r.capability_points;
    out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [&](const LeaderboardRow& a, const LeaderboardRow& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.review_score != b.review_score) return a.review_score > b.review_score;
    if (certified_at[a.provider_id] != certified_at[b.provider_id])
      return certified_at[a.provider_id] < certified_at[b.provider_id];
    return a.provider_id < b.provider_id;
  });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<std::int64_t>(i) + 1;
  return out;
}

}  // namespace

const std::vector<Capability>& default_capabilities() {
  static const std::vector<Capability> capabilities = {
      {0, "store_operation", "店铺运营", "Store operation"},
      {0, "live_stream_operation", "直播运营", "Live-stream operation"},
      {0, "short_video_operation", "短视频运营", "Short-video operation"},
      {0, "traffic_ads", "流量投放", "Traffic and ads"},
      {0, "influencer_services", "达人服务", "Influencer services"},
      {0, "video_creative", "视频创意", "Video creative"},
      {0, "training", "培训服务", "Training"},
      {0, "full_agency", "全案代运营", "Full agency"},
  };
  return capabilities;
}

Status store_leaderboards(store::Transaction& tx, const Cycle& cycle) {
  FUWU_TRY(tx.exec("DELETE FROM capability_rankings WHERE cycle_id = $1", {cycle.id}).status());
  FUWU_ASSIGN_OR_RETURN(
      auto capabilities,
      tx.query("SELECT code FROM capabilities WHERE program_id = $1", {cycle.program_id}));
  for (const auto& capability : capabilities) {
    FUWU_ASSIGN_OR_RETURN(auto rows, compute_leaderboard(tx, cycle, capability.text(0)));
    for (const auto& r : rows)
      FUWU_TRY(tx.exec("INSERT INTO capability_rankings (cycle_id, capability, provider_id, "
                       "rank, score, review_score, capability_points) VALUES ($1, $2, $3, $4, $5, "
                       "$6, $7)",
                       {cycle.id, capability.text(0), r.provider_id, r.rank, r.score,
                        r.review_score, r.capability_points})
                   .status());
  }
  return Status::ok();
}

Result<std::vector<Capability>> CapabilityService::list(std::int64_t program_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Capability>> {
        FUWU_TRY(require_program(tx, program_id));
        FUWU_ASSIGN_OR_RETURN(auto rows,
                              tx.query("SELECT code, name_zh, name_en FROM capabilities WHERE "
                                       "program_id = $1 ORDER BY created_at, code",
                                       {program_id}));
        std::vector<Capability> out;
        for (const auto& row : rows)
          out.push_back({program_id, row.text(0), row.text(1), row.text(2)});
        return out;
      });
}

Result<Capability> CapabilityService::create(const audit::Actor& actor, Capability capability) {
  std::vector<FieldError> errors;
  const bool code_ok = !capability.code.empty() && capability.code.size() <= 40 &&
                       std::all_of(capability.code.begin(), capability.code.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                       });
  if (!code_ok) errors.push_back({"code", "must be 1 to 40 of a-z, 0-9 and _"});
  if (capability.name_zh.empty() || capability.name_en.empty())
    errors.push_back({"name", "needs both name_zh and name_en"});
  if (!errors.empty()) {
    const std::string message =
        "the capability is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Capability> {
    FUWU_TRY(require_program(tx, capability.program_id));
    auto inserted = tx.exec(
        "INSERT INTO capabilities (program_id, code, name_zh, name_en, created_at) VALUES ($1, "
        "$2, $3, $4, $5)",
        {capability.program_id, capability.code, capability.name_zh, capability.name_en,
         clock_.now_ms()});
    if (!inserted && inserted.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "the program has this capability",
                    {{"code", "already exists"}});
    if (!inserted) return inserted.status();
    FUWU_TRY(audit_.append(
        tx, actor,
        {"capability.create", "capability",
         std::to_string(capability.program_id) + "/" + capability.code, std::nullopt, std::nullopt,
         json::serialize(json::object{{"code", capability.code},
                                      {"name_zh", capability.name_zh},
                                      {"name_en", capability.name_en}})}));
    return capability;
  });
}

Result<CapabilityApplication> CapabilityService::apply(const audit::Actor& actor,
                                                       std::int64_t provider_id,
                                                       const std::string& capability,
                                                       const std::string& evidence) {
  const auto chars = utf8::count_code_points(evidence).value_or(0);
  if (chars == 0 || chars > 4000)
    return Status(ErrorCode::invalid_argument, "describe the evidence of the capability",
                  {{"evidence", "must be 1 to 4000 characters"}});
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<CapabilityApplication> {
        FUWU_ASSIGN_OR_RETURN(auto program, provider_program(tx, provider_id));
        FUWU_ASSIGN_OR_RETURN(auto known, program_has_capability(tx, program, capability));
        if (!known)
          return Status(ErrorCode::invalid_argument, "the program has no capability " + capability,
                        {{"capability", "not a capability of this program"}});
        FUWU_TRY(tx.lock("fuwu.capability." + std::to_string(provider_id)));
        FUWU_ASSIGN_OR_RETURN(
            auto standing,
            tx.query("SELECT id FROM capability_applications WHERE provider_id = $1 AND "
                     "capability = $2 AND (state = 'applied' OR (state = 'certified' AND "
                     "expires_at > $3))",
                     {provider_id, capability, now}));
        if (!standing.empty())
          return Status(ErrorCode::unique_violation,
                        "an application for " + capability +
                            " is pending or its certificate is valid (application " +
                            std::to_string(standing[0].integer(0)) + ")");
        FUWU_ASSIGN_OR_RETURN(
            auto rows,
            tx.query("INSERT INTO capability_applications (program_id, provider_id, capability, "
                     "evidence, state, applied_at, applied_by) VALUES ($1, $2, $3, $4, "
                     "'applied', $5, $6) RETURNING id",
                     {program, provider_id, capability, evidence, now,
                      store::optional_value(actor.user_id)}));
        FUWU_ASSIGN_OR_RETURN(auto created, find_application(tx, rows[0].integer(0)));
        FUWU_TRY(
            audit_.append(tx, actor,
                          {"capability.apply", "capability_application", std::to_string(created.id),
                           provider_id, std::nullopt, application_json(created)}));
        return created;
      });
}

Result<CapabilityApplication> CapabilityService::review(const audit::Actor& actor, std::int64_t id,
                                                        bool certify, std::int64_t score,
                                                        const std::string& note,
                                                        std::int64_t valid_months) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<CapabilityApplication> {
        FUWU_ASSIGN_OR_RETURN(auto found, find_application(tx, id));
        if (found.state != "applied")
          return Status(ErrorCode::conflict, "the application was already " + found.state)
              .with_problem_code("illegal_transition");
        FUWU_TRY(
            tx.exec(
                  "UPDATE capability_applications SET state = $1, score = $2, review_note "
                  "= $3, reviewed_at = $4, reviewed_by = $5, expires_at = $6 WHERE id = $7",
                  {std::string(certify ? "certified" : "rejected"), score, note, now,
                   store::optional_value(actor.user_id),
                   certify ? store::Value(now + valid_months * kMonthMs) : store::null_value(), id})
                .status());
        if (certify)
          FUWU_TRY(mark_in_registry(tx, found.provider_id, found.capability, "certified"));
        FUWU_ASSIGN_OR_RETURN(auto updated, find_application(tx, id));
        FUWU_TRY(audit_.append(tx, actor,
                               {certify ? "capability.certify" : "capability.reject",
                                "capability_application", std::to_string(id), found.provider_id,
                                application_json(found), application_json(updated)}));
        return updated;
      });
}

Result<CapabilityApplication> CapabilityService::revoke(const audit::Actor& actor, std::int64_t id,
                                                        const std::string& reason) {
  const auto chars = utf8::count_code_points(reason).value_or(0);
  if (chars == 0 || chars > 2000)
    return Status(ErrorCode::invalid_argument, "say why the certificate is revoked",
                  {{"reason", "must be 1 to 2000 characters"}});
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<CapabilityApplication> {
        FUWU_ASSIGN_OR_RETURN(auto found, find_application(tx, id));
        if (found.state != "certified")
          return Status(ErrorCode::conflict,
                        "only a certificate can be revoked; this application is " + found.state)
              .with_problem_code("illegal_transition");
        FUWU_TRY(tx.exec("UPDATE capability_applications SET state = 'revoked', revoked_at = $1, "
                         "revoke_reason = $2 WHERE id = $3",
                         {now, reason, id})
                     .status());
        FUWU_TRY(mark_in_registry(tx, found.provider_id, found.capability, "claimed"));
        FUWU_ASSIGN_OR_RETURN(auto updated, find_application(tx, id));
        FUWU_TRY(
            audit_.append(tx, actor,
                          {"capability.revoke", "capability_application", std::to_string(id),
                           found.provider_id, application_json(found), application_json(updated)}));
        return updated;
      });
}

Result<CapabilityApplication> CapabilityService::get(std::int64_t id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return find_application(tx, id); });
}

Result<std::vector<CapabilityApplication>> CapabilityService::applications(
    const CapabilityFilter& filter, std::int64_t limit) {
  std::string sql =
      std::string("SELECT ") + kApplicationColumns + kApplicationFrom + " WHERE 1 = 1";
  store::Params params;
  if (filter.state) {
    params.push_back(*filter.state);
    sql += " AND a.state = $" + std::to_string(params.size());
  }
  if (filter.capability) {
    params.push_back(*filter.capability);
    sql += " AND a.capability = $" + std::to_string(params.size());
  }
  if (filter.provider_id) {
    params.push_back(*filter.provider_id);
    sql += " AND a.provider_id = $" + std::to_string(params.size());
  }
  params.push_back(limit);
  sql += " ORDER BY a.id DESC LIMIT $" + std::to_string(params.size());
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<CapabilityApplication>> {
        FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
        std::vector<CapabilityApplication> out;
        for (const auto& row : rows) out.push_back(application_from_row(row));
        return out;
      });
}

Result<Leaderboard> CapabilityService::leaderboard(std::int64_t cycle_id,
                                                   const std::string& capability) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Leaderboard> {
    FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
    FUWU_ASSIGN_OR_RETURN(auto known, program_has_capability(tx, cycle.program_id, capability));
    if (!known) return Status(ErrorCode::not_found, "the program has no capability " + capability);
    Leaderboard board;
    board.cycle_id = cycle_id;
    board.capability = capability;
    if (cycle.state == CycleState::open) {
      board.provisional = true;
      FUWU_ASSIGN_OR_RETURN(board.rows, compute_leaderboard(tx, cycle, capability));
      return board;
    }
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("SELECT r.rank, r.provider_id, o.name, r.score, r.review_score, "
                 "r.capability_points FROM capability_rankings r JOIN organizations o ON o.id = "
                 "r.provider_id WHERE r.cycle_id = $1 AND r.capability = $2 ORDER BY r.rank",
                 {cycle_id, capability}));
    for (const auto& row : rows)
      board.rows.push_back({row.integer(0), row.integer(1), row.text(2), row.integer(3),
                            row.integer(4), row.integer(5)});
    return board;
  });
}

}  // namespace fuwu::rating
