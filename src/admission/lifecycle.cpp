#include "admission/lifecycle.hpp"

namespace fuwu::admission {
namespace {

struct Transition {
  State from;
  Action action;
  Actor actor;
  State to;
};

constexpr Transition kTransitions[] = {
    {State::draft, Action::edit, Actor::applicant, State::draft},
    {State::changes_requested, Action::edit, Actor::applicant, State::changes_requested},
    {State::draft, Action::submit, Actor::applicant, State::auto_checked},
    {State::changes_requested, Action::resubmit, Actor::applicant, State::auto_checked},
    {State::auto_checked, Action::claim, Actor::reviewer, State::in_review},
    {State::in_review, Action::approve, Actor::reviewer, State::approved},
    {State::in_review, Action::reject, Actor::reviewer, State::rejected},
    {State::in_review, Action::request_changes, Actor::reviewer, State::changes_requested},
    {State::draft, Action::withdraw, Actor::applicant, State::withdrawn},
    {State::auto_checked, Action::withdraw, Actor::applicant, State::withdrawn},
    {State::in_review, Action::withdraw, Actor::applicant, State::withdrawn},
    {State::changes_requested, Action::withdraw, Actor::applicant, State::withdrawn},
};

constexpr const char* kStateNames[] = {"draft",    "auto_checked", "in_review", "changes_requested",
                                       "approved", "rejected",     "withdrawn"};
constexpr const char* kActionNames[] = {"edit",    "submit", "resubmit",        "claim",
                                        "approve", "reject", "request_changes", "withdraw"};

}  // namespace

const char* state_name(State state) {
  return kStateNames[static_cast<int>(state)];
}
const char* action_name(Action action) {
  return kActionNames[static_cast<int>(action)];
}

std::optional<State> parse_state(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kStateNames)); ++i)
    if (name == kStateNames[i]) return static_cast<State>(i);
  return std::nullopt;
}

std::optional<Action> parse_action(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kActionNames)); ++i)
    if (name == kActionNames[i]) return static_cast<Action>(i);
  return std::nullopt;
}

std::vector<Action> allowed_actions(State state, Actor actor) {
  std::vector<Action> out;
  for (const auto& t : kTransitions)
    if (t.from == state && t.actor == actor) out.push_back(t.action);
  return out;
}

Result<State> transition(State from, Action action, Actor actor) {
  for (const auto& t : kTransitions)
    if (t.from == from && t.action == action && t.actor == actor) return t.to;
  std::string allowed;
  for (Action a : allowed_actions(from, actor))
    allowed += (allowed.empty() ? "" : ", ") + std::string(action_name(a));
  return Status(ErrorCode::conflict,
                std::string("cannot ") + action_name(action) + " an application that is " +
                    state_name(from) +
                    (allowed.empty() ? "; nothing can be done now" : "; allowed now: " + allowed))
      .with_problem_code("illegal_transition");
}

bool awaits_review(State state) {
  return state == State::auto_checked || state == State::in_review;
}

bool is_final(State state) {
  return state == State::approved || state == State::rejected || state == State::withdrawn;
}

}  // namespace fuwu::admission
