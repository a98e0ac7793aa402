// The travel module's company data: each client company's policy document and its employees'
// travel profiles (grade → rule class, department, cost centre). Every change is audited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "travel/policy_document.hpp"

namespace fuwu::travel {

struct EmployeeProfile {
  std::int64_t user_id = 0;
  std::string name;
  std::string email;
  std::optional<std::string> grade;  // none until the travel manager sets it
  std::optional<std::string> rule_class;
  std::optional<std::int64_t> department_id;
  std::string department_name;
  std::string cost_centre;   // its own, or its department's
  std::int64_t version = 0;  // 0: no profile yet
};

// Whom a search or a booking is for.
struct Traveller {
  std::int64_t organization_id = 0;
  std::int64_t user_id = 0;
  std::string name;
};

// A travel provider (差旅服务商) that serves a company; one is the default for new bookings.
struct CompanyProvider {
  std::int64_t provider_id = 0;
  std::string name;
  bool is_default = false;
  std::string status;  // the provider's registry status: active | suspended
};

struct ProfileChange {
  std::string grade;
  std::optional<std::int64_t> department_id;
  std::string cost_centre;  // "" → the department's
};

// 404 unless `organization_id` is a client company the caller may see.
Status require_client(store::Transaction& tx, const auth::Principal& who,
                      std::int64_t organization_id);

class TravelService {
 public:
  TravelService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // The company's policy, or the defaults. 404 for another company's id or a non-client.
  Result<TravelPolicy> policy(const auth::Principal& who, std::int64_t organization_id);
  // Replaces it when `expected_version` is current; refused while an employee has a grade the
  // new policy drops (409 grades_in_use).
  Result<TravelPolicy> put_policy(const auth::Principal& who, const audit::Actor& actor,
                                  std::int64_t organization_id, const TravelPolicy& policy,
                                  std::int64_t expected_version);

  Result<std::vector<EmployeeProfile>> employees(const auth::Principal& who,
                                                 std::int64_t organization_id);
  Result<EmployeeProfile> set_profile(const auth::Principal& who, const audit::Actor& actor,
                                      std::int64_t organization_id, std::int64_t user_id,
                                      const ProfileChange& change, std::int64_t expected_version);
  // The caller, or — for a travel manager — an employee of the same company: an employee books
  // only for themself (403), and someone not of the company is refused (422 traveller_id).
  Result<Traveller> traveller(const auth::Principal& who, std::optional<std::int64_t> user_id);

  // The company's travel providers (company_providers.cpp).
  Result<std::vector<CompanyProvider>> providers(const auth::Principal& who,
                                                 std::int64_t organization_id);
  // Replaces them: each an active travel provider of the registry, exactly one default when any.
  Result<std::vector<CompanyProvider>> set_providers(const auth::Principal& who,
                                                     const audit::Actor& actor,
                                                     std::int64_t organization_id,
                                                     const std::vector<CompanyProvider>& chosen);
  // The provider that serves a new segment: the one asked for (422 provider_id when it does not
  // serve the company or is suspended), else the default; none when the company has none.
  Result<std::optional<std::int64_t>> serving_provider(store::Transaction& tx,
                                                       std::int64_t organization_id,
                                                       std::optional<std::int64_t> asked);
  // An employee's travel profile as it is now (for what a booking records).
  Result<EmployeeProfile> profile_of(std::int64_t organization_id, std::int64_t user_id);
  // The rule class that applies to an employee (409 no_grade until one is set).
  Result<RuleClass> rule_class_of(std::int64_t organization_id, std::int64_t user_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::travel
