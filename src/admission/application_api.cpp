#include <boost/json.hpp>

#include "admission/api.hpp"
#include "admission/material_check.hpp"
#include "http/json_io.hpp"

namespace fuwu::admission {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

constexpr std::size_t kContactCharsMax = 100;
constexpr std::size_t kCompanyNameCharsMax = 100;
constexpr std::size_t kUploadBytesMax = 16u << 20;

// Applicants have no account: the token they got when they started opens their application.
Result<std::int64_t> applicant_application(RequestContext& c, AdmissionService& service) {
  FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
  FUWU_TRY(service.check_token(id, c.request().header("x-application-token")));
  return id;
}

}  // namespace

boost::json::object application_view_json(const AdmissionService& service,
                                          const ApplicationView& view, Actor viewer) {
  boost::json::object body;
  body["application"] = boost::json::value_from(view.application);
  body["overdue"] = service.is_overdue(view.application);
  boost::json::array materials, events, verdicts, actions;
  for (const auto& m : view.materials) materials.push_back(boost::json::value_from(m));
  for (const auto& e : view.events) events.push_back(boost::json::value_from(e));
  for (const auto& v : view.live_verdicts) verdicts.push_back(verdict_to_json(v));
  for (Action a : allowed_actions(view.application.state, viewer))
    actions.emplace_back(action_name(a));
  body["materials"] = std::move(materials);
  body["timeline"] = std::move(events);
  body["live_verdicts"] = std::move(verdicts);
  body["rules_met"] = all_must_pass_rules_pass(view.live_verdicts);
  body["allowed_actions"] = std::move(actions);
  boost::json::object rules = rule_set_to_json(view.rule_set.rules).as_object();
  rules["version"] = view.rule_set.version;
  body["rule_set"] = std::move(rules);
  return body;
}

void add_application_routes(http::Router& router, AdmissionService& service,
                            http::RateLimiter& limiter, http::RateLimit start_limit) {
  auto view_response = [&service](std::int64_t id, int status) -> Result<Response> {
    FUWU_ASSIGN_OR_RETURN(auto view, service.view(id));
    Response r =
        http::json_response(status, application_view_json(service, view, Actor::applicant));
    http::set_etag(r, view.application.version);
    return r;
  };

  router.add({Method::post, "/api/v1/admission/applications", Access::public_route(),
              [&service, &limiter, start_limit](RequestContext& c) -> Result<Response> {
                // Starting needs no account, so it is limited per address.
                FUWU_TRY(limiter.hit(start_limit, c.request().remote_address));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto program_id = fields.integer("program_id", Presence::required, 1, INT64_MAX);
                auto name = fields.text("contact_name", Presence::required, kContactCharsMax, 1);
                auto email = fields.text("contact_email", Presence::required, 254, 3);
                auto phone = fields.text("contact_phone", Presence::optional, 32);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto started,
                    service.start_application(*program_id, {*name, *email, phone.value_or("")},
                                              c.request_id()));
                FUWU_ASSIGN_OR_RETURN(auto view, service.view(started.application.id));
                boost::json::object out = application_view_json(service, view, Actor::applicant);
                out["access_token"] = started.access_token;
                Response r = http::json_response(201, out);
                http::set_etag(r, view.application.version);
                return r;
              }});

  router.add({Method::get, "/api/v1/admission/applications/{id}", Access::public_route(),
              [&service, view_response](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                return view_response(id, 200);
              }});

  router.add({Method::patch, "/api/v1/admission/applications/{id}", Access::public_route(),
              [&service, view_response](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                ApplicationPatch patch;
                patch.contact_name =
                    fields.text("contact_name", Presence::optional, kContactCharsMax, 1);
                patch.contact_email = fields.text("contact_email", Presence::optional, 254, 3);
                patch.contact_phone = fields.text("contact_phone", Presence::optional, 32);
                patch.company_name =
                    fields.text("company_name", Presence::optional, kCompanyNameCharsMax, 1);
                const bool clear_code = fields.is_null("credit_code");
                auto code = fields.text("credit_code", Presence::optional, 24, 1);
                if (clear_code)
                  patch.credit_code = std::optional<std::string>();
                else if (code)
                  patch.credit_code = std::optional<std::string>(*code);
                patch.provider_type = fields.text("provider_type", Presence::optional, 16);
                patch.service_categories =
                    fields.text_list("service_categories", Presence::optional, 10, 40);
                patch.facts = fields.object("facts", Presence::optional, 40);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_TRY(service.update(id, version, patch, c.request_id()).status());
                return view_response(id, 200);
              }});

  router.add({Method::post, "/api/v1/admission/applications/{id}/submit", Access::public_route(),
              [&service, view_response](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                FUWU_TRY(service.submit(id, c.request_id()).status());
                return view_response(id, 200);
              }});

  router.add({Method::post, "/api/v1/admission/applications/{id}/withdraw", Access::public_route(),
              [&service, view_response](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                std::string note;
                if (!c.request().body.empty()) {
                  FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                  http::JsonFields fields(body);
                  note = fields.text("note", Presence::optional, 1000).value_or("");
                  FUWU_TRY(fields.finish());
                }
                FUWU_TRY(service.withdraw(id, note, c.request_id()).status());
                return view_response(id, 200);
              }});

  // Raw bytes in the body; the type is read from the bytes, the name and type from the query.
  router.add({Method::post, "/api/v1/admission/applications/{id}/materials", Access::public_route(),
              [&service](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                const auto* type = c.request().query_param("material_type");
                const auto* name = c.request().query_param("file_name");
                std::vector<FieldError> missing;
                if (!type || type->empty())
                  missing.push_back({"material_type", "is required (query parameter)"});
                if (!name || name->empty())
                  missing.push_back({"file_name", "is required (query parameter)"});
                if (!missing.empty())
                  return Status(ErrorCode::invalid_argument, "say what the file is", missing);
                FUWU_ASSIGN_OR_RETURN(
                    auto material,
                    service.add_material(id, *type, *name, c.request().body, c.request_id()));
                return http::json_response(201, boost::json::value_from(material));
              },
              false, kUploadBytesMax});

  router.add({Method::del, "/api/v1/admission/applications/{id}/materials/{material_id}",
              Access::public_route(), [&service](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                FUWU_ASSIGN_OR_RETURN(auto material_id, c.id_param("material_id"));
                FUWU_TRY(service.remove_material(id, material_id, c.request_id()));
                Response r;
                r.status = 204;
                return r;
              }});

  router.add({Method::get, "/api/v1/admission/applications/{id}/materials/{material_id}/file",
              Access::public_route(), [&service](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, applicant_application(c, service));
                FUWU_ASSIGN_OR_RETURN(auto material_id, c.id_param("material_id"));
                FUWU_ASSIGN_OR_RETURN(auto file, service.material_file(id, material_id));
                return material_download(file.material, std::move(file.bytes));
              }});
}

}  // namespace fuwu::admission
