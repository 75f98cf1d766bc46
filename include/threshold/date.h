// Calendar dates for Threshold's rules: the value type that facts such as a
// date of birth or the date a review was commissioned are held in, and the
// arithmetic the rule language needs on them (day and month offsets, the day
// of the week, and a person's age in whole years by the birthday rule). Dates
// are proleptic Gregorian and carry no time of day or time zone, because the
// statutes and guidance Threshold encodes count in whole calendar days.

#ifndef THRESHOLD_DATE_H_
#define THRESHOLD_DATE_H_

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace threshold {

// A calendar date in the proleptic Gregorian calendar, stored as the number of
// days since 1970-01-01. A trivially copyable value type: pass it by value.
//
// FromYmd and Parse only accept years 1..9999 (the dates a person can type as
// YYYY-MM-DD). FromDays and the arithmetic accept any day count, so a date
// may leave that range; ToString still prints such a date, with a leading '-'
// before year 0 or five or more digits after year 9999.
class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;

  static constexpr Date FromDays(int32_t days_since_epoch) {
    Date date;
    date.days_ = days_since_epoch;
    return date;
  }

  // Returns nullopt unless year/month/day name a real date (so not
  // 2023-02-30) with a year in 1..9999.
  static std::optional<Date> FromYmd(int year, int month, int day);

  // Strict ISO 8601 calendar date: exactly "YYYY-MM-DD", ten characters,
  // with no sign, spaces or time part; anything else is nullopt, as is a
  // well-formed string naming no real date.
  static std::optional<Date> Parse(std::string_view iso);

  constexpr int32_t days() const { return days_; }

  int year() const;
  int month() const;  // 1 = January ... 12 = December.
  int day() const;    // 1-based day of the month.

  // "YYYY-MM-DD".
  std::string ToString() const;
  // Writes the date as ToString does into `buffer`, without allocating; returns a view of it.
  std::string_view Format(char (&buffer)[48]) const;

  // `n` may be negative. The result must fit the day count (about
  // +/-5.8 million years), which no real use comes near.
  Date AddDays(int n) const;

  // The same day of the month `n` months later (`n` may be negative); if the
  // target month is shorter, its last day instead, so 31 January plus one
  // month is 28 or 29 February.
  Date AddMonths(int n) const;

  // 0 = Monday ... 6 = Sunday (ISO 8601 order, less one).
  int Weekday() const;

  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr bool operator==(Date, Date) = default;

 private:
  int32_t days_ = 0;
};

bool IsLeapYear(int year);

// Days in `month` (1..12) of `year`; 0 if `month` is out of range.
int DaysInMonth(int year, int month);

// Whole years of age on `on` for a person born on `birth`, by the birthday
// rule: an age is attained at the start of the anniversary of the birth date,
// and a person born on 29 February attains it on 1 March in a non-leap year.
// A person is 0 on the day of birth. Returns -1 if `on` is before `birth`.
int AgeOn(Date birth, Date on);

// The calendar date in England at the instant `now`: Greenwich Mean Time, or British Summer Time
// (GMT+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
// (the Summer Time Order rule in force since 1981). Between midnight and 01:00 in summer the UTC
// date is still yesterday, and a working-day deadline counted from it would move by a day.
Date EnglandDateAt(std::chrono::system_clock::time_point now);

// EnglandDateAt(now): the default screening date ("today").
Date TodayInEngland();

}  // namespace threshold

#endif  // THRESHOLD_DATE_H_
