// The supplier client: fuwu's side of docs/supplier-protocol.md. POSTs JSON to suppliers over
// HTTP/1.1 with connection reuse, a soft and a hard deadline per supplier, one hedged request
// once a call has taken longer than the supplier's observed p95, a circuit breaker, a per-supplier
// rate limit and a response size limit. A fan-out asks several suppliers at once and returns when
// every one has answered or given up, or when the ones still silent are past their soft deadline
// and another has answered; a supplier that fails is reported with the reason, never waited for
// past its hard deadline. Asio stays inside supplier_client.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fuwu::travel {

struct SupplierEndpoint {
  std::string name;
  std::string base_url;  // http://host:port/path (https is not spoken by the simulator)
  // Past the soft deadline a fan-out stops waiting for this supplier once another has answered
  // (an answer that still comes while it waits for others is used, marked late).
  std::int64_t soft_deadline_ms = 600;
  std::int64_t hard_deadline_ms = 1500;  // no answer by then: dropped
  std::size_t response_bytes_max = 4u << 20;
  int requests_per_second = 200;
};

struct ClientOptions {
  bool hedging = true;
  int hedge_samples_min = 20;            // latencies observed before the p95 is trusted
  int breaker_failures = 5;              // consecutive failures that open the circuit
  std::int64_t breaker_open_ms = 5'000;  // then one trial request is let through
  // Hedges may add at most this share to a supplier's requests: each request earns this much
  // credit (up to a few hedges' worth) and a hedge spends one.
  double hedge_budget = 0.05;
};

struct CallResult {
  std::string supplier;
  bool ok = false;  // a 2xx answer within the hard deadline
  int status = 0;
  std::string body;
  // "" when ok; else timeout | late | connect_failed | error_status | too_large | circuit_open |
  // rate_limited | bad_url | io_error. `late`: no answer by the soft deadline while another
  // supplier of the fan-out had answered, so the fan-out went on without it.
  std::string failure;
  std::int64_t elapsed_ms = 0;
  bool late = false;    // answered after the soft deadline
  bool hedged = false;  // a second request was sent
};

struct SupplierStats {
  std::int64_t requests = 0;  // sent on the wire, hedges included
  std::int64_t hedges = 0;
  std::int64_t failures = 0;
  std::int64_t p95_ms = 0;  // 0 until enough samples
  bool circuit_open = false;
};

class SupplierClient {
 public:
  explicit SupplierClient(ClientOptions options = {});
  ~SupplierClient();
  SupplierClient(const SupplierClient&) = delete;
  SupplierClient& operator=(const SupplierClient&) = delete;

  // POSTs `body` to `path` under each endpoint, concurrently; one result per endpoint, in order.
  // Returns when every supplier has answered or failed, or when every one still unanswered is
  // past its soft deadline and another has answered; never after the last hard deadline.
  std::vector<CallResult> fan_out(const std::vector<SupplierEndpoint>& endpoints,
                                  const std::string& path, const std::string& body);
  CallResult call(const SupplierEndpoint& endpoint, const std::string& path,
                  const std::string& body);
  SupplierStats stats(const std::string& supplier) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fuwu::travel
