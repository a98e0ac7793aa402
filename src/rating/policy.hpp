// The rating policy of a program: star thresholds, the three tiers with their star floors,
// quotas and benefits (权益), the benefits of providers without a tier, and the metric that
// breaks ties. Stored per program as one versioned document; the defaults are the growth
// issue's (Diamond 5★ at most 6, Gold 4★ at most 12, Silver 2★ unlimited).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "rating/tier_allocation.hpp"
#include "store/database.hpp"

namespace fuwu::rating {

struct Benefits {
  bool campaign_access = false;
  std::int64_t directory_weight = 100;  // relative placement in the directory
  std::int64_t dispatch_weight = 100;   // relative priority when demand is dispatched
  std::int64_t commission_bps = 500;    // platform commission in basis points
};

struct TierSpec {
  std::string name;  // diamond | gold | silver
  int star_floor = 0;
  std::optional<std::int64_t> quota;  // none: unlimited
  Benefits benefits;
};

struct RatingPolicy {
  std::int64_t program_id = 0;
  std::vector<std::int64_t> star_thresholds;  // ascending points for 1★, 2★, …
  std::string tie_breaker_metric = "satisfaction_bp";
  std::vector<TierSpec> tiers;  // diamond, gold, silver
  Benefits untiered;
  std::int64_t version = 1;  // 1: the defaults (not stored); a stored policy counts on from 2

  TierPolicy tier_policy() const;
  // The index of a tier name in `tiers`, if it is one.
  std::optional<TierIndex> tier_index(std::string_view name) const;
};

inline constexpr const char* kTierNames[] = {"diamond", "gold", "silver"};
bool is_tier_name(std::string_view name);

// The metrics the platform reports to the growth module (see tasks.hpp).
const std::vector<std::string>& known_metrics();
bool is_known_metric(std::string_view metric);

RatingPolicy default_rating_policy(std::int64_t program_id);

// The policy from JSON (the PUT body): every problem is a field error.
Result<RatingPolicy> policy_from_json(std::int64_t program_id, const boost::json::value& body);
boost::json::object policy_to_json(const RatingPolicy& policy);
boost::json::object benefits_to_json(const Benefits& benefits);

// The program's stored policy, or the defaults. not_found when the program does not exist.
Result<RatingPolicy> load_policy(store::Transaction& tx, std::int64_t program_id);

class PolicyService {
 public:
  PolicyService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Result<RatingPolicy> get(std::int64_t program_id);
  // Replaces the policy when `expected_version` is the current version.
  Result<RatingPolicy> put(const audit::Actor& actor, const RatingPolicy& policy,
                           std::int64_t expected_version);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::rating
