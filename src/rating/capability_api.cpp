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

void add_capability_routes(http::Router& router, RatingServices& s) {
  router.add({Method::get, "/api/v1/rating/programs/{id}/capabilities", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto items, s.capabilities.list(id));
                return http::json_response(200, items_json(items));
              }});

  router.add({Method::post, "/api/v1/rating/programs/{id}/capabilities", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                Capability capability;
                capability.program_id = id;
                capability.code = fields.text("code", Presence::required, 40, 1).value_or("");
                capability.name_zh =
                    fields.text("name_zh", Presence::required, 100, 1).value_or("");
                capability.name_en =
                    fields.text("name_en", Presence::required, 100, 1).value_or("");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto created, s.capabilities.create(c.actor(), capability));
                return http::json_response(201, to_json(created));
              }});

  router.add({Method::post, "/api/v1/rating/capability-applications", Access::only(kProviderAdmins),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto provider, own_provider(c.principal()));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto capability = fields.text("capability", Presence::required, 40, 1);
                auto evidence = fields.text("evidence", Presence::required, 4000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto created, s.capabilities.apply(c.actor(), provider,
                                                                         *capability, *evidence));
                return http::json_response(201, to_json(created, s.clock.now_ms()));
              }});

  router.add({Method::get, "/api/v1/rating/capability-applications",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                CapabilityFilter filter;
                FUWU_ASSIGN_OR_RETURN(filter.state, http::query_text(c.request(), "state", 20));
                if (filter.state && *filter.state != "applied" && *filter.state != "certified" &&
                    *filter.state != "rejected" && *filter.state != "revoked")
                  return Status(ErrorCode::invalid_argument, "unknown state " + *filter.state,
                                {{"state", "must be applied, certified, rejected or revoked"}});
                FUWU_ASSIGN_OR_RETURN(filter.capability,
                                      http::query_text(c.request(), "capability", 40));
                FUWU_ASSIGN_OR_RETURN(auto provider, http::query_id(c.request(), "provider_id"));
                FUWU_ASSIGN_OR_RETURN(filter.provider_id,
                                      visible_provider_filter(c.principal(), provider));
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto items, s.capabilities.applications(filter, limit));
                const TimeMs now = s.clock.now_ms();
                boost::json::array out;
                for (const auto& a : items) out.push_back(to_json(a, now));
                return http::json_response(200, boost::json::object{{"items", std::move(out)}});
              }});

  router.add({Method::post, "/api/v1/rating/capability-applications/{id}/review",
              Access::only(kStaff), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto certify = fields.boolean("certify", Presence::required);
                auto score = fields.integer("score", Presence::required, 0, 100);
                auto note = fields.text("note", Presence::optional, 2000).value_or("");
                auto months =
                    fields.integer("valid_months", Presence::optional, 1, 36).value_or(12);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto reviewed, s.capabilities.review(c.actor(), id, *certify,
                                                                           *score, note, months));
                return http::json_response(200, to_json(reviewed, s.clock.now_ms()));
              }});

  router.add({Method::post, "/api/v1/rating/capability-applications/{id}/revocation",
              Access::only(kOperators), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto reason = fields.text("reason", Presence::required, 2000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto revoked, s.capabilities.revoke(c.actor(), id, *reason));
                return http::json_response(200, to_json(revoked, s.clock.now_ms()));
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}/leaderboards/{capability}",
              Access::any_member(), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                const std::string capability(c.path_param("capability"));
                if (capability.empty() || capability.size() > 40)
                  return Status(ErrorCode::not_found, "no such capability");
                FUWU_ASSIGN_OR_RETURN(auto board, s.capabilities.leaderboard(id, capability));
                return http::json_response(200, to_json(board));
              }});
}

}  // namespace fuwu::rating
