#include "rating/api.hpp"

namespace fuwu::rating {

Status require_provider_visible(const auth::Principal& principal, std::int64_t provider_id) {
  if (principal.is_platform() || principal.organization_id == provider_id) return Status::ok();
  return Status(ErrorCode::not_found, "no such provider");
}

Result<CycleProvider> cycle_provider_params(const http::RequestContext& c) {
  CycleProvider out;
  FUWU_ASSIGN_OR_RETURN(out.cycle_id, c.id_param("id"));
  FUWU_ASSIGN_OR_RETURN(out.provider_id, c.id_param("pid"));
  FUWU_TRY(require_provider_visible(c.principal(), out.provider_id));
  return out;
}

Result<std::int64_t> own_provider(const auth::Principal& principal) {
  if (principal.organization_kind != auth::OrganizationKind::provider)
    return Status(ErrorCode::forbidden, "only a provider's own members can do this");
  return principal.organization_id;
}

Result<std::optional<std::int64_t>> visible_provider_filter(const auth::Principal& principal,
                                                            std::optional<std::int64_t> requested) {
  if (principal.is_platform()) return requested;
  if (requested && *requested != principal.organization_id)
    return Status(ErrorCode::not_found, "no such provider");
  return std::optional<std::int64_t>(principal.organization_id);
}

}  // namespace fuwu::rating
