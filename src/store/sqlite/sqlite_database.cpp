#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "store/sql_parameters.hpp"

namespace fuwu::store {
namespace {

using SteadyClock = std::chrono::steady_clock;

Status map_sqlite_error(sqlite3* db, int rc, std::string_view context) {
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  std::string message =
      std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return {ErrorCode::unique_violation, message};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return {ErrorCode::foreign_key_violation, message};
    default:
      break;
  }
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_INTERRUPT:
      return {ErrorCode::timeout, message};
    case SQLITE_CONSTRAINT:
      return {ErrorCode::invalid_argument, message};
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return {ErrorCode::unavailable, message};
    default:
      return {ErrorCode::internal, message};
  }
}

// One sqlite3 handle with its prepared-statement cache and statement deadline.
class Connection {
 public:
  Connection(sqlite3* db, std::int64_t statement_timeout_ms)
      : db_(db), statement_timeout_ms_(statement_timeout_ms) {
    sqlite3_progress_handler(db_, 1000, &Connection::on_progress, this);
  }
  ~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  Status exec_simple(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (error) sqlite3_free(error);
    if (rc != SQLITE_OK) return map_sqlite_error(db_, rc, sql);
    return Status::ok();
  }

  // Runs one statement; collects rows when `rows` is given. Returns rows changed.
  Result<std::int64_t> run(std::string_view sql, const Params& params, Rows* rows) {
    FUWU_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql));
    struct ResetOnExit {
      sqlite3_stmt* s;
      ~ResetOnExit() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      return Status(ErrorCode::internal, "statement expects " + std::to_string(expected) +
                                             " parameters, got " + std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (auto p = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *p);
      } else if (auto d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return map_sqlite_error(db_, rc, "bind");
    }
    deadline_ = SteadyClock::now() + std::chrono::milliseconds(statement_timeout_ms_);
    if (rows && rows->columns.empty()) {
      const int n = sqlite3_column_count(stmt);
      for (int c = 0; c < n; ++c) rows->columns.emplace_back(sqlite3_column_name(stmt, c));
    }
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return map_sqlite_error(db_, rc, "statement");
      if (!rows) continue;
      const int n = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            values.emplace_back(std::int64_t{sqlite3_column_int64(stmt, c)});
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, c));
            const int size = sqlite3_column_bytes(stmt, c);
            values.emplace_back(std::string(text ? text : "", static_cast<std::size_t>(size)));
          }
        }
      }
      rows->rows.emplace_back(std::move(values));
    }
    return std::int64_t{sqlite3_changes(db_)};
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    const std::string rewritten = rewrite_parameters_for_sqlite(sql);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return map_sqlite_error(db_, rc, "prepare");
    constexpr std::size_t kStatementCacheMax = 256;
    if (statements_.size() >= kStatementCacheMax) {
      for (auto& [s, cached] : statements_) sqlite3_finalize(cached);
      statements_.clear();
    }
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  static int on_progress(void* self) {
    return SteadyClock::now() > static_cast<Connection*>(self)->deadline_ ? 1 : 0;
  }

  sqlite3* db_;
  std::int64_t statement_timeout_ms_;
  SteadyClock::time_point deadline_ = SteadyClock::time_point::max();
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

Result<std::unique_ptr<Connection>> open_connection(const DatabaseOptions& options, bool writer) {
  sqlite3* db = nullptr;
  const int flags = (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(options.url.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = map_sqlite_error(db, rc, "open " + options.url);
    sqlite3_close_v2(db);
    return Status(ErrorCode::unavailable, s.message());
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout_ms));
  auto connection = std::make_unique<Connection>(db, options.statement_timeout_ms);
  FUWU_TRY(connection->exec_simple("PRAGMA foreign_keys = ON"));
  if (writer) {
    FUWU_TRY(connection->exec_simple("PRAGMA journal_mode = WAL"));
    // FULL: a commit is on disk before it is acknowledged, even across power loss.
    FUWU_TRY(connection->exec_simple("PRAGMA synchronous = FULL"));
  }
  return connection;
}

class SqliteDatabase;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(Connection* connection, std::function<void()> release)
      : connection_(connection), release_(std::move(release)) {}
  ~SqliteTransaction() override {
    if (active_) (void)connection_->exec_simple("ROLLBACK");
    release_();
  }

  Status begin(TxMode mode) {
    FUWU_TRY(connection_->exec_simple(mode == TxMode::write ? "BEGIN IMMEDIATE" : "BEGIN"));
    active_ = true;
    return Status::ok();
  }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    FUWU_TRY(connection_->run(sql, params, &rows));
    return rows;
  }
  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    return connection_->run(sql, params, nullptr);
  }
  Status lock(std::string_view) override { return Status::ok(); }
  Status exec_script(std::string_view sql) override {
    return connection_->exec_simple(std::string(sql).c_str());
  }
  Status commit() override {
    assert(active_);
    Status s = connection_->exec_simple("COMMIT");
    if (!s.is_ok()) return s;  // still active: the destructor rolls back
    active_ = false;
    return s;
  }
  Dialect dialect() const override { return Dialect::sqlite; }

 private:
  Connection* connection_;
  std::function<void()> release_;
  bool active_ = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(DatabaseOptions options, std::unique_ptr<Connection> writer)
      : options_(std::move(options)), writer_(std::move(writer)) {}

  Status open_readers() {
    for (int i = 0; i < options_.pool_size; ++i) {
      FUWU_ASSIGN_OR_RETURN(auto reader, open_connection(options_, false));
      free_readers_.push_back(reader.get());
      readers_.push_back(std::move(reader));
    }
    return Status::ok();
  }

  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    const auto timeout = std::chrono::milliseconds(options_.acquire_timeout_ms);
    if (mode == TxMode::write) {
      std::unique_lock lock(mutex_);
      if (writer_busy_) {
        ++waits_;
        if (!available_.wait_for(lock, timeout, [&] { return !writer_busy_; }))
          return Status(ErrorCode::timeout, "timed out waiting for the database writer");
      }
      writer_busy_ = true;
      lock.unlock();
      return start(writer_.get(), mode, [this] {
        std::lock_guard guard(mutex_);
        writer_busy_ = false;
        available_.notify_all();
      });
    }
    std::unique_lock lock(mutex_);
    if (free_readers_.empty()) {
      ++waits_;
      if (!available_.wait_for(lock, timeout, [&] { return !free_readers_.empty(); }))
        return Status(ErrorCode::timeout, "timed out waiting for a database reader");
    }
    Connection* reader = free_readers_.back();
    free_readers_.pop_back();
    lock.unlock();
    return start(reader, mode, [this, reader] {
      std::lock_guard guard(mutex_);
      free_readers_.push_back(reader);
      available_.notify_all();
    });
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  PoolStats pool_stats() const override {
    std::lock_guard guard(mutex_);
    PoolStats stats;
    stats.size = static_cast<int>(readers_.size()) + 1;
    stats.in_use =
        static_cast<int>(readers_.size() - free_readers_.size()) + (writer_busy_ ? 1 : 0);
    stats.waits = waits_;
    return stats;
  }

  Status ping() override {
    auto tx = begin(TxMode::read);
    if (!tx) return tx.status();
    return (*tx)->query("SELECT 1").status();
  }

 private:
  Result<std::unique_ptr<Transaction>> start(Connection* connection, TxMode mode,
                                             std::function<void()> release) {
    auto tx = std::make_unique<SqliteTransaction>(connection, std::move(release));
    FUWU_TRY(tx->begin(mode));
    return std::unique_ptr<Transaction>(std::move(tx));
  }

  DatabaseOptions options_;
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  bool writer_busy_ = false;
  std::vector<Connection*> free_readers_;
  std::int64_t waits_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite_database(const DatabaseOptions& options) {
  std::error_code ec;
  const auto parent = std::filesystem::path(options.url).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  FUWU_ASSIGN_OR_RETURN(auto writer, open_connection(options, true));
  auto db = std::make_unique<SqliteDatabase>(options, std::move(writer));
  FUWU_TRY(db->open_readers());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace fuwu::store
