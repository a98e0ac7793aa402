#include "rating/violations.hpp"

#include <boost/json.hpp>

#include "core/utf8.hpp"

namespace fuwu::rating {
namespace {

constexpr TimeMs kDayMs = 24 * 3600 * 1000;
constexpr const char* kViolationColumns =
    "v.id, v.type_id, v.provider_id, v.cycle_id, v.state, v.evidence, v.recorded_at, "
    "v.appeal_deadline_ms, v.appeal_reason, v.decided_at, v.decision_note, v.ledger_entry_id, "
    "v.correction_entry_id, t.code, t.name_zh, t.name_en, t.severity, t.points, t.tier_cap, "
    "o.name, c.code";
constexpr const char* kViolationFrom =
    " FROM violations v JOIN violation_types t ON t.id = v.type_id JOIN organizations o ON o.id = "
    "v.provider_id JOIN rating_cycles c ON c.id = v.cycle_id";
constexpr const char* kTypeColumns =
    "id, program_id, code, name_zh, name_en, severity, points, tier_cap, appeal_days";

ViolationType type_from_row(const store::Row& row) {
  ViolationType t;
  t.id = row.integer(0);
  t.program_id = row.integer(1);
  t.code = row.text(2);
  t.name_zh = row.text(3);
  t.name_en = row.text(4);
  t.severity = row.text(5);
  t.points = row.integer(6);
  t.tier_cap = row.text(7);
  t.appeal_days = static_cast<int>(row.integer(8));
  return t;
}

Violation violation_from_row(const store::Row& row) {
  Violation v;
  v.id = row.integer(0);
  v.type_id = row.integer(1);
  v.provider_id = row.integer(2);
  v.cycle_id = row.integer(3);
  v.state = row.text(4);
  v.evidence = row.text(5);
  v.recorded_at = row.integer(6);
  v.appeal_deadline_ms = row.integer(7);
  v.appeal_reason = row.text(8);
  v.decided_at = row.optional_integer(9);
  v.decision_note = row.text(10);
  v.ledger_entry_id = row.integer(11);
  v.correction_entry_id = row.optional_integer(12);
  v.type_code = row.text(13);
  v.type_name_zh = row.text(14);
  v.type_name_en = row.text(15);
  v.severity = row.text(16);
  v.points = row.integer(17);
  v.tier_cap = row.text(18);
  v.provider_name = row.text(19);
  v.cycle_code = row.text(20);
  return v;
}

std::string violation_json(const Violation& v) {
  return boost::json::serialize(boost::json::object{{"id", v.id},
                                                    {"type_id", v.type_id},
                                                    {"provider_id", v.provider_id},
                                                    {"cycle_id", v.cycle_id},
                                                    {"state", v.state},
                                                    {"appeal_deadline_ms", v.appeal_deadline_ms},
                                                    {"decision_note", v.decision_note}});
}

Result<Violation> find_violation(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kViolationColumns +
                                                kViolationFrom + " WHERE v.id = $1",
                                            {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such violation");
  return violation_from_row(rows[0]);
}

// Tier caps compare best-first: the earlier in this list, the less restrictive.
int cap_rank(const std::string& tier) {
  if (tier == "diamond") return 0;
  if (tier == "gold") return 1;
  if (tier == "silver") return 2;
  return 3;
}

}  // namespace

Result<ViolationType> ViolationService::create_type(const audit::Actor& actor, ViolationType type) {
  std::vector<FieldError> errors;
  if (type.code.empty() || type.code.size() > 40)
    errors.push_back({"code", "must be 1 to 40 characters"});
  if (type.name_zh.empty() || type.name_en.empty())
    errors.push_back({"name", "needs both zh and en"});
  if (type.severity != "minor" && type.severity != "major" && type.severity != "serious")
    errors.push_back({"severity", "must be minor, major or serious"});
  if (type.points <= 0 || type.points > kEntryPointsMax)
    errors.push_back({"points", "must be from 1 to 1,000,000"});
  if (!type.tier_cap.empty() && cap_rank(type.tier_cap) > 2)
    errors.push_back({"tier_cap", "must be diamond, gold or silver"});
  if (type.appeal_days < 1 || type.appeal_days > 90)
    errors.push_back({"appeal_days", "must be from 1 to 90"});
  if (!errors.empty()) {
    const std::string message =
        "the violation type is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<ViolationType> {
    auto rows = tx.query(
        "INSERT INTO violation_types (program_id, code, name_zh, name_en, severity, points, "
        "tier_cap, "
        "appeal_days, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {type.program_id, type.code, type.name_zh, type.name_en, type.severity, type.points,
         type.tier_cap, std::int64_t{type.appeal_days}, clock_.now_ms()});
    if (!rows && rows.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "the program has this violation type",
                    {{"code", "already exists"}});
    if (!rows) return rows.status();
    type.id = (*rows)[0].integer(0);
    boost::json::object after{{"code", type.code},
                              {"severity", type.severity},
                              {"points", type.points},
                              {"tier_cap", type.tier_cap},
                              {"appeal_days", type.appeal_days}};
    FUWU_TRY(audit_.append(tx, actor,
                           {"violation_type.create", "violation_type", std::to_string(type.id),
                            std::nullopt, std::nullopt, boost::json::serialize(after)}));
    return type;
  });
}

Result<Violation> ViolationService::record(const audit::Actor& actor, std::int64_t type_id,
                                           std::int64_t provider_id, std::int64_t cycle_id,
                                           const std::string& evidence) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Violation> {
    FUWU_ASSIGN_OR_RETURN(
        auto types, tx.query("SELECT code, points, appeal_days, program_id FROM violation_types "
                             "WHERE id = $1",
                             {type_id}));
    if (types.empty())
      return Status(ErrorCode::invalid_argument, "no such violation type",
                    {{"type_id", "no such type"}});
    FUWU_ASSIGN_OR_RETURN(auto cycle, ledger_.get_cycle(cycle_id));
    if (cycle.program_id != types[0].integer(3))
      return Status(ErrorCode::invalid_argument, "the violation type belongs to another program",
                    {{"type_id", "not a type of this cycle's program"}});
    FUWU_ASSIGN_OR_RETURN(
        auto entry, ledger_.append_in(tx, actor,
                                      {cycle_id, provider_id, -types[0].integer(1), "violation",
                                       "violation_type:" + types[0].text(0), "", evidence, ""}));
    const TimeMs deadline = now + types[0].integer(2) * kDayMs;
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query(
            "INSERT INTO violations (type_id, provider_id, cycle_id, state, evidence, recorded_at, "
            "recorded_by, appeal_deadline_ms, ledger_entry_id) VALUES ($1, $2, $3, 'recorded', $4, "
            "$5, "
            "$6, $7, $8) RETURNING id",
            {type_id, provider_id, cycle_id, evidence, now, store::optional_value(actor.user_id),
             deadline, entry.id}));
    FUWU_ASSIGN_OR_RETURN(auto violation, find_violation(tx, rows[0].integer(0)));
    FUWU_TRY(audit_.append(tx, actor,
                           {"violation.record", "violation", std::to_string(violation.id),
                            provider_id, std::nullopt, violation_json(violation)}));
    return violation;
  });
}

Result<Violation> ViolationService::appeal(const audit::Actor& actor, std::int64_t id,
                                           const std::string& reason) {
  const auto chars = utf8::count_code_points(reason).value_or(0);
  if (chars == 0 || chars > 2000)
    return Status(ErrorCode::invalid_argument, "say why the violation is wrong",
                  {{"reason", "must be 1 to 2000 characters"}});
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Violation> {
    FUWU_ASSIGN_OR_RETURN(auto found, find_violation(tx, id));
    if (found.state != "recorded")
      return Status(ErrorCode::conflict,
                    "a violation that is " + found.state + " cannot be appealed")
          .with_problem_code("illegal_transition");
    if (now > found.appeal_deadline_ms)
      return Status(ErrorCode::conflict, "the appeal deadline has passed")
          .with_problem_code("appeal_deadline_passed");
    FUWU_TRY(
        tx.exec("UPDATE violations SET state = 'under_appeal', appeal_reason = $1, appealed_at = "
                "$2 WHERE id = $3",
                {reason, now, id}));
    FUWU_ASSIGN_OR_RETURN(auto updated, find_violation(tx, id));
    FUWU_TRY(audit_.append(tx, actor,
                           {"violation.appeal", "violation", std::to_string(id), found.provider_id,
                            violation_json(found), violation_json(updated)}));
    return updated;
  });
}

Result<Violation> ViolationService::decide(const audit::Actor& actor, std::int64_t id,
                                           bool overturn, const std::string& note) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Violation> {
    FUWU_ASSIGN_OR_RETURN(auto found, find_violation(tx, id));
    if (found.state != "under_appeal")
      return Status(ErrorCode::conflict,
                    "only a violation under appeal can be decided; this one is " + found.state)
          .with_problem_code("illegal_transition");
    std::optional<std::int64_t> correction;
    if (overturn) {
      FUWU_ASSIGN_OR_RETURN(auto cycle, ledger_.get_cycle(found.cycle_id));
      if (cycle.state == CycleState::open) {
        FUWU_ASSIGN_OR_RETURN(auto reversal, ledger_.reverse_in(tx, actor, found.ledger_entry_id,
                                                                "appeal upheld: " + note));
        correction = reversal.id;
      } else {
        // The cycle is frozen: the points come back in the program's open cycle.
        FUWU_ASSIGN_OR_RETURN(
            auto open,
            tx.query("SELECT id FROM rating_cycles WHERE program_id = $1 AND state = 'open' "
                     "ORDER BY window_start_ms DESC LIMIT 1",
                     {cycle.program_id}));
        if (open.empty())
          return Status(ErrorCode::conflict,
                        "no open cycle can carry the correction; open the next cycle first")
              .with_problem_code("no_open_cycle");
        FUWU_ASSIGN_OR_RETURN(
            auto original,
            tx.query("SELECT points FROM points_ledger WHERE id = $1", {found.ledger_entry_id}));
        FUWU_ASSIGN_OR_RETURN(
            auto adjustment,
            ledger_.append_in(tx, actor,
                              {open[0].integer(0), found.provider_id, -original[0].integer(0),
                               "adjustment", "violation:" + std::to_string(id), "",
                               "appeal overturned violation " + std::to_string(id), note}));
        correction = adjustment.id;
      }
    }
    FUWU_TRY(tx.exec(
        "UPDATE violations SET state = $1, decided_at = $2, decided_by = $3, decision_note = $4, "
        "correction_entry_id = $5 WHERE id = $6",
        {std::string(overturn ? "overturned" : "upheld"), now, store::optional_value(actor.user_id),
         note, store::optional_value(correction), id}));
    FUWU_ASSIGN_OR_RETURN(auto updated, find_violation(tx, id));
    FUWU_TRY(audit_.append(
        tx, actor,
        {overturn ? "violation.overturn" : "violation.uphold", "violation", std::to_string(id),
         found.provider_id, violation_json(found), violation_json(updated)}));
    return updated;
  });
}

Result<std::vector<ViolationType>> ViolationService::types(std::int64_t program_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<ViolationType>> {
        FUWU_TRY(require_program(tx, program_id));
        FUWU_ASSIGN_OR_RETURN(auto rows,
                              tx.query(std::string("SELECT ") + kTypeColumns +
                                           " FROM violation_types WHERE program_id = $1 ORDER BY "
                                           "points, id",
                                       {program_id}));
        std::vector<ViolationType> out;
        for (const auto& row : rows) out.push_back(type_from_row(row));
        return out;
      });
}

Result<Violation> ViolationService::get(std::int64_t id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return find_violation(tx, id); });
}

Result<std::vector<Violation>> ViolationService::list(const ViolationFilter& filter,
                                                      std::int64_t limit) {
  std::string sql = std::string("SELECT ") + kViolationColumns + kViolationFrom + " WHERE 1 = 1";
  store::Params params;
  if (filter.cycle_id) {
    params.push_back(*filter.cycle_id);
    sql += " AND v.cycle_id = $" + std::to_string(params.size());
  }
  if (filter.provider_id) {
    params.push_back(*filter.provider_id);
    sql += " AND v.provider_id = $" + std::to_string(params.size());
  }
  if (filter.state) {
    params.push_back(*filter.state);
    sql += " AND v.state = $" + std::to_string(params.size());
  }
  params.push_back(limit);
  sql += " ORDER BY v.id DESC LIMIT $" + std::to_string(params.size());
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Violation>> {
        FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
        std::vector<Violation> out;
        for (const auto& row : rows) out.push_back(violation_from_row(row));
        return out;
      });
}

Result<std::map<std::int64_t, std::string>> tier_caps_in(store::Transaction& tx,
                                                         std::int64_t cycle_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT v.provider_id, t.tier_cap FROM violations v JOIN violation_types t "
               "ON t.id = v.type_id WHERE v.cycle_id = $1 AND v.state <> 'overturned' "
               "AND t.tier_cap <> ''",
               {cycle_id}));
  std::map<std::int64_t, std::string> caps;
  for (const auto& row : rows) {
    auto& cap = caps[row.integer(0)];
    if (cap.empty() || cap_rank(row.text(1)) > cap_rank(cap)) cap = row.text(1);
  }
  return caps;
}

Result<std::map<std::int64_t, std::string>> ViolationService::tier_caps(std::int64_t cycle_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return tier_caps_in(tx, cycle_id); });
}

}  // namespace fuwu::rating
