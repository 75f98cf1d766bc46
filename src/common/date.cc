// Implementation of threshold::Date: conversion between a day count and a
// (year, month, day) triple, ISO parsing and formatting, and the month and
// age arithmetic the rule language relies on.
//
// The conversions use the usual trick of counting years from 1 March, so the
// leap day is the last day of a "year" and month lengths follow a fixed
// pattern, and of working in 400-year eras, after which the Gregorian
// calendar repeats exactly (146097 days).

#include "threshold/date.h"

#include <algorithm>
#include <cstdio>

namespace threshold {
namespace {

constexpr int64_t kDaysPerEra = 146097;  // 400 Gregorian years.
// Days from 0000-03-01 (the start of era 0) to 1970-01-01.
constexpr int64_t kEpochOffset = 719468;

struct Ymd {
  int64_t year;
  int month;
  int day;
};

// Division that rounds towards negative infinity, for dates before year 0.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return (a >= 0 ? a : a - (b - 1)) / b;
}

// Day number of the date in a year starting 1 March: March is month 0 and
// February month 11. Month lengths from March run 31 30 31 30 31, then the
// same five again, then 31 and the leap-dependent February, so
// (153 * m + 2) / 5 gives the days before month m exactly.
constexpr int DayOfMarchYear(int month, int day) {
  const int shifted_month = month > 2 ? month - 3 : month + 9;
  return (153 * shifted_month + 2) / 5 + day - 1;
}

constexpr int64_t DaysFromCivil(int64_t year, int month, int day) {
  // January and February belong to the previous March-based year.
  const int64_t march_year = month <= 2 ? year - 1 : year;
  const int64_t era = FloorDiv(march_year, 400);
  const int64_t year_of_era = march_year - era * 400;  // [0, 399]
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
                             year_of_era / 100 +
                             DayOfMarchYear(month, day);  // [0, 146096]
  return era * kDaysPerEra + day_of_era - kEpochOffset;
}

constexpr Ymd CivilFromDays(int64_t days) {
  const int64_t shifted = days + kEpochOffset;
  const int64_t era = FloorDiv(shifted, kDaysPerEra);
  const int64_t day_of_era = shifted - era * kDaysPerEra;  // [0, 146096]
  // Removing the leap days accumulated so far (one per 4 years, less one
  // per century, plus one per 400 years) leaves a 365-day-per-year count.
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
       day_of_era / (kDaysPerEra - 1)) /
      365;  // [0, 399]
  const int64_t day_of_year =
      day_of_era -
      (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const int shifted_month =
      static_cast<int>((5 * day_of_year + 2) / 153);  // March = 0
  const int day =
      static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return Ymd{year, month, day};
}

// Spot checks that run at compile time, so a slip in the arithmetic cannot
// survive a build.
static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2000, 3, 1) == 11017);
static_assert(DaysFromCivil(1969, 12, 31) == -1);
static_assert(CivilFromDays(11016).month == 2);  // 2000-02-29.
static_assert(CivilFromDays(11016).day == 29);

Ymd ToYmd(Date date) { return CivilFromDays(date.days()); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses the decimal digits text[begin, end); the caller has checked them.
int DigitsValue(std::string_view text, size_t begin, size_t end) {
  int value = 0;
  for (size_t i = begin; i < end; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

bool IsLeapYear(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return FromDays(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

std::optional<Date> Date::Parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!IsDigit(iso[i])) return std::nullopt;
  }
  return FromYmd(DigitsValue(iso, 0, 4), DigitsValue(iso, 5, 7),
                 DigitsValue(iso, 8, 10));
}

int Date::year() const { return static_cast<int>(ToYmd(*this).year); }
int Date::month() const { return ToYmd(*this).month; }
int Date::day() const { return ToYmd(*this).day; }

std::string Date::ToString() const {
  char buffer[48];
  return std::string(Format(buffer));
}

std::string_view Date::Format(char (&buffer)[48]) const {
  const Ymd ymd = ToYmd(*this);
  const long long year = static_cast<long long>(ymd.year);
  if (year >= 0 && year <= 9999) {
    // The common case, without snprintf: YYYY-MM-DD.
    auto digits = [&](int at, long long value, int width) {
      for (int i = width - 1; i >= 0; --i, value /= 10) buffer[at + i] = static_cast<char>('0' + value % 10);
    };
    digits(0, year, 4);
    buffer[4] = '-';
    digits(5, ymd.month, 2);
    buffer[7] = '-';
    digits(8, ymd.day, 2);
    return std::string_view(buffer, 10);
  }
  // Large enough for any int64 year, so snprintf never truncates.
  int length = std::snprintf(buffer, sizeof(buffer), "%s%04lld-%02d-%02d", year < 0 ? "-" : "",
                             year < 0 ? -year : year, ymd.month, ymd.day);
  return std::string_view(buffer, static_cast<size_t>(length));
}

Date Date::AddDays(int n) const {
  return FromDays(static_cast<int32_t>(int64_t{days_} + n));
}

Date Date::AddMonths(int n) const {
  const Ymd ymd = ToYmd(*this);
  // Count months from year 0 so that carrying into the year is one floor
  // division, whichever sign `n` has.
  const int64_t month_index = ymd.year * 12 + (ymd.month - 1) + n;
  const int64_t year = FloorDiv(month_index, 12);
  const int month = static_cast<int>(month_index - year * 12) + 1;
  const int day =
      std::min(ymd.day, DaysInMonth(static_cast<int>(year), month));
  return FromDays(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

int Date::Weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0). The sum is taken in 64
  // bits and reduced to [0, 6] for dates before the epoch too.
  const int64_t shifted = int64_t{days_} + 3;
  return static_cast<int>(((shifted % 7) + 7) % 7);
}

int AgeOn(Date birth, Date on) {
  if (on < birth) return -1;
  const Ymd b = CivilFromDays(birth.days());
  const Ymd o = CivilFromDays(on.days());
  int age = static_cast<int>(o.year - b.year);
  // The birthday has not come yet this year if (month, day) is still before
  // the birth (month, day). This comparison is the whole birthday rule: for
  // a 29 February birth in a non-leap year, 28 February compares before
  // (2, 29) and 1 March after it, so the age arrives on 1 March.
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --age;
  return age;
}

}  // namespace threshold

namespace threshold {
namespace {

// The last Sunday of `month` (March or October) of `year`.
Date LastSunday(int year, int month) {
  Date last = *Date::FromYmd(year, month, DaysInMonth(year, month));
  return last.AddDays(-((last.Weekday() + 1) % 7));  // Weekday(): 6 is Sunday
}

}  // namespace

Date EnglandDateAt(std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const int64_t seconds = duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  auto floor_div = [](int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); };
  const Date utc_date = Date::FromDays(static_cast<int32_t>(floor_div(seconds, 86400)));
  // Summer time starts and ends at 01:00 UTC on the changeover Sundays.
  const int year = utc_date.year();
  const int64_t starts = static_cast<int64_t>(LastSunday(year, 3).days()) * 86400 + 3600;
  const int64_t ends = static_cast<int64_t>(LastSunday(year, 10).days()) * 86400 + 3600;
  const bool summer = year >= 1 && year <= 9999 && seconds >= starts && seconds < ends;
  return Date::FromDays(static_cast<int32_t>(floor_div(seconds + (summer ? 3600 : 0), 86400)));
}

Date TodayInEngland() { return EnglandDateAt(std::chrono::system_clock::now()); }

}  // namespace threshold
