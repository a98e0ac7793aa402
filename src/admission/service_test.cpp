// The whole admission lifecycle on SQLite and PostgreSQL, with a controlled clock.
#include "admission/service.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "admission/credit_code.hpp"
#include "core/business_calendar.hpp"
#include "core/crypto.hpp"
#include "support/test_database.hpp"

namespace fuwu::admission {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

std::string credit_code(const std::string& first17) {
  return first17 + credit_code_check_digit(first17);
}

std::string partner_csv(const char* header, int rows, const char* prefix) {
  std::string csv = std::string(header) + "\n";
  for (int i = 1; i <= rows; ++i)
    csv += std::string(prefix) + std::to_string(i) + ",联系人" + std::to_string(i) + ",13800138" +
           (i < 10 ? "00" : "0") + std::to_string(i) + "\n";
  return csv;
}

const std::string kPdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(32, '\0');

class AdmissionServiceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    files_dir_ = std::filesystem::temp_directory_path() / ("fuwu_files_" + crypto::random_hex(6));
    files_ = std::make_unique<store::FileStore>(files_dir_);
    directory_ = std::make_unique<auth::DirectoryService>(db(), clock_, audit_,
                                                          auth::PasswordCost{1, 8 * 1024});
    registry_ = std::make_unique<registry::RegistryService>(db(), clock_, audit_, *directory_,
                                                            std::string(32, 'k'));
    service_ =
        std::make_unique<AdmissionService>(db(), clock_, audit_, *files_, *directory_, *registry_);
    auto platform = must(directory_->create_organization(
        audit::Actor::system("t"), org("平台", auth::OrganizationKind::platform)));
    auto reviewer_user = must(directory_->create_user_unchecked(
        audit::Actor::system("t"),
        {"reviewer@fuwu.cn", "审核员", "a-long-password", platform.id, {auth::Role::reviewer}}));
    reviewer_.user_id = reviewer_user.id;
    reviewer_.organization_id = platform.id;
    reviewer_.organization_kind = auth::OrganizationKind::platform;
    reviewer_.roles = {auth::Role::reviewer};
    program_ = must(service_->create_program(
        audit::Actor::system("t"),
        {"local_services", "生活服务服务商", "Local services providers", "", 10},
        default_rule_set()));
  }
  void TearDown() override {
    std::error_code ec;
    if (!files_dir_.empty()) std::filesystem::remove_all(files_dir_, ec);
    BackendTest::TearDown();
  }

  static auth::Organization org(const char* name, auth::OrganizationKind kind) {
    auth::Organization o;
    o.name = name;
    o.kind = kind;
    return o;
  }

  // A draft that meets every default rule, with all its materials.
  Application complete_draft(const std::string& code, const std::string& email,
                             int merchant_rows = 20) {
    auto started =
        must(service_->start_application(program_.id, {"王经理", email, "13900139000"}, "t"));
    ApplicationPatch patch;
    patch.company_name = "杭州好生活科技有限公司";
    patch.credit_code = std::optional<std::string>(code);
    patch.facts = boost::json::parse(R"({
      "registered_capital_fen": 100000000, "team_size": 35, "partner_merchants": 20, "partner_influencers": 22,
      "independent_legal_entity": true, "no_debt_disputes": true,
      "advantage_statement": "专注杭州本地餐饮与丽人商家的直播运营。",
      "business_scope": "设计、制作、代理、发布各类广告；技术服务",
      "hq_region_code": "330106", "resource_region_codes": ["330106", "330102"]})")
                      .as_object();
    auto updated =
        must(service_->update(started.application.id, started.application.version, patch, "t"));
    must(service_->add_material(updated.id, "business_licence", "营业执照.pdf", kPdf, "t"));
    must(service_->add_material(updated.id, "case_study", "案例.png", kPng, "t"));
    must(service_->add_material(updated.id, "merchant_list", "商户.csv",
                                partner_csv("商户名称,联系人,联系电话", merchant_rows, "商户"),
                                "t"));
    must(service_->add_material(updated.id, "influencer_list", "达人.csv",
                                partner_csv("达人昵称,抖音号,联系电话", 22, "达人"), "t"));
    return must(service_->view(updated.id)).application;
  }

  ManualClock clock_{1'719'892'800'000};  // 2024-07-02 12:00 Shanghai (a Tuesday)
  audit::AuditLog audit_{clock_};
  std::filesystem::path files_dir_;
  std::unique_ptr<store::FileStore> files_;
  std::unique_ptr<auth::DirectoryService> directory_;
  std::unique_ptr<registry::RegistryService> registry_;
  std::unique_ptr<AdmissionService> service_;
  auth::Principal reviewer_;
  Program program_;
};

TEST_P(AdmissionServiceTest, ApplicationGoesFromDraftToApprovedProvider) {
  const Application draft = complete_draft(credit_code("91330106MA2KXYW12"), "boss@haoshenghuo.cn");
  auto view = must(service_->view(draft.id));
  for (const auto& v : view.live_verdicts)
    EXPECT_EQ(v.outcome, Outcome::pass) << v.rule_id << ": " << v.reason.en;
  EXPECT_EQ(view.materials.size(), 4u);

  auto submitted = must(service_->submit(draft.id, "t"));
  EXPECT_EQ(submitted.state, State::auto_checked);
  ASSERT_TRUE(submitted.verdicts.has_value());
  EXPECT_EQ(submitted.verdicts->size(), default_rule_set().rules.size());
  // 10 working days after Tuesday 2024-07-02: Tuesday 2024-07-16, end of day in Shanghai.
  EXPECT_EQ(shanghai_date_of(*submitted.due_at).to_string(), "2024-07-16");

  auto queue = must(service_->review_queue(std::nullopt, std::nullopt, "", 10));
  ASSERT_EQ(queue.items.size(), 1u);
  EXPECT_FALSE(service_->is_overdue(queue.items[0]));

  must(service_->claim(reviewer_, {reviewer_.user_id, reviewer_.organization_id, "t"}, draft.id));
  auto approval = must(service_->approve(
      reviewer_, {reviewer_.user_id, reviewer_.organization_id, "t"}, draft.id, "资料齐全"));
  EXPECT_EQ(approval.application.state, State::approved);
  EXPECT_EQ(approval.organization.kind, auth::OrganizationKind::provider);
  EXPECT_EQ(approval.organization.region_code, "330106");
  EXPECT_EQ(approval.admin.email, "boss@haoshenghuo.cn");
  EXPECT_TRUE(approval.admin.roles.contains(auth::Role::provider_admin));
  EXPECT_FALSE(approval.one_time_password.empty());
  auto profile = must(registry_->get_provider(reviewer_, approval.organization.id));
  EXPECT_EQ(profile.team_size, 35);
  EXPECT_EQ(profile.application_id, draft.id);
  EXPECT_EQ(profile.resource_region_codes, (std::vector<std::string>{"330102", "330106"}));

  auto events = must(service_->view(draft.id)).events;
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "upload", "upload", "upload", "upload",
                                               "submit", "auto_check", "claim", "approve"}));
  EXPECT_TRUE(must(audit::AuditLog::verify(db())).ok());

  // Approving twice is refused and changes nothing.
  auto again = service_->approve(reviewer_, {reviewer_.user_id, reviewer_.organization_id, "t"},
                                 draft.id, "");
  EXPECT_EQ(again.status().problem_code(), "illegal_transition");
}

TEST_P(AdmissionServiceTest, UnbackedClaimIsRefusedAtSubmissionNamingTheRule) {
  const Application draft =
      complete_draft(credit_code("91330106MA2KXYW13"), "a@b.cn", /*merchant_rows=*/19);
  auto submitted = service_->submit(draft.id, "t");
  ASSERT_FALSE(submitted.is_ok());
  const Status status = submitted.status();
  EXPECT_EQ(status.problem_code(), "rules_not_met");
  ASSERT_EQ(status.fields().size(), 1u);
  EXPECT_EQ(status.fields()[0].field, "rules.partner_merchants_backed");
  EXPECT_EQ(must(service_->view(draft.id)).application.state, State::draft);
}

TEST_P(AdmissionServiceTest, OneLiveApplicationPerCreditCode) {
  const std::string code = credit_code("91330106MA2KXYW14");
  const Application first = complete_draft(code, "first@b.cn");
  auto second = must(service_->start_application(program_.id, {"李", "second@b.cn", ""}, "t"));
  ApplicationPatch patch;
  patch.credit_code = std::optional<std::string>(code);
  auto duplicate = service_->update(second.application.id, second.application.version, patch, "t");
  EXPECT_EQ(duplicate.status().code(), ErrorCode::unique_violation);
  // Withdrawing the first frees the code.
  must(service_->withdraw(first.id, "换一家公司申请", "t"));
  EXPECT_TRUE(
      service_->update(second.application.id, second.application.version, patch, "t").is_ok());
}

TEST_P(AdmissionServiceTest, InvalidInputChangesNothing) {
  const Application draft = complete_draft(credit_code("91330106MA2KXYW15"), "c@b.cn");
  ApplicationPatch bad_code;
  bad_code.credit_code = std::optional<std::string>("91330106MA2KXYW150");
  EXPECT_EQ(service_->update(draft.id, draft.version, bad_code, "t").status().code(),
            ErrorCode::invalid_argument);
  ApplicationPatch bad_fact;
  bad_fact.facts = boost::json::parse(R"({"team_size": "many"})").as_object();
  EXPECT_EQ(service_->update(draft.id, draft.version, bad_fact, "t").status().fields()[0].field,
            "facts.team_size");
  // A PNG name with PDF bytes.
  auto disguised = service_->add_material(draft.id, "case_study", "case.png", kPdf, "t");
  EXPECT_EQ(disguised.status().fields()[0].field, "file_name");
  auto list_as_pdf = service_->add_material(draft.id, "merchant_list", "list.pdf", kPdf, "t");
  EXPECT_FALSE(list_as_pdf.is_ok());
  EXPECT_EQ(must(service_->view(draft.id)).application.version, draft.version);
  EXPECT_EQ(must(service_->view(draft.id)).materials.size(), 4u);

  must(service_->submit(draft.id, "t"));
  ApplicationPatch late;
  late.company_name = "改名";
  EXPECT_EQ(service_->update(draft.id, draft.version + 1, late, "t").status().problem_code(),
            "illegal_transition");
}

TEST_P(AdmissionServiceTest, ApplicationsAreJudgedByTheRulesTheyWereSubmittedUnder) {
  const Application draft = complete_draft(credit_code("91330106MA2KXYW16"), "d@b.cn");
  auto submitted = must(service_->submit(draft.id, "t"));
  EXPECT_EQ(submitted.rule_set_version, 1);
  RuleSet stricter = default_rule_set();
  for (auto& r : stricter.rules)
    if (r.id == "team_size") r.min = 50;
  must(service_->publish_rule_set(audit::Actor::system("t"), program_.id, stricter,
                                  "团队要求提高到50人"));
  const audit::Actor reviewer_actor{reviewer_.user_id, reviewer_.organization_id, "t"};
  must(service_->claim(reviewer_, reviewer_actor, draft.id));
  EXPECT_EQ(
      service_->request_changes(reviewer_, reviewer_actor, draft.id, "").status().fields()[0].field,
      "reason");
  must(service_->request_changes(reviewer_, reviewer_actor, draft.id, "请补充合作案例"));
  // Team of 35 still passes: the application keeps rule set 1 on resubmission.
  auto resubmitted = must(service_->submit(draft.id, "t"));
  EXPECT_EQ(resubmitted.state, State::auto_checked);
  EXPECT_EQ(resubmitted.rule_set_version, 1);
  // A new application is judged by version 2.
  auto fresh = must(service_->start_application(program_.id, {"赵", "e@b.cn", ""}, "t"));
  EXPECT_EQ(must(service_->view(fresh.application.id)).rule_set.version, 2);
}

TEST_P(AdmissionServiceTest, DueDatesSkipHolidaysAndOverdueIsFlagged) {
  {
    auto tx = must(db().begin(store::TxMode::write));
    must(
        tx->exec("INSERT INTO calendar_days (day, kind, name) VALUES ('2024-07-05', 'holiday', "
                 "'测试假日')"));
    must(tx->commit());
  }
  const Application draft = complete_draft(credit_code("91330106MA2KXYW17"), "f@b.cn");
  auto submitted = must(service_->submit(draft.id, "t"));
  EXPECT_EQ(shanghai_date_of(*submitted.due_at).to_string(), "2024-07-17");
  clock_.advance_ms(16ll * 24 * 3600 * 1000);
  EXPECT_TRUE(service_->is_overdue(submitted));
}

TEST_P(AdmissionServiceTest, TokensOpenOnlyTheirOwnApplication) {
  auto a = must(service_->start_application(program_.id, {"甲", "g@b.cn", ""}, "t"));
  auto b = must(service_->start_application(program_.id, {"乙", "h@b.cn", ""}, "t"));
  EXPECT_TRUE(service_->check_token(a.application.id, a.access_token).is_ok());
  EXPECT_EQ(service_->check_token(b.application.id, a.access_token).code(), ErrorCode::not_found);
  EXPECT_EQ(service_->check_token(a.application.id, "fwa_nope").code(), ErrorCode::unauthenticated);
}

FUWU_ON_BOTH_BACKENDS(AdmissionServiceTest);

}  // namespace
}  // namespace fuwu::admission
