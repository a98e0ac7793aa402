// The simulator's catalogue and suppliers: deterministic, realistic, one product many suppliers.
#include <gtest/gtest.h>

#include <set>

#include "catalog.hpp"
#include "supplier.hpp"

namespace fuwu::sim {
namespace {

const travel::City& city(const char* code) {
  const auto* c = travel::find_city(code);
  EXPECT_NE(c, nullptr) << code;
  return *c;
}

const Date kDate{2026, 12, 1};

TEST(Geography, CitiesAirportsAndDistances) {
  EXPECT_EQ(city("3101").name_zh, "上海");
  EXPECT_EQ(city("4403").tier, travel::CityTier::tier1);
  ASSERT_NE(travel::city_of_airport("PVG"), nullptr);
  EXPECT_EQ(travel::city_of_airport("PVG")->code, "3101");
  const double km = travel::distance_km(city("1101"), city("3101"));
  EXPECT_GT(km, 1000);
  EXPECT_LT(km, 1250);
}

TEST(Catalog, FlightsAreDeterministicAndRealistic) {
  Catalog catalog(7);
  const auto a = catalog.flights(city("1101"), city("3101"), kDate);
  const auto b = catalog.flights(city("1101"), city("3101"), kDate);
  ASSERT_GE(a.size(), 10u);
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> keys;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].base_fare_fen, b[i].base_fare_fen);
    EXPECT_TRUE(keys.insert(a[i].key).second) << "merge keys are unique: " << a[i].key;
    EXPECT_GE(a[i].duration_minutes, 110);  // about two hours Beijing–Shanghai
    EXPECT_LE(a[i].duration_minutes, 160);
    EXPECT_EQ(a[i].base_fare_fen % 100, 0);  // whole yuan
  }
  EXPECT_NE(Catalog(8).flights(city("1101"), city("3101"), kDate)[0].key, a[0].key);
  // The same timetable tomorrow, other fares.
  const auto next = catalog.flights(city("1101"), city("3101"), Date{2026, 12, 2});
  EXPECT_EQ(next[0].flight_number, a[0].flight_number);
  // Nobody flies Guangzhou–Shenzhen.
  EXPECT_TRUE(catalog.flights(city("4401"), city("4403"), kDate).empty());
}

TEST(Catalog, BusinessCostsMoreThanEconomyAndHotelsByStars) {
  Catalog catalog(7);
  for (const auto& f : catalog.flights(city("1101"), city("4401"), kDate))
    if (f.cabin == "business") {
      for (const auto& g : catalog.flights(city("1101"), city("4401"), kDate))
        if (g.flight_number == f.flight_number && g.cabin == "economy") {
          EXPECT_GT(f.base_fare_fen, 2 * g.base_fare_fen);
        }
    }
  const auto hotels = catalog.hotels(city("3101"), kDate, 2);
  ASSERT_GE(hotels.size(), 16u);
  std::int64_t two_star = 0, five_star = 0;
  for (const auto& h : hotels) {
    EXPECT_EQ(h.nights, 2);
    if (h.room_type != "standard_twin") continue;
    if (h.stars == 2) two_star = std::max(two_star, h.nightly_base_fen);
    if (h.stars == 5) five_star = std::max(five_star, h.nightly_base_fen);
  }
  if (two_star && five_star) {
    EXPECT_GT(five_star, two_star);
  }
}

TEST(Catalog, HighSpeedTrainsAreFasterThanConventionalOnes) {
  Catalog catalog(7);
  const auto trains = catalog.trains(city("3101"), city("3301"), kDate);
  ASSERT_FALSE(trains.empty());
  int fastest_g = 1'000'000, fastest_k = 1'000'000;
  for (const auto& t : trains) {
    if (t.train_number[0] == 'G') fastest_g = std::min(fastest_g, t.duration_minutes);
    if (t.train_type == "conventional") fastest_k = std::min(fastest_k, t.duration_minutes);
  }
  EXPECT_LT(fastest_g, fastest_k);
  EXPECT_LT(fastest_g, 90);  // Shanghai–Hangzhou is under an hour and a half by G train
}

TEST(Supplier, OneProductManySuppliersAndQuotesThatCannotBeForged) {
  SupplierProfile a;
  a.name = "a-air";
  a.kind = "air";
  SupplierProfile b = a;
  b.name = "b-air";
  b.price_bp = 9'000;
  Supplier sa(a, 7), sb(b, 7);
  const std::string key = "MU5101|2026-12-01|economy";
  EXPECT_EQ(sa.price_fen(key, 100'000), sa.price_fen(key, 100'000));
  EXPECT_LT(sb.price_fen(key, 100'000), sa.price_fen(key, 100'000));
  const auto id = make_quote_id("a-air", key, 98'000, 7);
  const auto ref = parse_quote_id(id, 7);
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->key, key);
  EXPECT_EQ(ref->price_fen, 98'000);
  EXPECT_FALSE(parse_quote_id(make_quote_id("a-air", key, 98'000, 7).replace(0, 1, "x"), 7));
  auto tampered = id;
  tampered.replace(tampered.find(".98000."), 7, ".10000.");
  EXPECT_FALSE(parse_quote_id(tampered, 7).has_value());
  EXPECT_FALSE(parse_quote_id(id, 8).has_value());
}

TEST(Catalog, TransfersBetweenPlacesOfACityPricedByCarType) {
  const Catalog catalog(7);
  const auto* shanghai = travel::find_city("3101");
  ASSERT_NE(shanghai, nullptr);
  const Date date{2026, 12, 1};
  const auto rides = catalog.transfers(*shanghai, "PVG", "hotel:H3101-03", date, 10 * 60);
  ASSERT_EQ(rides.size(), 4u);  // economy, comfort, business, van
  for (std::size_t i = 1; i < rides.size(); ++i) {
    EXPECT_LT(rides[i - 1].base_fare_fen, rides[i].base_fare_fen);
    EXPECT_EQ(rides[i].distance_km, rides[0].distance_km);
  }
  EXPECT_GE(rides[0].distance_km, 3);
  EXPECT_EQ(rides[0].key, "T|3101|PVG|hotel:H3101-03|2026-12-01T10:00|economy");
  // Deterministic; the main airport lies further out than the city airport.
  EXPECT_EQ(catalog.transfers(*shanghai, "PVG", "hotel:H3101-03", date, 600)[2].base_fare_fen,
            rides[2].base_fare_fen);
  EXPECT_GT(catalog.transfers(*shanghai, "PVG", "centre", date, 600)[0].distance_km,
            catalog.transfers(*shanghai, "SHA", "centre", date, 600)[0].distance_km);
  // Rush hour takes longer.
  EXPECT_GT(catalog.transfers(*shanghai, "PVG", "centre", date, 8 * 60)[0].duration_minutes,
            catalog.transfers(*shanghai, "PVG", "centre", date, 14 * 60)[0].duration_minutes);
  // Places of another city, unknown places, and a ride to where it starts are not sold.
  EXPECT_TRUE(catalog.transfers(*shanghai, "PEK", "centre", date, 600).empty());
  EXPECT_TRUE(catalog.transfers(*shanghai, "somewhere", "centre", date, 600).empty());
  EXPECT_TRUE(catalog.transfers(*shanghai, "centre", "centre", date, 600).empty());
}

TEST(Supplier, FaultsFollowTheConfiguredRates) {
  SupplierProfile p;
  p.name = "flaky";
  p.kind = "hotel";
  p.error_pct = 20;
  p.hang_pct = 10;
  p.latency_median_ms = 100;
  p.latency_p95_ms = 300;
  Supplier s(p, 7);
  int errors = 0, hangs = 0, slow = 0;
  for (int i = 0; i < 10'000; ++i) {
    auto [fault, latency] = s.next_request();
    errors += fault == Fault::error;
    hangs += fault == Fault::hang;
    slow += fault == Fault::none && latency > 300;
  }
  EXPECT_NEAR(errors, 2'000, 250);
  EXPECT_NEAR(hangs, 1'000, 200);
  EXPECT_NEAR(slow, 7'000 * 5 / 100, 120);  // 5 % above the p95
}

}  // namespace
}  // namespace fuwu::sim
