// A company's travel policy document and its employees' profiles on SQLite and PostgreSQL.
#include "travel/service.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_database.hpp"

namespace fuwu::travel {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

TEST(TravelPolicyDocument, RoundTripsAndNamesEveryBadField) {
  const auto defaults = default_travel_policy();
  auto json = to_json(defaults);
  auto back = must(travel_policy_from_json(json));
  EXPECT_EQ(boost::json::serialize(to_json(back)), boost::json::serialize(json));
  EXPECT_EQ(back.rule_class_for_grade("M2")->name, "manager");

  auto& staff = json["rule_classes"].as_array()[0].as_object();
  staff["flight"].as_object()["lowest_fare"].as_object()["window_minutes"] = 0;  // 0 hours
  staff["hotel"].as_object()["control"] = "maybe";
  json["grades"].as_object()["P1"] = "intern";
  json["colour"] = "red";
  auto bad = travel_policy_from_json(json);
  ASSERT_FALSE(bad.is_ok());
  std::vector<std::string> fields;
  const Status problem = bad.status();
  for (const auto& f : problem.fields()) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"colour", "rule_classes[0].flight.lowest_fare.window_minutes",
                                      "rule_classes[0].hotel.control", "grades.P1"}));
}

class TravelServiceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    service_ = std::make_unique<TravelService>(db(), clock_, audit_);
    auto tx = must(db().begin(store::TxMode::write));
    auto org = [&](const char* name, const char* kind) {
      return must(
                 tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) VALUES "
                           "($1, $2, 0, 0) RETURNING id",
                           {std::string(name), std::string(kind)}))[0]
          .integer(0);
    };
    company_ = org("星云科技", "client");
    other_ = org("汇达贸易", "client");
    auto user = [&](const char* email, std::int64_t organization, const char* role) {
      const auto id =
          must(tx->query("INSERT INTO users (email, name, password_hash, "
                         "organization_id, created_at, updated_at) VALUES ($1, $1, "
                         "'x', $2, 0, 0) RETURNING id",
                         {std::string(email), organization}))[0]
              .integer(0);
      must(
          tx->exec("INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES "
                   "($1, $2, $3, 0)",
                   {id, organization, std::string(role)}));
      return id;
    };
    employee_ = user("li@xy.test", company_, "employee");
    outsider_ = user("zhao@hd.test", other_, "employee");
    department_ =
        must(tx->query("INSERT INTO departments (organization_id, name, cost_centre, "
                       "created_at, updated_at) VALUES ($1, '销售部', 'BJ-200', 0, 0) "
                       "RETURNING id",
                       {company_}))[0]
            .integer(0);
    must(tx->commit());
    manager_.organization_id = company_;
    manager_.organization_kind = auth::OrganizationKind::client;
    manager_.roles = {auth::Role::client_admin};
  }

  ManualClock clock_{1'790'000'000'000};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<TravelService> service_;
  auth::Principal manager_;
  std::int64_t company_ = 0, other_ = 0, employee_ = 0, outsider_ = 0, department_ = 0;
};

TEST_P(TravelServiceTest, ProfilesGiveEmployeesTheirRuleClass) {
  EXPECT_EQ(service_->rule_class_of(company_, employee_).status().problem_code(), "no_grade");
  auto profile = must(
      service_->set_profile(manager_, actor_, company_, employee_, {"M2", department_, ""}, 0));
  EXPECT_EQ(profile.rule_class, "manager");
  EXPECT_EQ(profile.version, 1);
  EXPECT_EQ(profile.cost_centre, "BJ-200");  // the department's
  EXPECT_EQ(must(service_->rule_class_of(company_, employee_)).name, "manager");
  // A change made on an old version is refused.
  EXPECT_EQ(service_->set_profile(manager_, actor_, company_, employee_, {"M1", department_, ""}, 0)
                .status()
                .code(),
            ErrorCode::version_mismatch);
  auto bad = service_->set_profile(manager_, actor_, company_, employee_, {"Z9", 999'999, ""}, 1);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().fields().size(), 2u);
  // Another company's employee, or another company altogether, is not found.
  EXPECT_EQ(
      service_->set_profile(manager_, actor_, company_, outsider_, {"P1", std::nullopt, ""}, 0)
          .status()
          .code(),
      ErrorCode::not_found);
  EXPECT_EQ(service_->employees(manager_, other_).status().code(), ErrorCode::not_found);
  EXPECT_EQ(must(service_->employees(manager_, company_)).size(), 1u);
}

TEST_P(TravelServiceTest, APolicyCannotDropAGradeInUse) {
  must(
      service_->set_profile(manager_, actor_, company_, employee_, {"P3", std::nullopt, "X-1"}, 0));
  auto policy = must(service_->policy(manager_, company_));
  EXPECT_EQ(policy.version, 1);
  policy.grades.erase("P3");
  EXPECT_EQ(service_->put_policy(manager_, actor_, company_, policy, 1).status().problem_code(),
            "grades_in_use");
  policy.grades["P3"] = "staff";
  policy.rule_classes[0].hotel_nightly_cap_fen[0] = 70'000;
  auto saved = must(service_->put_policy(manager_, actor_, company_, policy, 1));
  EXPECT_EQ(saved.version, 2);
  EXPECT_EQ(service_->put_policy(manager_, actor_, company_, policy, 1).status().code(),
            ErrorCode::version_mismatch);
  EXPECT_EQ(must(service_->policy(manager_, company_)).rule_classes[0].hotel_nightly_cap_fen[0],
            70'000);
}

TEST_P(TravelServiceTest, ATravelManagerBooksForTheCompanysEmployeesOnly) {
  auth::Principal employee;
  employee.user_id = employee_;
  employee.organization_id = company_;
  employee.organization_kind = auth::OrganizationKind::client;
  employee.roles = {auth::Role::employee};
  EXPECT_EQ(must(service_->traveller(employee, std::nullopt)).user_id, employee_);
  EXPECT_EQ(must(service_->traveller(employee, employee_)).name, "li@xy.test");
  // An employee books for nobody else; a manager for the company's employees, not another's.
  EXPECT_EQ(service_->traveller(employee, outsider_).status().code(), ErrorCode::forbidden);
  EXPECT_EQ(must(service_->traveller(manager_, employee_)).user_id, employee_);
  const auto across = service_->traveller(manager_, outsider_);
  ASSERT_FALSE(across.is_ok());
  ASSERT_EQ(across.status().fields().size(), 1u);
  EXPECT_EQ(across.status().fields()[0].field, "traveller_id");
}

TEST_P(TravelServiceTest, ACompanyChoosesItsTravelProvidersWithOneDefault) {
  std::int64_t travel_provider = 0, agency = 0;
  {
    auto tx = must(db().begin(store::TxMode::write));
    auto provider = [&](const char* name, const char* type) {
      const auto id =
          must(tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) VALUES "
                         "($1, 'provider', 0, 0) RETURNING id",
                         {std::string(name)}))[0]
              .integer(0);
      must(
          tx->exec("INSERT INTO provider_profiles (organization_id, provider_type, created_at, "
                   "updated_at) VALUES ($1, $2, 0, 0)",
                   {id, std::string(type)}));
      return id;
    };
    travel_provider = provider("云程差旅", "travel");
    agency = provider("优品代运营", "full_agency");
    must(tx->commit());
  }
  EXPECT_TRUE(must(service_->providers(manager_, company_)).empty());
  // Not a travel provider, twice, or no default: every problem named.
  auto bad = service_->set_providers(manager_, actor_, company_,
                                     {{agency, "", false, ""}, {agency, "", false, ""}});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().fields().size(), 4u);
  auto saved =
      must(service_->set_providers(manager_, actor_, company_, {{travel_provider, "", true, ""}}));
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].name, "云程差旅");
  EXPECT_TRUE(saved[0].is_default);
  auto tx = must(db().begin(store::TxMode::read));
  EXPECT_EQ(must(service_->serving_provider(*tx, company_, std::nullopt)), travel_provider);
  EXPECT_EQ(must(service_->serving_provider(*tx, company_, travel_provider)), travel_provider);
  EXPECT_EQ(service_->serving_provider(*tx, company_, agency).status().code(),
            ErrorCode::invalid_argument);
  EXPECT_FALSE(must(service_->serving_provider(*tx, other_, std::nullopt)).has_value());
}

FUWU_ON_BOTH_BACKENDS(TravelServiceTest);

}  // namespace
}  // namespace fuwu::travel
