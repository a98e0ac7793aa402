#include "app/cli.hpp"

#include <thread>

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "admission/rule_set_toml.hpp"
#include "app/application.hpp"
#include "app/demo_admission.hpp"
#include "app/demo_data.hpp"
#include "app/demo_growth.hpp"
#include "app/demo_registry.hpp"
#include "app/demo_travel.hpp"
#include "app/demo_trips.hpp"
#include "core/crypto.hpp"
#include "store/migrator.hpp"

#ifndef FUWU_VERSION
#define FUWU_VERSION "0.0.0"
#endif

namespace fuwu::app {
namespace {

struct CommonOptions {
  std::string config_path;
  std::string db;
  std::vector<std::string> settings;  // --set key=value
};

void add_common_options(CLI::App* command, CommonOptions& options) {
  command->add_option("--config", options.config_path, "TOML configuration file (e.g. fuwu.toml)");
  command->add_option("--db", options.db, "SQLite file path or postgresql:// URL (database.url)");
  command->add_option("--set", options.settings,
                      "Override one setting: --set server.worker_threads=8");
}

Result<Config> load_config(const CommonOptions& options,
                           const std::vector<std::pair<std::string, std::string>>& flags) {
  Config config = default_config();
  if (!options.config_path.empty()) {
    std::ifstream in(options.config_path);
    if (!in)
      return Status(ErrorCode::invalid_argument, "cannot read config file " + options.config_path);
    std::stringstream text;
    text << in.rdbuf();
    FUWU_TRY(apply_toml(config, text.str(), options.config_path));
  }
  FUWU_TRY(apply_environment(config, process_environment()));
  for (const auto& setting : options.settings) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos)
      return Status(ErrorCode::invalid_argument, "--set takes key=value, got " + setting);
    FUWU_TRY(apply_setting(config, setting.substr(0, eq), setting.substr(eq + 1)));
  }
  for (const auto& [key, value] : flags) FUWU_TRY(apply_setting(config, key, value));
  if (!options.db.empty()) config.database.url = options.db;
  FUWU_TRY(validate(config));
  return config;
}

void setup_logging(const Config& config) {
  auto level = spdlog::level::from_str(config.log_level);
  spdlog::set_level(level);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  if (!spdlog::get("access")) {
    spdlog::init_thread_pool(8192, 1);
    auto access = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("access");
    access->set_pattern("%v");
    access->set_level(spdlog::level::info);
  }
}

int fail(const Status& status) {
  std::cerr << "fuwu: " << status.message() << "\n";
  return 2;
}

void write_port_file(const std::string& path, std::uint16_t port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << port << "\n";
  }
  std::filesystem::rename(temporary, path);
}

void print_demo_logins(const DemoResult& demo, std::uint16_t port, const std::string& host) {
  const std::string base = "http://" + (host == "0.0.0.0" ? std::string("127.0.0.1") : host) + ":" +
                           std::to_string(port) + "/";
  std::cout << "\n  fuwu 服务 is running at " << base << "\n"
            << "  Apply to become a provider (no account needed): " << base << "#/apply\n"
            << "  Demo logins (password for all: " << kDemoPassword << "):\n";
  for (const auto& login : demo.logins)
    std::cout << "    " << login.email << "  [" << login.role << "]  " << login.organization
              << "\n";
  std::cout << std::endl;
}

Result<admission::Program> find_program(admission::AdmissionService& service,
                                        const std::string& code) {
  FUWU_ASSIGN_OR_RETURN(auto programs, service.list_programs());
  for (auto& p : programs)
    if (p.code == code) return p;
  return Status(ErrorCode::not_found, "no program with code " + code);
}

int export_program(admission::AdmissionService& service, const std::string& code,
                   const std::string& output) {
  auto program = find_program(service, code);
  if (!program) return fail(program.status());
  auto rules = service.get_rule_set(program->id, std::nullopt);
  if (!rules) return fail(rules.status());
  const std::string text = admission::program_to_toml(*program, *rules);
  if (output.empty()) {
    std::cout << text;
  } else {
    std::ofstream(output) << text;
    std::cerr << "wrote " << output << " (rule set version " << rules->version << ")\n";
  }
  return 0;
}

int import_program(admission::AdmissionService& service, const std::string& file,
                   const std::string& note) {
  std::ifstream in(file);
  if (!in) return fail(Status(ErrorCode::invalid_argument, "cannot read " + file));
  std::stringstream text;
  text << in.rdbuf();
  auto document = admission::program_from_toml(text.str(), file);
  if (!document) return fail(document.status());
  const auto actor = audit::Actor::system("cli programs import");
  auto existing = find_program(service, document->program.code);
  if (!existing) {
    auto created = service.create_program(actor, document->program, document->rules);
    if (!created) return fail(created.status());
    std::cout << "created program " << created->code << " with rule set version 1\n";
    return 0;
  }
  admission::ProgramPatch patch;
  patch.name_zh = document->program.name_zh;
  patch.name_en = document->program.name_en;
  patch.description = document->program.description;
  patch.review_sla_working_days = document->program.review_sla_working_days;
  auto updated = service.update_program(actor, existing->id, existing->version, patch);
  if (!updated) return fail(updated.status());
  auto current = service.get_rule_set(existing->id, std::nullopt);
  if (!current) return fail(current.status());
  if (boost::json::serialize(admission::rule_set_to_json(current->rules)) ==
      boost::json::serialize(admission::rule_set_to_json(document->rules))) {
    std::cout << "program " << existing->code << ": rules unchanged (version " << current->version
              << ")\n";
    return 0;
  }
  auto published = service.publish_rule_set(actor, existing->id, document->rules,
                                            note.empty() ? "imported from " + file : note);
  if (!published) return fail(published.status());
  std::cout << "program " << existing->code << ": published rule set version " << published->version
            << "\n";
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  crypto::initialize();
  CLI::App app{"fuwu 服务 — the service-provider platform"};
  app.require_subcommand(1);

  CommonOptions serve_options;
  bool demo = false;
  std::string listen, port_file, web_root;
  auto* serve = app.add_subcommand("serve", "Run the HTTP server (API and console)");
  add_common_options(serve, serve_options);
  serve->add_option("--listen", listen,
                    "host:port to listen on (server.listen), port 0 picks a free one");
  serve->add_flag("--demo", demo,
                  "Fill an empty database with demo data and print the demo logins");
  bool demo_trips = false;
  serve->add_flag("--demo-trips", demo_trips,
                  "With --demo: also book demo trips through the supplier simulator");
  serve->add_option("--port-file", port_file, "Write the bound port to this file once listening");
  serve->add_option("--web-root", web_root, "Directory of the built console (server.web_root)");

  CommonOptions migrate_options;
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  add_common_options(migrate, migrate_options);

  CommonOptions admin_options;
  std::string admin_email, admin_name, admin_password;
  auto* admin = app.add_subcommand("admin", "Administer accounts");
  admin->require_subcommand(1);
  auto* admin_create = admin->add_subcommand("create", "Create an operator administrator");
  add_common_options(admin_create, admin_options);
  admin_create->add_option("--email", admin_email, "Email of the new operator")->required();
  admin_create->add_option("--name", admin_name, "Display name")->required();
  admin_create->add_option(
      "--password", admin_password,
      "Password (or set FUWU_ADMIN_PASSWORD, which keeps it out of the process list)");

  CommonOptions audit_options;
  auto* audit_command = app.add_subcommand("audit", "Inspect the audit log");
  audit_command->require_subcommand(1);
  auto* verify = audit_command->add_subcommand(
      "verify", "Walk the hash chain and name the first altered record");
  add_common_options(verify, audit_options);

  CommonOptions programs_options;
  std::string program_code, program_file, program_output, program_note;
  auto* programs =
      app.add_subcommand("programs", "Keep admission programs and their rules in files");
  programs->require_subcommand(1);
  auto* programs_export =
      programs->add_subcommand("export", "Write a program and its current rules as TOML");
  add_common_options(programs_export, programs_options);
  programs_export->add_option("--code", program_code, "The program's code, e.g. local_services")
      ->required();
  programs_export->add_option("--output", program_output,
                              "Write to this file instead of standard output");
  auto* programs_import = programs->add_subcommand(
      "import", "Create the program, or publish its rules as a new version when they changed");
  add_common_options(programs_import, programs_options);
  programs_import->add_option("--file", program_file, "The TOML file")->required();
  programs_import->add_option("--note", program_note,
                              "Why the rules changed (kept with the version)");

  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (app.got_subcommand("version")) {
    std::cout << "fuwu " << FUWU_VERSION << "\n";
    return 0;
  }

  if (serve->parsed()) {
    std::vector<std::pair<std::string, std::string>> flags;
    if (!listen.empty()) flags.emplace_back("server.listen", listen);
    if (!web_root.empty()) flags.emplace_back("server.web_root", web_root);
    auto config = load_config(serve_options, flags);
    if (!config) return fail(config.status());
    setup_logging(*config);
    auto opened = Application::open(*config);
    if (!opened) return fail(opened.status());
    Application& application = **opened;
    DemoResult demo_result;
    if (demo) {
      auto seeded = seed_demo_data(application.database(), application.directory(),
                                   application.platform_organization_id());
      if (!seeded) return fail(seeded.status());
      demo_result = std::move(seeded).value();
      if (demo_result.created) {
        Status registry = seed_registry_demo(application.database(), application.registry());
        if (!registry.is_ok()) return fail(registry);
        Status admission = seed_admission_demo(application.database(), application.admission());
        if (!admission.is_ok()) return fail(admission);
        Status growth = seed_growth_demo(application.database(), application.directory(),
                                         application.registry(), application.rating());
        if (!growth.is_ok()) return fail(growth);
        Status travel = seed_travel_demo(application.database(), application.travel());
        if (!travel.is_ok()) return fail(travel);
        spdlog::info("demo data created");
      }
    }
    // Booked once the server's parts are up; a demo without its simulator simply has no trips.
    std::thread trips_seeder;
    if (demo && demo_trips && demo_result.created)
      trips_seeder = std::thread([&application] {
        Status trips = seed_demo_trips(application);
        if (!trips.is_ok()) spdlog::warn("demo trips: {}", trips.message());
      });
    Status served = application.serve([&](std::uint16_t port) {
      spdlog::info("listening on {}:{} ({})", config->server.host, port,
                   store::is_postgres_url(config->database.url) ? "PostgreSQL"
                                                                : "SQLite " + config->database.url);
      if (!port_file.empty()) write_port_file(port_file, port);
      if (demo) print_demo_logins(demo_result, port, config->server.host);
    });
    if (trips_seeder.joinable()) trips_seeder.join();
    spdlog::shutdown();
    return served.is_ok() ? 0 : fail(served);
  }

  if (migrate->parsed()) {
    auto config = load_config(migrate_options, {});
    if (!config) return fail(config.status());
    auto db = store::open_database(config->database);
    if (!db) return fail(db.status());
    auto report = store::migrate(**db, store::embedded_migrations((*db)->dialect()));
    if (!report) return fail(report.status());
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << report->applied.size() << " applied, " << report->already_applied
              << " already applied\n";
    return 0;
  }

  if (admin_create->parsed()) {
    auto config = load_config(admin_options, {});
    if (!config) return fail(config.status());
    setup_logging(*config);
    if (admin_password.empty()) {
      if (const char* env = std::getenv("FUWU_ADMIN_PASSWORD")) admin_password = env;
    }
    if (admin_password.empty())
      return fail(Status(ErrorCode::invalid_argument, "give --password or FUWU_ADMIN_PASSWORD"));
    auto opened = Application::open(*config);
    if (!opened) return fail(opened.status());
    auto user = (*opened)->directory().create_user_unchecked(
        audit::Actor::system("cli admin create"),
        {admin_email, admin_name, admin_password, (*opened)->platform_organization_id(),
         auth::RoleSet{auth::Role::operator_admin}});
    if (!user) return fail(user.status());
    std::cout << "created operator " << user->email << " (user " << user->id << ")\n";
    return 0;
  }

  if (programs_export->parsed() || programs_import->parsed()) {
    auto config = load_config(programs_options, {});
    if (!config) return fail(config.status());
    setup_logging(*config);
    auto opened = Application::open(*config);
    if (!opened) return fail(opened.status());
    return programs_export->parsed()
               ? export_program((*opened)->admission(), program_code, program_output)
               : import_program((*opened)->admission(), program_file, program_note);
  }

  if (verify->parsed()) {
    auto config = load_config(audit_options, {});
    if (!config) return fail(config.status());
    auto db = store::open_database(config->database);
    if (!db) return fail(db.status());
    auto result = audit::AuditLog::verify(**db);
    if (!result) return fail(result.status());
    if (!result->ok()) {
      std::cout << "audit chain BROKEN at record " << *result->first_bad_id << ": "
                << result->problem << "\n"
                << result->records_checked << " records before it are intact\n";
      return 1;
    }
    std::cout << "audit chain intact: " << result->records_checked << " records\n";
    return 0;
  }
  return 0;
}

}  // namespace fuwu::app
