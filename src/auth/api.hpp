// HTTP routes of accounts: sessions, the caller (/me), API keys, organizations and users.
#pragma once

#include "auth/directory_service.hpp"
#include "auth/session_service.hpp"
#include "http/router.hpp"

namespace fuwu::auth {

void add_session_routes(http::Router& router, SessionService& sessions,
                        DirectoryService& directory);
void add_directory_routes(http::Router& router, DirectoryService& directory);

}  // namespace fuwu::auth
