#include "travel/search.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>
#include <chrono>

#include "core/business_calendar.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

constexpr std::size_t kCacheEntriesMax = 2'000;

const char* category_of(const std::string& kind) {
  return kind == "flight"     ? "airline"
         : kind == "hotel"    ? "hotel"
         : kind == "transfer" ? "car"
                              : "rail";
}
const char* path_of(const std::string& kind) {
  return kind == "flight"     ? "/flights/search"
         : kind == "hotel"    ? "/hotels/search"
         : kind == "transfer" ? "/transfers/search"
                              : "/trains/search";
}

// A city from a city code or (flights) an airport code.
const City* place(const std::string& text, bool airports) {
  if (const auto* c = find_city(text)) return c;
  return airports ? city_of_airport(text) : nullptr;
}

std::optional<int> minute_of(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (hh_mm[i] < '0' || hh_mm[i] > '9') return std::nullopt;
  const int h = (hh_mm[0] - '0') * 10 + (hh_mm[1] - '0');
  const int m = (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

// Minutes after midnight in China (UTC+8, no daylight saving) of an instant.
int minutes_after_midnight_in_shanghai(TimeMs utc_ms) {
  return static_cast<int>((utc_ms / 60'000 + 8 * 60) % (24 * 60));
}

std::int64_t int_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}
std::string text_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

int minutes_after(std::string_view at, const Date& date) {
  if (at.size() < 16) return 0;
  auto day = Date::parse(at.substr(0, 10));
  const auto minute = minute_of(at.substr(11, 5));
  if (!day || !minute) return 0;
  return static_cast<int>(days_from_civil(*day) - days_from_civil(date)) * 1440 + *minute;
}

OfferFacts offer_facts(const std::string& kind, const json::object& o,
                       const std::string& city_code) {
  OfferFacts f;
  if (kind == "flight") {
    f.kind = OfferKind::flight;
    f.cabin = parse_cabin(text_field(o, "cabin")).value_or(Cabin::economy);
    f.duration_minutes = static_cast<int>(int_field(o, "duration_minutes"));
  } else if (kind == "transfer") {
    f.kind = OfferKind::car;
    f.car_type = text_field(o, "car_type");
  } else if (kind == "train") {
    f.kind = OfferKind::train;
    f.high_speed = text_field(o, "train_type") == "high_speed";
    f.seat_class = text_field(o, "seat_class");
  } else {
    f.kind = OfferKind::hotel;
    const auto* city = find_city(city_code);
    f.city_tier = city ? city->tier : CityTier::other;
    f.nights = static_cast<int>(std::max<std::int64_t>(1, int_field(o, "nights")));
  }
  return f;
}

json::array verdicts_json(const Evaluation& e, const RuleClass& rules, const OfferFacts& facts,
                          json::storage_ptr storage) {
  json::array out(std::move(storage));
  for (const auto& v : e.verdicts)
    out.push_back({{"rule", rule_name(v.rule)},
                   {"broken", v.broken},
                   {"control", control_name(v.control)},
                   {"excess_fen", v.excess_fen},
                   {"reason_zh", reason(v, rules, facts, Language::zh)},
                   {"reason_en", reason(v, rules, facts, Language::en)}});
  return out;
}

std::vector<CallResult> SearchService::ask(const std::vector<SupplierEndpoint>& endpoints,
                                           const std::string& path, const std::string& body) {
  const TimeMs now = clock_.now_ms();
  std::vector<CallResult> results(endpoints.size());
  std::vector<SupplierEndpoint> to_ask;
  std::vector<std::size_t> slots;
  {
    std::lock_guard lock(cache_mutex_);
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      auto it = cache_.find(endpoints[i].name + "|" + path + "|" + body);
      if (it != cache_.end() && now - it->second.first < limits_.cache_ms) {
        results[i] = it->second.second;
      } else {
        to_ask.push_back(endpoints[i]);
        slots.push_back(i);
      }
    }
  }
  auto answered = client_.fan_out(to_ask, path, body);
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() > kCacheEntriesMax) cache_.clear();
  for (std::size_t j = 0; j < answered.size(); ++j) {
    if (answered[j].ok) cache_[to_ask[j].name + "|" + path + "|" + body] = {now, answered[j]};
    results[slots[j]] = std::move(answered[j]);
  }
  return results;
}

namespace {

// The JSON of a stored search with its id, time and (fresh searches) where the time went, without
// parsing the stored text again: {"id":…,"created_at":…,["elapsed_ms":{…},] <stored fields>}.
std::string stored_search_text(std::int64_t id, TimeMs created_at, const std::string& stored,
                               const std::optional<json::object>& elapsed) {
  std::string out =
      R"({"id":)" + std::to_string(id) + R"(,"created_at":)" + std::to_string(created_at) + ",";
  if (elapsed) out += R"("elapsed_ms":)" + json::serialize(*elapsed) + ",";
  out.reserve(out.size() + stored.size());
  out.append(stored, 1);  // the stored object without its opening brace
  return out;
}

}  // namespace

Result<std::string> SearchService::search(const auth::Principal& who,
                                          const SearchRequest& request) {
  // 1. The request.
  std::vector<FieldError> errors;
  const Date today = shanghai_date_of(clock_.now_ms());
  auto future_date = [&](const std::string& text, const char* field) -> std::optional<Date> {
    auto d = Date::parse(text);
    if (!d) {
      errors.push_back({field, "must be a date YYYY-MM-DD"});
      return std::nullopt;
    }
    if (*d < today) {
      errors.push_back({field, "is in the past"});
      return std::nullopt;
    }
    return *d;
  };
  json::object supplier_request;
  std::optional<Date> travel_date;
  std::optional<int> requested_minute;
  if (request.kind == "flight" || request.kind == "train") {
    const bool flights = request.kind == "flight";
    const auto* from = place(request.origin, flights);
    const auto* to = place(request.destination, flights);
    if (!from)
      errors.push_back(
          {"origin", flights ? "is not a known city or airport" : "is not a known city"});
    if (!to)
      errors.push_back(
          {"destination", flights ? "is not a known city or airport" : "is not a known city"});
    if (from && to && from->code == to->code)
      errors.push_back({"destination", "is the same city as the origin"});
    travel_date = future_date(request.date, "date");
    requested_minute = minute_of(request.preferred_time);
    if (!requested_minute) errors.push_back({"preferred_time", "must be HH:MM"});
    supplier_request = {
        {"origin", request.origin}, {"destination", request.destination}, {"date", request.date}};
  } else if (request.kind == "hotel") {
    if (!find_city(request.city)) errors.push_back({"city", "is not a known city"});
    travel_date = future_date(request.check_in, "check_in");
    auto out = Date::parse(request.check_out);
    if (!out) {
      errors.push_back({"check_out", "must be a date YYYY-MM-DD"});
    } else if (travel_date) {
      const auto nights = days_from_civil(*out) - days_from_civil(*travel_date);
      if (nights < 1) errors.push_back({"check_out", "must be after check_in"});
      if (nights > 30) errors.push_back({"check_out", "must be at most 30 nights after check_in"});
    }
    supplier_request = {
        {"city", request.city}, {"check_in", request.check_in}, {"check_out", request.check_out}};
  } else if (request.kind == "transfer") {
    const auto* city = find_city(request.city);
    if (!city) errors.push_back({"city", "is not a known city"});
    for (const auto& [field, place] :
         {std::pair{"pickup", request.pickup}, std::pair{"dropoff", request.dropoff}})
      if (city && !transfer_place(*city, place))
        errors.push_back({field,
                          "must be an airport or railway station of the city, hotel:<id> or "
                          "centre"});
    if (!request.pickup.empty() && request.pickup == request.dropoff)
      errors.push_back({"dropoff", "is the pickup place"});
    travel_date = future_date(request.date, "date");
    requested_minute = minute_of(request.preferred_time);
    if (!requested_minute)
      errors.push_back({"preferred_time", "must be HH:MM"});
    else if (travel_date && *travel_date == today &&
             *requested_minute < minutes_after_midnight_in_shanghai(clock_.now_ms()))
      errors.push_back({"preferred_time", "is in the past"});
    supplier_request = {{"city", request.city},
                        {"pickup", request.pickup},
                        {"dropoff", request.dropoff},
                        {"date", request.date},
                        {"time", request.preferred_time}};
  } else {
    errors.push_back({"kind", "must be flight, hotel, train or transfer"});
  }
  if (!errors.empty()) {
    const std::string message =
        "the search is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  FUWU_ASSIGN_OR_RETURN(auto traveller, travel_.traveller(who, request.traveller_id));
  FUWU_ASSIGN_OR_RETURN(auto rules,
                        travel_.rule_class_of(traveller.organization_id, traveller.user_id));

  // 2. Every active supplier of the kind, at once.
  FUWU_ASSIGN_OR_RETURN(auto suppliers,
                        registry_.list_suppliers(std::string(category_of(request.kind)), 0, 200));
  std::vector<SupplierEndpoint> endpoints;
  std::map<std::string, const registry::SupplierProfile*> by_name;
  for (const auto& s : suppliers) {
    if (s.status != "active" || s.api_endpoint.empty()) continue;
    SupplierEndpoint e;
    e.name = std::to_string(s.organization_id);
    e.base_url = s.api_endpoint;
    e.soft_deadline_ms = s.limits.soft_deadline_ms;
    e.hard_deadline_ms = s.limits.hard_deadline_ms;
    e.requests_per_second = static_cast<int>(s.limits.requests_per_second);
    endpoints.push_back(std::move(e));
    by_name[endpoints.back().name] = &s;
  }
  const std::string body = json::serialize(supplier_request);
  const auto started = std::chrono::steady_clock::now();
  auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t)
        .count();
  };
  const auto answers = ask(endpoints, path_of(request.kind), body);
  const std::int64_t suppliers_ms = ms_since(started);
  const auto compared = std::chrono::steady_clock::now();

  // 3. Parse what came back; a supplier whose answer is unusable is missing, with the reason.
  // Everything built from here lives in one arena, freed at once when the search is written.
  json::monotonic_resource arena(64 * 1024);
  const json::storage_ptr storage(&arena);
  std::vector<json::value> parsed_answers;
  parsed_answers.reserve(answers.size());
  std::vector<SupplierOffer> offers;
  std::vector<const json::object*> raw;
  json::array missing(storage);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const auto& a = answers[i];
    const auto* profile = by_name[a.supplier];
    auto miss = [&](const std::string& reason) {
      missing.push_back({{"supplier_id", profile->organization_id},
                         {"supplier_name", profile->name},
                         {"reason", reason},
                         {"elapsed_ms", a.elapsed_ms}});
    };
    if (!a.ok) {
      miss(a.failure);
      continue;
    }
    boost::system::error_code ec;
    const auto& parsed = parsed_answers.emplace_back(json::parse(a.body, ec, storage));
    const json::array* list = nullptr;
    if (!ec && parsed.is_object())
      if (const auto* o = parsed.as_object().if_contains("offers"); o && o->is_array())
        list = &o->as_array();
    if (!list) {
      miss("malformed");
      continue;
    }
    for (const auto& item : *list) {
      if (!item.is_object()) continue;
      const auto& o = item.as_object();
      SupplierOffer offer;
      offer.supplier = a.supplier;
      offer.offer_key = text_field(o, "offer_key");
      offer.quote_id = text_field(o, "quote_id");
      offer.price_fen = int_field(o, "price_fen");
      offer.fee_fen = int_field(o, "fee_fen");
      offer.total_fen = int_field(o, "total_fen");
      if (offer.offer_key.empty() || offer.quote_id.empty() || offer.total_fen <= 0) continue;
      offer.facts = offer_facts(request.kind, o, request.city);
      offer.departure_minute = minutes_after(text_field(o, "departure_at"), *travel_date);
      offers.push_back(std::move(offer));
      raw.push_back(&o);
    }
  }

  // 4. Compare, then keep what was on offer.
  SearchContext context;
  context.days_ahead = days_from_civil(*travel_date) - days_from_civil(today);
  if (request.kind == "flight") context.requested_minute = requested_minute;
  const auto comparison = compare(offers, rules, context);
  json::array merged(storage);
  merged.reserve(comparison.offers.size());
  for (std::size_t i = 0; i < comparison.offers.size(); ++i) {
    const auto& m = comparison.offers[i];
    json::object product(*raw[m.source], storage);
    for (const char* k : {"quote_id", "price_fen", "fee_fen", "total_fen"}) product.erase(k);
    json::array prices(storage);
    for (const auto& p : m.prices)
      prices.push_back({{"supplier_id", std::stoll(p.supplier)},
                        {"supplier_name", by_name[p.supplier]->name},
                        {"quote_id", p.quote_id},
                        {"price_fen", p.price_fen},
                        {"fee_fen", p.fee_fen},
                        {"total_fen", p.total_fen}});
    OfferFacts facts = offers[m.source].facts;
    facts.total_fen = m.prices.front().total_fen;
    facts.days_ahead = context.days_ahead;
    facts.lowest_logical_fare_fen = comparison.lowest_logical_fare_fen;
    if (facts.kind == OfferKind::hotel)
      facts.nightly_fen = facts.total_fen / std::max(1, facts.nights);
    json::array verdicts = verdicts_json(m.evaluation, rules, facts, storage);
    product["prices"] = std::move(prices);
    product["outcome"] = control_name(m.evaluation.outcome);
    product["compliant"] = m.evaluation.compliant();
    product["employee_pays_fen"] = m.evaluation.employee_pays_fen;
    product["verdicts"] = std::move(verdicts);
    product["cheapest_compliant"] = m.cheapest_compliant;
    product["lowest_logical"] = m.lowest_logical;
    merged.push_back(std::move(product));
  }
  json::object result(
      {{"kind", request.kind},
       {"traveller_id", traveller.user_id},
       {"traveller_name", traveller.name},
       {"request", supplier_request},
       {"rule_class", rules.name},
       {"suppliers_asked", static_cast<std::int64_t>(endpoints.size())},
       {"missing_suppliers", std::move(missing)},
       {"lowest_logical_fare_fen", comparison.lowest_logical_fare_fen
                                       ? json::value(*comparison.lowest_logical_fare_fen)
                                       : json::value(nullptr)},
       {"offers", std::move(merged)}},
      storage);
  // The request as the traveller asked it (a transfer's pickup time is its preferred time).
  if (request.kind == "flight" || request.kind == "transfer") {
    auto& asked = result["request"].as_object();
    asked.erase("time");
    asked["preferred_time"] = request.preferred_time;
  }
  const std::string stored = json::serialize(result);
  const std::int64_t compare_ms = ms_since(compared);
  const auto storing = std::chrono::steady_clock::now();
  const TimeMs now = clock_.now_ms();
  FUWU_ASSIGN_OR_RETURN(
      auto id, journal_.append({traveller.organization_id, traveller.user_id, who.user_id,
                                request.kind, json::serialize(result["request"]), stored, now}));
  // Where the time went, for the traveller's patience and the operator's eye.
  const std::int64_t store_ms = ms_since(storing);
  if (suppliers_ms + compare_ms + store_ms > 2'000)
    spdlog::warn("search {} took {} ms: suppliers {} ms, compare {} ms, store {} ms", id,
                 suppliers_ms + compare_ms + store_ms, suppliers_ms, compare_ms, store_ms);
  return stored_search_text(
      id, now, stored,
      json::object{{"suppliers", suppliers_ms}, {"compare", compare_ms}, {"store", store_ms}});
}

Result<std::string> SearchService::get(const auth::Principal& who, std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<std::string> {
    FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT organization_id, user_id, result_json, "
                                              "created_at, created_by FROM travel_searches "
                                              "WHERE id = $1",
                                              {id}));
    const bool visible = !rows.empty() && who.can_see_organization(rows[0].integer(0)) &&
                         (who.is_platform() || rows[0].integer(1) == who.user_id ||
                          rows[0].optional_integer(4) == who.user_id ||
                          who.roles.contains(auth::Role::client_admin));
    if (!visible) return Status(ErrorCode::not_found, "no such search");
    const std::string& stored = rows[0].text(2);
    if (!stored.starts_with('{')) return Status(ErrorCode::internal, "a stored search is not JSON");
    return stored_search_text(id, rows[0].integer(3), stored, std::nullopt);
  });
}

}  // namespace fuwu::travel
