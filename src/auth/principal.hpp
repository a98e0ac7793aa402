// Principal: who a request acts for — one user in one organization, with that membership's roles.
#pragma once

#include <cstdint>
#include <string>

#include "auth/role.hpp"

namespace fuwu::auth {

struct Principal {
  std::int64_t user_id = 0;
  std::string user_name;
  std::int64_t organization_id = 0;
  OrganizationKind organization_kind = OrganizationKind::client;
  RoleSet roles;
  std::int64_t session_id = 0;  // 0 when authenticated by an API key
  std::int64_t api_key_id = 0;

  // Operators of the platform see every organization; everyone else only their own.
  bool is_platform() const { return organization_kind == OrganizationKind::platform; }
  bool can_see_organization(std::int64_t id) const {
    return is_platform() || id == organization_id;
  }
};

}  // namespace fuwu::auth
