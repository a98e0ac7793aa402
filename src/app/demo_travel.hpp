// Demo data of corporate travel: the demo companies' employees get travel grades (so the policy
// applies to them at once) in their departments.
#pragma once

#include "store/database.hpp"
#include "travel/service.hpp"

namespace fuwu::app {

Status seed_travel_demo(store::Database& db, travel::TravelService& travel);

}  // namespace fuwu::app
