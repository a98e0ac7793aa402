#include "calendar/api.hpp"

#include <boost/json.hpp>

#include "calendar/calendar_days.hpp"
#include "http/json_io.hpp"

namespace fuwu::calendar {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

boost::json::value to_json(const CalendarDay& d) {
  return {{"day", d.day}, {"kind", d.kind}, {"name", d.name}};
}

Result<std::string> date_query(const http::Request& request, const char* name,
                               const char* fallback) {
  const auto* raw = request.query_param(name);
  const std::string value = raw && !raw->empty() ? *raw : fallback;
  auto parsed = Date::parse(value);
  if (!parsed)
    return Status(ErrorCode::invalid_argument, std::string(name) + " must be YYYY-MM-DD",
                  {{name, "must be YYYY-MM-DD"}});
  return parsed->to_string();
}

}  // namespace

void add_calendar_routes(http::Router& router, store::Database& db, const audit::AuditLog& audit) {
  router.add({Method::get, "/api/v1/calendar/days", Access::any_member(),
              [&db](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto from, date_query(c.request(), "from", "1970-01-01"));
                FUWU_ASSIGN_OR_RETURN(auto to, date_query(c.request(), "to", "9999-12-31"));
                FUWU_ASSIGN_OR_RETURN(auto days,
                                      store::with_read_transaction(db, [&](store::Transaction& tx) {
                                        return list_days(tx, from, to);
                                      }));
                boost::json::array items;
                for (const auto& d : days) items.push_back(to_json(d));
                return http::json_response(200, {{"items", std::move(items)}});
              }});

  router.add({Method::put, "/api/v1/calendar/days/{day}",
              Access::only({auth::Role::operator_admin}),
              [&db, &audit](RequestContext& c) -> Result<Response> {
                const std::string day(c.path_param("day"));
                auto parsed = Date::parse(day);
                if (!parsed)
                  return Status(ErrorCode::not_found, "no such day " + day + " (use YYYY-MM-DD)");
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto kind = fields.text("kind", Presence::required, 16, 1);
                auto name = fields.text("name", Presence::optional, 40);
                if (kind && *kind != "holiday" && *kind != "workday")
                  fields.add_error("kind", "must be holiday or workday");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto saved,
                    put_day(db, audit, c.actor(), {parsed->to_string(), *kind, name.value_or("")}));
                return http::json_response(200, to_json(saved));
              }});

  router.add({Method::del, "/api/v1/calendar/days/{day}",
              Access::only({auth::Role::operator_admin}),
              [&db, &audit](RequestContext& c) -> Result<Response> {
                FUWU_TRY(delete_day(db, audit, c.actor(), std::string(c.path_param("day"))));
                Response r;
                r.status = 204;
                return r;
              }});
}

}  // namespace fuwu::calendar
