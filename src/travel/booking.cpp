#include "travel/booking.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "travel/analytics.hpp"
#include "travel/budgets.hpp"
#include "travel/cancellation.hpp"
#include "travel/disruptions.hpp"
#include "travel/scorecards.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

std::int64_t int_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}
std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Status budget_exceeded() {
  return Status(ErrorCode::conflict, "the travel budget does not cover this booking")
      .with_problem_code("budget_exceeded");
}

Status supplier_unavailable(const CallResult& r) {
  return Status(ErrorCode::unavailable, "the supplier did not answer usably (" +
                                            (r.failure.empty() ? "malformed" : r.failure) +
                                            "); try again or choose another supplier")
      .with_problem_code("supplier_unavailable");
}

constexpr const char* kSegmentColumns =
    "s.id, s.kind, s.search_id, s.offer_key, s.supplier_id, o.name, s.supplier_booking_id, "
    "s.product_json, s.price_fen, s.fee_fen, s.total_fen, s.employee_pays_fen, "
    "s.company_pays_fen, s.lowest_logical_fare_fen, s.missed_saving_fen, s.outcome, "
    "s.verdicts_json, s.reason_code, s.booked_at, s.trip_id, s.provider_id, po.name, "
    "s.booked_by, c.refund_fen, c.employee_refund_fen, c.fee_fen, c.cancelled_at, c.reason, "
    "c.cancelled_by, bu.name, cu.name, s.project_code, s.travel_request_id";
constexpr int kSegmentColumnCount = 33;
constexpr const char* kSegmentFrom =
    " FROM trip_segments s JOIN organizations o ON o.id = s.supplier_id LEFT JOIN organizations "
    "po ON po.id = s.provider_id LEFT JOIN trip_segment_cancellations c ON c.segment_id = s.id "
    "LEFT JOIN users bu ON bu.id = s.booked_by LEFT JOIN users cu ON cu.id = c.cancelled_by";

json::value optional_json(std::optional<std::int64_t> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// What a segment costs each party now: as booked, or after its cancellation only the fee, shared
// in proportion to what each paid.
struct SegmentMoney {
  std::int64_t total_fen = 0;
  std::int64_t employee_pays_fen = 0;
};
SegmentMoney money_of(const store::Row& row) {
  if (!row.optional_integer(23)) return {row.integer(10), row.integer(11)};
  return {row.integer(10) - row.integer(23), row.integer(11) - row.integer(24)};
}

json::object segment_from_row(const store::Row& row) {
  auto parse = [](const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    return ec ? json::value(nullptr) : v;
  };
  const bool cancelled = row.optional_integer(23).has_value();
  json::object segment{
      {"id", row.integer(0)},
      {"kind", row.text(1)},
      {"search_id", row.integer(2)},
      {"offer_key", row.text(3)},
      {"supplier_id", row.integer(4)},
      {"supplier_name", row.text(5)},
      {"supplier_booking_id", row.text(6)},
      {"product", parse(row.text(7))},
      {"price_fen", row.integer(8)},
      {"fee_fen", row.integer(9)},
      {"total_fen", row.integer(10)},
      {"employee_pays_fen", row.integer(11)},
      {"company_pays_fen", row.integer(12)},
      {"lowest_logical_fare_fen", optional_json(row.optional_integer(13))},
      {"missed_saving_fen", row.integer(14)},
      {"outcome", row.text(15)},
      {"verdicts", parse(row.text(16))},
      {"reason_code", row.text(17)},
      {"booked_at", row.integer(18)},
      {"trip_id", row.integer(19)},
      {"provider_id", optional_json(row.optional_integer(20))},
      {"provider_name",
       row.optional_text(21) ? json::value(*row.optional_text(21)) : json::value(nullptr)},
      {"booked_by", optional_json(row.optional_integer(22))},
      {"booked_by_name",
       row.optional_text(29) ? json::value(*row.optional_text(29)) : json::value(nullptr)},
      {"project_code", row.text(31)},
      {"travel_request_id", optional_json(row.optional_integer(32))},
      {"status", cancelled ? "cancelled" : "booked"},
      {"cancellation", nullptr}};
  if (cancelled)
    segment["cancellation"] =
        json::object{{"refund_fen", row.integer(23)},    {"employee_refund_fen", row.integer(24)},
                     {"fee_fen", row.integer(25)},       {"cancelled_at", row.integer(26)},
                     {"reason", row.text(27)},           {"cancelled_by", row.integer(28)},
                     {"cancelled_by_name", row.text(30)}};
  return segment;
}

// What the search offered, for realized savings: the median of the best prices of the offers the
// traveller could book (blocked ones left out) and the lowest compliant one.
struct OfferFigures {
  std::optional<std::int64_t> median_fen;
  std::optional<std::int64_t> lowest_compliant_fen;
};
OfferFigures offer_figures(const json::object& search) {
  std::vector<std::int64_t> best;
  OfferFigures f;
  for (const auto& o : search.at("offers").as_array()) {
    const auto& prices = o.as_object().at("prices").as_array();
    if (prices.empty()) continue;
    const std::int64_t price = int_of(prices[0].as_object(), "total_fen");
    if (text_of(o.as_object(), "outcome") == "block") continue;
    best.push_back(price);
    const auto* compliant = o.as_object().if_contains("compliant");
    if (compliant && compliant->is_bool() && compliant->as_bool())
      f.lowest_compliant_fen = std::min(f.lowest_compliant_fen.value_or(price), price);
  }
  if (!best.empty()) {
    std::nth_element(best.begin(), best.begin() + best.size() / 2, best.end());
    f.median_fen = best[best.size() / 2];
  }
  return f;
}

// When the traveller starts using a segment: a departure or pickup, or 18:00 of a hotel's
// check-in day (when hotels release unpaid rooms). China keeps UTC+8 all year.
std::optional<TimeMs> segment_starts_at(const std::string& kind, const json::object& product) {
  if (kind == "hotel") {
    const auto day = Date::parse(text_of(product, "check_in"));
    if (!day) return std::nullopt;
    return (days_from_civil(*day) * 1440 + 18 * 60 - 8 * 60) * 60'000;
  }
  const std::string at = text_of(product, kind == "transfer" ? "pickup_at" : "departure_at");
  const auto day = Date::parse(std::string_view(at).substr(0, 10));
  if (!day) return std::nullopt;
  return (days_from_civil(*day) * 1440 + minutes_after(at, *day) - 8 * 60) * 60'000;
}

Result<json::object> load_trip(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(
      auto trips, tx.query("SELECT t.id, t.organization_id, t.traveller_id, u.name, t.purpose, "
                           "t.created_at, t.created_by, b.name FROM trips t JOIN users u ON u.id "
                           "= t.traveller_id LEFT JOIN users b ON b.id = t.created_by WHERE t.id "
                           "= $1",
                           {id}));
  if (trips.empty()) return Status(ErrorCode::not_found, "no such trip");
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query(std::string("SELECT ") + kSegmentColumns + kSegmentFrom +
                                     " WHERE s.trip_id = $1 ORDER BY s.id",
                                 {id}));
  json::array segments;
  std::int64_t total = 0, employee = 0;
  for (const auto& row : rows) {
    segments.push_back(segment_from_row(row));
    const auto money = money_of(row);
    total += money.total_fen;
    employee += money.employee_pays_fen;
  }
  FUWU_ASSIGN_OR_RETURN(auto timeline, trip_timeline(tx, id));
  const auto& t = trips[0];
  return json::object{{"id", t.integer(0)},
                      {"organization_id", t.integer(1)},
                      {"traveller_id", t.integer(2)},
                      {"traveller_name", t.text(3)},
                      {"purpose", t.text(4)},
                      {"created_at", t.integer(5)},
                      {"created_by", optional_json(t.optional_integer(6))},
                      {"created_by_name", t.optional_text(7) ? json::value(*t.optional_text(7))
                                                             : json::value(nullptr)},
                      {"total_fen", total},
                      {"employee_pays_fen", employee},
                      {"company_pays_fen", total - employee},
                      {"segments", std::move(segments)},
                      {"timeline", std::move(timeline)}};
}

}  // namespace

SupplierEndpoint booking_endpoint(const registry::SupplierProfile& supplier) {
  SupplierEndpoint endpoint;
  endpoint.name = std::to_string(supplier.organization_id);
  endpoint.base_url = supplier.api_endpoint;
  endpoint.soft_deadline_ms = 3'000;
  endpoint.hard_deadline_ms = 8'000;
  endpoint.requests_per_second = static_cast<int>(supplier.limits.requests_per_second);
  return endpoint;
}

const std::vector<std::string>& reason_codes() {
  static const std::vector<std::string> codes = {"schedule",     // 航班/车次时刻更合适
                                                 "flexibility",  // 需要可改签退票的产品
                                                 "travelling_with",   // 与同行人员同行
                                                 "customer_request",  // 客户指定或要求
                                                 "venue_nearby",      // 靠近会议或客户地点
                                                 "no_alternative",  // 合规选项已售罄或不可用
                                                 "other"};
  return codes;
}

Result<json::object> BookingService::book(const auth::Principal& who, const audit::Actor& actor,
                                          const BookingRequest& request) {
  if (who.organization_kind != auth::OrganizationKind::client)
    return Status(ErrorCode::forbidden, "travellers are employees of a client company");
  if (!request.reason_code.empty() && std::find(reason_codes().begin(), reason_codes().end(),
                                                request.reason_code) == reason_codes().end())
    return Status(ErrorCode::invalid_argument, "unknown reason code",
                  {{"reason_code", "must be one of the reason codes"}});
  // 1. What was on offer: a search the booker made (for themself or, as travel manager, for an
  // employee), the product and this supplier's quote.
  FUWU_ASSIGN_OR_RETURN(auto stored, store::with_read_transaction(db_, [&](store::Transaction& tx) {
                          return tx.query(
                              "SELECT organization_id, user_id, kind, result_json, request_json, "
                              "COALESCE(created_by, user_id) FROM travel_searches WHERE id = $1",
                              {request.search_id});
                        }));
  if (stored.empty() || stored[0].integer(0) != who.organization_id ||
      stored[0].integer(5) != who.user_id)
    return Status(ErrorCode::invalid_argument, "no such search of yours",
                  {{"search_id", "is not a search of yours"}});
  FUWU_ASSIGN_OR_RETURN(auto traveller, travel_.traveller(who, stored[0].integer(1)));
  const std::string kind = stored[0].text(2);
  boost::system::error_code ec;
  auto result = json::parse(stored[0].text(3), ec);
  auto search_request = json::parse(stored[0].text(4), ec);
  if (ec || !result.is_object() || !search_request.is_object())
    return Status(ErrorCode::internal, "a stored search is not JSON");
  const json::object* product = nullptr;
  for (const auto& o : result.as_object().at("offers").as_array())
    if (text_of(o.as_object(), "offer_key") == request.offer_key) product = &o.as_object();
  if (!product)
    return Status(ErrorCode::invalid_argument, "the search did not offer this product",
                  {{"offer_key", "is not an offer of this search"}});
  const json::object* price = nullptr;
  for (const auto& p : product->at("prices").as_array())
    if (int_of(p.as_object(), "supplier_id") == request.supplier_id) price = &p.as_object();
  if (!price)
    return Status(ErrorCode::invalid_argument, "this supplier did not offer this product",
                  {{"supplier_id", "did not offer this product in the search"}});
  if (request.trip_id) {
    FUWU_ASSIGN_OR_RETURN(auto trip, store::with_read_transaction(db_, [&](store::Transaction& tx) {
                            return tx.query(
                                "SELECT organization_id, traveller_id FROM trips WHERE "
                                "id = $1",
                                {*request.trip_id});
                          }));
    if (trip.empty() || trip[0].integer(0) != traveller.organization_id ||
        trip[0].integer(1) != traveller.user_id)
      return Status(ErrorCode::invalid_argument, "no such trip of the traveller",
                    {{"trip_id", "is not a trip of the traveller"}});
  }
  FUWU_TRY(store::with_read_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(
        auto serving, travel_.serving_provider(tx, traveller.organization_id, request.provider_id));
    if (!serving) return Status::ok();
    return require_standing(tx, traveller.organization_id, *serving, clock_.now_ms());
  }));
  FUWU_ASSIGN_OR_RETURN(auto supplier, registry_.get_supplier(request.supplier_id));
  if (supplier.status != "active")
    return Status(ErrorCode::conflict, "the supplier is suspended")
        .with_problem_code("supplier_suspended");
  const SupplierEndpoint endpoint = booking_endpoint(supplier);

  // 2. The price now.
  std::string quote_id = text_of(*price, "quote_id");
  std::int64_t total = int_of(*price, "total_fen");
  const auto confirmed = client_.call(endpoint, "/quotes/confirm",
                                      json::serialize(json::object{{"quote_id", quote_id}}));
  if (!confirmed.ok) return supplier_unavailable(confirmed);
  auto answer = json::parse(confirmed.body, ec);
  if (ec || !answer.is_object()) return supplier_unavailable(confirmed);
  const auto status = text_of(answer.as_object(), "status");
  if (status == "sold_out")
    return Status(ErrorCode::conflict, "the supplier has sold out this offer; choose another")
        .with_problem_code("sold_out");
  if (status == "price_changed") {
    const std::int64_t now_total = int_of(answer.as_object(), "total_fen");
    if (request.accept_total_fen != now_total) {
      const std::string message = "the price changed from " + std::to_string(total) + " to " +
                                  std::to_string(now_total) +
                                  " fen; book again with accept_total_fen to take it";
      return Status(
                 ErrorCode::conflict, message,
                 {{"accept_total_fen", "the price is now " + std::to_string(now_total) + " fen"}})
          .with_problem_code("price_changed");
    }
    quote_id = text_of(answer.as_object(), "quote_id");
    total = now_total;
  } else if (status != "available") {
    return supplier_unavailable(confirmed);
  }

  // 3. The policy on what will be paid.
  FUWU_ASSIGN_OR_RETURN(auto rules,
                        travel_.rule_class_of(traveller.organization_id, traveller.user_id));
  const auto& req = search_request.as_object();
  const std::string date_text = kind == "hotel" ? text_of(req, "check_in") : text_of(req, "date");
  const auto parsed_date = Date::parse(date_text);
  const Date travel_date = parsed_date ? *parsed_date : Date{};
  const Date today = shanghai_date_of(clock_.now_ms());
  if (travel_date < today)
    return Status(ErrorCode::conflict, "the search is for a date that has passed")
        .with_problem_code("search_expired");
  OfferFacts facts = offer_facts(kind, *product, text_of(req, "city"));
  facts.total_fen = total;
  facts.days_ahead = days_from_civil(travel_date) - days_from_civil(today);
  if (kind == "hotel") facts.nightly_fen = total / std::max(1, facts.nights);
  const auto* lowest = result.as_object().if_contains("lowest_logical_fare_fen");
  if (kind == "flight" && lowest && lowest->is_int64())
    facts.lowest_logical_fare_fen = lowest->as_int64();
  auto evaluation = evaluate(rules, facts);
  if (evaluation.outcome == Control::block)
    return Status(ErrorCode::conflict, "the travel policy blocks this offer")
        .with_problem_code("policy_blocked");
  // The budgets of the traveller's department and of the project take the company's share.
  FUWU_ASSIGN_OR_RETURN(auto profile,
                        travel_.profile_of(traveller.organization_id, traveller.user_id));
  const std::int64_t company_share = total - evaluation.employee_pays_fen;
  FUWU_ASSIGN_OR_RETURN(
      auto budgets, store::with_read_transaction(db_, [&](store::Transaction& tx) {
        return covering_budgets(tx, traveller.organization_id, profile.department_id,
                                request.project_code, clock_.now_ms());
      }));
  for (const auto& v : budget_verdicts(budgets, company_share)) add_verdict(evaluation, v, total);
  if (evaluation.outcome == Control::block) return budget_exceeded();
  // Pre-trip approval: the company's rules may ask for an approved travel request.
  FUWU_ASSIGN_OR_RETURN(auto policy, travel_.policy(who, traveller.organization_id));
  if (needs_approval(policy.approval, evaluation.outcome) && !request.travel_request_id)
    return Status(
               ErrorCode::conflict,
               "this booking needs an approved travel request (出差申请); give travel_request_id")
        .with_problem_code("approval_required");
  if (request.travel_request_id)
    FUWU_TRY(requests_.require_approved(traveller.organization_id, traveller.user_id,
                                        *request.travel_request_id));
  if (!evaluation.compliant() && request.reason_code.empty())
    return Status(ErrorCode::invalid_argument,
                  "this offer breaks the travel policy; choose a reason code",
                  {{"reason_code", "is required for an offer outside the policy"}});

  // 4. Book with the supplier; the reference makes a retry of this request harmless.
  const std::string reference = "fuwu-" + crypto::random_hex(12);
  const auto booked =
      client_.call(endpoint, "/bookings",
                   json::serialize(json::object{{"quote_id", quote_id},
                                                {"expected_total_fen", total},
                                                {"client_reference", reference},
                                                {"traveller_name", traveller.name}}));
  auto booking = json::parse(booked.body, ec);
  if (booked.status == 409 && !ec && booking.is_object()) {
    const auto code = text_of(booking.as_object(), "code");
    if (code == "sold_out" || code == "price_changed")
      return Status(ErrorCode::conflict, "the supplier refused the booking: " + code)
          .with_problem_code(code);
  }
  if (!booked.ok || ec || !booking.is_object() ||
      text_of(booking.as_object(), "booking_id").empty())
    return supplier_unavailable(booked);
  const std::string supplier_booking = text_of(booking.as_object(), "booking_id");

  // 5. The record, in one transaction with its audit entry.
  const std::int64_t employee_pays = evaluation.employee_pays_fen;
  const std::int64_t missed =
      facts.lowest_logical_fare_fen
          ? std::max<std::int64_t>(0, total - *facts.lowest_logical_fare_fen)
          : 0;
  const json::array verdicts = verdicts_json(evaluation, rules, facts);
  const OfferFigures figures = offer_figures(result.as_object());
  // The lowest any supplier offered for this product in the search (prices come cheapest first).
  const std::int64_t market_lowest =
      int_of(product->at("prices").as_array()[0].as_object(), "total_fen");
  std::string broken_rules;
  for (const auto& v : evaluation.verdicts)
    if (v.broken)
      broken_rules += (broken_rules.empty() ? "" : ",") + std::string(rule_name(v.rule));
  const bool journey = kind == "flight" || kind == "train";
  const std::string route =
      journey ? text_of(*product, "origin_city") + "-" + text_of(*product, "destination_city") : "";
  const std::string city =
      journey ? text_of(*product, "destination_city") : text_of(*product, "city");
  json::object stored_product = *product;
  stored_product.erase("prices");
  stored_product.erase("verdicts");
  const TimeMs now = clock_.now_ms();
  auto recorded =
      store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
        std::int64_t trip_id = 0;
        if (request.trip_id) {
          FUWU_ASSIGN_OR_RETURN(auto trip,
                                tx.query("SELECT organization_id, traveller_id FROM trips "
                                         "WHERE id = $1",
                                         {*request.trip_id}));
          if (trip.empty() || trip[0].integer(0) != traveller.organization_id ||
              trip[0].integer(1) != traveller.user_id)
            return Status(ErrorCode::invalid_argument, "no such trip of the traveller",
                          {{"trip_id", "is not a trip of the traveller"}});
          trip_id = *request.trip_id;
        } else {
          FUWU_ASSIGN_OR_RETURN(
              auto rows,
              tx.query("INSERT INTO trips (organization_id, traveller_id, purpose, "
                       "created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                       {traveller.organization_id, traveller.user_id, request.purpose, who.user_id,
                        now}));
          trip_id = rows[0].integer(0);
        }
        FUWU_ASSIGN_OR_RETURN(auto provider, travel_.serving_provider(tx, traveller.organization_id,
                                                                      request.provider_id));
        FUWU_ASSIGN_OR_RETURN(
            auto rows,
            tx.query(
                "INSERT INTO trip_segments (trip_id, kind, search_id, offer_key, supplier_id, "
                "supplier_booking_id, product_json, price_fen, fee_fen, total_fen, "
                "employee_pays_fen, company_pays_fen, lowest_logical_fare_fen, "
                "missed_saving_fen, outcome, verdicts_json, reason_code, booked_at, provider_id, "
                "booked_by, department_id, cost_centre, days_ahead, route, city, "
                "median_offer_fen, lowest_compliant_fen, broken_rules, project_code, "
                "travel_request_id, market_lowest_fen, confirm_ms) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
                "$23, $24, $25, $26, $27, $28, $29, $30, $31, $32) RETURNING id",
                {trip_id,
                 kind,
                 request.search_id,
                 request.offer_key,
                 request.supplier_id,
                 supplier_booking,
                 json::serialize(stored_product),
                 total - int_of(*price, "fee_fen"),
                 int_of(*price, "fee_fen"),
                 total,
                 employee_pays,
                 total - employee_pays,
                 store::optional_value(facts.lowest_logical_fare_fen),
                 missed,
                 std::string(control_name(evaluation.outcome)),
                 json::serialize(verdicts),
                 request.reason_code,
                 now,
                 store::optional_value(provider),
                 who.user_id,
                 store::optional_value(profile.department_id),
                 profile.cost_centre,
                 facts.days_ahead,
                 route,
                 city,
                 store::optional_value(figures.median_fen),
                 store::optional_value(figures.lowest_compliant_fen),
                 broken_rules,
                 request.project_code,
                 store::optional_value(request.travel_request_id),
                 market_lowest,
                 booked.elapsed_ms}));
        const auto segment_id = rows[0].integer(0);
        FUWU_ASSIGN_OR_RETURN(auto fact, spend_fact_of(tx, segment_id));
        FUWU_TRY(record_booking(tx, fact));
        // The budgets again, under the company's budget lock: another booking may have taken
        // what was left since the check above.
        FUWU_TRY(lock_budgets(tx, traveller.organization_id));
        FUWU_ASSIGN_OR_RETURN(auto now_budgets,
                              covering_budgets(tx, traveller.organization_id, profile.department_id,
                                               request.project_code, now));
        // What was judged must still hold: a budget another booking has since used up would
        // change the verdicts recorded (and perhaps the reason code they need).
        const auto checked = budget_verdicts(budgets, company_share);
        const auto fresh = budget_verdicts(now_budgets, total - employee_pays);
        if (fresh.size() != checked.size()) return budget_exceeded();
        for (std::size_t i = 0; i < fresh.size(); ++i)
          if (fresh[i].broken != checked[i].broken) return budget_exceeded();
        FUWU_TRY(charge_budgets(tx, now_budgets, segment_id, total - employee_pays, now));
        FUWU_TRY(audit_.append(
            tx, actor,
            {"travel.segment.book", "trip_segment", std::to_string(segment_id),
             traveller.organization_id, std::nullopt,
             json::serialize(json::object{
                 {"trip_id", trip_id},
                 {"traveller_id", traveller.user_id},
                 {"booked_by", who.user_id},
                 {"provider_id", optional_json(provider)},
                 {"offer_key", request.offer_key},
                 {"supplier_id", request.supplier_id},
                 {"supplier_booking_id", supplier_booking},
                 {"total_fen", total},
                 {"employee_pays_fen", employee_pays},
                 {"lowest_logical_fare_fen", facts.lowest_logical_fare_fen
                                                 ? json::value(*facts.lowest_logical_fare_fen)
                                                 : json::value(nullptr)},
                 {"missed_saving_fen", missed},
                 {"outcome", control_name(evaluation.outcome)},
                 {"verdicts", verdicts},
                 {"reason_code", request.reason_code}})}));
        return load_trip(tx, trip_id);
      });
  // Nothing was recorded (a bad trip id, the database): the supplier's booking must not outlive
  // it, so it is cancelled at once. If even that fails, the log names it for the desk.
  if (!recorded.is_ok()) {
    const auto cancelled =
        client_.call(endpoint, "/bookings/" + supplier_booking + "/cancel", "{}");
    if (!cancelled.ok)
      spdlog::error(
          "supplier {} booking {} was made but not recorded and could not be cancelled: {}",
          supplier.organization_id, supplier_booking, cancelled.failure);
  }
  return recorded;
}

Result<json::object> BookingService::cancel(const auth::Principal& who, const audit::Actor& actor,
                                            std::int64_t trip_id, std::int64_t segment_id,
                                            const std::string& reason, bool missed_departure) {
  // 1. The segment, if the caller may cancel it.
  FUWU_TRY(trip(who, trip_id).status());
  FUWU_ASSIGN_OR_RETURN(auto found, store::with_read_transaction(db_, [&](store::Transaction& tx) {
                          return tx.query(std::string("SELECT ") + kSegmentColumns + kSegmentFrom +
                                              " WHERE s.id = $1 AND s.trip_id = $2",
                                          {segment_id, trip_id});
                        }));
  if (found.empty()) return Status(ErrorCode::not_found, "no such segment in this trip");
  const auto& row = found[0];
  if (row.optional_integer(23))
    return Status(ErrorCode::conflict, "the segment is already cancelled")
        .with_problem_code("already_cancelled");
  const std::string kind = row.text(1);
  boost::system::error_code ec;
  const auto product = json::parse(row.text(7), ec);
  const auto starts =
      ec || !product.is_object() ? std::nullopt : segment_starts_at(kind, product.as_object());
  if (starts && clock_.now_ms() >= *starts && !missed_departure)
    return Status(ErrorCode::conflict,
                  "the segment has started; a change after departure goes through the "
                  "travel provider")
        .with_problem_code("segment_started");

  // 2. The supplier cancels and says what it refunds.
  FUWU_ASSIGN_OR_RETURN(auto supplier, registry_.get_supplier(row.integer(4)));
  const auto answer =
      client_.call(booking_endpoint(supplier), "/bookings/" + row.text(6) + "/cancel", "{}");
  auto parsed = json::parse(answer.body, ec);
  if (!answer.ok || ec || !parsed.is_object() ||
      text_of(parsed.as_object(), "status") != "cancelled")
    return supplier_unavailable(answer);
  const std::int64_t refund = int_of(parsed.as_object(), "refund_fen");

  // 3. The record beside the segment, with its audit entry.
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    FUWU_TRY(record_segment_cancellation(tx, audit_, actor,
                                         {segment_id, who.organization_id, who.user_id, reason,
                                          refund, "travel.segment.cancel"},
                                         now)
                 .status());
    return load_trip(tx, trip_id);
  });
}

Result<json::object> BookingService::trip(const auth::Principal& who, std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    FUWU_ASSIGN_OR_RETURN(auto trip, load_trip(tx, id));
    const auto org = trip.at("organization_id").as_int64();
    const bool visible = who.can_see_organization(org) &&
                         (who.is_platform() || who.roles.contains(auth::Role::client_admin) ||
                          trip.at("traveller_id").as_int64() == who.user_id ||
                          trip.at("created_by") == json::value(who.user_id));
    if (!visible) return Status(ErrorCode::not_found, "no such trip");
    return trip;
  });
}

Result<json::array> BookingService::trips(const auth::Principal& who,
                                          std::optional<std::int64_t> traveller_id,
                                          std::int64_t limit) {
  if (who.organization_kind != auth::OrganizationKind::client)
    return Status(ErrorCode::forbidden, "trips belong to a client company's travellers");
  const bool manager = who.roles.contains(auth::Role::client_admin);
  if (!manager) traveller_id = who.user_id;  // travellers see their own
  std::string sql =
      "SELECT t.id, t.traveller_id, u.name, t.purpose, t.created_at, COUNT(s.id), "
      "COALESCE(SUM(s.total_fen - COALESCE(c.refund_fen, 0)), 0), "
      "COALESCE(SUM(s.employee_pays_fen - COALESCE(c.employee_refund_fen, 0)), 0), "
      "COUNT(c.segment_id) FROM trips t JOIN users u ON u.id = t.traveller_id LEFT JOIN "
      "trip_segments s ON s.trip_id = t.id LEFT JOIN trip_segment_cancellations c ON "
      "c.segment_id = s.id WHERE t.organization_id = $1";
  store::Params params{who.organization_id};
  if (traveller_id) {
    params.push_back(*traveller_id);
    sql += " AND t.traveller_id = $2";
  }
  params.push_back(limit);
  sql +=
      " GROUP BY t.id, t.traveller_id, u.name, t.purpose, t.created_at ORDER BY t.id DESC LIMIT $" +
      std::to_string(params.size());
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<json::array> {
    FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
    json::array out;
    for (const auto& row : rows)
      out.push_back({{"id", row.integer(0)},
                     {"traveller_id", row.integer(1)},
                     {"traveller_name", row.text(2)},
                     {"purpose", row.text(3)},
                     {"created_at", row.integer(4)},
                     {"segments", row.integer(5)},
                     {"total_fen", row.integer(6)},
                     {"employee_pays_fen", row.integer(7)},
                     {"cancelled_segments", row.integer(8)}});
    return out;
  });
}

Result<json::array> BookingService::violations(const auth::Principal& who,
                                               std::int64_t organization_id, std::int64_t limit) {
  if (!who.can_see_organization(organization_id))
    return Status(ErrorCode::not_found, "no such company");
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<json::array> {
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query(
            std::string("SELECT ") + kSegmentColumns + ", u.name" + kSegmentFrom +
                " JOIN trips t ON t.id = s.trip_id JOIN users u ON u.id = t.traveller_id WHERE "
                "t.organization_id = $1 AND s.outcome <> 'allow' ORDER BY s.id DESC LIMIT $2",
            {organization_id, limit}));
    json::array out;
    for (const auto& row : rows) {
      auto segment = segment_from_row(row);
      segment["traveller_name"] = row.text(kSegmentColumnCount);
      out.push_back(std::move(segment));
    }
    return out;
  });
}

}  // namespace fuwu::travel
