#include "travel/analytics.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <tuple>

#include "core/business_calendar.hpp"
#include "core/lists.hpp"
#include "travel/geography.hpp"
#include "travel/service.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

std::string month_of(TimeMs at) {
  return shanghai_date_of(at).to_string().substr(0, 7);
}

// The dimension values a fact counts under.
std::vector<std::pair<std::string, std::string>> contributions(const SpendFact& f) {
  auto id_or_none = [](std::optional<std::int64_t> id) {
    return id ? std::to_string(*id) : std::string("none");
  };
  std::vector<std::pair<std::string, std::string>> out = {
      {"total", ""},
      {"department", id_or_none(f.department_id)},
      {"employee", std::to_string(f.traveller_id)},
      {"category", f.kind},
      {"supplier", std::to_string(f.supplier_id)},
      {"provider", id_or_none(f.provider_id)}};
  if (!f.route.empty()) out.emplace_back("route", f.route);
  if (!f.city.empty()) out.emplace_back("city", f.city);
  for (const auto& rule : f.broken_rules) out.emplace_back("rule", rule);
  if (!f.reason_code.empty()) out.emplace_back("reason", f.reason_code);
  return out;
}

struct Sums {
  std::int64_t segments = 0, cancelled = 0, spend = 0, employee = 0, compliant = 0, missed = 0,
               realized = 0, days_ahead = 0;
  void add(const Sums& o) {
    segments += o.segments;
    cancelled += o.cancelled;
    spend += o.spend;
    employee += o.employee;
    compliant += o.compliant;
    missed += o.missed;
    realized += o.realized;
    days_ahead += o.days_ahead;
  }
};

Sums booking_sums(const SpendFact& f) {
  return {1,
          0,
          f.total_fen,
          f.employee_fen,
          f.compliant ? 1 : 0,
          f.missed_saving_fen,
          f.realized_saving_fen,
          f.days_ahead};
}

Status upsert(store::Transaction& tx, std::int64_t organization_id, const std::string& dimension,
              const std::string& key, const std::string& month, const Sums& s) {
  return tx
      .exec(
          "INSERT INTO travel_spend_monthly (organization_id, dimension, key, month, segments, "
          "cancelled, spend_fen, employee_fen, compliant, missed_saving_fen, realized_saving_fen, "
          "days_ahead_sum) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT "
          "(organization_id, dimension, key, month) DO UPDATE SET segments = "
          "travel_spend_monthly.segments + excluded.segments, cancelled = "
          "travel_spend_monthly.cancelled + excluded.cancelled, spend_fen = "
          "travel_spend_monthly.spend_fen + excluded.spend_fen, employee_fen = "
          "travel_spend_monthly.employee_fen + excluded.employee_fen, compliant = "
          "travel_spend_monthly.compliant + excluded.compliant, missed_saving_fen = "
          "travel_spend_monthly.missed_saving_fen + excluded.missed_saving_fen, "
          "realized_saving_fen = travel_spend_monthly.realized_saving_fen + "
          "excluded.realized_saving_fen, days_ahead_sum = travel_spend_monthly.days_ahead_sum + "
          "excluded.days_ahead_sum",
          {organization_id, dimension, key, month, s.segments, s.cancelled, s.spend, s.employee,
           s.compliant, s.missed, s.realized, s.days_ahead})
      .status();
}

Status apply(store::Transaction& tx, const SpendFact& fact, const Sums& sums) {
  const std::string month = month_of(fact.booked_at);
  for (const auto& [dimension, key] : contributions(fact))
    FUWU_TRY(upsert(tx, fact.organization_id, dimension, key, month, sums));
  return Status::ok();
}

constexpr const char* kFactColumns =
    "t.organization_id, s.booked_at, s.kind, s.department_id, t.traveller_id, s.route, s.city, "
    "s.supplier_id, s.provider_id, s.broken_rules, s.reason_code, s.total_fen, "
    "s.employee_pays_fen, s.outcome, s.missed_saving_fen, s.median_offer_fen, "
    "s.lowest_compliant_fen, s.days_ahead, c.refund_fen, c.employee_refund_fen, s.id";
constexpr const char* kFactFrom =
    " FROM trip_segments s JOIN trips t ON t.id = s.trip_id LEFT JOIN trip_segment_cancellations "
    "c ON c.segment_id = s.id";

SpendFact fact_from_row(const store::Row& r) {
  SpendFact f;
  f.organization_id = r.integer(0);
  f.booked_at = r.integer(1);
  f.kind = r.text(2);
  f.department_id = r.optional_integer(3);
  f.traveller_id = r.integer(4);
  f.route = r.text(5);
  f.city = r.text(6);
  f.supplier_id = r.integer(7);
  f.provider_id = r.optional_integer(8);
  f.broken_rules = split_list(r.text(9));
  f.reason_code = r.text(10);
  f.total_fen = r.integer(11);
  f.employee_fen = r.integer(12);
  f.compliant = r.text(13) == "allow";
  f.missed_saving_fen = r.integer(14);
  f.realized_saving_fen =
      realized_saving(f.compliant, r.optional_integer(15), r.optional_integer(16));
  f.days_ahead = r.integer(17);
  return f;
}

// Names for the keys of a panel's rows.
Status name_rows(store::Transaction& tx, const std::string& dimension,
                 std::vector<AnalyticsRow>& rows) {
  const char* table = dimension == "department"                              ? "departments"
                      : dimension == "employee"                              ? "users"
                      : (dimension == "supplier" || dimension == "provider") ? "organizations"
                                                                             : nullptr;
  if (table) {
    std::string sql = std::string("SELECT id, name FROM ") + table + " WHERE id IN (";
    store::Params params;
    for (const auto& row : rows) {
      if (row.key == "none") continue;
      params.push_back(std::stoll(row.key));
      sql += (params.size() > 1 ? ", $" : "$") + std::to_string(params.size());
    }
    if (params.empty()) return Status::ok();
    FUWU_ASSIGN_OR_RETURN(auto names, tx.query(sql + ")", params));
    std::map<std::string, std::string> by_id;
    for (const auto& n : names) by_id[std::to_string(n.integer(0))] = n.text(1);
    for (auto& row : rows) row.name = by_id[row.key];
    return Status::ok();
  }
  for (auto& row : rows) {
    if (dimension == "city") {
      const auto* c = find_city(row.key);
      row.name = c ? c->name_zh : row.key;
    } else if (dimension == "route") {
      const auto dash = row.key.find('-');
      const auto* from = find_city(row.key.substr(0, dash));
      const auto* to = dash == std::string::npos ? nullptr : find_city(row.key.substr(dash + 1));
      row.name = from && to ? from->name_zh + " → " + to->name_zh : row.key;
    } else {
      row.name = row.key;
    }
  }
  return Status::ok();
}

}  // namespace

std::int64_t realized_saving(bool compliant, std::optional<std::int64_t> median_offer_fen,
                             std::optional<std::int64_t> lowest_compliant_fen) {
  if (!compliant || !median_offer_fen || !lowest_compliant_fen) return 0;
  return std::max<std::int64_t>(0, *median_offer_fen - *lowest_compliant_fen);
}

Status record_booking(store::Transaction& tx, const SpendFact& fact) {
  return apply(tx, fact, booking_sums(fact));
}

Status record_cancellation(store::Transaction& tx, const SpendFact& fact, std::int64_t refund_fen,
                           std::int64_t employee_refund_fen) {
  Sums s;
  s.cancelled = 1;
  s.spend = -refund_fen;
  s.employee = -employee_refund_fen;
  return apply(tx, fact, s);
}

Result<SpendFact> spend_fact_of(store::Transaction& tx, std::int64_t segment_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query(std::string("SELECT ") + kFactColumns + kFactFrom + " WHERE s.id = $1",
                          {segment_id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such segment");
  return fact_from_row(rows[0]);
}

const std::vector<std::string>& analytics_dimensions() {
  static const std::vector<std::string> dimensions = {"total",    "month", "department", "employee",
                                                      "category", "route", "city",       "supplier",
                                                      "provider", "rule",  "reason"};
  return dimensions;
}

json::object to_json(const AnalyticsRow& r) {
  return {{"key", r.key},
          {"name", r.name},
          {"segments", r.segments},
          {"cancelled", r.cancelled},
          {"spend_fen", r.spend_fen},
          {"employee_fen", r.employee_fen},
          {"compliance_bp", r.segments ? r.compliant * 10'000 / r.segments : 0},
          {"missed_saving_fen", r.missed_saving_fen},
          {"realized_saving_fen", r.realized_saving_fen},
          {"average_days_ahead_tenths", r.segments ? r.days_ahead_sum * 10 / r.segments : 0}};
}

Result<std::vector<AnalyticsRow>> AnalyticsService::panel(const auth::Principal& who,
                                                          std::int64_t organization_id,
                                                          const std::string& dimension,
                                                          const AnalyticsRange& range,
                                                          std::int64_t limit) {
  const auto& known = analytics_dimensions();
  if (std::find(known.begin(), known.end(), dimension) == known.end())
    return Status(ErrorCode::not_found, "no such analytics panel");
  if (!who.is_platform() && !who.roles.contains(auth::Role::client_admin))
    return Status(ErrorCode::forbidden, "travel analytics are for the company's travel managers");
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<AnalyticsRow>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        const bool by_month = dimension == "month";
        const std::string group = by_month ? "month" : "key";
        const std::string order = by_month ? "month"
                                  : (dimension == "rule" || dimension == "reason")
                                      ? "SUM(segments) DESC, key"
                                      : "SUM(spend_fen) DESC, key";
        FUWU_ASSIGN_OR_RETURN(
            auto rows,
            tx.query("SELECT " + group +
                         ", SUM(segments), SUM(cancelled), SUM(spend_fen), SUM(employee_fen), "
                         "SUM(compliant), SUM(missed_saving_fen), SUM(realized_saving_fen), "
                         "SUM(days_ahead_sum) FROM travel_spend_monthly WHERE organization_id = "
                         "$1 AND dimension = $2 AND month >= $3 AND month <= $4 GROUP BY " +
                         group + " ORDER BY " + order + " LIMIT $5",
                     {organization_id, by_month ? std::string("total") : dimension,
                      range.from_month, range.to_month,
                      by_month ? std::int64_t{100'000} : limit}));  // every month of the range
        std::vector<AnalyticsRow> out;
        for (const auto& r : rows)
          out.push_back({r.text(0), "", r.integer(1), r.integer(2), r.integer(3), r.integer(4),
                         r.integer(5), r.integer(6), r.integer(7), r.integer(8)});
        FUWU_TRY(name_rows(tx, dimension, out));
        return out;
      });
}

Status AnalyticsService::rebuild(store::Transaction& tx, std::int64_t organization_id) {
  FUWU_TRY(tx.exec("DELETE FROM travel_spend_monthly WHERE organization_id = $1", {organization_id})
               .status());
  std::map<std::tuple<std::string, std::string, std::string>, Sums> totals;
  constexpr std::int64_t kPage = 20'000;
  std::int64_t after = 0;
  for (;;) {
    FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kFactColumns + kFactFrom +
                                                  " WHERE t.organization_id = $1 AND s.id > $2 "
                                                  "ORDER BY s.id LIMIT $3",
                                              {organization_id, after, kPage}));
    for (const auto& row : rows) {
      const SpendFact fact = fact_from_row(row);
      Sums sums = booking_sums(fact);
      if (row.optional_integer(18)) {
        sums.cancelled = 1;
        sums.spend -= row.integer(18);
        sums.employee -= row.integer(19);
      }
      const std::string month = month_of(fact.booked_at);
      for (const auto& [dimension, key] : contributions(fact))
        totals[{dimension, key, month}].add(sums);
      after = row.integer(20);
    }
    if (static_cast<std::int64_t>(rows.size()) < kPage) break;
  }
  for (const auto& [where, sums] : totals) {
    const auto& [dimension, key, month] = where;
    FUWU_TRY(upsert(tx, organization_id, dimension, key, month, sums));
  }
  return Status::ok();
}

}  // namespace fuwu::travel
