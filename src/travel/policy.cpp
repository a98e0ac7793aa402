#include "travel/policy.hpp"

#include <algorithm>
#include <map>

namespace fuwu::travel {
namespace {

const char* cabin_zh(Cabin c) {
  switch (c) {
    case Cabin::economy:
      return "经济舱";
    case Cabin::business:
      return "公务舱";
    case Cabin::first:
      return "头等舱";
  }
  return "经济舱";
}

const char* tier_zh(CityTier t) {
  switch (t) {
    case CityTier::tier1:
      return "一线城市";
    case CityTier::new_tier1:
      return "新一线城市";
    case CityTier::tier2:
      return "二线城市";
    case CityTier::other:
      return "其他城市";
  }
  return "其他城市";
}

// "1,234.50"
std::string yuan(std::int64_t fen) {
  const bool negative = fen < 0;
  if (negative) fen = -fen;
  std::string whole = std::to_string(fen / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  const auto cents = fen % 100;
  return (negative ? "-" : "") + whole + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

std::string join(const std::vector<std::string>& items, const char* separator,
                 std::string (*name)(const std::string&) = nullptr) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + (name ? name(i) : i);
  return out;
}

// Chinese names of train seat classes and car types, for the reasons travellers read.
std::string seat_zh(const std::string& code) {
  static const std::map<std::string, std::string> names = {
      {"business", "商务座"},   {"first", "一等座"},      {"second", "二等座"},
      {"soft_sleeper", "软卧"}, {"hard_sleeper", "硬卧"}, {"hard_seat", "硬座"}};
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}
std::string car_zh(const std::string& code) {
  static const std::map<std::string, std::string> names = {
      {"economy", "经济型"}, {"comfort", "舒适型"}, {"business", "商务型"}, {"van", "商务七座"}};
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

Verdict verdict(Rule rule, bool broken, Control control, std::int64_t limit,
                std::int64_t excess = 0, std::int64_t tolerance = 0) {
  return {rule, broken, broken ? control : Control::allow, broken ? excess : 0, limit, tolerance};
}

}  // namespace

const char* control_name(Control control) {
  switch (control) {
    case Control::allow:
      return "allow";
    case Control::warn:
      return "warn";
    case Control::needs_approval:
      return "needs_approval";
    case Control::employee_pays_excess:
      return "employee_pays_excess";
    case Control::block:
      return "block";
  }
  return "allow";
}

std::optional<Control> parse_control(std::string_view name) {
  for (Control c : {Control::allow, Control::warn, Control::needs_approval,
                    Control::employee_pays_excess, Control::block})
    if (name == control_name(c)) return c;
  return std::nullopt;
}

Control stricter(Control a, Control b) {
  // The enum is declared from the least to the most strict.
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

const char* cabin_name(Cabin cabin) {
  switch (cabin) {
    case Cabin::economy:
      return "economy";
    case Cabin::business:
      return "business";
    case Cabin::first:
      return "first";
  }
  return "economy";
}

std::optional<Cabin> parse_cabin(std::string_view name) {
  for (Cabin c : {Cabin::economy, Cabin::business, Cabin::first})
    if (name == cabin_name(c)) return c;
  return std::nullopt;
}

const char* rule_name(Rule rule) {
  switch (rule) {
    case Rule::advance_booking:
      return "advance_booking";
    case Rule::flight_cabin:
      return "flight_cabin";
    case Rule::lowest_fare:
      return "lowest_fare";
    case Rule::hotel_cap:
      return "hotel_cap";
    case Rule::train_seat:
      return "train_seat";
    case Rule::car_type:
      return "car_type";
    case Rule::budget:
      return "budget";
  }
  return "advance_booking";
}

namespace {

// The outcome is the strictest control among broken rules.
void settle(Evaluation& e, std::int64_t total_fen) {
  e.outcome = Control::allow;
  e.employee_pays_fen = 0;
  for (const auto& v : e.verdicts) {
    if (!v.broken) continue;
    e.outcome = stricter(e.outcome, v.control);
    // Excesses of one offer overlap (a better cabin is also above the lowest fare): the employee
    // pays the largest, never more than the offer.
    if (v.control == Control::employee_pays_excess)
      e.employee_pays_fen = std::min(total_fen, std::max(e.employee_pays_fen, v.excess_fen));
  }
}

Cabin allowed_cabin(const RuleClass& r, const OfferFacts& o) {
  const bool long_flight = r.long_flight_minutes && o.duration_minutes >= *r.long_flight_minutes;
  return long_flight ? std::max(r.cabin_max, r.cabin_max_long) : r.cabin_max;
}

}  // namespace

Evaluation evaluate(const RuleClass& r, const OfferFacts& o) {
  Evaluation e;
  e.verdicts.reserve(3);
  if (r.advance_days > 0)
    e.verdicts.push_back(verdict(Rule::advance_booking, o.days_ahead < r.advance_days,
                                 r.advance_control, r.advance_days));
  switch (o.kind) {
    case OfferKind::flight: {
      const Cabin allowed = allowed_cabin(r, o);
      const std::int64_t excess =
          o.lowest_logical_fare_fen
              ? std::max<std::int64_t>(0, o.total_fen - *o.lowest_logical_fare_fen)
              : 0;
      e.verdicts.push_back(verdict(Rule::flight_cabin, o.cabin > allowed, r.cabin_control,
                                   static_cast<std::int64_t>(allowed), excess));
      if (o.lowest_logical_fare_fen) {
        const std::int64_t lowest = *o.lowest_logical_fare_fen;
        const std::int64_t tolerance =
            std::max(lowest * r.lowest_fare_tolerance_bp / 10'000, r.lowest_fare_tolerance_fen);
        const std::int64_t over = o.total_fen - lowest;
        e.verdicts.push_back(verdict(Rule::lowest_fare, over > tolerance, r.lowest_fare_control,
                                     lowest, std::max<std::int64_t>(0, over), tolerance));
      }
      break;
    }
    case OfferKind::hotel: {
      const std::int64_t cap = r.hotel_nightly_cap_fen[static_cast<std::size_t>(o.city_tier)];
      if (cap > 0)
        e.verdicts.push_back(verdict(Rule::hotel_cap, o.nightly_fen > cap, r.hotel_control, cap,
                                     (o.nightly_fen - cap) * std::max(1, o.nights)));
      break;
    }
    case OfferKind::train: {
      const auto& allowed = o.high_speed ? r.high_speed_seats : r.conventional_seats;
      if (!allowed.empty())
        e.verdicts.push_back(
            verdict(Rule::train_seat,
                    std::find(allowed.begin(), allowed.end(), o.seat_class) == allowed.end(),
                    r.train_control, 0));
      break;
    }
    case OfferKind::car: {
      if (!r.car_types.empty())
        e.verdicts.push_back(verdict(
            Rule::car_type,
            std::find(r.car_types.begin(), r.car_types.end(), o.car_type) == r.car_types.end(),
            r.car_control, 0));
      break;
    }
  }
  settle(e, o.total_fen);
  return e;
}

Verdict budget_verdict(std::int64_t budget_fen, std::int64_t consumed_fen, Control over_control,
                       std::int64_t amount_fen) {
  const std::int64_t left = std::max<std::int64_t>(0, budget_fen - consumed_fen);
  return verdict(Rule::budget, amount_fen > left, over_control, left,
                 std::max<std::int64_t>(0, amount_fen - left));
}

void add_verdict(Evaluation& e, const Verdict& v, std::int64_t total_fen) {
  e.verdicts.push_back(v);
  settle(e, total_fen);
}

std::string reason(const Verdict& v, const RuleClass& r, const OfferFacts& o, Language language) {
  const bool zh = language == Language::zh;
  switch (v.rule) {
    case Rule::advance_booking:
      return zh ? "需提前 " + std::to_string(v.limit) + " 天预订；本次提前 " +
                      std::to_string(o.days_ahead) + " 天"
                : "book " + std::to_string(v.limit) + " days ahead; this is " +
                      std::to_string(o.days_ahead) + " days ahead";
    case Rule::flight_cabin: {
      const auto allowed = static_cast<Cabin>(v.limit);
      std::string text =
          zh ? std::string("可乘") + cabin_zh(allowed) + "；本航班为" + cabin_zh(o.cabin)
             : std::string("the cabin allowed is ") + cabin_name(allowed) + "; this is " +
                   cabin_name(o.cabin);
      if (r.long_flight_minutes && r.cabin_max_long > r.cabin_max)
        text += zh ? "（飞行满 " + std::to_string(*r.long_flight_minutes) + " 分钟可乘" +
                         cabin_zh(r.cabin_max_long) + "，本航班 " +
                         std::to_string(o.duration_minutes) + " 分钟）"
                   : " (" + std::string(cabin_name(r.cabin_max_long)) + " from " +
                         std::to_string(*r.long_flight_minutes) +
                         " minutes of flight; this one takes " +
                         std::to_string(o.duration_minutes) + ")";
      return text;
    }
    case Rule::lowest_fare: {
      const std::int64_t over = std::max<std::int64_t>(0, o.total_fen - v.limit);
      return zh ? "前后 " + std::to_string(r.lowest_fare_window_minutes) + " 分钟内最低价 " +
                      yuan(v.limit) + " 元，可超出 " + yuan(v.tolerance) + " 元；本航班高出 " +
                      yuan(over) + " 元"
                : "the lowest fare within ±" + std::to_string(r.lowest_fare_window_minutes) +
                      " minutes is " + yuan(v.limit) + " yuan, " + yuan(v.tolerance) +
                      " yuan over it is allowed; this fare is " + yuan(over) + " yuan over";
    }
    case Rule::hotel_cap:
      return zh ? std::string(tier_zh(o.city_tier)) + "住宿标准每晚 " + yuan(v.limit) +
                      " 元；本酒店每晚 " + yuan(o.nightly_fen) + " 元"
                : std::string("the nightly cap in a ") + city_tier_name(o.city_tier) + " city is " +
                      yuan(v.limit) + " yuan; this hotel is " + yuan(o.nightly_fen) +
                      " yuan a night";
    case Rule::train_seat: {
      const auto& allowed = o.high_speed ? r.high_speed_seats : r.conventional_seats;
      return zh ? std::string(o.high_speed ? "高铁/动车" : "普速列车") + "可选席别：" +
                      join(allowed, "、", seat_zh) + "；本次为 " + seat_zh(o.seat_class)
                : std::string("seat classes allowed on ") +
                      (o.high_speed ? "high-speed" : "conventional") +
                      " trains: " + join(allowed, ", ") + "; this is " + o.seat_class;
    }
    case Rule::budget:
      if (!v.broken)
        return zh ? "在差旅预算内（本期预算剩余 " + yuan(v.limit) + " 元）"
                  : "within the travel budget (" + yuan(v.limit) + " yuan left this period)";
      return zh ? "超出差旅预算 " + yuan(v.excess_fen) + " 元（本期预算剩余 " + yuan(v.limit) +
                      " 元）"
                : "over the travel budget by " + yuan(v.excess_fen) + " yuan (" + yuan(v.limit) +
                      " yuan left this period)";
    case Rule::car_type:
      return zh ? "可用车型：" + join(r.car_types, "、", car_zh) + "；本次为 " + car_zh(o.car_type)
                : "car types allowed: " + join(r.car_types, ", ") + "; this is " + o.car_type;
  }
  return "";
}

std::optional<std::int64_t> lowest_logical_fare(const std::vector<FlightOption>& options,
                                                int requested_minute, int window_minutes) {
  std::optional<std::int64_t> lowest;
  for (const auto& o : options) {
    if (o.cabin != Cabin::economy) continue;
    if (std::abs(o.departure_minute - requested_minute) > window_minutes) continue;
    if (!lowest || o.total_fen < *lowest) lowest = o.total_fen;
  }
  return lowest;
}

}  // namespace fuwu::travel
