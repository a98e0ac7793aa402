// The simulator's side of change events (docs/supplier-protocol.md): a supplier pushes an event on
// one of its bookings to fuwu over HTTP with its API token. One worker thread sends them in order,
// so handlers stay pure CPU; what fuwu answered is kept for the one who asked (GET …/events).
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fuwu::sim {

struct Notification {
  std::string url;    // http://host:port/api/v1/travel/supplier-events
  std::string token;  // the supplier's fuwu API token
  std::string body;   // the event as JSON
};

struct Delivery {
  std::string event_id;
  int status = 0;  // fuwu's answer; 0 when it could not be reached
  std::string answer;
};

class Notifier {
 public:
  Notifier();
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void send(std::string event_id, Notification notification);
  std::vector<Delivery> deliveries() const;

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::string, Notification>> queue_;
  std::vector<Delivery> delivered_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fuwu::sim
