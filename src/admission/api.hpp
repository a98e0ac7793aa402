// HTTP routes of admission: programs and rule sets (operators), applications (applicants, who
// prove themselves with the X-Application-Token they got when they started), and the review
// queue and decisions (reviewers).
#pragma once

#include "admission/service.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"

namespace fuwu::admission {

void add_program_routes(http::Router& router, AdmissionService& service);
void add_application_routes(http::Router& router, AdmissionService& service,
                            http::RateLimiter& limiter, http::RateLimit start_limit);
void add_review_routes(http::Router& router, AdmissionService& service);

// A material's bytes as a download (its stored type, its original name, never sniffed by browsers).
http::Response material_download(const Material& material, std::string bytes);

// The JSON an applicant or reviewer sees of one application.
boost::json::object application_view_json(const AdmissionService& service,
                                          const ApplicationView& view, Actor viewer);

}  // namespace fuwu::admission
