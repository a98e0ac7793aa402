// Demo data: on an empty database, `fuwu serve --demo` creates a living platform — operators,
// client companies with employees, providers and suppliers with realistic Chinese names and
// administrative-division codes — and returns the logins to print.
#pragma once

#include <string>
#include <vector>

#include "auth/directory_service.hpp"

namespace fuwu::app {

inline constexpr const char* kDemoPassword = "Fuwu-demo-2026";

struct DemoLogin {
  std::string email;
  std::string role;
  std::string organization;
};

struct DemoResult {
  bool created = false;  // false when the database already had demo (or real) data
  std::vector<DemoLogin> logins;
};

Result<DemoResult> seed_demo_data(store::Database& db, auth::DirectoryService& directory,
                                  std::int64_t platform_organization_id);

}  // namespace fuwu::app
