// JSON in and out of handlers: parsing request bodies strictly and reading typed fields with
// per-field errors, and writing JSON responses. One codec for every module.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "http/message.hpp"

namespace fuwu::http {

Response json_response(int status, const boost::json::value& body);

// The body as a JSON object. Refuses a wrong Content-Type (415), malformed JSON (400),
// nesting deeper than 32 and anything that is not an object (422).
Result<boost::json::object> parse_json_object(const Request& request);

enum class Presence { required, optional };

// Reads fields of a request object, collecting every problem so one 422 names them all.
// Fields not read are reported as unknown.
class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}

  // Text: well-formed UTF-8, no control characters except newline and tab, length in
  // Unicode code points between min_chars and max_chars.
  std::optional<std::string> text(std::string_view name, Presence presence, std::size_t max_chars,
                                  std::size_t min_chars = 0);
  std::optional<std::int64_t> integer(std::string_view name, Presence presence, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(std::string_view name, Presence presence);
  std::optional<std::vector<std::string>> text_list(std::string_view name, Presence presence,
                                                    std::size_t items_max,
                                                    std::size_t item_chars_max);
  // A nested object, checked by the caller; at most `keys_max` keys.
  std::optional<boost::json::object> object(std::string_view name, Presence presence,
                                            std::size_t keys_max);
  // A list of whole numbers, each between min and max, at most `items_max` of them.
  std::optional<std::vector<std::int64_t>> integer_list(std::string_view name, Presence presence,
                                                        std::size_t items_max, std::int64_t min,
                                                        std::int64_t max);
  // A list of objects, at most `items_max`, each read by the caller with its own JsonFields
  // whose problems go back through `nested` (named "<name>[i].<field>").
  std::optional<std::vector<boost::json::object>> objects(std::string_view name, Presence presence,
                                                          std::size_t items_max);
  void nested(std::string_view name, std::size_t index, const Status& status);
  bool has(std::string_view name) const { return object_.contains(name); }
  // True when the field is present with an explicit null (which clears a value in a PATCH).
  bool is_null(std::string_view name) const {
    const auto* v = object_.if_contains(name);
    return v && v->is_null();
  }
  void add_error(std::string field, std::string message);

  // ok, or invalid_argument listing every field error (including unknown fields).
  Status finish();

 private:
  const boost::json::value* lookup(std::string_view name, Presence presence);
  const boost::json::object& object_;
  std::vector<std::string> seen_;
  std::vector<FieldError> errors_;
};

// Cursor pagination: ?limit=&cursor=. The cursor is opaque to clients.
struct PageRequest {
  std::int64_t limit = 50;
  std::int64_t after_id = 0;  // 0: from the start
};
inline constexpr std::int64_t kPageLimitDefault = 50;
inline constexpr std::int64_t kPageLimitMax = 200;
Result<PageRequest> parse_page_request(const Request& request);
// Only ?limit=, for lists whose cursor is not an id (e.g. ordered by due date).
Result<std::int64_t> parse_limit(const Request& request);
std::string encode_cursor(std::int64_t last_id);

// An optional positive integer query parameter (?organization_id=12).
Result<std::optional<std::int64_t>> query_id(const Request& request, std::string_view name);
// An optional text query parameter, at most `max_chars` code points.
Result<std::optional<std::string>> query_text(const Request& request, std::string_view name,
                                              std::size_t max_chars);

// Optimistic concurrency: ETag "<version>" on reads, If-Match required on updates.
void set_etag(Response& response, std::int64_t version);
// 428 when If-Match is missing, 412 when it is not a version this server issued.
Result<std::int64_t> required_if_match(const Request& request);

// {"items": [...], "next_cursor": "..." | null}
boost::json::object page_body(boost::json::array items, std::optional<std::int64_t> next_after_id);

// A page from rows fetched with LIMIT page.limit + 1: the extra row only says that more exist.
template <typename T>
Response page_response(std::vector<T> rows, const PageRequest& page) {
  std::optional<std::int64_t> next;
  if (static_cast<std::int64_t>(rows.size()) > page.limit) {
    rows.resize(static_cast<std::size_t>(page.limit));
    next = rows.back().id;
  }
  boost::json::array items;
  items.reserve(rows.size());
  for (const auto& row : rows) items.push_back(boost::json::value_from(row));
  return json_response(200, page_body(std::move(items), next));
}

}  // namespace fuwu::http
