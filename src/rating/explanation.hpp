// Explanations: for any provider and cycle, every point's origin, each threshold met or not, the
// rank and quota position, and exactly what is needed for the next star and tier. The what-if
// asks the same with extra task completions added. `explain_standing` is a pure function.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rating/publication.hpp"
#include "rating/tasks.hpp"

namespace fuwu::rating {

struct TierExplanation {
  std::string name;
  int star_floor = 0;
  bool floor_met = false;
  std::optional<std::int64_t> quota;
  std::int64_t seated = 0;
  bool eligible = false;  // floor met (or grace) and not capped
  bool capped = false;    // a violation caps the provider below this tier
  bool at_risk = false;   // eligible by grace only
  bool seat = false;      // holds this tier
  std::optional<std::int64_t> waitlist_position;
  std::optional<std::int64_t> lowest_seated_points;  // of those seated by rank (not overridden)
};

struct NextStep {
  std::string tier;  // for a tier step; "" for a star step
  int stars = 0;     // for a star step
  std::int64_t points_needed = 0;
  std::string reason_zh;
  std::string reason_en;
};

struct StarThreshold {
  int stars = 0;
  std::int64_t points = 0;
  bool met = false;
};

struct BasicTaskDone {
  std::int64_t task_id = 0;
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool done = false;
};

struct WhatIfAddition {
  std::int64_t task_id = 0;
  std::int64_t count = 0;  // completions applied (after the cap)
  std::int64_t points = 0;
};

struct Explanation {
  Cycle cycle;
  std::int64_t provider_id = 0;
  std::string provider_name;
  bool provisional = false;
  Balance balance;
  std::vector<LedgerEntry> entries;
  std::vector<BasicTaskDone> basic_tasks;
  Standing standing;
  std::int64_t ranked = 0;  // providers rated in the cycle
  std::vector<StarThreshold> star_thresholds;
  std::vector<TierExplanation> tiers;
  std::optional<NextStep> next_star;
  std::optional<NextStep> next_tier;
  std::vector<WhatIfAddition> added;  // what-if only
};

// Fills stars, tiers and next steps of `out` from the provider's standing and everyone's.
void explain_standing(const RatingPolicy& policy, const std::vector<Standing>& standings,
                      const Standing& standing, Explanation& out);

struct WhatIfCompletion {
  std::int64_t task_id = 0;
  std::int64_t count = 0;
};

struct GrowthCycle {
  std::int64_t cycle_id = 0;
  std::string code;
  CycleState state = CycleState::open;
  std::int64_t points = 0;
  std::map<std::string, std::int64_t> by_source;
  int stars = 0;
  std::optional<std::string> tier;  // stored standings only
  bool at_risk = false;
};

// A provider's points, stars and tiers over the cycles of its program, oldest first.
struct Growth {
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::int64_t program_id = 0;
  std::optional<std::int64_t> open_cycle_id;
  std::vector<GrowthCycle> history;
};

class ExplanationService {
 public:
  explicit ExplanationService(store::Database& db) : db_(db) {}

  Result<Explanation> explain(std::int64_t cycle_id, std::int64_t provider_id);
  Result<Explanation> what_if(std::int64_t cycle_id, std::int64_t provider_id,
                              const std::vector<WhatIfCompletion>& completions);
  Result<Growth> growth(std::int64_t provider_id);

 private:
  store::Database& db_;
};

}  // namespace fuwu::rating
