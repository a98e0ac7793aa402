#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "registry/api.hpp"

namespace fuwu::registry {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

Response with_etag(int status, const ProviderProfile& p) {
  Response r = http::json_response(status, boost::json::value_from(p));
  http::set_etag(r, p.version);
  return r;
}

Result<std::optional<std::string>> one_of(const http::Request& request, const char* name,
                                          std::initializer_list<std::string_view> allowed) {
  FUWU_ASSIGN_OR_RETURN(auto value, http::query_text(request, name, 40));
  if (!value) return value;
  for (auto a : allowed)
    if (*value == a) return value;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return Status(ErrorCode::invalid_argument, std::string(name) + " must be one of " + list,
                {{name, "must be one of " + list}});
}

}  // namespace

void add_provider_routes(http::Router& router, RegistryService& registry) {
  router.add(
      {Method::get, "/api/v1/providers", Access::any_member(),
       [&registry](RequestContext& c) -> Result<Response> {
         const auto& request = c.request();
         FUWU_ASSIGN_OR_RETURN(auto page, http::parse_page_request(request));
         repository::ProviderFilter filter;
         FUWU_ASSIGN_OR_RETURN(filter.category, http::query_text(request, "category", 40));
         FUWU_ASSIGN_OR_RETURN(filter.region_code, http::query_text(request, "region_code", 6));
         FUWU_ASSIGN_OR_RETURN(filter.name_contains, http::query_text(request, "q", 100));
         FUWU_ASSIGN_OR_RETURN(
             filter.provider_type,
             one_of(request, "provider_type", {"specialized", "full_agency", "travel"}));
         FUWU_ASSIGN_OR_RETURN(filter.status, one_of(request, "status", {"active", "suspended"}));
         FUWU_ASSIGN_OR_RETURN(auto providers, registry.directory(c.principal(), filter,
                                                                  page.after_id, page.limit + 1));
         std::optional<std::int64_t> next;
         if (static_cast<std::int64_t>(providers.size()) > page.limit) {
           providers.resize(static_cast<std::size_t>(page.limit));
           next = providers.back().organization_id;
         }
         boost::json::array items;
         for (const auto& p : providers) items.push_back(boost::json::value_from(p));
         return http::json_response(200, http::page_body(std::move(items), next));
       }});

  router.add({Method::get, "/api/v1/providers/{id}", Access::any_member(),
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto provider, registry.get_provider(c.principal(), id));
                return with_etag(200, provider);
              }});

  router.add({Method::patch, "/api/v1/providers/{id}",
              Access::only({auth::Role::operator_admin, auth::Role::provider_admin}),
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                ProviderPatch patch;
                patch.summary = fields.text("summary", Presence::optional, 500);
                patch.team_size = fields.integer("team_size", Presence::optional, 0, 1'000'000);
                patch.hq_region_code = fields.text("hq_region_code", Presence::optional, 6);
                patch.resource_region_codes =
                    fields.text_list("resource_region_codes", Presence::optional, 50, 6);
                patch.categories = fields.text_list("categories", Presence::optional, 20, 40);
                patch.status = fields.text("status", Presence::optional, 16);
                patch.provider_type = fields.text("provider_type", Presence::optional, 16);
                if (patch.status && *patch.status != "active" && *patch.status != "suspended")
                  fields.add_error("status", "must be active or suspended");
                if (patch.provider_type && *patch.provider_type != "specialized" &&
                    *patch.provider_type != "full_agency" && *patch.provider_type != "travel")
                  fields.add_error("provider_type", "must be specialized, full_agency or travel");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(
                    auto updated,
                    registry.update_provider(c.principal(), c.actor(), id, version, patch));
                return with_etag(200, updated);
              }});
}

}  // namespace fuwu::registry
