#include "store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/crypto.hpp"

namespace fuwu::store {
namespace {

// Type oids from pg_type.h (server headers are not needed for these few).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kTextOid = 25;

Status map_sqlstate(const char* sqlstate, std::string message) {
  const std::string_view state = sqlstate ? sqlstate : "";
  if (state == "23505") return {ErrorCode::unique_violation, std::move(message)};
  if (state == "23503") return {ErrorCode::foreign_key_violation, std::move(message)};
  if (state == "40001" || state == "40P01")
    return {ErrorCode::serialization_failure, std::move(message)};
  if (state == "57014" || state == "55P03") return {ErrorCode::timeout, std::move(message)};
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03")
    return {ErrorCode::unavailable, std::move(message)};
  if (state.starts_with("22") || state.starts_with("23"))
    return {ErrorCode::invalid_argument, std::move(message)};
  return {ErrorCode::internal, std::move(message)};
}

Status status_from_result(PGconn* conn, PGresult* result, std::string_view context) {
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message =
      std::string(context) + ": " + (result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (!sqlstate && PQstatus(conn) != CONNECTION_OK) return {ErrorCode::unavailable, message};
  return map_sqlstate(sqlstate, std::move(message));
}

struct ResultHolder {
  PGresult* result;
  ~ResultHolder() { PQclear(result); }
};

class Connection {
 public:
  Connection(std::string url, std::int64_t statement_timeout_ms)
      : url_(std::move(url)), statement_timeout_ms_(statement_timeout_ms) {}
  ~Connection() {
    if (conn_) PQfinish(conn_);
  }

  // Connects, or reconnects if the connection broke.
  Status ensure_connected() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) return Status::ok();
    if (conn_) PQfinish(conn_);
    statements_.clear();
    conn_ = PQconnectdb(url_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      return {ErrorCode::unavailable, "cannot connect to PostgreSQL: " + message};
    }
    const std::string setup = "SET statement_timeout = " + std::to_string(statement_timeout_ms_) +
                              "; SET lock_timeout = " + std::to_string(statement_timeout_ms_) +
                              "; SET client_min_messages = warning; SET TIME ZONE 'UTC'";
    return exec_simple(setup);
  }

  Status exec_simple(const std::string& sql) {
    ResultHolder r{PQexec(conn_, sql.c_str())};
    const auto status = PQresultStatus(r.result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return status_from_result(conn_, r.result, "statement");
    return Status::ok();
  }

  Result<std::int64_t> run(std::string_view sql, const Params& params, Rows* rows) {
    FUWU_ASSIGN_OR_RETURN(std::string name, prepare(sql, params));
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (auto p = std::get_if<std::int64_t>(&v))
        text[i] = std::to_string(*p);
      else if (auto d = std::get_if<double>(&v))
        text[i] = std::to_string(*d);
      else
        text[i] = std::get<std::string>(v);
      values[i] = text[i].c_str();
    }
    ResultHolder r{PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                  values.data(), nullptr, nullptr, 0)};
    const auto status = PQresultStatus(r.result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Status s = status_from_result(conn_, r.result, "statement");
      // A failed prepared statement may have been invalidated (e.g. schema change): forget it.
      if (s.code() == ErrorCode::internal) statements_.erase(std::string(sql));
      return s;
    }
    if (rows && status == PGRES_TUPLES_OK) {
      const int fields = PQnfields(r.result);
      if (rows->columns.empty())
        for (int c = 0; c < fields; ++c) rows->columns.emplace_back(PQfname(r.result, c));
      const int count = PQntuples(r.result);
      rows->rows.reserve(rows->rows.size() + count);
      for (int t = 0; t < count; ++t) {
        std::vector<Value> row;
        row.reserve(fields);
        for (int c = 0; c < fields; ++c) {
          if (PQgetisnull(r.result, t, c)) {
            row.emplace_back(std::monostate{});
            continue;
          }
          const char* raw = PQgetvalue(r.result, t, c);
          switch (PQftype(r.result, c)) {
            case kInt8Oid:
            case kInt4Oid:
            case kInt2Oid:
              row.emplace_back(std::int64_t{std::strtoll(raw, nullptr, 10)});
              break;
            case kBoolOid:
              row.emplace_back(std::int64_t{raw[0] == 't' ? 1 : 0});
              break;
            case kFloat4Oid:
            case kFloat8Oid:
              row.emplace_back(std::strtod(raw, nullptr));
              break;
            default:
              row.emplace_back(
                  std::string(raw, static_cast<std::size_t>(PQgetlength(r.result, t, c))));
          }
        }
        rows->rows.emplace_back(std::move(row));
      }
    }
    const char* affected = PQcmdTuples(r.result);
    return std::int64_t{affected && *affected ? std::strtoll(affected, nullptr, 10) : 0};
  }

  bool healthy() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

 private:
  Result<std::string> prepare(std::string_view sql, const Params& params) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    std::vector<Oid> types(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::int64_t>(params[i]))
        types[i] = kInt8Oid;
      else if (std::holds_alternative<double>(params[i]))
        types[i] = kFloat8Oid;
      else if (std::holds_alternative<std::string>(params[i]))
        types[i] = kTextOid;
    }
    std::string name = "fuwu_" + std::to_string(++statement_counter_);
    ResultHolder r{
        PQprepare(conn_, name.c_str(), key.c_str(), static_cast<int>(types.size()), types.data())};
    if (PQresultStatus(r.result) != PGRES_COMMAND_OK)
      return status_from_result(conn_, r.result, "prepare");
    // Statements whose parameter types were inferred from NULLs are not cached: a later call
    // may bind a value of another type.
    bool has_untyped = false;
    for (Oid t : types) has_untyped |= (t == 0);
    if (!has_untyped) statements_.emplace(std::move(key), name);
    return name;
  }

  std::string url_;
  std::int64_t statement_timeout_ms_;
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> statements_;
  std::int64_t statement_counter_ = 0;
};

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(Connection* connection, std::function<void()> release)
      : connection_(connection), release_(std::move(release)) {}
  ~PostgresTransaction() override {
    if (active_) (void)connection_->exec_simple("ROLLBACK");
    release_();
  }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    FUWU_TRY(connection_->run(sql, params, &rows));
    return rows;
  }
  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    return connection_->run(sql, params, nullptr);
  }
  Status lock(std::string_view name) override {
    // A stable 63-bit key from the lock's name.
    const std::string digest = crypto::sha256_hex(name).substr(0, 15);
    const std::int64_t key = std::stoll(digest, nullptr, 16);
    return connection_->run("SELECT pg_advisory_xact_lock($1)", {key}, nullptr).status();
  }
  Status exec_script(std::string_view sql) override {
    return connection_->exec_simple(std::string(sql));
  }
  Status commit() override {
    assert(active_);
    Status s = connection_->exec_simple("COMMIT");
    active_ = false;  // a failed COMMIT in PostgreSQL ends the transaction too
    return s;
  }
  Dialect dialect() const override { return Dialect::postgres; }

 private:
  Connection* connection_;
  std::function<void()> release_;
  bool active_ = true;  // constructed after BEGIN succeeded
};

const char* begin_statement(TxMode mode) {
  return mode == TxMode::write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                               : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(DatabaseOptions options) : options_(std::move(options)) {
    for (int i = 0; i < options_.pool_size; ++i) {
      connections_.push_back(
          std::make_unique<Connection>(options_.url, options_.statement_timeout_ms));
      free_.push_back(connections_.back().get());
    }
  }

  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    Connection* connection = nullptr;
    {
      std::unique_lock lock(mutex_);
      if (free_.empty()) {
        ++waits_;
        if (!available_.wait_for(lock, std::chrono::milliseconds(options_.acquire_timeout_ms),
                                 [&] { return !free_.empty(); }))
          return Status(ErrorCode::timeout, "timed out waiting for a database connection");
      }
      connection = free_.back();
      free_.pop_back();
    }
    auto release = [this, connection] {
      std::lock_guard guard(mutex_);
      free_.push_back(connection);
      available_.notify_one();
    };
    Status started = connection->ensure_connected();
    if (started.is_ok()) started = connection->exec_simple(begin_statement(mode));
    if (!started.is_ok() && !connection->healthy()) {
      // The server dropped this connection since its last use (restart, idle kill): reconnect once.
      started = connection->ensure_connected();
      if (started.is_ok()) started = connection->exec_simple(begin_statement(mode));
    }
    if (!started.is_ok()) {
      release();
      return started;
    }
    return std::unique_ptr<Transaction>(std::make_unique<PostgresTransaction>(connection, release));
  }

  Dialect dialect() const override { return Dialect::postgres; }

  PoolStats pool_stats() const override {
    std::lock_guard guard(mutex_);
    return {static_cast<int>(connections_.size()),
            static_cast<int>(connections_.size() - free_.size()), waits_};
  }

  Status ping() override {
    auto tx = begin(TxMode::read);
    if (!tx) return tx.status();
    return (*tx)->query("SELECT 1").status();
  }

 private:
  DatabaseOptions options_;
  std::vector<std::unique_ptr<Connection>> connections_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Connection*> free_;
  std::int64_t waits_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres_database(const DatabaseOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(options);
  FUWU_TRY(db->ping());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace fuwu::store
