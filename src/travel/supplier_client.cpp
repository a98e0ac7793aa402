#include "travel/supplier_client.hpp"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace fuwu::travel {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kLatencySamples = 200;
constexpr std::int64_t kHedgeFloorMs = 10;

struct Target {
  std::string host;
  std::string port;
  std::string prefix;  // path of the base URL, without a trailing slash
};

std::optional<Target> parse_base_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  const std::string rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  Target t;
  t.prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!t.prefix.empty() && t.prefix.back() == '/') t.prefix.pop_back();
  const auto colon = authority.rfind(':');
  t.host = authority.substr(0, colon);
  t.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (t.host.empty() || t.port.empty() ||
      t.port.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return t;
}

std::int64_t ms_between(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

using Stream = beast::tcp_stream;

// One supplier's breaker, rate limit, latency history, idle connections and counters. Touched
// only on the client's I/O thread, except the counters that stats() copies under the mutex.
struct SupplierState {
  std::deque<std::int64_t> latencies;
  int consecutive_failures = 0;
  SteadyClock::time_point open_until{};
  bool trial_in_flight = false;
  double tokens = -1;  // -1: not started
  double hedge_credit = 0;
  SteadyClock::time_point refilled{};
  std::vector<std::shared_ptr<Stream>> idle;
  std::optional<tcp::resolver::results_type> resolved;
  SupplierStats stats;

  std::int64_t p95(int samples_min) const {
    if (static_cast<int>(latencies.size()) < samples_min) return 0;
    std::vector<std::int64_t> sorted(latencies.begin(), latencies.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)];
  }
};

// The attempts of one call (the request and perhaps its hedge): the first good answer wins.
struct Race {
  explicit Race(asio::any_io_executor executor) : signal(executor) {}
  asio::steady_timer signal;  // cancelled to wake the caller
  std::optional<CallResult> winner;
  std::optional<CallResult> last_failure;
  std::shared_ptr<Stream> winner_stream;
  bool winner_keeps_alive = false;
  int pending = 0;
  bool settled = false;
  std::vector<std::shared_ptr<Stream>> streams;
};

}  // namespace

struct SupplierClient::Impl {
  explicit Impl(ClientOptions o) : options(o), thread([this] { io.run(); }) {}
  ~Impl() {
    work.reset();
    io.stop();
    thread.join();
  }

  ClientOptions options;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  mutable std::mutex mutex;  // guards `states` (the map and every state's counters)
  std::map<std::string, SupplierState> states;
  std::thread thread;

  SupplierState& state(const std::string& name) {
    std::lock_guard lock(mutex);
    return states[name];
  }

  awaitable<std::shared_ptr<Stream>> connection(SupplierState& st, const Target& t,
                                                SteadyClock::time_point deadline,
                                                boost::system::error_code& ec, bool& reused) {
    {
      std::lock_guard lock(mutex);
      if (!st.idle.empty()) {
        auto s = std::move(st.idle.back());
        st.idle.pop_back();
        reused = true;
        co_return s;
      }
    }
    reused = false;
    if (!st.resolved) {
      tcp::resolver resolver(io);
      auto results =
          co_await resolver.async_resolve(t.host, t.port, asio::redirect_error(use_awaitable, ec));
      if (ec) co_return nullptr;
      st.resolved = results;
    }
    auto s = std::make_shared<Stream>(io);
    s->expires_at(deadline);
    co_await s->async_connect(*st.resolved, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return nullptr;
    co_return s;
  }

  // One request on one connection (a fresh one when a reused connection turns out closed).
  awaitable<void> attempt(std::shared_ptr<Race> race, SupplierState& st, Target t,
                          SupplierEndpoint ep, std::string target, std::string body,
                          SteadyClock::time_point start, SteadyClock::time_point deadline) {
    CallResult r;
    r.supplier = ep.name;
    std::shared_ptr<Stream> stream;
    bool keep_alive = false;
    for (int tries = 0; tries < 2; ++tries) {
      boost::system::error_code ec;
      bool reused = false;
      stream = co_await connection(st, t, deadline, ec, reused);
      if (!stream) {
        r.failure = ec == beast::error::timeout ? "timeout" : "connect_failed";
        break;
      }
      if (race->settled) break;
      race->streams.push_back(stream);
      {
        std::lock_guard lock(mutex);
        ++st.stats.requests;
      }
      bhttp::request<bhttp::string_body> request{bhttp::verb::post, target, 11};
      request.set(bhttp::field::host, t.host);
      request.set(bhttp::field::content_type, "application/json");
      request.set(bhttp::field::user_agent, "fuwu");
      request.keep_alive(true);
      request.body() = body;
      request.prepare_payload();
      stream->expires_at(deadline);
      co_await bhttp::async_write(*stream, request, asio::redirect_error(use_awaitable, ec));
      beast::flat_buffer buffer;
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(ep.response_bytes_max);
      parser.header_limit(16 * 1024);
      if (!ec)
        co_await bhttp::async_read(*stream, buffer, parser,
                                   asio::redirect_error(use_awaitable, ec));
      // A kept-alive connection the supplier had closed meanwhile: once more on a fresh one.
      if (ec && reused && tries == 0 &&
          (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe))
        continue;
      if (ec) {
        r.failure = ec == beast::error::timeout            ? "timeout"
                    : ec == bhttp::error::body_limit       ? "too_large"
                    : ec == asio::error::operation_aborted ? "timeout"
                                                           : "io_error";
        break;
      }
      auto& response = parser.get();
      r.status = response.result_int();
      r.body = std::move(response.body());
      r.ok = r.status >= 200 && r.status < 300;
      if (!r.ok) r.failure = "error_status";
      keep_alive = response.keep_alive();
      break;
    }
    r.elapsed_ms = ms_between(start, SteadyClock::now());
    --race->pending;
    if (race->settled) {
      if (stream) stream->close();
      co_return;
    }
    if (r.ok) {
      race->winner = std::move(r);
      race->winner_stream = stream;
      race->winner_keeps_alive = keep_alive;
      race->signal.cancel();
    } else {
      if (stream) stream->close();
      race->last_failure = std::move(r);
      if (race->pending == 0) race->signal.cancel();
    }
  }

  awaitable<CallResult> run_call(SupplierEndpoint ep, std::string path, std::string body) {
    const auto start = SteadyClock::now();
    const auto hard = start + std::chrono::milliseconds(ep.hard_deadline_ms);
    CallResult result;
    result.supplier = ep.name;
    SupplierState& st = state(ep.name);
    const auto target = parse_base_url(ep.base_url);
    if (!target) {
      result.failure = "bad_url";
      co_return result;
    }
    // The circuit: open after repeated failures; after the pause one trial goes through.
    bool trial = false;
    std::int64_t p95 = 0;
    {
      std::lock_guard lock(mutex);
      if (st.consecutive_failures >= options.breaker_failures) {
        if (start < st.open_until || st.trial_in_flight) {
          result.failure = "circuit_open";
          co_return result;
        }
        st.trial_in_flight = trial = true;
      }
      // Token bucket: requests_per_second, bursts of as many.
      const double rate = std::max(1, ep.requests_per_second);
      if (st.tokens < 0) st.tokens = rate;
      st.tokens = std::min(
          rate, st.tokens + rate * std::chrono::duration<double>(start - st.refilled).count());
      st.refilled = start;
      if (st.tokens < 1) {
        if (trial) st.trial_in_flight = false;
        result.failure = "rate_limited";
        co_return result;
      }
      st.tokens -= 1;
      st.hedge_credit = std::min(3.0, st.hedge_credit + options.hedge_budget);
      p95 = st.p95(options.hedge_samples_min);
    }
    auto race = std::make_shared<Race>(io.get_executor());
    const std::string full_target = target->prefix + (path.starts_with('/') ? path : "/" + path);
    auto launch = [&] {
      ++race->pending;
      asio::co_spawn(io, attempt(race, st, *target, ep, full_target, body, start, hard),
                     asio::detached);
    };
    launch();
    bool hedged = false;         // a second request went out
    bool hedge_decided = false;  // the hedge time came (with or without credit for it)
    const auto hedge_at = start + std::chrono::milliseconds(std::max(p95, kHedgeFloorMs));
    const bool may_hedge = options.hedging && p95 > 0 && hedge_at < hard && !trial;
    while (!race->winner && race->pending > 0 && SteadyClock::now() < hard) {
      race->signal.expires_at(may_hedge && !hedge_decided ? std::min(hedge_at, hard) : hard);
      boost::system::error_code ec;
      co_await race->signal.async_wait(asio::redirect_error(use_awaitable, ec));
      if (!race->winner && may_hedge && !hedge_decided && SteadyClock::now() >= hedge_at &&
          SteadyClock::now() < hard && race->pending > 0) {
        hedge_decided = true;
        bool within_budget = false;
        {
          std::lock_guard lock(mutex);
          if (st.hedge_credit >= 1) {
            st.hedge_credit -= 1;
            ++st.stats.hedges;
            within_budget = true;
          }
        }
        if (within_budget) {
          hedged = true;
          launch();
        }
      }
    }
    race->settled = true;
    // Losers are closed: their pending operations end at once.
    for (auto& s : race->streams)
      if (s != race->winner_stream) s->close();
    if (race->winner) {
      result = std::move(*race->winner);
      if (race->winner_keeps_alive) {
        std::lock_guard lock(mutex);
        st.idle.push_back(race->winner_stream);
      } else if (race->winner_stream) {
        race->winner_stream->close();
      }
    } else if (race->last_failure && race->pending == 0) {
      result = std::move(*race->last_failure);
    } else {
      result.failure = "timeout";
    }
    result.elapsed_ms = ms_between(start, SteadyClock::now());
    result.late = result.ok && result.elapsed_ms > ep.soft_deadline_ms;
    result.hedged = hedged;
    std::lock_guard lock(mutex);
    if (trial) st.trial_in_flight = false;
    if (result.ok) {
      st.consecutive_failures = 0;
      st.latencies.push_back(result.elapsed_ms);
      if (st.latencies.size() > kLatencySamples) st.latencies.pop_front();
    } else {
      ++st.stats.failures;
      if (++st.consecutive_failures >= options.breaker_failures)
        st.open_until = SteadyClock::now() + std::chrono::milliseconds(options.breaker_open_ms);
    }
    co_return result;
  }
};

SupplierClient::SupplierClient(ClientOptions options) : impl_(std::make_unique<Impl>(options)) {}
SupplierClient::~SupplierClient() = default;

std::vector<CallResult> SupplierClient::fan_out(const std::vector<SupplierEndpoint>& endpoints,
                                                const std::string& path, const std::string& body) {
  // Shared with the calls, which may finish after the fan-out has gone on without them.
  struct State {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<CallResult>> results;
    std::size_t remaining = 0;
    std::size_t answered_ok = 0;
  };
  auto state = std::make_shared<State>();
  state->results.resize(endpoints.size());
  state->remaining = endpoints.size();
  const auto start = SteadyClock::now();
  for (std::size_t i = 0; i < endpoints.size(); ++i)
    asio::co_spawn(impl_->io, impl_->run_call(endpoints[i], path, body),
                   [state, i, name = endpoints[i].name](std::exception_ptr error, CallResult r) {
                     if (error) {
                       r = CallResult{};
                       r.supplier = name;
                       r.failure = "io_error";
                     }
                     std::lock_guard lock(state->mutex);
                     state->answered_ok += r.ok ? 1 : 0;
                     state->results[i] = std::move(r);
                     --state->remaining;
                     state->changed.notify_all();
                   });
  // Wait for every answer — but once another supplier has answered, not for one past its soft
  // deadline: that one is reported `late` and its call goes on alone until its hard deadline
  // (so the circuit breaker still learns of a supplier that hangs).
  auto soft_at = [&](std::size_t i) {
    return start + std::chrono::milliseconds(endpoints[i].soft_deadline_ms);
  };
  std::unique_lock lock(state->mutex);
  for (;;) {
    if (state->remaining == 0) break;
    const auto now = SteadyClock::now();
    std::optional<SteadyClock::time_point> next_soft;
    bool all_late = true;
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      if (state->results[i]) continue;
      if (now < soft_at(i)) {
        all_late = false;
        if (!next_soft || soft_at(i) < *next_soft) next_soft = soft_at(i);
      }
    }
    if (all_late && state->answered_ok > 0) break;
    if (next_soft)
      state->changed.wait_until(lock, *next_soft);
    else
      state->changed.wait(lock);
  }
  std::vector<CallResult> results(endpoints.size());
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    if (state->results[i]) {
      results[i] = std::move(*state->results[i]);
    } else {
      results[i].supplier = endpoints[i].name;
      results[i].failure = "late";
      results[i].elapsed_ms = ms_between(start, SteadyClock::now());
    }
  }
  return results;
}

CallResult SupplierClient::call(const SupplierEndpoint& endpoint, const std::string& path,
                                const std::string& body) {
  return fan_out({endpoint}, path, body).front();
}

SupplierStats SupplierClient::stats(const std::string& supplier) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->states.find(supplier);
  if (it == impl_->states.end()) return {};
  SupplierStats s = it->second.stats;
  s.p95_ms = it->second.p95(impl_->options.hedge_samples_min);
  s.circuit_open = it->second.consecutive_failures >= impl_->options.breaker_failures;
  return s;
}

}  // namespace fuwu::travel
