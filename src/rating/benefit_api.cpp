#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "rating/api.hpp"
#include "rating/json.hpp"

namespace fuwu::rating {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

void add_benefit_routes(http::Router& router, RatingServices& s) {
  router.add({Method::get, "/api/v1/rating/providers/{pid}/entitlements", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto pid, c.id_param("pid"));
                FUWU_TRY(require_provider_visible(c.principal(), pid));
                FUWU_ASSIGN_OR_RETURN(auto e, s.benefits.entitlements(pid));
                return http::json_response(200, to_json(e));
              }});

  router.add({Method::get, "/api/v1/rating/programs/{id}/campaigns", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto items, s.benefits.campaigns(id));
                return http::json_response(200, items_json(items));
              }});

  router.add(
      {Method::post, "/api/v1/rating/programs/{id}/campaigns", Access::only(kOperators),
       [&s](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields fields(body);
         Campaign campaign;
         campaign.program_id = id;
         campaign.name = fields.text("name", Presence::required, 100, 1).value_or("");
         campaign.description = fields.text("description", Presence::optional, 2000).value_or("");
         campaign.eligible_tiers = fields.text_list("eligible_tiers", Presence::required, 3, 20)
                                       .value_or(std::vector<std::string>{});
         campaign.slots = fields.integer("slots", Presence::required, 1, 100'000).value_or(0);
         campaign.registration_closes_ms =
             fields.integer("registration_closes_ms", Presence::required, 0, 32'503'680'000'000)
                 .value_or(0);
         FUWU_TRY(fields.finish());
         FUWU_ASSIGN_OR_RETURN(auto created, s.benefits.create_campaign(c.actor(), campaign));
         return http::json_response(201, to_json(created));
       }});

  router.add({Method::get, "/api/v1/rating/campaigns/{id}", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto campaign, s.benefits.campaign(id));
                return http::json_response(200, to_json(campaign));
              }});

  router.add({Method::post, "/api/v1/rating/campaigns/{id}/registrations",
              Access::only(kProviderAdmins), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto provider, own_provider(c.principal()));
                if (!c.request().body.empty()) {
                  FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                  http::JsonFields fields(body);
                  FUWU_TRY(fields.finish());
                }
                FUWU_ASSIGN_OR_RETURN(auto registration,
                                      s.benefits.register_provider(c.actor(), id, provider));
                return http::json_response(201, to_json(registration));
              }});

  router.add({Method::get, "/api/v1/rating/campaigns/{id}/registrations",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto provider,
                                      visible_provider_filter(c.principal(), std::nullopt));
                FUWU_ASSIGN_OR_RETURN(auto items, s.benefits.registrations(id, provider));
                return http::json_response(200, items_json(items));
              }});
}

}  // namespace fuwu::rating
