// The OpenAPI document and the route table must agree, both ways.
#include <gtest/gtest.h>

#include <unistd.h>
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "app/application.hpp"
#include "core/embedded_file.hpp"
#include "support/test_database.hpp"

namespace fuwu::app {

std::vector<fuwu::EmbeddedFile> openapi_document_files();

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DocumentsExactlyTheRegisteredRoutes) {
  auto database = fuwu::testing::TestDatabase::create("sqlite");
  Config config = default_config();
  config.database.url = database->url();
  const auto scratch =
      std::filesystem::temp_directory_path() / ("fuwu_openapi_" + std::to_string(::getpid()));
  config.data_dir = (scratch / "data").string();
  config.secret_key_file = (scratch / "secret.key").string();
  Application application(config, database->open_another());

  std::set<std::string> registered;
  for (const auto& route : application.router().routes())
    registered.insert(lower(http::method_name(route.method)) + " " + route.pattern);

  auto document = boost::json::parse(openapi_document_files().at(0).contents).as_object();
  std::set<std::string> documented;
  static const std::set<std::string> kMethods = {"get", "post", "put", "patch", "delete"};
  for (const auto& [path, item] : document.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object())
      if (kMethods.count(std::string(method)))
        documented.insert(std::string(method) + " " + std::string(path));

  for (const auto& r : registered)
    EXPECT_TRUE(documented.count(r)) << "route missing from docs/openapi.json: " << r;
  for (const auto& d : documented)
    EXPECT_TRUE(registered.count(d))
        << "docs/openapi.json names a route that does not exist: " << d;
}

}  // namespace
}  // namespace fuwu::app
