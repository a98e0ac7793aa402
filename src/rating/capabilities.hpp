// Capability certification (能力标签): each program lists capabilities; a provider applies with
// evidence, a reviewer scores it 0–100 and certifies it for a number of months (12 by default)
// or rejects it, and operators can revoke a certificate. Per capability and cycle, a leaderboard
// of certified providers by the published formula, stored when a cycle is computed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rating/ledger.hpp"

namespace fuwu::rating {

struct Capability {
  std::int64_t program_id = 0;
  std::string code;
  std::string name_zh;
  std::string name_en;
};

// The capabilities fuwu suggests for a new program (seed 002).
const std::vector<Capability>& default_capabilities();

struct CapabilityApplication {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::string capability;
  std::string evidence;
  std::string state;  // applied | certified | rejected | revoked
  std::optional<std::int64_t> score;
  std::string review_note;
  TimeMs applied_at = 0;
  std::optional<TimeMs> reviewed_at;
  std::optional<TimeMs> expires_at;
  std::optional<TimeMs> revoked_at;
  std::string revoke_reason;

  bool valid_at(TimeMs at) const { return state == "certified" && expires_at && at < *expires_at; }
};

struct CapabilityFilter {
  std::optional<std::string> state;
  std::optional<std::string> capability;
  std::optional<std::int64_t> provider_id;
};

struct LeaderboardRow {
  std::int64_t rank = 0;
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::int64_t score = 0;
  std::int64_t review_score = 0;
  std::int64_t capability_points = 0;
};

struct Leaderboard {
  std::int64_t cycle_id = 0;
  std::string capability;
  bool provisional = false;
  std::vector<LeaderboardRow> rows;
};

inline constexpr const char* kLeaderboardFormulaZh =
    "得分 = 审核评分 × 10 + 本周期该能力任务积分（扣除冲正，最低为 0）；仅统计周期结束时持有有效"
    "证书的服务商；同分按审核评分、证书取得时间先后、服务商编号排序。";
inline constexpr const char* kLeaderboardFormulaEn =
    "score = review score × 10 + the cycle's points of tasks tagged with the capability (net of "
    "reversals, never below 0); only providers holding a certificate valid at the end of the "
    "cycle; ties by review score, then the earlier certificate, then the smaller provider id.";

// Computes and stores the leaderboards of every capability of the cycle's program.
Status store_leaderboards(store::Transaction& tx, const Cycle& cycle);

class CapabilityService {
 public:
  CapabilityService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Result<std::vector<Capability>> list(std::int64_t program_id);
  Result<Capability> create(const audit::Actor& actor, Capability capability);

  // Applies for the provider's program. invalid_argument (field capability) when the program has
  // no such capability; already_exists while an application is pending or a certificate valid.
  Result<CapabilityApplication> apply(const audit::Actor& actor, std::int64_t provider_id,
                                      const std::string& capability, const std::string& evidence);
  Result<CapabilityApplication> review(const audit::Actor& actor, std::int64_t id, bool certify,
                                       std::int64_t score, const std::string& note,
                                       std::int64_t valid_months);
  Result<CapabilityApplication> revoke(const audit::Actor& actor, std::int64_t id,
                                       const std::string& reason);
  Result<CapabilityApplication> get(std::int64_t id);
  Result<std::vector<CapabilityApplication>> applications(const CapabilityFilter& filter,
                                                          std::int64_t limit);

  // Stored for a computed or published cycle, live (provisional) for an open one.
  Result<Leaderboard> leaderboard(std::int64_t cycle_id, const std::string& capability);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::rating
