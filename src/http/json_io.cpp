#include "http/json_io.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/utf8.hpp"

namespace fuwu::http {

Response json_response(int status, const boost::json::value& body) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

Result<boost::json::object> parse_json_object(const Request& request) {
  std::string_view content_type = request.header("content-type");
  if (auto semicolon = content_type.find(';'); semicolon != std::string_view::npos)
    content_type = content_type.substr(0, semicolon);
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  if (content_type != "application/json")
    return Status(ErrorCode::malformed_request,
                  "the body must be JSON (Content-Type: application/json)")
        .with_problem_code("unsupported_media_type");
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec)
    return Status(ErrorCode::malformed_request, "the body is not valid JSON: " + ec.message())
        .with_problem_code("malformed_json");
  if (!value.is_object())
    return Status(ErrorCode::invalid_argument, "the body must be a JSON object");
  return std::move(value.as_object());
}

const boost::json::value* JsonFields::lookup(std::string_view name, Presence presence) {
  seen_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (!value || value->is_null()) {
    if (presence == Presence::required) add_error(std::string(name), "is required");
    return nullptr;
  }
  return value;
}

void JsonFields::add_error(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

namespace {
std::optional<std::string> check_text(std::string_view s, std::size_t min_chars,
                                      std::size_t max_chars, std::string& error) {
  const auto count = utf8::count_code_points(s);
  if (!count) {
    error = "must be valid UTF-8";
    return std::nullopt;
  }
  for (char c : s) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      error = "must not contain control characters";
      return std::nullopt;
    }
  }
  if (*count < min_chars) {
    error = min_chars == 1 ? "must not be empty"
                           : "must be at least " + std::to_string(min_chars) + " characters";
    return std::nullopt;
  }
  if (*count > max_chars) {
    error = "must be at most " + std::to_string(max_chars) + " characters";
    return std::nullopt;
  }
  return std::string(s);
}
}  // namespace

std::optional<std::string> JsonFields::text(std::string_view name, Presence presence,
                                            std::size_t max_chars, std::size_t min_chars) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    add_error(std::string(name), "must be a string");
    return std::nullopt;
  }
  std::string error;
  auto checked = check_text(value->as_string(), min_chars, max_chars, error);
  if (!checked) add_error(std::string(name), error);
  return checked;
}

std::optional<std::int64_t> JsonFields::integer(std::string_view name, Presence presence,
                                                std::int64_t min, std::int64_t max) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  std::int64_t n = 0;
  if (value->is_int64()) {
    n = value->as_int64();
  } else if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    n = static_cast<std::int64_t>(value->as_uint64());
  } else {
    add_error(std::string(name), "must be an integer");
    return std::nullopt;
  }
  if (n < min || n > max) {
    add_error(std::string(name),
              "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<boost::json::object> JsonFields::object(std::string_view name, Presence presence,
                                                      std::size_t keys_max) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  if (!value->is_object()) {
    add_error(std::string(name), "must be an object");
    return std::nullopt;
  }
  if (value->as_object().size() > keys_max) {
    add_error(std::string(name), "must have at most " + std::to_string(keys_max) + " keys");
    return std::nullopt;
  }
  return value->as_object();
}

std::optional<std::vector<boost::json::object>> JsonFields::objects(std::string_view name,
                                                                    Presence presence,
                                                                    std::size_t items_max) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    add_error(std::string(name), "must be a list of objects");
    return std::nullopt;
  }
  const auto& list = value->as_array();
  if (list.size() > items_max) {
    add_error(std::string(name), "must have at most " + std::to_string(items_max) + " items");
    return std::nullopt;
  }
  std::vector<boost::json::object> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) {
      add_error(std::string(name) + "[" + std::to_string(i) + "]", "must be an object");
      return std::nullopt;
    }
    out.push_back(list[i].as_object());
  }
  return out;
}

void JsonFields::nested(std::string_view name, std::size_t index, const Status& status) {
  const std::string prefix = std::string(name) + "[" + std::to_string(index) + "]";
  if (status.fields().empty() && !status.is_ok()) add_error(prefix, status.message());
  for (const auto& f : status.fields()) add_error(prefix + "." + f.field, f.message);
}

std::optional<bool> JsonFields::boolean(std::string_view name, Presence presence) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  if (!value->is_bool()) {
    add_error(std::string(name), "must be true or false");
    return std::nullopt;
  }
  return value->as_bool();
}

std::optional<std::vector<std::int64_t>> JsonFields::integer_list(std::string_view name,
                                                                  Presence presence,
                                                                  std::size_t items_max,
                                                                  std::int64_t min,
                                                                  std::int64_t max) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    add_error(std::string(name), "must be an array of integers");
    return std::nullopt;
  }
  const auto& array = value->as_array();
  if (array.size() > items_max) {
    add_error(std::string(name), "must have at most " + std::to_string(items_max) + " items");
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string field = std::string(name) + "[" + std::to_string(i) + "]";
    if (!array[i].is_int64() || array[i].as_int64() < min || array[i].as_int64() > max) {
      add_error(field,
                "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    out.push_back(array[i].as_int64());
  }
  return out;
}

std::optional<std::vector<std::string>> JsonFields::text_list(std::string_view name,
                                                              Presence presence,
                                                              std::size_t items_max,
                                                              std::size_t item_chars_max) {
  const auto* value = lookup(name, presence);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    add_error(std::string(name), "must be an array of strings");
    return std::nullopt;
  }
  const auto& array = value->as_array();
  if (array.size() > items_max) {
    add_error(std::string(name), "must have at most " + std::to_string(items_max) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string field = std::string(name) + "[" + std::to_string(i) + "]";
    if (!array[i].is_string()) {
      add_error(field, "must be a string");
      return std::nullopt;
    }
    std::string error;
    auto checked = check_text(array[i].as_string(), 1, item_chars_max, error);
    if (!checked) {
      add_error(field, error);
      return std::nullopt;
    }
    out.push_back(std::move(*checked));
  }
  return out;
}

Status JsonFields::finish() {
  for (const auto& [key, value] : object_) {
    bool known = false;
    for (const auto& s : seen_) known |= (s == key);
    if (!known) add_error(std::string(key), "is not a known field");
  }
  if (errors_.empty()) return Status::ok();
  std::string message = "the request has invalid fields: ";
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i].field + " " + errors_[i].message;
  }
  return Status(ErrorCode::invalid_argument, message, errors_);
}

Result<std::int64_t> parse_limit(const Request& request) {
  const auto* limit = request.query_param("limit");
  if (!limit) return kPageLimitDefault;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
  if (ec != std::errc() || end != limit->data() + limit->size() || n < 1 || n > kPageLimitMax)
    return Status(ErrorCode::invalid_argument,
                  "limit must be an integer from 1 to " + std::to_string(kPageLimitMax),
                  {{"limit", "must be an integer from 1 to " + std::to_string(kPageLimitMax)}});
  return n;
}

Result<PageRequest> parse_page_request(const Request& request) {
  PageRequest page;
  FUWU_ASSIGN_OR_RETURN(page.limit, parse_limit(request));
  if (const auto* cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
    std::int64_t n = 0;
    const bool prefixed = cursor->size() > 1 && (*cursor)[0] == 'c';
    auto [end, ec] =
        prefixed ? std::from_chars(cursor->data() + 1, cursor->data() + cursor->size(), n, 36)
                 : std::from_chars_result{cursor->data(), std::errc::invalid_argument};
    if (!prefixed || ec != std::errc() || end != cursor->data() + cursor->size() || n < 0)
      return Status(ErrorCode::invalid_argument, "cursor is not one this server issued",
                    {{"cursor", "is not a cursor this server issued"}});
    page.after_id = n;
  }
  return page;
}

std::string encode_cursor(std::int64_t last_id) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, last_id, 36);
  return "c" + std::string(buffer, end);
}

Result<std::optional<std::int64_t>> query_id(const Request& request, std::string_view name) {
  const auto* raw = request.query_param(name);
  if (!raw || raw->empty()) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), n);
  if (ec != std::errc() || end != raw->data() + raw->size() || n <= 0)
    return Status(ErrorCode::invalid_argument, std::string(name) + " must be a positive integer",
                  {{std::string(name), "must be a positive integer"}});
  return std::optional<std::int64_t>(n);
}

Result<std::optional<std::string>> query_text(const Request& request, std::string_view name,
                                              std::size_t max_chars) {
  const auto* raw = request.query_param(name);
  if (!raw || raw->empty()) return std::optional<std::string>();
  const auto count = utf8::count_code_points(*raw);
  if (!count || *count > max_chars)
    return Status(
        ErrorCode::invalid_argument,
        std::string(name) + " must be at most " + std::to_string(max_chars) +
            " characters of UTF-8",
        {{std::string(name), "must be at most " + std::to_string(max_chars) + " characters"}});
  return std::optional<std::string>(*raw);
}

void set_etag(Response& response, std::int64_t version) {
  response.set_header("etag", "\"" + std::to_string(version) + "\"");
}

Result<std::int64_t> required_if_match(const Request& request) {
  std::string_view value = request.header("if-match");
  if (value.empty())
    return Status(ErrorCode::precondition_required,
                  "send If-Match with the ETag you read, so that concurrent changes are not lost");
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  std::int64_t version = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  // "0" names a record that does not exist yet (an employee's first travel profile); elsewhere
  // versions start at 1, so it is simply not current.
  if (ec != std::errc() || end != value.data() + value.size() || version < 0)
    return Status(ErrorCode::version_mismatch, "If-Match does not name a version of this record");
  return version;
}

boost::json::object page_body(boost::json::array items, std::optional<std::int64_t> next_after_id) {
  boost::json::object body;
  body["items"] = std::move(items);
  if (next_after_id)
    body["next_cursor"] = encode_cursor(*next_after_id);
  else
    body["next_cursor"] = nullptr;
  return body;
}

}  // namespace fuwu::http
