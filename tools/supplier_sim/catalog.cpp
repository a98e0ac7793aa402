#include "catalog.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

namespace fuwu::sim {
namespace {

struct Carrier {
  const char* code;
  const char* name_zh;
};
constexpr Carrier kCarriers[] = {{"CA", "中国国航"}, {"MU", "东方航空"}, {"CZ", "南方航空"},
                                 {"HU", "海南航空"}, {"3U", "四川航空"}, {"ZH", "深圳航空"},
                                 {"MF", "厦门航空"}, {"FM", "上海航空"}, {"HO", "吉祥航空"},
                                 {"9C", "春秋航空"}};

struct Brand {
  const char* name_zh;
  int stars;
};
constexpr Brand kBrands[] = {{"如家酒店", 2},     {"汉庭酒店", 2},       {"锦江之星", 2},
                             {"全季酒店", 3},     {"维也纳酒店", 3},     {"亚朵酒店", 4},
                             {"桔子水晶酒店", 4}, {"希尔顿酒店", 5},     {"万豪酒店", 5},
                             {"洲际酒店", 5},     {"香格里拉大酒店", 5}, {"凯悦酒店", 5}};
constexpr const char* kQuarters[] = {"火车站店", "会展中心店", "中央商务区店", "机场店",
                                     "高新区店", "市中心店",   "金融街店",     "大学城店"};

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string two_digits(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

// Rounds fen to whole yuan, as fares are quoted.
std::int64_t yuan(double fen) {
  return static_cast<std::int64_t>(std::llround(fen / 100.0)) * 100;
}

// Fares move with the date: weekends and the days around them cost more.
double date_factor(std::uint64_t seed, std::string_view key, Date date) {
  const int wd = weekday(date);
  const double weekend = (wd == 5 || wd == 0) ? 1.15 : 1.0;
  const auto h = stable_hash({std::to_string(seed), key, date.to_string()});
  return weekend * (0.82 + static_cast<double>(h % 3600) / 10000.0);  // 0.82 … 1.18
}

}  // namespace

std::uint64_t stable_hash(std::initializer_list<std::string_view> parts) {
  std::uint64_t h = 1469598103934665603ULL;
  for (auto part : parts) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  return splitmix(h);
}

std::vector<Flight> Catalog::flights(const travel::City& from, const travel::City& to,
                                     Date date) const {
  std::vector<Flight> out;
  if (from.code == to.code || from.airports.empty() || to.airports.empty()) return out;
  const double km = travel::distance_km(from, to);
  if (km < 250) return out;  // nobody flies that: take the train
  // The timetable of a route is the same every day: seeded by the route only.
  std::mt19937_64 rng(stable_hash({std::to_string(seed_), "flights", from.code, to.code}));
  const bool busy =
      from.tier <= travel::CityTier::new_tier1 && to.tier <= travel::CityTier::new_tier1;
  const int per_day = busy ? 10 + static_cast<int>(rng() % 8) : 3 + static_cast<int>(rng() % 5);
  // Cruise at ~800 km/h on a route ~15 % longer than the great circle, plus taxi and climb.
  const int duration = static_cast<int>(std::lround((km * 1.15 / 800.0) * 60.0 / 5.0)) * 5 + 35;
  for (int i = 0; i < per_day; ++i) {
    const Carrier& carrier = kCarriers[rng() % std::size(kCarriers)];
    const std::string origin = from.airports[rng() % from.airports.size()];
    const std::string destination = to.airports[rng() % to.airports.size()];
    // Departures spread between 07:00 and 22:00 on five-minute marks.
    const int departure = 7 * 60 + (i * 15 * 60 / per_day) + static_cast<int>(rng() % 12) * 5;
    const std::string number = std::string(carrier.code) + std::to_string(1000 + rng() % 9000);
    const bool wide_body = km > 1000 && rng() % 3 == 0;
    const double economy = std::max(380.0, 0.62 * km + 160.0) * 100.0;  // fen
    for (const char* cabin : {"economy", "business", "first"}) {
      const std::string_view c = cabin;
      if (c == "first" && !wide_body) continue;
      const double multiple = c == "economy" ? 1.0 : c == "business" ? 2.9 : 4.6;
      Flight f;
      f.key = number + "|" + date.to_string() + "|" + cabin;
      f.carrier = carrier.code;
      f.carrier_name_zh = carrier.name_zh;
      f.flight_number = number;
      f.origin_airport = origin;
      f.destination_airport = destination;
      f.origin_city = from.code;
      f.destination_city = to.code;
      f.date = date.to_string();
      f.departure_minute = std::min(departure, 22 * 60 + 30);
      f.duration_minutes = duration;
      f.cabin = cabin;
      f.base_fare_fen = yuan(economy * multiple * date_factor(seed_, f.key, date));
      f.seats =
          c == "economy" ? 120 + static_cast<int>(rng() % 60) : 8 + static_cast<int>(rng() % 12);
      out.push_back(std::move(f));
    }
  }
  std::sort(out.begin(), out.end(), [](const Flight& a, const Flight& b) {
    return std::tie(a.departure_minute, a.flight_number, a.base_fare_fen) <
           std::tie(b.departure_minute, b.flight_number, b.base_fare_fen);
  });
  return out;
}

std::vector<Hotel> Catalog::hotels(const travel::City& city, Date check_in, int nights) const {
  std::vector<Hotel> out;
  std::mt19937_64 rng(stable_hash({std::to_string(seed_), "hotels", city.code}));
  const int count = city.tier == travel::CityTier::tier1       ? 16
                    : city.tier == travel::CityTier::new_tier1 ? 12
                    : city.tier == travel::CityTier::tier2     ? 9
                                                               : 6;
  // A night in a 3-star hotel, by city tier; stars scale it.
  const double base = city.tier == travel::CityTier::tier1       ? 480.0
                      : city.tier == travel::CityTier::new_tier1 ? 380.0
                      : city.tier == travel::CityTier::tier2     ? 300.0
                                                                 : 260.0;
  for (int i = 0; i < count; ++i) {
    const Brand& brand = kBrands[rng() % std::size(kBrands)];
    const std::string quarter = kQuarters[rng() % std::size(kQuarters)];
    const std::string hotel_id = "H" + city.code + "-" + two_digits(i + 1);
    const double star_factor = std::pow(1.55, brand.stars - 3);
    const double hotel_factor = 0.85 + static_cast<double>(rng() % 30) / 100.0;
    struct Room {
      const char* type;
      const char* name_zh;
      double factor;
    };
    for (const Room room :
         {Room{"standard_twin", "标准双床房", 1.0}, Room{"king", "高级大床房", 1.12},
          Room{"executive_suite", "行政套房", 2.2}}) {
      if (std::string_view(room.type) == "executive_suite" && brand.stars < 4) continue;
      Hotel h;
      h.hotel_id = hotel_id;
      h.key =
          hotel_id + "|" + room.type + "|" + check_in.to_string() + "|" + std::to_string(nights);
      h.name_zh = brand.name_zh + std::string("（") + city.name_zh + quarter + "）";
      h.brand = brand.name_zh;
      h.stars = brand.stars;
      h.city_code = city.code;
      h.room_type = room.type;
      h.room_name_zh = room.name_zh;
      h.check_in = check_in.to_string();
      h.nights = nights;
      h.breakfast = brand.stars >= 4;
      h.nightly_base_fen = yuan(base * 100.0 * star_factor * hotel_factor * room.factor *
                                date_factor(seed_, hotel_id + room.type, check_in));
      out.push_back(std::move(h));
    }
  }
  return out;
}

std::vector<Train> Catalog::trains(const travel::City& from, const travel::City& to,
                                   Date date) const {
  std::vector<Train> out;
  if (from.code == to.code || from.rail_stations.empty() || to.rail_stations.empty()) return out;
  const double km = travel::distance_km(from, to) * 1.25;  // track is longer than the air line
  if (km > 2600) return out;
  std::mt19937_64 rng(stable_hash({std::to_string(seed_), "trains", from.code, to.code}));
  const int high_speed =
      km < 1500 ? 6 + static_cast<int>(rng() % 10) : 2 + static_cast<int>(rng() % 3);
  const int conventional = 1 + static_cast<int>(rng() % 3);
  auto add = [&](const std::string& number, const std::string& type, int departure, double speed,
                 std::initializer_list<std::pair<const char*, double>> seats) {
    const int duration = static_cast<int>(std::lround(km / speed * 60.0 / 5.0)) * 5 + 10;
    for (const auto& [seat, per_km] : seats) {
      Train t;
      t.key = number + "|" + date.to_string() + "|" + seat;
      t.train_number = number;
      t.train_type = type;
      t.origin_station = from.rail_stations.front();
      t.destination_station = to.rail_stations.front();
      t.origin_city = from.code;
      t.destination_city = to.code;
      t.date = date.to_string();
      t.departure_minute = departure;
      t.duration_minutes = duration;
      t.seat_class = seat;
      t.base_fare_fen = yuan(std::max(20.0, km * per_km) * 100.0);  // rail fares are fixed
      out.push_back(std::move(t));
    }
  };
  for (int i = 0; i < high_speed; ++i) {
    const bool g = rng() % 4 != 0;
    const std::string number = (g ? "G" : "D") + std::to_string(1 + rng() % 2999);
    const int departure =
        6 * 60 + 30 + i * (14 * 60 / std::max(1, high_speed)) + static_cast<int>(rng() % 6) * 5;
    if (g)
      add(number, "high_speed", departure, 270.0,
          {{"business", 1.45}, {"first", 0.74}, {"second", 0.46}});
    else
      add(number, "high_speed", departure, 200.0, {{"first", 0.46}, {"second", 0.30}});
  }
  for (int i = 0; i < conventional; ++i) {
    const char* prefix = i == 0 ? "K" : i == 1 ? "T" : "Z";
    const std::string number = prefix + std::to_string(1 + rng() % 1999);
    const int departure = 18 * 60 + i * 90 + static_cast<int>(rng() % 6) * 5;
    add(number, "conventional", departure, 95.0,
        {{"soft_sleeper", 0.33}, {"hard_sleeper", 0.21}, {"hard_seat", 0.12}});
  }
  std::sort(out.begin(), out.end(), [](const Train& a, const Train& b) {
    return std::tie(a.departure_minute, a.train_number, a.base_fare_fen) <
           std::tie(b.departure_minute, b.train_number, b.base_fare_fen);
  });
  return out;
}

namespace {

// Where a place lies from the city centre, in km east and north: deterministic per place, at a
// plausible distance for its kind (airports far out, stations and hotels nearer).
std::pair<double, double> place_position(std::uint64_t seed, const travel::City& city,
                                         const std::string& place) {
  const auto kind = travel::transfer_place(city, place).value_or(travel::PlaceKind::centre);
  if (kind == travel::PlaceKind::centre) return {0.0, 0.0};
  const auto h = stable_hash({std::to_string(seed), "place", city.code, place});
  const bool main_airport = !city.airports.empty() && city.airports.front() == place;
  const auto [near, far] = kind == travel::PlaceKind::airport
                               ? (main_airport ? std::pair{25.0, 45.0} : std::pair{10.0, 22.0})
                           : kind == travel::PlaceKind::station ? std::pair{4.0, 16.0}
                                                                : std::pair{1.5, 12.0};
  const double r = near + (far - near) * static_cast<double>(h % 1000) / 1000.0;
  const double angle = static_cast<double>((h >> 20) % 3600) / 3600.0 * 2 * 3.14159265358979;
  return {r * std::cos(angle), r * std::sin(angle)};
}

struct CarType {
  const char* type;
  const char* name_zh;
  const char* vehicle_zh;
  int seats;
  double start_fen;
  double per_km_fen;
};
constexpr CarType kCarTypes[] = {
    {"economy", "经济型", "大众朗逸或同级", 4, 1'200, 230},
    {"comfort", "舒适型", "丰田凯美瑞或同级", 4, 1'500, 310},
    {"business", "商务型", "奥迪A6L或同级", 4, 2'200, 460},
    {"van", "商务七座", "别克GL8或同级", 6, 2'600, 520},
};

}  // namespace

std::vector<Transfer> Catalog::transfers(const travel::City& city, const std::string& pickup,
                                         const std::string& dropoff, Date date,
                                         int pickup_minute) const {
  std::vector<Transfer> out;
  if (pickup == dropoff || !travel::transfer_place(city, pickup) ||
      !travel::transfer_place(city, dropoff))
    return out;
  const auto [x1, y1] = place_position(seed_, city, pickup);
  const auto [x2, y2] = place_position(seed_, city, dropoff);
  // Roads are longer than the straight line; at least 3 km door to door.
  const double km = std::max(3.0, std::hypot(x2 - x1, y2 - y1) * 1.3);
  const bool rush = (pickup_minute >= 7 * 60 && pickup_minute < 9 * 60 + 30) ||
                    (pickup_minute >= 17 * 60 && pickup_minute < 19 * 60 + 30);
  const int duration = static_cast<int>(std::lround(km / (rush ? 22.0 : 35.0) * 60.0)) + 8;
  const std::string at = date.to_string() + "T" + two_digits(pickup_minute / 60) + ":" +
                         two_digits(pickup_minute % 60);
  for (const auto& c : kCarTypes) {
    Transfer t;
    t.key = "T|" + city.code + "|" + pickup + "|" + dropoff + "|" + at + "|" + c.type;
    t.city_code = city.code;
    t.pickup = pickup;
    t.dropoff = dropoff;
    t.date = date.to_string();
    t.pickup_minute = pickup_minute;
    t.car_type = c.type;
    t.car_name_zh = c.name_zh;
    t.vehicle_zh = c.vehicle_zh;
    t.seats = c.seats;
    t.distance_km = static_cast<int>(std::lround(km));
    t.duration_minutes = duration;
    // Night rides (23:00–05:00) cost 20 % more.
    const bool night = pickup_minute >= 23 * 60 || pickup_minute < 5 * 60;
    t.base_fare_fen =
        yuan((c.start_fen + c.per_km_fen * km + 50.0 * duration) * (night ? 1.2 : 1.0));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace fuwu::sim
