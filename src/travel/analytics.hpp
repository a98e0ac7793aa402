// Travel analytics (差旅分析): spend, compliance, violations and savings of a company's travel,
// from the platform's own booking records only. Each booking and cancellation updates a monthly
// summary in its own transaction (one row per company, dimension value and month of booking), so
// a dashboard panel reads a few hundred rows however many segments there are; the summary can be
// rebuilt from the segments at any time and then equals what the bookings added up.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::travel {

// What one booked segment counts for, fixed at booking.
struct SpendFact {
  std::int64_t organization_id = 0;
  TimeMs booked_at = 0;
  std::string kind;  // flight | hotel | train | transfer: the category
  std::optional<std::int64_t> department_id;
  std::int64_t traveller_id = 0;
  std::string route;  // "1101-3101" for flights and trains, else ""
  std::string city;   // where the traveller goes or stays
  std::int64_t supplier_id = 0;
  std::optional<std::int64_t> provider_id;
  std::vector<std::string> broken_rules;
  std::string reason_code;
  std::int64_t total_fen = 0;
  std::int64_t employee_fen = 0;
  bool compliant = true;
  std::int64_t missed_saving_fen = 0;
  std::int64_t realized_saving_fen = 0;
  std::int64_t days_ahead = 0;
};

// The saving the comparison made: the search's median offer against its lowest compliant one,
// for a segment booked within the policy (0 otherwise or when unknown).
std::int64_t realized_saving(bool compliant, std::optional<std::int64_t> median_offer_fen,
                             std::optional<std::int64_t> lowest_compliant_fen);

// Adds a booked segment to the summary; a cancellation takes its refund off (the booking stays
// counted, with the fee as its spend).
Status record_booking(store::Transaction& tx, const SpendFact& fact);
Status record_cancellation(store::Transaction& tx, const SpendFact& fact, std::int64_t refund_fen,
                           std::int64_t employee_refund_fen);
// The fact of a stored segment, read back (for cancellations and rebuilds).
Result<SpendFact> spend_fact_of(store::Transaction& tx, std::int64_t segment_id);

// The panels of the travel manager's dashboard.
const std::vector<std::string>& analytics_dimensions();

struct AnalyticsRange {
  std::string from_month;  // "YYYY-MM", inclusive
  std::string to_month;
};

struct AnalyticsRow {
  std::string key;   // the dimension's value: an id, a code or a month
  std::string name;  // how people call it
  std::int64_t segments = 0;
  std::int64_t cancelled = 0;
  std::int64_t spend_fen = 0;
  std::int64_t employee_fen = 0;
  std::int64_t compliant = 0;
  std::int64_t missed_saving_fen = 0;
  std::int64_t realized_saving_fen = 0;
  std::int64_t days_ahead_sum = 0;
};
boost::json::object to_json(const AnalyticsRow& row);

class AnalyticsService {
 public:
  explicit AnalyticsService(store::Database& db) : db_(db) {}

  // One panel: `dimension` is one of analytics_dimensions() (`month` gives the totals per month,
  // `total` one row), rows by spend, at most `limit` (every month for `month`). Travel managers of
  // the company, operators.
  Result<std::vector<AnalyticsRow>> panel(const auth::Principal& who, std::int64_t organization_id,
                                          const std::string& dimension, const AnalyticsRange& range,
                                          std::int64_t limit);
  // Recomputes the company's summary from its segments.
  Status rebuild(store::Transaction& tx, std::int64_t organization_id);

 private:
  store::Database& db_;
};

}  // namespace fuwu::travel
