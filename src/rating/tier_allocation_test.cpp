#include "rating/tier_allocation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

namespace fuwu::rating {
namespace {

constexpr TierIndex kDiamond = 0, kGold = 1, kSilver = 2;

TierCandidate candidate(std::int64_t id, std::int64_t points) {
  TierCandidate c;
  c.provider_id = id;
  c.points = points;
  c.admitted_at_ms = 1000 + id;
  return c;
}

std::map<std::int64_t, TierPlacement> by_provider(const std::vector<TierPlacement>& placements) {
  std::map<std::int64_t, TierPlacement> out;
  for (const auto& p : placements) out[p.provider_id] = p;
  return out;
}

TEST(TierAllocation, QuotasFillBestFirstWithAVisibleWaitlist) {
  std::vector<TierCandidate> candidates;
  for (int i = 1; i <= 10; ++i) candidates.push_back(candidate(i, 2000 - i));  // all 5★
  auto result = by_provider(allocate_tiers(default_tier_policy(), candidates));
  for (int i = 1; i <= 6; ++i) EXPECT_EQ(result[i].tier, kDiamond) << i;
  for (int i = 7; i <= 10; ++i) {
    EXPECT_EQ(result[i].tier, kGold) << i;
    ASSERT_EQ(result[i].waitlisted().size(), 1u);
    EXPECT_EQ(result[i].waitlisted()[0], std::make_pair(kDiamond, std::int64_t{i - 6}));
  }
}

TEST(TierAllocation, StarFloorsAndNoBronze) {
  auto result =
      by_provider(allocate_tiers(default_tier_policy(), {candidate(1, 1500), candidate(2, 1000),
                                                         candidate(3, 300), candidate(4, 99)}));
  EXPECT_EQ(result[1].stars, 5);
  EXPECT_EQ(result[1].tier, kDiamond);
  EXPECT_EQ(result[2].tier, kGold);          // 4★
  EXPECT_EQ(result[3].tier, kSilver);        // 2★
  EXPECT_FALSE(result[4].tier.has_value());  // 0★: no tier at all
}

TEST(TierAllocation, TiesBreakByScoreThenAdmissionThenId) {
  TierPolicy one_seat = default_tier_policy();
  one_seat.tiers[0].quota = 1;
  auto a = candidate(1, 1600), b = candidate(2, 1600), c = candidate(3, 1600);
  a.tie_breaker = 10;
  b.tie_breaker = 20;
  c.tie_breaker = 20;
  c.admitted_at_ms = 1;  // admitted before b
  auto result = allocate_tiers(one_seat, {a, b, c});
  EXPECT_EQ(result[0].provider_id, 3);
  EXPECT_EQ(result[0].tier, kDiamond);
  EXPECT_EQ(result[1].provider_id, 2);
  EXPECT_EQ(result[2].provider_id, 1);
}

TEST(TierAllocation, GraceKeepsAFallingTierForOneCycleWithinTheQuota) {
  auto falling = candidate(1, 700);  // 3★: below Diamond's floor and Gold's
  falling.previous_tier = kDiamond;
  auto result = by_provider(allocate_tiers(default_tier_policy(), {falling}));
  EXPECT_EQ(result[1].tier, kDiamond);
  EXPECT_TRUE(result[1].at_risk);

  // A second cycle of grace is not given.
  falling.previous_by_grace = true;
  result = by_provider(allocate_tiers(default_tier_policy(), {falling}));
  EXPECT_EQ(result[1].tier, kSilver);
  EXPECT_FALSE(result[1].at_risk);

  // Grace never creates a seat: six qualified providers ranked higher fill Diamond.
  falling.previous_by_grace = false;
  std::vector<TierCandidate> crowd{falling};
  for (int i = 2; i <= 7; ++i) crowd.push_back(candidate(i, 1600));
  result = by_provider(allocate_tiers(default_tier_policy(), crowd));
  EXPECT_NE(result[1].tier, kDiamond);
  EXPECT_EQ(result[1].tier, kSilver);
  EXPECT_EQ(result[1].waitlisted().front(), std::make_pair(kDiamond, std::int64_t{1}));
}

TEST(TierAllocation, ViolationCapOverridesEverything) {
  auto capped = candidate(1, 5000);
  capped.best_allowed = kGold;
  capped.previous_tier = kDiamond;
  auto result = by_provider(allocate_tiers(default_tier_policy(), {capped}));
  EXPECT_EQ(result[1].tier, kGold);
  EXPECT_TRUE(result[1].waitlisted().empty());
}

// Properties over random populations.
struct Population {
  TierPolicy policy;
  std::vector<TierCandidate> candidates;
};

Population random_population(std::mt19937_64& random) {
  Population p;
  p.policy = default_tier_policy();
  p.policy.tiers[0].quota = static_cast<std::int64_t>(random() % 8);
  p.policy.tiers[1].quota = static_cast<std::int64_t>(random() % 15);
  const int n = static_cast<int>(random() % 60);
  for (int i = 0; i < n; ++i) {
    TierCandidate c = candidate(i + 1, static_cast<std::int64_t>(random() % 2200));
    c.tie_breaker = static_cast<std::int64_t>(random() % 4);
    c.admitted_at_ms = static_cast<std::int64_t>(random() % 5);
    if (random() % 3 == 0) c.previous_tier = static_cast<TierIndex>(random() % 3);
    c.previous_by_grace = random() % 5 == 0;
    if (random() % 10 == 0) c.best_allowed = static_cast<TierIndex>(1 + random() % 2);
    p.candidates.push_back(c);
  }
  return p;
}

TEST(TierAllocationProperties, QuotasAreNeverExceeded) {
  std::mt19937_64 random(1);
  for (int round = 0; round < 2000; ++round) {
    const auto p = random_population(random);
    std::map<TierIndex, std::int64_t> seats;
    for (const auto& placement : allocate_tiers(p.policy, p.candidates))
      if (placement.tier) ++seats[*placement.tier];
    for (TierIndex t = 0; t < 3; ++t) {
      if (p.policy.tiers[t].quota) {
        EXPECT_LE(seats[t], *p.policy.tiers[t].quota) << "round " << round;
      }
    }
  }
}

TEST(TierAllocationProperties, ResultDoesNotDependOnInputOrder) {
  std::mt19937_64 random(2);
  for (int round = 0; round < 1000; ++round) {
    auto p = random_population(random);
    const auto expected = allocate_tiers(p.policy, p.candidates);
    std::shuffle(p.candidates.begin(), p.candidates.end(), random);
    const auto shuffled = allocate_tiers(p.policy, p.candidates);
    ASSERT_EQ(expected.size(), shuffled.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(expected[i].provider_id, shuffled[i].provider_id);
      EXPECT_EQ(expected[i].tier, shuffled[i].tier);
      EXPECT_EQ(expected[i].waitlist_position, shuffled[i].waitlist_position);
    }
  }
}

TEST(TierAllocationProperties, MorePointsNeverLowerATier) {
  std::mt19937_64 random(3);
  // A tier index that is smaller is better; no tier is worst of all.
  auto level = [](const std::optional<TierIndex>& t) { return t ? *t : 1000; };
  for (int round = 0; round < 2000; ++round) {
    auto p = random_population(random);
    if (p.candidates.empty()) continue;
    const auto before = by_provider(allocate_tiers(p.policy, p.candidates));
    const std::size_t who = random() % p.candidates.size();
    p.candidates[who].points += static_cast<std::int64_t>(1 + random() % 800);
    const auto after = by_provider(allocate_tiers(p.policy, p.candidates));
    const auto id = p.candidates[who].provider_id;
    EXPECT_LE(level(after.at(id).tier), level(before.at(id).tier)) << "round " << round;
  }
}

// A slow, obvious model of the published rules: fill each tier in turn, best first.
std::map<std::int64_t, std::optional<TierIndex>> reference_allocation(
    const TierPolicy& policy, std::vector<TierCandidate> candidates) {
  std::sort(candidates.begin(), candidates.end(),
            [](const TierCandidate& x, const TierCandidate& y) {
              return std::make_tuple(-x.points, -x.tie_breaker, x.admitted_at_ms, x.provider_id) <
                     std::make_tuple(-y.points, -y.tie_breaker, y.admitted_at_ms, y.provider_id);
            });
  std::map<std::int64_t, std::optional<TierIndex>> result;
  for (const auto& c : candidates) result[c.provider_id] = std::nullopt;
  for (TierIndex t = 0; t < static_cast<TierIndex>(policy.tiers.size()); ++t) {
    std::int64_t seats = 0;
    for (const auto& c : candidates) {
      if (result[c.provider_id]) continue;
      if (c.best_allowed && t < *c.best_allowed) continue;
      const bool floor = stars_for(policy, c.points) >= policy.tiers[t].star_floor;
      const bool grace = c.previous_tier && !c.previous_by_grace && *c.previous_tier == t;
      if (!floor && !grace) continue;
      if (policy.tiers[t].quota && seats >= *policy.tiers[t].quota) continue;
      ++seats;
      result[c.provider_id] = t;
    }
  }
  return result;
}

TEST(TierAllocationProperties, MatchesTheReferenceModelOnBothSortPaths) {
  std::mt19937_64 random(4);
  for (int round = 0; round < 1000; ++round) {
    auto p = random_population(random);
    // Every other round, one enormous score makes the point range too wide for counting.
    if (round % 2 == 1 && !p.candidates.empty()) p.candidates[0].points = 1'000'000'000'000'000;
    const auto expected = reference_allocation(p.policy, p.candidates);
    for (const auto& placement : allocate_tiers(p.policy, p.candidates))
      EXPECT_EQ(placement.tier, expected.at(placement.provider_id)) << "round " << round;
  }
}

}  // namespace
}  // namespace fuwu::rating
