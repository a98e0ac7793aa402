// Pipeline: what happens to every request between the wire and a handler, in this order —
// request id, route match (404/405), static console files, authentication (401), role check
// (403), Idempotency-Key on POST, the handler, error mapping (problem+json), metrics, access log.
#pragma once

#include <spdlog/logger.h>
#include <memory>
#include <string>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "http/idempotency.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"

namespace fuwu::http {

// Turns a bearer token or API key into a principal; the auth module implements it.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual Result<auth::Principal> authenticate(std::string_view credential) = 0;
};

struct PipelineOptions {
  bool access_log = true;
  std::size_t body_bytes_max = 1 << 20;  // for routes that do not name their own
};

class Pipeline {
 public:
  Pipeline(const Router& router, Authenticator& authenticator, IdempotencyStore& idempotency,
           Metrics& metrics, const StaticFiles* static_files, PipelineOptions options);

  Response handle(Request& request);
  bool runs_inline(const Request& request) const;
  std::size_t body_limit(Method method, std::string_view target) const;
  Response refuse(const Status& status);
  Dispatcher dispatcher();

 private:
  Response dispatch(Request& request, const std::string& request_id, std::string& route_label,
                    std::int64_t& user_id);
  Response invoke(const Route& route, RequestContext& context);
  const Router& router_;
  Authenticator& authenticator_;
  IdempotencyStore& idempotency_;
  Metrics& metrics_;
  const StaticFiles* static_files_;
  PipelineOptions options_;
  std::shared_ptr<spdlog::logger> access_log_;
};

}  // namespace fuwu::http
