// Travel geography: China's business-travel cities with their tier (一线 / 新一线 / 二线 / other,
// data/travel/cities.tsv), airports with coordinates (data/airports/airports.tsv, derived from the
// OpenFlights database by tools/airports), and great-circle distances. Compiled in; read-only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fuwu::travel {

enum class CityTier { tier1, new_tier1, tier2, other };
const char* city_tier_name(CityTier tier);
std::optional<CityTier> parse_city_tier(std::string_view name);

struct Airport {
  std::string iata;
  std::string icao;
  std::string name;
  std::string city_en;
  double latitude = 0;
  double longitude = 0;
};

struct City {
  std::string code;  // GB/T 2260 prefecture code, e.g. "3101"
  std::string name_zh;
  std::string name_en;
  CityTier tier = CityTier::other;
  std::vector<std::string> airports;       // IATA codes, main airport first
  std::vector<std::string> rail_stations;  // main high-speed station first
  double latitude = 0;                     // its main airport, or its centre where it has none
  double longitude = 0;
};

const std::vector<City>& cities();
const City* find_city(std::string_view code);
const Airport* find_airport(std::string_view iata);
// The city an airport serves (only airports of the cities table).
const City* city_of_airport(std::string_view iata);

// A place a transfer (接送机/站) picks up at or drops off at, in one city: one of the city's
// airports ("PVG"), one of its railway stations ("上海虹桥站"), a hotel of a hotel search
// ("hotel:H3101-03") or the city centre ("centre").
enum class PlaceKind { airport, station, hotel, centre };
std::optional<PlaceKind> transfer_place(const City& city, std::string_view place);

double great_circle_km(double latitude1, double longitude1, double latitude2, double longitude2);
double distance_km(const City& a, const City& b);

}  // namespace fuwu::travel
