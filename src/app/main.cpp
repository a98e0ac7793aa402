#include "app/cli.hpp"

int main(int argc, char** argv) {
  return fuwu::app::run_cli(argc, argv);
}
