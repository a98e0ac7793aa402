// The `fuwu` command line: serve, migrate, admin create, audit verify, version.
#pragma once

namespace fuwu::app {

int run_cli(int argc, char** argv);

}  // namespace fuwu::app
