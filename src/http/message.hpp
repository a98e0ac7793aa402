// HTTP request and response as plain values: what handlers see. The wire (Beast) stays inside
// server.cpp so that no domain module compiles Asio.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fuwu::http {

enum class Method { get, post, put, patch, del, head, options, other };

const char* method_name(Method method);
Method parse_method(std::string_view name);

using Headers = std::vector<std::pair<std::string, std::string>>;  // names in lower case

struct Request {
  Method method = Method::get;
  std::string target;                                      // path and query as sent
  std::string path;                                        // decoded path without query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string remote_address;

  // Empty if absent. `name` in lower case.
  std::string_view header(std::string_view name) const;
  // The first value of a query parameter, or nullopt-like empty with found=false.
  const std::string* query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;
  std::string body;
  // Held this long before it is written, without blocking a thread: the supplier simulator's
  // latency. A client that gives up meanwhile simply finds the connection closed.
  std::int64_t delay_ms = 0;

  Response& set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;
};

// Splits a request target into decoded path and query parameters; false if malformed.
bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);

}  // namespace fuwu::http
