// The one mapping from Status to HTTP: every error leaves fuwu as application/problem+json
// {type, title, status, code, detail, request_id, errors?}.
#pragma once

#include <string_view>

#include "core/status.hpp"
#include "http/message.hpp"

namespace fuwu::http {

int http_status_for(ErrorCode code);
std::string problem_code_for(const Status& status);
Response problem_response(const Status& status, std::string_view request_id);

}  // namespace fuwu::http
