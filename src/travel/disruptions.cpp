#include "travel/disruptions.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/business_calendar.hpp"
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
      {"created_at", r.integer(9)},
      {"note", r.text(10)},
      {"replacement_segment_id", optional_int(r.optional_integer(11))}};
}

constexpr const char* kEventSelect =
    "SELECT id, trip_id, segment_id, type, source, external_id, departure_at, arrival_at, "
    "impacts_json, created_at, note, replacement_segment_id FROM trip_events";

struct NewEvent {
  std::int64_t trip_id = 0;
  std::int64_t segment_id = 0;
  std::string type;
  std::string source;
  std::optional<std::string> external_id;
  std::optional<TimeMs> departure_at;
  std::optional<TimeMs> arrival_at;
  std::string note;
  std::optional<std::int64_t> replacement_segment_id;
};

// Re-checks the trip's later segments and puts the event on its timeline.
Result<json::object> record_event(store::Transaction& tx, const audit::AuditLog& audit,
                                  const audit::Actor& actor, std::int64_t organization_id,
                                  const NewEvent& e, TimeMs now,
                                  const json::array* impacts_given = nullptr) {
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
  if (impacts_given) impacts = *impacts_given;
  const bool action = e.type == "rebooked" || e.type == "retimed" || e.type == "hotel_told";
  if (!action)
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
               "departure_at, arrival_at, impacts_json, created_at, note, "
               "replacement_segment_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
               "RETURNING id",
               {e.trip_id, e.segment_id, e.type, e.source, store::optional_value(e.external_id),
                store::optional_value(e.departure_at), store::optional_value(e.arrival_at),
                json::serialize(impacts), now, e.note,
                store::optional_value(e.replacement_segment_id)}));
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

namespace fuwu::travel {

Result<json::object> DisruptionService::options(const auth::Principal& who, std::int64_t trip_id,
                                                std::int64_t event_id) {
  // The event, its segment and whether the caller may see the trip.
  FUWU_ASSIGN_OR_RETURN(
      auto rows, store::with_read_transaction(db_, [&](store::Transaction& tx) {
        return tx.query(
            "SELECT e.type, e.segment_id, s.kind, s.product_json, t.organization_id, "
            "t.traveller_id, t.created_by FROM trip_events e JOIN trip_segments s ON "
            "s.id = e.segment_id JOIN trips t ON t.id = e.trip_id WHERE e.id = $1 AND "
            "e.trip_id = $2",
            {event_id, trip_id});
      }));
  const bool visible =
      !rows.empty() && who.organization_id == rows[0].integer(4) &&
      (who.roles.contains(auth::Role::client_admin) || rows[0].integer(5) == who.user_id ||
       rows[0].optional_integer(6) == who.user_id);
  if (!visible) return Status(ErrorCode::not_found, "no such event on this trip");
  const auto& row = rows[0];
  const std::string kind = row.text(2);
  if ((row.text(0) != "missed" && row.text(0) != "cancellation") ||
      (kind != "flight" && kind != "train"))
    return Status(ErrorCode::conflict,
                  "only a cancelled or missed flight or train is replaced; the event keeps the "
                  "segment")
        .with_problem_code("nothing_to_replace");
  boost::system::error_code ec;
  const auto product = json::parse(row.text(3), ec);
  if (ec || !product.is_object())
    return Status(ErrorCode::internal, "a stored product is not JSON");
  const auto& p = product.as_object();
  auto text = [&](const char* key) {
    const auto* v = p.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string departure = text("departure_at");
  const auto original_day = Date::parse(std::string_view(departure).substr(0, 10));
  if (!original_day) return Status(ErrorCode::internal, "a stored segment has no departure");

  // Re-shop the rest of the day (from an hour from now) and the next morning.
  const TimeMs now = clock_.now_ms();
  const TimeMs earliest = now + 60 * 60'000;
  const Date today = shanghai_date_of(now);
  const Date first_day = today < *original_day ? *original_day : today;
  std::vector<std::pair<Date, std::string>> days;
  const int local_minute = static_cast<int>(((earliest + 8 * 3'600'000) / 60'000) % 1440);
  const std::string from_now = [&] {
    auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    return shanghai_date_of(earliest) == first_day
               ? two(local_minute / 60) + ":" + two(local_minute % 60)
               : std::string("07:00");
  }();
  days.push_back({first_day, first_day == today ? from_now : std::string("07:00")});
  days.push_back({civil_from_days(days_from_civil(first_day) + 1), "07:00"});
  json::array searches;
  struct Option {
    json::object offer;
    std::int64_t search_id;
    TimeMs departs;
    TimeMs arrives;
  };
  std::vector<Option> found;
  const TimeMs next_noon = days_from_civil(days[1].first) * 86'400'000 + 4 * 3'600'000;  // 12:00+08
  for (const auto& [day, time] : days) {
    SearchRequest request;
    request.kind = kind;
    request.origin = text("origin_city");
    request.destination = text("destination_city");
    request.date = day.to_string();
    request.preferred_time = time;
    if (row.integer(5) != who.user_id) request.traveller_id = row.integer(5);
    FUWU_ASSIGN_OR_RETURN(auto answer_text, search_.search(who, request));
    auto answer = json::parse(answer_text, ec);
    if (ec || !answer.is_object()) continue;
    const auto search_id = answer.as_object().at("id").as_int64();
    searches.push_back(search_id);
    for (const auto& o : answer.as_object().at("offers").as_array()) {
      const auto& offer = o.as_object();
      const auto* dep = offer.if_contains("departure_at");
      const auto* arr = offer.if_contains("arrival_at");
      if (!dep || !arr || !dep->is_string() || !arr->is_string()) continue;
      const auto departs = parse_supplier_time(dep->as_string());
      const auto arrives = parse_supplier_time(arr->as_string());
      if (!departs || !arrives || *departs < earliest || *departs >= next_noon) continue;
      if (offer.at("outcome").as_string() == "block") continue;
      found.push_back({offer, search_id, *departs, *arrives});
    }
  }
  // Cheapest compliant first, then the rest by price.
  std::stable_sort(found.begin(), found.end(), [](const Option& a, const Option& b) {
    const bool ac = a.offer.at("compliant").as_bool(), bc = b.offer.at("compliant").as_bool();
    if (ac != bc) return ac;
    const auto pa = a.offer.at("prices").as_array()[0].as_object().at("total_fen").as_int64();
    const auto pb = b.offer.at("prices").as_array()[0].as_object().at("total_fen").as_int64();
    if (pa != pb) return pa < pb;
    return a.departs < b.departs;
  });
  if (found.size() > 8) found.resize(8);

  // What each option means for the later segments.
  FUWU_ASSIGN_OR_RETURN(
      auto segments, store::with_read_transaction(db_, [&](store::Transaction& tx) {
        return tx.query(
            "SELECT s.id, s.kind, s.product_json FROM trip_segments s LEFT JOIN "
            "trip_segment_cancellations c ON c.segment_id = s.id WHERE s.trip_id = $1 "
            "AND (c.segment_id IS NULL OR s.id = $2) ORDER BY s.id",
            {trip_id, row.integer(1)});
      }));
  std::vector<PlannedSegment> plans;
  for (const auto& s : segments) {
    auto parsed = json::parse(s.text(2), ec);
    if (ec || !parsed.is_object()) continue;
    if (auto plan = plan_of(s.integer(0), s.text(1), parsed.as_object()))
      plans.push_back(std::move(*plan));
  }
  json::array out;
  bool marked = false;
  for (const auto& o : found) {
    json::array impacts;
    for (const auto& i : recheck(plans, row.integer(1), o.arrives))
      impacts.push_back({{"segment_id", i.segment_id},
                         {"status", i.status},
                         {"reason_zh", i.reason_zh},
                         {"reason_en", i.reason_en}});
    const auto& best = o.offer.at("prices").as_array()[0].as_object();
    json::object option = o.offer;
    option["search_id"] = o.search_id;
    option["supplier_id"] = best.at("supplier_id");
    option["total_fen"] = best.at("total_fen");
    option["impacts"] = std::move(impacts);
    // One mark over both searches: the first compliant option is the cheapest compliant one.
    const bool compliant = o.offer.at("compliant").as_bool();
    option["cheapest_compliant"] = compliant && !marked;
    marked = marked || compliant;
    out.push_back(std::move(option));
  }
  return json::object{{"event_id", event_id},
                      {"segment_id", row.integer(1)},
                      {"searches", std::move(searches)},
                      {"options", std::move(out)}};
}

}  // namespace fuwu::travel

namespace fuwu::travel {
namespace {

std::string two_digits(std::int64_t n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

}  // namespace

Result<json::object> DisruptionService::rebook(const auth::Principal& who,
                                               const audit::Actor& actor, std::int64_t trip_id,
                                               std::int64_t event_id,
                                               const BookingRequest& choice) {
  // 1. The event, its segment, and whether it was resolved already.
  FUWU_ASSIGN_OR_RETURN(
      auto rows, store::with_read_transaction(db_, [&](store::Transaction& tx) {
        return tx.query(
            "SELECT e.type, e.segment_id, s.kind, t.organization_id, t.traveller_id, "
            "t.created_by, (SELECT COUNT(*) FROM trip_events r WHERE r.source = "
            "'trip' AND r.external_id = $3) FROM trip_events e JOIN trip_segments s "
            "ON s.id = e.segment_id JOIN trips t ON t.id = e.trip_id WHERE e.id = $1 "
            "AND e.trip_id = $2",
            {event_id, trip_id, "rebook:" + std::to_string(event_id)});
      }));
  const bool visible =
      !rows.empty() && who.organization_id == rows[0].integer(3) &&
      (who.roles.contains(auth::Role::client_admin) || rows[0].integer(4) == who.user_id ||
       rows[0].optional_integer(5) == who.user_id);
  if (!visible) return Status(ErrorCode::not_found, "no such event on this trip");
  const auto& event = rows[0];
  const std::int64_t old_id = event.integer(1);
  const std::int64_t organization_id = event.integer(3);
  if ((event.text(0) != "missed" && event.text(0) != "cancellation") ||
      (event.text(2) != "flight" && event.text(2) != "train"))
    return Status(ErrorCode::conflict, "only a cancelled or missed flight or train is replaced")
        .with_problem_code("nothing_to_replace");
  if (event.integer(6) > 0)
    return Status(ErrorCode::conflict, "the segment was replaced already")
        .with_problem_code("already_rebooked");

  // The trip as it is, to judge what the replacement means for the later segments.
  auto plans_of = [&]() -> Result<std::vector<PlannedSegment>> {
    FUWU_ASSIGN_OR_RETURN(
        auto segments, store::with_read_transaction(db_, [&](store::Transaction& tx) {
          return tx.query(
              "SELECT s.id, s.kind, s.product_json FROM trip_segments s LEFT JOIN "
              "trip_segment_cancellations c ON c.segment_id = s.id WHERE s.trip_id = "
              "$1 AND (c.segment_id IS NULL OR s.id = $2) ORDER BY s.id",
              {trip_id, old_id});
        }));
    std::vector<PlannedSegment> plans;
    for (const auto& s : segments) {
      boost::system::error_code ec;
      auto parsed = json::parse(s.text(2), ec);
      if (ec || !parsed.is_object()) continue;
      if (auto plan = plan_of(s.integer(0), s.text(1), parsed.as_object()))
        plans.push_back(std::move(*plan));
    }
    return plans;
  };
  FUWU_ASSIGN_OR_RETURN(auto plans, plans_of());

  // 2. The replacement, booked into the trip like any booking (price, policy, budget, approval).
  BookingRequest request = choice;
  request.trip_id = trip_id;
  FUWU_ASSIGN_OR_RETURN(auto booked, bookings_.book(who, actor, request));
  const auto& added = booked.at("segments").as_array().back().as_object();
  const std::int64_t new_id = added.at("id").as_int64();
  const auto& product = added.at("product").as_object();
  auto text = [](const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto arrives = parse_supplier_time(text(product, "arrival_at"));
  const auto impacts = recheck(plans, old_id, arrives);
  json::array impacts_json;
  for (const auto& i : impacts)
    impacts_json.push_back({{"segment_id", i.segment_id},
                            {"status", i.status},
                            {"arrival_at", optional_int(i.arrival)},
                            {"slack_minutes", i.slack_minutes},
                            {"reason_zh", i.reason_zh},
                            {"reason_en", i.reason_en}});
  const TimeMs now = clock_.now_ms();
  // Each step on the timeline; the first marks the event resolved (once: its external id).
  const auto departs = parse_supplier_time(text(product, "departure_at"));
  // Each step on the timeline with its own times; the first marks the event resolved (once).
  auto note = [&](std::int64_t segment, const std::string& type, const std::string& what,
                  std::optional<std::int64_t> replacement, const json::array* given,
                  bool resolves = false, std::optional<TimeMs> starts = std::nullopt,
                  std::optional<TimeMs> ends = std::nullopt) -> Status {
    return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
      std::optional<std::string> external;
      if (resolves) external = "rebook:" + std::to_string(event_id);
      return record_event(
                 tx, audit_, actor, organization_id,
                 {trip_id, segment, type, "trip", external, starts, ends, what, replacement}, now,
                 given)
          .status();
    });
  };
  FUWU_TRY(note(old_id, "rebooked",
                "replaced by segment " + std::to_string(new_id) + " (" +
                    text(product, "flight_number") + text(product, "train_number") + ")",
                new_id, &impacts_json, /*resolves=*/true, departs, arrives));

  // 3. What it replaces: a missed departure comes back under the supplier's rules (voluntary);
  // a cancelled one was refunded in full when the supplier cancelled it.
  if (event.text(0) == "missed") {
    auto cancelled = bookings_.cancel(who, actor, trip_id, old_id,
                                      "missed; replaced by segment " + std::to_string(new_id),
                                      /*missed_departure=*/true);
    if (!cancelled.is_ok() && cancelled.status().problem_code() != "already_cancelled")
      FUWU_TRY(note(old_id, "rebooked",
                    "the missed booking could not be cancelled with the supplier: " +
                        cancelled.status().message(),
                    new_id, nullptr));
  }

  // 4. The later segments.
  for (const auto& impact : impacts) {
    const auto* segment = [&]() -> const json::object* {
      for (const auto& s : booked.at("segments").as_array())
        if (s.as_object().at("id").as_int64() == impact.segment_id) return &s.as_object();
      return nullptr;
    }();
    if (!segment) continue;
    const std::string kind = segment->at("kind").as_string().c_str();
    const auto& old_product = segment->at("product").as_object();
    if (kind == "hotel" && (impact.status == "late_arrival" || impact.status == "first_night_lost"))
      FUWU_TRY(note(impact.segment_id, "hotel_told", "the hotel is told: " + impact.reason_en,
                    std::nullopt, nullptr, false, std::nullopt, impact.arrival));
    if (kind != "transfer" || impact.status != "breaks" || !arrives) continue;
    // The car: from the replacement's arrival airport (or station), half an hour after it lands.
    const TimeMs pickup = (*arrives + 30 * 60'000 + 5 * 60'000 - 1) / (5 * 60'000) * (5 * 60'000);
    const TimeMs local = pickup + 8 * 3'600'000;
    SearchRequest search;
    search.kind = "transfer";
    search.city = text(old_product, "city");
    const std::string arrival_place =
        text(product, event.text(2) == "flight" ? "destination_airport" : "destination_station");
    // A pickup at an airport or station moves to where the replacement arrives.
    const std::string old_pickup = text(old_product, "pickup");
    const bool at_terminal = old_pickup != "centre" && !old_pickup.starts_with("hotel:");
    search.pickup = at_terminal && !arrival_place.empty() ? arrival_place : old_pickup;
    search.dropoff = text(old_product, "dropoff");
    search.date = civil_from_days(local / 86'400'000).to_string();
    search.preferred_time =
        two_digits(local % 86'400'000 / 3'600'000) + ":" + two_digits(local % 3'600'000 / 60'000);
    if (event.integer(4) != who.user_id) search.traveller_id = event.integer(4);
    auto found = search_.search(who, search);
    std::string outcome_note;
    if (found.is_ok()) {
      boost::system::error_code ec;
      auto answer = json::parse(found.value(), ec);
      const json::object* pick = nullptr;
      if (!ec && answer.is_object())
        for (const auto& o : answer.as_object().at("offers").as_array())
          if (o.as_object().at("compliant").as_bool() &&
              text(o.as_object(), "car_type") == text(old_product, "car_type")) {
            pick = &o.as_object();
            break;
          }
      if (!pick && !ec && answer.is_object())
        for (const auto& o : answer.as_object().at("offers").as_array())
          if (o.as_object().at("compliant").as_bool()) {
            pick = &o.as_object();
            break;
          }
      if (pick) {
        BookingRequest car;
        car.search_id = answer.as_object().at("id").as_int64();
        car.offer_key = text(*pick, "offer_key");
        car.supplier_id = pick->at("prices").as_array()[0].as_object().at("supplier_id").as_int64();
        car.trip_id = trip_id;
        auto car_booked = bookings_.book(who, actor, car);
        if (car_booked.is_ok()) {
          const auto car_id =
              car_booked.value().at("segments").as_array().back().as_object().at("id").as_int64();
          (void)bookings_.cancel(who, actor, trip_id, impact.segment_id,
                                 "re-timed as segment " + std::to_string(car_id));
          FUWU_TRY(note(impact.segment_id, "retimed",
                        "re-timed to " + search.date + " " + search.preferred_time + " from " +
                            search.pickup + " as segment " + std::to_string(car_id),
                        car_id, nullptr, false, pickup));
          continue;
        }
        outcome_note = car_booked.status().message();
      } else {
        outcome_note = "no compliant car offered";
      }
    } else {
      outcome_note = found.status().message();
    }
    // Nothing found: the old transfer stays until someone decides, and the timeline says so.
    FUWU_TRY(
        note(impact.segment_id, "retimed",
             "not re-timed (" + outcome_note + "); the booked car is kept until someone decides",
             std::nullopt, nullptr));
  }
  return bookings_.trip(who, trip_id);
}

}  // namespace fuwu::travel
