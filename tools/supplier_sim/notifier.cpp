#include "notifier.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace fuwu::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

// POSTs the event; fuwu's status and body, or 0 and the error.
Delivery post(const Notification& n) {
  Delivery d;
  constexpr std::string_view kScheme = "http://";
  if (!n.url.starts_with(kScheme)) {
    d.answer = "only http:// URLs";
    return d;
  }
  const auto rest = n.url.substr(kScheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  const auto target = slash == std::string::npos ? std::string("/") : rest.substr(slash);
  const auto colon = authority.rfind(':');
  const auto host = authority.substr(0, colon);
  const auto port = colon == std::string::npos ? std::string("80") : authority.substr(colon + 1);
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(resolver.resolve(host, port));
    beast::http::request<beast::http::string_body> request{beast::http::verb::post, target, 11};
    request.set(beast::http::field::host, authority);
    request.set(beast::http::field::content_type, "application/json");
    request.set(beast::http::field::authorization, "Bearer " + n.token);
    request.body() = n.body;
    request.prepare_payload();
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> response;
    beast::http::read(stream, buffer, response);
    d.status = static_cast<int>(response.result_int());
    d.answer = response.body();
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  } catch (const std::exception& e) {
    d.answer = e.what();
  }
  return d;
}

}  // namespace

Notifier::Notifier() : thread_([this] { run(); }) {}

Notifier::~Notifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Notifier::send(std::string event_id, Notification notification) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(event_id), std::move(notification));
  }
  wake_.notify_one();
}

std::vector<Delivery> Notifier::deliveries() const {
  std::lock_guard lock(mutex_);
  return delivered_;
}

void Notifier::run() {
  for (;;) {
    std::pair<std::string, Notification> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    Delivery d = post(next.second);
    d.event_id = next.first;
    std::lock_guard lock(mutex_);
    delivered_.push_back(std::move(d));
  }
}

}  // namespace fuwu::sim
