// Tier allocation for 1,000,000 synthetic providers (the growth issue's goal: at most 100 ms on
// one core), next to a plain std::sort of the same scores in the same run: the allocation is a
// sort plus one pass, so the ratio shows what the tie-breakers, grace and quotas cost.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "rating/tier_allocation.hpp"

namespace {

std::vector<fuwu::rating::TierCandidate> population(std::size_t n) {
  std::mt19937_64 random(42);
  std::vector<fuwu::rating::TierCandidate> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& c = out[i];
    c.provider_id = static_cast<std::int64_t>(i + 1);
    c.points = static_cast<std::int64_t>(random() % 2500);
    c.tie_breaker = static_cast<std::int64_t>(random() % 10'000);
    c.admitted_at_ms = 1'600'000'000'000 + static_cast<std::int64_t>(random() % 100'000'000);
    if (random() % 20 == 0) c.previous_tier = static_cast<int>(random() % 3);
    if (random() % 100 == 0) c.best_allowed = 1;
  }
  std::shuffle(out.begin(), out.end(), random);
  return out;
}

void BM_AllocateTiers(benchmark::State& state) {
  const auto candidates = population(static_cast<std::size_t>(state.range(0)));
  const auto policy = fuwu::rating::default_tier_policy();
  for (auto _ : state) {
    auto placements = fuwu::rating::allocate_tiers(policy, candidates);
    benchmark::DoNotOptimize(placements.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AllocateTiers)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// Baseline: sort the same points, nothing else.
void BM_StdSortOfScores(benchmark::State& state) {
  const auto candidates = population(static_cast<std::size_t>(state.range(0)));
  std::vector<std::int64_t> scores;
  scores.reserve(candidates.size());
  for (const auto& c : candidates) scores.push_back(c.points);
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = scores;
    state.ResumeTiming();
    std::sort(copy.begin(), copy.end(), std::greater<>());
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StdSortOfScores)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
