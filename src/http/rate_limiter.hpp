// Fixed-window rate limits for public endpoints (starting an application, signing in), counted in
// the database so that all instances share them. A refused hit answers 429 rate_limited and
// changes nothing else.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::http {

struct RateLimit {
  std::string name;  // "admission.start"
  std::int64_t hits_max = 0;
  TimeMs window_ms = 0;
};

class RateLimiter {
 public:
  RateLimiter(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Counts one hit of `who` (e.g. the client address) against `limit`.
  Status hit(const RateLimit& limit, const std::string& who);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace fuwu::http
