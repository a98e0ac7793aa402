// Demo data of the growth module: the local-services program's rating policy, capabilities,
// tasks and violation types, two dozen providers rated over three quarters (two published, the
// current one open with evidence waiting and a violation under appeal), certificates and
// campaigns — so the tier board, growth pages and review queues have something to show.
#pragma once

#include "auth/directory_service.hpp"
#include "rating/api.hpp"
#include "registry/service.hpp"

namespace fuwu::app {

Status seed_growth_demo(store::Database& db, auth::DirectoryService& directory,
                        registry::RegistryService& registry, rating::RatingServices& rating);

}  // namespace fuwu::app
