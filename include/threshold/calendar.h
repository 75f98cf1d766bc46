// Bank-holiday calendars for working-day arithmetic. Deadlines in safeguarding
// guidance are often "N working days after" some date, and a working day
// depends on the bank holidays of the jurisdiction; a rule pack names a plain
// text file listing them (rules/england/bank-holidays.txt for England and
// Wales), and this header parses that file and counts working days over it.
// Because a calendar only knows the years it lists, arithmetic that would
// need a year outside them reports "unknown" instead of guessing.

#ifndef THRESHOLD_CALENDAR_H_
#define THRESHOLD_CALENDAR_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "threshold/date.h"

namespace threshold {

// A bank-holiday calendar. Immutable after Parse; safe to share between
// threads.
//
// File format, one holiday per line:
//
//   YYYY-MM-DD Name of the holiday
//
// The date may be preceded by spaces or tabs and is separated from the name
// by at least one space or tab. The name is the rest of the line with
// surrounding white space removed. Blank lines, and lines whose first
// non-blank character is '#', are ignored. A '#' anywhere in a name is an
// error: trailing comments are not supported, and rejecting them stops a
// note from silently becoming part of a holiday's name. A '\r' before the
// line end is ignored, so files saved with Windows line endings parse.
//
// Errors (all are collected, not just the first):
//   - the date is not a real date in strict YYYY-MM-DD form;
//   - the name is missing, or contains '#';
//   - the date is already listed on an earlier line;
//   - the date is earlier than the date on the previous holiday line;
//   - the date is a Saturday or Sunday. England and Wales bank holidays are
//     always weekdays; when a fixed date falls at a weekend the file lists
//     the weekday substitute instead.
class HolidayCalendar {
 public:
  struct Holiday {
    Date date;
    std::string name;
  };

  struct ParseError {
    int line;    // 1-based.
    int column;  // 1-based, in bytes.
    std::string message;
  };

  // Parses `text`, appending any errors to `*errors` (which may be null if
  // the caller only wants the calendar). A caller must treat any error as a
  // failure to load the file: the calendar returned alongside errors holds
  // only the lines that had none, sorted, and is meant for diagnostics.
  static HolidayCalendar Parse(std::string_view text,
                               std::vector<ParseError>* errors);

  // Empty: no holidays, and covers no year.
  HolidayCalendar() = default;

  bool IsHoliday(Date d) const;

  // Monday to Friday and not a holiday.
  bool IsWorkingDay(Date d) const;

  // The years covered: those of the first and of the last listed holiday
  // (both 0 when the calendar is empty). A calendar file is expected to list
  // every holiday of each year from the first to the last.
  int first_year() const;
  int last_year() const;

  // first_year() <= d.year() <= last_year().
  bool Covers(Date d) const;

  // The nth working day after `start`: `start` itself is never counted, and
  // n == 0 returns `start`. Returns nullopt if n < 0 or if any day it must
  // step over, the result included, lies outside the covered years, because
  // the holidays there are unknown.
  std::optional<Date> AddWorkingDays(Date start, int n) const;

  // Sorted by date, no two on the same date.
  const std::vector<Holiday>& holidays() const { return holidays_; }

 private:
  std::vector<Holiday> holidays_;  // Sorted by date, dates unique.
};

}  // namespace threshold

#endif  // THRESHOLD_CALENDAR_H_
