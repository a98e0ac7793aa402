// The simulator's HTTP face: the supplier protocol of docs/supplier-protocol.md for every
// configured supplier under /suppliers/<name>/…, answering from the shared catalogue with each
// supplier's prices and faults. Handlers are pure CPU; latency is the response's delay_ms.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include <boost/json/object.hpp>

#include "catalog.hpp"
#include "http/message.hpp"
#include "notifier.hpp"
#include "supplier.hpp"

namespace fuwu::sim {

struct Booking {
  std::string id;
  std::string supplier;
  std::string key;
  std::string quote_id;
  std::string client_reference;
  std::string traveller_name;
  std::int64_t total_fen = 0;
  std::string status;  // confirmed | cancelled
};

class Simulator {
 public:
  Simulator(std::uint64_t seed, const std::vector<SupplierProfile>& suppliers);

  http::Response handle(http::Request& request);

 private:
  http::Response route(http::Request& request, Supplier& supplier, std::string_view rest);
  http::Response search(Supplier& supplier, std::string_view product,
                        const boost::json::object& body);
  http::Response confirm(Supplier& supplier, const boost::json::object& body);
  http::Response book(Supplier& supplier, const boost::json::object& body);
  http::Response cancel(Supplier& supplier, std::string_view booking_id);
  // The supplier pushes a change event on one of its bookings to fuwu (the caller says where).
  http::Response push_event(Supplier& supplier, std::string_view booking_id,
                            const boost::json::object& body);

  Catalog catalog_;
  std::map<std::string, std::unique_ptr<Supplier>, std::less<>> suppliers_;
  std::mutex bookings_mutex_;
  std::map<std::string, Booking> bookings_;                  // by id
  std::map<std::string, std::string> booking_by_reference_;  // supplier/reference → id
  std::int64_t next_booking_ = 1;
  std::int64_t next_event_ = 1;
  Notifier notifier_;
};

}  // namespace fuwu::sim
