// The application lifecycle as a pure state machine: which action may move an application from
// which state, and who may take it. Anything not listed is refused (409) and changes nothing.
//
//   draft ──submit──▶ auto_checked ──claim──▶ in_review ──approve──▶ approved
//     ▲                    ▲                      │ └──reject───▶ rejected
//     │                    └────resubmit───── changes_requested ◀──request_changes
//   (edit)          withdraw: from draft, auto_checked, in_review, changes_requested
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace fuwu::admission {

enum class State {
  draft,
  auto_checked,
  in_review,
  changes_requested,
  approved,
  rejected,
  withdrawn
};
enum class Action { edit, submit, resubmit, claim, approve, reject, request_changes, withdraw };
enum class Actor { applicant, reviewer };

const char* state_name(State state);
std::optional<State> parse_state(std::string_view name);
const char* action_name(Action action);
std::optional<Action> parse_action(std::string_view name);

// The state after `action`, or conflict naming the state and the actions it allows.
Result<State> transition(State from, Action action, Actor actor);
// Actions `actor` may take now (what the console offers).
std::vector<Action> allowed_actions(State state, Actor actor);
// States in which the review clock runs (due date and overdue flag apply).
bool awaits_review(State state);
bool is_final(State state);

}  // namespace fuwu::admission
