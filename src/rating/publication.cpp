#include "rating/publication.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "rating/capabilities.hpp"

namespace fuwu::rating {
namespace {

namespace json = boost::json;

constexpr const char* kOverrideColumns =
    "v.id, v.cycle_id, v.provider_id, o.name, v.from_tier, v.to_tier, v.reason, v.state, "
    "v.proposed_by, v.proposed_at, v.decided_by, v.decided_at, v.decision_note";
constexpr const char* kOverrideFrom =
    " FROM tier_overrides v JOIN organizations o ON o.id = v.provider_id";

Override override_from_row(const store::Row& row) {
  Override v;
  v.id = row.integer(0);
  v.cycle_id = row.integer(1);
  v.provider_id = row.integer(2);
  v.provider_name = row.text(3);
  if (!row.text(4).empty()) v.from_tier = row.text(4);
  if (!row.text(5).empty()) v.to_tier = row.text(5);
  v.reason = row.text(6);
  v.state = row.text(7);
  v.proposed_by = row.integer(8);
  v.proposed_at = row.integer(9);
  v.decided_by = row.optional_integer(10);
  v.decided_at = row.optional_integer(11);
  v.decision_note = row.text(12);
  return v;
}

std::string override_json(const Override& v) {
  return json::serialize(json::object{{"cycle_id", v.cycle_id},
                                      {"provider_id", v.provider_id},
                                      {"from_tier", v.from_tier.value_or("")},
                                      {"to_tier", v.to_tier.value_or("")},
                                      {"reason", v.reason},
                                      {"state", v.state},
                                      {"decision_note", v.decision_note}});
}

Result<Override> find_override(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kOverrideColumns +
                                                kOverrideFrom + " WHERE v.id = $1",
                                            {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such override");
  return override_from_row(rows[0]);
}

Status void_overrides(store::Transaction& tx, std::int64_t cycle_id, TimeMs now,
                      const std::string& why) {
  return tx
      .exec(
          "UPDATE tier_overrides SET state = 'void', decided_at = $1, decision_note = $2 WHERE "
          "cycle_id = $3 AND state IN ('proposed', 'approved')",
          {now, why, cycle_id})
      .status();
}

// A digest of the standings, recorded in the audit log so a stored result can be checked later.
std::string standings_digest(const std::vector<Standing>& standings) {
  std::string text;
  text.reserve(standings.size() * 32);
  for (const auto& s : standings) {
    text += std::to_string(s.provider_id) + ' ' + std::to_string(s.points) + ' ' +
            std::to_string(s.rank) + ' ' + s.tier.value_or("-") + (s.at_risk ? " r" : "") + '\n';
  }
  return crypto::sha256_hex(text);
}

}  // namespace

Result<Cycle> PublicationService::set_state(store::Transaction& tx, const audit::Actor& actor,
                                            const Cycle& cycle, CycleState to) {
  return move_cycle(tx, audit_, actor, cycle.id, to, clock_.now_ms());
}

Result<ComputeSummary> PublicationService::compute(const audit::Actor& actor,
                                                   std::int64_t cycle_id) {
  // 1. Freeze the cycle's ledger: from here on no entry, metric or violation lands in it, so the
  //    inputs can be read without holding the writer.
  FUWU_ASSIGN_OR_RETURN(
      auto frozen, store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Cycle> {
        FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
        if (cycle.state == CycleState::published)
          return Status(ErrorCode::conflict, "cycle " + cycle.code + " is published and frozen")
              .with_problem_code("cycle_closed");
        return set_state(tx, actor, cycle, CycleState::computing);
      }));
  // 2. Read and allocate.
  FUWU_ASSIGN_OR_RETURN(
      auto computed,
      store::with_read_transaction(
          db_,
          [&](store::Transaction& tx) -> Result<std::pair<RatingPolicy, std::vector<Standing>>> {
            FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, frozen.program_id));
            FUWU_ASSIGN_OR_RETURN(auto inputs, load_cycle_inputs(tx, frozen, policy));
            return std::pair(std::move(policy), rank_cycle(policy, inputs));
          }));
  const auto& standings = computed.second;
  // 3. Store the standings and leaderboards; overrides of an earlier computation are void.
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<ComputeSummary> {
    FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
    if (cycle.state != CycleState::computing || cycle.version != frozen.version)
      return Status(ErrorCode::conflict, "the cycle changed while it was computed; compute again")
          .with_problem_code("write_conflict");
    FUWU_TRY(store_standings(tx, cycle_id, standings));
    FUWU_TRY(store_leaderboards(tx, cycle));
    FUWU_TRY(void_overrides(tx, cycle_id, clock_.now_ms(), "the standings were recomputed"));
    ComputeSummary summary;
    summary.cycle = cycle;
    for (const auto& name : kTierNames) summary.tiers[name] = 0;
    for (const auto& s : standings) {
      ++summary.providers;
      if (s.rated) ++summary.rated;
      if (s.tier) ++summary.tiers[*s.tier];
      if (!s.waitlist.empty()) ++summary.waitlisted;
      if (s.at_risk) ++summary.at_risk;
    }
    json::object tiers;
    for (const auto& [name, count] : summary.tiers) tiers[name] = count;
    FUWU_TRY(audit_.append(
        tx, actor,
        {"rating_cycle.standings", "rating_cycle", std::to_string(cycle_id), std::nullopt,
         std::nullopt,
         json::serialize(json::object{{"providers", summary.providers},
                                      {"rated", summary.rated},
                                      {"tiers", std::move(tiers)},
                                      {"waitlisted", summary.waitlisted},
                                      {"at_risk", summary.at_risk},
                                      {"policy_version", computed.first.version},
                                      {"standings_sha256", standings_digest(standings)}})}));
    return summary;
  });
}

Result<Cycle> PublicationService::reopen(const audit::Actor& actor, std::int64_t cycle_id) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Cycle> {
    FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
    FUWU_ASSIGN_OR_RETURN(auto moved, set_state(tx, actor, cycle, CycleState::open));
    FUWU_TRY(tx.exec("DELETE FROM cycle_standings WHERE cycle_id = $1", {cycle_id}).status());
    FUWU_TRY(tx.exec("DELETE FROM capability_rankings WHERE cycle_id = $1", {cycle_id}).status());
    FUWU_TRY(void_overrides(tx, cycle_id, clock_.now_ms(), "the cycle was reopened"));
    return moved;
  });
}

Result<Cycle> PublicationService::publish(const audit::Actor& actor, std::int64_t cycle_id) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Cycle> {
    FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
    FUWU_ASSIGN_OR_RETURN(auto pending,
                          tx.query("SELECT COUNT(*) FROM tier_overrides WHERE cycle_id = $1 AND "
                                   "state = 'proposed'",
                                   {cycle_id}));
    if (pending[0].integer(0) > 0)
      return Status(ErrorCode::conflict,
                    std::to_string(pending[0].integer(0)) +
                        " override(s) await a second operator; approve or reject them first")
          .with_problem_code("overrides_pending");
    return set_state(tx, actor, cycle, CycleState::published);
  });
}

Result<CycleStandings> PublicationService::standings(std::int64_t cycle_id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<CycleStandings> {
    CycleStandings out;
    FUWU_ASSIGN_OR_RETURN(out.cycle, find_cycle(tx, cycle_id));
    FUWU_ASSIGN_OR_RETURN(out.policy, load_policy(tx, out.cycle.program_id));
    if (out.cycle.state == CycleState::open) {
      FUWU_ASSIGN_OR_RETURN(auto inputs, load_cycle_inputs(tx, out.cycle, out.policy));
      out.standings = rank_cycle(out.policy, inputs);
      out.provisional = true;
    } else {
      FUWU_ASSIGN_OR_RETURN(out.standings, stored_standings(tx, cycle_id));
    }
    return out;
  });
}

Result<Override> PublicationService::propose_override(const audit::Actor& actor,
                                                      std::int64_t cycle_id,
                                                      std::int64_t provider_id,
                                                      std::optional<std::string> tier,
                                                      const std::string& reason) {
  const auto chars = utf8::count_code_points(reason).value_or(0);
  if (chars < 10 || chars > 2000)
    return Status(ErrorCode::invalid_argument, "an override needs a written reason",
                  {{"reason", "must be 10 to 2000 characters"}});
  if (tier && !is_tier_name(*tier))
    return Status(ErrorCode::invalid_argument, "no such tier",
                  {{"tier", "must be diamond, gold, silver or null"}});
  if (!actor.user_id) return Status(ErrorCode::forbidden, "an override is proposed by a person");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Override> {
    FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
    if (cycle.state != CycleState::computing)
      return Status(ErrorCode::conflict, "tiers can be overridden only while cycle " + cycle.code +
                                             " is computed and not yet published; it is " +
                                             cycle_state_name(cycle.state))
          .with_problem_code("illegal_transition");
    FUWU_ASSIGN_OR_RETURN(auto standing, stored_standing(tx, cycle_id, provider_id));
    if (!standing)
      return Status(ErrorCode::invalid_argument, "the provider has no standing in this cycle",
                    {{"provider_id", "not a provider of this cycle"}});
    if (standing->tier == tier)
      return Status(ErrorCode::conflict, "the provider already holds that tier")
          .with_problem_code("conflict");
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("INSERT INTO tier_overrides (cycle_id, provider_id, from_tier, to_tier, reason, "
                 "state, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7) "
                 "RETURNING id",
                 {cycle_id, provider_id, standing->tier.value_or(""), tier.value_or(""), reason,
                  *actor.user_id, clock_.now_ms()}));
    FUWU_ASSIGN_OR_RETURN(auto created, find_override(tx, rows[0].integer(0)));
    FUWU_TRY(audit_.append(tx, actor,
                           {"tier_override.propose", "tier_override", std::to_string(created.id),
                            provider_id, std::nullopt, override_json(created)}));
    return created;
  });
}

Result<Override> PublicationService::decide_override(const audit::Actor& actor, std::int64_t id,
                                                     bool approve, const std::string& note) {
  if (!actor.user_id) return Status(ErrorCode::forbidden, "an override is decided by a person");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Override> {
    FUWU_ASSIGN_OR_RETURN(auto found, find_override(tx, id));
    if (found.state != "proposed")
      return Status(ErrorCode::conflict, "the override is already " + found.state)
          .with_problem_code("illegal_transition");
    if (found.proposed_by == *actor.user_id)
      return Status(ErrorCode::conflict,
                    "the operator who proposed an override cannot decide it; a second operator "
                    "must")
          .with_problem_code("second_approver_required");
    if (approve) {
      FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, found.cycle_id));
      if (cycle.state != CycleState::computing)
        return Status(ErrorCode::conflict, "cycle " + cycle.code + " is no longer computing")
            .with_problem_code("illegal_transition");
      FUWU_ASSIGN_OR_RETURN(auto standing, stored_standing(tx, found.cycle_id, found.provider_id));
      if (!standing || standing->tier != found.from_tier)
        return Status(ErrorCode::conflict,
                      "the provider's tier changed since the override was proposed")
            .with_problem_code("write_conflict");
      if (found.to_tier) {
        FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, cycle.program_id));
        const auto index = policy.tier_index(*found.to_tier);
        const auto& quota = policy.tiers[static_cast<std::size_t>(*index)].quota;
        FUWU_ASSIGN_OR_RETURN(
            auto seated,
            tx.query("SELECT COUNT(*) FROM cycle_standings WHERE cycle_id = $1 AND tier = $2",
                     {found.cycle_id, *found.to_tier}));
        if (quota && seated[0].integer(0) >= *quota)
          return Status(ErrorCode::conflict, "the " + *found.to_tier + " quota (" +
                                                 std::to_string(*quota) +
                                                 ") is full; demote a provider first")
              .with_problem_code("quota_full");
      }
      FUWU_TRY(tx.exec("UPDATE cycle_standings SET tier = $1, at_risk = 0, overridden = 1 WHERE "
                       "cycle_id = $2 AND provider_id = $3",
                       {found.to_tier.value_or(""), found.cycle_id, found.provider_id})
                   .status());
    }
    FUWU_TRY(tx.exec("UPDATE tier_overrides SET state = $1, decided_by = $2, decided_at = $3, "
                     "decision_note = $4 WHERE id = $5",
                     {std::string(approve ? "approved" : "rejected"), *actor.user_id,
                      clock_.now_ms(), note, id})
                 .status());
    FUWU_ASSIGN_OR_RETURN(auto updated, find_override(tx, id));
    FUWU_TRY(audit_.append(
        tx, actor,
        {approve ? "tier_override.approve" : "tier_override.reject", "tier_override",
         std::to_string(id), found.provider_id, override_json(found), override_json(updated)}));
    return updated;
  });
}

Result<std::vector<Override>> PublicationService::overrides(std::int64_t cycle_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Override>> {
        FUWU_TRY(find_cycle(tx, cycle_id).status());
        FUWU_ASSIGN_OR_RETURN(auto rows,
                              tx.query(std::string("SELECT ") + kOverrideColumns + kOverrideFrom +
                                           " WHERE v.cycle_id = $1 ORDER BY v.id",
                                       {cycle_id}));
        std::vector<Override> out;
        for (const auto& row : rows) out.push_back(override_from_row(row));
        return out;
      });
}

}  // namespace fuwu::rating
