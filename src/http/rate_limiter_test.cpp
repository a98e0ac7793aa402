#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::http {
namespace {

using fuwu::testing::BackendTest;

class RateLimiterTest : public BackendTest {};

TEST_P(RateLimiterTest, RefusesPastTheLimitUntilTheWindowTurns) {
  ManualClock clock(1'700'000'000'000);
  RateLimiter limiter(db(), clock);
  const RateLimit limit{"test", 3, 60'000};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.hit(limit, "10.0.0.1").is_ok());
  const Status refused = limiter.hit(limit, "10.0.0.1");
  EXPECT_EQ(refused.problem_code(), "rate_limited");
  EXPECT_TRUE(limiter.hit(limit, "10.0.0.2").is_ok());  // another address has its own count
  clock.advance_ms(60'000);
  EXPECT_TRUE(limiter.hit(limit, "10.0.0.1").is_ok());
}

FUWU_ON_BOTH_BACKENDS(RateLimiterTest);

}  // namespace
}  // namespace fuwu::http
