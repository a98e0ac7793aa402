// Disruption (行程变动): events on a booked segment — pushed by its supplier (a cancellation, a
// delay, a schedule change) or reported by the traveller, the travel manager or the serving
// provider (a missed departure). Each event goes on the trip's timeline with what it does to every
// later segment (travel/itinerary.hpp); a supplier's cancellation is carrier-caused and refunded
// in full. A supplier's event is recorded once however often it is delivered.
//
// For a cancelled or missed flight or train, the replacement is re-shopped through the same
// comparison as a new search (the rest of its day and the next morning) and proposed as ranked
// options — cheapest compliant first — each with what it would mean for every later segment.
//
// Not yet: the provider confirming on the traveller's behalf, fees by fare class for voluntary
// changes, moving a hotel stay rather than keeping its first night.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "travel/booking.hpp"
#include "travel/search.hpp"

namespace fuwu::travel {

struct SupplierEvent {
  std::string event_id;    // the supplier's own id: a second delivery changes nothing
  std::string booking_id;  // the supplier's booking
  std::string type;        // cancellation | delay | schedule_change
  std::optional<TimeMs> departure_at;
  std::optional<TimeMs> arrival_at;
};

// The trip's timeline, oldest first (for the trip's JSON).
Result<boost::json::array> trip_timeline(store::Transaction& tx, std::int64_t trip_id);

class DisruptionService {
 public:
  DisruptionService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                    SearchService& search, BookingService& bookings)
      : db_(db), clock_(clock), audit_(audit), search_(search), bookings_(bookings) {}

  // A supplier (its API user) reports an event on one of its bookings; the recorded event.
  Result<boost::json::object> supplier_event(const auth::Principal& supplier,
                                             const audit::Actor& actor, const SupplierEvent& event);
  // The traveller, their booker, the company's travel manager or the serving provider reports a
  // missed departure.
  Result<boost::json::object> missed(const auth::Principal& who, const audit::Actor& actor,
                                     std::int64_t trip_id, std::int64_t segment_id);
  // The ranked replacements for the segment an event took away (the traveller or the company's
  // travel manager; the searches are theirs, so they can book an option).
  Result<boost::json::object> options(const auth::Principal& who, std::int64_t trip_id,
                                      std::int64_t event_id);
  // Books the chosen option into the trip, cancels what it replaces (a missed departure under the
  // supplier's rules), re-times a transfer that no longer connects (the cheapest compliant car
  // from the new arrival airport half an hour after landing), tells a hotel of a late arrival or
  // a lost first night, and puts every step on the timeline. The trip.
  Result<boost::json::object> rebook(const auth::Principal& who, const audit::Actor& actor,
                                     std::int64_t trip_id, std::int64_t event_id,
                                     const BookingRequest& choice);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  SearchService& search_;
  BookingService& bookings_;
};

}  // namespace fuwu::travel
