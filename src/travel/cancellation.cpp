#include "travel/cancellation.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "travel/analytics.hpp"
#include "travel/budgets.hpp"

namespace fuwu::travel {

Result<std::int64_t> record_segment_cancellation(store::Transaction& tx,
                                                 const audit::AuditLog& audit,
                                                 const audit::Actor& actor,
                                                 const SegmentCancellation& c, TimeMs now) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT s.total_fen, s.employee_pays_fen, s.trip_id, "
                                            "s.supplier_id, s.supplier_booking_id, c.segment_id "
                                            "FROM trip_segments s LEFT JOIN "
                                            "trip_segment_cancellations c ON c.segment_id = s.id "
                                            "WHERE s.id = $1",
                                            {c.segment_id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such segment");
  if (rows[0].optional_integer(5))
    return Status(ErrorCode::conflict, "the segment is already cancelled")
        .with_problem_code("already_cancelled");
  const std::int64_t total = rows[0].integer(0);
  const std::int64_t refund = std::clamp<std::int64_t>(c.refund_fen, 0, total);
  // Each party gets back its share of what was paid; the fee falls the same way.
  const std::int64_t employee_refund = total == 0 ? 0 : refund * rows[0].integer(1) / total;
  FUWU_ASSIGN_OR_RETURN(auto fact, spend_fact_of(tx, c.segment_id));
  FUWU_TRY(record_cancellation(tx, fact, refund, employee_refund));
  FUWU_TRY(lock_budgets(tx, c.organization_id));
  FUWU_TRY(release_budgets(tx, c.segment_id, refund - employee_refund, now));
  FUWU_TRY(tx.exec("INSERT INTO trip_segment_cancellations (segment_id, cancelled_by, reason, "
                   "refund_fen, employee_refund_fen, fee_fen, cancelled_at) VALUES ($1, $2, $3, "
                   "$4, $5, $6, $7)",
                   {c.segment_id, c.cancelled_by, c.reason, refund, employee_refund, total - refund,
                    now})
               .status());
  FUWU_TRY(audit.append(
      tx, actor,
      {c.audit_action, "trip_segment", std::to_string(c.segment_id), c.organization_id,
       std::nullopt,
       boost::json::serialize(boost::json::object{{"trip_id", rows[0].integer(2)},
                                                  {"supplier_id", rows[0].integer(3)},
                                                  {"supplier_booking_id", rows[0].text(4)},
                                                  {"refund_fen", refund},
                                                  {"employee_refund_fen", employee_refund},
                                                  {"fee_fen", total - refund},
                                                  {"reason", c.reason}})}));
  return employee_refund;
}

}  // namespace fuwu::travel
