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

Result<std::string> optional_reason(const http::Request& request, bool required) {
  if (request.body.empty()) {
    if (required)
      return Status(ErrorCode::invalid_argument, "give a reason", {{"reason", "is required"}});
    return std::string();
  }
  FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(request));
  http::JsonFields fields(body);
  auto reason = fields.text("reason", required ? Presence::required : Presence::optional, 1000);
  FUWU_TRY(fields.finish());
  return reason.value_or("");
}

}  // namespace

Response material_download(const Material& material, std::string bytes) {
  Response r;
  r.content_type = material.content_type;
  r.body = std::move(bytes);
  // RFC 6266 / 5987: the original (often Chinese) name, percent-encoded.
  std::string encoded;
  for (unsigned char ch : material.file_name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", ch);
      encoded += buffer;
    }
  }
  r.set_header("content-disposition", "attachment; filename*=UTF-8''" + encoded);
  r.set_header("x-content-type-options", "nosniff");
  r.set_header("cache-control", "private, no-store");
  return r;
}

void add_review_routes(http::Router& router, AdmissionService& service) {
  const auto reviewers = Access::only({auth::Role::reviewer, auth::Role::operator_admin});

  router.add({Method::get, "/api/v1/admission/review/applications", reviewers,
              [&service](RequestContext& c) -> Result<Response> {
                // The queue is ordered by due date, so its cursor is its own (see review_queue).
                FUWU_ASSIGN_OR_RETURN(auto limit, http::parse_limit(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto program, http::query_id(c.request(), "program_id"));
                std::optional<State> state;
                if (const auto* raw = c.request().query_param("state"); raw && !raw->empty()) {
                  state = parse_state(*raw);
                  if (!state)
                    return Status(ErrorCode::invalid_argument, "unknown state " + *raw,
                                  {{"state", "unknown state"}});
                }
                const auto* cursor = c.request().query_param("cursor");
                FUWU_ASSIGN_OR_RETURN(
                    auto result,
                    service.review_queue(program, state, cursor ? *cursor : "", limit));
                boost::json::array items;
                for (const auto& a : result.items) {
                  boost::json::object item = boost::json::value_from(a).as_object();
                  item["overdue"] = service.is_overdue(a);
                  items.push_back(std::move(item));
                }
                boost::json::object body{{"items", std::move(items)}};
                body["next_cursor"] =
                    result.next_cursor ? boost::json::value(*result.next_cursor) : nullptr;
                return http::json_response(200, body);
              }});

  router.add({Method::get, "/api/v1/admission/review/applications/{id}", reviewers,
              [&service](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto view, service.view(id));
                Response r =
                    http::json_response(200, application_view_json(service, view, Actor::reviewer));
                http::set_etag(r, view.application.version);
                return r;
              }});

  router.add({Method::get,
              "/api/v1/admission/review/applications/{id}/materials/{material_id}/file", reviewers,
              [&service](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto material_id, c.id_param("material_id"));
                FUWU_ASSIGN_OR_RETURN(auto file, service.material_file(id, material_id));
                return material_download(file.material, std::move(file.bytes));
              }});

  auto decision = [&service](const char* path, Action action) {
    return http::Route{
        Method::post, path, Access::only({auth::Role::reviewer, auth::Role::operator_admin}),
        [&service, action](RequestContext& c) -> Result<Response> {
          FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
          const bool reason_required =
              action == Action::reject || action == Action::request_changes;
          FUWU_ASSIGN_OR_RETURN(auto reason, optional_reason(c.request(), reason_required));
          boost::json::object extra;
          switch (action) {
            case Action::claim:
              FUWU_TRY(service.claim(c.principal(), c.actor(), id).status());
              break;
            case Action::reject:
              FUWU_TRY(service.reject(c.principal(), c.actor(), id, reason).status());
              break;
            case Action::request_changes:
              FUWU_TRY(service.request_changes(c.principal(), c.actor(), id, reason).status());
              break;
            case Action::approve: {
              FUWU_ASSIGN_OR_RETURN(auto approval,
                                    service.approve(c.principal(), c.actor(), id, reason));
              extra["provider_organization"] = boost::json::value_from(approval.organization);
              extra["provider_admin"] = boost::json::value_from(approval.admin);
              extra["one_time_password"] = approval.one_time_password;
              break;
            }
            default:
              return Status(ErrorCode::internal, "not a reviewer decision");
          }
          FUWU_ASSIGN_OR_RETURN(auto view, service.view(id));
          boost::json::object body = application_view_json(service, view, Actor::reviewer);
          for (auto& [key, value] : extra) body[key] = value;
          Response r = http::json_response(200, body);
          http::set_etag(r, view.application.version);
          return r;
        }};
  };
  router.add(decision("/api/v1/admission/review/applications/{id}/claim", Action::claim));
  router.add(decision("/api/v1/admission/review/applications/{id}/approve", Action::approve));
  router.add(decision("/api/v1/admission/review/applications/{id}/reject", Action::reject));
  router.add(decision("/api/v1/admission/review/applications/{id}/request-changes",
                      Action::request_changes));
}

}  // namespace fuwu::admission
