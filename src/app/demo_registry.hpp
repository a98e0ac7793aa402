// Demo data of the registry: profiles for the demo providers and suppliers (with sealed demo
// credentials) and departments for the demo client companies.
#pragma once

#include "registry/service.hpp"
#include "store/database.hpp"

namespace fuwu::app {

Status seed_registry_demo(store::Database& db, registry::RegistryService& registry);

}  // namespace fuwu::app
