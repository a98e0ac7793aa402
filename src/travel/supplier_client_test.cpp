// The supplier client against simulated suppliers served over loopback: fan-out with deadlines,
// failures reported with their reason, the circuit breaker, the rate limit, hedging.
#include "travel/supplier_client.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "http/server.hpp"
#include "simulator.hpp"

namespace fuwu::travel {
namespace {

sim::SupplierProfile profile(const char* name, int median, int p95) {
  sim::SupplierProfile p;
  p.name = name;
  p.kind = "air";
  p.display_name = name;
  p.latency_median_ms = median;
  p.latency_p95_ms = p95;
  return p;
}

// The simulator in a thread of this process, on a free port.
class SimulatedSuppliers {
 public:
  explicit SimulatedSuppliers(std::vector<sim::SupplierProfile> profiles)
      : simulator_(7, profiles) {
    http::ServerOptions options;
    options.port = 0;
    options.handle_signals = false;
    options.limits.drain_timeout_ms = 100;
    http::Dispatcher d;
    d.runs_inline = [](const http::Request&) { return true; };
    d.handle = [this](http::Request& r) { return simulator_.handle(r); };
    d.body_limit = [](http::Method, std::string_view) { return std::size_t{65'536}; };
    d.refuse = [](const Status&) { return http::Response{}; };
    server_ = std::make_unique<http::Server>(options, d);
    EXPECT_TRUE(server_->listen().is_ok());
    thread_ = std::thread([this] { server_->run(); });
  }
  ~SimulatedSuppliers() {
    server_->stop();
    thread_.join();
  }
  SupplierEndpoint endpoint(const char* name, std::int64_t hard_ms = 400) const {
    SupplierEndpoint e;
    e.name = name;
    e.base_url = "http://127.0.0.1:" + std::to_string(server_->bound_port()) + "/suppliers/" + name;
    e.soft_deadline_ms = hard_ms / 2;
    e.hard_deadline_ms = hard_ms;
    e.response_bytes_max = 1u << 20;
    return e;
  }

 private:
  sim::Simulator simulator_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

const std::string kSearch = R"({"origin":"PEK","destination":"3101","date":"2030-06-03"})";

TEST(SupplierClient, AFanOutDropsFailingSuppliersWithTheirReasonWithinTheHardDeadline) {
  auto error = profile("error-air", 1, 2);
  error.error_pct = 100;
  auto hang = profile("hang-air", 1, 2);
  hang.hang_pct = 100;
  auto big = profile("big-air", 1, 2);
  big.oversized_pct = 100;
  SimulatedSuppliers sim({profile("fast-air", 2, 5), error, hang, big});
  SupplierClient client;
  const auto start = std::chrono::steady_clock::now();
  const auto results = client.fan_out({sim.endpoint("fast-air"), sim.endpoint("error-air"),
                                       sim.endpoint("hang-air"), sim.endpoint("big-air")},
                                      "/flights/search", kSearch);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok) << results[0].failure;
  EXPECT_NE(results[0].body.find("offer_key"), std::string::npos);
  EXPECT_EQ(results[1].failure, "error_status");
  EXPECT_EQ(results[1].status, 500);
  EXPECT_EQ(results[2].failure, "late");  // others had answered: not waited for past 200 ms
  EXPECT_EQ(results[3].failure, "too_large");
  // The soft deadline (200 ms), not the hanging supplier (ten minutes), sets the pace once the
  // others have answered; the margin is for a loaded machine.
  EXPECT_GE(took, 190);
  EXPECT_LT(took, 5'000);
}

TEST(SupplierClient, WithNobodyAnsweredTheHardDeadlineHoldsAndTheBreakerLearnsOfLateCalls) {
  auto hang = profile("hang-air", 1, 2);
  hang.hang_pct = 100;
  SimulatedSuppliers sim({profile("fast-air", 2, 5), hang});
  SupplierClient client(ClientOptions{true, 20, 3, 60'000});
  // Alone, a hanging supplier is waited for until its hard deadline.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.call(sim.endpoint("hang-air"), "/flights/search", kSearch).failure, "timeout");
  EXPECT_GE(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count(),
            390);
  // Beside a supplier that answers it is dropped at the soft deadline, but its call goes on
  // until the hard one, and those timeouts open the circuit.
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(client
                  .fan_out({sim.endpoint("fast-air"), sim.endpoint("hang-air")}, "/flights/search",
                           kSearch)[1]
                  .failure,
              "late");
  for (int i = 0; i < 100 && !client.stats("hang-air").circuit_open; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(client.stats("hang-air").circuit_open);
  EXPECT_EQ(client
                .fan_out({sim.endpoint("fast-air"), sim.endpoint("hang-air")}, "/flights/search",
                         kSearch)[1]
                .failure,
            "circuit_open");
}

TEST(SupplierClient, TheCircuitOpensAfterRepeatedFailuresAndTheRateLimitHolds) {
  auto error = profile("error-air", 1, 2);
  error.error_pct = 100;
  SimulatedSuppliers sim({error, profile("fast-air", 1, 2)});
  SupplierClient client(ClientOptions{true, 20, 3, 60'000});
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(client.call(sim.endpoint("error-air"), "/flights/search", kSearch).failure,
              "error_status");
  EXPECT_EQ(client.call(sim.endpoint("error-air"), "/flights/search", kSearch).failure,
            "circuit_open");
  EXPECT_EQ(client.stats("error-air").requests, 3);
  EXPECT_TRUE(client.stats("error-air").circuit_open);

  auto limited = sim.endpoint("fast-air");
  limited.requests_per_second = 2;
  EXPECT_TRUE(client.call(limited, "/flights/search", kSearch).ok);
  EXPECT_TRUE(client.call(limited, "/flights/search", kSearch).ok);
  EXPECT_EQ(client.call(limited, "/flights/search", kSearch).failure, "rate_limited");
}

TEST(SupplierClient, SlowTailsAreHedgedOnceAfterTheObservedP95WithinTheBudget) {
  SimulatedSuppliers sim({profile("tail-air", 8, 120)});
  SupplierClient client;
  int ok = 0, hedged = 0;
  for (int i = 0; i < 120; ++i) {
    const auto r = client.call(sim.endpoint("tail-air", 1'000), "/flights/search", kSearch);
    ok += r.ok;
    hedged += r.hedged;
  }
  EXPECT_EQ(ok, 120);
  const auto stats = client.stats("tail-air");
  EXPECT_GT(stats.p95_ms, 0);
  EXPECT_GT(hedged, 0);
  EXPECT_EQ(stats.hedges, hedged);
  // About the calls past the p95 once it is known, but never more than the hedging budget: 5 %
  // of the requests.
  EXPECT_LE(stats.hedges, 120 * 5 / 100);
  EXPECT_EQ(stats.requests, 120 + stats.hedges);
}

TEST(SupplierClient, BadUrlsAndClosedPortsFailFast) {
  SupplierClient client;
  SupplierEndpoint bad;
  bad.name = "bad";
  bad.base_url = "ftp://example";
  EXPECT_EQ(client.call(bad, "/x", "{}").failure, "bad_url");
  SupplierEndpoint closed;
  closed.name = "closed";
  closed.base_url = "http://127.0.0.1:1/suppliers/x";
  EXPECT_EQ(client.call(closed, "/x", "{}").failure, "connect_failed");
}

}  // namespace
}  // namespace fuwu::travel
