#include "core/status.hpp"

namespace fuwu {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::ok:
      return "ok";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::malformed_request:
      return "malformed_request";
    case ErrorCode::unauthenticated:
      return "unauthenticated";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::unique_violation:
      return "already_exists";
    case ErrorCode::foreign_key_violation:
      return "reference_invalid";
    case ErrorCode::version_mismatch:
      return "version_mismatch";
    case ErrorCode::precondition_required:
      return "if_match_required";
    case ErrorCode::too_many_requests:
      return "too_many_requests";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::serialization_failure:
      return "write_conflict";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace fuwu
