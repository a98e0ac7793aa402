#include "calendar/calendar_days.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::calendar {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class CalendarDaysTest : public BackendTest {
 protected:
  ManualClock clock_{1'700'000'000'000};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
};

TEST_P(CalendarDaysTest, HolidaysAndMakeUpDaysShapeTheWorkingCalendar) {
  must(put_day(db(), audit_, actor_, {"2024-10-01", "holiday", "国庆节"}));
  must(put_day(db(), audit_, actor_, {"2024-10-12", "workday", "国庆节调休"}));
  must(put_day(db(), audit_, actor_, {"2024-10-01", "holiday", "国庆节（更正）"}));  // replaces
  auto tx = must(db().begin(store::TxMode::read));
  auto days = must(list_days(*tx, "2024-10-01", "2024-10-31"));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].name, "国庆节（更正）");
  auto calendar = must(load_business_calendar(*tx));
  EXPECT_FALSE(calendar.is_working_day(*Date::parse("2024-10-01")));
  EXPECT_TRUE(calendar.is_working_day(*Date::parse("2024-10-12")));  // a Saturday
  EXPECT_TRUE(must(audit::AuditLog::verify(db())).ok());
}

TEST_P(CalendarDaysTest, BadInputChangesNothing) {
  EXPECT_FALSE(put_day(db(), audit_, actor_, {"2024-02-30", "holiday", ""}).is_ok());
  EXPECT_FALSE(put_day(db(), audit_, actor_, {"2024-10-01", "vacation", ""}).is_ok());
  EXPECT_EQ(delete_day(db(), audit_, actor_, "2024-10-01").code(), ErrorCode::not_found);
  auto tx = must(db().begin(store::TxMode::read));
  EXPECT_TRUE(must(list_days(*tx, "1970-01-01", "9999-12-31")).empty());
}

FUWU_ON_BOTH_BACKENDS(CalendarDaysTest);

}  // namespace
}  // namespace fuwu::calendar
