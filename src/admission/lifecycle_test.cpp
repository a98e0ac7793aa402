#include "admission/lifecycle.hpp"

#include <gtest/gtest.h>

namespace fuwu::admission {
namespace {

TEST(AdmissionLifecycle, HappyPathAndChangesRequested) {
  EXPECT_EQ(*transition(State::draft, Action::submit, Actor::applicant), State::auto_checked);
  EXPECT_EQ(*transition(State::auto_checked, Action::claim, Actor::reviewer), State::in_review);
  EXPECT_EQ(*transition(State::in_review, Action::request_changes, Actor::reviewer),
            State::changes_requested);
  EXPECT_EQ(*transition(State::changes_requested, Action::edit, Actor::applicant),
            State::changes_requested);
  EXPECT_EQ(*transition(State::changes_requested, Action::resubmit, Actor::applicant),
            State::auto_checked);
  EXPECT_EQ(*transition(State::in_review, Action::approve, Actor::reviewer), State::approved);
}

TEST(AdmissionLifecycle, RefusesEverythingNotListed) {
  // Every (state, action, actor) triple not in the table is refused with a stable code.
  int allowed = 0;
  for (int s = 0; s <= static_cast<int>(State::withdrawn); ++s)
    for (int a = 0; a <= static_cast<int>(Action::withdraw); ++a)
      for (Actor actor : {Actor::applicant, Actor::reviewer}) {
        auto r = transition(static_cast<State>(s), static_cast<Action>(a), actor);
        if (r.is_ok()) {
          ++allowed;
          continue;
        }
        EXPECT_EQ(r.status().code(), ErrorCode::conflict);
        EXPECT_EQ(r.status().problem_code(), "illegal_transition");
      }
  EXPECT_EQ(allowed, 12);
  EXPECT_FALSE(transition(State::approved, Action::approve, Actor::reviewer).is_ok());
  EXPECT_FALSE(transition(State::auto_checked, Action::edit, Actor::applicant).is_ok());
  EXPECT_FALSE(transition(State::in_review, Action::approve, Actor::applicant).is_ok());
  EXPECT_TRUE(allowed_actions(State::approved, Actor::reviewer).empty());
}

TEST(AdmissionLifecycle, NamesRoundTrip) {
  for (int s = 0; s <= static_cast<int>(State::withdrawn); ++s)
    EXPECT_EQ(parse_state(state_name(static_cast<State>(s))), static_cast<State>(s));
  for (int a = 0; a <= static_cast<int>(Action::withdraw); ++a)
    EXPECT_EQ(parse_action(action_name(static_cast<Action>(a))), static_cast<Action>(a));
  EXPECT_FALSE(parse_state("submitted_maybe"));
}

}  // namespace
}  // namespace fuwu::admission
