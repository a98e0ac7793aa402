// Disruption events over HTTP: a supplier's event on one of its bookings, and a missed departure
// reported on a trip.
#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "travel/api.hpp"
#include "travel/itinerary.hpp"

namespace fuwu::travel {
namespace {

// "2026-12-01T09:30:00+08:00" or epoch milliseconds; absent → nullopt, bad → a field error.
std::optional<TimeMs> time_field(http::JsonFields& f, const boost::json::object& body,
                                 const char* name) {
  const auto* v = body.if_contains(name);
  if (v && v->is_string()) {
    const auto text = f.text(name, http::Presence::optional, 40);
    auto parsed = text ? parse_supplier_time(*text) : std::nullopt;
    if (text && !parsed) f.add_error(name, "must be a time like 2026-12-01T09:30:00+08:00");
    return parsed;
  }
  return f.integer(name, http::Presence::optional, 0, 4'102'444'800'000);
}

}  // namespace

void add_disruption_routes(http::Router& router, DisruptionService& disruptions) {
  router.add({http::Method::post, "/api/v1/travel/supplier-events",
              http::Access::only({auth::Role::supplier_api}),
              [&disruptions](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                SupplierEvent e;
                e.event_id = f.text("event_id", http::Presence::required, 100, 1).value_or("");
                e.booking_id = f.text("booking_id", http::Presence::required, 100, 1).value_or("");
                e.type = f.text("type", http::Presence::required, 20, 1).value_or("");
                e.departure_at = time_field(f, body, "departure_at");
                e.arrival_at = time_field(f, body, "arrival_at");
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(auto recorded,
                                      disruptions.supplier_event(c.principal(), c.actor(), e));
                const bool replayed = recorded.at("replayed").as_bool();
                return http::json_response(replayed ? 200 : 201, recorded);
              }});

  router.add({http::Method::get, "/api/v1/travel/trips/{id}/events/{event_id}/options",
              http::Access::only({auth::Role::employee, auth::Role::client_admin}),
              [&disruptions](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto event_id, c.id_param("event_id"));
                FUWU_ASSIGN_OR_RETURN(auto options,
                                      disruptions.options(c.principal(), id, event_id));
                return http::json_response(200, options);
              },
              /*runs_inline=*/false, /*body_bytes_max=*/0, /*waits_on_network=*/true});

  router.add({http::Method::post, "/api/v1/travel/trips/{id}/events/{event_id}/rebook",
              http::Access::only({auth::Role::employee, auth::Role::client_admin}),
              [&disruptions](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto event_id, c.id_param("event_id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                BookingRequest r;
                r.search_id =
                    f.integer("search_id", http::Presence::required, 1, INT64_MAX).value_or(0);
                r.offer_key = f.text("offer_key", http::Presence::required, 200, 1).value_or("");
                r.supplier_id =
                    f.integer("supplier_id", http::Presence::required, 1, INT64_MAX).value_or(0);
                r.reason_code = f.text("reason_code", http::Presence::optional, 40).value_or("");
                r.accept_total_fen =
                    f.integer("accept_total_fen", http::Presence::optional, 1, 100'000'000);
                r.travel_request_id =
                    f.integer("travel_request_id", http::Presence::optional, 1, INT64_MAX);
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto trip, disruptions.rebook(c.principal(), c.actor(), id, event_id, r));
                return http::json_response(200, trip);
              },
              /*runs_inline=*/false, /*body_bytes_max=*/0, /*waits_on_network=*/true});

  router.add({http::Method::post, "/api/v1/travel/trips/{id}/segments/{segment_id}/missed",
              http::Access::only({auth::Role::employee, auth::Role::client_admin,
                                  auth::Role::provider_admin, auth::Role::provider_staff}),
              [&disruptions](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto segment_id, c.id_param("segment_id"));
                FUWU_ASSIGN_OR_RETURN(auto recorded,
                                      disruptions.missed(c.principal(), c.actor(), id, segment_id));
                return http::json_response(201, recorded);
              }});
}

}  // namespace fuwu::travel
