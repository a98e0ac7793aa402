#include "app/demo_growth.hpp"

#include <array>

namespace fuwu::app {
namespace {

using rating::Task;

constexpr TimeMs kDayMs = 24LL * 3600 * 1000;

Result<std::int64_t> program_by_code(store::Database& db, const std::string& code) {
  FUWU_ASSIGN_OR_RETURN(auto rows, store::with_read_transaction(db, [&](store::Transaction& tx) {
                          return tx.query("SELECT id FROM admission_programs WHERE code = $1",
                                          {code});
                        }));
  if (rows.empty()) return Status(ErrorCode::not_found, "demo program " + code + " is missing");
  return rows[0].integer(0);
}

Result<std::int64_t> organization_by_name(store::Database& db, const std::string& name) {
  FUWU_ASSIGN_OR_RETURN(auto rows, store::with_read_transaction(db, [&](store::Transaction& tx) {
                          return tx.query("SELECT id FROM organizations WHERE name = $1", {name});
                        }));
  if (rows.empty())
    return Status(ErrorCode::not_found, "demo organization " + name + " is missing");
  return rows[0].integer(0);
}

// Epoch milliseconds of midnight UTC+8 on a date.
TimeMs beijing_midnight(int year, int month, int day) {
  const auto days = std::chrono::sys_days(std::chrono::year(year) / month / day);
  return std::chrono::duration_cast<std::chrono::milliseconds>(days.time_since_epoch()).count() -
         8 * 3600 * 1000;
}

struct DemoCycle {
  const char* code;
  int year, first_month;
  const char* decision_date;
  bool publish;
};

// A provider's strength in a cycle, 0–100: how much of the work it did.
int strength(std::size_t provider, std::size_t cycle) {
  static constexpr std::array<int, 24> base = {98, 95, 93, 91, 90, 88, 86, 85, 84, 82, 80, 78,
                                               76, 74, 72, 70, 66, 62, 58, 52, 46, 38, 30, 20};
  const int drift = static_cast<int>((provider * 7 + cycle * 5) % 9) - 4;  // −4 … +4
  return std::clamp(base[provider] + drift * static_cast<int>(cycle), 5, 100);
}

}  // namespace

Status seed_growth_demo(store::Database& db, auth::DirectoryService& directory,
                        registry::RegistryService& registry, rating::RatingServices& rating) {
  const auto actor = audit::Actor::system("demo-data");
  FUWU_ASSIGN_OR_RETURN(auto local, program_by_code(db, "local_services"));
  FUWU_ASSIGN_OR_RETURN(auto travel, program_by_code(db, "travel"));
  FUWU_ASSIGN_OR_RETURN(auto youpin, organization_by_name(db, "广州优品电商代运营有限公司"));
  FUWU_ASSIGN_OR_RETURN(auto jincheng, organization_by_name(db, "成都锦城生活服务有限公司"));
  FUWU_ASSIGN_OR_RETURN(auto yuncheng, organization_by_name(db, "杭州云程差旅服务有限公司"));
  // The demo providers were entered in the registry directly; they take part in these programs.
  FUWU_TRY(store::with_write_transaction(db, [&](store::Transaction& tx) -> Status {
    FUWU_TRY(tx.exec("UPDATE provider_profiles SET program_id = $1 WHERE organization_id IN ($2, "
                     "$3)",
                     {local, youpin, jincheng})
                 .status());
    return tx
        .exec("UPDATE provider_profiles SET program_id = $1 WHERE organization_id = $2",
              {travel, yuncheng})
        .status();
  }));

  std::vector<std::int64_t> providers = {youpin, jincheng};
  // City and its district code (GB/T 2260): each provider is based where its name says.
  const std::pair<const char*, const char*> cities[] = {
      {"杭州", "330106"}, {"上海", "310115"}, {"北京", "110108"}, {"南京", "320106"},
      {"武汉", "420106"}, {"西安", "610113"}, {"重庆", "500103"}, {"青岛", "370212"},
      {"厦门", "350203"}, {"长沙", "430104"}, {"苏州", "320505"}, {"宁波", "330212"},
      {"天津", "120101"}, {"郑州", "410105"}, {"合肥", "340104"}, {"济南", "370102"},
      {"福州", "350102"}, {"昆明", "530102"}, {"南宁", "450102"}, {"大连", "210202"},
      {"沈阳", "210102"}, {"贵阳", "520102"}};
  const char* trades[] = {"星选", "优服", "乐享", "云店", "易播", "好物"};
  for (std::size_t i = 0; i < 22; ++i) {
    auth::Organization org;
    org.name = std::string(cities[i].first) + trades[i % 6] + "本地生活服务有限公司";
    org.kind = auth::OrganizationKind::provider;
    org.region_code = cities[i].second;
    FUWU_ASSIGN_OR_RETURN(auto created, directory.create_organization(actor, org));
    registry::ProviderProfile profile;
    profile.organization_id = created.id;
    profile.provider_type = i % 4 == 0 ? "full_agency" : "specialized";
    profile.program_id = local;
    profile.hq_region_code = cities[i].second;
    profile.team_size = 12 + static_cast<std::int64_t>(i) * 3;
    profile.categories = {"store_operation"};
    profile.summary = "本地生活商家店铺运营与内容服务。";
    FUWU_TRY(store::with_write_transaction(db, [&](store::Transaction& tx) {
      return registry.create_provider_profile(tx, actor, profile);
    }));
    providers.push_back(created.id);
  }

  for (std::int64_t program : {local, travel})
    for (auto capability : rating::default_capabilities()) {
      if (program == travel && capability.code != "training") continue;
      capability.program_id = program;
      FUWU_TRY(rating.capabilities.create(actor, capability).status());
    }

  std::vector<Task> tasks = {
      {0, local, "training_basic", "完成平台规则培训", "Finish the platform rules training",
       "basic", 50, 1, "training", "metric", "training_finished", 1, true},
      {0, local, "orders_served", "服务商家订单", "Serve merchant orders (per 50)", "basic", 30, 10,
       "", "metric", "orders_served", 50, true},
      {0, local, "gmv_after_returns", "服务商家GMV（退款后，每10万元）",
       "Merchant GMV after returns (per ¥100,000)", "additional", 60, 10, "store_operation",
       "metric", "gmv_after_returns_fen", 10'000'000, true},
      {0, local, "flagship_stores", "服务品牌旗舰店", "Serve flagship stores", "additional", 80, 5,
       "store_operation", "metric", "flagship_stores_served", 1, true},
      {0, local, "live_stream_case", "直播代运营案例", "Live-stream operation case", "additional",
       120, 3, "live_stream_operation", "evidence", "", 0, true},
      {0, local, "short_video_case", "短视频爆款案例", "Short-video case", "additional", 90, 3,
       "short_video_operation", "evidence", "", 0, true},
  };
  std::vector<Task> created_tasks;
  for (const auto& t : tasks) {
    FUWU_ASSIGN_OR_RETURN(auto created, rating.tasks.create(actor, t));
    created_tasks.push_back(created);
  }
  const auto& live_case = created_tasks[4];
  const auto& video_case = created_tasks[5];

  FUWU_TRY(rating.violations
               .create_type(actor, {0, local, "late_response", "响应超时", "Late response", "minor",
                                    20, "", 7})
               .status());
  FUWU_TRY(rating.violations
               .create_type(actor, {0, local, "false_claim", "虚假宣传", "False claims", "major",
                                    100, "", 7})
               .status());
  FUWU_ASSIGN_OR_RETURN(auto fraud, rating.violations.create_type(
                                        actor, {0, local, "order_fraud", "虚假交易", "Fake orders",
                                                "serious", 300, "gold", 14}));

  const DemoCycle cycles[] = {{"2026Q2", 2026, 4, "2026-07-15", true},
                              {"2026Q3", 2026, 7, "2026-10-15", true},
                              {"2026Q4", 2026, 10, "2027-01-15", false}};
  for (std::size_t c = 0; c < std::size(cycles); ++c) {
    const auto& dc = cycles[c];
    const TimeMs start = beijing_midnight(dc.year, dc.first_month, 1);
    const TimeMs end = dc.first_month == 10 ? beijing_midnight(dc.year + 1, 1, 1)
                                            : beijing_midnight(dc.year, dc.first_month + 3, 1);
    FUWU_ASSIGN_OR_RETURN(auto cycle,
                          rating.ledger.create_cycle(
                              actor, {local, dc.code, "quarterly", start, end, dc.decision_date}));
    // The open quarter is two thirds through: its numbers are smaller so far.
    const int progress = dc.publish ? 100 : 70;
    for (std::size_t p = 0; p < providers.size(); ++p) {
      const int s = strength(p, c) * progress / 100;
      const std::int64_t id = providers[p];
      const auto metric = [&](const char* name, std::int64_t value) {
        return rating.tasks
            .report_metric(actor, cycle.id, id, name, value,
                           std::string("demo ") + dc.code + " " + name)
            .status();
      };
      if (s > 12) FUWU_TRY(metric("training_finished", 1));
      FUWU_TRY(metric("orders_served", s * 5 + 20));
      FUWU_TRY(metric("gmv_after_returns_fen", std::int64_t{s} * 1'000'000));
      FUWU_TRY(metric("flagship_stores_served", s / 20));
      FUWU_TRY(metric("satisfaction_bp", 8'000 + s * 17));
      for (int k = 0; k < (s >= 85 ? 3 : s >= 70 ? 2 : s >= 55 ? 1 : 0); ++k) {
        for (const auto* task : {&live_case, &video_case}) {
          FUWU_ASSIGN_OR_RETURN(
              auto evidence,
              rating.tasks.submit_evidence(actor, task->id, cycle.id, id,
                                           std::string("案例 ") + std::to_string(k + 1) +
                                               "：服务商家的直播/短视频数据截图与复盘报告。"));
          FUWU_TRY(
              rating.tasks.decide_evidence(actor, evidence.id, true, "数据真实，采纳。").status());
        }
      }
    }
    if (dc.publish) {
      FUWU_TRY(rating.publication.compute(actor, cycle.id).status());
      FUWU_TRY(rating.publication.publish(actor, cycle.id).status());
      continue;
    }
    // The open quarter: evidence waiting for a reviewer, a violation under appeal.
    FUWU_TRY(rating.tasks
                 .submit_evidence(actor, live_case.id, cycle.id, youpin,
                                  "双11 预热期为某连锁茶饮品牌代运营直播 12 场，场均观看 3.2 万，"
                                  "附直播后台数据导出与复盘报告。")
                 .status());
    FUWU_ASSIGN_OR_RETURN(auto violation,
                          rating.violations.record(actor, fraud.id, jincheng, cycle.id,
                                                   "10 月 18 日 3 笔订单被风控判定为刷单。"));
    FUWU_TRY(rating.violations
                 .appeal(actor, violation.id,
                         "这 3 笔为商家员工内购订单，已附内购审批单与付款记录，并非刷单。")
                 .status());
  }

  // Certificates and an application waiting for review.
  for (std::size_t p = 2; p < 7; ++p) {
    FUWU_ASSIGN_OR_RETURN(auto application,
                          rating.capabilities.apply(actor, providers[p], "store_operation",
                                                    "服务 40 家以上本地商家店铺，附案例与合同。"));
    FUWU_TRY(rating.capabilities
                 .review(actor, application.id, true, 95 - static_cast<std::int64_t>(p) * 3,
                         "案例完整，数据可信。", 12)
                 .status());
  }
  FUWU_TRY(rating.capabilities
               .apply(actor, youpin, "live_stream_operation",
                      "自有直播团队 18 人，近三个月代播 120 场，附场次数据与商家评价。")
               .status());

  const TimeMs now = rating.clock.now_ms();
  FUWU_TRY(rating.benefits
               .create_campaign(actor, {0,
                                        local,
                                        "双12 本地生活狂欢季",
                                        "平台首页会场与流量扶持，钻石、金牌服务商优先。",
                                        {"diamond", "gold"},
                                        10,
                                        0,
                                        now + 17 * kDayMs,
                                        0})
               .status());
  FUWU_TRY(rating.benefits
               .create_campaign(actor, {0,
                                        local,
                                        "2027 年货节",
                                        "年货节商家招募与联合营销。",
                                        {"diamond", "gold", "silver"},
                                        40,
                                        0,
                                        now + 48 * kDayMs,
                                        0})
               .status());
  return Status::ok();
}

}  // namespace fuwu::app
