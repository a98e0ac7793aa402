// Working days in mainland China: deadlines that the rules state in working days (工作日), such as
// "review within 10 working days", computed in Asia/Shanghai time. China has used UTC+8 without
// daylight saving since 1991, so a fixed offset is exact and no time zone database is needed. The
// State Council publishes the holidays and make-up working days (调休) each year; they are data
// handed to the calendar, never code.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"

namespace fuwu {

inline constexpr TimeMs kShanghaiUtcOffsetMs = 8 * 60 * 60 * 1000;
inline constexpr TimeMs kDayMs = 24 * 60 * 60 * 1000;

// A civil date in the proleptic Gregorian calendar.
struct Date {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31

  // Strictly YYYY-MM-DD, and the date must exist (2023-02-29 does not).
  static Result<Date> parse(std::string_view text);
  std::string to_string() const;  // YYYY-MM-DD
  bool is_valid() const;

  friend auto operator<=>(const Date&, const Date&) = default;
};

// Days since 1970-01-01 (negative before). `date` must be valid.
std::int64_t days_from_civil(Date date);
Date civil_from_days(std::int64_t days);
// 0 = Sunday … 6 = Saturday.
int weekday(Date date);

// The Shanghai calendar date of a UTC instant, and the instants that bound a Shanghai date.
Date shanghai_date_of(TimeMs utc_ms);
TimeMs shanghai_start_of_day(Date date);  // 00:00:00.000
TimeMs shanghai_end_of_day(Date date);    // 23:59:59.999

class BusinessCalendar {
 public:
  // Saturdays and Sundays are rest days unless listed in `make_up_working_days`; weekdays are
  // working days unless listed in `holidays`. A date in both lists is a bug (asserted): use
  // from_strings for data that comes from outside.
  BusinessCalendar(std::vector<Date> holidays, std::vector<Date> make_up_working_days);

  // The calendar from YYYY-MM-DD strings, e.g. from configuration. invalid_argument names the
  // first unparseable date, or a date listed both as a holiday and as a working day.
  static Result<BusinessCalendar> from_strings(
      const std::vector<std::string>& holidays,
      const std::vector<std::string>& make_up_working_days);

  bool is_working_day(Date date) const;
  // The Shanghai date of a UTC instant (the same as shanghai_date_of).
  static Date date_of(TimeMs utc_ms) { return shanghai_date_of(utc_ms); }

  // The deadline `days` working days after the instant `start_utc_ms`: the end (23:59:59.999
  // Shanghai time) of the days-th working day after the start's Shanghai date. The start day never
  // counts, whatever the time or kind of day; with days == 0 the deadline is the end of the start
  // day. `days` must not be negative (asserted).
  TimeMs add_working_days(TimeMs start_utc_ms, int days) const;

  // Working days after the Shanghai date of `from_utc_ms` up to and including that of `to_utc_ms`:
  // the inverse of add_working_days, so working_days_between(s, add_working_days(s, n)) == n.
  // Negative when `to` falls on an earlier date than `from`.
  int working_days_between(TimeMs from_utc_ms, TimeMs to_utc_ms) const;

 private:
  bool is_working_day_number(std::int64_t days) const;

  std::vector<std::int64_t> holidays_;  // sorted day numbers
  std::vector<std::int64_t> make_up_working_days_;
};

}  // namespace fuwu
