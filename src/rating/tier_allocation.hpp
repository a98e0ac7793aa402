// Tier allocation (牌级): who is Diamond, Gold or Silver this cycle. A pure function over plain
// values — no database, no clock — so it can be tested exhaustively and explained exactly.
//
// The published rules (docs/decisions/0003-tier-allocation.md):
//  1. Stars come from the cycle's points by thresholds; a tier needs a star floor.
//  2. Providers are ranked by points (more first), then the tie-breaker score (more first), then
//     the earlier admission, then the smaller provider id. This order is total, so the result
//     never depends on the order of the input.
//  3. Tiers are filled best first. A tier with a quota takes its best-ranked eligible providers up
//     to the quota; the other eligible ones are on that tier's waitlist, in rank order, and compete
//     for the next tier down. A tier without a quota takes everyone eligible. There is no tier
//     below the last one.
//  4. Grace: a provider that held a tier last cycle (not itself by grace) and no longer reaches its
//     star floor is treated as eligible for that tier for this one cycle, marked at risk. Grace
//     never creates a seat: a provider on grace still competes by rank within the quota, so quotas
//     are never exceeded.
//  5. A violation cap (e.g. "no Diamond this cycle") removes eligibility for tiers above the cap,
//     grace included.
// More points never lower a provider's tier when nothing else changes (tested as a property).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fuwu::rating {

using TierIndex = int;  // 0 = the best tier

struct TierRule {
  std::string name;                   // "diamond", "gold", "silver"
  int star_floor = 0;                 // stars needed to be eligible
  std::optional<std::int64_t> quota;  // seats; none = unlimited
};

struct TierPolicy {
  std::vector<std::int64_t> star_thresholds;  // ascending points for 1★, 2★, …
  std::vector<TierRule> tiers;                // best first
};

// The defaults of the growth issue: Diamond at most 6, Gold at most 12, Silver unlimited.
TierPolicy default_tier_policy();

struct TierCandidate {
  std::int64_t provider_id = 0;
  std::int64_t points = 0;
  std::int64_t tie_breaker = 0;     // e.g. satisfaction in basis points; more ranks higher
  std::int64_t admitted_at_ms = 0;  // earlier ranks higher
  std::optional<TierIndex> previous_tier;
  bool previous_by_grace = false;
  std::optional<TierIndex> best_allowed;  // violation cap: no tier better than this
};

inline constexpr int kTiersMax = 4;

struct TierPlacement {
  std::int64_t provider_id = 0;
  int stars = 0;
  std::uint32_t rank = 0;  // 1-based in the ranking order
  std::optional<TierIndex> tier;
  bool at_risk = false;  // holds `tier` by grace only
  // For each tier better than `tier` this provider was eligible for but had no seat in, its
  // 1-based waitlist position there; 0 where it was not waitlisted. Fixed size: no allocation
  // per provider.
  std::array<std::uint32_t, kTiersMax> waitlist_position{};
  // (tier, position) pairs of the waitlists this provider is on, best tier first.
  std::vector<std::pair<TierIndex, std::int64_t>> waitlisted() const;
};

// One placement per candidate, in ranking order. REQUIRES: provider ids are distinct; at most
// kTiersMax tiers; tier indices in candidates are within the policy.
std::vector<TierPlacement> allocate_tiers(const TierPolicy& policy,
                                          const std::vector<TierCandidate>& candidates);

int stars_for(const TierPolicy& policy, std::int64_t points);

}  // namespace fuwu::rating
