// The Database contract, run against SQLite and PostgreSQL alike.
#include "store/database.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/migrator.hpp"
#include "support/test_database.hpp"

namespace fuwu::store {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class DatabaseTest : public BackendTest {
 protected:
  void create_scratch_tables() {
    auto tx = must(db().begin(TxMode::write));
    must(tx->exec_script(
        tx->dialect() == Dialect::sqlite
            ? "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE) STRICT;"
              "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES "
              "parent (id)) STRICT;"
            : "CREATE TABLE parent (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE);"
              "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES "
              "parent (id));"));
    must(tx->commit());
  }
};

TEST_P(DatabaseTest, ParametersBindByNumberNotByPosition) {
  auto tx = must(db().begin(TxMode::read));
  auto rows = must(tx->query("SELECT $2 AS b, $1 AS a", {std::int64_t{1}, std::string("two")}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "two");
  EXPECT_EQ(rows[0].integer(1), 1);
}

TEST_P(DatabaseTest, UniqueAndForeignKeyViolationsMapToTheSameCodes) {
  create_scratch_tables();
  {
    auto tx = must(db().begin(TxMode::write));
    must(tx->exec("INSERT INTO parent (id, code) VALUES ($1, $2)",
                  {std::int64_t{1}, std::string("a")}));
    must(tx->commit());
  }
  {
    auto tx = must(db().begin(TxMode::write));
    auto dup = tx->exec("INSERT INTO parent (id, code) VALUES ($1, $2)",
                        {std::int64_t{2}, std::string("a")});
    EXPECT_EQ(dup.status().code(), ErrorCode::unique_violation) << dup.status().message();
  }
  {
    auto tx = must(db().begin(TxMode::write));
    auto orphan = tx->exec("INSERT INTO child (id, parent_id) VALUES ($1, $2)",
                           {std::int64_t{1}, std::int64_t{99}});
    EXPECT_EQ(orphan.status().code(), ErrorCode::foreign_key_violation)
        << orphan.status().message();
  }
}

TEST_P(DatabaseTest, TransactionWithoutCommitRollsBack) {
  create_scratch_tables();
  {
    auto tx = must(db().begin(TxMode::write));
    must(tx->exec("INSERT INTO parent (id, code) VALUES ($1, $2)",
                  {std::int64_t{1}, std::string("gone")}));
  }
  auto tx = must(db().begin(TxMode::read));
  EXPECT_TRUE(must(tx->query("SELECT id FROM parent")).empty());
}

TEST_P(DatabaseTest, StoresTextVerbatim) {
  create_scratch_tables();
  const std::string tricky = "'); DROP TABLE parent; -- <script>alert(\"x\")</script> 服务 \\ $1";
  {
    auto tx = must(db().begin(TxMode::write));
    must(tx->exec("INSERT INTO parent (id, code) VALUES ($1, $2)", {std::int64_t{7}, tricky}));
    must(tx->commit());
  }
  auto tx = must(db().begin(TxMode::read));
  auto rows = must(tx->query("SELECT code FROM parent WHERE id = $1", {std::int64_t{7}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), tricky);
}

TEST_P(DatabaseTest, NullsRoundTrip) {
  auto tx = must(db().begin(TxMode::read));
  auto rows = must(tx->query("SELECT NULL AS n, 3 AS i"));
  EXPECT_TRUE(rows[0].is_null(0));
  EXPECT_FALSE(rows[0].optional_integer(0).has_value());
  EXPECT_EQ(rows[0].optional_integer(1), 3);
}

TEST_P(DatabaseTest, MigrationsAreIdempotent) {
  auto report = must(migrate(db(), embedded_migrations(db().dialect())));
  EXPECT_TRUE(report.applied.empty());
  EXPECT_EQ(report.already_applied, static_cast<int>(embedded_migrations(db().dialect()).size()));
}

TEST_P(DatabaseTest, ChangedMigrationIsRefused) {
  auto migrations = embedded_migrations(db().dialect());
  migrations[0].checksum = std::string(64, 'f');
  auto report = migrate(db(), migrations);
  ASSERT_FALSE(report.is_ok());
  EXPECT_NE(report.status().message().find("changed after it was applied"), std::string::npos);
}

TEST_P(DatabaseTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  auto fresh = fuwu::testing::TestDatabase::create(GetParam(), /*migrate=*/false);
  auto second = fresh->open_another();
  const auto migrations = embedded_migrations(fresh->db().dialect());
  Result<MigrationReport> a = Status(ErrorCode::internal, "not run");
  Result<MigrationReport> b = Status(ErrorCode::internal, "not run");
  std::thread first([&] { a = migrate(fresh->db(), migrations); });
  std::thread other([&] { b = migrate(*second, migrations); });
  first.join();
  other.join();
  ASSERT_TRUE(a.is_ok()) << a.status().message();
  ASSERT_TRUE(b.is_ok()) << b.status().message();
  EXPECT_EQ(a->applied.size() + b->applied.size(), migrations.size());
  auto tx = must(fresh->db().begin(TxMode::read));
  auto rows = must(tx->query("SELECT count(*) FROM schema_migrations"));
  EXPECT_EQ(rows[0].integer(0), static_cast<std::int64_t>(migrations.size()));
}

TEST_P(DatabaseTest, SlowStatementsTimeOutWithTheSameCode) {
  DatabaseOptions options;
  options.url = database().url();
  options.pool_size = 1;
  options.statement_timeout_ms = 100;
  auto impatient = must(open_database(options));
  auto tx = must(impatient->begin(TxMode::read));
  const char* slow =
      impatient->dialect() == Dialect::sqlite
          ? "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
          : "SELECT pg_sleep(5)";
  auto result = tx->query(slow);
  EXPECT_EQ(result.status().code(), ErrorCode::timeout) << result.status().message();
}

TEST_P(DatabaseTest, BrokenConnectionsAreReplaced) {
  if (db().dialect() != Dialect::postgres)
    GTEST_SKIP() << "SQLite has no server connection to lose";
  {
    auto tx = must(db().begin(TxMode::read));
    must(tx->query("SELECT 1"));
  }
  // Another session terminates every connection of this database, as a server restart would.
  auto killer = database().open_another();
  {
    auto tx = must(killer->begin(TxMode::write));
    must(
        tx->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                  "current_database() AND pid <> "
                  "pg_backend_pid()"));
    must(tx->commit());
  }
  for (int i = 0; i < 4; ++i) {  // every pooled connection gets its turn
    auto tx = db().begin(TxMode::read);
    ASSERT_TRUE(tx.is_ok()) << tx.status().message();
    auto rows = (*tx)->query("SELECT 1");
    EXPECT_TRUE(rows.is_ok()) << rows.status().message();
  }
}

TEST(Migrations, EmbeddedSetsAreNumberedAndParallel) {
  const auto sqlite = embedded_migrations(Dialect::sqlite);
  const auto postgres = embedded_migrations(Dialect::postgres);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size()) << "every migration needs both dialects";
  for (std::size_t i = 0; i < sqlite.size(); ++i) EXPECT_EQ(sqlite[i].name, postgres[i].name);
}

FUWU_ON_BOTH_BACKENDS(DatabaseTest);

}  // namespace
}  // namespace fuwu::store
