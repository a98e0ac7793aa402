#include "core/business_calendar.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdio>

namespace fuwu {
namespace {

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Floor division: instants before 1970 still fall on the right day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int weekday_of_day_number(std::int64_t days) {
  const std::int64_t from_sunday = days + 4;  // 1970-01-01 was a Thursday
  return static_cast<int>(from_sunday - floor_div(from_sunday, 7) * 7);
}

bool is_weekend_day_number(std::int64_t days) {
  const int wd = weekday_of_day_number(days);
  return wd == 0 || wd == 6;
}

// Monday-to-Friday days among day numbers [0, n), negative for n < 0, so that a difference
// W(b) - W(a) counts the weekdays in [a, b) without walking the days.
std::int64_t weekdays_before(std::int64_t n) {
  // Day 0 is a Thursday: Thu, Fri, Sat, Sun, Mon, Tue, Wed.
  static constexpr std::array<std::int64_t, 8> kPrefix = {0, 1, 2, 2, 2, 3, 4, 5};
  const std::int64_t weeks = floor_div(n, 7);
  return weeks * 5 + kPrefix[static_cast<std::size_t>(n - weeks * 7)];
}

// Number of entries of a sorted vector in (a, b].
std::int64_t count_in(const std::vector<std::int64_t>& sorted, std::int64_t a, std::int64_t b) {
  return std::upper_bound(sorted.begin(), sorted.end(), b) -
         std::upper_bound(sorted.begin(), sorted.end(), a);
}

bool contains(const std::vector<std::int64_t>& sorted, std::int64_t day) {
  return std::binary_search(sorted.begin(), sorted.end(), day);
}

Status invalid_date(std::string_view text) {
  return Status(ErrorCode::invalid_argument,
                "date must be YYYY-MM-DD, got '" + std::string(text) + "'");
}

}  // namespace

Result<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid_date(text);
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return invalid_date(text);
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  const Date date{parts[0], parts[1], parts[2]};
  if (!date.is_valid())
    return Status(ErrorCode::invalid_argument, std::string(text) + " is not a calendar date");
  return date;
}

std::string Date::to_string() const {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

bool Date::is_valid() const {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil: counts in 400-year eras starting on March 1st, so the leap
// day is the last day of a year and month lengths follow a fixed pattern.
std::int64_t days_from_civil(Date date) {
  assert(date.is_valid());
  const std::int64_t y = static_cast<std::int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t year_of_era = y - era * 400;  // [0, 399]
  const std::int64_t month_from_march = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;  // [0, 365]
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

Date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t day_of_era = z - era * 146097;  // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;           // [0, 11]
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month =
      static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

int weekday(Date date) {
  return weekday_of_day_number(days_from_civil(date));
}

Date shanghai_date_of(TimeMs utc_ms) {
  return civil_from_days(floor_div(utc_ms + kShanghaiUtcOffsetMs, kDayMs));
}

TimeMs shanghai_start_of_day(Date date) {
  return days_from_civil(date) * kDayMs - kShanghaiUtcOffsetMs;
}

TimeMs shanghai_end_of_day(Date date) {
  return shanghai_start_of_day(date) + kDayMs - 1;
}

BusinessCalendar::BusinessCalendar(std::vector<Date> holidays,
                                   std::vector<Date> make_up_working_days) {
  // Only the exceptions matter: a holiday on a weekend and a "working" weekday change nothing,
  // and leaving them out keeps working_days_between a plain count.
  for (const Date& d : holidays) {
    const std::int64_t n = days_from_civil(d);
    if (!is_weekend_day_number(n)) holidays_.push_back(n);
  }
  for (const Date& d : make_up_working_days) {
    const std::int64_t n = days_from_civil(d);
    assert(std::find(holidays.begin(), holidays.end(), d) == holidays.end() &&
           "a date cannot be both a holiday and a working day");
    if (is_weekend_day_number(n)) make_up_working_days_.push_back(n);
  }
  for (auto* list : {&holidays_, &make_up_working_days_}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
}

Result<BusinessCalendar> BusinessCalendar::from_strings(
    const std::vector<std::string>& holidays,
    const std::vector<std::string>& make_up_working_days) {
  std::vector<Date> holiday_dates;
  std::vector<Date> working_dates;
  for (const std::string& text : holidays) {
    FUWU_ASSIGN_OR_RETURN(Date date, Date::parse(text));
    holiday_dates.push_back(date);
  }
  for (const std::string& text : make_up_working_days) {
    FUWU_ASSIGN_OR_RETURN(Date date, Date::parse(text));
    if (std::find(holiday_dates.begin(), holiday_dates.end(), date) != holiday_dates.end())
      return Status(ErrorCode::invalid_argument,
                    date.to_string() + " is listed both as a holiday and as a working day");
    working_dates.push_back(date);
  }
  return BusinessCalendar(std::move(holiday_dates), std::move(working_dates));
}

bool BusinessCalendar::is_working_day_number(std::int64_t days) const {
  return is_weekend_day_number(days) ? contains(make_up_working_days_, days)
                                     : !contains(holidays_, days);
}

bool BusinessCalendar::is_working_day(Date date) const {
  return is_working_day_number(days_from_civil(date));
}

TimeMs BusinessCalendar::add_working_days(TimeMs start_utc_ms, int days) const {
  assert(days >= 0);
  std::int64_t day = floor_div(start_utc_ms + kShanghaiUtcOffsetMs, kDayMs);
  // At most a few hundred steps for any real deadline; holidays are finite, so this ends.
  for (int remaining = days; remaining > 0;) {
    ++day;
    if (is_working_day_number(day)) --remaining;
  }
  return (day + 1) * kDayMs - kShanghaiUtcOffsetMs - 1;
}

int BusinessCalendar::working_days_between(TimeMs from_utc_ms, TimeMs to_utc_ms) const {
  const std::int64_t from = floor_div(from_utc_ms + kShanghaiUtcOffsetMs, kDayMs);
  const std::int64_t to = floor_div(to_utc_ms + kShanghaiUtcOffsetMs, kDayMs);
  const std::int64_t low = std::min(from, to);
  const std::int64_t high = std::max(from, to);
  // Working days in (low, high]: weekdays, less weekday holidays, plus weekend working days.
  const std::int64_t count = weekdays_before(high + 1) - weekdays_before(low + 1) -
                             count_in(holidays_, low, high) +
                             count_in(make_up_working_days_, low, high);
  return static_cast<int>(to >= from ? count : -count);
}

}  // namespace fuwu
