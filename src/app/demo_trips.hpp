// Demo trips (`fuwu serve --demo --demo-trips`, what `make run` does): booked through the real
// search and booking paths against the supplier simulator, so the travel manager's dashboard has
// data and seed 000's trip can be seen end to end — 李伟 flies Beijing → Shanghai, takes a car to
// his hotel for two nights and the train to Hangzhou two days later, misses the flight and takes
// the next morning's; a few colleagues' trips beside it. Needs the simulator listening where the
// demo suppliers point; without it the demo simply has no trips (a warning says so).
#pragma once

#include "core/status.hpp"

namespace fuwu::app {

class Application;

Status seed_demo_trips(Application& application);

}  // namespace fuwu::app
