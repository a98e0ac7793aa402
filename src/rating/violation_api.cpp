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

void add_violation_routes(http::Router& router, RatingServices& s) {
  router.add({Method::get, "/api/v1/rating/programs/{id}/violation-types", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto types, s.violations.types(id));
                return http::json_response(200, items_json(types));
              }});

  router.add({Method::post, "/api/v1/rating/programs/{id}/violation-types",
              Access::only(kOperators), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                ViolationType type;
                type.program_id = id;
                type.code = fields.text("code", Presence::required, 40, 1).value_or("");
                type.name_zh = fields.text("name_zh", Presence::required, 100, 1).value_or("");
                type.name_en = fields.text("name_en", Presence::required, 100, 1).value_or("");
                type.severity = fields.text("severity", Presence::required, 20, 1).value_or("");
                type.points =
                    fields.integer("points", Presence::required, 1, kEntryPointsMax).value_or(0);
                type.tier_cap = fields.text("tier_cap", Presence::optional, 20).value_or("");
                if (!type.tier_cap.empty() && !is_tier_name(type.tier_cap))
                  fields.add_error("tier_cap", "must be diamond, gold, silver or empty");
                if (type.severity != "minor" && type.severity != "major" &&
                    type.severity != "serious" && !type.severity.empty())
                  fields.add_error("severity", "must be minor, major or serious");
                type.appeal_days = static_cast<int>(
                    fields.integer("appeal_days", Presence::optional, 1, 90).value_or(7));
                FUWU_TRY(fields.finish());
                FUWU_TRY(s.violations.types(id).status());  // 404 for an unknown program
                FUWU_ASSIGN_OR_RETURN(auto created, s.violations.create_type(c.actor(), type));
                return http::json_response(201, to_json(created));
              }});

  router.add({Method::post, "/api/v1/rating/violations", Access::only(kStaff),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto type = fields.integer("type_id", Presence::required, 1, INT64_MAX);
                auto provider = fields.integer("provider_id", Presence::required, 1, INT64_MAX);
                auto cycle = fields.integer("cycle_id", Presence::required, 1, INT64_MAX);
                auto evidence = fields.text("evidence", Presence::required, 4000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto violation,
                    s.violations.record(c.actor(), *type, *provider, *cycle, *evidence));
                return http::json_response(201, to_json(violation));
              }});

  router.add(
      {Method::get, "/api/v1/rating/violations", Access::only(kStaffAndProviders),
       [&s](RequestContext& c) -> Result<Response> {
         ViolationFilter filter;
         FUWU_ASSIGN_OR_RETURN(filter.cycle_id, http::query_id(c.request(), "cycle_id"));
         FUWU_ASSIGN_OR_RETURN(auto provider, http::query_id(c.request(), "provider_id"));
         FUWU_ASSIGN_OR_RETURN(filter.provider_id,
                               visible_provider_filter(c.principal(), provider));
         FUWU_ASSIGN_OR_RETURN(filter.state, http::query_text(c.request(), "state", 20));
         if (filter.state && *filter.state != "recorded" && *filter.state != "under_appeal" &&
             *filter.state != "upheld" && *filter.state != "overturned")
           return Status(ErrorCode::invalid_argument, "unknown state " + *filter.state,
                         {{"state", "must be recorded, under_appeal, upheld or overturned"}});
         FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
         FUWU_ASSIGN_OR_RETURN(auto items, s.violations.list(filter, limit));
         return http::json_response(200, items_json(items));
       }});

  router.add({Method::post, "/api/v1/rating/violations/{id}/appeal", Access::only(kProviderAdmins),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto reason = fields.text("reason", Presence::required, 2000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto found, s.violations.get(id));
                FUWU_TRY(require_provider_visible(c.principal(), found.provider_id));
                FUWU_ASSIGN_OR_RETURN(auto violation, s.violations.appeal(c.actor(), id, *reason));
                return http::json_response(200, to_json(violation));
              }});

  router.add({Method::post, "/api/v1/rating/violations/{id}/decision", Access::only(kStaff),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto overturn = fields.boolean("overturn", Presence::required);
                auto note = fields.text("note", Presence::required, 2000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto violation,
                                      s.violations.decide(c.actor(), id, *overturn, *note));
                return http::json_response(200, to_json(violation));
              }});
}

}  // namespace fuwu::rating
