// fuwu-supplier-sim: plays travel suppliers over HTTP for fuwu's adapters, demos and tests.
//   fuwu-supplier-sim [--listen 127.0.0.1:8091] [--config suppliers.toml] [--seed N]
//                     [--port-file F]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "http/server.hpp"
#include "profiles.hpp"
#include "simulator.hpp"

int main(int argc, char** argv) {
  using namespace fuwu;
  CLI::App app{"fuwu-supplier-sim: simulated travel suppliers (flights, hotels, trains)"};
  std::string listen = "127.0.0.1:8091", config_path, port_file;
  std::optional<std::uint64_t> seed;
  app.add_option("--listen", listen, "host:port to listen on (port 0 picks a free one)");
  app.add_option("--config", config_path,
                 "TOML file of [[supplier]] tables (default: the demo set)");
  app.add_option("--seed", seed, "seed of the catalogue and of every supplier's decisions");
  app.add_option("--port-file", port_file, "write the bound port here once listening");
  CLI11_PARSE(app, argc, argv);

  sim::SimulatorConfig config = sim::demo_config();
  if (!config_path.empty()) {
    auto loaded = sim::load_config(config_path);
    if (!loaded) {
      std::fprintf(stderr, "fuwu-supplier-sim: %s\n", loaded.status().message().c_str());
      return 2;
    }
    config = std::move(loaded).value();
  }
  if (seed) config.seed = *seed;
  const auto colon = listen.rfind(':');
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (colon == 0 || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    std::fprintf(stderr, "fuwu-supplier-sim: --listen must be host:port with a port 0 to 65535\n");
    return 2;
  }
  http::ServerOptions options;
  options.host = listen.substr(0, colon);
  options.port = static_cast<std::uint16_t>(std::stoi(port));
  options.worker_threads = 1;
  options.limits.body_bytes_max = 64 * 1024;
  options.limits.drain_timeout_ms = 1'000;

  sim::Simulator simulator(config.seed, config.suppliers);
  http::Dispatcher dispatcher;
  dispatcher.runs_inline = [](const http::Request&) { return true; };
  dispatcher.handle = [&](http::Request& r) { return simulator.handle(r); };
  dispatcher.body_limit = [&](http::Method, std::string_view) {
    return options.limits.body_bytes_max;
  };
  dispatcher.refuse = [](const Status& s) {
    http::Response r;
    const bool too_large = s.code() == ErrorCode::payload_too_large;
    r.status = too_large ? 413 : 400;
    r.content_type = "application/problem+json";
    r.body = too_large ? R"({"code":"payload_too_large","detail":"the body is over 64 KiB"})"
                       : R"({"code":"malformed_http","detail":"the request is not valid HTTP"})";
    return r;
  };
  http::Server server(options, dispatcher);
  if (Status s = server.listen(); !s.is_ok()) {
    std::fprintf(stderr, "fuwu-supplier-sim: %s\n", s.message().c_str());
    return 1;
  }
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << server.bound_port() << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  std::printf("fuwu-supplier-sim: %zu suppliers on http://%s:%u (seed %llu)\n",
              config.suppliers.size(), options.host.c_str(), server.bound_port(),
              static_cast<unsigned long long>(config.seed));
  for (const auto& p : config.suppliers)
    std::printf("  /suppliers/%s  %s  %s\n", p.name.c_str(), p.kind.c_str(),
                p.display_name.c_str());
  std::fflush(stdout);
  server.run();
  return 0;
}
