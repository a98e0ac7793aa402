// Configuration: defaults, then a TOML file, then FUWU_<SECTION>_<KEY> environment variables, then
// command-line flags. Validated at start; every error names the key that is wrong.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "auth/session_service.hpp"
#include "core/status.hpp"
#include "http/server.hpp"
#include "store/database.hpp"

namespace fuwu::app {

struct Config {
  http::ServerOptions server;
  store::DatabaseOptions database;
  auth::SessionPolicy auth;
  std::string web_root = "web/dist";
  std::string data_dir = "var/data";  // uploaded files, by SHA-256
  // 32 random bytes (hex) that seal secrets at rest; created on first start. Share it between
  // instances and back it up: without it, stored supplier credentials cannot be opened.
  std::string secret_key_file = "var/secret.key";
  bool access_log = true;
  std::string log_level = "info";
  // Per client address, counted in the database (see http/rate_limiter.hpp).
  std::int64_t login_per_minute = 60;
  std::int64_t application_starts_per_hour = 20;
  // Shifts the server's clock (see core/clock.hpp OffsetClock); for demos and tests only.
  std::int64_t clock_offset_ms = 0;
  // Supplier calls: one hedged request after a supplier's observed p95 (decision 0004).
  bool travel_hedging = true;
  // How long a supplier's answer to the same search is reused; 0: never.
  std::int64_t travel_cache_ms = 30'000;
};

Config default_config();

// Applies a TOML document (the contents of fuwu.toml). `source` names it in errors.
Status apply_toml(Config& config, std::string_view toml_text, std::string_view source);
// Applies FUWU_SERVER_*, FUWU_DATABASE_*, FUWU_AUTH_*, FUWU_LOG_* variables.
Status apply_environment(Config& config, const std::map<std::string, std::string>& environment);
// Applies one setting by its dotted name ("server.listen"), as flags do.
Status apply_setting(Config& config, std::string_view key, std::string_view value);
// Checks ranges and formats after everything is applied.
Status validate(const Config& config);

std::map<std::string, std::string> process_environment();

}  // namespace fuwu::app
