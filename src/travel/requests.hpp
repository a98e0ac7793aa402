// Pre-trip approval (出差申请): a traveller (or the travel manager for them) asks to travel —
// purpose, planned itinerary, estimated budget, with the policy standard that applies — and an
// approver of the traveller's department (or of the whole company) approves or denies it before
// a deadline; nobody deciding by then gives the policy's default outcome. The company's policy
// says which bookings need an approved request: none, those outside the policy, or all.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "travel/policy_document.hpp"
#include "travel/service.hpp"

namespace fuwu::travel {

struct Approver {
  std::optional<std::int64_t> department_id;  // none: approves for the whole company
  std::string department_name;
  std::int64_t user_id = 0;
  std::string name;
};

struct NewTravelRequest {
  std::optional<std::int64_t> traveller_id;  // a travel manager asking for an employee
  std::string purpose;
  boost::json::array itinerary;  // [{kind, origin?, destination?, city?, date, nights?}]
  std::int64_t budget_fen = 0;
};

// Whether a booking with this outcome needs an approved request under the company's rules.
bool needs_approval(const ApprovalRules& rules, Control outcome);

class TravelRequestService {
 public:
  TravelRequestService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                       TravelService& travel)
      : db_(db), clock_(clock), audit_(audit), travel_(travel) {}

  Result<std::vector<Approver>> approvers(const auth::Principal& who, std::int64_t organization_id);
  Result<std::vector<Approver>> set_approvers(const auth::Principal& who, const audit::Actor& actor,
                                              std::int64_t organization_id,
                                              const std::vector<Approver>& approvers);

  Result<boost::json::object> create(const auth::Principal& who, const audit::Actor& actor,
                                     const NewTravelRequest& request);
  // scope: "mine" (as traveller), "inbox" (waiting for the caller's decision), "company"
  // (travel managers); state: pending | approved | denied or all.
  Result<boost::json::array> list(const auth::Principal& who, const std::string& scope,
                                  std::optional<std::string> state, std::int64_t limit);
  Result<boost::json::object> get(const auth::Principal& who, std::int64_t id);
  Result<boost::json::object> decide(const auth::Principal& who, const audit::Actor& actor,
                                     std::int64_t id, bool approve, const std::string& comment);

  // For a booking: the request must be the traveller's and approved (409 otherwise).
  Status require_approved(std::int64_t organization_id, std::int64_t traveller_id,
                          std::int64_t request_id);

 private:
  Status settle(std::int64_t organization_id);
  // Gives every request of the company past its deadline the default outcome (audited).
  Status settle_due(store::Transaction& tx, std::int64_t organization_id);

  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  TravelService& travel_;
};

}  // namespace fuwu::travel
