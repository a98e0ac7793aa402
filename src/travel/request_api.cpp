// Pre-trip approval over HTTP: travel requests (出差申请) and their decisions, and the company's
// approvers.
#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "travel/api.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;
using http::Presence;

json::object approvers_json(const std::vector<Approver>& approvers) {
  json::array items;
  for (const auto& a : approvers)
    items.push_back(
        {{"department_id", a.department_id ? json::value(*a.department_id) : json::value(nullptr)},
         {"department_name", a.department_name},
         {"user_id", a.user_id},
         {"name", a.name}});
  return {{"items", std::move(items)}};
}

}  // namespace

void add_request_routes(http::Router& router, TravelRequestService& requests) {
  const auto members = http::Access::only({auth::Role::employee, auth::Role::client_admin});
  const auto managers = http::Access::only({auth::Role::operator_admin, auth::Role::client_admin});

  router.add({http::Method::get, "/api/v1/organizations/{id}/travel-approvers",
              http::Access::any_member(),
              [&requests](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto list, requests.approvers(c.principal(), id));
                return http::json_response(200, approvers_json(list));
              }});

  router.add({http::Method::put, "/api/v1/organizations/{id}/travel-approvers", managers,
              [&requests](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                auto list = f.objects("approvers", Presence::required, 100);
                std::vector<Approver> chosen;
                for (std::size_t i = 0; list && i < list->size(); ++i) {
                  http::JsonFields item((*list)[i]);
                  Approver a;
                  a.user_id = item.integer("user_id", Presence::required, 1, INT64_MAX).value_or(0);
                  // Absent or null: approves for the whole company.
                  a.department_id = item.integer("department_id", Presence::optional, 1, INT64_MAX);
                  f.nested("approvers", i, item.finish());
                  chosen.push_back(std::move(a));
                }
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(auto saved,
                                      requests.set_approvers(c.principal(), c.actor(), id, chosen));
                return http::json_response(200, approvers_json(saved));
              }});

  router.add({http::Method::post, "/api/v1/travel/requests", members,
              [&requests](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                NewTravelRequest in;
                in.traveller_id = f.integer("traveller_id", Presence::optional, 1, INT64_MAX);
                in.purpose = f.text("purpose", Presence::required, 200, 1).value_or("");
                if (!in.purpose.empty() &&
                    in.purpose.find_first_not_of(" \t\n") == std::string::npos)
                  f.add_error("purpose", "must say what the trip is for");
                in.budget_fen =
                    f.integer("budget_fen", Presence::required, 0, 100'000'000'000).value_or(0);
                if (auto items = f.objects("itinerary", Presence::required, 20))
                  for (auto& item : *items) in.itinerary.push_back(std::move(item));
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(auto created, requests.create(c.principal(), c.actor(), in));
                return http::json_response(201, created);
              }});

  router.add({http::Method::get, "/api/v1/travel/requests", members,
              [&requests](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto scope, http::query_text(c.request(), "scope", 10));
                FUWU_ASSIGN_OR_RETURN(auto state, http::query_text(c.request(), "state", 10));
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                FUWU_ASSIGN_OR_RETURN(
                    auto items, requests.list(c.principal(), scope.value_or("mine"), state, limit));
                return http::json_response(200, json::object{{"items", std::move(items)}});
              }});

  router.add({http::Method::get, "/api/v1/travel/requests/{id}",
              http::Access::only(
                  {auth::Role::employee, auth::Role::client_admin, auth::Role::operator_admin}),
              [&requests](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto found, requests.get(c.principal(), id));
                return http::json_response(200, found);
              }});

  router.add({http::Method::post, "/api/v1/travel/requests/{id}/decision", members,
              [&requests](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                const auto decision = f.text("decision", Presence::required, 10, 1);
                const auto comment = f.text("comment", Presence::optional, 500).value_or("");
                if (decision && *decision != "approve" && *decision != "deny")
                  f.add_error("decision", "must be approve or deny");
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto decided,
                    requests.decide(c.principal(), c.actor(), id, *decision == "approve", comment));
                return http::json_response(200, decided);
              }});
}

}  // namespace fuwu::travel
