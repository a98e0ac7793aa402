// Forward-only schema migrations, one folder per dialect (migrations/sqlite, migrations/postgres),
// compiled into the binary. Each applied migration is recorded with its SHA-256; a migration that
// changed after it was applied stops the server. Migrations run under a database lock, so two
// servers starting together apply each migration once.
#pragma once

#include <string>
#include <vector>

#include "core/embedded_file.hpp"
#include "store/database.hpp"

namespace fuwu::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
  std::string checksum;  // SHA-256 hex of sql
};

struct MigrationReport {
  std::vector<std::string> applied;  // "0001_foundation" …
  int already_applied = 0;
};

// The migrations compiled in for `dialect`, ordered by version.
std::vector<Migration> embedded_migrations(Dialect dialect);

// Parses "0001_name.sql" files; exposed for tests.
Result<std::vector<Migration>> parse_migrations(const std::vector<EmbeddedFile>& files);

Result<MigrationReport> migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace fuwu::store
