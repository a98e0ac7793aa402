#include "travel/itinerary.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/business_calendar.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

constexpr TimeMs kMinuteMs = 60'000;
constexpr TimeMs kDayMs = 86'400'000;
constexpr TimeMs kChinaOffsetMs = 8 * 60 * kMinuteMs;

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::int64_t int_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

// Midnight of a local date in China, as an instant.
TimeMs local_midnight(const Date& d) {
  return days_from_civil(d) * kDayMs - kChinaOffsetMs;
}

// "2026-12-01T07:40:00+08:00" (the suppliers' local times in China).
std::optional<TimeMs> instant_of(std::string_view at) {
  if (at.size() < 16 || at[10] != 'T' || at[13] != ':') return std::nullopt;
  const auto day = Date::parse(at.substr(0, 10));
  if (!day) return std::nullopt;
  auto digits = [&](std::size_t i) { return (at[i] - '0') * 10 + (at[i + 1] - '0'); };
  for (std::size_t i : {11u, 12u, 14u, 15u})
    if (at[i] < '0' || at[i] > '9') return std::nullopt;
  return local_midnight(*day) + (digits(11) * 60 + digits(14)) * kMinuteMs;
}

// "12-01 07:40", local.
std::string local_text(TimeMs at) {
  const TimeMs local = at + kChinaOffsetMs;
  const auto day = civil_from_days(local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs);
  const auto minute = ((local % kDayMs) + kDayMs) % kDayMs / kMinuteMs;
  auto two = [](std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  return day.to_string().substr(5) + " " + two(minute / 60) + ":" + two(minute % 60);
}

bool is_journey(const std::string& kind) {
  return kind == "flight" || kind == "train";
}

}  // namespace

std::optional<TimeMs> parse_supplier_time(std::string_view text) {
  if (text.size() > 19 && text.substr(19) != "+08:00") return std::nullopt;
  return instant_of(text);
}

std::optional<PlannedSegment> plan_of(std::int64_t id, const std::string& kind,
                                      const json::object& p) {
  PlannedSegment s;
  s.id = id;
  s.kind = kind;
  if (is_journey(kind)) {
    const auto start = instant_of(text_of(p, "departure_at"));
    const auto end = instant_of(text_of(p, "arrival_at"));
    if (!start || !end) return std::nullopt;
    s.start = *start;
    s.end = *end;
    s.from_city = text_of(p, "origin_city");
    s.to_city = text_of(p, "destination_city");
    const bool flight = kind == "flight";
    s.from_place = text_of(p, flight ? "origin_airport" : "origin_station");
    s.to_place = text_of(p, flight ? "destination_airport" : "destination_station");
  } else if (kind == "hotel") {
    const auto day = Date::parse(text_of(p, "check_in"));
    if (!day) return std::nullopt;
    const auto nights = std::max<std::int64_t>(1, int_of(p, "nights"));
    s.start = local_midnight(*day) + 14 * 60 * kMinuteMs;
    s.hold_until = local_midnight(*day) + 18 * 60 * kMinuteMs;
    s.end = local_midnight(*day) + nights * kDayMs + 12 * 60 * kMinuteMs;
    s.from_city = s.to_city = text_of(p, "city");
    s.from_place = s.to_place = "hotel:" + text_of(p, "hotel_id");
  } else if (kind == "transfer") {
    const auto start = instant_of(text_of(p, "pickup_at"));
    if (!start) return std::nullopt;
    s.start = *start;
    s.end = *start + std::max<std::int64_t>(0, int_of(p, "duration_minutes")) * kMinuteMs;
    s.from_city = s.to_city = text_of(p, "city");
    s.from_place = text_of(p, "pickup");
    s.to_place = text_of(p, "dropoff");
  } else {
    return std::nullopt;
  }
  return s;
}

int minimum_connection_minutes(const std::string& from_kind, const std::string& to_kind) {
  if (to_kind == "hotel") return 0;  // a hotel's own rule: the hold until 18:00
  if (from_kind == "flight") return to_kind == "flight" ? 60 : to_kind == "train" ? 90 : 30;
  if (from_kind == "train") return to_kind == "flight" ? 90 : to_kind == "train" ? 20 : 10;
  if (from_kind == "transfer") return to_kind == "flight" ? 60 : to_kind == "train" ? 20 : 0;
  if (from_kind == "hotel") return to_kind == "flight" ? 90 : to_kind == "train" ? 45 : 0;
  return 0;
}

std::map<std::int64_t, std::int64_t> dependencies(const std::vector<PlannedSegment>& segments) {
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& b : segments) {
    const PlannedSegment* best = nullptr;
    for (const auto& a : segments) {
      if (a.id == b.id || a.to_city != b.from_city || a.to_city.empty()) continue;
      // A hotel passes the traveller on from when they arrive; it need not have ended.
      const TimeMs ready = a.kind == "hotel" ? a.start : a.end;
      if (ready > b.start || a.start >= b.start) continue;
      if (!best || a.start > best->start) best = &a;
    }
    if (best) out[b.id] = best->id;
  }
  return out;
}

std::vector<Impact> recheck(const std::vector<PlannedSegment>& segments, std::int64_t disrupted,
                            std::optional<TimeMs> new_end) {
  const auto deps = dependencies(segments);
  std::vector<const PlannedSegment*> order;
  for (const auto& s : segments) order.push_back(&s);
  std::sort(order.begin(), order.end(),
            [](const auto* a, const auto* b) { return a->start < b->start; });
  // When the traveller is free in the city a segment leaves them in, for affected segments.
  std::map<std::int64_t, std::optional<TimeMs>> available{{disrupted, new_end}};
  std::map<std::int64_t, std::string> kinds;
  for (const auto& s : segments) kinds[s.id] = s.kind;
  std::vector<Impact> out;
  for (const auto* s : order) {
    auto dep = deps.find(s->id);
    if (s->id == disrupted || dep == deps.end() || !available.contains(dep->second)) continue;
    const auto arrival = available[dep->second];
    Impact impact;
    impact.segment_id = s->id;
    impact.arrival = arrival;
    if (!arrival) {
      impact.status = "waits_for_replacement";
      impact.reason_zh = "前序行程需要重新安排，到达时间待定";
      impact.reason_en = "the segment before it is to be replaced; the arrival is not known yet";
      available[s->id] = std::nullopt;
      out.push_back(std::move(impact));
      continue;
    }
    const int gap = minimum_connection_minutes(kinds[dep->second], s->kind);
    const TimeMs ready = *arrival + gap * kMinuteMs;
    if (s->kind == "hotel") {
      available[s->id] = arrival;  // the traveller is in the city from their arrival
      const TimeMs next_day = s->hold_until + 6 * 60 * kMinuteMs;
      impact.slack_minutes = (s->hold_until - *arrival) / kMinuteMs;
      if (*arrival <= s->hold_until) {
        impact.status = "fits";
        impact.reason_zh = "到达 " + local_text(*arrival) + "，18:00 前入住";
        impact.reason_en = "arrives " + local_text(*arrival) + ", before 18:00 on the check-in day";
      } else if (*arrival < next_day) {
        impact.status = "late_arrival";
        impact.reason_zh = "到达 " + local_text(*arrival) + "，晚于 18:00，需通知酒店保留房间";
        impact.reason_en =
            "arrives " + local_text(*arrival) + ", after 18:00: the hotel is to be told";
      } else if (*arrival < s->end) {
        impact.status = "first_night_lost";
        impact.reason_zh =
            "到达 " + local_text(*arrival) + "，首晚无法入住（按酒店规则保留或取消）";
        impact.reason_en = "arrives " + local_text(*arrival) +
                           ": the first night is lost (kept or released by the hotel's rules)";
      } else {
        impact.status = "breaks";
        impact.reason_zh = "到达时已过退房时间";
        impact.reason_en = "arrives after the check-out";
      }
    } else {
      impact.slack_minutes = (s->start - ready) / kMinuteMs;
      if (ready <= s->start) {
        impact.status = "fits";
        available[s->id] = s->end;
        impact.reason_zh = "到达 " + local_text(*arrival) + "，衔接时间充足（至少 " +
                           std::to_string(gap) + " 分钟）";
        impact.reason_en = "arrives " + local_text(*arrival) + ", in time (at least " +
                           std::to_string(gap) + " minutes needed)";
      } else {
        impact.status = "breaks";
        const bool retimed = s->kind == "transfer";
        // A transfer is re-timed to the new arrival; a missed flight or train is replaced.
        available[s->id] =
            retimed ? std::optional<TimeMs>(ready + (s->end - s->start)) : std::nullopt;
        impact.reason_zh = "到达 " + local_text(*arrival) + "，赶不上 " + local_text(s->start) +
                           " 出发（需至少 " + std::to_string(gap) + " 分钟）" +
                           (retimed ? "，需改约用车时间" : "，需重新预订");
        impact.reason_en = "arrives " + local_text(*arrival) + ", too late for " +
                           local_text(s->start) + " (" + std::to_string(gap) +
                           " minutes needed): " + (retimed ? "re-time it" : "to be rebooked");
      }
    }
    out.push_back(std::move(impact));
  }
  return out;
}

}  // namespace fuwu::travel
