#include "app/demo_trips.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

#include "app/application.hpp"
#include "core/business_calendar.hpp"

namespace fuwu::app {
namespace {

namespace json = boost::json;

struct Demo {
  Application& app;
  auth::Principal who;
  audit::Actor actor;
};

Result<Demo> as_user(Application& app, const std::string& email) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, store::with_read_transaction(app.database(), [&](auto& tx) {
        return tx.query("SELECT u.id, u.organization_id FROM users u WHERE u.email = $1", {email});
      }));
  if (rows.empty()) return Status(ErrorCode::not_found, "no demo user " + email);
  auth::Principal who;
  who.user_id = rows[0].integer(0);
  who.organization_id = rows[0].integer(1);
  who.organization_kind = auth::OrganizationKind::client;
  who.roles = {auth::Role::employee};
  audit::Actor actor{who.user_id, who.organization_id, "demo-trips"};
  return Demo{app, who, actor};
}

std::string date_in(int days) {
  const Date today = shanghai_date_of(SystemClock().now_ms());
  return civil_from_days(days_from_civil(today) + days).to_string();
}

Result<json::object> search(Demo& d, travel::SearchRequest request) {
  FUWU_ASSIGN_OR_RETURN(auto text, d.app.search().search(d.who, request));
  return json::parse(text).as_object();
}

// The cheapest compliant offer (optionally matching `accept`), at its cheapest supplier.
const json::object* cheapest_compliant(const json::object& answer,
                                       const std::function<bool(const json::object&)>& accept) {
  for (const auto& o : answer.at("offers").as_array())
    if (o.as_object().at("compliant").as_bool() && (!accept || accept(o.as_object())))
      return &o.as_object();
  return nullptr;
}

// Books `offer` of `answer`, taking a changed price.
Result<json::object> book(Demo& d, const json::object& answer, const json::object& offer,
                          std::optional<std::int64_t> trip_id, const std::string& purpose) {
  travel::BookingRequest r;
  r.search_id = answer.at("id").as_int64();
  r.offer_key = offer.at("offer_key").as_string().c_str();
  r.supplier_id = offer.at("prices").as_array()[0].as_object().at("supplier_id").as_int64();
  r.trip_id = trip_id;
  r.purpose = purpose;
  auto booked = d.app.bookings().book(d.who, d.actor, r);
  if (!booked.is_ok() && booked.status().problem_code() == "price_changed") {
    const Status changed = booked.status();
    const std::string& message = changed.fields().at(0).message;
    const auto digits = message.find_first_of("0123456789");
    r.accept_total_fen = std::stoll(message.substr(digits));
    booked = d.app.bookings().book(d.who, d.actor, r);
  }
  return booked;
}

std::string text_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Status seed_000_trip(Application& app) {
  FUWU_ASSIGN_OR_RETURN(auto li, as_user(app, "li.wei@xingyun.demo"));
  const std::string day1 = date_in(10), day3 = date_in(12);
  travel::SearchRequest flight_search{.kind = "flight",
                                      .origin = "1101",
                                      .destination = "3101",
                                      .date = day1,
                                      .preferred_time = "08:00"};
  FUWU_ASSIGN_OR_RETURN(auto flights, search(li, flight_search));
  const auto* flight = cheapest_compliant(flights, [](const json::object& o) {
    return text_of(o, "departure_at").substr(11, 2) < "11";
  });
  if (!flight) return Status(ErrorCode::not_found, "no morning flight in the demo");
  FUWU_ASSIGN_OR_RETURN(auto trip,
                        book(li, flights, *flight, std::nullopt, "拜访上海客户，再去杭州"));
  const auto trip_id = trip.at("id").as_int64();
  const json::object flown = trip.at("segments").as_array().back().as_object();
  travel::SearchRequest hotel_search{
      .kind = "hotel", .city = "3101", .check_in = day1, .check_out = day3};
  FUWU_ASSIGN_OR_RETURN(auto hotels, search(li, hotel_search));
  const auto* hotel = cheapest_compliant(hotels, {});
  if (!hotel) return Status(ErrorCode::not_found, "no compliant hotel in the demo");
  FUWU_TRY(book(li, hotels, *hotel, trip_id, "").status());
  const auto& product = flown.at("product").as_object();
  const auto arrival = text_of(product, "arrival_at");
  const int pickup = std::stoi(arrival.substr(11, 2)) * 60 + std::stoi(arrival.substr(14, 2)) + 40;
  auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  travel::SearchRequest car_search{.kind = "transfer",
                                   .date = day1,
                                   .preferred_time = two(pickup / 60) + ":" + two(pickup % 60),
                                   .city = "3101",
                                   .pickup = text_of(product, "destination_airport"),
                                   .dropoff = "hotel:" + text_of(*hotel, "hotel_id")};
  FUWU_ASSIGN_OR_RETURN(auto cars, search(li, car_search));
  if (const auto* car = cheapest_compliant(cars, {})) {
    FUWU_TRY(book(li, cars, *car, trip_id, "").status());
  }
  travel::SearchRequest train_search{.kind = "train",
                                     .origin = "3101",
                                     .destination = "3301",
                                     .date = day3,
                                     .preferred_time = "09:00"};
  FUWU_ASSIGN_OR_RETURN(auto trains, search(li, train_search));
  const auto* train = cheapest_compliant(trains, [](const json::object& o) {
    return text_of(o, "departure_at").substr(11, 2) >= "09";
  });
  if (train) {
    FUWU_TRY(book(li, trains, *train, trip_id, "").status());
  }

  // The flight is missed; the next morning's compliant flight replaces it.
  const auto flown_id = flown.at("id").as_int64();
  FUWU_ASSIGN_OR_RETURN(auto missed, app.disruptions().missed(li.who, li.actor, trip_id, flown_id));
  const auto event_id = missed.at("id").as_int64();
  FUWU_ASSIGN_OR_RETURN(auto options, app.disruptions().options(li.who, trip_id, event_id));
  const std::string day2 = date_in(11);
  for (const auto& o : options.at("options").as_array()) {
    const auto& option = o.as_object();
    if (!option.at("compliant").as_bool() || !text_of(option, "departure_at").starts_with(day2))
      continue;
    travel::BookingRequest choice;
    choice.search_id = option.at("search_id").as_int64();
    choice.offer_key = text_of(option, "offer_key");
    choice.supplier_id = option.at("supplier_id").as_int64();
    auto rebooked = app.disruptions().rebook(li.who, li.actor, trip_id, event_id, choice);
    if (rebooked.is_ok() || rebooked.status().problem_code() != "price_changed")
      return rebooked.status();
  }
  return Status::ok();
}

// Colleagues' trips, so that the dashboard compares departments, categories and routes.
Status seed_colleagues(Application& app) {
  struct Plan {
    const char* email;
    travel::SearchRequest request;
  };
  const std::vector<Plan> plans = {
      {"wang.fang@xingyun.demo",
       {.kind = "train", .origin = "1101", .destination = "3101", .date = date_in(7)}},
      {"wang.fang@xingyun.demo",
       {.kind = "hotel", .city = "3101", .check_in = date_in(7), .check_out = date_in(9)}},
      {"zhang.min@xingyun.demo",
       {.kind = "flight", .origin = "1101", .destination = "4401", .date = date_in(5)}},
      {"zhang.min@xingyun.demo",
       {.kind = "hotel", .city = "4401", .check_in = date_in(5), .check_out = date_in(6)}},
  };
  std::map<std::string, std::int64_t> trips;
  for (const auto& plan : plans) {
    FUWU_ASSIGN_OR_RETURN(auto who, as_user(app, plan.email));
    FUWU_ASSIGN_OR_RETURN(auto answer, search(who, plan.request));
    const auto* offer = cheapest_compliant(answer, {});
    if (!offer) continue;
    std::optional<std::int64_t> trip;
    if (trips.contains(plan.email)) trip = trips[plan.email];
    auto booked = book(who, answer, *offer, trip, "客户拜访");
    if (booked.is_ok()) trips[plan.email] = booked.value().at("id").as_int64();
  }
  return Status::ok();
}

}  // namespace

Status seed_demo_trips(Application& app) {
  // The simulator may still be starting: wait until a search gets offers.
  FUWU_ASSIGN_OR_RETURN(auto probe, as_user(app, "li.wei@xingyun.demo"));
  bool ready = false;
  for (int i = 0; i < 40 && !ready; ++i) {
    travel::SearchRequest probe_search{
        .kind = "train", .origin = "1101", .destination = "3101", .date = date_in(3)};
    auto answer = search(probe, probe_search);
    ready = answer.is_ok() && !answer.value().at("offers").as_array().empty();
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  if (!ready) {
    spdlog::warn("demo trips: the supplier simulator does not answer; the demo has no trips");
    return Status::ok();
  }
  FUWU_TRY(seed_000_trip(app));
  FUWU_TRY(seed_colleagues(app));
  spdlog::info("demo trips booked through the supplier simulator");
  return Status::ok();
}

}  // namespace fuwu::app
