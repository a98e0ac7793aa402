#include "http/rate_limiter.hpp"

namespace fuwu::http {

Status RateLimiter::hit(const RateLimit& limit, const std::string& who) {
  const TimeMs now = clock_.now_ms();
  const TimeMs window_start = now - now % limit.window_ms;
  const std::string bucket = limit.name + ":" + who;
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("SELECT window_start, hits FROM rate_limits WHERE bucket = $1", {bucket}));
    std::int64_t hits = 0;
    if (!rows.empty() && rows[0].integer(0) == window_start) hits = rows[0].integer(1);
    if (hits >= limit.hits_max) {
      const auto seconds = (window_start + limit.window_ms - now + 999) / 1000;
      return Status(ErrorCode::too_many_requests,
                    "too many requests from your address; try again in " + std::to_string(seconds) +
                        " s")
          .with_problem_code("rate_limited");
    }
    FUWU_TRY(
        tx.exec("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) ON "
                "CONFLICT (bucket) DO "
                "UPDATE SET window_start = excluded.window_start, hits = CASE WHEN "
                "rate_limits.window_start = "
                "excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END",
                {bucket, window_start}));
    // Old windows are swept as new hits arrive, so the table stays small without a job.
    return tx
        .exec("DELETE FROM rate_limits WHERE window_start < $1", {window_start - limit.window_ms})
        .status();
  });
}

}  // namespace fuwu::http
