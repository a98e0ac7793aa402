#include "registry/model.hpp"

#include <boost/json.hpp>

#include "core/regions.hpp"

namespace fuwu::registry {

const std::vector<std::string>& supplier_categories() {
  static const std::vector<std::string> categories = {"airline", "hotel", "rail", "car"};
  return categories;
}

const std::vector<std::string>& service_categories() {
  static const std::vector<std::string> categories = {
      "store_operation", "live_stream_operation", "short_video_operation",
      "traffic_ads",     "influencer_services",   "video_creative",
      "training",        "marketing_planning",    "customer_service_outsourcing",
      "data_analysis"};
  return categories;
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out,
                const ProviderProfile& p) {
  boost::json::array regions, categories, capabilities;
  for (const auto& r : p.resource_region_codes)
    regions.push_back({{"code", r}, {"name", regions::full_name(r)}});
  for (const auto& c : p.categories) categories.emplace_back(c);
  for (const auto& c : p.capabilities)
    capabilities.push_back({{"capability", c.capability}, {"status", c.status}});
  out = {
      {"organization_id", p.organization_id},
      {"id", p.organization_id},
      {"name", p.name},
      {"provider_type", p.provider_type},
      {"program_id", p.program_id ? boost::json::value(*p.program_id) : nullptr},
      {"application_id", p.application_id ? boost::json::value(*p.application_id) : nullptr},
      {"hq_region", {{"code", p.hq_region_code}, {"name", regions::full_name(p.hq_region_code)}}},
      {"resource_regions", std::move(regions)},
      {"team_size", p.team_size},
      {"summary", p.summary},
      {"categories", std::move(categories)},
      {"capabilities", std::move(capabilities)},
      {"status", p.status},
      {"version", p.version},
      {"created_at", p.created_at},
      {"updated_at", p.updated_at}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out,
                const SupplierProfile& s) {
  out = {{"organization_id", s.organization_id},
         {"id", s.organization_id},
         {"name", s.name},
         {"category", s.category},
         {"api_endpoint", s.api_endpoint},
         {"requests_per_second", s.limits.requests_per_second},
         {"soft_deadline_ms", s.limits.soft_deadline_ms},
         {"hard_deadline_ms", s.limits.hard_deadline_ms},
         {"credentials_configured", s.credentials_configured},
         {"credentials_updated_at",
          s.credentials_updated_at ? boost::json::value(*s.credentials_updated_at) : nullptr},
         {"status", s.status},
         {"version", s.version},
         {"created_at", s.created_at},
         {"updated_at", s.updated_at}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Department& d) {
  out = {{"id", d.id},
         {"organization_id", d.organization_id},
         {"parent_id", d.parent_id ? boost::json::value(*d.parent_id) : nullptr},
         {"name", d.name},
         {"cost_centre", d.cost_centre},
         {"version", d.version},
         {"created_at", d.created_at},
         {"updated_at", d.updated_at}};
}

}  // namespace fuwu::registry
