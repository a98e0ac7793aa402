// Request metrics in Prometheus text format: requests by route and status, a latency histogram
// per route, and gauges supplied at render time (pool use, connections).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fuwu::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

  // `route` is the route pattern (not the raw path) so label values stay few.
  void observe(std::string_view method, std::string_view route, int status, double seconds);

  struct Gauge {
    std::string name;
    std::string help;
    double value = 0;
  };
  std::string render(const std::vector<Gauge>& gauges) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBucketsSeconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
};

}  // namespace fuwu::http
