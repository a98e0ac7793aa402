#include "app/demo_travel.hpp"

namespace fuwu::app {

Status seed_travel_demo(store::Database& db, travel::TravelService& travel) {
  struct DemoGrade {
    const char* email;
    const char* grade;
    const char* department;
  };
  const DemoGrade grades[] = {
      {"admin@xingyun.demo", "M3", "总裁办"},       {"li.wei@xingyun.demo", "P5", "华北销售"},
      {"wang.fang@xingyun.demo", "P6", "研发中心"}, {"zhang.min@xingyun.demo", "M2", "销售部"},
      {"admin@huida.demo", "M3", "采购部"},         {"liu.yang@huida.demo", "P4", "华东大区"},
      {"zhao.jing@huida.demo", "E1", "市场部"},     {"admin@pengcheng.demo", "M2", "行政部"},
      {"sun.li@pengcheng.demo", "P3", "生产部"},
  };
  const auto actor = audit::Actor::system("demo-data");
  for (const auto& g : grades) {
    FUWU_ASSIGN_OR_RETURN(
        auto rows, store::with_read_transaction(db, [&](store::Transaction& tx) {
          return tx.query(
              "SELECT u.id, u.organization_id, d.id FROM users u LEFT JOIN departments d ON "
              "d.organization_id = u.organization_id AND d.name = $2 WHERE u.email = $1",
              {std::string(g.email), std::string(g.department)});
        }));
    if (rows.empty()) continue;
    auth::Principal company_admin;
    company_admin.organization_id = rows[0].integer(1);
    company_admin.organization_kind = auth::OrganizationKind::client;
    company_admin.roles = {auth::Role::client_admin};
    FUWU_TRY(travel
                 .set_profile(company_admin, actor, rows[0].integer(1), rows[0].integer(0),
                              {g.grade, rows[0].optional_integer(2), ""}, 0)
                 .status());
  }
  // Every demo company is served by the demo's travel provider.
  FUWU_ASSIGN_OR_RETURN(auto companies,
                        store::with_read_transaction(db, [&](store::Transaction& tx) {
                          return tx.query(
                              "SELECT o.id, p.organization_id FROM organizations o JOIN "
                              "organizations t ON t.name = $1 JOIN provider_profiles p ON "
                              "p.organization_id = t.id WHERE o.kind = 'client' ORDER BY o.id",
                              {std::string("杭州云程差旅服务有限公司")});
                        }));
  for (const auto& row : companies) {
    auth::Principal company_admin;
    company_admin.organization_id = row.integer(0);
    company_admin.organization_kind = auth::OrganizationKind::client;
    company_admin.roles = {auth::Role::client_admin};
    FUWU_TRY(
        travel.set_providers(company_admin, actor, row.integer(0), {{row.integer(1), "", true, ""}})
            .status());
  }
  return Status::ok();
}

}  // namespace fuwu::app
