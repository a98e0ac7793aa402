// The simulator's catalogue: what exists to be sold, the same for every supplier — flights
// between real airports with durations from great-circle distance, hotels by city with stars and
// room types, high-speed and conventional trains with seat classes. Deterministic: the same seed,
// route and date always give the same products (timetables repeat daily, fares vary by date).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/business_calendar.hpp"
#include "travel/geography.hpp"

namespace fuwu::sim {

// FNV-1a of the parts, finished with splitmix64: stable across runs and platforms.
std::uint64_t stable_hash(std::initializer_list<std::string_view> parts);

struct Flight {
  std::string key;  // "MU5137|2026-12-01|economy": carrier + number + date + cabin
  std::string carrier;
  std::string carrier_name_zh;
  std::string flight_number;
  std::string origin_airport;
  std::string destination_airport;
  std::string origin_city;
  std::string destination_city;
  std::string date;          // local departure date
  int departure_minute = 0;  // minutes after local midnight
  int duration_minutes = 0;
  std::string cabin;  // economy | business | first
  std::int64_t base_fare_fen = 0;
  int seats = 0;
};

struct Hotel {
  std::string key;  // "H3101-03|king|2026-12-01|2": hotel + room type + dates
  std::string hotel_id;
  std::string name_zh;
  std::string brand;
  int stars = 3;
  std::string city_code;
  std::string room_type;  // standard_twin | king | executive_suite
  std::string room_name_zh;
  std::string check_in;
  int nights = 1;
  std::int64_t nightly_base_fen = 0;
  bool breakfast = false;
};

struct Train {
  std::string key;  // "G7|2026-12-01|second": train + date + seat class
  std::string train_number;
  std::string train_type;  // high_speed (G/D) | conventional (K/T/Z)
  std::string origin_station;
  std::string destination_station;
  std::string origin_city;
  std::string destination_city;
  std::string date;
  int departure_minute = 0;
  int duration_minutes = 0;
  std::string seat_class;  // business | first | second | soft_sleeper | hard_sleeper | hard_seat
  std::int64_t base_fare_fen = 0;
};

// A car from one place to another in a city (接送机/站): see travel::transfer_place.
struct Transfer {
  std::string key;  // "T|3101|PVG|hotel:H3101-03|2026-12-01T09:30|comfort"
  std::string city_code;
  std::string pickup;
  std::string dropoff;
  std::string date;
  int pickup_minute = 0;
  std::string car_type;  // economy | comfort | business | van
  std::string car_name_zh;
  std::string vehicle_zh;
  int seats = 4;
  int distance_km = 0;
  int duration_minutes = 0;
  std::int64_t base_fare_fen = 0;
};

class Catalog {
 public:
  explicit Catalog(std::uint64_t seed) : seed_(seed) {}

  std::vector<Flight> flights(const travel::City& from, const travel::City& to, Date date) const;
  std::vector<Hotel> hotels(const travel::City& city, Date check_in, int nights) const;
  std::vector<Train> trains(const travel::City& from, const travel::City& to, Date date) const;
  // Every car type for the ride; empty when a place is not of the city or both are the same.
  std::vector<Transfer> transfers(const travel::City& city, const std::string& pickup,
                                  const std::string& dropoff, Date date, int pickup_minute) const;

  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
};

}  // namespace fuwu::sim
