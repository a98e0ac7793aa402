#include "core/business_calendar.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace fuwu {
namespace {

constexpr TimeMs kHourMs = 60 * 60 * 1000;
constexpr TimeMs kMinuteMs = 60 * 1000;

// An instant given as Shanghai wall-clock time.
TimeMs shanghai(Date date, int hour, int minute) {
  return shanghai_start_of_day(date) + hour * kHourMs + minute * kMinuteMs;
}

Date date(std::string_view text) {
  auto parsed = Date::parse(text);
  EXPECT_TRUE(parsed.is_ok()) << text;
  return parsed ? *parsed : Date{};
}

// The 2024 National Day arrangement as published by the State Council (国办发明电〔2023〕7号).
BusinessCalendar national_day_2024() {
  auto calendar =
      BusinessCalendar::from_strings({"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04",
                                      "2024-10-05", "2024-10-06", "2024-10-07"},
                                     {"2024-09-29", "2024-10-12"});
  EXPECT_TRUE(calendar.is_ok()) << calendar.status().message();
  return std::move(calendar).value();
}

TEST(Date, ParsesAndFormats) {
  EXPECT_EQ(date("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ((Date{2024, 2, 29}).to_string(), "2024-02-29");
  EXPECT_EQ((Date{987, 6, 5}).to_string(), "0987-06-05");
  EXPECT_EQ(date("2000-02-29"), (Date{2000, 2, 29}));  // divisible by 400: leap
  for (std::string_view bad :
       {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-4-01",
        "2024/04/01", "20240401", "", "2024-04-01 ", "２０２４-04-01"}) {
    auto parsed = Date::parse(bad);
    EXPECT_FALSE(parsed.is_ok()) << bad;
    if (!parsed) {
      EXPECT_EQ(parsed.status().code(), ErrorCode::invalid_argument);
    }
  }
  EXPECT_EQ(Date::parse("2023-02-29").status().message(), "2023-02-29 is not a calendar date");
  EXPECT_EQ(Date::parse("2024/04/01").status().message(),
            "date must be YYYY-MM-DD, got '2024/04/01'");
}

TEST(Date, CivilArithmeticMatchesStdChrono) {
  using namespace std::chrono;
  EXPECT_EQ(days_from_civil(Date{1970, 1, 1}), 0);
  EXPECT_EQ(civil_from_days(0), (Date{1970, 1, 1}));
  EXPECT_EQ(weekday(Date{1970, 1, 1}), 4);  // Thursday
  // Every day from 1899 to 2101, across leap years and the century rules.
  for (std::int64_t n = days_from_civil(Date{1899, 1, 1}); n <= days_from_civil(Date{2101, 1, 1});
       ++n) {
    const Date d = civil_from_days(n);
    const year_month_day expected{sys_days{days{n}}};
    ASSERT_EQ(d.year, static_cast<int>(expected.year()));
    ASSERT_EQ(d.month, static_cast<int>(static_cast<unsigned>(expected.month())));
    ASSERT_EQ(d.day, static_cast<int>(static_cast<unsigned>(expected.day())));
    ASSERT_EQ(days_from_civil(d), n);
    ASSERT_EQ(weekday(d), static_cast<int>(std::chrono::weekday{sys_days{days{n}}}.c_encoding()));
  }
}

TEST(Date, ShanghaiDayBoundaries) {
  // 2024-10-16 23:59:59.999 in Shanghai is 15:59:59.999 UTC.
  EXPECT_EQ(shanghai_end_of_day(Date{2024, 10, 16}), 1729094399999);
  EXPECT_EQ(shanghai_start_of_day(Date{2024, 10, 17}), 1729094400000);
  EXPECT_EQ(shanghai_date_of(1729094399999), (Date{2024, 10, 16}));
  EXPECT_EQ(shanghai_date_of(1729094400000), (Date{2024, 10, 17}));
  // Before the epoch the floor, not truncation, decides the day.
  EXPECT_EQ(shanghai_date_of(-8 * kHourMs), (Date{1970, 1, 1}));
  EXPECT_EQ(shanghai_date_of(-8 * kHourMs - 1), (Date{1969, 12, 31}));
}

TEST(BusinessCalendar, WeekendsAreRestDays) {
  const BusinessCalendar plain({}, {});
  EXPECT_TRUE(plain.is_working_day(Date{2024, 3, 1}));   // Friday
  EXPECT_FALSE(plain.is_working_day(Date{2024, 3, 2}));  // Saturday
  EXPECT_FALSE(plain.is_working_day(Date{2024, 3, 3}));  // Sunday
  EXPECT_TRUE(plain.is_working_day(Date{2024, 3, 4}));   // Monday
}

TEST(BusinessCalendar, FridayPlusTenWorkingDaysSkipsTwoWeekends) {
  const BusinessCalendar plain({}, {});
  const TimeMs start = shanghai(Date{2024, 3, 1}, 10, 0);  // Friday 10:00
  const TimeMs deadline = plain.add_working_days(start, 10);
  EXPECT_EQ(shanghai_date_of(deadline), (Date{2024, 3, 15}));  // the Friday two weeks later
  EXPECT_EQ(deadline, shanghai_end_of_day(Date{2024, 3, 15}));
  EXPECT_EQ(plain.working_days_between(start, deadline), 10);
  EXPECT_EQ(plain.add_working_days(start, 1), shanghai_end_of_day(Date{2024, 3, 4}));  // Monday
  EXPECT_EQ(plain.add_working_days(start, 0), shanghai_end_of_day(Date{2024, 3, 1}));
}

TEST(BusinessCalendar, NationalDay2024) {
  const BusinessCalendar calendar = national_day_2024();
  EXPECT_TRUE(calendar.is_working_day(Date{2024, 9, 29}));   // Sunday, make-up working day
  EXPECT_FALSE(calendar.is_working_day(Date{2024, 9, 28}));  // an ordinary Saturday
  EXPECT_FALSE(calendar.is_working_day(Date{2024, 10, 1}));
  EXPECT_FALSE(calendar.is_working_day(Date{2024, 10, 4}));  // Friday, holiday
  EXPECT_FALSE(calendar.is_working_day(Date{2024, 10, 7}));  // Monday, holiday
  EXPECT_TRUE(calendar.is_working_day(Date{2024, 10, 8}));
  EXPECT_TRUE(calendar.is_working_day(Date{2024, 10, 12}));  // Saturday, make-up working day

  // From Friday 09-27: 09-29 (Sun), 09-30, then 10-08 … 10-12 (Sat), 10-14, 10-15, 10-16.
  const TimeMs start = shanghai(Date{2024, 9, 27}, 14, 0);
  const TimeMs deadline = calendar.add_working_days(start, 10);
  EXPECT_EQ(deadline, shanghai_end_of_day(Date{2024, 10, 16}));
  EXPECT_EQ(deadline, 1729094399999);  // 2024-10-16T15:59:59.999Z
  EXPECT_EQ(calendar.working_days_between(start, deadline), 10);
  EXPECT_EQ(calendar.add_working_days(start, 1), shanghai_end_of_day(Date{2024, 9, 29}));
  EXPECT_EQ(calendar.add_working_days(start, 3), shanghai_end_of_day(Date{2024, 10, 8}));
  EXPECT_EQ(calendar.working_days_between(shanghai(Date{2024, 9, 30}, 9, 0),
                                          shanghai(Date{2024, 10, 7}, 18, 0)),
            0);
  // Without the arrangement the same start would end on 10-11.
  EXPECT_EQ(BusinessCalendar({}, {}).add_working_days(start, 10),
            shanghai_end_of_day(Date{2024, 10, 11}));
}

TEST(BusinessCalendar, StartLateOnMondayCountsFromShanghaiDate) {
  const BusinessCalendar plain({}, {});
  // 2024-03-04 15:30 UTC is Monday 23:30 in Shanghai: the start day is Monday.
  const TimeMs monday_late = 1709566200000;
  EXPECT_EQ(monday_late, shanghai(Date{2024, 3, 4}, 23, 30));
  EXPECT_EQ(BusinessCalendar::date_of(monday_late), (Date{2024, 3, 4}));
  EXPECT_EQ(plain.add_working_days(monday_late, 1), shanghai_end_of_day(Date{2024, 3, 5}));
  // An hour later it is already Tuesday in Shanghai, though still Monday in UTC.
  const TimeMs after_midnight = monday_late + kHourMs;
  EXPECT_EQ(BusinessCalendar::date_of(after_midnight), (Date{2024, 3, 5}));
  EXPECT_EQ(plain.add_working_days(after_midnight, 1), shanghai_end_of_day(Date{2024, 3, 6}));
}

TEST(BusinessCalendar, LeapDay) {
  const BusinessCalendar plain({}, {});
  EXPECT_TRUE(plain.is_working_day(Date{2024, 2, 29}));  // Thursday
  EXPECT_EQ(plain.add_working_days(shanghai(Date{2024, 2, 28}, 12, 0), 1),
            shanghai_end_of_day(Date{2024, 2, 29}));
  EXPECT_EQ(plain.add_working_days(shanghai(Date{2024, 2, 29}, 12, 0), 1),
            shanghai_end_of_day(Date{2024, 3, 1}));
  EXPECT_EQ(plain.add_working_days(shanghai(Date{2024, 2, 29}, 12, 0), 2),
            shanghai_end_of_day(Date{2024, 3, 4}));
  // 2023 has no Feb 29: Tuesday 02-28 + 1 is Wednesday 03-01.
  EXPECT_EQ(plain.add_working_days(shanghai(Date{2023, 2, 28}, 12, 0), 1),
            shanghai_end_of_day(Date{2023, 3, 1}));
}

TEST(BusinessCalendar, BetweenIsTheInverseOfAdd) {
  const BusinessCalendar calendar = national_day_2024();
  for (Date start = Date{2024, 9, 1}; start < Date{2024, 11, 1};
       start = civil_from_days(days_from_civil(start) + 1)) {
    for (int n = 0; n <= 40; ++n) {
      const TimeMs from = shanghai(start, 9, 15);
      const TimeMs deadline = calendar.add_working_days(from, n);
      ASSERT_EQ(calendar.working_days_between(from, deadline), n) << start.to_string() << "+" << n;
      ASSERT_EQ(calendar.working_days_between(deadline, from), -n);
      ASSERT_TRUE(n == 0 || calendar.is_working_day(shanghai_date_of(deadline)));
    }
  }
}

TEST(BusinessCalendar, RejectsBadCalendarData) {
  auto bad_date = BusinessCalendar::from_strings({"2024-10-32"}, {});
  ASSERT_FALSE(bad_date.is_ok());
  EXPECT_EQ(bad_date.status().message(), "2024-10-32 is not a calendar date");
  auto both = BusinessCalendar::from_strings({"2024-10-01"}, {"2024-10-01"});
  ASSERT_FALSE(both.is_ok());
  EXPECT_EQ(both.status().message(), "2024-10-01 is listed both as a holiday and as a working day");
}

}  // namespace
}  // namespace fuwu
