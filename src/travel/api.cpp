#include "travel/api.hpp"

#include <boost/json.hpp>

#include "http/json_io.hpp"

namespace fuwu::travel {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

namespace json = boost::json;

const Access kManagers = Access::only({auth::Role::operator_admin, auth::Role::client_admin});

json::object employee_json(const EmployeeProfile& e) {
  return {{"user_id", e.user_id},
          {"name", e.name},
          {"email", e.email},
          {"grade", e.grade ? json::value(*e.grade) : json::value(nullptr)},
          {"rule_class", e.rule_class ? json::value(*e.rule_class) : json::value(nullptr)},
          {"department_id", e.department_id ? json::value(*e.department_id) : json::value(nullptr)},
          {"department_name", e.department_name},
          {"cost_centre", e.cost_centre},
          {"version", e.version}};
}

json::object providers_json(const std::vector<CompanyProvider>& providers) {
  json::array items;
  for (const auto& p : providers)
    items.push_back({{"provider_id", p.provider_id},
                     {"name", p.name},
                     {"is_default", p.is_default},
                     {"status", p.status}});
  return {{"items", std::move(items)}};
}

Response policy_response(const TravelPolicy& policy) {
  Response r = http::json_response(200, to_json(policy));
  http::set_etag(r, policy.version);
  return r;
}

// The offer of a policy check, read strictly.
Result<OfferFacts> checked_offer_facts(const json::object& body) {
  http::JsonFields f(body);
  OfferFacts o;
  const auto kind = f.text("kind", Presence::required, 10, 1).value_or("");
  o.days_ahead = f.integer("days_ahead", Presence::optional, -365, 365).value_or(0);
  o.total_fen = f.integer("total_fen", Presence::required, 0, 100'000'000).value_or(0);
  const auto cabin = f.text("cabin", Presence::optional, 10).value_or("economy");
  o.duration_minutes =
      static_cast<int>(f.integer("duration_minutes", Presence::optional, 0, 2'000).value_or(0));
  o.lowest_logical_fare_fen =
      f.integer("lowest_logical_fare_fen", Presence::optional, 0, 100'000'000);
  const auto tier = f.text("city_tier", Presence::optional, 12).value_or("other");
  o.nightly_fen = f.integer("nightly_fen", Presence::optional, 0, 100'000'000).value_or(0);
  o.nights = static_cast<int>(f.integer("nights", Presence::optional, 1, 30).value_or(1));
  o.high_speed = f.boolean("high_speed", Presence::optional).value_or(true);
  o.seat_class = f.text("seat_class", Presence::optional, 20).value_or("");
  o.car_type = f.text("car_type", Presence::optional, 20).value_or("");
  if (kind == "flight")
    o.kind = OfferKind::flight;
  else if (kind == "hotel")
    o.kind = OfferKind::hotel;
  else if (kind == "train")
    o.kind = OfferKind::train;
  else if (kind == "car")
    o.kind = OfferKind::car;
  else if (!kind.empty())
    f.add_error("kind", "must be flight, hotel, train or car");
  if (auto c = parse_cabin(cabin))
    o.cabin = *c;
  else
    f.add_error("cabin", "must be economy, business or first");
  if (auto t = parse_city_tier(tier))
    o.city_tier = *t;
  else
    f.add_error("city_tier", "must be tier1, new_tier1, tier2 or other");
  FUWU_TRY(f.finish());
  return o;
}

}  // namespace

void add_travel_routes(http::Router& router, TravelService& travel) {
  router.add({Method::get, "/api/v1/organizations/{id}/travel-policy", Access::any_member(),
              [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto policy, travel.policy(c.principal(), id));
                return policy_response(policy);
              }});

  router.add({Method::put, "/api/v1/organizations/{id}/travel-policy", kManagers,
              [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto policy, travel_policy_from_json(body));
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(
                    auto saved, travel.put_policy(c.principal(), c.actor(), id, policy, version));
                return policy_response(saved);
              }});

  router.add({Method::post, "/api/v1/organizations/{id}/travel-policy/evaluate",
              Access::any_member(), [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto grade = fields.text("grade", Presence::required, 20, 1);
                auto offer = fields.object("offer", Presence::required, 20);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto facts, checked_offer_facts(*offer));
                FUWU_ASSIGN_OR_RETURN(auto policy, travel.policy(c.principal(), id));
                const auto* rules = policy.rule_class_for_grade(*grade);
                if (!rules)
                  return Status(ErrorCode::invalid_argument, "no such grade in the policy",
                                {{"grade", "is not a grade of the company's travel policy"}});
                const auto e = evaluate(*rules, facts);
                json::array verdicts = verdicts_json(e, *rules, facts);
                return http::json_response(200,
                                           json::object{{"rule_class", rules->name},
                                                        {"outcome", control_name(e.outcome)},
                                                        {"compliant", e.compliant()},
                                                        {"employee_pays_fen", e.employee_pays_fen},
                                                        {"verdicts", std::move(verdicts)}});
              }});

  router.add({Method::get, "/api/v1/organizations/{id}/travel-employees", kManagers,
              [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto employees, travel.employees(c.principal(), id));
                json::array items;
                for (const auto& e : employees) items.push_back(employee_json(e));
                return http::json_response(200, json::object{{"items", std::move(items)}});
              }});

  router.add({Method::put, "/api/v1/organizations/{id}/travel-employees/{user_id}", kManagers,
              [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto user_id, c.id_param("user_id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                ProfileChange change;
                change.grade = fields.text("grade", Presence::required, 20, 1).value_or("");
                change.department_id =
                    fields.integer("department_id", Presence::optional, 1, INT64_MAX);
                change.cost_centre =
                    fields.text("cost_centre", Presence::optional, 40).value_or("");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto updated, travel.set_profile(c.principal(), c.actor(), id,
                                                                       user_id, change, version));
                Response r = http::json_response(200, employee_json(updated));
                http::set_etag(r, updated.version);
                return r;
              }});

  router.add({Method::get, "/api/v1/organizations/{id}/travel-providers", Access::any_member(),
              [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto providers, travel.providers(c.principal(), id));
                return http::json_response(200, providers_json(providers));
              }});

  router.add({Method::put, "/api/v1/organizations/{id}/travel-providers", kManagers,
              [&travel](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto list = fields.objects("providers", Presence::required, 20);
                std::vector<CompanyProvider> chosen;
                for (std::size_t i = 0; list && i < list->size(); ++i) {
                  http::JsonFields item((*list)[i]);
                  CompanyProvider p;
                  p.provider_id =
                      item.integer("provider_id", Presence::required, 1, INT64_MAX).value_or(0);
                  p.is_default = item.boolean("is_default", Presence::optional).value_or(false);
                  fields.nested("providers", i, item.finish());
                  chosen.push_back(std::move(p));
                }
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto saved,
                                      travel.set_providers(c.principal(), c.actor(), id, chosen));
                return http::json_response(200, providers_json(saved));
              }});
}

void add_search_routes(http::Router& router, SearchService& search) {
  const Access travellers = Access::only({auth::Role::employee, auth::Role::client_admin});
  router.add({Method::post, "/api/v1/travel/searches", travellers,
              [&search](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                SearchRequest r;
                r.kind = f.text("kind", Presence::required, 10, 1).value_or("");
                r.origin = f.text("origin", Presence::optional, 10).value_or("");
                r.destination = f.text("destination", Presence::optional, 10).value_or("");
                r.date = f.text("date", Presence::optional, 10).value_or("");
                r.preferred_time =
                    f.text("preferred_time", Presence::optional, 5).value_or("09:00");
                r.city = f.text("city", Presence::optional, 10).value_or("");
                r.check_in = f.text("check_in", Presence::optional, 10).value_or("");
                r.check_out = f.text("check_out", Presence::optional, 10).value_or("");
                r.pickup = f.text("pickup", Presence::optional, 40).value_or("");
                r.dropoff = f.text("dropoff", Presence::optional, 40).value_or("");
                r.traveller_id = f.integer("traveller_id", Presence::optional, 1, INT64_MAX);
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(auto text, search.search(c.principal(), r));
                Response created;
                created.status = 201;
                created.body = std::move(text);
                return created;
              },
              /*runs_inline=*/false, /*body_bytes_max=*/0, /*waits_on_network=*/true});

  router.add(
      {Method::get, "/api/v1/travel/searches/{id}",
       Access::only({auth::Role::employee, auth::Role::client_admin, auth::Role::operator_admin}),
       [&search](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto text, search.get(c.principal(), id));
         Response found;
         found.body = std::move(text);
         return found;
       }});
}

void add_booking_routes(http::Router& router, BookingService& bookings) {
  router.add({Method::get, "/api/v1/travel/reason-codes", Access::any_member(),
              [](RequestContext&) -> Result<Response> {
                json::array codes;
                for (const auto& c : reason_codes()) codes.push_back(json::value(c));
                return http::json_response(200, json::object{{"items", std::move(codes)}});
              },
              /*runs_inline=*/true});

  router.add(
      {Method::post, "/api/v1/travel/bookings",
       Access::only({auth::Role::employee, auth::Role::client_admin}),
       [&bookings](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields f(body);
         BookingRequest r;
         r.search_id = f.integer("search_id", Presence::required, 1, INT64_MAX).value_or(0);
         r.offer_key = f.text("offer_key", Presence::required, 200, 1).value_or("");
         r.supplier_id = f.integer("supplier_id", Presence::required, 1, INT64_MAX).value_or(0);
         r.reason_code = f.text("reason_code", Presence::optional, 40).value_or("");
         r.accept_total_fen = f.integer("accept_total_fen", Presence::optional, 1, 100'000'000);
         r.trip_id = f.integer("trip_id", Presence::optional, 1, INT64_MAX);
         r.purpose = f.text("purpose", Presence::optional, 200).value_or("");
         r.provider_id = f.integer("provider_id", Presence::optional, 1, INT64_MAX);
         r.project_code = f.text("project_code", Presence::optional, 40).value_or("");
         r.travel_request_id = f.integer("travel_request_id", Presence::optional, 1, INT64_MAX);
         FUWU_TRY(f.finish());
         FUWU_ASSIGN_OR_RETURN(auto trip, bookings.book(c.principal(), c.actor(), r));
         return http::json_response(201, trip);
       },
       /*runs_inline=*/false, /*body_bytes_max=*/0, /*waits_on_network=*/true});

  router.add({Method::get, "/api/v1/travel/trips",
              Access::only({auth::Role::employee, auth::Role::client_admin}),
              [&bookings](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto traveller, http::query_id(c.request(), "traveller_id"));
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto items, bookings.trips(c.principal(), traveller, limit));
                return http::json_response(200, json::object{{"items", std::move(items)}});
              }});

  router.add(
      {Method::get, "/api/v1/travel/trips/{id}",
       Access::only({auth::Role::employee, auth::Role::client_admin, auth::Role::operator_admin}),
       [&bookings](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto trip, bookings.trip(c.principal(), id));
         return http::json_response(200, trip);
       }});

  router.add({Method::post, "/api/v1/travel/trips/{id}/segments/{segment_id}/cancel",
              Access::only({auth::Role::employee, auth::Role::client_admin}),
              [&bookings](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto segment_id, c.id_param("segment_id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                const auto reason = f.text("reason", Presence::optional, 200).value_or("");
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto trip, bookings.cancel(c.principal(), c.actor(), id, segment_id, reason));
                return http::json_response(200, trip);
              },
              /*runs_inline=*/false, /*body_bytes_max=*/0, /*waits_on_network=*/true});

  router.add({Method::get, "/api/v1/organizations/{id}/travel-violations", kManagers,
              [&bookings](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto items, bookings.violations(c.principal(), id, limit));
                return http::json_response(200, json::object{{"items", std::move(items)}});
              }});
}

}  // namespace fuwu::travel
