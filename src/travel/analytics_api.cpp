// GET /api/v1/organizations/{id}/travel-analytics/{dimension}?from=YYYY-MM&to=YYYY-MM&limit=N
// [&format=csv]: one panel of the travel manager's dashboard, as JSON or as a CSV download.
#include <boost/json.hpp>

#include "core/business_calendar.hpp"
#include "http/json_io.hpp"
#include "travel/api.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

bool is_month(const std::string& text) {
  return text.size() == 7 && text[4] == '-' && Date::parse(text + "-01").is_ok();
}

// A CSV field: quoted when it holds a separator, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv(const std::vector<AnalyticsRow>& rows) {
  // A byte order mark first, so that spreadsheet programs read the Chinese names as UTF-8.
  std::string out =
      "\xEF\xBB\xBF"
      "key,name,segments,cancelled,spend_fen,employee_fen,compliance_bp,missed_saving_fen,"
      "realized_saving_fen,average_days_ahead\r\n";
  for (const auto& r : rows) {
    const auto j = to_json(r);
    const auto tenths = j.at("average_days_ahead_tenths").as_int64();
    out += csv_field(r.key) + "," + csv_field(r.name) + "," + std::to_string(r.segments) + "," +
           std::to_string(r.cancelled) + "," + std::to_string(r.spend_fen) + "," +
           std::to_string(r.employee_fen) + "," + std::to_string(j.at("compliance_bp").as_int64()) +
           "," + std::to_string(r.missed_saving_fen) + "," + std::to_string(r.realized_saving_fen) +
           "," + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "\r\n";
  }
  return out;
}

}  // namespace

void add_analytics_routes(http::Router& router, AnalyticsService& analytics, const Clock& clock) {
  router.add({http::Method::get, "/api/v1/organizations/{id}/travel-analytics/{dimension}",
              http::Access::only({auth::Role::operator_admin, auth::Role::client_admin}),
              [&analytics, &clock](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                const std::string dimension(c.path_param("dimension"));
                FUWU_ASSIGN_OR_RETURN(auto from, http::query_text(c.request(), "from", 7));
                FUWU_ASSIGN_OR_RETURN(auto to, http::query_text(c.request(), "to", 7));
                FUWU_ASSIGN_OR_RETURN(auto format, http::query_text(c.request(), "format", 4));
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                // By default the last twelve months, this one included.
                const Date today = shanghai_date_of(clock.now_ms());
                const int months = today.year * 12 + today.month - 1 - 11;
                AnalyticsRange range;
                range.to_month = to.value_or(today.to_string().substr(0, 7));
                range.from_month =
                    from.value_or(Date{months / 12, months % 12 + 1, 1}.to_string().substr(0, 7));
                std::vector<FieldError> errors;
                if (!is_month(range.from_month))
                  errors.push_back({"from", "must be a month YYYY-MM"});
                if (!is_month(range.to_month)) errors.push_back({"to", "must be a month YYYY-MM"});
                if (errors.empty() && range.to_month < range.from_month)
                  errors.push_back({"to", "must not be before from"});
                if (format && *format != "csv" && *format != "json")
                  errors.push_back({"format", "must be json or csv"});
                if (!errors.empty()) {
                  const std::string message =
                      "the analytics query is not valid: " + errors.front().field + " " +
                      errors.front().message;
                  return Status(ErrorCode::invalid_argument, message, std::move(errors));
                }
                FUWU_ASSIGN_OR_RETURN(auto rows,
                                      analytics.panel(c.principal(), id, dimension, range, limit));
                if (format == "csv") {
                  http::Response r;
                  r.content_type = "text/csv; charset=utf-8";
                  r.set_header("content-disposition", "attachment; filename=\"travel-" + dimension +
                                                          "-" + range.from_month + "-" +
                                                          range.to_month + ".csv\"");
                  r.body = csv(rows);
                  return r;
                }
                json::array items;
                for (const auto& row : rows) items.push_back(to_json(row));
                return http::json_response(200, json::object{{"dimension", dimension},
                                                             {"from", range.from_month},
                                                             {"to", range.to_month},
                                                             {"items", std::move(items)}});
              }});
}

}  // namespace fuwu::travel
