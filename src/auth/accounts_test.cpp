// Sessions and the directory on both backends, with a controlled clock.
#include <gtest/gtest.h>

#include "auth/directory_service.hpp"
#include "auth/session_service.hpp"
#include "support/test_database.hpp"

namespace fuwu::auth {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

constexpr const char* kPassword = "correct horse battery";

class AccountsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    policy_.password_cost = {1, 8 * 1024};
    policy_.failures_before_slowdown = 3;
    policy_.failures_before_lock = 5;
    sessions_ = std::make_unique<SessionService>(db(), clock_, audit_, policy_);
    directory_ = std::make_unique<DirectoryService>(db(), clock_, audit_, policy_.password_cost);
    platform_ = must(directory_->create_organization(audit::Actor::system("test"),
                                                     org("平台", OrganizationKind::platform)));
    client_ = must(directory_->create_organization(audit::Actor::system("test"),
                                                   org("客户甲", OrganizationKind::client)));
    other_ = must(directory_->create_organization(audit::Actor::system("test"),
                                                  org("客户乙", OrganizationKind::client)));
    operator_ = must(directory_->create_user_unchecked(
        audit::Actor::system("test"),
        {"op@test.cn", "运营", kPassword, platform_.id, {Role::operator_admin}}));
    client_admin_ = must(directory_->create_user_unchecked(
        audit::Actor::system("test"),
        {"Admin@Client.cn", "管理员", kPassword, client_.id, {Role::client_admin}}));
    stranger_ = must(directory_->create_user_unchecked(
        audit::Actor::system("test"),
        {"emp@other.cn", "员工", kPassword, other_.id, {Role::employee}}));
  }

  static Organization org(const char* name, OrganizationKind kind) {
    Organization o;
    o.name = name;
    o.kind = kind;
    return o;
  }
  Principal login_as(const std::string& email) {
    return must(sessions_->login(email, kPassword, "t")).principal;
  }

  ManualClock clock_{1'700'000'000'000};
  audit::AuditLog audit_{clock_};
  SessionPolicy policy_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<DirectoryService> directory_;
  Organization platform_, client_, other_;
  User operator_, client_admin_, stranger_;
};

TEST_P(AccountsTest, LoginIssuesATokenThatAuthenticates) {
  auto login = must(sessions_->login("  ADMIN@client.cn ", kPassword, "req"));
  EXPECT_TRUE(login.token.starts_with("fws_"));
  auto principal = must(sessions_->authenticate(login.token));
  EXPECT_EQ(principal.user_id, client_admin_.id);
  EXPECT_EQ(principal.organization_id, client_.id);
  EXPECT_TRUE(principal.roles.contains(Role::client_admin));
  EXPECT_FALSE(principal.roles.contains(Role::operator_admin));
}

TEST_P(AccountsTest, TokensAreStoredOnlyAsHashes) {
  auto login = must(sessions_->login("op@test.cn", kPassword, "req"));
  auto tx = must(db().begin(store::TxMode::read));
  auto rows = must(tx->query("SELECT token_hash FROM sessions"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].text(0), login.token);
  EXPECT_EQ(rows[0].text(0).find(login.token.substr(4)), std::string::npos);
}

TEST_P(AccountsTest, WrongPasswordAndUnknownEmailLookTheSame) {
  auto wrong = sessions_->login("op@test.cn", "not the password", "r");
  auto unknown = sessions_->login("nobody@test.cn", "not the password", "r");
  EXPECT_EQ(wrong.status().problem_code(), "invalid_credentials");
  EXPECT_EQ(unknown.status().problem_code(), "invalid_credentials");
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
}

TEST_P(AccountsTest, RepeatedFailuresAreSlowedThenLocked) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(sessions_->login("op@test.cn", "bad password!", "r").status().problem_code(),
              "invalid_credentials");
  // The fourth attempt within the back-off window is refused without checking the password.
  EXPECT_EQ(sessions_->login("op@test.cn", kPassword, "r").status().problem_code(),
            "login_throttled");
  clock_.advance_ms(1'001);
  EXPECT_EQ(sessions_->login("op@test.cn", "bad password!", "r").status().problem_code(),
            "invalid_credentials");
  clock_.advance_ms(2'001);
  EXPECT_EQ(sessions_->login("op@test.cn", "bad password!", "r").status().problem_code(),
            "invalid_credentials");
  // Five failures: locked, even with the right password.
  clock_.advance_ms(10'000);
  EXPECT_EQ(sessions_->login("op@test.cn", kPassword, "r").status().problem_code(), "login_locked");
  clock_.advance_ms(policy_.lock_ms);
  EXPECT_TRUE(sessions_->login("op@test.cn", kPassword, "r").is_ok());
}

TEST_P(AccountsTest, ExpiredAndRevokedTokensAreRefused) {
  auto login = must(sessions_->login("op@test.cn", kPassword, "r"));
  clock_.advance_ms(policy_.token_ttl_ms + 1);
  EXPECT_EQ(sessions_->authenticate(login.token).status().problem_code(), "token_expired");

  auto second = must(sessions_->login("op@test.cn", kPassword, "r"));
  must(sessions_->logout(second.principal,
                         {second.principal.user_id, second.principal.organization_id, "r"}));
  EXPECT_EQ(sessions_->authenticate(second.token).status().code(), ErrorCode::unauthenticated);
  EXPECT_FALSE(sessions_->authenticate("fws_0000").is_ok());
  EXPECT_FALSE(sessions_->authenticate("garbage").is_ok());
}

TEST_P(AccountsTest, ApiKeysAuthenticateUntilRevoked) {
  auto op = login_as("op@test.cn");
  auto key = must(sessions_->create_api_key(op, {op.user_id, op.organization_id, "r"}, stranger_.id,
                                            "机器", std::nullopt));
  EXPECT_TRUE(key.secret.starts_with("fwk_"));
  auto principal = must(sessions_->authenticate(key.secret));
  EXPECT_EQ(principal.user_id, stranger_.id);
  EXPECT_EQ(principal.api_key_id, key.key.id);
  must(sessions_->revoke_api_key(op, {op.user_id, op.organization_id, "r"}, key.key.id));
  EXPECT_FALSE(sessions_->authenticate(key.secret).is_ok());
}

TEST_P(AccountsTest, OtherOrganizationsDataIsNotFound) {
  auto admin = login_as("admin@client.cn");
  EXPECT_EQ(directory_->get_organization(admin, other_.id).status().code(), ErrorCode::not_found);
  EXPECT_EQ(directory_->get_user(admin, stranger_.id).status().code(), ErrorCode::not_found);
  EXPECT_TRUE(directory_->get_organization(admin, client_.id).is_ok());
  auto orgs = must(directory_->list_organizations(admin, std::nullopt, std::nullopt, 0, 50));
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(orgs[0].id, client_.id);
  auto users = must(directory_->list_users(admin, other_.id, std::nullopt, 0, 50));
  EXPECT_TRUE(users.empty());
  auto op = login_as("op@test.cn");
  EXPECT_EQ(must(directory_->list_organizations(op, std::nullopt, std::nullopt, 0, 50)).size(), 3u);
}

TEST_P(AccountsTest, OrganizationAdminsManageOnlyTheirOwnUsersAndRoles) {
  auto admin = login_as("admin@client.cn");
  const audit::Actor actor{admin.user_id, admin.organization_id, "r"};
  auto created = directory_->create_user(
      admin, actor, {"new@client.cn", "新员工", kPassword, client_.id, {Role::employee}});
  ASSERT_TRUE(created.is_ok()) << created.status().message();
  auto foreign = directory_->create_user(
      admin, actor, {"x@other.cn", "外人", kPassword, other_.id, {Role::employee}});
  EXPECT_EQ(foreign.status().code(), ErrorCode::invalid_argument);
  auto wrong_role = directory_->create_user(
      admin, actor, {"y@client.cn", "越权", kPassword, client_.id, {Role::operator_admin}});
  EXPECT_EQ(wrong_role.status().code(), ErrorCode::invalid_argument);
  auto duplicate = directory_->create_user(
      admin, actor, {"NEW@client.cn", "重复", kPassword, client_.id, {Role::employee}});
  EXPECT_EQ(duplicate.status().code(), ErrorCode::unique_violation);
}

TEST_P(AccountsTest, UpdatesNeedTheCurrentVersion) {
  auto op = login_as("op@test.cn");
  const audit::Actor actor{op.user_id, op.organization_id, "r"};
  OrganizationPatch patch;
  patch.name = "客户甲（新）";
  auto updated =
      must(directory_->update_organization(op, actor, client_.id, client_.version, patch));
  EXPECT_EQ(updated.version, client_.version + 1);
  EXPECT_EQ(updated.name, "客户甲（新）");
  auto stale = directory_->update_organization(op, actor, client_.id, client_.version, patch);
  EXPECT_EQ(stale.status().code(), ErrorCode::version_mismatch);
}

TEST_P(AccountsTest, DisablingAUserEndsItsSessions) {
  auto emp = must(sessions_->login("emp@other.cn", kPassword, "r"));
  auto op = login_as("op@test.cn");
  UserPatch patch;
  patch.status = "disabled";
  must(directory_->update_user(op, {op.user_id, op.organization_id, "r"}, stranger_.id,
                               stranger_.version, patch));
  EXPECT_FALSE(sessions_->authenticate(emp.token).is_ok());
  EXPECT_EQ(sessions_->login("emp@other.cn", kPassword, "r").status().problem_code(),
            "invalid_credentials");
}

TEST_P(AccountsTest, EveryChangeIsAudited) {
  auto v = must(audit::AuditLog::verify(db()));
  EXPECT_TRUE(v.ok());
  // 3 organizations and 3 users created in SetUp.
  EXPECT_EQ(v.records_checked, 6);
}

FUWU_ON_BOTH_BACKENDS(AccountsTest);

}  // namespace
}  // namespace fuwu::auth
