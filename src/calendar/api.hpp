// HTTP routes of the business calendar: everyone may read it; operators maintain it.
#pragma once

#include "audit/audit_log.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace fuwu::calendar {

void add_calendar_routes(http::Router& router, store::Database& db, const audit::AuditLog& audit);

}  // namespace fuwu::calendar
