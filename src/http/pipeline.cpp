#include "http/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/crypto.hpp"
#include "http/problem.hpp"

namespace fuwu::http {
namespace {

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::string_view credential_of(const Request& request) {
  std::string_view authorization = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer)
    return authorization.substr(kBearer.size());
  return request.header("x-api-key");
}

constexpr std::size_t kIdempotencyKeyCharsMax = 200;

}  // namespace

Pipeline::Pipeline(const Router& router, Authenticator& authenticator,
                   IdempotencyStore& idempotency, Metrics& metrics, const StaticFiles* static_files,
                   PipelineOptions options)
    : router_(router),
      authenticator_(authenticator),
      idempotency_(idempotency),
      metrics_(metrics),
      static_files_(static_files),
      options_(options),
      access_log_(spdlog::get("access")) {}

Dispatcher Pipeline::dispatcher() {
  Dispatcher d;
  d.runs_inline = [this](const Request& r) { return runs_inline(r); };
  d.waits_on_network = [this](const Request& r) {
    auto match = router_.match(r.method, r.path);
    return match.route && match.route->waits_on_network;
  };
  d.handle = [this](Request& r) { return handle(r); };
  d.body_limit = [this](Method m, std::string_view target) { return body_limit(m, target); };
  d.refuse = [this](const Status& s) { return refuse(s); };
  return d;
}

bool Pipeline::runs_inline(const Request& request) const {
  auto match = router_.match(request.method, request.path);
  return match.route && match.route->runs_inline;
}

std::size_t Pipeline::body_limit(Method method, std::string_view target) const {
  const std::string_view path = target.substr(0, target.find('?'));
  auto match = router_.match(method, path);
  if (match.route && match.route->body_bytes_max > 0) return match.route->body_bytes_max;
  return options_.body_bytes_max;
}

Response Pipeline::refuse(const Status& status) {
  const std::string request_id = crypto::random_hex(8);
  Response response = problem_response(status, request_id);
  response.set_header("x-request-id", request_id);
  metrics_.observe("-", "refused", response.status, 0);
  return response;
}

Response Pipeline::handle(Request& request) {
  const auto started = std::chrono::steady_clock::now();
  const std::string_view incoming_id = request.header("x-request-id");
  const std::string request_id =
      is_acceptable_request_id(incoming_id) ? std::string(incoming_id) : crypto::random_hex(8);
  std::string route_label = "unmatched";
  std::int64_t user_id = 0;
  Response response;
  try {
    response = dispatch(request, request_id, route_label, user_id);
  } catch (const std::exception& e) {
    spdlog::error("request {} failed with an exception: {}", request_id, e.what());
    response = problem_response(Status(ErrorCode::internal, e.what()), request_id);
  }
  response.set_header("x-request-id", request_id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.observe(method_name(request.method), route_label, response.status, seconds);
  if (options_.access_log && access_log_) {
    boost::json::object line;
    line["request_id"] = request_id;
    line["method"] = method_name(request.method);
    line["path"] = request.path;
    line["route"] = route_label;
    line["status"] = response.status;
    line["duration_ms"] = seconds * 1000.0;
    line["bytes"] = response.body.size();
    line["user_id"] = user_id;
    line["remote"] = request.remote_address;
    access_log_->info(boost::json::serialize(line));
  }
  return response;
}

Response Pipeline::dispatch(Request& request, const std::string& request_id,
                            std::string& route_label, std::int64_t& user_id) {
  auto match = router_.match(request.method, request.path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) {
      std::string allow;
      for (Method m : match.allowed_methods)
        allow += (allow.empty() ? "" : ", ") + std::string(method_name(m));
      Response response = problem_response(
          Status(ErrorCode::malformed_request, std::string(method_name(request.method)) +
                                                   " is not allowed here; allowed: " + allow)
              .with_problem_code("method_not_allowed"),
          request_id);
      response.set_header("allow", allow);
      return response;
    }
    if (static_files_ && !request.path.starts_with("/api/")) {
      if (auto file = static_files_->serve(request)) {
        route_label = "static";
        return std::move(*file);
      }
    }
    return problem_response(
        Status(ErrorCode::not_found, "no route for " + request.path).with_problem_code("no_route"),
        request_id);
  }
  const Route& route = *match.route;
  route_label = route.pattern;
  RequestContext context(request, std::move(match.params), request_id);

  if (route.access.kind != Access::Kind::public_route) {
    const std::string_view credential = credential_of(request);
    if (credential.empty())
      return problem_response(
          Status(ErrorCode::unauthenticated, "sign in first: send Authorization: Bearer <token>"),
          request_id);
    auto principal = authenticator_.authenticate(credential);
    if (!principal) return problem_response(principal.status(), request_id);
    user_id = principal->user_id;
    if (route.access.kind == Access::Kind::roles &&
        !principal->roles.intersects(route.access.roles))
      return problem_response(Status(ErrorCode::forbidden, "your role does not allow this"),
                              request_id);
    context.set_principal(std::move(principal).value());
  }

  const std::string_view key = request.header("idempotency-key");
  if (request.method != Method::post || key.empty() || !context.authenticated())
    return invoke(route, context);

  if (key.size() > kIdempotencyKeyCharsMax)
    return problem_response(
        Status(ErrorCode::invalid_argument, "Idempotency-Key is longer than 200 characters",
               {{"Idempotency-Key", "must be at most 200 characters"}}),
        request_id);
  const std::string owner = "user:" + std::to_string(context.principal().user_id);
  const std::string key_text(key);
  auto claim = idempotency_.claim(owner, key_text, request);
  if (!claim) return problem_response(claim.status(), request_id);
  if (auto* replay = std::get_if<IdempotencyStore::Replay>(&claim.value()))
    return std::move(replay->response);
  Response response = invoke(route, context);
  if (response.status >= 500)
    idempotency_.release(owner, key_text);
  else
    idempotency_.complete(owner, key_text, response);
  return response;
}

Response Pipeline::invoke(const Route& route, RequestContext& context) {
  auto result = route.handler(context);
  if (!result) {
    const Status status = result.status();
    if (status.code() == ErrorCode::internal)
      spdlog::error("request {} on {}: {}", context.request_id(), route.pattern, status.message());
    return problem_response(status, context.request_id());
  }
  return std::move(result).value();
}

}  // namespace fuwu::http
