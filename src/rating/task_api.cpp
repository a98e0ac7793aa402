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

namespace {

Result<std::optional<std::string>> state_filter(const http::Request& request,
                                                std::initializer_list<std::string_view> allowed) {
  FUWU_ASSIGN_OR_RETURN(auto state, http::query_text(request, "state", 20));
  if (!state) return state;
  for (auto a : allowed)
    if (*state == a) return state;
  return Status(ErrorCode::invalid_argument, "unknown state " + *state,
                {{"state", "is not a state of these records"}});
}

}  // namespace

void add_task_routes(http::Router& router, RatingServices& s) {
  router.add({Method::get, "/api/v1/rating/programs/{id}/tasks", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto tasks, s.tasks.list(id));
                return http::json_response(200, items_json(tasks));
              }});

  router.add({Method::post, "/api/v1/rating/programs/{id}/tasks", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                Task task;
                task.program_id = id;
                task.code = fields.text("code", Presence::required, 40, 1).value_or("");
                task.name_zh = fields.text("name_zh", Presence::required, 100, 1).value_or("");
                task.name_en = fields.text("name_en", Presence::required, 100, 1).value_or("");
                task.kind = fields.text("kind", Presence::required, 20, 1).value_or("");
                task.points =
                    fields.integer("points", Presence::required, 1, kEntryPointsMax).value_or(0);
                task.cap = fields.integer("cap", Presence::optional, 1, 1000).value_or(1);
                task.capability = fields.text("capability", Presence::optional, 40).value_or("");
                task.completion = fields.text("completion", Presence::required, 20, 1).value_or("");
                task.metric = fields.text("metric", Presence::optional, 40).value_or("");
                task.target =
                    fields.integer("target", Presence::optional, 0, INT64_MAX / 2).value_or(0);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto created, s.tasks.create(c.actor(), task));
                return http::json_response(201, to_json(created));
              }});

  router.add({Method::patch, "/api/v1/rating/tasks/{id}", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto active = fields.boolean("active", Presence::required);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto task, s.tasks.set_active(c.actor(), id, *active));
                return http::json_response(200, to_json(task));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/metrics", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto provider =
                    fields.integer("provider_id", Presence::required, 1, INT64_MAX).value_or(0);
                auto metric = fields.text("metric", Presence::required, 40, 1).value_or("");
                auto value = fields.integer("value", Presence::required, 0, INT64_MAX / 2);
                auto event = fields.text("source_event", Presence::optional, 200).value_or("");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto entries, s.tasks.report_metric(c.actor(), id, provider,
                                                                          metric, *value, event));
                FUWU_ASSIGN_OR_RETURN(auto readings, s.tasks.metrics(id, provider));
                boost::json::object out = items_json(entries);
                out["entries"] = std::move(out["items"]);
                out.erase("items");
                for (const auto& r : readings)
                  if (r.metric == metric) out["metric"] = to_json(r);
                return http::json_response(200, out);
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}/providers/{pid}/metrics",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto params, cycle_provider_params(c));
                const auto [id, pid] = params;
                FUWU_ASSIGN_OR_RETURN(auto readings, s.tasks.metrics(id, pid));
                return http::json_response(200, items_json(readings));
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}/providers/{pid}/tasks",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto params, cycle_provider_params(c));
                const auto [id, pid] = params;
                FUWU_ASSIGN_OR_RETURN(auto statuses, s.tasks.statuses(id, pid));
                return http::json_response(200, items_json(statuses));
              }});

  router.add({Method::post, "/api/v1/rating/tasks/{id}/evidence", Access::only(kProviderAdmins),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto provider, own_provider(c.principal()));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto cycle = fields.integer("cycle_id", Presence::required, 1, INT64_MAX);
                auto description = fields.text("description", Presence::required, 4000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto evidence,
                    s.tasks.submit_evidence(c.actor(), id, *cycle, provider, *description));
                return http::json_response(201, to_json(evidence));
              }});

  router.add({Method::get, "/api/v1/rating/evidence", Access::only(kStaffAndProviders),
              [&s](RequestContext& c) -> Result<Response> {
                EvidenceFilter filter;
                FUWU_ASSIGN_OR_RETURN(
                    filter.state, state_filter(c.request(), {"submitted", "accepted", "rejected"}));
                FUWU_ASSIGN_OR_RETURN(filter.cycle_id, http::query_id(c.request(), "cycle_id"));
                FUWU_ASSIGN_OR_RETURN(auto provider, http::query_id(c.request(), "provider_id"));
                FUWU_ASSIGN_OR_RETURN(filter.provider_id,
                                      visible_provider_filter(c.principal(), provider));
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto items, s.tasks.list_evidence(filter, limit));
                return http::json_response(200, items_json(items));
              }});

  router.add({Method::post, "/api/v1/rating/evidence/{id}/decision", Access::only(kStaff),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto accept = fields.boolean("accept", Presence::required);
                auto note = fields.text("note", Presence::optional, 1000).value_or("");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto evidence,
                                      s.tasks.decide_evidence(c.actor(), id, *accept, note));
                return http::json_response(200, to_json(evidence));
              }});
}

}  // namespace fuwu::rating
