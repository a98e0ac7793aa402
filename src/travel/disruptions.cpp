#include "travel/disruptions.hpp"

#include <boost/json.hpp>

#include "travel/cancellation.hpp"
#include "travel/itinerary.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

json::value optional_int(std::optional<std::int64_t> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object event_json(const store::Row& r) {
  boost::system::error_code ec;
  auto impacts = json::parse(r.text(8), ec);
  return {
      {"id", r.integer(0)},
      {"trip_id", r.integer(1)},
      {"segment_id", r.integer(2)},
      {"type", r.text(3)},
      {"source", r.text(4)},
      {"external_id", r.optional_text(5) ? json::value(*r.optional_text(5)) : json::value(nullptr)},
      {"departure_at", optional_int(r.optional_integer(6))},
      {"arrival_at", optional_int(r.optional_integer(7))},
      {"impacts", ec ? json::value(json::array()) : impacts},
      {"created_at", r.integer(9)}};
}

constexpr const char* kEventSelect =
    "SELECT id, trip_id, segment_id, type, source, external_id, departure_at, arrival_at, "
    "impacts_json, created_at FROM trip_events";

struct NewEvent {
  std::int64_t trip_id = 0;
  std::int64_t segment_id = 0;
  std::string type;
  std::string source;
  std::optional<std::string> external_id;
  std::optional<TimeMs> departure_at;
  std::optional<TimeMs> arrival_at;
};

// Re-checks the trip's later segments and puts the event on its timeline.
Result<json::object> record_event(store::Transaction& tx, const audit::AuditLog& audit,
                                  const audit::Actor& actor, std::int64_t organization_id,
                                  const NewEvent& e, TimeMs now) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT s.id, s.kind, s.product_json FROM "
                                            "trip_segments s LEFT JOIN "
                                            "trip_segment_cancellations c ON c.segment_id = s.id "
                                            "WHERE s.trip_id = $1 AND c.segment_id IS NULL ORDER "
                                            "BY s.id",
                                            {e.trip_id}));
  std::vector<PlannedSegment> plans;
  for (const auto& row : rows) {
    boost::system::error_code ec;
    auto product = json::parse(row.text(2), ec);
    if (ec || !product.is_object()) continue;
    if (auto plan = plan_of(row.integer(0), row.text(1), product.as_object()))
      plans.push_back(std::move(*plan));
  }
  // A cancellation or a missed departure: the traveller does not arrive until it is replaced.
  const bool arrives = e.type == "delay" || e.type == "schedule_change";
  json::array impacts;
  for (const auto& i : recheck(plans, e.segment_id, arrives ? e.arrival_at : std::nullopt))
    impacts.push_back({{"segment_id", i.segment_id},
                       {"status", i.status},
                       {"arrival_at", optional_int(i.arrival)},
                       {"slack_minutes", i.slack_minutes},
                       {"reason_zh", i.reason_zh},
                       {"reason_en", i.reason_en}});
  FUWU_ASSIGN_OR_RETURN(
      auto inserted,
      tx.query("INSERT INTO trip_events (trip_id, segment_id, type, source, external_id, "
               "departure_at, arrival_at, impacts_json, created_at) VALUES ($1, $2, $3, $4, $5, "
               "$6, $7, $8, $9) RETURNING id",
               {e.trip_id, e.segment_id, e.type, e.source, store::optional_value(e.external_id),
                store::optional_value(e.departure_at), store::optional_value(e.arrival_at),
                json::serialize(impacts), now}));
  FUWU_ASSIGN_OR_RETURN(auto stored, tx.query(std::string(kEventSelect) + " WHERE id = $1",
                                              {inserted[0].integer(0)}));
  auto out = event_json(stored[0]);
  FUWU_TRY(audit.append(tx, actor,
                        {"travel.segment.event", "trip_segment", std::to_string(e.segment_id),
                         organization_id, std::nullopt, json::serialize(out)}));
  return out;
}

}  // namespace

Result<json::array> trip_timeline(store::Transaction& tx, std::int64_t trip_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string(kEventSelect) + " WHERE trip_id = $1 ORDER BY id", {trip_id}));
  json::array out;
  for (const auto& r : rows) out.push_back(event_json(r));
  return out;
}

Result<json::object> DisruptionService::supplier_event(const auth::Principal& supplier,
                                                       const audit::Actor& actor,
                                                       const SupplierEvent& event) {
  if (supplier.organization_kind != auth::OrganizationKind::supplier)
    return Status(ErrorCode::forbidden, "events come from the supplier of the booking");
  std::vector<FieldError> errors;
  if (event.type != "cancellation" && event.type != "delay" && event.type != "schedule_change")
    errors.push_back({"type", "must be cancellation, delay or schedule_change"});
  if ((event.type == "delay" || event.type == "schedule_change") && !event.arrival_at)
    errors.push_back({"arrival_at", "is required for a delay or a schedule change"});
  if (event.type == "schedule_change" && !event.departure_at)
    errors.push_back({"departure_at", "is required for a schedule change"});
  if (event.departure_at && event.arrival_at && *event.arrival_at < *event.departure_at)
    errors.push_back({"arrival_at", "is before departure_at"});
  if (!errors.empty()) {
    const std::string message =
        "the event is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  const std::string source = "supplier:" + std::to_string(supplier.organization_id);
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    // Delivered before: the same answer, nothing changed.
    FUWU_ASSIGN_OR_RETURN(
        auto seen, tx.query(std::string(kEventSelect) + " WHERE source = $1 AND external_id = $2",
                            {source, event.event_id}));
    if (!seen.empty()) {
      auto out = event_json(seen[0]);
      out["replayed"] = true;
      return out;
    }
    FUWU_ASSIGN_OR_RETURN(auto rows,
                          tx.query("SELECT s.id, s.trip_id, t.organization_id, c.segment_id FROM "
                                   "trip_segments s JOIN trips t ON t.id = s.trip_id LEFT JOIN "
                                   "trip_segment_cancellations c ON c.segment_id = s.id WHERE "
                                   "s.supplier_id = $1 AND s.supplier_booking_id = $2",
                                   {supplier.organization_id, event.booking_id}));
    if (rows.empty())
      return Status(ErrorCode::not_found, "no booking " + event.booking_id + " of yours");
    if (rows[0].optional_integer(3))
      return Status(ErrorCode::conflict, "the segment is cancelled already")
          .with_problem_code("segment_cancelled");
    const std::int64_t segment_id = rows[0].integer(0);
    const std::int64_t organization_id = rows[0].integer(2);
    FUWU_ASSIGN_OR_RETURN(auto recorded,
                          record_event(tx, audit_, actor, organization_id,
                                       {rows[0].integer(1), segment_id, event.type, source,
                                        event.event_id, event.departure_at, event.arrival_at},
                                       now));
    if (event.type == "cancellation") {
      // Carrier-caused: the traveller owes nothing (CAAC rules); the whole price comes back.
      FUWU_ASSIGN_OR_RETURN(auto total, tx.query("SELECT total_fen FROM trip_segments WHERE id "
                                                 "= $1",
                                                 {segment_id}));
      FUWU_TRY(record_segment_cancellation(tx, audit_, actor,
                                           {segment_id, organization_id, supplier.user_id,
                                            "cancelled by the supplier (carrier-caused, no fee)",
                                            total[0].integer(0), "travel.segment.supplier_cancel"},
                                           now)
                   .status());
    }
    recorded["replayed"] = false;
    return recorded;
  });
}

Result<json::object> DisruptionService::missed(const auth::Principal& who,
                                               const audit::Actor& actor, std::int64_t trip_id,
                                               std::int64_t segment_id) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("SELECT t.organization_id, t.traveller_id, t.created_by, s.kind, s.provider_id, "
                 "c.segment_id FROM trip_segments s JOIN trips t ON t.id = s.trip_id LEFT JOIN "
                 "trip_segment_cancellations c ON c.segment_id = s.id WHERE s.id = $1 AND "
                 "s.trip_id = $2",
                 {segment_id, trip_id}));
    if (rows.empty()) return Status(ErrorCode::not_found, "no such segment in this trip");
    const auto& row = rows[0];
    const std::int64_t organization_id = row.integer(0);
    const bool company = who.organization_id == organization_id &&
                         (who.roles.contains(auth::Role::client_admin) ||
                          row.integer(1) == who.user_id || row.optional_integer(2) == who.user_id);
    const bool provider = row.optional_integer(4) == who.organization_id &&
                          (who.roles.contains(auth::Role::provider_admin) ||
                           who.roles.contains(auth::Role::provider_staff));
    if (!company && !provider) return Status(ErrorCode::not_found, "no such segment in this trip");
    if (row.optional_integer(5))
      return Status(ErrorCode::conflict, "the segment is cancelled already")
          .with_problem_code("segment_cancelled");
    if (row.text(3) != "flight" && row.text(3) != "train")
      return Status(ErrorCode::conflict, "only a flight or a train departs without the traveller")
          .with_problem_code("not_a_departure");
    FUWU_ASSIGN_OR_RETURN(
        auto seen, tx.query("SELECT 1 FROM trip_events WHERE source = 'trip' AND external_id = $1",
                            {"missed:" + std::to_string(segment_id)}));
    if (!seen.empty())
      return Status(ErrorCode::conflict, "the missed departure is reported already")
          .with_problem_code("already_reported");
    return record_event(tx, audit_, actor, organization_id,
                        {trip_id, segment_id, "missed", "trip",
                         "missed:" + std::to_string(segment_id), std::nullopt, std::nullopt},
                        now);
  });
}

}  // namespace fuwu::travel
