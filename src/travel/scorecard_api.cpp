// GET /api/v1/organizations/{id}/travel-provider-scorecards?from=YYYY-MM&to=YYYY-MM: the company's
// travel providers measured the same way, side by side.
#include <boost/json.hpp>

#include "core/business_calendar.hpp"
#include "http/json_io.hpp"
#include "travel/api.hpp"
#include "travel/scorecards.hpp"

namespace fuwu::travel {
namespace {

// Midnight (China) of the first day of "YYYY-MM", or of the month after it.
std::optional<TimeMs> month_start(const std::string& month, int months_later) {
  auto day = Date::parse(month + "-01");
  if (month.size() != 7 || !day) return std::nullopt;
  const int index = day->year * 12 + day->month - 1 + months_later;
  const Date first{index / 12, index % 12 + 1, 1};
  return days_from_civil(first) * 86'400'000 - 8 * 3'600'000;
}

}  // namespace

void add_scorecard_routes(http::Router& router, ScorecardService& scorecards, const Clock& clock) {
  router.add(
      {http::Method::get, "/api/v1/organizations/{id}/travel-provider-scorecards",
       http::Access::only({auth::Role::operator_admin, auth::Role::client_admin}),
       [&scorecards, &clock](http::RequestContext& c) -> Result<http::Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto from, http::query_text(c.request(), "from", 7));
         FUWU_ASSIGN_OR_RETURN(auto to, http::query_text(c.request(), "to", 7));
         // By default the last three months, this one included.
         const Date today = shanghai_date_of(clock.now_ms());
         const std::string this_month = today.to_string().substr(0, 7);
         const auto start = month_start(from.value_or(this_month), from ? 0 : -2);
         const auto end = month_start(to.value_or(this_month), 1);
         std::vector<FieldError> errors;
         if (!start) errors.push_back({"from", "must be a month YYYY-MM"});
         if (!end) errors.push_back({"to", "must be a month YYYY-MM"});
         if (start && end && *end <= *start) errors.push_back({"to", "must not be before from"});
         if (!errors.empty()) {
           const std::string message = "the scorecard query is not valid: " + errors.front().field +
                                       " " + errors.front().message;
           return Status(ErrorCode::invalid_argument, message, std::move(errors));
         }
         FUWU_ASSIGN_OR_RETURN(auto cards, scorecards.for_company(c.principal(), id, *start, *end));
         boost::json::array items;
         for (const auto& card : cards) items.push_back(to_json(card));
         return http::json_response(200, boost::json::object{{"items", std::move(items)}});
       }});
}

}  // namespace fuwu::travel
