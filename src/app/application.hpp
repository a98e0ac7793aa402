// The composition root: builds every component from the Config, in one place, and owns them.
#pragma once

#include <memory>

#include "admission/service.hpp"
#include "app/config.hpp"
#include "audit/audit_log.hpp"
#include "auth/directory_service.hpp"
#include "auth/session_service.hpp"
#include "core/clock.hpp"
#include "http/idempotency.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "rating/api.hpp"
#include "registry/service.hpp"
#include "store/database.hpp"
#include "store/file_store.hpp"
#include "travel/analytics.hpp"
#include "travel/booking.hpp"
#include "travel/budgets.hpp"
#include "travel/disruptions.hpp"
#include "travel/scorecards.hpp"
#include "travel/search.hpp"
#include "travel/service.hpp"
#include "travel/supplier_client.hpp"

namespace fuwu::app {

// The key that seals secrets at rest, from its file; a new random key when the file is missing.
Result<std::string> load_or_create_secret_key(const std::string& path);

// Opens the database named by the config and applies pending migrations.
Result<std::unique_ptr<store::Database>> open_and_migrate(const Config& config);

// The platform organization exists exactly once; created on first start.
Result<std::int64_t> ensure_platform_organization(store::Database& db, const Clock& clock,
                                                  const audit::AuditLog& audit);

class Application {
 public:
  // Opens and migrates the database, wires every component and makes sure the platform
  // organization exists: what every command that works on the data needs first.
  static Result<std::unique_ptr<Application>> open(const Config& config);

  Application(Config config, std::unique_ptr<store::Database> db);
  ~Application();

  std::int64_t platform_organization_id() const { return platform_organization_id_; }

  store::Database& database() { return *db_; }
  auth::DirectoryService& directory() { return directory_; }
  admission::AdmissionService& admission() { return admission_; }
  registry::RegistryService& registry() { return registry_; }
  rating::RatingServices& rating() { return rating_; }
  travel::TravelService& travel() { return travel_; }
  travel::SearchService& search() { return search_; }
  travel::BookingService& bookings() { return bookings_; }
  travel::DisruptionService& disruptions() { return disruptions_; }
  const Clock& clock() const { return clock_; }
  const audit::AuditLog& audit_log() const { return audit_; }
  const http::Router& router() const { return router_; }

  // Listens, then serves until SIGTERM/SIGINT. `on_listening` gets the bound port.
  Status serve(const std::function<void(std::uint16_t)>& on_listening);

 private:
  class SessionAuthenticator;
  void add_system_routes();

  Config config_;
  std::unique_ptr<store::Database> db_;
  std::int64_t platform_organization_id_ = 0;
  OffsetClock clock_;
  audit::AuditLog audit_;
  auth::SessionService sessions_;
  auth::DirectoryService directory_;
  store::FileStore files_;
  registry::RegistryService registry_;
  admission::AdmissionService admission_;
  rating::PolicyService rating_policy_;
  rating::LedgerService ledger_;
  rating::TaskService tasks_;
  rating::ViolationService violations_;
  rating::PublicationService publication_;
  rating::ExplanationService explanations_;
  rating::BenefitService benefits_;
  rating::CapabilityService capabilities_;
  rating::RatingServices rating_;
  travel::TravelService travel_;
  travel::SupplierClient supplier_client_;
  travel::SearchService search_;
  travel::TravelRequestService requests_;
  travel::BookingService bookings_;
  travel::AnalyticsService analytics_;
  travel::BudgetService budgets_;
  travel::DisruptionService disruptions_;
  travel::ScorecardService scorecards_;
  http::Metrics metrics_;
  http::IdempotencyStore idempotency_;
  http::RateLimiter rate_limiter_;
  http::StaticFiles static_files_;
  http::Router router_;
  std::unique_ptr<SessionAuthenticator> authenticator_;
  std::unique_ptr<http::Pipeline> pipeline_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace fuwu::app
