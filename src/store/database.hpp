// Database: the one storage interface of fuwu, with a SQLite and a PostgreSQL adapter.
//
// SQL is written once with `$1, $2…` parameter markers (the SQLite adapter rewrites them). Every
// statement runs inside a Transaction obtained from Database::begin; a Transaction that is
// destroyed without commit() rolls back. Native errors are mapped onto the same ErrorCode on
// both backends: unique_violation, foreign_key_violation, serialization_failure, timeout,
// unavailable.
//
// Thread-safety: Database is thread-safe; a Transaction belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace fuwu::store {

enum class Dialect { sqlite, postgres };

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value null_value() {
  return std::monostate{};
}
template <typename T>
Value optional_value(const std::optional<T>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const {
    return std::holds_alternative<std::monostate>(values_.at(i));
  }
  // REQUIRES: the column holds an integer (or NULL, which reads as 0).
  std::int64_t integer(std::size_t i) const;
  double real(std::size_t i) const;
  // NULL reads as the empty string.
  const std::string& text(std::size_t i) const;
  std::optional<std::string> optional_text(std::size_t i) const;
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  const Row& operator[](std::size_t i) const { return rows.at(i); }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  // Serializes this transaction against every other holding the same named lock, until commit
  // or rollback (PostgreSQL: pg_advisory_xact_lock; SQLite: already exclusive, a no-op).
  virtual Status lock(std::string_view name) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;
  virtual Status commit() = 0;
  virtual Dialect dialect() const = 0;
};

enum class TxMode { read, write };

struct PoolStats {
  int size = 0;
  int in_use = 0;
  std::int64_t waits = 0;  // acquisitions that had to wait for a free connection
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Result<std::unique_ptr<Transaction>> begin(TxMode mode) = 0;
  virtual Dialect dialect() const = 0;
  virtual PoolStats pool_stats() const = 0;
  // Cheap round trip used by /readyz.
  virtual Status ping() = 0;
};

struct DatabaseOptions {
  std::string url;  // a SQLite file path, or postgresql://…
  int pool_size = 8;
  std::int64_t statement_timeout_ms = 5000;
  std::int64_t busy_timeout_ms = 5000;
  std::int64_t acquire_timeout_ms = 5000;
};

// Opens the adapter the URL names. Does not run migrations.
Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& options);

bool is_postgres_url(std::string_view url);

// "$first, $first+1, …": the parameters of an IN (…) list of `count` values.
std::string parameter_list(std::size_t first, std::size_t count);

// Runs `work` in a write transaction and commits it; retries serialization failures a bounded
// number of times. `work` returns Status or Result<T>.
template <typename Work>
auto with_write_transaction(Database& db, Work&& work)
    -> decltype(work(std::declval<Transaction&>())) {
  constexpr int kAttemptsMax = 5;
  for (int attempt = 1;; ++attempt) {
    auto tx = db.begin(TxMode::write);
    if (!tx) return tx.status();
    auto result = work(**tx);
    if (result.is_ok()) {
      Status committed = (*tx)->commit();
      if (committed.is_ok()) return result;
      if (committed.code() != ErrorCode::serialization_failure || attempt == kAttemptsMax)
        return committed;
      continue;
    }
    if (result.status().code() != ErrorCode::serialization_failure || attempt == kAttemptsMax)
      return result;
  }
}

template <typename Work>
auto with_read_transaction(Database& db, Work&& work)
    -> decltype(work(std::declval<Transaction&>())) {
  auto tx = db.begin(TxMode::read);
  if (!tx) return tx.status();
  return work(**tx);
}

}  // namespace fuwu::store
