// The JSON shapes of the growth module's objects (docs/growth.md), one function per object.
#pragma once

#include <boost/json/object.hpp>

#include "rating/benefits.hpp"
#include "rating/capabilities.hpp"
#include "rating/explanation.hpp"
#include "rating/violations.hpp"

namespace fuwu::rating {

boost::json::object to_json(const Cycle& cycle);
boost::json::object to_json(const LedgerEntry& entry);
boost::json::object to_json(const Task& task);
boost::json::object to_json(const TaskStatus& status);
boost::json::object to_json(const MetricReading& reading);
boost::json::object to_json(const Evidence& evidence);
boost::json::object to_json(const ViolationType& type);
boost::json::object to_json(const Violation& violation);
boost::json::object to_json(const Override& override_);
boost::json::object to_json(const Standing& standing, const std::string& provider_name);
boost::json::object to_json(const ComputeSummary& summary);
boost::json::object to_json(const Explanation& explanation);
boost::json::object to_json(const Growth& growth);
boost::json::object to_json(const Entitlements& entitlements);
boost::json::object to_json(const Campaign& campaign);
boost::json::object to_json(const CampaignRegistration& registration);
boost::json::object to_json(const Capability& capability);
boost::json::object to_json(const CapabilityApplication& application, TimeMs now);
boost::json::object to_json(const Leaderboard& leaderboard);

// {"items": [...]} of any list of objects above.
template <typename T>
boost::json::object items_json(const std::vector<T>& items) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(to_json(item));
  return {{"items", std::move(out)}};
}

}  // namespace fuwu::rating
