#include "http/metrics.hpp"

#include <sstream>

namespace fuwu::http {

void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard guard(mutex_);
  ++requests_[{std::string(method), std::string(route), status}];
  auto& histogram = latency_[{std::string(method), std::string(route)}];
  for (std::size_t i = 0; i < kLatencyBucketsSeconds.size(); ++i)
    if (seconds <= kLatencyBucketsSeconds[i]) ++histogram.buckets[i];
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::render(const std::vector<Gauge>& gauges) const {
  std::ostringstream out;
  std::lock_guard guard(mutex_);
  out << "# HELP fuwu_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE fuwu_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "fuwu_http_requests_total{method=\"" << method << "\",route=\"" << route
        << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP fuwu_http_request_duration_seconds HTTP request latency by method and route.\n"
      << "# TYPE fuwu_http_request_duration_seconds histogram\n";
  for (const auto& [key, histogram] : latency_) {
    const auto& [method, route] = key;
    const std::string labels = "method=\"" + method + "\",route=\"" + route + "\"";
    for (std::size_t i = 0; i < kLatencyBucketsSeconds.size(); ++i)
      out << "fuwu_http_request_duration_seconds_bucket{" << labels << ",le=\""
          << kLatencyBucketsSeconds[i] << "\"} " << histogram.buckets[i] << "\n";
    out << "fuwu_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
        << histogram.count << "\n"
        << "fuwu_http_request_duration_seconds_sum{" << labels << "} " << histogram.sum << "\n"
        << "fuwu_http_request_duration_seconds_count{" << labels << "} " << histogram.count << "\n";
  }
  for (const auto& gauge : gauges) {
    out << "# HELP " << gauge.name << " " << gauge.help << "\n# TYPE " << gauge.name << " gauge\n"
        << gauge.name << " " << gauge.value << "\n";
  }
  return out.str();
}

}  // namespace fuwu::http
