// The trip's shape in time and place: seed 000's Beijing → Shanghai trip (a flight, the airport
// transfer, two hotel nights, the train to Hangzhou two days later) and what a delay, a missed
// flight or the next morning's flight does to each later segment.
#include "travel/itinerary.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fuwu::travel {
namespace {

namespace json = boost::json;

PlannedSegment must_plan(std::int64_t id, const std::string& kind, const json::object& product) {
  auto planned = plan_of(id, kind, product);
  EXPECT_TRUE(planned.has_value()) << kind;
  return planned.value_or(PlannedSegment{});
}

std::vector<PlannedSegment> seed_trip() {
  return {
      must_plan(1, "flight",
                {{"departure_at", "2026-12-01T08:00:00+08:00"},
                 {"arrival_at", "2026-12-01T10:15:00+08:00"},
                 {"origin_city", "1101"},
                 {"destination_city", "3101"},
                 {"origin_airport", "PEK"},
                 {"destination_airport", "PVG"}}),
      must_plan(2, "transfer",
                {{"pickup_at", "2026-12-01T10:50:00+08:00"},
                 {"duration_minutes", 55},
                 {"city", "3101"},
                 {"pickup", "PVG"},
                 {"dropoff", "hotel:H3101-03"}}),
      must_plan(
          3, "hotel",
          {{"check_in", "2026-12-01"}, {"nights", 2}, {"city", "3101"}, {"hotel_id", "H3101-03"}}),
      must_plan(4, "train",
                {{"departure_at", "2026-12-03T09:00:00+08:00"},
                 {"arrival_at", "2026-12-03T09:50:00+08:00"},
                 {"origin_city", "3101"},
                 {"destination_city", "3301"},
                 {"origin_station", "上海虹桥"},
                 {"destination_station", "杭州东"}}),
  };
}

std::map<std::int64_t, Impact> by_segment(const std::vector<Impact>& impacts) {
  std::map<std::int64_t, Impact> out;
  for (const auto& i : impacts) out[i.segment_id] = i;
  return out;
}

// 2026-12-01T00:00+08:00
constexpr TimeMs kDec1 = 1'796'054'400'000;

TEST(Itinerary, EachSegmentWaitsForTheArrivalBeforeIt) {
  const auto trip = seed_trip();
  EXPECT_EQ(trip[2].start, kDec1 + 14 * 3'600'000);  // check-in at 14:00
  EXPECT_EQ(trip[2].end, kDec1 + 2 * 86'400'000 + 12 * 3'600'000);
  const auto deps = dependencies(trip);
  EXPECT_EQ(deps.at(2), 1);  // the transfer waits for the flight
  EXPECT_EQ(deps.at(3), 2);  // the hotel for the transfer
  EXPECT_EQ(deps.at(4), 3);  // the train leaves from the stay in Shanghai
  EXPECT_FALSE(deps.contains(1));
  EXPECT_EQ(minimum_connection_minutes("flight", "transfer"), 30);
  EXPECT_EQ(minimum_connection_minutes("flight", "train"), 90);
}

TEST(Itinerary, ADelayOfAnHourRetimesTheTransferAndTellsNobodyElse) {
  const auto impacts =
      by_segment(recheck(seed_trip(), 1, kDec1 + 11 * 3'600'000 + 15 * 60'000));  // 11:15
  EXPECT_EQ(impacts.at(2).status, "breaks");  // 10:50 pickup, needs 11:45
  EXPECT_EQ(impacts.at(2).slack_minutes, -55);
  EXPECT_EQ(impacts.at(3).status, "fits");  // re-timed transfer arrives 12:40, before 18:00
  EXPECT_EQ(impacts.at(4).status, "fits");
}

TEST(Itinerary, TheNextMorningsFlightLosesTheFirstNightButKeepsTheTrain) {
  const auto impacts =
      by_segment(recheck(seed_trip(), 1, kDec1 + 86'400'000 + 9 * 3'600'000));  // 12-02 09:00
  EXPECT_EQ(impacts.at(2).status, "breaks");
  EXPECT_EQ(impacts.at(3).status, "first_night_lost");
  EXPECT_EQ(impacts.at(4).status, "fits");  // the train on 12-03 still connects
  EXPECT_NE(impacts.at(3).reason_zh.find("首晚"), std::string::npos);
}

TEST(Itinerary, AnEveningArrivalNeedsTheHotelToldAndAMissedFlightLeavesAllWaiting) {
  auto impacts = by_segment(recheck(seed_trip(), 1, kDec1 + 19 * 3'600'000));  // 19:00
  EXPECT_EQ(impacts.at(3).status, "late_arrival");
  impacts = by_segment(recheck(seed_trip(), 1, std::nullopt));  // missed: no arrival yet
  EXPECT_EQ(impacts.at(2).status, "waits_for_replacement");
  EXPECT_EQ(impacts.at(3).status, "waits_for_replacement");
  EXPECT_EQ(impacts.at(4).status, "waits_for_replacement");
  // A delayed train affects only what follows it.
  EXPECT_TRUE(recheck(seed_trip(), 4, kDec1 + 3 * 86'400'000).empty());
}

}  // namespace
}  // namespace fuwu::travel
