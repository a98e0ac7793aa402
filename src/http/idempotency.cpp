#include "http/idempotency.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/crypto.hpp"

namespace fuwu::http {
namespace {

std::string request_hash(const Request& request) {
  return crypto::sha256_hex(std::string(method_name(request.method)) + " " + request.path + "\n" +
                            request.body);
}

std::string encode_headers(const Headers& headers) {
  boost::json::object object;
  for (const auto& [name, value] : headers) object[name] = value;
  return boost::json::serialize(object);
}

Headers decode_headers(const std::string& text) {
  Headers headers;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return headers;
  for (const auto& [name, v] : value.as_object())
    if (v.is_string()) headers.emplace_back(std::string(name), std::string(v.as_string()));
  return headers;
}

}  // namespace

Result<IdempotencyStore::Claim> IdempotencyStore::claim(const std::string& principal,
                                                        const std::string& key,
                                                        const Request& request) {
  const std::string hash = request_hash(request);
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Claim> {
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("SELECT request_hash, state, response_status, response_headers, response_body, "
                 "created_at FROM idempotency_keys WHERE principal = $1 AND idempotency_key = $2",
                 {principal, key}));
    if (!rows.empty()) {
      const auto& row = rows[0];
      const bool expired = now - row.integer(5) > kRetentionMs;
      const bool abandoned = row.text(1) == "pending" && now - row.integer(5) > kPendingExpiryMs;
      if (!expired && !abandoned) {
        if (row.text(0) != hash)
          return Status(ErrorCode::invalid_argument,
                        "this Idempotency-Key was already used with a different request")
              .with_problem_code("idempotency_key_reused");
        if (row.text(1) == "pending")
          return Status(ErrorCode::conflict,
                        "a request with this Idempotency-Key is still being processed")
              .with_problem_code("idempotency_in_progress");
        Replay replay;
        replay.response.status = static_cast<int>(row.integer(2));
        replay.response.headers = decode_headers(row.text(3));
        replay.response.body = row.text(4);
        for (auto it = replay.response.headers.begin(); it != replay.response.headers.end(); ++it) {
          if (it->first == "content-type") {
            replay.response.content_type = it->second;
            replay.response.headers.erase(it);
            break;
          }
        }
        replay.response.set_header("idempotent-replay", "true");
        return Claim{std::move(replay)};
      }
      FUWU_TRY(tx.exec("DELETE FROM idempotency_keys WHERE principal = $1 AND idempotency_key = $2",
                       {principal, key}));
    }
    FUWU_TRY(tx.exec(
        "INSERT INTO idempotency_keys (principal, idempotency_key, method, path, request_hash, "
        "state, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)",
        {principal, key, std::string(method_name(request.method)), request.path, hash, now}));
    // Old keys are swept as new ones arrive, so the table stays bounded without a separate job.
    FUWU_TRY(tx.exec("DELETE FROM idempotency_keys WHERE created_at < $1", {now - kRetentionMs}));
    return Claim{Proceed{}};
  });
}

void IdempotencyStore::complete(const std::string& principal, const std::string& key,
                                const Response& response) {
  Headers stored = response.headers;
  stored.emplace_back("content-type", response.content_type);
  Status s = store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    return tx
        .exec(
            "UPDATE idempotency_keys SET state = 'done', response_status = $1, response_headers = "
            "$2, "
            "response_body = $3 WHERE principal = $4 AND idempotency_key = $5",
            {std::int64_t{response.status}, encode_headers(stored), response.body, principal, key})
        .status();
  });
  if (!s.is_ok())
    spdlog::warn("idempotency: storing the response for a key failed: {}", s.message());
}

void IdempotencyStore::release(const std::string& principal, const std::string& key) {
  Status s = store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    return tx
        .exec("DELETE FROM idempotency_keys WHERE principal = $1 AND idempotency_key = $2",
              {principal, key})
        .status();
  });
  if (!s.is_ok()) spdlog::warn("idempotency: releasing a key failed: {}", s.message());
}

}  // namespace fuwu::http
