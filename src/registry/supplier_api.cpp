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

Response with_etag(int status, const SupplierProfile& s) {
  Response r = http::json_response(status, boost::json::value_from(s));
  http::set_etag(r, s.version);
  return r;
}

constexpr std::size_t kCredentialsBytesMax = 8 * 1024;

// The call limits of a supplier, each optional (a creation falls back to the defaults).
struct LimitFields {
  std::optional<std::int64_t> requests_per_second, soft_deadline_ms, hard_deadline_ms;
};
LimitFields read_limits(http::JsonFields& fields) {
  LimitFields l;
  l.requests_per_second = fields.integer("requests_per_second", Presence::optional, 1, 100'000);
  l.soft_deadline_ms = fields.integer("soft_deadline_ms", Presence::optional, 50, 30'000);
  l.hard_deadline_ms = fields.integer("hard_deadline_ms", Presence::optional, 100, 60'000);
  return l;
}

void check_endpoint(http::JsonFields& fields, const std::optional<std::string>& endpoint) {
  if (endpoint && !endpoint->empty() && !endpoint->starts_with("http://") &&
      !endpoint->starts_with("https://"))
    fields.add_error("api_endpoint", "must be an http:// or https:// URL");
}

}  // namespace

void add_supplier_routes(http::Router& router, RegistryService& registry) {
  const auto operators = Access::only({auth::Role::operator_admin});

  router.add({Method::get, "/api/v1/suppliers", operators,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto page, http::parse_page_request(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto category, http::query_text(c.request(), "category", 16));
                FUWU_ASSIGN_OR_RETURN(auto suppliers, registry.list_suppliers(
                                                          category, page.after_id, page.limit + 1));
                std::optional<std::int64_t> next;
                if (static_cast<std::int64_t>(suppliers.size()) > page.limit) {
                  suppliers.resize(static_cast<std::size_t>(page.limit));
                  next = suppliers.back().organization_id;
                }
                boost::json::array items;
                for (const auto& s : suppliers) items.push_back(boost::json::value_from(s));
                return http::json_response(200, http::page_body(std::move(items), next));
              }});

  router.add({Method::post, "/api/v1/suppliers", operators,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto name = fields.text("name", Presence::required, 100, 1);
                auto category = fields.text("category", Presence::required, 16, 1);
                auto region = fields.text("region_code", Presence::optional, 6);
                auto endpoint = fields.text("api_endpoint", Presence::optional, 500);
                check_endpoint(fields, endpoint);
                const auto limits = read_limits(fields);
                SupplierLimits chosen;
                chosen.requests_per_second =
                    limits.requests_per_second.value_or(chosen.requests_per_second);
                chosen.soft_deadline_ms = limits.soft_deadline_ms.value_or(chosen.soft_deadline_ms);
                chosen.hard_deadline_ms = limits.hard_deadline_ms.value_or(chosen.hard_deadline_ms);
                if (chosen.hard_deadline_ms < chosen.soft_deadline_ms)
                  fields.add_error("hard_deadline_ms", "must be at least soft_deadline_ms");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(
                    auto created,
                    registry.create_supplier(c.actor(), {*name, region.value_or(""), *category,
                                                         endpoint.value_or(""), chosen}));
                return with_etag(201, created);
              }});

  router.add({Method::get, "/api/v1/suppliers/{id}", operators,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto supplier, registry.get_supplier(id));
                return with_etag(200, supplier);
              }});

  router.add({Method::patch, "/api/v1/suppliers/{id}", operators,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                SupplierPatch patch;
                patch.category = fields.text("category", Presence::optional, 16, 1);
                patch.api_endpoint = fields.text("api_endpoint", Presence::optional, 500);
                patch.status = fields.text("status", Presence::optional, 16);
                const auto limits = read_limits(fields);
                patch.requests_per_second = limits.requests_per_second;
                patch.soft_deadline_ms = limits.soft_deadline_ms;
                patch.hard_deadline_ms = limits.hard_deadline_ms;
                check_endpoint(fields, patch.api_endpoint);
                if (patch.category) {
                  const auto& known = supplier_categories();
                  if (std::find(known.begin(), known.end(), *patch.category) == known.end())
                    fields.add_error("category", "must be airline, hotel, rail or car");
                }
                if (patch.status && *patch.status != "active" && *patch.status != "suspended")
                  fields.add_error("status", "must be active or suspended");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto version, http::required_if_match(c.request()));
                FUWU_ASSIGN_OR_RETURN(auto updated,
                                      registry.update_supplier(c.actor(), id, version, patch));
                return with_etag(200, updated);
              }});

  // The credentials are write-only: sealed at rest, never returned.
  router.add({Method::put, "/api/v1/suppliers/{id}/credentials", operators,
              [&registry](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto credentials = fields.object("credentials", Presence::required, 20);
                FUWU_TRY(fields.finish());
                for (const auto& [key, value] : *credentials)
                  if (!value.is_string())
                    return Status(ErrorCode::invalid_argument, "credential values must be strings",
                                  {{"credentials." + std::string(key), "must be a string"}});
                FUWU_ASSIGN_OR_RETURN(auto updated,
                                      registry.set_supplier_credentials(
                                          c.actor(), id, boost::json::serialize(*credentials)));
                return with_etag(200, updated);
              },
              false, kCredentialsBytesMax});
}

}  // namespace fuwu::registry
