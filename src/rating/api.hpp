// HTTP routes of the growth module (docs/growth.md), one file per area.
#pragma once

#include "http/router.hpp"
#include "rating/benefits.hpp"
#include "rating/capabilities.hpp"
#include "rating/explanation.hpp"
#include "rating/violations.hpp"

namespace fuwu::rating {

struct RatingServices {
  store::Database& db;
  const Clock& clock;
  PolicyService& policy;
  LedgerService& ledger;
  TaskService& tasks;
  ViolationService& violations;
  PublicationService& publication;
  ExplanationService& explanations;
  BenefitService& benefits;
  CapabilityService& capabilities;
};

void add_cycle_routes(http::Router& router, RatingServices& s);
void add_task_routes(http::Router& router, RatingServices& s);
void add_violation_routes(http::Router& router, RatingServices& s);
void add_standing_routes(http::Router& router, RatingServices& s);
void add_benefit_routes(http::Router& router, RatingServices& s);
void add_capability_routes(http::Router& router, RatingServices& s);

inline void add_rating_routes(http::Router& router, RatingServices& s) {
  add_cycle_routes(router, s);
  add_task_routes(router, s);
  add_violation_routes(router, s);
  add_standing_routes(router, s);
  add_benefit_routes(router, s);
  add_capability_routes(router, s);
}

// Who may act on a provider's growth data: platform operators and reviewers see every provider,
// a provider's own members only it; anyone else gets 404 as if the provider did not exist.
Status require_provider_visible(const auth::Principal& principal, std::int64_t provider_id);
// {id} and {pid} of a route under /cycles/{id}/providers/{pid}; the provider must be visible.
struct CycleProvider {
  std::int64_t cycle_id = 0;
  std::int64_t provider_id = 0;
};
Result<CycleProvider> cycle_provider_params(const http::RequestContext& c);
// The provider a provider-side caller acts for (403 for others).
Result<std::int64_t> own_provider(const auth::Principal& principal);
// For lists: the provider filter a caller may use (providers are held to their own).
Result<std::optional<std::int64_t>> visible_provider_filter(const auth::Principal& principal,
                                                            std::optional<std::int64_t> requested);

inline const auth::RoleSet kOperators{auth::Role::operator_admin};
inline const auth::RoleSet kStaff{auth::Role::operator_admin, auth::Role::reviewer};
inline const auth::RoleSet kStaffAndProviders{auth::Role::operator_admin, auth::Role::reviewer,
                                              auth::Role::provider_admin,
                                              auth::Role::provider_staff};
inline const auth::RoleSet kProviderAdmins{auth::Role::provider_admin};

}  // namespace fuwu::rating
