// The registry on SQLite and PostgreSQL: directory filters, who may change a profile, sealed
// supplier credentials, department trees.
#include "registry/service.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::registry {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class RegistryServiceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    directory_ = std::make_unique<auth::DirectoryService>(db(), clock_, audit_,
                                                          auth::PasswordCost{1, 8 * 1024});
    registry_ =
        std::make_unique<RegistryService>(db(), clock_, audit_, *directory_, std::string(32, 'k'));
    platform_ = must(
        directory_->create_organization(actor_, org("平台", auth::OrganizationKind::platform)));
    client_ = must(
        directory_->create_organization(actor_, org("星云科技", auth::OrganizationKind::client)));
    operator_ =
        principal(platform_.id, auth::OrganizationKind::platform, {auth::Role::operator_admin});
    client_admin_ =
        principal(client_.id, auth::OrganizationKind::client, {auth::Role::client_admin});
  }

  static auth::Organization org(const char* name, auth::OrganizationKind kind) {
    auth::Organization o;
    o.name = name;
    o.kind = kind;
    return o;
  }
  static auth::Principal principal(std::int64_t org_id, auth::OrganizationKind kind,
                                   auth::RoleSet roles) {
    auth::Principal p;
    p.user_id = 0;
    p.organization_id = org_id;
    p.organization_kind = kind;
    p.roles = roles;
    return p;
  }

  std::int64_t add_provider(const char* name, const char* type, const char* hq,
                            std::vector<std::string> regions, std::vector<std::string> categories) {
    auto created =
        must(directory_->create_organization(actor_, org(name, auth::OrganizationKind::provider)));
    ProviderProfile p;
    p.organization_id = created.id;
    p.provider_type = type;
    p.hq_region_code = hq;
    p.resource_region_codes = std::move(regions);
    p.categories = std::move(categories);
    p.team_size = 30;
    must(store::with_write_transaction(db(), [&](store::Transaction& tx) {
      return registry_->create_provider_profile(tx, actor_, p);
    }));
    return created.id;
  }

  std::vector<std::int64_t> ids(repository::ProviderFilter filter, const auth::Principal& viewer) {
    std::vector<std::int64_t> out;
    for (const auto& p : must(registry_->directory(viewer, filter, 0, 100)))
      out.push_back(p.organization_id);
    return out;
  }

  ManualClock clock_{1'700'000'000'000};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<auth::DirectoryService> directory_;
  std::unique_ptr<RegistryService> registry_;
  auth::Organization platform_, client_;
  auth::Principal operator_, client_admin_;
};

TEST_P(RegistryServiceTest, DirectoryFiltersByCategoryRegionTypeAndName) {
  const auto hangzhou = add_provider("杭州云程差旅", "travel", "330106", {"330106", "330102"}, {});
  const auto guangzhou =
      add_provider("广州优品代运营", "full_agency", "440106", {"440106"}, {"store_operation"});
  const auto chengdu = add_provider("成都锦城生活", "specialized", "510104", {"510104", "330106"},
                                    {"store_operation", "live_stream_operation"});
  using F = repository::ProviderFilter;
  EXPECT_EQ(ids(F{.category = "store_operation"}, client_admin_),
            (std::vector{guangzhou, chengdu}));
  // A province or city finds providers that named one of its counties.
  EXPECT_EQ(ids(F{.region_code = "33"}, client_admin_), (std::vector{hangzhou, chengdu}));
  EXPECT_EQ(ids(F{.region_code = "3301"}, client_admin_), (std::vector{hangzhou, chengdu}));
  EXPECT_EQ(ids(F{.region_code = "440106"}, client_admin_), (std::vector{guangzhou}));
  EXPECT_EQ(ids(F{.provider_type = "travel"}, client_admin_), (std::vector{hangzhou}));
  EXPECT_EQ(ids(F{.name_contains = "优品"}, client_admin_), (std::vector{guangzhou}));
  EXPECT_EQ(ids(F{.category = "store_operation", .region_code = "51"}, client_admin_),
            (std::vector{chengdu}));
  auto page = must(registry_->directory(client_admin_, {}, hangzhou, 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].organization_id, guangzhou);
}

TEST_P(RegistryServiceTest, SuspendedProvidersAreHiddenFromClients) {
  const auto id = add_provider("暂停的服务商", "specialized", "110108", {}, {});
  auto profile = must(registry_->get_provider(operator_, id));
  ProviderPatch suspend;
  suspend.status = "suspended";
  must(registry_->update_provider(operator_, actor_, id, profile.version, suspend));
  EXPECT_TRUE(ids({}, client_admin_).empty());
  EXPECT_EQ(ids({}, operator_).size(), 1u);
  EXPECT_EQ(registry_->get_provider(client_admin_, id).status().code(), ErrorCode::not_found);
}

TEST_P(RegistryServiceTest, ProviderAdminsEditOnlyWhatTheyOffer) {
  const auto id = add_provider("自己的服务商", "specialized", "110108", {}, {});
  const auto other = add_provider("别人的服务商", "specialized", "110108", {}, {});
  auto self = principal(id, auth::OrganizationKind::provider, {auth::Role::provider_admin});
  auto profile = must(registry_->get_provider(self, id));
  ProviderPatch offer;
  offer.summary = "专注直播运营";
  offer.categories = std::vector<std::string>{"live_stream_operation"};
  auto updated = must(registry_->update_provider(self, actor_, id, profile.version, offer));
  EXPECT_EQ(updated.categories, (std::vector<std::string>{"live_stream_operation"}));
  ProviderPatch status;
  status.status = "suspended";
  EXPECT_EQ(registry_->update_provider(self, actor_, id, updated.version, status).status().code(),
            ErrorCode::forbidden);
  EXPECT_EQ(registry_->update_provider(self, actor_, other, 1, offer).status().code(),
            ErrorCode::not_found);
  EXPECT_EQ(registry_->update_provider(self, actor_, id, profile.version, offer).status().code(),
            ErrorCode::version_mismatch);
  ProviderPatch bad_region;
  bad_region.resource_region_codes = std::vector<std::string>{"999999"};
  EXPECT_EQ(
      registry_->update_provider(self, actor_, id, updated.version, bad_region).status().code(),
      ErrorCode::invalid_argument);
}

TEST_P(RegistryServiceTest, SupplierCredentialsAreSealedAtRest) {
  auto supplier = must(registry_->create_supplier(
      actor_, {"云翼航空", "310112", "airline", "http://127.0.0.1:9/air"}));
  EXPECT_FALSE(supplier.credentials_configured);
  auto updated = must(registry_->set_supplier_credentials(
      actor_, supplier.organization_id, R"({"username":"fuwu","password":"p@ss-42"})"));
  EXPECT_TRUE(updated.credentials_configured);
  EXPECT_EQ(must(registry_->supplier_credentials(supplier.organization_id)),
            R"({"username":"fuwu","password":"p@ss-42"})");
  auto tx = must(db().begin(store::TxMode::read));
  auto stored = must(tx->query("SELECT credentials_ciphertext FROM supplier_profiles"));
  EXPECT_EQ(stored[0].text(0).find("p@ss-42"), std::string::npos);
  auto audit_rows = must(
      tx->query("SELECT after_json FROM audit_log WHERE action = 'supplier_credentials.replace'"));
  ASSERT_EQ(audit_rows.size(), 1u);
  EXPECT_EQ(audit_rows[0].text(0).find("p@ss-42"), std::string::npos);
  // Another key cannot open them.
  RegistryService other_key(db(), clock_, audit_, *directory_, std::string(32, 'x'));
  EXPECT_FALSE(other_key.supplier_credentials(supplier.organization_id).is_ok());
  EXPECT_FALSE(registry_->create_supplier(actor_, {"坏类别", "", "ship", ""}).is_ok());
}

TEST_P(RegistryServiceTest, EachSupplierHasItsOwnCallLimits) {
  auto supplier = must(registry_->create_supplier(
      actor_, {"天航商旅", "120101", "airline", "http://127.0.0.1:9/air", {50, 400, 1'200}}));
  EXPECT_EQ(supplier.limits.requests_per_second, 50);
  auto found = must(registry_->get_supplier(supplier.organization_id));
  EXPECT_EQ(found.limits.soft_deadline_ms, 400);
  EXPECT_EQ(found.limits.hard_deadline_ms, 1'200);
  SupplierPatch patch;
  patch.requests_per_second = 500;
  patch.hard_deadline_ms = 2'000;
  auto updated = must(registry_->update_supplier(actor_, supplier.organization_id, 1, patch));
  EXPECT_EQ(updated.limits.requests_per_second, 500);
  EXPECT_EQ(must(registry_->get_supplier(supplier.organization_id)).limits.hard_deadline_ms, 2'000);
  // A hard deadline before the soft one is refused and changes nothing.
  SupplierPatch backwards;
  backwards.hard_deadline_ms = 300;
  auto refused = registry_->update_supplier(actor_, supplier.organization_id, 2, backwards);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().fields().at(0).field, "hard_deadline_ms");
  EXPECT_EQ(must(registry_->get_supplier(supplier.organization_id)).version, 2);
}

TEST_P(RegistryServiceTest, DepartmentsFormATreeWithinTheirOrganization) {
  auto head = must(registry_->create_department(client_admin_, actor_, client_.id,
                                                {"总部", std::nullopt, "CC-100"}));
  auto sales = must(registry_->create_department(client_admin_, actor_, client_.id,
                                                 {"销售部", head.id, "CC-200"}));
  auto east = must(registry_->create_department(client_admin_, actor_, client_.id,
                                                {"华东销售", sales.id, "CC-210"}));
  EXPECT_EQ(must(registry_->list_departments(client_admin_, client_.id)).size(), 3u);
  // No cycles: 总部 cannot move under its own grandchild.
  auto cycle = registry_->update_department(client_admin_, actor_, head.id, head.version,
                                            {"总部", east.id, "CC-100"});
  EXPECT_EQ(cycle.status().fields()[0].field, "parent_id");
  EXPECT_EQ(registry_->delete_department(client_admin_, actor_, sales.id).code(),
            ErrorCode::conflict);
  EXPECT_EQ(
      registry_->create_department(client_admin_, actor_, client_.id, {"销售部", std::nullopt, ""})
          .status()
          .code(),
      ErrorCode::unique_violation);
  auto other = must(
      directory_->create_organization(actor_, org("别家公司", auth::OrganizationKind::client)));
  EXPECT_EQ(registry_->create_department(client_admin_, actor_, other.id, {"X", std::nullopt, ""})
                .status()
                .code(),
            ErrorCode::not_found);
  auto employee = principal(client_.id, auth::OrganizationKind::client, {auth::Role::employee});
  EXPECT_EQ(registry_->create_department(employee, actor_, client_.id, {"Y", std::nullopt, ""})
                .status()
                .code(),
            ErrorCode::forbidden);
  // A rename keeps the parent and cost centre.
  auto renamed =
      must(registry_->update_department(client_admin_, actor_, east.id, east.version,
                                        {std::string("华东大区"), std::nullopt, std::nullopt}));
  EXPECT_EQ(renamed.parent_id, sales.id);
  EXPECT_EQ(renamed.cost_centre, "CC-210");
  must(registry_->delete_department(client_admin_, actor_, east.id));
  EXPECT_TRUE(must(audit::AuditLog::verify(db())).ok());
}

FUWU_ON_BOTH_BACKENDS(RegistryServiceTest);

}  // namespace
}  // namespace fuwu::registry
