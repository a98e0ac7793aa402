// The shape of a trip in time and place (行程衔接): when and where each segment starts and ends,
// which segment each one depends on (the arrival that a transfer, a hotel night or an onward
// train waits for), the minimum connection between them, and — when one segment is disrupted —
// which later segments still fit, which need the hotel told of a late arrival, and which break.
// Pure: the disruption service feeds it the trip's segments and the event.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace fuwu::travel {

struct PlannedSegment {
  std::int64_t id = 0;
  std::string kind;                  // flight | hotel | train | transfer
  TimeMs start = 0;                  // departure, pickup, or the hotel's check-in (14:00 local)
  TimeMs end = 0;                    // arrival, drop-off, or check-out (12:00 local)
  std::string from_city, to_city;    // a hotel or transfer: its city for both
  std::string from_place, to_place;  // airports, stations, "hotel:…", "centre" when known
  TimeMs hold_until = 0;             // a hotel: when an unannounced guest loses the first night
};

// A supplier's local time in China, "2026-12-01T07:40:00+08:00", as an instant.
std::optional<TimeMs> parse_supplier_time(std::string_view text);

// Reads a segment's product as booked (the supplier fields stored with it).
std::optional<PlannedSegment> plan_of(std::int64_t id, const std::string& kind,
                                      const boost::json::object& product);

// Minutes needed between arriving by `from_kind` and starting `to_kind` in the same city.
int minimum_connection_minutes(const std::string& from_kind, const std::string& to_kind);

// For every segment, the one it depends on: the latest segment that brings the traveller into
// its start city before it starts (a hotel stay passes the traveller on to what follows it).
std::map<std::int64_t, std::int64_t> dependencies(const std::vector<PlannedSegment>& segments);

struct Impact {
  std::int64_t segment_id = 0;
  // fits | late_arrival (a hotel to be told) | first_night_lost | breaks | waits_for_replacement
  std::string status;
  std::optional<TimeMs> arrival;  // when the traveller now gets there, if known
  std::int64_t slack_minutes = 0;
  std::string reason_zh, reason_en;
};

// Re-checks every segment after `disrupted` once it ends at `new_end` (a delay or a schedule
// change) or not at all (cancelled or missed: nullopt). Segments are checked in order along the
// dependencies; a segment that breaks is assumed re-timed to the earliest start that fits, so
// what follows it is judged against that.
std::vector<Impact> recheck(const std::vector<PlannedSegment>& segments, std::int64_t disrupted,
                            std::optional<TimeMs> new_end);

}  // namespace fuwu::travel
