#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace fuwu::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

// Per-connection state the drain needs to reach from outside the connection's coroutine.
struct ConnectionState {
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;  // only touched on `executor`
  bool in_request = false;              // only touched on `executor`
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Dispatcher dispatcher;
  asio::io_context io{std::max(1, options.io_threads)};
  asio::thread_pool workers{static_cast<std::size_t>(std::max(1, options.worker_threads))};
  asio::thread_pool waiting{static_cast<std::size_t>(std::max(1, options.waiting_threads))};
  // The acceptor, the accept loop and the drain all run on this strand.
  asio::strand<asio::io_context::executor_type> acceptor_strand{asio::make_strand(io)};
  tcp::acceptor acceptor{acceptor_strand};
  asio::signal_set signals{io};
  std::atomic<bool> draining{false};
  std::atomic<std::int64_t> connections_active{0};
  std::atomic<std::int64_t> requests_in_flight{0};
  std::atomic<std::int64_t> worker_queue{0};
  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<ConnectionState>> connections;

  Impl(ServerOptions o, Dispatcher d) : options(std::move(o)), dispatcher(std::move(d)) {}

  awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(io),
                                                          asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        continue;  // e.g. too many open files: keep accepting
      }
      if (connections_active.load() >= options.limits.connections_max) {
        socket.close(ec);  // over the connection limit: refuse at once
        continue;
      }
      start_connection(std::move(socket));
    }
  }

  void start_connection(tcp::socket socket) {
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(std::move(socket)), asio::detached);
  }

  // After refusing a request whose body was not read, let the client finish sending before
  // closing, so it sees the response instead of a reset (RFC 9112 §9.6).
  awaitable<void> linger(beast::tcp_stream& stream) {
    constexpr std::size_t kDiscardBytesMax = 64u << 20;
    constexpr auto kLingerTime = std::chrono::seconds(2);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16 * 1024> scratch;
    std::size_t discarded = 0;
    stream.expires_after(kLingerTime);
    while (!ec && discarded < kDiscardBytesMax) {
      discarded += co_await stream.async_read_some(asio::buffer(scratch),
                                                   asio::redirect_error(use_awaitable, ec));
    }
  }

  Response refuse(ErrorCode code, std::string message, std::string problem_code = {}) {
    Status status(code, std::move(message));
    if (!problem_code.empty()) status.with_problem_code(std::move(problem_code));
    return dispatcher.refuse(status);
  }

  awaitable<Response> handle_on_workers(Request& request) {
    const bool waits = dispatcher.waits_on_network && dispatcher.waits_on_network(request);
    ++worker_queue;
    Response response = co_await asio::co_spawn(
        waits ? waiting.get_executor() : workers.get_executor(),
        [this, &request]() -> awaitable<Response> {
          --worker_queue;
          co_return dispatcher.handle(request);
        },
        use_awaitable);
    co_return response;
  }

  awaitable<void> serve_connection(tcp::socket socket) {
    ++connections_active;
    auto state = std::make_shared<ConnectionState>();
    state->executor = socket.get_executor();
    beast::tcp_stream stream(std::move(socket));
    state->stream = &stream;
    {
      std::lock_guard guard(connections_mutex);
      connections.insert(state);
    }
    beast::flat_buffer buffer;
    std::string remote;
    {
      boost::system::error_code ec;
      auto endpoint = stream.socket().remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    const auto& limits = options.limits;
    bool body_unread = false;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes_max));
      parser.body_limit(limits.body_bytes_max);
      boost::system::error_code ec;
      // While draining, a connection gets a short wait for the request it was opened for.
      constexpr std::int64_t kDrainIdleMs = 1000;
      stream.expires_after(
          std::chrono::milliseconds(draining.load() ? std::min(limits.idle_timeout_ms, kDrainIdleMs)
                                                    : limits.idle_timeout_ms));
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(use_awaitable, ec));
      if (ec == asio::error::operation_aborted && draining.load()) {
        // The drain cancelled this idle read; a request that reached us meanwhile is still served.
        boost::system::error_code available_ec;
        if (buffer.size() > 0 || stream.socket().available(available_ec) > 0) {
          ec = {};
          stream.expires_after(std::chrono::milliseconds(limits.request_timeout_ms));
          co_await bhttp::async_read_header(stream, buffer, parser,
                                            asio::redirect_error(use_awaitable, ec));
        }
      }
      state->in_request = true;
      std::size_t body_limit = limits.body_bytes_max;
      if (!ec) {
        stream.expires_after(std::chrono::milliseconds(limits.request_timeout_ms));
        const auto& header = parser.get();
        if (dispatcher.body_limit)
          body_limit = dispatcher.body_limit(parse_method(header.method_string()), header.target());
        parser.body_limit(body_limit);
        // A body announced larger than the limit is refused before it is read.
        if (parser.content_length() && *parser.content_length() > body_limit) {
          ec = bhttp::error::body_limit;
        } else if (!parser.is_done()) {
          co_await bhttp::async_read(stream, buffer, parser,
                                     asio::redirect_error(use_awaitable, ec));
        }
      }
      Response response;
      bool keep_alive = false;
      Method request_method = Method::other;
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
          ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset || ec == asio::error::bad_descriptor) {
        break;
      } else if (ec == bhttp::error::body_limit) {
        body_unread = true;
        response = refuse(ErrorCode::payload_too_large,
                          "the body is larger than " + std::to_string(body_limit) + " bytes");
      } else if (ec == bhttp::error::header_limit) {
        body_unread = true;
        response = refuse(ErrorCode::malformed_request, "the request headers are too large",
                          "header_too_large");
      } else if (ec) {
        body_unread = true;
        response = refuse(ErrorCode::malformed_request, "malformed HTTP request: " + ec.message(),
                          "malformed_http");
      } else {
        auto& message = parser.get();
        Request request;
        request.method = parse_method(message.method_string());
        request_method = request.method;
        request.target = std::string(message.target());
        request.remote_address = remote;
        request.headers.reserve(16);
        for (const auto& field : message) {
          std::string name(field.name_string());
          for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        request.body = std::move(message.body());
        keep_alive = message.keep_alive();
        if (!parse_target(request.target, request.path, request.query)) {
          response = refuse(ErrorCode::malformed_request,
                            "the request target is not a valid URL path", "malformed_http");
          keep_alive = false;
        } else {
          ++requests_in_flight;
          if (dispatcher.runs_inline(request)) {
            response = dispatcher.handle(request);
          } else {
            response = co_await handle_on_workers(request);
          }
          if (response.delay_ms > 0) {
            asio::steady_timer delay(co_await asio::this_coro::executor);
            delay.expires_after(std::chrono::milliseconds(response.delay_ms));
            co_await delay.async_wait(asio::redirect_error(use_awaitable, ec));
          }
          --requests_in_flight;
        }
      }
      if (draining.load()) keep_alive = false;
      bhttp::response<bhttp::string_body> reply{static_cast<bhttp::status>(response.status), 11};
      reply.set(bhttp::field::content_type, response.content_type);
      for (auto& [name, value] : response.headers) reply.set(name, value);
      reply.keep_alive(keep_alive);
      if (request_method == Method::head) {
        reply.content_length(response.body.size());  // the size GET would send, no body
      } else {
        reply.body() = std::move(response.body);
        reply.prepare_payload();
      }
      stream.expires_after(std::chrono::milliseconds(limits.request_timeout_ms));
      co_await bhttp::async_write(stream, reply, asio::redirect_error(use_awaitable, ec));
      state->in_request = false;
      if (ec || !keep_alive) break;
    }
    if (body_unread) {
      co_await linger(stream);
    } else {
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    state->stream = nullptr;
    {
      std::lock_guard guard(connections_mutex);
      connections.erase(state);
    }
    --connections_active;
  }

  // REQUIRES: runs on acceptor_strand.
  void begin_drain() {
    if (draining.exchange(true)) return;
    boost::system::error_code ec;
    // Connections already waiting in the listen backlog were made before the signal: serve them.
    acceptor.non_blocking(true, ec);
    for (int accepted = 0; !ec && accepted < options.limits.connections_max; ++accepted) {
      tcp::socket socket(asio::make_strand(io));
      acceptor.accept(socket, ec);
      if (!ec) start_connection(std::move(socket));
    }
    acceptor.close(ec);
    signals.cancel(ec);
    std::lock_guard guard(connections_mutex);
    for (const auto& state : connections) {
      asio::post(state->executor, [state] {
        // Idle reads are cancelled (a request that already arrived is still served); busy
        // connections finish their response and then close.
        boost::system::error_code ignored;
        if (state->stream && !state->in_request) state->stream->socket().cancel(ignored);
      });
    }
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(options.limits.drain_timeout_ms);
    asio::co_spawn(io, wait_for_drain(deadline), asio::detached);
  }

  awaitable<void> wait_for_drain(std::chrono::steady_clock::time_point deadline) {
    asio::steady_timer timer(io);
    while (connections_active.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(use_awaitable);
    }
    io.stop();
  }
};

Server::Server(ServerOptions options, Dispatcher dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatcher))) {}

Server::~Server() {
  impl_->io.stop();
  impl_->workers.join();
  impl_->waiting.join();
}

Status Server::listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec)
    return {ErrorCode::invalid_argument,
            "listen address is not an IP address: " + impl_->options.host};
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return {ErrorCode::unavailable, "cannot listen on " + impl_->options.host + ":" +
                                        std::to_string(impl_->options.port) + ": " + ec.message()};
  return Status::ok();
}

std::uint16_t Server::bound_port() const {
  boost::system::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Server::run() {
  auto& impl = *impl_;
  if (impl.options.handle_signals) {
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait(asio::bind_executor(impl.acceptor_strand,
                                                [&impl](const boost::system::error_code& ec, int) {
                                                  if (!ec) impl.begin_drain();
                                                }));
  }
  asio::co_spawn(impl.acceptor_strand, impl.accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.options.io_threads; ++i)
    threads.emplace_back([&impl] { impl.io.run(); });
  impl.io.run();
  for (auto& t : threads) t.join();
  impl.workers.join();
  impl.waiting.join();
}

void Server::stop() {
  asio::post(impl_->acceptor_strand, [impl = impl_.get()] { impl->begin_drain(); });
}

ServerStats Server::stats() const {
  return {impl_->connections_active.load(), impl_->requests_in_flight.load(),
          impl_->worker_queue.load(), impl_->options.worker_threads};
}

}  // namespace fuwu::http
