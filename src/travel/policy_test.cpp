// The travel policy as a pure function: each rule's verdict, the strictest control, who pays.
#include "travel/policy.hpp"

#include <gtest/gtest.h>

namespace fuwu::travel {
namespace {

RuleClass staff() {
  RuleClass r;
  r.name = "staff";
  r.cabin_max = Cabin::economy;
  r.long_flight_minutes = 240;
  r.cabin_max_long = Cabin::business;
  r.cabin_control = Control::block;
  r.lowest_fare_window_minutes = 120;
  r.lowest_fare_tolerance_bp = 1'000;  // 10 %
  r.lowest_fare_control = Control::warn;
  r.advance_days = 3;
  r.advance_control = Control::warn;
  r.hotel_nightly_cap_fen = {60'000, 50'000, 40'000, 35'000};
  r.hotel_control = Control::employee_pays_excess;
  r.high_speed_seats = {"second"};
  r.conventional_seats = {"hard_sleeper", "hard_seat"};
  r.train_control = Control::needs_approval;
  r.car_types = {"economy", "comfort"};
  return r;
}

const Verdict& rule(const Evaluation& e, const char* name) {
  for (const auto& v : e.verdicts)
    if (std::string_view(rule_name(v.rule)) == name) return v;
  throw std::runtime_error(std::string("no verdict ") + name);
}

TEST(TravelPolicy, AnEconomyFareNearTheLowestIsCompliant) {
  OfferFacts f;
  f.kind = OfferKind::flight;
  f.days_ahead = 7;
  f.total_fen = 105'000;
  f.duration_minutes = 130;
  f.lowest_logical_fare_fen = 100'000;
  const auto e = evaluate(staff(), f);
  EXPECT_TRUE(e.compliant());
  EXPECT_EQ(e.verdicts.size(), 3u);  // advance booking, cabin, lowest fare — each with a reason
  for (const auto& v : e.verdicts) {
    EXPECT_FALSE(v.broken) << rule_name(v.rule);
    EXPECT_FALSE(reason(v, staff(), f, Language::zh).empty());
    EXPECT_FALSE(reason(v, staff(), f, Language::en).empty());
  }
}

TEST(TravelPolicy, BusinessClassOnAShortFlightIsBlockedButAllowedOnALongOne) {
  OfferFacts f;
  f.kind = OfferKind::flight;
  f.days_ahead = 7;
  f.cabin = Cabin::business;
  f.total_fen = 290'000;
  f.duration_minutes = 130;
  f.lowest_logical_fare_fen = 100'000;
  auto e = evaluate(staff(), f);
  EXPECT_EQ(e.outcome, Control::block);
  EXPECT_TRUE(rule(e, "flight_cabin").broken);
  EXPECT_EQ(reason(rule(e, "flight_cabin"), staff(), f, Language::zh),
            "可乘经济舱；本航班为公务舱（飞行满 240 分钟可乘公务舱，本航班 130 分钟）");
  EXPECT_EQ(reason(rule(e, "lowest_fare"), staff(), f, Language::en),
            "the lowest fare within ±120 minutes is 1,000.00 yuan, 100.00 yuan over it is allowed; "
            "this fare is 1,900.00 yuan over");
  f.duration_minutes = 250;
  e = evaluate(staff(), f);
  EXPECT_FALSE(rule(e, "flight_cabin").broken);
  EXPECT_EQ(e.outcome, Control::warn);  // still far above the lowest fare
  EXPECT_EQ(rule(e, "lowest_fare").excess_fen, 190'000);
}

TEST(TravelPolicy, TheLowestFareToleranceTakesTheLargerOfPercentAndAmount) {
  RuleClass r = staff();
  r.lowest_fare_tolerance_fen = 20'000;
  OfferFacts f;
  f.kind = OfferKind::flight;
  f.days_ahead = 7;
  f.duration_minutes = 130;
  f.lowest_logical_fare_fen = 100'000;
  f.total_fen = 120'000;  // 20 % over: within the 200-yuan tolerance
  EXPECT_FALSE(rule(evaluate(r, f), "lowest_fare").broken);
  f.total_fen = 120'100;
  EXPECT_TRUE(rule(evaluate(r, f), "lowest_fare").broken);
}

TEST(TravelPolicy, AnExpensiveHotelIsPaidByTheEmployeeAboveTheCap) {
  OfferFacts f;
  f.kind = OfferKind::hotel;
  f.days_ahead = 7;
  f.city_tier = CityTier::tier1;
  f.nightly_fen = 75'000;
  f.nights = 2;
  f.total_fen = 150'000;
  const auto e = evaluate(staff(), f);
  EXPECT_EQ(e.outcome, Control::employee_pays_excess);
  EXPECT_EQ(e.employee_pays_fen, 30'000);  // 150 yuan over the cap, two nights
  f.city_tier = CityTier::other;
  f.nightly_fen = 30'000;
  f.total_fen = 60'000;
  EXPECT_TRUE(evaluate(staff(), f).compliant());
}

TEST(TravelPolicy, SeatsCarsAndAdvanceBooking) {
  OfferFacts t;
  t.kind = OfferKind::train;
  t.days_ahead = 1;
  t.high_speed = true;
  t.seat_class = "first";
  auto e = evaluate(staff(), t);
  EXPECT_EQ(e.outcome, Control::needs_approval);  // stricter than the late booking's warning
  EXPECT_TRUE(rule(e, "advance_booking").broken);
  EXPECT_TRUE(rule(e, "train_seat").broken);
  t.high_speed = false;
  t.seat_class = "hard_sleeper";
  t.days_ahead = 5;
  EXPECT_TRUE(evaluate(staff(), t).compliant());
  OfferFacts c;
  c.kind = OfferKind::car;
  c.days_ahead = 5;
  c.car_type = "business";
  EXPECT_EQ(evaluate(staff(), c).outcome, Control::warn);
}

TEST(TravelPolicy, TheLowestLogicalFareLooksOnlyInsideTheWindow) {
  const std::vector<FlightOption> options = {{7 * 60, Cabin::economy, 80'000},
                                             {9 * 60, Cabin::economy, 95'000},
                                             {10 * 60, Cabin::business, 60'000},
                                             {11 * 60 + 30, Cabin::economy, 90'000},
                                             {15 * 60, Cabin::economy, 70'000}};
  EXPECT_EQ(lowest_logical_fare(options, 10 * 60, 120), 90'000);
  EXPECT_EQ(lowest_logical_fare(options, 10 * 60, 180), 80'000);
  EXPECT_EQ(lowest_logical_fare(options, 20 * 60, 60), std::nullopt);
  EXPECT_EQ(stricter(Control::warn, Control::block), Control::block);
  EXPECT_EQ(parse_control("employee_pays_excess"), Control::employee_pays_excess);
}

}  // namespace
}  // namespace fuwu::travel
