// The platform's business calendar: the holidays and make-up working days (调休) that operators
// enter each year from the State Council's notice. Every working-day deadline (admission review
// SLAs, desk SLAs) reads it through load_business_calendar.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/business_calendar.hpp"
#include "store/database.hpp"

namespace fuwu::calendar {

struct CalendarDay {
  std::string day;   // YYYY-MM-DD, Asia/Shanghai
  std::string kind;  // holiday | workday
  std::string name;  // e.g. 国庆节
};

Result<BusinessCalendar> load_business_calendar(store::Transaction& tx);
Result<std::vector<CalendarDay>> list_days(store::Transaction& tx, const std::string& from,
                                           const std::string& to);
// Creates or replaces one day, audited.
Result<CalendarDay> put_day(store::Database& db, const audit::AuditLog& audit,
                            const audit::Actor& actor, const CalendarDay& day);
Status delete_day(store::Database& db, const audit::AuditLog& audit, const audit::Actor& actor,
                  const std::string& day);

}  // namespace fuwu::calendar
