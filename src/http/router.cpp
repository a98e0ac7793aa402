#include "http/router.hpp"

#include <charconv>

namespace fuwu::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end;
  }
  return parts;
}

}  // namespace

void Router::add(Route route) {
  CompiledRoute compiled;
  for (auto part : split_path(route.pattern)) compiled.segments.emplace_back(part);
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(compiled));
}

bool Router::match_segments(const CompiledRoute& compiled,
                            const std::vector<std::string_view>& parts, PathParams* params) {
  if (compiled.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& segment = compiled.segments[i];
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      if (parts[i].empty()) return false;
      if (params)
        params->emplace_back(segment.substr(1, segment.size() - 2), std::string(parts[i]));
      continue;
    }
    if (segment != parts[i]) return false;
  }
  return true;
}

RouteMatch Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  RouteMatch result;
  // Literal segments win over parameters: "/users/me" before "/users/{id}".
  const Route* best = nullptr;
  PathParams best_params;
  int best_literals = -1;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    PathParams params;
    if (!match_segments(compiled_[i], parts, &params)) continue;
    // HEAD is answered by the GET route (the server sends the headers only).
    const bool same_method =
        routes_[i].method == method || (method == Method::head && routes_[i].method == Method::get);
    if (!same_method) {
      result.allowed_methods.push_back(routes_[i].method);
      continue;
    }
    const int literals = static_cast<int>(compiled_[i].segments.size() - params.size());
    if (literals > best_literals) {
      best = &routes_[i];
      best_params = std::move(params);
      best_literals = literals;
    }
  }
  if (best) {
    result.route = best;
    result.params = std::move(best_params);
    result.allowed_methods.clear();
  }
  return result;
}

audit::Actor RequestContext::actor() const {
  if (!principal_) return {std::nullopt, std::nullopt, request_id_};
  return {principal_->user_id, principal_->organization_id, request_id_};
}

std::string_view RequestContext::path_param(std::string_view name) const {
  for (const auto& [key, value] : params_)
    if (key == name) return value;
  return {};
}

Result<std::int64_t> RequestContext::id_param(std::string_view name) const {
  const std::string_view raw = path_param(name);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || end != raw.data() + raw.size() || id <= 0)
    return Status(ErrorCode::not_found, "no such " + std::string(name));
  return id;
}

}  // namespace fuwu::http
