// Benefits (权益): what a provider's tier entitles it to — campaign access, directory placement
// and dispatch priority weights, the commission rate — read by the market and settlement
// modules through `entitlements`. Campaigns (营销活动) with eligible tiers and slots: eligibility
// is checked at registration against the tier of the latest published cycle, so a demoted
// provider loses it for future registrations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rating/policy.hpp"

namespace fuwu::rating {

struct Entitlements {
  std::int64_t provider_id = 0;
  std::int64_t program_id = 0;
  std::optional<std::int64_t> cycle_id;  // the latest published cycle
  std::optional<std::string> cycle_code;
  std::optional<std::string> tier;
  Benefits benefits;
};

// The interface the market and settlement modules call. not_found for a non-provider.
Result<Entitlements> entitlements_in(store::Transaction& tx, std::int64_t provider_id);

struct Campaign {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string name;
  std::string description;
  std::vector<std::string> eligible_tiers;
  std::int64_t slots = 0;
  std::int64_t registered = 0;
  TimeMs registration_closes_ms = 0;
  TimeMs created_at = 0;
};

struct CampaignRegistration {
  std::int64_t campaign_id = 0;
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::string tier;
  TimeMs registered_at = 0;
};

class BenefitService {
 public:
  BenefitService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Result<Entitlements> entitlements(std::int64_t provider_id);

  Result<Campaign> create_campaign(const audit::Actor& actor, Campaign campaign);
  Result<std::vector<Campaign>> campaigns(std::int64_t program_id);
  Result<Campaign> campaign(std::int64_t id);
  Result<CampaignRegistration> register_provider(const audit::Actor& actor,
                                                 std::int64_t campaign_id,
                                                 std::int64_t provider_id);
  // Every registration, or only the provider's when given.
  Result<std::vector<CampaignRegistration>> registrations(std::int64_t campaign_id,
                                                          std::optional<std::int64_t> provider_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::rating
