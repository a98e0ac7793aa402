#include <boost/json.hpp>

#include "admission/api.hpp"
#include "http/json_io.hpp"

namespace fuwu::admission {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

constexpr std::size_t kProgramNameCharsMax = 60;
constexpr std::size_t kDescriptionCharsMax = 2000;
constexpr std::size_t kRuleSetBytesMax = 256 * 1024;

boost::json::object rule_set_json(const RuleSetVersion& r) {
  boost::json::object o = rule_set_to_json(r.rules).as_object();
  o["program_id"] = r.program_id;
  o["version"] = r.version;
  o["note"] = r.note;
  o["created_at"] = r.created_at;
  o["created_by"] = r.created_by ? boost::json::value(*r.created_by) : boost::json::value(nullptr);
  return o;
}

Response program_response(int status, const Program& p) {
  Response r = http::json_response(status, boost::json::value_from(p));
  http::set_etag(r, p.version);
  return r;
}

}  // namespace

void add_program_routes(http::Router& router, AdmissionService& service) {
  const auto operators = Access::only({auth::Role::operator_admin});

  router.add({Method::get, "/api/v1/admission/programs", Access::public_route(),
              [&](RequestContext&) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto programs, service.list_programs());
                boost::json::array items;
                for (const auto& p : programs) items.push_back(boost::json::value_from(p));
                return http::json_response(200, {{"items", std::move(items)}});
              }});

  router.add({Method::get, "/api/v1/admission/programs/{id}", Access::public_route(),
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto program, service.get_program(id));
                FUWU_ASSIGN_OR_RETURN(auto rules, service.get_rule_set(id, std::nullopt));
                Response r = program_response(200, program);
                boost::json::object body = boost::json::value_from(program).as_object();
                body["rule_set"] = rule_set_json(rules);
                r.body = boost::json::serialize(body);
                return r;
              }});

  router.add(
      {Method::post, "/api/v1/admission/programs", operators,
       [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields fields(body);
         NewProgram program;
         auto code = fields.text("code", Presence::required, 40, 2);
         auto name_zh = fields.text("name_zh", Presence::required, kProgramNameCharsMax, 1);
         auto name_en = fields.text("name_en", Presence::required, kProgramNameCharsMax, 1);
         auto description = fields.text("description", Presence::optional, kDescriptionCharsMax);
         auto sla = fields.integer("review_sla_working_days", Presence::optional, 1, 60);
         auto rules_value = fields.object("rule_set", Presence::optional, 1);
         if (code)
           for (char ch : *code)
             if (!(std::islower(static_cast<unsigned char>(ch)) ||
                   std::isdigit(static_cast<unsigned char>(ch)) || ch == '_')) {
               fields.add_error("code", "must use a-z, 0-9 and _");
               break;
             }
         FUWU_TRY(fields.finish());
         RuleSet rules = default_rule_set();
         if (rules_value) {
           FUWU_ASSIGN_OR_RETURN(rules, rule_set_from_json(*rules_value));
         }
         program.code = *code;
         program.name_zh = *name_zh;
         program.name_en = *name_en;
         program.description = description.value_or("");
         program.review_sla_working_days = static_cast<int>(sla.value_or(10));
         FUWU_ASSIGN_OR_RETURN(auto created, service.create_program(c.actor(), program, rules));
         return program_response(201, created);
       }});

  router.add(
      {Method::patch, "/api/v1/admission/programs/{id}", operators,
       [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields fields(body);
         ProgramPatch patch;
         patch.name_zh = fields.text("name_zh", Presence::optional, kProgramNameCharsMax, 1);
         patch.name_en = fields.text("name_en", Presence::optional, kProgramNameCharsMax, 1);
         patch.description = fields.text("description", Presence::optional, kDescriptionCharsMax);
         patch.status = fields.text("status", Presence::optional, 16);
         if (auto sla = fields.integer("review_sla_working_days", Presence::optional, 1, 60))
           patch.review_sla_working_days = static_cast<int>(*sla);
         if (patch.status && *patch.status != "open" && *patch.status != "closed")
           fields.add_error("status", "must be open or closed");
         FUWU_TRY(fields.finish());
         FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
         FUWU_ASSIGN_OR_RETURN(auto program, service.update_program(c.actor(), id, version, patch));
         return program_response(200, program);
       }});

  router.add({Method::get, "/api/v1/admission/programs/{id}/rule-sets",
              Access::only({auth::Role::operator_admin, auth::Role::reviewer}),
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto history, service.rule_set_history(id));
                boost::json::array items;
                for (const auto& r : history) items.push_back(rule_set_json(r));
                return http::json_response(200, {{"items", std::move(items)}});
              }});

  router.add({Method::get, "/api/v1/admission/programs/{id}/rule-sets/{version}",
              Access::public_route(), [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto version, c.id_param("version"));
                FUWU_ASSIGN_OR_RETURN(auto rules, service.get_rule_set(id, version));
                return http::json_response(200, rule_set_json(rules));
              }});

  router.add({Method::post, "/api/v1/admission/programs/{id}/rule-sets", operators,
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                auto note_value = body.if_contains("note");
                std::string note;
                if (note_value && note_value->is_string())
                  note = std::string(note_value->as_string());
                boost::json::object rules_only;
                if (auto* rules = body.if_contains("rules")) rules_only["rules"] = *rules;
                for (const auto& [key, value] : body)
                  if (key != "rules" && key != "note")
                    return Status(ErrorCode::invalid_argument,
                                  std::string(key) + " is not a known field",
                                  {{std::string(key), "is not a known field"}});
                FUWU_ASSIGN_OR_RETURN(auto rules, rule_set_from_json(rules_only));
                FUWU_ASSIGN_OR_RETURN(auto published,
                                      service.publish_rule_set(c.actor(), id, rules, note));
                return http::json_response(201, rule_set_json(published));
              },
              false, kRuleSetBytesMax});
}

}  // namespace fuwu::admission
