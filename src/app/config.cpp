#include "app/config.hpp"

#include <toml++/toml.h>
#include <unistd.h>
#include <charconv>
#include <functional>
#include <vector>

extern char** environ;

namespace fuwu::app {
namespace {

enum class Kind { integer, text, boolean };

struct Setting {
  const char* key;  // "section.name"
  Kind kind;
  std::function<void(Config&, std::int64_t)> set_integer;
  std::function<void(Config&, const std::string&)> set_text;
  std::function<void(Config&, bool)> set_boolean;
};

Setting integer(const char* key, std::function<void(Config&, std::int64_t)> set) {
  return {key, Kind::integer, std::move(set), {}, {}};
}
Setting text(const char* key, std::function<void(Config&, const std::string&)> set) {
  return {key, Kind::text, {}, std::move(set), {}};
}
Setting boolean(const char* key, std::function<void(Config&, bool)> set) {
  return {key, Kind::boolean, {}, {}, std::move(set)};
}

Status split_listen(Config& c, const std::string& value) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos)
    return {ErrorCode::invalid_argument, "server.listen must be host:port, got " + value};
  std::int64_t port = -1;
  const std::string port_text = value.substr(colon + 1);
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    return {ErrorCode::invalid_argument, "server.listen has an invalid port: " + value};
  std::string host = value.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  c.server.host = host.empty() ? "0.0.0.0" : host;
  c.server.port = static_cast<std::uint16_t>(port);
  return Status::ok();
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      text("server.listen", [](Config& c, const std::string& v) { (void)split_listen(c, v); }),
      integer("server.io_threads",
              [](Config& c, std::int64_t v) { c.server.io_threads = static_cast<int>(v); }),
      integer("server.waiting_threads",
              [](Config& c, std::int64_t v) { c.server.waiting_threads = static_cast<int>(v); }),
      integer("server.worker_threads",
              [](Config& c, std::int64_t v) { c.server.worker_threads = static_cast<int>(v); }),
      integer("server.body_bytes_max",
              [](Config& c, std::int64_t v) { c.server.limits.body_bytes_max = v; }),
      integer("server.header_bytes_max",
              [](Config& c, std::int64_t v) { c.server.limits.header_bytes_max = v; }),
      integer("server.request_timeout_ms",
              [](Config& c, std::int64_t v) { c.server.limits.request_timeout_ms = v; }),
      integer("server.idle_timeout_ms",
              [](Config& c, std::int64_t v) { c.server.limits.idle_timeout_ms = v; }),
      integer(
          "server.connections_max",
          [](Config& c, std::int64_t v) { c.server.limits.connections_max = static_cast<int>(v); }),
      integer("server.drain_timeout_ms",
              [](Config& c, std::int64_t v) { c.server.limits.drain_timeout_ms = v; }),
      text("server.web_root", [](Config& c, const std::string& v) { c.web_root = v; }),
      boolean("server.access_log", [](Config& c, bool v) { c.access_log = v; }),
      boolean("travel.hedging", [](Config& c, bool v) { c.travel_hedging = v; }),
      integer("travel.cache_ms", [](Config& c, std::int64_t v) { c.travel_cache_ms = v; }),
      text("database.url", [](Config& c, const std::string& v) { c.database.url = v; }),
      integer("database.pool_size",
              [](Config& c, std::int64_t v) { c.database.pool_size = static_cast<int>(v); }),
      integer("database.statement_timeout_ms",
              [](Config& c, std::int64_t v) { c.database.statement_timeout_ms = v; }),
      integer("database.busy_timeout_ms",
              [](Config& c, std::int64_t v) { c.database.busy_timeout_ms = v; }),
      integer("database.acquire_timeout_ms",
              [](Config& c, std::int64_t v) { c.database.acquire_timeout_ms = v; }),
      integer("auth.token_ttl_ms", [](Config& c, std::int64_t v) { c.auth.token_ttl_ms = v; }),
      integer(
          "auth.failures_before_slowdown",
          [](Config& c, std::int64_t v) { c.auth.failures_before_slowdown = static_cast<int>(v); }),
      integer("auth.failures_before_lock",
              [](Config& c, std::int64_t v) { c.auth.failures_before_lock = static_cast<int>(v); }),
      integer("auth.lock_ms", [](Config& c, std::int64_t v) { c.auth.lock_ms = v; }),
      integer("auth.argon2_ops",
              [](Config& c, std::int64_t v) {
                c.auth.password_cost.ops = static_cast<std::uint64_t>(v);
              }),
      integer("auth.argon2_memory_kib",
              [](Config& c, std::int64_t v) {
                c.auth.password_cost.memory_bytes = static_cast<std::size_t>(v) * 1024;
              }),
      text("log.level", [](Config& c, const std::string& v) { c.log_level = v; }),
      integer("limits.login_per_minute", [](Config& c, std::int64_t v) { c.login_per_minute = v; }),
      integer("limits.application_starts_per_hour",
              [](Config& c, std::int64_t v) { c.application_starts_per_hour = v; }),
      integer("clock.offset_ms", [](Config& c, std::int64_t v) { c.clock_offset_ms = v; }),
      text("storage.data_dir", [](Config& c, const std::string& v) { c.data_dir = v; }),
      text("storage.secret_key_file",
           [](Config& c, const std::string& v) { c.secret_key_file = v; }),
  };
  return all;
}

const Setting* find_setting(std::string_view key) {
  for (const auto& s : settings())
    if (key == s.key) return &s;
  return nullptr;
}

Status unknown_key(std::string_view key, std::string_view source) {
  std::string known;
  for (const auto& s : settings()) known += (known.empty() ? "" : ", ") + std::string(s.key);
  return {ErrorCode::invalid_argument, std::string(source) + ": unknown config key " +
                                           std::string(key) + " (known keys: " + known + ")"};
}

}  // namespace

Config default_config() {
  Config c;
  c.database.url = "var/fuwu.db";
  return c;
}

Status apply_setting(Config& config, std::string_view key, std::string_view value) {
  const Setting* s = find_setting(key);
  if (!s) return unknown_key(key, "setting");
  const std::string v(value);
  switch (s->kind) {
    case Kind::text:
      if (std::string(s->key) == "server.listen") return split_listen(config, v);
      s->set_text(config, v);
      return Status::ok();
    case Kind::integer: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size())
        return {ErrorCode::invalid_argument,
                std::string(key) + " must be an integer, got \"" + v + "\""};
      s->set_integer(config, n);
      return Status::ok();
    }
    case Kind::boolean:
      if (v == "true" || v == "1")
        s->set_boolean(config, true);
      else if (v == "false" || v == "0")
        s->set_boolean(config, false);
      else
        return {ErrorCode::invalid_argument,
                std::string(key) + " must be true or false, got \"" + v + "\""};
      return Status::ok();
  }
  return Status::ok();
}

Status apply_toml(Config& config, std::string_view toml_text, std::string_view source) {
  toml::table document;
  try {
    document = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return {ErrorCode::invalid_argument, std::string(source) + ": " + std::string(e.description()) +
                                             " at line " + std::to_string(e.source().begin.line)};
  }
  for (const auto& [section, node] : document) {
    const auto* table = node.as_table();
    if (!table) return unknown_key(section.str(), source);
    for (const auto& [name, value] : *table) {
      const std::string key = std::string(section.str()) + "." + std::string(name.str());
      const Setting* s = find_setting(key);
      if (!s) return unknown_key(key, source);
      const std::string where = std::string(source) + ": " + key;
      switch (s->kind) {
        case Kind::integer:
          if (!value.is_integer())
            return {ErrorCode::invalid_argument, where + " must be an integer"};
          s->set_integer(config, value.as_integer()->get());
          break;
        case Kind::text:
          if (!value.is_string()) return {ErrorCode::invalid_argument, where + " must be a string"};
          FUWU_TRY(apply_setting(config, key, value.as_string()->get()));
          break;
        case Kind::boolean:
          if (!value.is_boolean())
            return {ErrorCode::invalid_argument, where + " must be true or false"};
          s->set_boolean(config, value.as_boolean()->get());
          break;
      }
    }
  }
  return Status::ok();
}

Status apply_environment(Config& config, const std::map<std::string, std::string>& environment) {
  static const std::vector<std::string> sections = {"server",  "database", "auth",  "log",
                                                    "storage", "limits",   "clock", "travel"};
  for (const auto& [name, value] : environment) {
    for (const auto& section : sections) {
      std::string prefix = "FUWU_" + section + "_";
      for (auto& ch : prefix) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (!name.starts_with(prefix)) continue;
      std::string key = section + ".";
      for (char ch : name.substr(prefix.size()))
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (!find_setting(key)) return unknown_key(key, "environment variable " + name);
      Status s = apply_setting(config, key, value);
      if (!s.is_ok()) return {s.code(), "environment variable " + name + ": " + s.message()};
    }
  }
  return Status::ok();
}

Status validate(const Config& c) {
  auto range = [](const char* key, std::int64_t value, std::int64_t min,
                  std::int64_t max) -> Status {
    if (value < min || value > max)
      return {ErrorCode::invalid_argument, std::string(key) + " must be between " +
                                               std::to_string(min) + " and " + std::to_string(max) +
                                               ", got " + std::to_string(value)};
    return Status::ok();
  };
  FUWU_TRY(range("server.io_threads", c.server.io_threads, 1, 64));
  FUWU_TRY(range("server.worker_threads", c.server.worker_threads, 1, 256));
  FUWU_TRY(range("server.waiting_threads", c.server.waiting_threads, 1, 1024));
  FUWU_TRY(range("travel.cache_ms", c.travel_cache_ms, 0, 3'600'000));
  FUWU_TRY(range("server.body_bytes_max", static_cast<std::int64_t>(c.server.limits.body_bytes_max),
                 1024, 64ll << 20));
  FUWU_TRY(range("server.header_bytes_max",
                 static_cast<std::int64_t>(c.server.limits.header_bytes_max), 1024, 1 << 20));
  FUWU_TRY(range("server.request_timeout_ms", c.server.limits.request_timeout_ms, 100, 3'600'000));
  FUWU_TRY(range("server.idle_timeout_ms", c.server.limits.idle_timeout_ms, 100, 3'600'000));
  FUWU_TRY(range("server.connections_max", c.server.limits.connections_max, 1, 1'000'000));
  FUWU_TRY(range("server.drain_timeout_ms", c.server.limits.drain_timeout_ms, 0, 600'000));
  FUWU_TRY(range("database.pool_size", c.database.pool_size, 1, 512));
  FUWU_TRY(range("database.statement_timeout_ms", c.database.statement_timeout_ms, 10, 3'600'000));
  FUWU_TRY(range("database.busy_timeout_ms", c.database.busy_timeout_ms, 0, 3'600'000));
  FUWU_TRY(range("database.acquire_timeout_ms", c.database.acquire_timeout_ms, 10, 3'600'000));
  FUWU_TRY(range("auth.token_ttl_ms", c.auth.token_ttl_ms, 60'000, 90ll * 24 * 3600 * 1000));
  FUWU_TRY(range("auth.failures_before_slowdown", c.auth.failures_before_slowdown, 1, 1000));
  FUWU_TRY(range("auth.failures_before_lock", c.auth.failures_before_lock, 1, 1000));
  FUWU_TRY(range("auth.lock_ms", c.auth.lock_ms, 1000, 7ll * 24 * 3600 * 1000));
  FUWU_TRY(range("auth.argon2_ops", static_cast<std::int64_t>(c.auth.password_cost.ops), 1, 20));
  FUWU_TRY(range("auth.argon2_memory_kib",
                 static_cast<std::int64_t>(c.auth.password_cost.memory_bytes / 1024), 8, 4 << 20));
  if (c.database.url.empty())
    return {ErrorCode::invalid_argument, "database.url must not be empty"};
  static const std::vector<std::string> levels = {"trace", "debug",    "info", "warn",
                                                  "error", "critical", "off"};
  if (std::find(levels.begin(), levels.end(), c.log_level) == levels.end())
    return {ErrorCode::invalid_argument,
            "log.level must be one of trace, debug, info, warn, error, critical, off"};
  return Status::ok();
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace fuwu::app
