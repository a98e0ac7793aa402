// Pre-trip approval on SQLite and PostgreSQL: requests, approvers by department, decisions, the
// deadline's default outcome, and what a booking may refer to.
#include "travel/requests.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_database.hpp"

namespace fuwu::travel {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

constexpr TimeMs kNov10 = 1'794'240'000'000;  // 2026-11-10T00:00+08:00

TEST(NeedsApproval, FollowsTheCompanysMode) {
  ApprovalRules rules;
  EXPECT_FALSE(needs_approval(rules, Control::needs_approval));  // none
  rules.mode = ApprovalMode::out_of_policy;
  EXPECT_FALSE(needs_approval(rules, Control::allow));
  EXPECT_TRUE(needs_approval(rules, Control::warn));
  rules.mode = ApprovalMode::always;
  EXPECT_TRUE(needs_approval(rules, Control::allow));
}

class TravelRequestsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    travel_ = std::make_unique<TravelService>(db(), clock_, audit_);
    requests_ = std::make_unique<TravelRequestService>(db(), clock_, audit_, *travel_);
    auto tx = must(db().begin(store::TxMode::write));
    company_ =
        must(tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) "
                       "VALUES ('星云科技', 'client', 0, 0) RETURNING id"))[0]
            .integer(0);
    auto department = [&](const char* name) {
      return must(
                 tx->query("INSERT INTO departments (organization_id, name, created_at, "
                           "updated_at) VALUES ($1, $2, 0, 0) RETURNING id",
                           {company_, std::string(name)}))[0]
          .integer(0);
    };
    sales_ = department("销售部");
    research_ = department("研发中心");
    auto user = [&](const char* email, const char* role) {
      const auto id =
          must(tx->query("INSERT INTO users (email, name, password_hash, "
                         "organization_id, created_at, updated_at) VALUES ($1, $1, "
                         "'x', $2, 0, 0) RETURNING id",
                         {std::string(email), company_}))[0]
              .integer(0);
      must(
          tx->exec("INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES "
                   "($1, $2, $3, 0)",
                   {id, company_, std::string(role)}));
      return id;
    };
    li_ = user("li", "employee");
    sales_head_ = user("sales-head", "employee");
    research_head_ = user("research-head", "employee");
    manager_id_ = user("manager", "client_admin");
    must(tx->commit());
    tx.reset();  // gives the writer back
    manager_ = principal(manager_id_, auth::Role::client_admin);
    must(travel_->set_profile(manager_, actor_, company_, li_, {"P5", sales_, ""}, 0));
  }

  auth::Principal principal(std::int64_t user, auth::Role role) {
    auth::Principal p;
    p.user_id = user;
    p.organization_id = company_;
    p.organization_kind = auth::OrganizationKind::client;
    p.roles = {role};
    return p;
  }

  NewTravelRequest trip_to_shanghai() {
    NewTravelRequest r;
    r.purpose = "拜访上海客户";
    r.budget_fen = 300'000;
    r.itinerary = boost::json::array{
        boost::json::object{
            {"kind", "flight"}, {"origin", "1101"}, {"destination", "PVG"}, {"date", "2026-12-01"}},
        boost::json::object{
            {"kind", "hotel"}, {"city", "3101"}, {"date", "2026-12-01"}, {"nights", 2}}};
    return r;
  }

  ManualClock clock_{kNov10};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<TravelService> travel_;
  std::unique_ptr<TravelRequestService> requests_;
  auth::Principal manager_;
  std::int64_t company_ = 0, sales_ = 0, research_ = 0, li_ = 0, sales_head_ = 0,
               research_head_ = 0, manager_id_ = 0;
};

TEST_P(TravelRequestsTest, AnApproverOfTheTravellersDepartmentDecidesBeforeTheDeadline) {
  must(requests_->set_approvers(
      manager_, actor_, company_,
      {{sales_, "", sales_head_, ""}, {research_, "", research_head_, ""}}));
  const auto li = principal(li_, auth::Role::employee);
  const auto created = must(requests_->create(li, actor_, trip_to_shanghai()));
  const auto id = created.at("id").as_int64();
  EXPECT_EQ(created.at("state"), "pending");
  EXPECT_EQ(created.at("rule_class"), "staff");
  EXPECT_EQ(created.at("deadline_at").as_int64(), kNov10 + 24 * 3'600'000);  // the default

  // The research head approves for research, not sales; nobody approves their own request.
  const auto research = principal(research_head_, auth::Role::employee);
  EXPECT_TRUE(must(requests_->list(research, "inbox", std::nullopt, 50)).empty());
  EXPECT_EQ(requests_->decide(research, actor_, id, true, "").status().problem_code(),
            "not_an_approver");
  EXPECT_EQ(requests_->decide(li, actor_, id, true, "").status().problem_code(), "own_request");
  const auto sales = principal(sales_head_, auth::Role::employee);
  ASSERT_EQ(must(requests_->list(sales, "inbox", std::nullopt, 50)).size(), 1u);
  EXPECT_EQ(requests_->require_approved(company_, li_, id).problem_code(), "approval_pending");
  const auto approved = must(requests_->decide(sales, actor_, id, true, "同意"));
  EXPECT_EQ(approved.at("state"), "approved");
  EXPECT_EQ(requests_->decide(sales, actor_, id, false, "").status().problem_code(),
            "already_decided");
  EXPECT_TRUE(requests_->require_approved(company_, li_, id).is_ok());
  EXPECT_EQ(requests_->require_approved(company_, sales_head_, id).code(),
            ErrorCode::invalid_argument);  // not the traveller's
}

TEST_P(TravelRequestsTest, NobodyDecidingByTheDeadlineGivesTheDefaultOutcome) {
  const auto li = principal(li_, auth::Role::employee);
  const auto id = must(requests_->create(li, actor_, trip_to_shanghai())).at("id").as_int64();
  // Without listed approvers the travel managers decide; the deadline passes first.
  clock_.advance_ms(25 * 3'600'000);
  EXPECT_EQ(requests_->decide(manager_, actor_, id, true, "").status().problem_code(),
            "approval_expired");
  const auto settled = must(requests_->get(li, id));
  EXPECT_EQ(settled.at("state"), "denied");  // the policy's default
  EXPECT_TRUE(settled.at("decided_by_default").as_bool());
  EXPECT_EQ(requests_->require_approved(company_, li_, id).problem_code(), "approval_denied");
}

TEST_P(TravelRequestsTest, BadRequestsAndApproversAreRefused) {
  const auto li = principal(li_, auth::Role::employee);
  auto bad = trip_to_shanghai();
  bad.itinerary = boost::json::array{
      boost::json::object{{"kind", "ship"}, {"date", "2026-12-01"}},
      boost::json::object{
          {"kind", "hotel"}, {"city", "9999"}, {"date", "2020-01-01"}, {"nights", 40}},
      boost::json::object{{"kind", "train"},
                          {"origin", "1101"},
                          {"destination", "3101"},
                          {"date", "2026-12-03"},
                          {"seat", "x"}}};
  const auto refused = requests_->create(li, actor_, bad);
  ASSERT_FALSE(refused.is_ok());
  std::vector<std::string> fields;
  const Status problem = refused.status();
  for (const auto& f : problem.fields()) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"itinerary[0].kind", "itinerary[1].date", "itinerary[1].city",
                                      "itinerary[1].nights", "itinerary[2].seat"}));
  EXPECT_TRUE(must(requests_->list(li, "mine", std::nullopt, 50)).empty());
  EXPECT_EQ(requests_->list(li, "company", std::nullopt, 50).status().code(), ErrorCode::forbidden);
  const auto approvers =
      requests_->set_approvers(manager_, actor_, company_,
                               {{999'999, "", sales_head_, ""}, {std::nullopt, "", 999'999, ""}});
  ASSERT_FALSE(approvers.is_ok());
  EXPECT_EQ(approvers.status().fields().size(), 2u);
  EXPECT_TRUE(must(requests_->approvers(manager_, company_)).empty());
}

FUWU_ON_BOTH_BACKENDS(TravelRequestsTest);

}  // namespace
}  // namespace fuwu::travel
