#include "calendar/calendar_days.hpp"

#include <boost/json.hpp>

namespace fuwu::calendar {
namespace {

std::string day_json(const CalendarDay& d) {
  return boost::json::serialize(
      boost::json::object{{"day", d.day}, {"kind", d.kind}, {"name", d.name}});
}

Result<std::optional<CalendarDay>> find_day(store::Transaction& tx, const std::string& day) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT day, kind, name FROM calendar_days WHERE day = $1", {day}));
  if (rows.empty()) return std::optional<CalendarDay>();
  return std::optional<CalendarDay>(CalendarDay{rows[0].text(0), rows[0].text(1), rows[0].text(2)});
}

}  // namespace

Result<BusinessCalendar> load_business_calendar(store::Transaction& tx) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT day, kind FROM calendar_days ORDER BY day"));
  std::vector<std::string> holidays, workdays;
  for (const auto& row : rows)
    (row.text(1) == "holiday" ? holidays : workdays).push_back(row.text(0));
  return BusinessCalendar::from_strings(holidays, workdays);
}

Result<std::vector<CalendarDay>> list_days(store::Transaction& tx, const std::string& from,
                                           const std::string& to) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT day, kind, name FROM calendar_days WHERE day >= $1 AND day <= $2 "
                          "ORDER BY day",
                          {from, to}));
  std::vector<CalendarDay> out;
  for (const auto& row : rows) out.push_back({row.text(0), row.text(1), row.text(2)});
  return out;
}

Result<CalendarDay> put_day(store::Database& db, const audit::AuditLog& audit,
                            const audit::Actor& actor, const CalendarDay& day) {
  FUWU_TRY(Date::parse(day.day).status());
  if (day.kind != "holiday" && day.kind != "workday")
    return Status(ErrorCode::invalid_argument, "kind must be holiday or workday",
                  {{"kind", "must be holiday or workday"}});
  return store::with_write_transaction(db, [&](store::Transaction& tx) -> Result<CalendarDay> {
    FUWU_ASSIGN_OR_RETURN(auto before, find_day(tx, day.day));
    FUWU_TRY(
        tx.exec("INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3) ON CONFLICT (day) "
                "DO UPDATE "
                "SET kind = excluded.kind, name = excluded.name",
                {day.day, day.kind, day.name}));
    FUWU_TRY(audit.append(
        tx, actor,
        {before ? "calendar_day.update" : "calendar_day.create", "calendar_day", day.day,
         std::nullopt, before ? std::optional<std::string>(day_json(*before)) : std::nullopt,
         day_json(day)}));
    return day;
  });
}

Status delete_day(store::Database& db, const audit::AuditLog& audit, const audit::Actor& actor,
                  const std::string& day) {
  return store::with_write_transaction(db, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto before, find_day(tx, day));
    if (!before) return Status(ErrorCode::not_found, "no calendar entry for " + day);
    FUWU_TRY(tx.exec("DELETE FROM calendar_days WHERE day = $1", {day}));
    return audit.append(tx, actor,
                        {"calendar_day.delete", "calendar_day", day, std::nullopt,
                         day_json(*before), std::nullopt});
  });
}

}  // namespace fuwu::calendar
