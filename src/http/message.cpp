#include "http/message.hpp"

#include <boost/url/parse.hpp>

namespace fuwu::http {

const char* method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
    case Method::head:
      return "HEAD";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      return "OTHER";
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  if (name == "GET") return Method::get;
  if (name == "POST") return Method::post;
  if (name == "PUT") return Method::put;
  if (name == "PATCH") return Method::patch;
  if (name == "DELETE") return Method::del;
  if (name == "HEAD") return Method::head;
  if (name == "OPTIONS") return Method::options;
  return Method::other;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

const std::string* Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return &value;
  return nullptr;
}

Response& Response::set_header(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (key == name) {
      existing = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  path = parsed->path();
  query.clear();
  for (auto param : parsed->params()) query.emplace_back(param.key, param.value);
  return true;
}

}  // namespace fuwu::http
