#include "app/demo_admission.hpp"

#include <boost/json.hpp>

#include "admission/credit_code.hpp"
#include "auth/repository.hpp"

namespace fuwu::app {
namespace {

using admission::RuleSet;

// Travel providers have no merchant or influencer partners: their programme drops those rules.
RuleSet travel_rule_set() {
  RuleSet rules = admission::default_rule_set();
  std::erase_if(rules.rules, [](const admission::Rule& r) {
    return r.id.starts_with("partner_") || r.id == "business_scope";
  });
  return rules;
}

std::string credit_code(const std::string& first17) {
  return first17 + admission::credit_code_check_digit(first17);
}

std::string partner_csv(const char* header, int rows, const std::vector<std::string>& names) {
  std::string csv = std::string(header) + "\n";
  for (int i = 0; i < rows; ++i)
    csv += names[static_cast<std::size_t>(i) % names.size()] +
           std::to_string(i / static_cast<int>(names.size()) + 1) + "号店,联系人" +
           std::to_string(i + 1) + ",1380013" + std::to_string(8000 + i) + "\n";
  return csv;
}

const std::string kLicencePdf =
    "%PDF-1.4\n% fuwu demo business licence scan\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

struct DemoApplication {
  const char* company;
  const char* code17;
  const char* contact;
  const char* email;
  const char* hq;
  int merchants_claimed;
  int merchant_rows;
  const char* statement;
};

Result<std::int64_t> start_complete(admission::AdmissionService& service, std::int64_t program_id,
                                    const DemoApplication& d) {
  FUWU_ASSIGN_OR_RETURN(
      auto started,
      service.start_application(program_id, {d.contact, d.email, "13900139000"}, "demo-data"));
  admission::ApplicationPatch patch;
  patch.company_name = d.company;
  patch.credit_code = std::optional<std::string>(credit_code(d.code17));
  patch.service_categories = std::vector<std::string>{"store_operation", "live_stream_operation"};
  boost::json::object facts{
      {"registered_capital_fen", std::int64_t{200'000'000}},
      {"team_size", 36},
      {"partner_merchants", d.merchants_claimed},
      {"partner_influencers", 24},
      {"independent_legal_entity", true},
      {"no_debt_disputes", true},
      {"advantage_statement", d.statement},
      {"business_scope", "设计、制作、代理、发布各类广告；技术服务、技术咨询；营销策划"},
      {"hq_region_code", d.hq},
      {"resource_region_codes", boost::json::array{d.hq}}};
  patch.facts = facts;
  const auto id = started.application.id;
  FUWU_TRY(service.update(id, started.application.version, patch, "demo-data").status());
  FUWU_TRY(
      service.add_material(id, "business_licence", "营业执照副本.pdf", kLicencePdf, "demo-data")
          .status());
  FUWU_TRY(service.add_material(id, "case_study", "合作案例-2024.pdf", kLicencePdf, "demo-data")
               .status());
  FUWU_TRY(
      service
          .add_material(id, "merchant_list", "合作商户名单.csv",
                        partner_csv("商户名称,联系人,联系电话", d.merchant_rows,
                                    {"老街坊面馆", "蜀香小厨", "甜心烘焙", "悦颜美容", "速洁洗衣"}),
                        "demo-data")
          .status());
  FUWU_TRY(service
               .add_material(id, "influencer_list", "合作达人名单.csv",
                             partner_csv("达人昵称,抖音号,联系电话", 24,
                                         {"吃货小王", "探店阿敏", "美妆Lily"}),
                             "demo-data")
               .status());
  return id;
}

}  // namespace

Status seed_admission_demo(store::Database& db, admission::AdmissionService& service) {
  FUWU_ASSIGN_OR_RETURN(auto existing, service.list_programs());
  if (!existing.empty()) return Status::ok();
  const auto actor = audit::Actor::system("demo-data");
  FUWU_ASSIGN_OR_RETURN(
      auto local,
      service.create_program(actor,
                             {"local_services", "生活服务服务商", "Local services providers",
                              "为本地商家提供店铺运营、直播、短视频、达人等专项服务或代运营。", 10},
                             admission::default_rule_set()));
  FUWU_TRY(service
               .create_program(actor,
                               {"brand", "品牌服务商", "Brand providers",
                                "为品牌商家提供全案经营与营销服务。", 10},
                               admission::default_rule_set())
               .status());
  FUWU_TRY(service
               .create_program(actor,
                               {"travel", "差旅服务商", "Travel management providers",
                                "保障企业员工出行全流程：预订、变更、发票整理与供应商协调。", 10},
                               travel_rule_set())
               .status());

  // Awaiting review.
  FUWU_ASSIGN_OR_RETURN(auto waiting,
                        start_complete(service, local.id,
                                       {"杭州好生活科技有限公司", "91330106MA2KXYW10", "陈静",
                                        "chen.jing@haoshenghuo.demo", "330106", 20, 26,
                                        "深耕杭州本地餐饮与丽人商家六年，擅长直播代运营。"}));
  FUWU_TRY(service.submit(waiting, "demo-data").status());

  // Changes requested by the reviewer.
  FUWU_ASSIGN_OR_RETURN(auto returned,
                        start_complete(service, local.id,
                                       {"南京新街口文化传媒有限公司", "91320106MA1XYW203", "刘洋",
                                        "liu.yang@xinjiekou.demo", "320106", 20, 22,
                                        "服务南京新街口商圈三百余家商户的短视频内容。"}));
  FUWU_TRY(service.submit(returned, "demo-data").status());
  FUWU_ASSIGN_OR_RETURN(auto reviewer_credentials,
                        store::with_read_transaction(db, [](store::Transaction& tx) {
                          return auth::repository::find_credentials(tx, "reviewer@fuwu.demo");
                        }));
  if (reviewer_credentials) {
    auth::Principal reviewer;
    reviewer.user_id = reviewer_credentials->user_id;
    reviewer.organization_id = reviewer_credentials->organization_id;
    reviewer.organization_kind = auth::OrganizationKind::platform;
    reviewer.roles = {auth::Role::reviewer};
    const audit::Actor reviewer_actor{reviewer.user_id, reviewer.organization_id, "demo-data"};
    FUWU_TRY(service.claim(reviewer, reviewer_actor, returned).status());
    FUWU_TRY(service
                 .request_changes(reviewer, reviewer_actor, returned,
                                  "请补充近一年与商户签订的服务合同作为合作案例。")
                 .status());
  }

  // A draft whose merchant list does not back its claim yet: the wizard shows why.
  FUWU_TRY(start_complete(
               service, local.id,
               {"武汉江城到家服务有限公司", "91420106MA4KXW309", "周敏", "zhou.min@jiangcheng.demo",
                "420106", 20, 12, "武汉本地家政与维修上门服务，团队持证上岗。"})
               .status());
  return Status::ok();
}

}  // namespace fuwu::app
