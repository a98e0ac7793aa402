#include "app/config.hpp"

#include <gtest/gtest.h>

namespace fuwu::app {
namespace {

TEST(Config, TomlThenEnvironmentThenSettings) {
  Config c = default_config();
  ASSERT_TRUE(
      apply_toml(
          c,
          "[server]\nlisten = \"0.0.0.0:9000\"\nworker_threads = 6\n[database]\nurl = \"a.db\"\n",
          "fuwu.toml")
          .is_ok());
  EXPECT_EQ(c.server.port, 9000);
  EXPECT_EQ(c.server.worker_threads, 6);
  ASSERT_TRUE(apply_environment(
                  c, {{"FUWU_DATABASE_URL", "b.db"}, {"FUWU_BIN", "ignored"}, {"PATH", "/bin"}})
                  .is_ok());
  EXPECT_EQ(c.database.url, "b.db");
  ASSERT_TRUE(apply_setting(c, "server.worker_threads", "3").is_ok());
  EXPECT_EQ(c.server.worker_threads, 3);
  EXPECT_TRUE(validate(c).is_ok());
}

TEST(Config, ErrorsNameTheBadKey) {
  Config c = default_config();
  Status unknown = apply_toml(c, "[database]\nurll = \"x\"\n", "fuwu.toml");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.message().find("database.urll"), std::string::npos);
  Status wrong_type = apply_toml(c, "[server]\nworker_threads = \"many\"\n", "fuwu.toml");
  EXPECT_NE(wrong_type.message().find("server.worker_threads"), std::string::npos);
  Status env = apply_environment(c, {{"FUWU_SERVER_LISTN", "x"}});
  EXPECT_NE(env.message().find("FUWU_SERVER_LISTN"), std::string::npos);
  Status bad_port = apply_setting(c, "server.listen", "127.0.0.1:99999");
  EXPECT_NE(bad_port.message().find("server.listen"), std::string::npos);
  c.server.worker_threads = 0;
  EXPECT_NE(validate(c).message().find("server.worker_threads"), std::string::npos);
  EXPECT_FALSE(apply_toml(c, "[server\n", "broken.toml").is_ok());
}

}  // namespace
}  // namespace fuwu::app
