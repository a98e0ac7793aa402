// SQL for admission: programs, rule-set versions, applications, materials, events and the
// business calendar. Every function runs in the caller's transaction.
#pragma once

#include <optional>
#include <vector>

#include "admission/model.hpp"
#include "store/database.hpp"

namespace fuwu::admission::repository {

using store::Transaction;

Result<std::vector<Program>> list_programs(Transaction& tx);
Result<std::optional<Program>> find_program(Transaction& tx, std::int64_t id);
Result<Program> insert_program(Transaction& tx, Program program);
Result<bool> update_program(Transaction& tx, const Program& program, std::int64_t expected_version);

Result<RuleSetVersion> insert_rule_set(Transaction& tx, RuleSetVersion rules);
Result<std::optional<RuleSetVersion>> find_rule_set(Transaction& tx, std::int64_t program_id,
                                                    std::int64_t version);
Result<std::vector<RuleSetVersion>> list_rule_sets(Transaction& tx, std::int64_t program_id);

Result<Application> insert_application(Transaction& tx, Application application,
                                       const std::string& token_hash);
Result<std::optional<Application>> find_application(Transaction& tx, std::int64_t id);
Result<std::optional<std::int64_t>> find_application_by_token(Transaction& tx,
                                                              const std::string& token_hash);
// Writes every mutable column; false when `expected_version` is stale.
Result<bool> update_application(Transaction& tx, const Application& application,
                                std::int64_t expected_version);

struct QueueFilter {
  std::optional<std::int64_t> program_id;
  std::optional<State> state;  // default: auto_checked and in_review
  std::optional<std::int64_t> reviewer_user_id;
};
// Sorted by due date, then id; `after` is the last (due_at, id) seen.
Result<std::vector<Application>> review_queue(Transaction& tx, const QueueFilter& filter,
                                              std::optional<std::pair<TimeMs, std::int64_t>> after,
                                              std::int64_t limit);

Result<Material> insert_material(Transaction& tx, Material material);
Result<std::vector<Material>> list_materials(Transaction& tx, std::int64_t application_id);
Result<std::optional<Material>> find_material(Transaction& tx, std::int64_t application_id,
                                              std::int64_t material_id);
Status remove_material(Transaction& tx, std::int64_t material_id, TimeMs now);

Result<Event> insert_event(Transaction& tx, Event event);
Result<std::vector<Event>> list_events(Transaction& tx, std::int64_t application_id);

}  // namespace fuwu::admission::repository
