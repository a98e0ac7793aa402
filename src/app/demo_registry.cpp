#include "app/demo_registry.hpp"

#include "auth/repository.hpp"

namespace fuwu::app {
namespace {

struct DemoProvider {
  const char* name;
  const char* type;
  const char* hq;
  std::vector<std::string> regions;
  std::vector<std::string> categories;
  std::int64_t team_size;
  const char* summary;
};

struct DemoSupplier {
  const char* name;
  const char* category;
  const char* endpoint;
};

struct DemoDepartments {
  const char* organization;
  std::vector<std::pair<std::string, std::string>>
      departments;  // name, cost centre; "a/b" nests b under a
};

Result<std::optional<auth::Organization>> organization_named(store::Database& db,
                                                             const std::string& name) {
  return store::with_read_transaction(
      db, [&](store::Transaction& tx) -> Result<std::optional<auth::Organization>> {
        auth::repository::OrganizationFilter filter;
        filter.name_contains = name;
        FUWU_ASSIGN_OR_RETURN(auto found, auth::repository::list_organizations(tx, filter, 0, 10));
        for (auto& o : found)
          if (o.name == name) return std::optional<auth::Organization>(o);
        return std::optional<auth::Organization>();
      });
}

}  // namespace

Status seed_registry_demo(store::Database& db, registry::RegistryService& registry) {
  const auto actor = audit::Actor::system("demo-data");
  const std::vector<DemoProvider> providers = {
      {"杭州云程差旅服务有限公司",
       "travel",
       "330106",
       {"330106", "310115", "110108"},
       {},
       48,
       "7×24小时差旅保障，误机改签、酒店延住一站协调。"},
      {"广州优品电商代运营有限公司",
       "full_agency",
       "440106",
       {"440106", "440305"},
       {"store_operation", "live_stream_operation", "short_video_operation", "traffic_ads"},
       65,
       "品牌店铺全案代运营，直播与短视频内容自有团队。"},
      {"成都锦城生活服务有限公司",
       "specialized",
       "510104",
       {"510104", "510107"},
       {"store_operation", "customer_service_outsourcing"},
       32,
       "成都本地生活商家店铺运营与客服外包。"},
  };
  for (const auto& p : providers) {
    FUWU_ASSIGN_OR_RETURN(auto org, organization_named(db, p.name));
    if (!org) continue;
    registry::ProviderProfile profile;
    profile.organization_id = org->id;
    profile.provider_type = p.type;
    profile.hq_region_code = p.hq;
    profile.resource_region_codes = p.regions;
    profile.categories = p.categories;
    for (const auto& c : p.categories) profile.capabilities.push_back({c, "claimed"});
    profile.team_size = p.team_size;
    profile.summary = p.summary;
    FUWU_TRY(store::with_write_transaction(db, [&](store::Transaction& tx) {
      return registry.create_provider_profile(tx, actor, profile);
    }));
  }

  const std::vector<DemoSupplier> suppliers = {
      {"云翼航空票务（模拟供应商）", "airline", "http://127.0.0.1:8091/suppliers/yunyi-air"},
      {"锦程酒店集团（模拟供应商）", "hotel", "http://127.0.0.1:8091/suppliers/jincheng-hotel"},
      {"畅行铁路票务（模拟供应商）", "rail", "http://127.0.0.1:8091/suppliers/changxing-rail"},
      {"天航商旅（模拟供应商）", "airline", "http://127.0.0.1:8091/suppliers/tianhang-air"},
      {"捷运机票（模拟供应商）", "airline", "http://127.0.0.1:8091/suppliers/jieyun-air"},
      {"旅居订房（模拟供应商）", "hotel", "http://127.0.0.1:8091/suppliers/lvju-hotel"},
      {"畅途用车（模拟供应商）", "car", "http://127.0.0.1:8091/suppliers/changtu-car"},
      {"易行专车（模拟供应商）", "car", "http://127.0.0.1:8091/suppliers/yixing-car"},
  };
  for (const auto& s : suppliers) {
    FUWU_ASSIGN_OR_RETURN(auto org, organization_named(db, s.name));
    if (!org) continue;
    registry::SupplierProfile profile;
    profile.organization_id = org->id;
    profile.name = org->name;
    profile.category = s.category;
    profile.api_endpoint = s.endpoint;
    profile.created_at = profile.updated_at = org->created_at;
    FUWU_TRY(store::with_write_transaction(db, [&](store::Transaction& tx) {
      return registry::repository::insert_supplier(tx, profile);
    }));
    FUWU_TRY(
        registry
            .set_supplier_credentials(actor, org->id,
                                      R"({"client_id":"fuwu-demo","client_secret":"demo-secret-)" +
                                          std::to_string(org->id) + R"("})")
            .status());
  }

  auth::Principal operator_principal;
  operator_principal.organization_kind = auth::OrganizationKind::platform;
  operator_principal.roles = {auth::Role::operator_admin};
  const std::vector<DemoDepartments> companies = {
      {"北京星云科技有限公司",
       {{"总裁办", "BJ-100"},
        {"销售部", "BJ-200"},
        {"销售部/华北销售", "BJ-210"},
        {"研发中心", "BJ-300"},
        {"财务部", "BJ-400"}}},
      {"上海汇达贸易集团有限公司",
       {{"采购部", "SH-100"}, {"市场部", "SH-200"}, {"市场部/华东大区", "SH-210"}}},
      {"深圳鹏城智能制造有限公司", {{"生产部", "SZ-100"}, {"行政部", "SZ-200"}}},
  };
  for (const auto& company : companies) {
    FUWU_ASSIGN_OR_RETURN(auto org, organization_named(db, company.organization));
    if (!org) continue;
    std::map<std::string, std::int64_t> ids;
    for (const auto& [path, cost_centre] : company.departments) {
      const auto slash = path.find('/');
      std::optional<std::int64_t> parent;
      std::string name = path;
      if (slash != std::string::npos) {
        parent = ids.at(path.substr(0, slash));
        name = path.substr(slash + 1);
      }
      FUWU_ASSIGN_OR_RETURN(auto created,
                            registry.create_department(operator_principal, actor, org->id,
                                                       {name, parent, cost_centre}));
      ids[name] = created.id;
    }
  }
  return Status::ok();
}

}  // namespace fuwu::app
