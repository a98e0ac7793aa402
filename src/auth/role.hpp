// Roles: what a member of an organization may do. Every route declares the roles it allows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fuwu::auth {

enum class Role : std::uint16_t {
  operator_admin = 1 << 0,
  reviewer = 1 << 1,
  finance = 1 << 2,
  client_admin = 1 << 3,
  employee = 1 << 4,
  provider_admin = 1 << 5,
  provider_staff = 1 << 6,
  desk_agent = 1 << 7,
  supplier_api = 1 << 8,
};

// A set of roles as a bit mask.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= static_cast<std::uint16_t>(r);
  }
  static constexpr RoleSet any() {
    RoleSet all;
    all.bits_ = 0xFFFF;
    return all;
  }
  constexpr bool contains(Role r) const { return bits_ & static_cast<std::uint16_t>(r); }
  constexpr bool intersects(RoleSet other) const { return bits_ & other.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  void add(Role r) { bits_ |= static_cast<std::uint16_t>(r); }
  std::vector<Role> list() const;
  std::vector<std::string> names() const;

 private:
  std::uint16_t bits_ = 0;
};

const char* role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
const std::vector<Role>& all_roles();

enum class OrganizationKind { platform, client, provider, supplier };
const char* organization_kind_name(OrganizationKind kind);
std::optional<OrganizationKind> parse_organization_kind(std::string_view name);

// Roles a member of an organization of `kind` may hold.
RoleSet roles_allowed_for(OrganizationKind kind);

}  // namespace fuwu::auth
