#include "rating/standings.hpp"

#include <algorithm>

#include "rating/violations.hpp"

namespace fuwu::rating {
namespace {

// Providers per aggregation query: each query stays far below the statement deadline even with
// hundreds of entries per provider, and the ledger of the cycle is read through its covering
// index in provider order.
constexpr std::size_t kProvidersPerChunk = 5'000;
// Rows per INSERT when standings are stored (11 parameters each).
constexpr std::size_t kRowsPerInsert = 400;

std::string waitlist_text(const std::vector<std::pair<std::string, std::int64_t>>& waitlist) {
  std::string out;
  for (const auto& [tier, position] : waitlist)
    out += (out.empty() ? "" : ",") + tier + ":" + std::to_string(position);
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> parse_waitlist(const std::string& text) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const auto colon = item.find(':');
    if (colon != std::string::npos)
      out.emplace_back(item.substr(0, colon), std::stoll(item.substr(colon + 1)));
    start = end + 1;
  }
  return out;
}

Standing standing_from_row(const store::Row& row) {
  Standing s;
  s.provider_id = row.integer(0);
  s.points = row.integer(1);
  s.stars = static_cast<int>(row.integer(2));
  s.rank = row.integer(3);
  s.rated = row.integer(4) != 0;
  if (!row.text(5).empty()) s.tier = row.text(5);
  s.at_risk = row.integer(6) != 0;
  s.tier_cap = row.text(7);
  s.waitlist = parse_waitlist(row.text(8));
  s.overridden = row.integer(9) != 0;
  return s;
}

constexpr const char* kStandingColumns =
    "provider_id, points, stars, rank, rated, tier, at_risk, tier_cap, waitlist, overridden";

}  // namespace

Result<std::optional<Cycle>> latest_published_cycle(store::Transaction& tx, std::int64_t program_id,
                                                    std::optional<TimeMs> before_ms) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT id FROM rating_cycles WHERE program_id = $1 AND state = 'published' AND "
               "window_start_ms < $2 ORDER BY window_start_ms DESC LIMIT 1",
               {program_id, before_ms.value_or(std::numeric_limits<std::int64_t>::max())}));
  if (rows.empty()) return std::optional<Cycle>();
  FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, rows[0].integer(0)));
  return std::optional<Cycle>(std::move(cycle));
}

Result<CycleInputs> load_cycle_inputs(store::Transaction& tx, const Cycle& cycle,
                                      const RatingPolicy& policy) {
  CycleInputs in;
  FUWU_ASSIGN_OR_RETURN(
      auto providers,
      tx.query("SELECT organization_id, created_at FROM provider_profiles WHERE program_id = $1 "
               "AND status = 'active' ORDER BY organization_id",
               {cycle.program_id}));
  std::vector<std::int64_t> ids;
  ids.reserve(providers.size());
  std::unordered_map<std::int64_t, std::int64_t> admitted_at;
  admitted_at.reserve(providers.size());
  in.points.reserve(providers.size());
  for (const auto& row : providers) {
    ids.push_back(row.integer(0));
    admitted_at[row.integer(0)] = row.integer(1);
    in.points[row.integer(0)] = 0;
  }

  FUWU_ASSIGN_OR_RETURN(
      auto basic,
      tx.query("SELECT id, code FROM growth_tasks WHERE program_id = $1 AND kind = 'basic' AND "
               "active = 1 ORDER BY id",
               {cycle.program_id}));
  std::vector<std::string> basic_refs;
  for (const auto& row : basic) {
    in.basic_task_ids.push_back(row.integer(0));
    basic_refs.push_back("task:" + row.text(1));
  }
  std::unordered_map<std::int64_t, std::size_t> basic_done;  // provider → basic tasks done

  for (std::size_t start = 0; start < ids.size(); start += kProvidersPerChunk) {
    const std::int64_t first = ids[start];
    const std::int64_t last = ids[std::min(ids.size(), start + kProvidersPerChunk) - 1];
    FUWU_ASSIGN_OR_RETURN(
        auto sums,
        tx.query("SELECT provider_id, SUM(points) FROM points_ledger WHERE cycle_id = $1 AND "
                 "provider_id BETWEEN $2 AND $3 GROUP BY provider_id",
                 {cycle.id, first, last}));
    for (const auto& row : sums) {
      auto it = in.points.find(row.integer(0));
      if (it != in.points.end()) it->second = row.integer(1);
    }
    if (basic_refs.empty()) continue;
    store::Params params{cycle.id, first, last};
    for (const auto& ref : basic_refs) params.push_back(ref);
    FUWU_ASSIGN_OR_RETURN(
        auto done,
        tx.query("SELECT provider_id, source_ref FROM points_ledger WHERE cycle_id = $1 AND "
                 "provider_id BETWEEN $2 AND $3 AND source_ref IN (" +
                     store::parameter_list(4, basic_refs.size()) +
                     ") GROUP BY provider_id, source_ref HAVING SUM(points) > 0",
                 params));
    for (const auto& row : done) ++basic_done[row.integer(0)];
  }

  FUWU_ASSIGN_OR_RETURN(in.caps, tier_caps_in(tx, cycle.id));

  std::unordered_map<std::int64_t, std::pair<TierIndex, bool>> previous;
  FUWU_ASSIGN_OR_RETURN(auto last_cycle,
                        latest_published_cycle(tx, cycle.program_id, cycle.window_start_ms));
  if (last_cycle) {
    FUWU_ASSIGN_OR_RETURN(auto rows,
                          tx.query("SELECT provider_id, tier, at_risk FROM cycle_standings WHERE "
                                   "cycle_id = $1 AND tier <> ''",
                                   {last_cycle->id}));
    for (const auto& row : rows)
      if (auto t = policy.tier_index(row.text(1)))
        previous[row.integer(0)] = {*t, row.integer(2) != 0};
  }

  std::unordered_map<std::int64_t, std::int64_t> tie_breakers;
  FUWU_ASSIGN_OR_RETURN(auto metric_rows,
                        tx.query("SELECT provider_id, value FROM provider_metrics WHERE cycle_id "
                                 "= $1 AND metric = $2",
                                 {cycle.id, policy.tie_breaker_metric}));
  for (const auto& row : metric_rows) tie_breakers[row.integer(0)] = row.integer(1);

  in.candidates.reserve(ids.size());
  for (const std::int64_t id : ids) {
    if (basic_done[id] < basic_refs.size()) {
      in.unrated.push_back(id);
      continue;
    }
    TierCandidate c;
    c.provider_id = id;
    c.points = in.points[id];
    c.tie_breaker = tie_breakers.contains(id) ? tie_breakers[id] : 0;
    c.admitted_at_ms = admitted_at[id];
    if (auto it = previous.find(id); it != previous.end()) {
      c.previous_tier = it->second.first;
      c.previous_by_grace = it->second.second;
    }
    if (auto it = in.caps.find(id); it != in.caps.end())
      c.best_allowed = policy.tier_index(it->second);
    in.candidates.push_back(c);
  }
  return in;
}

std::vector<Standing> rank_cycle(const RatingPolicy& policy, const CycleInputs& inputs) {
  const TierPolicy tiers = policy.tier_policy();
  const auto placements = allocate_tiers(tiers, inputs.candidates);
  std::vector<Standing> out;
  out.reserve(placements.size() + inputs.unrated.size());
  for (const auto& p : placements) {
    Standing s;
    s.provider_id = p.provider_id;
    s.points = inputs.points.at(p.provider_id);
    s.stars = p.stars;
    s.rank = p.rank;
    if (p.tier) s.tier = tiers.tiers[static_cast<std::size_t>(*p.tier)].name;
    s.at_risk = p.at_risk;
    if (auto it = inputs.caps.find(p.provider_id); it != inputs.caps.end()) s.tier_cap = it->second;
    for (const auto& [tier, position] : p.waitlisted())
      s.waitlist.emplace_back(tiers.tiers[static_cast<std::size_t>(tier)].name, position);
    out.push_back(std::move(s));
  }
  for (const std::int64_t id : inputs.unrated) {
    Standing s;
    s.provider_id = id;
    s.points = inputs.points.at(id);
    s.stars = stars_for(tiers, s.points);
    s.rated = false;
    if (auto it = inputs.caps.find(id); it != inputs.caps.end()) s.tier_cap = it->second;
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<Standing>> stored_standings(store::Transaction& tx, std::int64_t cycle_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query(std::string("SELECT ") + kStandingColumns +
                                     " FROM cycle_standings WHERE cycle_id = $1 ORDER BY rated "
                                     "DESC, rank, provider_id",
                                 {cycle_id}));
  std::vector<Standing> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(standing_from_row(row));
  return out;
}

Result<std::optional<Standing>> stored_standing(store::Transaction& tx, std::int64_t cycle_id,
                                                std::int64_t provider_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kStandingColumns +
                                                " FROM cycle_standings WHERE cycle_id = $1 AND "
                                                "provider_id = $2",
                                            {cycle_id, provider_id}));
  if (rows.empty()) return std::optional<Standing>();
  return std::optional<Standing>(standing_from_row(rows[0]));
}

Status store_standings(store::Transaction& tx, std::int64_t cycle_id,
                       const std::vector<Standing>& standings) {
  FUWU_TRY(tx.exec("DELETE FROM cycle_standings WHERE cycle_id = $1", {cycle_id}).status());
  for (std::size_t start = 0; start < standings.size(); start += kRowsPerInsert) {
    const std::size_t count = std::min(kRowsPerInsert, standings.size() - start);
    std::string sql =
        "INSERT INTO cycle_standings (cycle_id, provider_id, points, stars, rank, rated, tier, "
        "at_risk, tier_cap, waitlist, overridden) VALUES ";
    store::Params params;
    params.reserve(count * 11);
    for (std::size_t i = 0; i < count; ++i) {
      const Standing& s = standings[start + i];
      sql += (i ? ", (" : "(") + store::parameter_list(i * 11 + 1, 11) + ")";
      params.insert(params.end(), {cycle_id, s.provider_id, s.points, std::int64_t{s.stars}, s.rank,
                                   std::int64_t{s.rated ? 1 : 0}, s.tier.value_or(""),
                                   std::int64_t{s.at_risk ? 1 : 0}, s.tier_cap,
                                   waitlist_text(s.waitlist), std::int64_t{s.overridden ? 1 : 0}});
    }
    FUWU_TRY(tx.exec(sql, params).status());
  }
  return Status::ok();
}

}  // namespace fuwu::rating
