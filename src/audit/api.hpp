// HTTP routes of the audit log: operators browse and filter it.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "audit/audit_log.hpp"
#include "http/router.hpp"

namespace fuwu::audit {

// Resolves user ids to display names (the directory answers; audit does not read its tables).
using ActorNames =
    std::function<Result<std::map<std::int64_t, std::string>>(const std::vector<std::int64_t>&)>;

void add_audit_routes(http::Router& router, store::Database& db, ActorNames actor_names);

}  // namespace fuwu::audit
