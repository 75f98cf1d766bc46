// Implementation of threshold::HolidayCalendar: the parser for bank-holiday
// files, and working-day arithmetic over the parsed list. See calendar.h for
// the file format and the errors the parser reports.

#include "threshold/calendar.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

namespace threshold {
namespace {

constexpr std::string_view kBlanks = " \t";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Whether `text` can be quoted in a message as it is: short printable ASCII.
// Anything else (control characters, bytes that may not be UTF-8) is described
// instead, so messages stay printable text and valid in JSON.
bool Printable(std::string_view text) {
  if (text.size() > 32) return false;
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

bool DateLess(const HolidayCalendar::Holiday& holiday, Date date) {
  return holiday.date < date;
}

const char* WeekendDayName(Date date) {
  return date.Weekday() == 5 ? "Saturday" : "Sunday";
}

}  // namespace

HolidayCalendar HolidayCalendar::Parse(std::string_view text,
                                       std::vector<ParseError>* errors) {
  HolidayCalendar calendar;
  auto report = [errors](int line, size_t column, std::string message) {
    if (errors != nullptr) {
      errors->push_back(
          ParseError{line, static_cast<int>(column), std::move(message)});
    }
  };

  // The line each date was first seen on, to name it in duplicate errors.
  std::map<int32_t, int> line_of_date;
  // The date on the last line whose date parsed. Order is checked against it
  // rather than against the latest date so far, so that one misplaced line
  // yields one error instead of an error on every line after it.
  std::optional<Date> previous_date;
  int previous_line = 0;

  int line_number = 0;
  size_t line_start = 0;
  // A UTF-8 byte-order mark at the start (as some Windows editors write) is
  // not content. Columns stay byte offsets into the line as written.
  const size_t bom = text.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    const size_t date_begin =
        line.find_first_not_of(kBlanks, line_number == 1 ? bom : 0);
    if (date_begin == std::string_view::npos || line[date_begin] == '#') {
      continue;
    }
    size_t date_end = line.find_first_of(kBlanks, date_begin);
    if (date_end == std::string_view::npos) date_end = line.size();
    const std::string_view date_text =
        line.substr(date_begin, date_end - date_begin);
    bool line_ok = true;

    const std::optional<Date> date = Date::Parse(date_text);
    if (!date) {
      report(line_number, date_begin + 1,
             Printable(date_text)
                 ? "\"" + std::string(date_text) +
                       "\" is not a real date in the form YYYY-MM-DD"
                 : std::string("not a real date in the form YYYY-MM-DD"));
      line_ok = false;
    }

    std::string_view name;
    const size_t name_begin = line.find_first_not_of(kBlanks, date_end);
    if (name_begin == std::string_view::npos) {
      report(line_number, date_end + 1,
             "missing holiday name: expected YYYY-MM-DD followed by a name");
      line_ok = false;
    } else {
      name = line.substr(name_begin);
      name = name.substr(0, name.find_last_not_of(kBlanks) + 1);
      const size_t hash = name.find('#');
      if (hash != std::string_view::npos) {
        report(line_number, name_begin + hash + 1,
               "'#' in a holiday name (comments must be on lines of their "
               "own)");
        line_ok = false;
      }
    }

    if (date) {
      const std::string date_string = date->ToString();
      const auto [seen, inserted] =
          line_of_date.emplace(date->days(), line_number);
      if (!inserted) {
        report(line_number, date_begin + 1,
               "duplicate date " + date_string + ": already listed on line " +
                   std::to_string(seen->second));
        line_ok = false;
      } else if (previous_date && *date < *previous_date) {
        report(line_number, date_begin + 1,
               "dates must be in ascending order: " + date_string +
                   " comes after " + previous_date->ToString() + " on line " +
                   std::to_string(previous_line));
        line_ok = false;
      }
      if (date->Weekday() >= 5) {
        report(line_number, date_begin + 1,
               date_string + " is a " + WeekendDayName(*date) +
                   ": bank holidays fall on weekdays, so list the weekday "
                   "substitute instead");
        line_ok = false;
      }
      previous_date = date;
      previous_line = line_number;
    }

    if (line_ok) {
      calendar.holidays_.push_back(Holiday{*date, std::string(name)});
    }
  }

  // Accepted lines are unique by date (a repeat is an error) but may be out
  // of order when the file had errors; binary search needs them sorted.
  std::sort(calendar.holidays_.begin(), calendar.holidays_.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return calendar;
}

bool HolidayCalendar::IsHoliday(Date d) const {
  const auto it =
      std::lower_bound(holidays_.begin(), holidays_.end(), d, DateLess);
  return it != holidays_.end() && it->date == d;
}

bool HolidayCalendar::IsWorkingDay(Date d) const {
  return d.Weekday() < 5 && !IsHoliday(d);
}

int HolidayCalendar::first_year() const {
  return holidays_.empty() ? 0 : holidays_.front().date.year();
}

int HolidayCalendar::last_year() const {
  return holidays_.empty() ? 0 : holidays_.back().date.year();
}

bool HolidayCalendar::Covers(Date d) const {
  if (holidays_.empty()) return false;
  const int year = d.year();
  return first_year() <= year && year <= last_year();
}

std::optional<Date> HolidayCalendar::AddWorkingDays(Date start, int n) const {
  if (n < 0) return std::nullopt;
  if (n == 0) return start;
  if (holidays_.empty()) return std::nullopt;

  // Holidays come only from Parse, so their years are within 1..9999 and
  // these dates exist.
  const int32_t first_covered = Date::FromYmd(first_year(), 1, 1)->days();
  const int32_t last_covered = Date::FromYmd(last_year(), 12, 31)->days();
  // The first day stepped over is the day after `start`. Compared in 64 bits
  // so that a `start` at the very end of the day range cannot overflow.
  if (int64_t{start.days()} + 1 < first_covered) return std::nullopt;

  Date day = start;
  int counted = 0;
  // Ends within the covered years: at most about 366 days per year covered.
  while (day.days() < last_covered) {
    day = day.AddDays(1);
    if (IsWorkingDay(day) && ++counted == n) return day;
  }
  return std::nullopt;
}

}  // namespace threshold
