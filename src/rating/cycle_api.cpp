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

void add_cycle_routes(http::Router& router, RatingServices& s) {
  router.add({Method::get, "/api/v1/rating/programs/{id}/policy", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto policy, s.policy.get(id));
                Response r = http::json_response(200, policy_to_json(policy));
                http::set_etag(r, policy.version);
                return r;
              }});

  router.add({Method::put, "/api/v1/rating/programs/{id}/policy", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto policy, policy_from_json(id, body));
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto saved, s.policy.put(c.actor(), policy, version));
                Response r = http::json_response(200, policy_to_json(saved));
                http::set_etag(r, saved.version);
                return r;
              }});

  router.add({Method::get, "/api/v1/rating/programs/{id}/cycles", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_TRY(s.policy.get(id).status());  // 404 for an unknown program
                FUWU_ASSIGN_OR_RETURN(auto cycles, s.ledger.list_cycles(id));
                return http::json_response(200, items_json(cycles));
              }});

  router.add({Method::post, "/api/v1/rating/programs/{id}/cycles", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                NewCycle cycle;
                cycle.program_id = id;
                cycle.code = fields.text("code", Presence::required, 10, 1).value_or("");
                cycle.period = fields.text("period", Presence::required, 10, 1).value_or("");
                constexpr std::int64_t kMs = 32'503'680'000'000;  // year 3000
                cycle.window_start_ms =
                    fields.integer("window_start_ms", Presence::required, 0, kMs).value_or(0);
                cycle.window_end_ms =
                    fields.integer("window_end_ms", Presence::required, 0, kMs).value_or(0);
                cycle.decision_date =
                    fields.text("decision_date", Presence::required, 10, 10).value_or("");
                FUWU_TRY(fields.finish());
                FUWU_TRY(s.policy.get(id).status());
                FUWU_ASSIGN_OR_RETURN(auto created, s.ledger.create_cycle(c.actor(), cycle));
                return http::json_response(201, to_json(created));
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto cycle, s.ledger.get_cycle(id));
                return http::json_response(200, to_json(cycle));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/compute", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto summary, s.publication.compute(c.actor(), id));
                return http::json_response(200, to_json(summary));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/reopen", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto cycle, s.publication.reopen(c.actor(), id));
                return http::json_response(200, to_json(cycle));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/publish", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto cycle, s.publication.publish(c.actor(), id));
                return http::json_response(200, to_json(cycle));
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}/providers/{pid}/entries",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto params, cycle_provider_params(c));
                const auto [id, pid] = params;
                FUWU_TRY(s.ledger.get_cycle(id).status());
                FUWU_ASSIGN_OR_RETURN(auto entries, s.ledger.entries(id, pid));
                return http::json_response(200, items_json(entries));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/adjustments", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                NewEntry entry;
                entry.cycle_id = id;
                entry.provider_id =
                    fields.integer("provider_id", Presence::required, 1, INT64_MAX).value_or(0);
                entry.points =
                    fields.integer("points", Presence::required, -kEntryPointsMax, kEntryPointsMax)
                        .value_or(0);
                entry.note = fields.text("note", Presence::required, 1000, 1).value_or("");
                FUWU_TRY(fields.finish());
                entry.source_kind = "adjustment";
                entry.source_ref = "adjustment";
                entry.source_event = "operator adjustment";
                FUWU_ASSIGN_OR_RETURN(auto created, s.ledger.append(c.actor(), entry));
                return http::json_response(201, to_json(created));
              }});

  router.add({Method::post, "/api/v1/rating/entries/{id}/reversal", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto note = fields.text("note", Presence::required, 1000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto reversal, s.ledger.reverse(c.actor(), id, *note));
                return http::json_response(201, to_json(reversal));
              }});
}

}  // namespace fuwu::rating
