#include "app/application.hpp"

#include "app/reference_api.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include <boost/json.hpp>

#include "admission/api.hpp"
#include "audit/api.hpp"
#include "auth/api.hpp"
#include "auth/repository.hpp"
#include "calendar/api.hpp"
#include "core/crypto.hpp"
#include "http/json_io.hpp"
#include "registry/api.hpp"
#include "store/migrator.hpp"
#include "travel/api.hpp"

namespace fuwu::app {

std::vector<EmbeddedFile> openapi_document_files();

class Application::SessionAuthenticator final : public http::Authenticator {
 public:
  explicit SessionAuthenticator(auth::SessionService& sessions) : sessions_(sessions) {}
  Result<auth::Principal> authenticate(std::string_view credential) override {
    return sessions_.authenticate(credential);
  }

 private:
  auth::SessionService& sessions_;
};

Result<std::string> load_or_create_secret_key(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path(), ec);
    const std::string temporary = path + ".tmp";
    {
      std::ofstream out(temporary);
      if (!out) return Status(ErrorCode::unavailable, "cannot create the secret key file " + path);
      out << crypto::random_hex(crypto::kSecretKeyBytes) << "\n";
    }
    fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write, ec);
    // A concurrent first start may have made one meanwhile: keep whichever landed first.
    if (!fs::exists(path))
      fs::rename(temporary, path, ec);
    else
      fs::remove(temporary, ec);
    spdlog::info("created a new secret key in {}", path);
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  auto key = crypto::from_hex(hex);
  if (!key || key->size() != crypto::kSecretKeyBytes)
    return Status(
        ErrorCode::invalid_argument,
        "storage.secret_key_file " + path + " must hold 64 hexadecimal characters (32 bytes)");
  return std::move(key).value();
}

Result<std::unique_ptr<store::Database>> open_and_migrate(const Config& config) {
  FUWU_ASSIGN_OR_RETURN(auto db, store::open_database(config.database));
  FUWU_ASSIGN_OR_RETURN(auto report,
                        store::migrate(*db, store::embedded_migrations(db->dialect())));
  for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
  return db;
}

Result<std::int64_t> ensure_platform_organization(store::Database& db, const Clock& clock,
                                                  const audit::AuditLog& audit) {
  return store::with_write_transaction(db, [&](store::Transaction& tx) -> Result<std::int64_t> {
    FUWU_TRY(tx.lock("fuwu.platform-organization"));
    auth::repository::OrganizationFilter filter;
    filter.kind = auth::OrganizationKind::platform;
    FUWU_ASSIGN_OR_RETURN(auto existing, auth::repository::list_organizations(tx, filter, 0, 1));
    if (!existing.empty()) return existing[0].id;
    auth::Organization org;
    org.name = "服务平台运营中心";
    org.kind = auth::OrganizationKind::platform;
    org.region_code = "11";
    org.created_at = clock.now_ms();
    FUWU_ASSIGN_OR_RETURN(auto created, auth::repository::insert_organization(tx, org));
    FUWU_TRY(
        audit.append(tx, audit::Actor::system("startup"),
                     {"organization.create", "organization", std::to_string(created.id), created.id,
                      std::nullopt, boost::json::serialize(boost::json::value_from(created))}));
    return created.id;
  });
}

Application::Application(Config config, std::unique_ptr<store::Database> db)
    : config_(std::move(config)),
      db_(std::move(db)),
      clock_(config_.clock_offset_ms),
      audit_(clock_),
      sessions_(*db_, clock_, audit_, config_.auth),
      directory_(*db_, clock_, audit_, config_.auth.password_cost),
      files_(config_.data_dir),
      registry_(*db_, clock_, audit_, directory_,
                [this] {
                  auto key = load_or_create_secret_key(config_.secret_key_file);
                  if (!key) throw std::runtime_error(key.status().message());
                  return std::move(key).value();
                }()),
      admission_(*db_, clock_, audit_, files_, directory_, registry_),
      rating_policy_(*db_, clock_, audit_),
      ledger_(*db_, clock_, audit_),
      tasks_(*db_, clock_, audit_, ledger_),
      violations_(*db_, clock_, audit_, ledger_),
      publication_(*db_, clock_, audit_),
      explanations_(*db_),
      benefits_(*db_, clock_, audit_),
      capabilities_(*db_, clock_, audit_),
      rating_{*db_,        clock_,       rating_policy_, ledger_,   tasks_,
              violations_, publication_, explanations_,  benefits_, capabilities_},
      travel_(*db_, clock_, audit_),
      supplier_client_(travel::ClientOptions{config_.travel_hedging}),
      search_(*db_, clock_, registry_, travel_, supplier_client_,
              travel::SearchLimits{config_.travel_cache_ms}),
      requests_(*db_, clock_, audit_, travel_),
      bookings_(*db_, clock_, audit_, registry_, travel_, requests_, supplier_client_),
      analytics_(*db_),
      budgets_(*db_, clock_, audit_),
      disruptions_(*db_, clock_, audit_, search_, bookings_),
      scorecards_(*db_),
      idempotency_(*db_, clock_),
      rate_limiter_(*db_, clock_),
      static_files_(config_.web_root) {
  if (clock_.offset_ms() != 0)
    spdlog::warn("clock.offset_ms = {}: the server's clock is shifted (demos and tests only)",
                 clock_.offset_ms());
  add_system_routes();
  add_reference_routes(router_);
  auth::add_session_routes(router_, sessions_, directory_, rate_limiter_,
                           {"auth.login", config_.login_per_minute, 60'000});
  auth::add_directory_routes(router_, directory_);
  calendar::add_calendar_routes(router_, *db_, audit_);
  registry::add_provider_routes(router_, registry_);
  registry::add_supplier_routes(router_, registry_);
  registry::add_department_routes(router_, registry_);
  admission::add_program_routes(router_, admission_);
  admission::add_application_routes(
      router_, admission_, rate_limiter_,
      {"admission.start", config_.application_starts_per_hour, 3'600'000});
  admission::add_review_routes(router_, admission_);
  rating::add_rating_routes(router_, rating_);
  travel::add_travel_routes(router_, travel_);
  travel::add_search_routes(router_, search_);
  travel::add_booking_routes(router_, bookings_);
  travel::add_analytics_routes(router_, analytics_, clock_);
  travel::add_budget_routes(router_, budgets_);
  travel::add_request_routes(router_, requests_);
  travel::add_disruption_routes(router_, disruptions_);
  travel::add_scorecard_routes(router_, scorecards_, clock_);
  audit::add_audit_routes(router_, *db_, [this](const std::vector<std::int64_t>& ids) {
    return directory_.user_names(ids);
  });
  authenticator_ = std::make_unique<SessionAuthenticator>(sessions_);
  pipeline_ = std::make_unique<http::Pipeline>(
      router_, *authenticator_, idempotency_, metrics_, &static_files_,
      http::PipelineOptions{config_.access_log, config_.server.limits.body_bytes_max});
}

Application::~Application() = default;

Result<std::unique_ptr<Application>> Application::open(const Config& config) {
  FUWU_ASSIGN_OR_RETURN(auto db, open_and_migrate(config));
  auto application = std::make_unique<Application>(config, std::move(db));
  FUWU_ASSIGN_OR_RETURN(
      application->platform_organization_id_,
      ensure_platform_organization(*application->db_, application->clock_, application->audit_));
  return application;
}

void Application::add_system_routes() {
  using http::Access;
  using http::Method;
  using http::RequestContext;
  using http::Response;
  router_.add({Method::get, "/healthz", Access::public_route(),
               [](RequestContext&) -> Result<Response> {
                 return http::json_response(200, {{"status", "ok"}});
               },
               /*runs_inline=*/true});
  router_.add(
      {Method::get, "/readyz", Access::public_route(), [this](RequestContext&) -> Result<Response> {
         Status s = db_->ping();
         if (!s.is_ok())
           return Status(ErrorCode::unavailable, "the database is not reachable: " + s.message());
         return http::json_response(200, {{"status", "ready"}});
       }});
  router_.add({Method::get, "/metrics", Access::public_route(),
               [this](RequestContext&) -> Result<Response> {
                 const auto pool = db_->pool_stats();
                 const auto server = server_ ? server_->stats() : http::ServerStats{};
                 Response r;
                 r.content_type = "text/plain; version=0.0.4";
                 r.body = metrics_.render({
                     {"fuwu_db_pool_size", "Database connections in the pool.", double(pool.size)},
                     {"fuwu_db_pool_in_use", "Database connections in use.", double(pool.in_use)},
                     {"fuwu_db_pool_waits_total", "Acquisitions that waited for a connection.",
                      double(pool.waits)},
                     {"fuwu_http_connections_active", "Open client connections.",
                      double(server.connections_active)},
                     {"fuwu_http_requests_in_flight", "Requests being handled.",
                      double(server.requests_in_flight)},
                     {"fuwu_worker_queue", "Requests waiting for a worker thread.",
                      double(server.worker_queue)},
                     {"fuwu_worker_threads", "Worker threads.", double(server.worker_threads)},
                 });
                 return r;
               }});
  router_.add({Method::get, "/api/v1/openapi.json", Access::public_route(),
               [](RequestContext&) -> Result<Response> {
                 Response r;
                 r.body = std::string(openapi_document_files().at(0).contents);
                 return r;
               },
               /*runs_inline=*/true});
}

Status Application::serve(const std::function<void(std::uint16_t)>& on_listening) {
  server_ = std::make_unique<http::Server>(config_.server, pipeline_->dispatcher());
  FUWU_TRY(server_->listen());
  if (!static_files_.available())
    spdlog::warn(
        "console files not found under {}: build them with `make web` (the API works without them)",
        config_.web_root);
  on_listening(server_->bound_port());
  server_->run();
  spdlog::info("server stopped");
  return Status::ok();
}

}  // namespace fuwu::app
