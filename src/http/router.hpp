// Router: maps method + path pattern ("/api/v1/users/{id}") to a handler with its access rule.
// The route table is also what the OpenAPI document is checked against.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/principal.hpp"
#include "core/status.hpp"
#include "http/message.hpp"

namespace fuwu::http {

class RequestContext;
using Handler = std::function<Result<Response>(RequestContext&)>;

struct Access {
  enum class Kind { public_route, any_member, roles };
  Kind kind = Kind::any_member;
  auth::RoleSet roles;

  static Access public_route() { return {Kind::public_route, {}}; }
  static Access any_member() { return {Kind::any_member, {}}; }
  static Access only(auth::RoleSet roles) { return {Kind::roles, roles}; }
};

struct Route {
  Method method = Method::get;
  std::string pattern;
  Access access;
  Handler handler;
  // Cheap handlers that never touch the database run on the I/O thread.
  bool runs_inline = false;
  // Largest request body this route takes; 0 means the server's default (server.body_bytes_max).
  std::size_t body_bytes_max = 0;
  // Waits on other services (suppliers): runs on the server's waiting threads, not the workers.
  bool waits_on_network = false;
};

using PathParams = std::vector<std::pair<std::string, std::string>>;

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this path/method
  PathParams params;
  std::vector<Method> allowed_methods;  // non-empty when the path exists but the method does not
};

class Router {
 public:
  void add(Route route);
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct CompiledRoute {
    std::vector<std::string> segments;  // "{name}" marks a parameter
  };
  static bool match_segments(const CompiledRoute& compiled,
                             const std::vector<std::string_view>& parts, PathParams* params);
  std::vector<Route> routes_;
  std::vector<CompiledRoute> compiled_;
};

// What a handler sees.
class RequestContext {
 public:
  RequestContext(const Request& request, PathParams params, std::string request_id)
      : request_(request), params_(std::move(params)), request_id_(std::move(request_id)) {}

  const Request& request() const { return request_; }
  const std::string& request_id() const { return request_id_; }
  // REQUIRES: the route is not public.
  const auth::Principal& principal() const { return *principal_; }
  bool authenticated() const { return principal_.has_value(); }
  void set_principal(auth::Principal p) { principal_ = std::move(p); }

  // The audit actor of this request: its principal (if any) and request id.
  audit::Actor actor() const;

  std::string_view path_param(std::string_view name) const;
  // A positive integer id from the path; not_found when it is not one (an id that cannot exist).
  Result<std::int64_t> id_param(std::string_view name) const;

 private:
  const Request& request_;
  PathParams params_;
  std::string request_id_;
  std::optional<auth::Principal> principal_;
};

}  // namespace fuwu::http
