// Demo data of admission: the three provider programs of the platform and applications in
// several states, so a reviewer finds a living queue on first start.
#pragma once

#include "admission/service.hpp"
#include "store/database.hpp"

namespace fuwu::app {

Status seed_admission_demo(store::Database& db, admission::AdmissionService& admission);

}  // namespace fuwu::app
