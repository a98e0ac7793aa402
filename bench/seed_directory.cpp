// Fills a database with the demo platform plus N providers spread over China's counties and the
// ten service categories, for loading the provider directory (bench/run.sh).
//
// usage: fuwu_bench_seed_directory <database url> <data dir> <provider count>
#include <cstdio>
#include <iostream>
#include <random>

#include "app/application.hpp"
#include "app/demo_data.hpp"
#include "core/crypto.hpp"
#include "core/regions.hpp"

int main(int argc, char** argv) {
  using namespace fuwu;
  if (argc < 4) {
    std::cerr << "usage: fuwu_bench_seed_directory <database url> <data dir> <provider count>\n";
    return 2;
  }
  crypto::initialize();
  app::Config config = app::default_config();
  config.database.url = argv[1];
  config.data_dir = std::string(argv[2]) + "/data";
  config.secret_key_file = std::string(argv[2]) + "/secret.key";
  config.auth.password_cost = {1, 8 * 1024};
  const int count = std::stoi(argv[3]);
  auto opened = app::Application::open(config);
  if (!opened) {
    std::cerr << opened.status().message() << "\n";
    return 1;
  }
  auto& application = **opened;
  auto demo = app::seed_demo_data(application.database(), application.directory(),
                                  application.platform_organization_id());
  if (!demo) {
    std::cerr << demo.status().message() << "\n";
    return 1;
  }
  std::vector<const regions::Region*> counties;
  for (const auto* province : regions::children(""))
    for (const auto* city : regions::children(province->code))
      for (const auto* county : regions::children(city->code)) counties.push_back(county);
  const auto& categories = registry::service_categories();
  static const char* kTypes[] = {"specialized", "specialized", "full_agency", "travel"};
  static const char* kWords[] = {"星河", "云途", "锦绣", "华夏", "优选",
                                 "嘉禾", "远航", "新元", "恒信", "乐享"};
  std::mt19937 random(20261123);
  const auto actor = audit::Actor::system("bench seed");
  constexpr int kBatch = 500;
  for (int start = 0; start < count; start += kBatch) {
    Status s = store::with_write_transaction(
        application.database(), [&](store::Transaction& tx) -> Status {
          for (int i = start; i < std::min(count, start + kBatch); ++i) {
            const auto* hq = counties[random() % counties.size()];
            auth::Organization org;
            org.name = std::string(regions::find(hq->parent_code)->name) + kWords[random() % 10] +
                       kWords[random() % 10] + "服务有限公司" + std::to_string(i);
            org.kind = auth::OrganizationKind::provider;
            org.region_code = hq->code;
            FUWU_ASSIGN_OR_RETURN(auto created,
                                  application.directory().insert_organization(tx, actor, org));
            registry::ProviderProfile profile;
            profile.organization_id = created.id;
            profile.provider_type = kTypes[random() % 4];
            profile.hq_region_code = hq->code;
            profile.resource_region_codes = {hq->code, counties[random() % counties.size()]->code};
            for (int k = 0; k < 3; ++k)
              profile.categories.push_back(categories[random() % categories.size()]);
            std::sort(profile.categories.begin(), profile.categories.end());
            profile.categories.erase(
                std::unique(profile.categories.begin(), profile.categories.end()),
                profile.categories.end());
            profile.team_size = 20 + static_cast<std::int64_t>(random() % 200);
            FUWU_TRY(application.registry().create_provider_profile(tx, actor, profile));
          }
          return Status::ok();
        });
    if (!s.is_ok()) {
      std::cerr << s.message() << "\n";
      return 1;
    }
  }
  std::cout << "seeded " << count << " providers\n";
  return 0;
}
