// Test databases: a fresh, migrated database per test on SQLite (a temp file) or PostgreSQL (a
// new database on the server named by FUWU_TEST_PG_URL). Tests that use BackendTest run on both.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace fuwu::testing {

class TestDatabase {
 public:
  // nullptr when the backend is unavailable (PostgreSQL without FUWU_TEST_PG_URL).
  static std::unique_ptr<TestDatabase> create(const std::string& backend, bool migrate = true);
  ~TestDatabase();

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  // Opens another, independent handle on the same database (a second "server").
  std::unique_ptr<store::Database> open_another() const;

 private:
  std::string backend_;
  std::string url_;
  std::string pg_admin_url_;
  std::string pg_database_;
  std::filesystem::path directory_;
  std::unique_ptr<store::Database> db_;
};

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  store::Database& db() { return database_->db(); }
  TestDatabase& database() { return *database_; }
  std::unique_ptr<TestDatabase> database_;
};

// Runs a BackendTest suite on SQLite and PostgreSQL.
#define FUWU_ON_BOTH_BACKENDS(suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgres"), \
                           [](const auto& info) { return info.param; })

// Unwraps a Result in a test, failing with its message.
template <typename T>
T must(Result<T> result) {
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  if (!result.is_ok()) throw std::runtime_error(result.status().message());
  return std::move(result).value();
}
inline void must(const Status& status) {
  EXPECT_TRUE(status.is_ok()) << status.message();
  if (!status.is_ok()) throw std::runtime_error(status.message());
}

}  // namespace fuwu::testing
