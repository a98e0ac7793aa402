#include <boost/json.hpp>

#include "auth/api.hpp"
#include "http/json_io.hpp"

namespace fuwu::auth {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

void add_session_routes(http::Router& router, SessionService& sessions, DirectoryService& directory,
                        http::RateLimiter& limiter, http::RateLimit login_limit) {
  router.add(
      {Method::post, "/api/v1/auth/login", Access::public_route(),
       [&sessions, &directory, &limiter, login_limit](RequestContext& c) -> Result<Response> {
         // Per address, on top of the per-account slow-down: password spraying across accounts.
         FUWU_TRY(limiter.hit(login_limit, c.request().remote_address));
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields fields(body);
         auto email = fields.text("email", Presence::required, kEmailCharsMax, 1);
         auto password = fields.text("password", Presence::required, kPasswordCharsMax, 1);
         FUWU_TRY(fields.finish());
         FUWU_ASSIGN_OR_RETURN(auto login, sessions.login(*email, *password, c.request_id()));
         FUWU_ASSIGN_OR_RETURN(auto user,
                               directory.get_user(login.principal, login.principal.user_id));
         return http::json_response(200, {{"token", login.token},
                                          {"expires_at", login.expires_at},
                                          {"user", boost::json::value_from(user)}});
       }});

  router.add({Method::post, "/api/v1/auth/logout", Access::any_member(),
              [&](RequestContext& c) -> Result<Response> {
                FUWU_TRY(sessions.logout(c.principal(), c.actor()));
                Response r;
                r.status = 204;
                return r;
              }});

  router.add(
      {Method::get, "/api/v1/me", Access::any_member(), [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto user, directory.get_user(c.principal(), c.principal().user_id));
         // The roles of this session's membership, which is what the request may do.
         boost::json::object body = boost::json::value_from(user).as_object();
         boost::json::array roles;
         for (const auto& name : c.principal().roles.names()) roles.emplace_back(name);
         body["roles"] = std::move(roles);
         return http::json_response(200, body);
       }});

  const auto key_admins =
      Access::only({Role::operator_admin, Role::client_admin, Role::provider_admin});
  router.add(
      {Method::get, "/api/v1/api-keys", key_admins, [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto page, http::parse_page_request(c.request()));
         FUWU_ASSIGN_OR_RETURN(
             auto keys, sessions.list_api_keys(c.principal(), page.after_id, page.limit + 1));
         return http::page_response(std::move(keys), page);
       }});

  router.add(
      {Method::post, "/api/v1/api-keys", key_admins, [&](RequestContext& c) -> Result<Response> {
         FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
         http::JsonFields fields(body);
         auto name = fields.text("name", Presence::required, kNameCharsMax, 1);
         auto user_id = fields.integer("user_id", Presence::required, 1, INT64_MAX);
         auto expires_at = fields.integer("expires_at", Presence::optional, 1, INT64_MAX);
         FUWU_TRY(fields.finish());
         FUWU_ASSIGN_OR_RETURN(auto created, sessions.create_api_key(c.principal(), c.actor(),
                                                                     *user_id, *name, expires_at));
         boost::json::object out = boost::json::value_from(created.key).as_object();
         out["secret"] = created.secret;
         return http::json_response(201, out);
       }});

  router.add({Method::del, "/api/v1/api-keys/{id}", key_admins,
              [&](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_TRY(sessions.revoke_api_key(c.principal(), c.actor(), id));
                Response r;
                r.status = 204;
                return r;
              }});
}

}  // namespace fuwu::auth
