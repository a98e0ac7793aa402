// Standings: where every provider of a program stands in a cycle — points, stars, rank, tier,
// grace, waitlists. Computed from the ledger and the policy through the pure tier allocation,
// stored when a cycle is computed, and frozen once it is published.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rating/ledger.hpp"
#include "rating/policy.hpp"

namespace fuwu::rating {

struct Standing {
  std::int64_t provider_id = 0;
  std::int64_t points = 0;
  int stars = 0;
  std::int64_t rank = 0;  // 1-based among rated providers; 0 when not rated
  bool rated = true;      // false: a basic task is missing
  std::optional<std::string> tier;
  bool at_risk = false;  // holds `tier` by grace only
  bool overridden = false;
  std::string tier_cap;  // "" or the best tier a violation allows
  std::vector<std::pair<std::string, std::int64_t>> waitlist;  // (tier, 1-based position)
};

// Everything the allocation of a cycle depends on.
struct CycleInputs {
  std::vector<TierCandidate> candidates;                  // rated providers
  std::vector<std::int64_t> unrated;                      // providers missing a basic task
  std::unordered_map<std::int64_t, std::int64_t> points;  // every provider of the program
  std::map<std::int64_t, std::string> caps;               // provider → tier cap
  std::vector<std::int64_t> basic_task_ids;
};

// Reads the inputs of a cycle: the program's active providers, their points (summed per provider
// in chunks), basic task completion, violation caps, last published cycle's tiers (for grace),
// the tie-breaker metric and admission times.
Result<CycleInputs> load_cycle_inputs(store::Transaction& tx, const Cycle& cycle,
                                      const RatingPolicy& policy);

// The standings for the inputs: rated providers in ranking order, then the unrated ones.
std::vector<Standing> rank_cycle(const RatingPolicy& policy, const CycleInputs& inputs);

Result<std::vector<Standing>> stored_standings(store::Transaction& tx, std::int64_t cycle_id);
Result<std::optional<Standing>> stored_standing(store::Transaction& tx, std::int64_t cycle_id,
                                                std::int64_t provider_id);
// Replaces the stored standings of a cycle.
Status store_standings(store::Transaction& tx, std::int64_t cycle_id,
                       const std::vector<Standing>& standings);

// The program's latest published cycle that started before `before_ms` (any when absent).
Result<std::optional<Cycle>> latest_published_cycle(store::Transaction& tx, std::int64_t program_id,
                                                    std::optional<TimeMs> before_ms);

}  // namespace fuwu::rating
