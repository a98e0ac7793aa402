// Reference data every console needs: China's administrative divisions for region pickers.
#pragma once

#include "http/router.hpp"

namespace fuwu::app {

void add_reference_routes(http::Router& router);

}  // namespace fuwu::app
