#include "http/json_io.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/problem.hpp"

namespace fuwu::http {
namespace {

Request json_request(std::string body, std::string content_type = "application/json") {
  Request r;
  r.method = Method::post;
  r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(JsonIo, RefusesWrongContentTypeMalformedAndNonObjects) {
  EXPECT_EQ(parse_json_object(json_request("{}", "text/plain")).status().problem_code(),
            "unsupported_media_type");
  EXPECT_EQ(parse_json_object(json_request("{\"a\":")).status().problem_code(), "malformed_json");
  EXPECT_EQ(parse_json_object(json_request("[1]")).status().code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(parse_json_object(json_request("{}", "application/json; charset=utf-8")).is_ok());
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_FALSE(parse_json_object(json_request("{\"a\":" + deep + "}")).is_ok());
}

TEST(JsonIo, CollectsEveryFieldError) {
  auto object =
      boost::json::parse(R"({"name": 5, "count": "x", "extra": true, "tags": ["ok", ""]})")
          .as_object();
  JsonFields fields(object);
  fields.text("name", Presence::required, 10);
  fields.integer("count", Presence::required, 0, 10);
  fields.text("missing", Presence::required, 10);
  fields.text_list("tags", Presence::optional, 5, 10);
  Status s = fields.finish();
  ASSERT_FALSE(s.is_ok());
  std::vector<std::string> names;
  for (const auto& f : s.fields()) names.push_back(f.field);
  EXPECT_EQ(names, (std::vector<std::string>{"name", "count", "missing", "tags[1]", "extra"}));
  EXPECT_EQ(problem_code_for(s), "validation_failed");
}

TEST(JsonIo, TextLengthsAreCountedInCharacters) {
  auto object = boost::json::parse(R"({"short": "服务商", "long": "服务商服务商"})").as_object();
  JsonFields fields(object);
  EXPECT_EQ(fields.text("short", Presence::required, 3), "服务商");
  EXPECT_FALSE(fields.text("long", Presence::required, 5).has_value());
  EXPECT_FALSE(fields.finish().is_ok());
}

TEST(JsonIo, CursorsRoundTripAndForeignOnesAreRefused) {
  Request r;
  r.query = {{"limit", "2"}, {"cursor", encode_cursor(12345)}};
  auto page = parse_page_request(r);
  ASSERT_TRUE(page.is_ok());
  EXPECT_EQ(page->limit, 2);
  EXPECT_EQ(page->after_id, 12345);
  for (const char* bad : {"12", "c", "c-1", "zz", "c!"}) {
    r.query = {{"cursor", bad}};
    EXPECT_FALSE(parse_page_request(r).is_ok()) << bad;
  }
  r.query = {{"limit", "0"}};
  EXPECT_FALSE(parse_page_request(r).is_ok());
  r.query = {{"limit", "201"}};
  EXPECT_FALSE(parse_page_request(r).is_ok());
}

TEST(JsonIo, IfMatchIsRequiredAndParsed) {
  Request r;
  EXPECT_EQ(required_if_match(r).status().code(), ErrorCode::precondition_required);
  r.headers = {{"if-match", "\"7\""}};
  EXPECT_EQ(*required_if_match(r), 7);
  r.headers = {{"if-match", "W/\"8\""}};
  EXPECT_EQ(*required_if_match(r), 8);
  r.headers = {{"if-match", "\"x\""}};
  EXPECT_EQ(required_if_match(r).status().code(), ErrorCode::version_mismatch);
}

TEST(Problem, HasStableShape) {
  Response r = problem_response(Status(ErrorCode::not_found, "no such user"), "req-1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["code"].as_string(), "not_found");
  EXPECT_EQ(body["detail"].as_string(), "no such user");
  EXPECT_EQ(body["request_id"].as_string(), "req-1");
  EXPECT_EQ(body["status"].as_int64(), 404);
  // Internal details never leave the server.
  Response internal = problem_response(Status(ErrorCode::internal, "secret stack detail"), "req-2");
  EXPECT_EQ(internal.body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace fuwu::http
