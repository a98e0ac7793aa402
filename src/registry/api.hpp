// HTTP routes of the registry: the provider directory, suppliers, client departments.
#pragma once

#include "http/router.hpp"
#include "registry/service.hpp"

namespace fuwu::registry {

void add_provider_routes(http::Router& router, RegistryService& registry);
void add_supplier_routes(http::Router& router, RegistryService& registry);
void add_department_routes(http::Router& router, RegistryService& registry);

}  // namespace fuwu::registry
