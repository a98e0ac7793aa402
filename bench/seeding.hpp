// What the database benchmarks share: stop at the first failure with its message, and a series
// of numbers 1..n in the dialect's own SQL for set-based seeding.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/database.hpp"

namespace fuwu::bench {

template <typename T>
T check(Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.status().message().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

inline void check(const Status& s, const char* what) {
  if (!s.is_ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.message().c_str());
    std::exit(1);
  }
}

// "SELECT n FROM <series 1..count>" for the dialect.
inline std::string series(store::Dialect dialect, std::int64_t count) {
  if (dialect == store::Dialect::postgres)
    return "SELECT n FROM generate_series(1::bigint, " + std::to_string(count) + ") AS s(n)";
  return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " +
         std::to_string(count) + ") SELECT n FROM s";
}

}  // namespace fuwu::bench
