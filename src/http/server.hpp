// Server: the HTTP/1.1 wire (Boost.Beast, C++20 coroutines). Reads requests within named limits,
// runs cheap routes on the I/O threads and everything else on a worker pool (database calls block),
// writes responses, and drains in-flight requests on SIGTERM/SIGINT before exiting.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "http/message.hpp"

namespace fuwu::http {

struct ServerLimits {
  std::size_t body_bytes_max = 1 << 20;      // 1 MiB
  std::size_t header_bytes_max = 16 * 1024;  // request line + headers
  std::int64_t request_timeout_ms = 30'000;  // to receive a whole request once it started
  std::int64_t idle_timeout_ms = 60'000;     // keep-alive wait for the next request
  int connections_max = 10'000;
  std::int64_t drain_timeout_ms = 10'000;  // SIGTERM: longest wait for in-flight requests
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int io_threads = 2;
  int worker_threads = 4;
  // Threads for routes that wait on other services (a search waits for every supplier up to its
  // hard deadline): they sleep most of the time, so there are many, kept apart from the workers.
  int waiting_threads = 128;
  ServerLimits limits;
  bool handle_signals = true;
};

struct Dispatcher {
  // True when the request may be answered on the I/O thread (no blocking work).
  std::function<bool(const Request&)> runs_inline;
  // True when the request waits on other services; such requests run on the waiting threads.
  std::function<bool(const Request&)> waits_on_network;
  std::function<Response(Request&)> handle;
  // The body limit for a request, from its method and target (routes may take more than the
  // default).
  std::function<std::size_t(Method, std::string_view target)> body_limit;
  // Answers requests the wire refused (too large, malformed) in the house error format.
  std::function<Response(const Status&)> refuse;
};

struct ServerStats {
  std::int64_t connections_active = 0;
  std::int64_t requests_in_flight = 0;
  std::int64_t worker_queue = 0;
  int worker_threads = 0;
};

class Server {
 public:
  Server(ServerOptions options, Dispatcher dispatcher);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; afterwards bound_port() is the real port (useful with port 0).
  Status listen();
  std::uint16_t bound_port() const;
  // Serves until stop() or a termination signal, then drains and returns.
  void run();
  // Thread-safe: begins the drain.
  void stop();
  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fuwu::http
