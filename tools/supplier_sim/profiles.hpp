// The suppliers a simulator plays: the demo set (several airlines' agents selling the same
// flights, two hotel groups, a rail agent), or a TOML file of [[supplier]] tables.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "supplier.hpp"

namespace fuwu::sim {

struct SimulatorConfig {
  std::uint64_t seed = 2026;
  std::vector<SupplierProfile> suppliers;
};

SimulatorConfig demo_config();
// Reads a TOML file: `seed = 7` and one [[supplier]] table per supplier with the fields of
// SupplierProfile; unknown keys and bad values are errors naming the key.
Result<SimulatorConfig> load_config(const std::string& path);
Status validate(const SimulatorConfig& config);

}  // namespace fuwu::sim
