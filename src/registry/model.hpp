// The registry: who is on the platform beyond their account — provider profiles (type, service
// categories, regions, team, claimed capabilities), supplier profiles (category, API endpoint,
// encrypted credentials) and client departments.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace fuwu::registry {

struct Capability {
  std::string capability;
  std::string status = "claimed";  // claimed | certified (by the rating module)
};

struct ProviderProfile {
  std::int64_t organization_id = 0;
  std::string name;                           // the organization's name
  std::string provider_type = "specialized";  // specialized | full_agency | travel
  std::optional<std::int64_t> program_id;
  std::optional<std::int64_t> application_id;
  std::string hq_region_code;
  std::vector<std::string> resource_region_codes;
  std::int64_t team_size = 0;
  std::string summary;
  std::vector<std::string> categories;
  std::vector<Capability> capabilities;
  std::string status = "active";  // active | suspended
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// How fuwu calls a supplier: at most this many requests a second; a search uses answers after
// the soft deadline but marks them late, and waits for none after the hard one.
struct SupplierLimits {
  std::int64_t requests_per_second = 200;
  std::int64_t soft_deadline_ms = 600;
  std::int64_t hard_deadline_ms = 1'500;
};

struct SupplierProfile {
  std::int64_t organization_id = 0;
  std::string name;
  std::string category;  // airline | hotel | rail | car
  std::string api_endpoint;
  SupplierLimits limits;
  bool credentials_configured = false;
  std::optional<TimeMs> credentials_updated_at;
  std::string status = "active";
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct Department {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::optional<std::int64_t> parent_id;
  std::string name;
  std::string cost_centre;
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

const std::vector<std::string>& supplier_categories();
// The service categories of specialized providers (seed 000's ten basic services).
const std::vector<std::string>& service_categories();

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out,
                const ProviderProfile& p);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out,
                const SupplierProfile& s);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Department& d);

}  // namespace fuwu::registry
