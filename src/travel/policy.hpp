// Travel policy (差旅标准): a company assigns each employee grade a rule class; a rule class sets
// the flight cabin by flight duration, the lowest logical fare, advance booking, hotel nightly
// caps by city tier, train seat classes by train type and car types, each rule with a control:
// allow, warn, needs approval, block, or the employee pays the excess. Evaluating an offer is a
// pure function that returns every rule's verdict with the figures it compared; `reason` renders
// a verdict in Chinese or English when it is shown (a search evaluates thousands of offers, and
// only the ones on screen are read).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "travel/geography.hpp"

namespace fuwu::travel {

enum class Control { allow, warn, needs_approval, employee_pays_excess, block };
const char* control_name(Control control);
std::optional<Control> parse_control(std::string_view name);
// The stricter of two controls: block > needs approval > employee pays > warn > allow.
Control stricter(Control a, Control b);

enum class Cabin { economy, business, first };
const char* cabin_name(Cabin cabin);
std::optional<Cabin> parse_cabin(std::string_view name);

struct RuleClass {
  std::string name;  // e.g. "staff", "manager", "executive"
  // Flights: the best cabin allowed, and a better one from a flight duration on.
  Cabin cabin_max = Cabin::economy;
  std::optional<int> long_flight_minutes;  // from this duration on, cabin_max_long applies
  Cabin cabin_max_long = Cabin::economy;
  Control cabin_control = Control::block;
  // Lowest logical fare: the cheapest flight within ± window of the requested time; a fare above
  // it by more than the tolerance (basis points of it, or fen) breaks the rule.
  int lowest_fare_window_minutes = 120;
  std::int64_t lowest_fare_tolerance_bp = 0;
  std::int64_t lowest_fare_tolerance_fen = 0;
  Control lowest_fare_control = Control::warn;
  // Book at least this many days ahead.
  int advance_days = 0;
  Control advance_control = Control::warn;
  // Hotels: nightly cap per city tier (tier1, new_tier1, tier2, other).
  std::array<std::int64_t, 4> hotel_nightly_cap_fen{};
  Control hotel_control = Control::employee_pays_excess;
  // Trains: seat classes allowed on high-speed and on conventional trains.
  std::vector<std::string> high_speed_seats;
  std::vector<std::string> conventional_seats;
  Control train_control = Control::needs_approval;
  // Cars: types allowed (economy, comfort, business, van).
  std::vector<std::string> car_types;
  Control car_control = Control::warn;
};

enum class OfferKind { flight, hotel, train, car };

// What the rules look at in one offer, plus the search context.
struct OfferFacts {
  OfferKind kind = OfferKind::flight;
  std::int64_t days_ahead = 0;  // travel date − booking date
  std::int64_t total_fen = 0;   // what the segment costs
  // Flights
  Cabin cabin = Cabin::economy;
  int duration_minutes = 0;
  std::optional<std::int64_t> lowest_logical_fare_fen;  // from the search, same cabin or economy
  // Hotels
  CityTier city_tier = CityTier::other;
  std::int64_t nightly_fen = 0;
  int nights = 1;
  // Trains
  bool high_speed = true;
  std::string seat_class;
  // Cars
  std::string car_type;
};

// `budget` is not a rule of the policy document: it is the company's travel budget, judged on
// the segment with the same controls (travel/budgets.hpp).
enum class Rule {
  advance_booking,
  flight_cabin,
  lowest_fare,
  hotel_cap,
  train_seat,
  car_type,
  budget
};
const char* rule_name(Rule rule);

struct Verdict {
  Rule rule = Rule::advance_booking;
  bool broken = false;
  Control control = Control::allow;  // the rule's control when broken, allow otherwise
  std::int64_t excess_fen = 0;       // over a cap or the lowest logical fare
  // The figures compared: advance days / allowed cabin / lowest fare (with its tolerance) /
  // nightly cap.
  std::int64_t limit = 0;
  std::int64_t tolerance = 0;
};

struct Evaluation {
  std::vector<Verdict> verdicts;       // every rule that applies to the offer, broken or not
  Control outcome = Control::allow;    // the strictest control among broken rules
  std::int64_t employee_pays_fen = 0;  // of total_fen, when a broken rule says so
  bool compliant() const { return outcome == Control::allow; }
};

Evaluation evaluate(const RuleClass& rules, const OfferFacts& offer);

// A budget's verdict on a segment that would take `amount_fen` of it: broken when it would go
// over, with what is left as the limit and the overrun as the excess.
Verdict budget_verdict(std::int64_t budget_fen, std::int64_t consumed_fen, Control over_control,
                       std::int64_t amount_fen);
// Adds a verdict to an evaluation and settles its outcome again.
void add_verdict(Evaluation& evaluation, const Verdict& verdict, std::int64_t total_fen);

enum class Language { zh, en };
// Why the verdict is what it is, quoting the rule's and the offer's figures.
std::string reason(const Verdict& verdict, const RuleClass& rules, const OfferFacts& offer,
                   Language language);

struct FlightOption {
  int departure_minute = 0;  // minutes after midnight of the travel date
  Cabin cabin = Cabin::economy;
  std::int64_t total_fen = 0;
};
// The lowest logical fare of a search: the cheapest economy option departing within ±window
// minutes of the requested departure. nullopt when no option is in the window.
std::optional<std::int64_t> lowest_logical_fare(const std::vector<FlightOption>& options,
                                                int requested_minute, int window_minutes);

}  // namespace fuwu::travel
