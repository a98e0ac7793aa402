#include <boost/json.hpp>

#include "auth/api.hpp"
#include "http/json_io.hpp"

namespace fuwu::auth {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

Response with_etag(int status, const auto& entity) {
  Response r = http::json_response(status, boost::json::value_from(entity));
  http::set_etag(r, entity.version);
  return r;
}

std::optional<RoleSet> read_roles(http::JsonFields& fields, Presence presence) {
  auto names = fields.text_list("roles", presence, all_roles().size(), 32);
  if (!names) return std::nullopt;
  RoleSet roles;
  for (const auto& name : *names) {
    auto role = parse_role(name);
    if (!role) {
      fields.add_error("roles", "unknown role " + name);
      return std::nullopt;
    }
    roles.add(*role);
  }
  return roles;
}

void check_status_value(http::JsonFields& fields, const std::optional<std::string>& status,
                        std::initializer_list<std::string_view> allowed) {
  if (!status) return;
  for (auto a : allowed)
    if (*status == a) return;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fields.add_error("status", "must be one of " + list);
}

void check_region(http::JsonFields& fields, const std::optional<std::string>& region) {
  if (region && !is_region_code(*region))
    fields.add_error("region_code", "is not a China administrative-division code");
}

}  // namespace

void add_directory_routes(http::Router& router, DirectoryService& directory) {
  const auto operators = Access::only({Role::operator_admin});
  const auto user_admins =
      Access::only({Role::operator_admin, Role::client_admin, Role::provider_admin});

  router.add({Method::get, "/api/v1/organizations", Access::any_member(),
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto page, http::parse_page_request(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto q, http::query_text(c.request(), "q", kNameCharsMax));
                std::optional<OrganizationKind> kind;
                if (const auto* raw = c.request().query_param("kind"); raw && !raw->empty()) {
                  kind = parse_organization_kind(*raw);
                  if (!kind)
                    return Status(ErrorCode::invalid_argument,
                                  "kind must be platform, client, provider or supplier",
                                  {{"kind", "must be platform, client, provider or supplier"}});
                }
                FUWU_ASSIGN_OR_RETURN(
                    auto orgs, directory.list_organizations(c.principal(), kind, q, page.after_id,
                                                            page.limit + 1));
                return http::page_response(std::move(orgs), page);
              }});

  router.add({Method::post, "/api/v1/organizations", operators,
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto name = fields.text("name", Presence::required, kNameCharsMax, 1);
                auto kind_text = fields.text("kind", Presence::required, 16, 1);
                auto region = fields.text("region_code", Presence::optional, kRegionCodeCharsMax);
                std::optional<OrganizationKind> kind;
                if (kind_text) {
                  kind = parse_organization_kind(*kind_text);
                  if (!kind || *kind == OrganizationKind::platform)
                    fields.add_error("kind", "must be client, provider or supplier");
                }
                check_region(fields, region);
                FUWU_TRY(fields.finish());
                Organization org;
                org.name = *name;
                org.kind = *kind;
                org.region_code = region.value_or("");
                FUWU_ASSIGN_OR_RETURN(auto created, directory.create_organization(c.actor(), org));
                return with_etag(201, created);
              }});

  router.add({Method::get, "/api/v1/organizations/{id}", Access::any_member(),
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto org, directory.get_organization(c.principal(), id));
                return with_etag(200, org);
              }});

  router.add({Method::patch, "/api/v1/organizations/{id}", operators,
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                OrganizationPatch patch;
                patch.name = fields.text("name", Presence::optional, kNameCharsMax, 1);
                patch.region_code =
                    fields.text("region_code", Presence::optional, kRegionCodeCharsMax);
                patch.status = fields.text("status", Presence::optional, 16);
                check_status_value(fields, patch.status, {"active", "suspended"});
                check_region(fields, patch.region_code);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto org, directory.update_organization(
                                                    c.principal(), c.actor(), id, version, patch));
                return with_etag(200, org);
              }});

  router.add(
      {Method::get, "/api/v1/users", user_admins, [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto page, http::parse_page_request(c.request()));
         FUWU_ASSIGN_OR_RETURN(auto org, http::query_id(c.request(), "organization_id"));
         FUWU_ASSIGN_OR_RETURN(auto q, http::query_text(c.request(), "q", kNameCharsMax));
         FUWU_ASSIGN_OR_RETURN(auto users, directory.list_users(c.principal(), org, q,
                                                                page.after_id, page.limit + 1));
         return http::page_response(std::move(users), page);
       }});

  router.add(
      {Method::post, "/api/v1/users", user_admins, [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields fields(body);
         NewUser user;
         auto email = fields.text("email", Presence::required, kEmailCharsMax, 3);
         auto name = fields.text("name", Presence::required, kNameCharsMax, 1);
         auto password = fields.text("password", Presence::required, kPasswordCharsMax, 1);
         auto org = fields.integer("organization_id", Presence::required, 1, INT64_MAX);
         auto roles = read_roles(fields, Presence::required);
         FUWU_TRY(fields.finish());
         user.email = *email;
         user.name = *name;
         user.password = *password;
         user.organization_id = *org;
         user.roles = *roles;
         FUWU_ASSIGN_OR_RETURN(auto created, directory.create_user(c.principal(), c.actor(), user));
         return with_etag(201, created);
       }});

  router.add(
      {Method::get, "/api/v1/users/{id}", user_admins, [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
         FUWU_ASSIGN_OR_RETURN(auto user, directory.get_user(c.principal(), id));
         return with_etag(200, user);
       }});

  router.add({Method::patch, "/api/v1/users/{id}", user_admins,
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                UserPatch patch;
                patch.name = fields.text("name", Presence::optional, kNameCharsMax, 1);
                patch.status = fields.text("status", Presence::optional, 16);
                patch.password = fields.text("password", Presence::optional, kPasswordCharsMax, 1);
                patch.roles = read_roles(fields, Presence::optional);
                check_status_value(fields, patch.status, {"active", "disabled"});
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(
                    auto user, directory.update_user(c.principal(), c.actor(), id, version, patch));
                return with_etag(200, user);
              }});
}

}  // namespace fuwu::auth
