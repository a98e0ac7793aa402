// Rewrites `$N` parameter markers to SQLite's `?N`. SQLite would read `$1` as a *named* parameter
// numbered by first appearance, which silently swaps `SELECT $2, $1`.
#pragma once

#include <string>
#include <string_view>

namespace fuwu::store {

std::string rewrite_parameters_for_sqlite(std::string_view sql);

}  // namespace fuwu::store
