#include "support/test_database.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <stdexcept>

#include "core/crypto.hpp"
#include "store/migrator.hpp"

namespace fuwu::testing {
namespace {

void pg_admin(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach test PostgreSQL: " + message);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string message = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + message);
}

std::string with_database(const std::string& admin_url, const std::string& name) {
  // postgresql://user@host:port/dbname?params → replace dbname.
  const auto scheme = admin_url.find("://");
  const auto slash = admin_url.find('/', scheme + 3);
  const auto query = admin_url.find('?', scheme + 3);
  std::string base =
      slash == std::string::npos ? admin_url.substr(0, query) : admin_url.substr(0, slash);
  std::string suffix = query == std::string::npos ? "" : admin_url.substr(query);
  return base + "/" + name + suffix;
}

}  // namespace

std::unique_ptr<TestDatabase> TestDatabase::create(const std::string& backend, bool migrate) {
  crypto::initialize();
  auto t = std::unique_ptr<TestDatabase>(new TestDatabase());
  t->backend_ = backend;
  if (backend == "postgres") {
    const char* admin = std::getenv("FUWU_TEST_PG_URL");
    if (!admin || !*admin) return nullptr;
    t->pg_admin_url_ = admin;
    t->pg_database_ = "fuwu_ut_" + crypto::random_hex(6);
    pg_admin(t->pg_admin_url_, "CREATE DATABASE " + t->pg_database_);
    t->url_ = with_database(t->pg_admin_url_, t->pg_database_);
  } else {
    t->directory_ = std::filesystem::temp_directory_path() / ("fuwu_ut_" + crypto::random_hex(6));
    std::filesystem::create_directories(t->directory_);
    t->url_ = (t->directory_ / "test.db").string();
  }
  t->db_ = t->open_another();
  if (migrate) {
    auto report = store::migrate(*t->db_, store::embedded_migrations(t->db_->dialect()));
    if (!report) throw std::runtime_error("migrate: " + report.status().message());
  }
  return t;
}

std::unique_ptr<store::Database> TestDatabase::open_another() const {
  store::DatabaseOptions options;
  options.url = url_;
  options.pool_size = 4;
  options.acquire_timeout_ms = 10'000;
  auto db = store::open_database(options);
  if (!db) throw std::runtime_error("open " + url_ + ": " + db.status().message());
  return std::move(db).value();
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!pg_database_.empty()) {
    try {
      pg_admin(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  if (!directory_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(directory_, ec);
  }
}

void BackendTest::SetUp() {
  database_ = TestDatabase::create(GetParam());
  if (!database_) GTEST_SKIP() << "FUWU_TEST_PG_URL is not set; PostgreSQL tests skipped";
}

}  // namespace fuwu::testing
