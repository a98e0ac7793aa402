// Status and Result: how expected failures travel through fuwu without exceptions.
//
// Error policy (see docs/decisions/0002-error-policy.md): a function that can fail for reasons
// outside the programmer's control (bad input, a missing row, a conflicting write, a database
// that is down) returns Status or Result<T>. Exceptions are thrown only at the edges (startup,
// the HTTP boundary converts any escaped exception into a 500). Programmer errors are asserts.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fuwu {

// Every failure kind the platform knows. Each maps to exactly one HTTP status and problem code
// in http/problem.cpp; both database adapters map their native errors onto these.
enum class ErrorCode {
  ok,
  invalid_argument,       // 400/422: the request is understood but a field is wrong
  malformed_request,      // 400: the body is not JSON, wrong content type…
  unauthenticated,        // 401
  forbidden,              // 403
  not_found,              // 404
  conflict,               // 409: a state transition that is not allowed now
  unique_violation,       // 409: the row already exists
  foreign_key_violation,  // 409/422: referenced row missing or still referenced
  version_mismatch,       // 412: If-Match did not match
  precondition_required,  // 428: If-Match missing
  too_many_requests,      // 429
  payload_too_large,      // 413
  serialization_failure,  // 409 after retries: concurrent writers collided
  timeout,                // 503/504: statement or lock timeout
  unavailable,            // 503: the database cannot be reached
  internal,               // 500
};

const char* error_code_name(ErrorCode code);

struct FieldError {
  std::string field;
  std::string message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::vector<FieldError> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  static Status ok() { return {}; }

  bool is_ok() const { return code_ == ErrorCode::ok; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  // Lets generic code treat Status and Result<T> alike.
  const Status& status() const { return *this; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // Problem code override: a stable, more specific code than the ErrorCode name
  // (e.g. "login_locked" for too_many_requests).
  const std::string& problem_code() const { return problem_code_; }
  Status& with_problem_code(std::string code) {
    problem_code_ = std::move(code);
    return *this;
  }

 private:
  ErrorCode code_ = ErrorCode::ok;
  std::string message_;
  std::vector<FieldError> fields_;
  std::string problem_code_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Status status) : data_(std::move(status)) {
    assert(!std::get<Status>(data_).is_ok() && "Result built from an ok Status has no value");
  }

  bool is_ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return is_ok(); }

  T& value() & {
    assert(is_ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(is_ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(is_ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace fuwu

// Propagates a failed Status or Result from the current function.
#define FUWU_CONCAT_INNER(a, b) a##b
#define FUWU_CONCAT(a, b) FUWU_CONCAT_INNER(a, b)
#define FUWU_TRY(expr)                                    \
  do {                                                    \
    auto fuwu_try_status_ = (expr);                       \
    if (!fuwu_try_status_.is_ok()) {                      \
      return ::fuwu::detail::to_status(fuwu_try_status_); \
    }                                                     \
  } while (0)
#define FUWU_ASSIGN_OR_RETURN(lhs, expr)                 \
  auto FUWU_CONCAT(fuwu_result_, __LINE__) = (expr);     \
  if (!FUWU_CONCAT(fuwu_result_, __LINE__).is_ok()) {    \
    return FUWU_CONCAT(fuwu_result_, __LINE__).status(); \
  }                                                      \
  lhs = std::move(FUWU_CONCAT(fuwu_result_, __LINE__)).value()

namespace fuwu::detail {
inline Status to_status(const Status& s) {
  return s;
}
template <typename T>
Status to_status(const Result<T>& r) {
  return r.status();
}
}  // namespace fuwu::detail
