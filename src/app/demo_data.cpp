#include "app/demo_data.hpp"

#include "auth/repository.hpp"

namespace fuwu::app {
namespace {

using auth::OrganizationKind;
using auth::Role;

struct DemoUser {
  const char* email;
  const char* name;
  std::vector<Role> roles;
};

struct DemoOrganization {
  const char* name;
  OrganizationKind kind;
  const char* region_code;  // GB/T 2260 administrative-division code
  std::vector<DemoUser> users;
};

const std::vector<DemoOrganization>& demo_organizations() {
  static const std::vector<DemoOrganization> orgs = {
      {"北京星云科技有限公司",
       OrganizationKind::client,
       "110108",
       {{"admin@xingyun.demo", "周雅琴", {Role::client_admin}},
        {"li.wei@xingyun.demo", "李伟", {Role::employee}},
        {"wang.fang@xingyun.demo", "王芳", {Role::employee}},
        {"zhang.min@xingyun.demo", "张敏", {Role::employee}}}},
      {"上海汇达贸易集团有限公司",
       OrganizationKind::client,
       "310115",
       {{"admin@huida.demo", "陈建国", {Role::client_admin}},
        {"liu.yang@huida.demo", "刘洋", {Role::employee}},
        {"zhao.jing@huida.demo", "赵静", {Role::employee}}}},
      {"深圳鹏城智能制造有限公司",
       OrganizationKind::client,
       "440305",
       {{"admin@pengcheng.demo", "黄晓明", {Role::client_admin}},
        {"sun.li@pengcheng.demo", "孙丽", {Role::employee}}}},
      {"杭州云程差旅服务有限公司",
       OrganizationKind::provider,
       "330106",
       {{"admin@yuncheng.demo", "吴志强", {Role::provider_admin}},
        {"agent@yuncheng.demo", "郑雪", {Role::provider_staff, Role::desk_agent}}}},
      {"广州优品电商代运营有限公司",
       OrganizationKind::provider,
       "440106",
       {{"admin@youpin.demo", "何嘉欣", {Role::provider_admin}},
        {"ops@youpin.demo", "林俊杰", {Role::provider_staff}}}},
      {"成都锦城生活服务有限公司",
       OrganizationKind::provider,
       "510104",
       {{"admin@jincheng.demo", "罗丹", {Role::provider_admin}},
        {"staff@jincheng.demo", "谢强", {Role::provider_staff}}}},
      {"云翼航空票务（模拟供应商）",
       OrganizationKind::supplier,
       "310112",
       {{"api@yunyi-air.demo", "云翼航空接口", {Role::supplier_api}}}},
      {"锦程酒店集团（模拟供应商）",
       OrganizationKind::supplier,
       "320106",
       {{"api@jincheng-hotel.demo", "锦程酒店接口", {Role::supplier_api}}}},
      {"畅行铁路票务（模拟供应商）",
       OrganizationKind::supplier,
       "420106",
       {{"api@changxing-rail.demo", "畅行铁路接口", {Role::supplier_api}}}},
      // The same flights and hotels from more suppliers (一品多供), at their own prices.
      {"天航商旅（模拟供应商）",
       OrganizationKind::supplier,
       "120101",
       {{"api@tianhang-air.demo", "天航商旅接口", {Role::supplier_api}}}},
      {"捷运机票（模拟供应商）",
       OrganizationKind::supplier,
       "440106",
       {{"api@jieyun-air.demo", "捷运机票接口", {Role::supplier_api}}}},
      {"旅居订房（模拟供应商）",
       OrganizationKind::supplier,
       "330106",
       {{"api@lvju-hotel.demo", "旅居订房接口", {Role::supplier_api}}}},
      // Cars for transfers (接送机/站).
      {"畅途用车（模拟供应商）",
       OrganizationKind::supplier,
       "110105",
       {{"api@changtu-car.demo", "畅途用车接口", {Role::supplier_api}}}},
      {"易行专车（模拟供应商）",
       OrganizationKind::supplier,
       "310104",
       {{"api@yixing-car.demo", "易行专车接口", {Role::supplier_api}}}},
  };
  return orgs;
}

const std::vector<DemoUser>& platform_users() {
  static const std::vector<DemoUser> users = {
      {"operator@fuwu.demo", "运营管理员 高远", {Role::operator_admin}},
      {"lead@fuwu.demo", "运营主管 苏青", {Role::operator_admin}},
      {"reviewer@fuwu.demo", "审核员 马琳", {Role::reviewer}},
      {"finance@fuwu.demo", "财务 钱多多", {Role::finance}},
      {"desk@fuwu.demo", "客服 唐欣", {Role::desk_agent}},
  };
  return users;
}

auth::RoleSet role_set(const std::vector<Role>& roles) {
  auth::RoleSet set;
  for (Role r : roles) set.add(r);
  return set;
}

std::string role_names(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) out += (out.empty() ? "" : ",") + std::string(auth::role_name(r));
  return out;
}

}  // namespace

Result<DemoResult> seed_demo_data(store::Database& db, auth::DirectoryService& directory,
                                  std::int64_t platform_organization_id) {
  DemoResult result;
  // Demo data goes only into a database without users: it never mixes with real data.
  FUWU_ASSIGN_OR_RETURN(
      bool has_users, store::with_read_transaction(db, [](store::Transaction& tx) -> Result<bool> {
        FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT id FROM users LIMIT 1"));
        return !rows.empty();
      }));
  auto collect_logins = [&] {
    for (const auto& u : platform_users())
      result.logins.push_back({u.email, role_names(u.roles), "服务平台运营中心"});
    for (const auto& org : demo_organizations())
      for (const auto& u : org.users)
        result.logins.push_back({u.email, role_names(u.roles), org.name});
  };
  if (has_users) {
    collect_logins();
    return result;
  }
  // Passwords are hashed before the transaction (Argon2id is slow on purpose); everything else is
  // one transaction under a lock, so two servers started together on one database seed it once.
  struct PendingUser {
    const DemoUser* user;
    std::size_t organization_index;  // into demo_organizations(), or npos for the platform
    std::string hash;
  };
  std::vector<PendingUser> pending;
  for (const auto& u : platform_users()) pending.push_back({&u, std::string::npos, {}});
  for (std::size_t i = 0; i < demo_organizations().size(); ++i)
    for (const auto& u : demo_organizations()[i].users) pending.push_back({&u, i, {}});
  for (auto& p : pending) {
    FUWU_ASSIGN_OR_RETURN(p.hash, directory.hash_new_password(kDemoPassword));
  }
  const auto actor = audit::Actor::system("demo-data");
  FUWU_ASSIGN_OR_RETURN(
      result.created,
      store::with_write_transaction(db, [&](store::Transaction& tx) -> Result<bool> {
        FUWU_TRY(tx.lock("fuwu.demo-data"));
        FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT id FROM users LIMIT 1"));
        if (!rows.empty()) return false;  // another server seeded first
        std::vector<std::int64_t> organization_ids;
        for (const auto& demo : demo_organizations()) {
          auth::Organization org;
          org.name = demo.name;
          org.kind = demo.kind;
          org.region_code = demo.region_code;
          FUWU_ASSIGN_OR_RETURN(auto created, directory.insert_organization(tx, actor, org));
          organization_ids.push_back(created.id);
        }
        for (const auto& p : pending) {
          const std::int64_t org_id = p.organization_index == std::string::npos
                                          ? platform_organization_id
                                          : organization_ids[p.organization_index];
          FUWU_TRY(directory.insert_user(
              tx, actor,
              {p.user->email, p.user->name, kDemoPassword, org_id, role_set(p.user->roles)},
              p.hash));
        }
        return true;
      }));
  collect_logins();
  return result;
}

}  // namespace fuwu::app
