// Recording a segment's cancellation, whoever cancels it (the traveller through fuwu, or the
// supplier itself): the refund beside the booked record, shared between employee and company in
// proportion to what each paid, the analytics summary and the budgets given back, and the audit
// entry — all in the caller's transaction.
#pragma once

#include <string>

#include "audit/audit_log.hpp"
#include "store/database.hpp"

namespace fuwu::travel {

struct SegmentCancellation {
  std::int64_t segment_id = 0;
  std::int64_t organization_id = 0;  // the traveller's company
  std::int64_t cancelled_by = 0;     // a user: the canceller, or the supplier's API user
  std::string reason;
  std::int64_t refund_fen = 0;  // what the supplier gives back, at most the total paid
  std::string audit_action = "travel.segment.cancel";
};

// 409 already_cancelled when it is. Returns the employee's share of the refund.
Result<std::int64_t> record_segment_cancellation(store::Transaction& tx,
                                                 const audit::AuditLog& audit,
                                                 const audit::Actor& actor,
                                                 const SegmentCancellation& cancellation,
                                                 TimeMs now);

}  // namespace fuwu::travel
