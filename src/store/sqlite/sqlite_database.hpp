// SQLite adapter: WAL, STRICT tables, foreign keys on every connection, one writer connection
// (BEGIN IMMEDIATE) and a pool of reader connections, busy timeout, statement deadline.
#pragma once

#include <memory>

#include "store/database.hpp"

namespace fuwu::store {

Result<std::unique_ptr<Database>> open_sqlite_database(const DatabaseOptions& options);

}  // namespace fuwu::store
