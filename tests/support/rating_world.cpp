#include "support/rating_world.hpp"

#include "support/test_database.hpp"

namespace fuwu::testing {

std::int64_t insert_program(store::Database& db, const std::string& code) {
  auto tx = must(db.begin(store::TxMode::write));
  const auto id =
      must(tx->query("INSERT INTO admission_programs (code, name_zh, name_en, "
                     "created_at, updated_at) VALUES ($1, '计划', 'Program', 0, 0) "
                     "RETURNING id",
                     {code}))[0]
          .integer(0);
  must(tx->commit());
  return id;
}

std::int64_t insert_provider(store::Database& db, std::int64_t program_id, const std::string& name,
                             std::int64_t admitted_at_ms) {
  auto tx = must(db.begin(store::TxMode::write));
  const auto id =
      must(tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) "
                     "VALUES ($1, 'provider', $2, $2) RETURNING id",
                     {name, admitted_at_ms}))[0]
          .integer(0);
  must(
      tx->exec("INSERT INTO provider_profiles (organization_id, provider_type, program_id, "
               "created_at, updated_at) VALUES ($1, 'specialized', $2, $3, $3)",
               {id, program_id, admitted_at_ms}));
  must(tx->commit());
  return id;
}

}  // namespace fuwu::testing
