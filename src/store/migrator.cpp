#include "store/migrator.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include "core/crypto.hpp"

namespace fuwu::store {

std::vector<EmbeddedFile> sqlite_migration_files();
std::vector<EmbeddedFile> postgres_migration_files();

Result<std::vector<Migration>> parse_migrations(const std::vector<EmbeddedFile>& files) {
  std::vector<Migration> migrations;
  for (const auto& file : files) {
    std::string_view path = file.path;
    if (auto slash = path.rfind('/'); slash != std::string_view::npos)
      path.remove_prefix(slash + 1);
    if (!path.ends_with(".sql") || path.size() < 9 || path[4] != '_')
      return Status(ErrorCode::internal,
                    "migration file name must be NNNN_name.sql: " + std::string(path));
    Migration m;
    m.version = std::stoi(std::string(path.substr(0, 4)));
    m.name = std::string(path.substr(0, path.size() - 4));
    m.sql = std::string(file.contents);
    m.checksum = crypto::sha256_hex(m.sql);
    migrations.push_back(std::move(m));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1)
      return Status(
          ErrorCode::internal,
          "migrations must be numbered 0001, 0002… without gaps; found " + migrations[i].name);
  }
  return migrations;
}

std::vector<Migration> embedded_migrations(Dialect dialect) {
  auto parsed = parse_migrations(dialect == Dialect::sqlite ? sqlite_migration_files()
                                                            : postgres_migration_files());
  assert(parsed.is_ok() && "embedded migrations are checked by tests");
  return std::move(parsed).value();
}

Result<MigrationReport> migrate(Database& db, const std::vector<Migration>& migrations) {
  return with_write_transaction(db, [&](Transaction& tx) -> Result<MigrationReport> {
    FUWU_TRY(tx.lock("fuwu.migrations"));
    const char* create = tx.dialect() == Dialect::sqlite
                             ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                               "PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                               "applied_at INTEGER NOT NULL) STRICT"
                             : "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT "
                               "PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                               "applied_at BIGINT NOT NULL)";
    FUWU_TRY(tx.exec_script(create));
    FUWU_ASSIGN_OR_RETURN(
        Rows applied_rows,
        tx.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version"));
    std::map<int, std::string> applied;
    for (const auto& row : applied_rows) applied[static_cast<int>(row.integer(0))] = row.text(2);

    MigrationReport report;
    for (const auto& [version, checksum] : applied) {
      auto known = std::find_if(migrations.begin(), migrations.end(),
                                [&](const Migration& m) { return m.version == version; });
      if (known == migrations.end())
        return Status(ErrorCode::internal, "database has migration " + std::to_string(version) +
                                               " that this binary does not know: is it older "
                                               "than the database?");
      if (known->checksum != checksum)
        return Status(
            ErrorCode::internal,
            "migration " + known->name + " was changed after it was applied (checksum mismatch)");
    }
    const auto now_ms = static_cast<std::int64_t>(std::time(nullptr)) * 1000;
    for (const auto& m : migrations) {
      if (applied.count(m.version)) {
        ++report.already_applied;
        continue;
      }
      Status s = tx.exec_script(m.sql);
      if (!s.is_ok()) return Status(s.code(), "migration " + m.name + " failed: " + s.message());
      FUWU_TRY(
          tx.exec("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, "
                  "$2, $3, $4)",
                  {std::int64_t{m.version}, m.name, m.checksum, now_ms}));
      report.applied.push_back(m.name);
    }
    return report;
  });
}

}  // namespace fuwu::store
