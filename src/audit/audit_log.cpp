#include "audit/audit_log.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"

namespace fuwu::audit {
namespace {

boost::json::value optional_json(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value optional_json(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

constexpr const char* kRecordColumns =
    "id, at, actor_user_id, actor_organization_id, organization_id, action, entity_type, "
    "entity_id, "
    "before_json, after_json, request_id, prev_hash, hash";

Record record_from_row(const store::Row& row) {
  Record r;
  r.id = row.integer(0);
  r.at = row.integer(1);
  r.actor_user_id = row.optional_integer(2);
  r.actor_organization_id = row.optional_integer(3);
  r.organization_id = row.optional_integer(4);
  r.action = row.text(5);
  r.entity_type = row.text(6);
  r.entity_id = row.text(7);
  r.before_json = row.optional_text(8);
  r.after_json = row.optional_text(9);
  r.request_id = row.text(10);
  r.prev_hash = row.text(11);
  r.hash = row.text(12);
  return r;
}

}  // namespace

std::string record_hash(const Record& r) {
  boost::json::array canonical{r.id,
                               r.at,
                               optional_json(r.actor_user_id),
                               optional_json(r.actor_organization_id),
                               optional_json(r.organization_id),
                               r.action,
                               r.entity_type,
                               r.entity_id,
                               optional_json(r.before_json),
                               optional_json(r.after_json),
                               r.request_id,
                               r.prev_hash};
  return crypto::sha256_hex(boost::json::serialize(canonical));
}

Status AuditLog::append(store::Transaction& tx, const Actor& actor, const Change& change) const {
  // One writer at a time extends the chain (a no-op on SQLite, whose writer is exclusive).
  FUWU_TRY(tx.lock("fuwu.audit"));
  FUWU_ASSIGN_OR_RETURN(auto last,
                        tx.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  Record r;
  r.id = last.empty() ? 1 : last[0].integer(0) + 1;
  r.prev_hash = last.empty() ? kGenesisHash : last[0].text(1);
  r.at = clock_.now_ms();
  r.actor_user_id = actor.user_id;
  r.actor_organization_id = actor.organization_id;
  r.organization_id = change.organization_id;
  r.action = change.action;
  r.entity_type = change.entity_type;
  r.entity_id = change.entity_id;
  r.before_json = change.before_json;
  r.after_json = change.after_json;
  r.request_id = actor.request_id;
  r.hash = record_hash(r);
  return tx
      .exec(
          std::string("INSERT INTO audit_log (") + kRecordColumns +
              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          {r.id, r.at, store::optional_value(r.actor_user_id),
           store::optional_value(r.actor_organization_id), store::optional_value(r.organization_id),
           r.action, r.entity_type, r.entity_id, store::optional_value(r.before_json),
           store::optional_value(r.after_json), r.request_id, r.prev_hash, r.hash})
      .status();
}

Result<std::vector<Record>> AuditLog::list(store::Transaction& tx, const Filter& filter,
                                           std::int64_t before_id, std::int64_t limit) {
  std::string sql = std::string("SELECT ") + kRecordColumns + " FROM audit_log WHERE 1 = 1";
  store::Params params;
  auto add = [&](const char* clause, store::Value value) {
    params.push_back(std::move(value));
    sql += std::string(" AND ") + clause + " $" + std::to_string(params.size());
  };
  if (filter.entity_type) add("entity_type =", *filter.entity_type);
  if (filter.entity_id) add("entity_id =", *filter.entity_id);
  if (filter.actor_user_id) add("actor_user_id =", *filter.actor_user_id);
  if (filter.organization_id) add("organization_id =", *filter.organization_id);
  if (filter.action) add("action =", *filter.action);
  if (before_id > 0) add("id <", before_id);
  params.push_back(limit);
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<Record> records;
  records.reserve(rows.size());
  for (const auto& row : rows) records.push_back(record_from_row(row));
  return records;
}

Result<AuditLog::Verification> AuditLog::verify(store::Database& db) {
  auto tx = db.begin(store::TxMode::read);
  if (!tx) return tx.status();
  Verification v;
  std::string expected_prev = kGenesisHash;
  std::int64_t expected_id = 1;
  constexpr std::int64_t kBatch = 1000;
  for (;;) {
    FUWU_ASSIGN_OR_RETURN(auto rows,
                          (*tx)->query(std::string("SELECT ") + kRecordColumns +
                                           " FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2",
                                       {expected_id, kBatch}));
    for (const auto& row : rows) {
      const Record r = record_from_row(row);
      if (r.id != expected_id) {
        v.first_bad_id = expected_id;
        v.problem = "record " + std::to_string(expected_id) + " is missing (next present is " +
                    std::to_string(r.id) + ")";
        return v;
      }
      if (r.prev_hash != expected_prev) {
        v.first_bad_id = r.id;
        v.problem =
            "record " + std::to_string(r.id) + " does not follow the previous record's hash";
        return v;
      }
      if (record_hash(r) != r.hash) {
        v.first_bad_id = r.id;
        v.problem =
            "record " + std::to_string(r.id) + " was altered: its contents do not match its hash";
        return v;
      }
      expected_prev = r.hash;
      ++expected_id;
      ++v.records_checked;
    }
    if (static_cast<std::int64_t>(rows.size()) < kBatch) break;
  }
  return v;
}

}  // namespace fuwu::audit
