#include "travel/geography.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/embedded_file.hpp"

namespace fuwu {
std::vector<EmbeddedFile> travel_data_files();
}

namespace fuwu::travel {
namespace {

std::string_view file(std::string_view path) {
  for (const auto& f : travel_data_files())
    if (f.path == path) return f.contents;
  throw std::logic_error("travel data file missing from the build: " + std::string(path));
}

std::vector<std::string> split(std::string_view line, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto end = line.find(separator, start);
    out.emplace_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// Rows of a TSV file after its header; `columns` cells each (checked at startup: the files are
// part of the build, so a malformed one is a bug).
std::vector<std::vector<std::string>> rows(std::string_view path, std::size_t columns) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in{std::string(file(path))};
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    auto cells = split(line, '\t');
    if (cells.size() != columns)
      throw std::logic_error(std::string(path) + ": a row without " + std::to_string(columns) +
                             " columns: " + line);
    out.push_back(std::move(cells));
  }
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  for (auto& w : split(text, ' '))
    if (!w.empty()) out.push_back(std::move(w));
  return out;
}

struct Tables {
  std::map<std::string, Airport, std::less<>> airports;
  std::vector<City> cities;
  std::map<std::string, std::size_t, std::less<>> city_index;
  std::map<std::string, std::size_t, std::less<>> airport_city;

  Tables() {
    for (auto& r : rows("data/airports/airports.tsv", 6)) {
      Airport a{r[0], r[1], r[2], r[3], std::stod(r[4]), std::stod(r[5])};
      airports.emplace(a.iata, std::move(a));
    }
    for (auto& r : rows("data/travel/cities.tsv", 8)) {
      City c;
      c.code = r[0];
      c.name_zh = r[1];
      c.name_en = r[2];
      const auto tier = parse_city_tier(r[3]);
      if (!tier) throw std::logic_error("data/travel/cities.tsv: unknown tier " + r[3]);
      c.tier = *tier;
      c.airports = words(r[4]);
      c.rail_stations = words(r[5]);
      for (const auto& iata : c.airports)
        if (!airports.contains(iata))
          throw std::logic_error("data/travel/cities.tsv: unknown airport " + iata);
      c.latitude = std::stod(r[6]);
      c.longitude = std::stod(r[7]);
      city_index[c.code] = cities.size();
      for (const auto& iata : c.airports) airport_city[iata] = cities.size();
      cities.push_back(std::move(c));
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

const char* city_tier_name(CityTier tier) {
  switch (tier) {
    case CityTier::tier1:
      return "tier1";
    case CityTier::new_tier1:
      return "new_tier1";
    case CityTier::tier2:
      return "tier2";
    case CityTier::other:
      return "other";
  }
  return "other";
}

std::optional<CityTier> parse_city_tier(std::string_view name) {
  for (CityTier t : {CityTier::tier1, CityTier::new_tier1, CityTier::tier2, CityTier::other})
    if (name == city_tier_name(t)) return t;
  return std::nullopt;
}

const std::vector<City>& cities() {
  return tables().cities;
}

const City* find_city(std::string_view code) {
  const auto& t = tables();
  auto it = t.city_index.find(code);
  return it == t.city_index.end() ? nullptr : &t.cities[it->second];
}

const Airport* find_airport(std::string_view iata) {
  const auto& t = tables();
  auto it = t.airports.find(iata);
  return it == t.airports.end() ? nullptr : &it->second;
}

const City* city_of_airport(std::string_view iata) {
  const auto& t = tables();
  auto it = t.airport_city.find(iata);
  return it == t.airport_city.end() ? nullptr : &t.cities[it->second];
}

std::optional<PlaceKind> transfer_place(const City& city, std::string_view place) {
  if (place == "centre") return PlaceKind::centre;
  if (std::find(city.airports.begin(), city.airports.end(), place) != city.airports.end())
    return PlaceKind::airport;
  if (std::find(city.rail_stations.begin(), city.rail_stations.end(), place) !=
      city.rail_stations.end())
    return PlaceKind::station;
  constexpr std::string_view kHotel = "hotel:";
  if (place.starts_with(kHotel) && place.size() > kHotel.size() && place.size() <= 40 &&
      place.substr(kHotel.size()).find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
          std::string_view::npos)
    return PlaceKind::hotel;
  return std::nullopt;
}

double great_circle_km(double latitude1, double longitude1, double latitude2, double longitude2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  const double dlat = (latitude2 - latitude1) * kRadians;
  const double dlon = (longitude2 - longitude1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(latitude1 * kRadians) * std::cos(latitude2 * kRadians) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double distance_km(const City& a, const City& b) {
  return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude);
}

}  // namespace fuwu::travel
