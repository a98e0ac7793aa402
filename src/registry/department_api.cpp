#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "registry/api.hpp"

namespace fuwu::registry {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

Response with_etag(int status, const Department& d) {
  Response r = http::json_response(status, boost::json::value_from(d));
  http::set_etag(r, d.version);
  return r;
}

Result<DepartmentInput> read_department(const http::Request& request) {
  FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(request));
  http::JsonFields fields(body);
  DepartmentInput input;
  auto name = fields.text("name", Presence::required, 60, 1);
  input.parent_id = fields.integer("parent_id", Presence::optional, 1, INT64_MAX);
  input.cost_centre = fields.text("cost_centre", Presence::optional, 40).value_or("");
  FUWU_TRY(fields.finish());
  input.name = *name;
  return input;
}

Result<DepartmentPatch> read_department_patch(const http::Request& request) {
  FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(request));
  http::JsonFields fields(body);
  DepartmentPatch patch;
  patch.name = fields.text("name", Presence::optional, 60, 1);
  const bool to_top = fields.is_null("parent_id");
  auto parent = fields.integer("parent_id", Presence::optional, 1, INT64_MAX);
  if (to_top)
    patch.parent_id = std::optional<std::int64_t>();
  else if (parent)
    patch.parent_id = parent;
  patch.cost_centre = fields.text("cost_centre", Presence::optional, 40);
  FUWU_TRY(fields.finish());
  return patch;
}

}  // namespace

void add_department_routes(http::Router& router, RegistryService& registry) {
  const auto admins = Access::only({auth::Role::operator_admin, auth::Role::client_admin});

  router.add({Method::get, "/api/v1/organizations/{id}/departments", Access::any_member(),
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto departments,
                                      registry.list_departments(c.principal(), id));
                boost::json::array items;
                for (const auto& d : departments) items.push_back(boost::json::value_from(d));
                return http::json_response(200, {{"items", std::move(items)}});
              }});

  router.add({Method::post, "/api/v1/organizations/{id}/departments", admins,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto input, read_department(c.request()));
                FUWU_ASSIGN_OR_RETURN(
                    auto created, registry.create_department(c.principal(), c.actor(), id, input));
                return with_etag(201, created);
              }});

  router.add({Method::patch, "/api/v1/departments/{id}", admins,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto patch, read_department_patch(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(
                    auto updated,
                    registry.update_department(c.principal(), c.actor(), id, version, patch));
                return with_etag(200, updated);
              }});

  router.add({Method::del, "/api/v1/departments/{id}", admins,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_TRY(registry.delete_department(c.principal(), c.actor(), id));
                Response r;
                r.status = 204;
                return r;
              }});
}

}  // namespace fuwu::registry
