// HTTP routes of corporate travel: a company's travel policy, employees and providers, search,
// booking, trips and analytics (docs/travel.md, docs/openapi.json).
#pragma once

#include "http/router.hpp"
#include "travel/analytics.hpp"
#include "travel/booking.hpp"
#include "travel/budgets.hpp"
#include "travel/disruptions.hpp"
#include "travel/scorecards.hpp"
#include "travel/search.hpp"
#include "travel/service.hpp"

namespace fuwu::travel {

void add_travel_routes(http::Router& router, TravelService& travel);
void add_search_routes(http::Router& router, SearchService& search);
void add_booking_routes(http::Router& router, BookingService& bookings);
void add_budget_routes(http::Router& router, BudgetService& budgets);
void add_request_routes(http::Router& router, TravelRequestService& requests);
void add_disruption_routes(http::Router& router, DisruptionService& disruptions);
void add_scorecard_routes(http::Router& router, ScorecardService& scorecards, const Clock& clock);
void add_analytics_routes(http::Router& router, AnalyticsService& analytics, const Clock& clock);

}  // namespace fuwu::travel
