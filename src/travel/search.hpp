// Search (查询比价): one traveller's search fans out to every active supplier of the kind at once,
// merges what they offer by product, evaluates every offer against the traveller's policy, marks
// the cheapest compliant offer and the lowest logical fare, says which suppliers are missing and
// why, and stores the search so that a booking can refer to what was on offer. Supplier answers
// are cached briefly per supplier and request.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <string>

#include "core/business_calendar.hpp"
#include "registry/service.hpp"
#include "travel/comparison.hpp"
#include "travel/search_journal.hpp"
#include "travel/service.hpp"
#include "travel/supplier_client.hpp"

namespace fuwu::travel {

struct SearchRequest {
  std::string kind;                          // flight | hotel | train | transfer
  std::string origin, destination;           // flights: city codes or IATA; trains: city codes
  std::string date;                          // flights, trains, transfers
  std::string preferred_time = "09:00";      // a transfer's pickup time
  std::string city, check_in, check_out;     // hotels; transfers: the city
  std::string pickup, dropoff;               // transfers: see travel::transfer_place
  std::optional<std::int64_t> traveller_id;  // a travel manager searching for an employee
};

// How long supplier answers are reused (0: never). Deadlines and rate limits are per supplier,
// in the registry.
struct SearchLimits {
  std::int64_t cache_ms = 30'000;
};

// The policy facts of one product of a search (its supplier fields), for the search and again
// at booking; `city_code` places a hotel (its city tier).
OfferFacts offer_facts(const std::string& kind, const boost::json::object& product,
                       const std::string& city_code);
// Every verdict with its reasons in Chinese and English.
boost::json::array verdicts_json(const Evaluation& evaluation, const RuleClass& rules,
                                 const OfferFacts& facts, boost::json::storage_ptr storage = {});
// Minutes after midnight of `date` of a supplier time "2026-12-01T07:40:00+08:00".
int minutes_after(std::string_view at, const Date& date);

class SearchService {
 public:
  SearchService(store::Database& db, const Clock& clock, registry::RegistryService& registry,
                TravelService& travel, SupplierClient& client, SearchLimits limits = {})
      : db_(db),
        clock_(clock),
        registry_(registry),
        travel_(travel),
        client_(client),
        limits_(limits),
        journal_(db) {}

  // The stored search as JSON: {id, kind, request, offers: [...], missing_suppliers: [...], …},
  // for the caller or, for a travel manager, the employee `request.traveller_id`.
  // Answered as JSON text, serialized once for storing and answering.
  Result<std::string> search(const auth::Principal& who, const SearchRequest& request);
  Result<std::string> get(const auth::Principal& who, std::int64_t id);

 private:
  std::vector<CallResult> ask(const std::vector<SupplierEndpoint>& endpoints,
                              const std::string& path, const std::string& body);

  store::Database& db_;
  const Clock& clock_;
  registry::RegistryService& registry_;
  TravelService& travel_;
  SupplierClient& client_;
  SearchLimits limits_;
  std::mutex cache_mutex_;
  std::map<std::string, std::pair<TimeMs, CallResult>> cache_;  // supplier|path|body
  SearchJournal journal_;
};

}  // namespace fuwu::travel
