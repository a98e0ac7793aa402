// Booking (预订): a traveller books an offer of one of their searches at one supplier. fuwu
// re-confirms the price with the supplier (a changed price is shown and must be accepted, never
// taken silently), evaluates the policy on what will be paid, refuses blocked offers, requires a
// reason code for every soft violation, books with the supplier and records the segment in a trip
// with everything the company needs to judge it later: each rule's verdict, the lowest logical
// fare at search time, the price paid, the missed saving, who pays what and the reason given.
// Those records have no path to change or delete them and are in the audit log.
#pragma once

#include <boost/json/object.hpp>

#include "travel/requests.hpp"
#include "travel/search.hpp"

namespace fuwu::travel {

// The reason codes a traveller chooses from for a soft violation.
const std::vector<std::string>& reason_codes();

struct BookingRequest {
  std::int64_t search_id = 0;
  std::string offer_key;
  std::int64_t supplier_id = 0;
  std::string reason_code;                        // required when a rule is broken softly
  std::optional<std::int64_t> accept_total_fen;   // to accept a price that changed
  std::optional<std::int64_t> trip_id;            // add to a trip of the traveller; else a new trip
  std::string purpose;                            // of a new trip
  std::optional<std::int64_t> provider_id;        // else the company's default travel provider
  std::string project_code;                       // the project whose budget it takes from
  std::optional<std::int64_t> travel_request_id;  // the approved 出差申请 it belongs to
};

// Booking and cancelling talk to the supplier with more patience than a search.
SupplierEndpoint booking_endpoint(const registry::SupplierProfile& supplier);

class BookingService {
 public:
  BookingService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                 registry::RegistryService& registry, TravelService& travel,
                 TravelRequestService& requests, SupplierClient& client)
      : db_(db),
        clock_(clock),
        audit_(audit),
        registry_(registry),
        travel_(travel),
        requests_(requests),
        client_(client) {}

  // The trip with the new segment. The booker is the traveller of the search or the travel
  // manager who searched for them.
  Result<boost::json::object> book(const auth::Principal& who, const audit::Actor& actor,
                                   const BookingRequest& request);
  // Cancels a booked segment with its supplier and records the refund and the fee beside it
  // (the booked record stays as it was). The traveller, the booker or the travel manager.
  // A missed departure (`missed_departure`) may be cancelled after it started: what is left of
  // the fare comes back under the supplier's rules.
  Result<boost::json::object> cancel(const auth::Principal& who, const audit::Actor& actor,
                                     std::int64_t trip_id, std::int64_t segment_id,
                                     const std::string& reason, bool missed_departure = false);
  Result<boost::json::object> trip(const auth::Principal& who, std::int64_t id);
  // Newest first: a traveller's own trips; a travel manager's, the company's (or one traveller's).
  Result<boost::json::array> trips(const auth::Principal& who,
                                   std::optional<std::int64_t> traveller_id, std::int64_t limit);
  // The company's booked segments that broke a rule (the travel manager's violation list).
  Result<boost::json::array> violations(const auth::Principal& who, std::int64_t organization_id,
                                        std::int64_t limit);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  registry::RegistryService& registry_;
  TravelService& travel_;
  TravelRequestService& requests_;
  SupplierClient& client_;
};

}  // namespace fuwu::travel
