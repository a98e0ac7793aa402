#include "http/problem.hpp"

#include <boost/json.hpp>

namespace fuwu::http {

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::ok:
      return 200;
    case ErrorCode::invalid_argument:
      return 422;
    case ErrorCode::malformed_request:
      return 400;
    case ErrorCode::unauthenticated:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::unique_violation:
      return 409;
    case ErrorCode::foreign_key_violation:
      return 409;
    case ErrorCode::version_mismatch:
      return 412;
    case ErrorCode::precondition_required:
      return 428;
    case ErrorCode::too_many_requests:
      return 429;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::serialization_failure:
      return 409;
    case ErrorCode::timeout:
      return 503;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

std::string problem_code_for(const Status& status) {
  if (!status.problem_code().empty()) return status.problem_code();
  if (status.code() == ErrorCode::invalid_argument && !status.fields().empty())
    return "validation_failed";
  return error_code_name(status.code());
}

namespace {
const char* title_for(int http_status) {
  switch (http_status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}
}  // namespace

Response problem_response(const Status& status, std::string_view request_id) {
  Response response;
  response.status = status.problem_code() == "unsupported_media_type" ? 415
                    : status.problem_code() == "method_not_allowed"   ? 405
                    : status.problem_code() == "header_too_large"     ? 431
                                                                  : http_status_for(status.code());
  response.content_type = "application/problem+json";
  const std::string code = problem_code_for(status);
  boost::json::object body;
  body["type"] = "https://fuwu.dev/problems/" + code;
  body["title"] = title_for(response.status);
  body["status"] = response.status;
  body["code"] = code;
  // Internal details stay in the log, never in a response.
  body["detail"] = status.code() == ErrorCode::internal
                       ? "internal error; the request id is in the log"
                       : status.message();
  body["request_id"] = request_id;
  if (!status.fields().empty()) {
    boost::json::array errors;
    for (const auto& f : status.fields())
      errors.push_back({{"field", f.field}, {"message", f.message}});
    body["errors"] = std::move(errors);
  }
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace fuwu::http
