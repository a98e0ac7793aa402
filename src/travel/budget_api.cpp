// Travel budgets over HTTP: GET and POST /api/v1/organizations/{id}/travel-budgets, PATCH
// /api/v1/organizations/{id}/travel-budgets/{budget_id} (If-Match).
#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "travel/api.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;
using http::Presence;

http::Response budget_response(int status, const Budget& budget) {
  http::Response r = http::json_response(status, to_json(budget));
  http::set_etag(r, budget.version);
  return r;
}

std::optional<Control> control_field(http::JsonFields& fields, Presence presence) {
  const auto text = fields.text("over_control", presence, 20, 1);
  if (!text) return std::nullopt;
  const auto control = parse_control(*text);
  if (!control) fields.add_error("over_control", "must be allow, needs_approval or block");
  return control;
}

}  // namespace

void add_budget_routes(http::Router& router, BudgetService& budgets) {
  const auto managers = http::Access::only({auth::Role::operator_admin, auth::Role::client_admin});

  router.add({http::Method::get, "/api/v1/organizations/{id}/travel-budgets", managers,
              [&budgets](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto list, budgets.list(c.principal(), id));
                json::array items;
                for (const auto& b : list) items.push_back(to_json(b));
                return http::json_response(200, json::object{{"items", std::move(items)}});
              }});

  router.add(
      {http::Method::post, "/api/v1/organizations/{id}/travel-budgets", managers,
       [&budgets](http::RequestContext& c) -> Result<http::Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields f(body);
         BudgetInput in;
         in.department_id = f.integer("department_id", Presence::optional, 1, INT64_MAX);
         in.project_code = f.text("project_code", Presence::optional, 40).value_or("");
         in.period = f.text("period", Presence::required, 10, 1).value_or("");
         in.period_key = f.text("period_key", Presence::required, 7, 1).value_or("");
         in.amount_fen =
             f.integer("amount_fen", Presence::required, 0, 100'000'000'000).value_or(0);
         if (auto levels = f.integer_list("warning_levels_bp", Presence::optional, 5, 1, 10'000))
           in.warning_levels_bp = *levels;
         in.over_control = control_field(f, Presence::required).value_or(Control::block);
         FUWU_TRY(f.finish());
         FUWU_ASSIGN_OR_RETURN(auto created, budgets.create(c.principal(), c.actor(), id, in));
         return budget_response(201, created);
       }});

  router.add({http::Method::patch, "/api/v1/organizations/{id}/travel-budgets/{budget_id}",
              managers, [&budgets](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto budget_id, c.id_param("budget_id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields f(body);
                BudgetPatch patch;
                patch.amount_fen = f.integer("amount_fen", Presence::optional, 0, 100'000'000'000);
                patch.warning_levels_bp =
                    f.integer_list("warning_levels_bp", Presence::optional, 5, 1, 10'000);
                patch.over_control = control_field(f, Presence::optional);
                FUWU_TRY(f.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto updated, budgets.update(c.principal(), c.actor(), id,
                                                                   budget_id, version, patch));
                return budget_response(200, updated);
              }});
}

}  // namespace fuwu::travel
