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
  auto profile =
      must(service_->set_profile(manager_, actor_, company_, employee_, {"M2", department_, ""}));
  EXPECT_EQ(profile.rule_class, "manager");
  EXPECT_EQ(profile.cost_centre, "BJ-200");  // the department's
  EXPECT_EQ(must(service_->rule_class_of(company_, employee_)).name, "manager");
  auto bad = service_->set_profile(manager_, actor_, company_, employee_, {"Z9", 999'999, ""});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().fields().size(), 2u);
  // Another company's employee, or another company altogether, is not found.
  EXPECT_EQ(service_->set_profile(manager_, actor_, company_, outsider_, {"P1", std::nullopt, ""})
                .status()
                .code(),
            ErrorCode::not_found);
  EXPECT_EQ(service_->employees(manager_, other_).status().code(), ErrorCode::not_found);
  EXPECT_EQ(must(service_->employees(manager_, company_)).size(), 1u);
}

TEST_P(TravelServiceTest, APolicyCannotDropAGradeInUse) {
  must(service_->set_profile(manager_, actor_, company_, employee_, {"P3", std::nullopt, "X-1"}));
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

FUWU_ON_BOTH_BACKENDS(TravelServiceTest);

}  // namespace
}  // namespace fuwu::travel
