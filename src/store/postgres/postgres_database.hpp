// PostgreSQL adapter (libpq): a bounded connection pool, statement timeout, reconnect of broken
// connections, prepared statements cached per connection, advisory locks for named locks.
#pragma once

#include <memory>

#include "store/database.hpp"

namespace fuwu::store {

Result<std::unique_ptr<Database>> open_postgres_database(const DatabaseOptions& options);

}  // namespace fuwu::store
