// HTTP routes of accounts: sessions, the caller (/me), API keys, organizations and users.
#pragma once

#include "auth/directory_service.hpp"
#include "auth/session_service.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"

namespace fuwu::auth {

// `login_limit` caps sign-in attempts per client address.
void add_session_routes(http::Router& router, SessionService& sessions, DirectoryService& directory,
                        http::RateLimiter& limiter, http::RateLimit login_limit);
void add_directory_routes(http::Router& router, DirectoryService& directory);

}  // namespace fuwu::auth
