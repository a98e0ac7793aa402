#include "simulator.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>

#include "core/clock.hpp"

namespace fuwu::sim {
namespace {

namespace json = boost::json;

constexpr std::size_t kOversizedBytes = 50u << 20;

http::Response json_response(int status, const json::value& body) {
  http::Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

http::Response problem(int status, std::string code, std::string detail) {
  http::Response r =
      json_response(status, json::object{{"code", std::move(code)}, {"detail", std::move(detail)}});
  r.content_type = "application/problem+json";
  return r;
}

std::string clock_text(const std::string& date, int minute) {
  // Local time in China; a minute past midnight of the next day rolls the date.
  auto d = Date::parse(date).value();
  auto day = days_from_civil(d) + minute / (24 * 60);
  minute %= 24 * 60;
  auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  return civil_from_days(day).to_string() + "T" + two(minute / 60) + ":" + two(minute % 60) +
         ":00+08:00";
}

// A city from a 4-digit city code or an airport's IATA code.
const travel::City* place(const json::object& body, std::string_view field) {
  const auto* v = body.if_contains(field);
  if (!v || !v->is_string()) return nullptr;
  const std::string_view text = v->as_string();
  if (const auto* city = travel::find_city(text)) return city;
  return travel::city_of_airport(text);
}

// A date that is today or later in China; nullopt for anything else.
std::optional<Date> date_field(const json::object& body, std::string_view field) {
  const auto* v = body.if_contains(field);
  if (!v || !v->is_string()) return std::nullopt;
  auto d = Date::parse(std::string_view(v->as_string()));
  if (!d || *d < shanghai_date_of(SystemClock().now_ms())) return std::nullopt;
  return *d;
}

json::object offer_money(Supplier& supplier, const std::string& key, std::int64_t base_fen,
                         std::uint64_t seed) {
  const std::int64_t price = supplier.price_fen(key, base_fen);
  const std::int64_t fee = supplier.profile().service_fee_fen;
  return {{"offer_key", key},
          {"quote_id", make_quote_id(supplier.profile().name, key, price, seed)},
          {"price_fen", price},
          {"fee_fen", fee},
          {"total_fen", price + fee}};
}

}  // namespace

Simulator::Simulator(std::uint64_t seed, const std::vector<SupplierProfile>& suppliers)
    : catalog_(seed) {
  for (const auto& p : suppliers) suppliers_.emplace(p.name, std::make_unique<Supplier>(p, seed));
}

http::Response Simulator::handle(http::Request& request) {
  const std::string_view path = request.path;
  if (path == "/healthz") return json_response(200, json::object{{"status", "ok"}});
  if (path == "/events" && request.method == http::Method::get) {
    json::array items;
    for (const auto& d : notifier_.deliveries())
      items.push_back({{"event_id", d.event_id}, {"status", d.status}, {"answer", d.answer}});
    return json_response(200, json::object{{"items", std::move(items)}});
  }
  if (path == "/suppliers" && request.method == http::Method::get) {
    json::array items;
    for (const auto& [name, s] : suppliers_)
      items.push_back({{"name", name},
                       {"kind", s->profile().kind},
                       {"display_name", s->profile().display_name},
                       {"requests", s->requests()}});
    return json_response(200, json::object{{"items", std::move(items)}});
  }
  constexpr std::string_view kPrefix = "/suppliers/";
  if (!path.starts_with(kPrefix)) return problem(404, "no_route", "no such path");
  const auto rest = path.substr(kPrefix.size());
  const auto slash = rest.find('/');
  const auto name = rest.substr(0, slash);
  auto it = suppliers_.find(name);
  if (it == suppliers_.end())
    return problem(404, "unknown_supplier", "no supplier " + std::string(name));
  if (slash == std::string_view::npos)
    return problem(404, "no_route", "no such supplier operation");
  if (request.method != http::Method::post && request.method != http::Method::get)
    return problem(405, "method_not_allowed", "use POST");
  Supplier& supplier = *it->second;
  auto [fault, latency] = supplier.next_request();
  http::Response r;
  switch (fault) {
    case Fault::error:
      r = problem(500, "supplier_error", "the supplier failed (simulated)");
      break;
    case Fault::hang:
      r = problem(504, "supplier_hung", "held for ten minutes (simulated)");
      break;
    case Fault::malformed:
      r.body = R"({"supplier": ")" + supplier.profile().name + R"(", "offers": [{"quote_id": )";
      break;
    case Fault::oversized:
      r.body.reserve(kOversizedBytes + 64);
      r.body = R"({"supplier": "oversized", "padding": ")";
      r.body.append(kOversizedBytes, ' ');
      r.body += R"("})";
      break;
    case Fault::none:
      r = route(request, supplier, rest.substr(slash + 1));
      break;
  }
  r.delay_ms = latency;
  r.set_header("x-simulated-latency-ms", std::to_string(latency));
  return r;
}

http::Response Simulator::route(http::Request& request, Supplier& supplier, std::string_view rest) {
  boost::system::error_code ec;
  json::value parsed =
      request.body.empty() ? json::value(json::object{}) : json::parse(request.body, ec);
  if (ec || !parsed.is_object())
    return problem(400, "malformed_json", "the body is not a JSON object");
  const auto& body = parsed.as_object();
  if (rest == "flights/search" || rest == "hotels/search" || rest == "trains/search" ||
      rest == "transfers/search")
    return search(supplier, rest.substr(0, rest.find('/')), body);
  if (rest == "quotes/confirm") return confirm(supplier, body);
  if (rest == "bookings") return book(supplier, body);
  if (rest.starts_with("bookings/") && rest.ends_with("/cancel"))
    return cancel(supplier, rest.substr(9, rest.size() - 9 - 7));
  if (rest.starts_with("bookings/") && rest.ends_with("/events"))
    return push_event(supplier, rest.substr(9, rest.size() - 9 - 7), body);
  return problem(404, "no_route", "no such supplier operation");
}

http::Response Simulator::search(Supplier& supplier, std::string_view product,
                                 const json::object& body) {
  const std::string& kind = supplier.profile().kind;
  const bool matches =
      (product == "flights" && kind == "air") || (product == "hotels" && kind == "hotel") ||
      (product == "trains" && kind == "rail") || (product == "transfers" && kind == "car");
  if (!matches)
    return problem(404, "not_sold",
                   supplier.profile().name + " does not sell " + std::string(product));
  const std::uint64_t seed = catalog_.seed();
  json::array offers;
  if (product == "hotels") {
    const auto* city = place(body, "city");
    const auto check_in = date_field(body, "check_in");
    const auto check_out = date_field(body, "check_out");
    if (!city || !check_in || !check_out)
      return problem(422, "invalid_request",
                     "give city (a city code), check_in (today or later) and check_out");
    const auto nights = days_from_civil(*check_out) - days_from_civil(*check_in);
    if (nights < 1 || nights > 30)
      return problem(422, "invalid_request", "check_out must be 1 to 30 nights after check_in");
    for (const auto& h : catalog_.hotels(*city, *check_in, static_cast<int>(nights))) {
      if (!supplier.sells(h.key)) continue;
      json::object o = offer_money(supplier, h.key, h.nightly_base_fen * h.nights, seed);
      o["hotel_id"] = h.hotel_id;
      o["hotel_name"] = h.name_zh;
      o["brand"] = h.brand;
      o["stars"] = h.stars;
      o["city"] = h.city_code;
      o["room_type"] = h.room_type;
      o["room_name"] = h.room_name_zh;
      o["check_in"] = h.check_in;
      o["nights"] = h.nights;
      o["nightly_fen"] = supplier.price_fen(h.key, h.nightly_base_fen);
      o["breakfast"] = h.breakfast;
      o["free_cancellation"] = true;
      offers.push_back(std::move(o));
    }
  } else if (product == "transfers") {
    const auto* city = place(body, "city");
    const auto date = date_field(body, "date");
    const auto* time = body.if_contains("time");
    const auto* pickup = body.if_contains("pickup");
    const auto* dropoff = body.if_contains("dropoff");
    int minute = -1;
    if (time && time->is_string() && time->as_string().size() == 5) {
      const std::string_view t = time->as_string();
      const int h = std::atoi(std::string(t.substr(0, 2)).c_str());
      const int m = std::atoi(std::string(t.substr(3, 2)).c_str());
      if (t[2] == ':' && h >= 0 && h < 24 && m >= 0 && m < 60) minute = h * 60 + m;
    }
    if (!city || !date || minute < 0 || !pickup || !pickup->is_string() || !dropoff ||
        !dropoff->is_string() || !travel::transfer_place(*city, pickup->as_string()) ||
        !travel::transfer_place(*city, dropoff->as_string()))
      return problem(422, "invalid_request",
                     "give city, pickup and dropoff (an airport or station of the city, "
                     "hotel:<id> or centre), a date (today or later) and a time HH:MM");
    for (const auto& tr : catalog_.transfers(*city, std::string(pickup->as_string()),
                                             std::string(dropoff->as_string()), *date, minute)) {
      if (!supplier.sells(tr.key)) continue;
      json::object o = offer_money(supplier, tr.key, tr.base_fare_fen, seed);
      o["city"] = tr.city_code;
      o["pickup"] = tr.pickup;
      o["dropoff"] = tr.dropoff;
      o["pickup_at"] = clock_text(tr.date, tr.pickup_minute);
      o["car_type"] = tr.car_type;
      o["car_name"] = tr.car_name_zh;
      o["vehicle"] = tr.vehicle_zh;
      o["seats"] = tr.seats;
      o["distance_km"] = tr.distance_km;
      o["duration_minutes"] = tr.duration_minutes;
      o["free_cancellation"] = true;
      offers.push_back(std::move(o));
    }
  } else {
    const auto* from = place(body, "origin");
    const auto* to = place(body, "destination");
    const auto date = date_field(body, "date");
    if (!from || !to || !date)
      return problem(422, "invalid_request",
                     "give origin and destination (city codes or airports) and a date, today or "
                     "later");
    if (product == "flights") {
      for (const auto& f : catalog_.flights(*from, *to, *date)) {
        if (!supplier.sells(f.key)) continue;
        json::object o = offer_money(supplier, f.key, f.base_fare_fen, seed);
        o["carrier"] = f.carrier;
        o["carrier_name"] = f.carrier_name_zh;
        o["flight_number"] = f.flight_number;
        o["origin_airport"] = f.origin_airport;
        o["destination_airport"] = f.destination_airport;
        o["origin_city"] = f.origin_city;
        o["destination_city"] = f.destination_city;
        o["departure_at"] = clock_text(f.date, f.departure_minute);
        o["arrival_at"] = clock_text(f.date, f.departure_minute + f.duration_minutes);
        o["duration_minutes"] = f.duration_minutes;
        o["cabin"] = f.cabin;
        o["seats_left"] = f.seats;
        offers.push_back(std::move(o));
      }
    } else {
      for (const auto& t : catalog_.trains(*from, *to, *date)) {
        if (!supplier.sells(t.key)) continue;
        json::object o = offer_money(supplier, t.key, t.base_fare_fen, seed);
        o["train_number"] = t.train_number;
        o["train_type"] = t.train_type;
        o["origin_station"] = t.origin_station;
        o["destination_station"] = t.destination_station;
        o["origin_city"] = t.origin_city;
        o["destination_city"] = t.destination_city;
        o["departure_at"] = clock_text(t.date, t.departure_minute);
        o["arrival_at"] = clock_text(t.date, t.departure_minute + t.duration_minutes);
        o["duration_minutes"] = t.duration_minutes;
        o["seat_class"] = t.seat_class;
        offers.push_back(std::move(o));
      }
    }
  }
  return json_response(200, json::object{{"supplier", supplier.profile().name},
                                         {"currency", "CNY"},
                                         {"offers", std::move(offers)}});
}

http::Response Simulator::confirm(Supplier& supplier, const json::object& body) {
  const auto* id = body.if_contains("quote_id");
  if (!id || !id->is_string()) return problem(422, "invalid_request", "give quote_id");
  const auto ref = parse_quote_id(std::string_view(id->as_string()), catalog_.seed());
  if (!ref || ref->supplier != supplier.profile().name)
    return problem(404, "unknown_quote", "no such quote");
  const std::int64_t fee = supplier.profile().service_fee_fen;
  switch (supplier.quote_outcome(std::string_view(id->as_string()), ref->repriced)) {
    case Supplier::Quote::sold_out:
      return json_response(200,
                           json::object{{"status", "sold_out"}, {"quote_id", id->as_string()}});
    case Supplier::Quote::price_changed: {
      const auto h = stable_hash({std::to_string(catalog_.seed()), "repriced", id->as_string()});
      const std::int64_t price = static_cast<std::int64_t>(std::llround(
                                     ref->price_fen * (1.03 + (h % 10) / 100.0) / 100.0)) *
                                 100;
      return json_response(
          200, json::object{{"status", "price_changed"},
                            {"quote_id",
                             make_quote_id(ref->supplier, ref->key, price, catalog_.seed(), true)},
                            {"previous_price_fen", ref->price_fen},
                            {"price_fen", price},
                            {"fee_fen", fee},
                            {"total_fen", price + fee}});
    }
    case Supplier::Quote::available:
      break;
  }
  return json_response(200, json::object{{"status", "available"},
                                         {"quote_id", id->as_string()},
                                         {"price_fen", ref->price_fen},
                                         {"fee_fen", fee},
                                         {"total_fen", ref->price_fen + fee}});
}

http::Response Simulator::book(Supplier& supplier, const json::object& body) {
  const auto* id = body.if_contains("quote_id");
  const auto* expected = body.if_contains("expected_total_fen");
  const auto* reference = body.if_contains("client_reference");
  const auto* traveller = body.if_contains("traveller_name");
  if (!id || !id->is_string() || !expected || !expected->is_int64() || !reference ||
      !reference->is_string() || reference->as_string().empty() || !traveller ||
      !traveller->is_string())
    return problem(422, "invalid_request",
                   "give quote_id, expected_total_fen, client_reference and traveller_name");
  const auto ref = parse_quote_id(std::string_view(id->as_string()), catalog_.seed());
  if (!ref || ref->supplier != supplier.profile().name)
    return problem(404, "unknown_quote", "no such quote");
  const std::string reference_key =
      supplier.profile().name + "/" + std::string(reference->as_string());
  {
    std::lock_guard lock(bookings_mutex_);
    if (auto found = booking_by_reference_.find(reference_key);
        found != booking_by_reference_.end()) {
      const Booking& b = bookings_.at(found->second);
      if (b.quote_id != id->as_string())
        return problem(409, "client_reference_reused",
                       "client_reference " + std::string(reference->as_string()) +
                           " already booked another quote (" + b.id + ")");
      return json_response(200, json::object{{"booking_id", b.id},
                                             {"status", b.status},
                                             {"total_fen", b.total_fen},
                                             {"replayed", true}});
    }
  }
  const std::int64_t total = ref->price_fen + supplier.profile().service_fee_fen;
  switch (supplier.quote_outcome(std::string_view(id->as_string()), ref->repriced)) {
    case Supplier::Quote::sold_out:
      return problem(409, "sold_out", "the offer is sold out");
    case Supplier::Quote::price_changed:
      return problem(409, "price_changed", "the price changed; confirm the quote again");
    case Supplier::Quote::available:
      break;
  }
  if (expected->as_int64() != total)
    return problem(409, "price_mismatch",
                   "expected_total_fen is " + std::to_string(expected->as_int64()) +
                       "; the quote's total is " + std::to_string(total));
  std::lock_guard lock(bookings_mutex_);
  Booking b;
  b.id = "B-" + supplier.profile().name + "-" + std::to_string(next_booking_++);
  b.supplier = supplier.profile().name;
  b.key = ref->key;
  b.quote_id = std::string(id->as_string());
  b.client_reference = std::string(reference->as_string());
  b.traveller_name = std::string(traveller->as_string());
  b.total_fen = total;
  b.status = "confirmed";
  bookings_[b.id] = b;
  booking_by_reference_[reference_key] = b.id;
  return json_response(201, json::object{{"booking_id", b.id},
                                         {"status", b.status},
                                         {"offer_key", b.key},
                                         {"total_fen", b.total_fen}});
}

http::Response Simulator::cancel(Supplier& supplier, std::string_view booking_id) {
  std::lock_guard lock(bookings_mutex_);
  auto it = bookings_.find(std::string(booking_id));
  if (it == bookings_.end() || it->second.supplier != supplier.profile().name)
    return problem(404, "unknown_booking", "no such booking");
  Booking& b = it->second;
  if (b.status == "cancelled")
    return json_response(
        200, json::object{{"booking_id", b.id}, {"status", b.status}, {"refund_fen", 0}});
  b.status = "cancelled";
  // Hotels, trains and cars refund in full here; flights keep 10 % of the fare (voluntary change
  // rules per fare class come with the disruption work).
  const bool flight = supplier.profile().kind == "air";
  const std::int64_t refund = flight ? b.total_fen * 9 / 10 / 100 * 100 : b.total_fen;
  return json_response(
      200, json::object{{"booking_id", b.id}, {"status", b.status}, {"refund_fen", refund}});
}

http::Response Simulator::push_event(Supplier& supplier, std::string_view booking_id,
                                     const json::object& body) {
  auto text = [&](const char* key) {
    const auto* v = body.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string type = text("type");
  const std::string url = text("notify_url");
  const std::string token = text("notify_token");
  if ((type != "cancellation" && type != "delay" && type != "schedule_change") || url.empty() ||
      token.empty())
    return problem(422, "invalid_request",
                   "give type (cancellation, delay or schedule_change), notify_url and "
                   "notify_token, and for a delay or schedule change arrival_at (and "
                   "departure_at)");
  json::object event;
  std::string event_id = text("event_id");
  {
    std::lock_guard lock(bookings_mutex_);
    auto it = bookings_.find(std::string(booking_id));
    if (it == bookings_.end() || it->second.supplier != supplier.profile().name)
      return problem(404, "unknown_booking", "no such booking");
    if (type == "cancellation") it->second.status = "cancelled";
    if (event_id.empty())
      event_id = "SIM-" + supplier.profile().name + "-" + std::to_string(next_event_++);
  }
  event = {{"event_id", event_id}, {"booking_id", std::string(booking_id)}, {"type", type}};
  for (const char* key : {"departure_at", "arrival_at"})
    if (const auto* v = body.if_contains(key); v && !v->is_null()) event[key] = *v;
  notifier_.send(event_id, {url, token, json::serialize(event)});
  return json_response(202, json::object{{"event_id", event_id}, {"queued", true}});
}

}  // namespace fuwu::sim
