// Tests for threshold::HolidayCalendar: the bank-holiday file parser and its
// error reports, working-day arithmetic, and a check of the shipped England
// and Wales calendar (rules/england/bank-holidays.txt) against the statutory
// rules recomputed here independently, Easter included, so that a wrong date
// in the data file fails the build rather than a deadline.

#include "threshold/calendar.h"

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#ifndef THRESHOLD_SOURCE_DIR
#error "THRESHOLD_SOURCE_DIR must be the repository root as a string literal"
#endif

namespace threshold {
namespace {

using ParseError = HolidayCalendar::ParseError;

Date D(std::string_view iso) {
  const std::optional<Date> date = Date::Parse(iso);
  EXPECT_TRUE(date.has_value()) << iso;
  return date.value_or(Date());
}

std::string Describe(const std::vector<ParseError>& errors) {
  std::string out;
  for (const ParseError& e : errors) {
    out += std::to_string(e.line) + ":" + std::to_string(e.column) + ": " +
           e.message + "\n";
  }
  return out;
}

// Parses text that the test expects to be free of errors.
HolidayCalendar ParseOk(std::string_view text) {
  std::vector<ParseError> errors;
  HolidayCalendar calendar = HolidayCalendar::Parse(text, &errors);
  EXPECT_TRUE(errors.empty()) << Describe(errors);
  return calendar;
}

// Parses text that the test expects to give exactly one error.
ParseError ParseOneError(std::string_view text) {
  std::vector<ParseError> errors;
  HolidayCalendar::Parse(text, &errors);
  EXPECT_EQ(errors.size(), 1u) << Describe(errors);
  return errors.empty() ? ParseError{0, 0, ""} : errors.front();
}

// The whole of 2025 for England and Wales, for the arithmetic tests that do
// not depend on the shipped file.
constexpr std::string_view k2025 =
    "2025-01-01 New Year's Day\n"
    "2025-04-18 Good Friday\n"
    "2025-04-21 Easter Monday\n"
    "2025-05-05 Early May bank holiday\n"
    "2025-05-26 Spring bank holiday\n"
    "2025-08-25 Summer bank holiday\n"
    "2025-12-25 Christmas Day\n"
    "2025-12-26 Boxing Day\n";

// ---------------------------------------------------------------------------
// Parsing.

TEST(HolidayCalendarParseTest, ReadsDatesAndNames) {
  const HolidayCalendar calendar = ParseOk(
      "2025-01-01 New Year's Day\n"
      "2025-04-18   Good Friday  \n"
      "2025-04-21\tEaster Monday");
  ASSERT_EQ(calendar.holidays().size(), 3u);
  EXPECT_EQ(calendar.holidays()[0].date, D("2025-01-01"));
  EXPECT_EQ(calendar.holidays()[0].name, "New Year's Day");
  EXPECT_EQ(calendar.holidays()[1].name, "Good Friday");
  EXPECT_EQ(calendar.holidays()[2].date, D("2025-04-21"));
  EXPECT_EQ(calendar.holidays()[2].name, "Easter Monday");
}

TEST(HolidayCalendarParseTest, IgnoresCommentsAndBlankLines) {
  const HolidayCalendar calendar = ParseOk(
      "# Bank holidays\n"
      "\n"
      "   # an indented comment\n"
      "  \t \n"
      "2025-01-01 New Year's Day\n"
      "#2025-04-18 Good Friday\n");
  ASSERT_EQ(calendar.holidays().size(), 1u);
  EXPECT_EQ(calendar.holidays()[0].date, D("2025-01-01"));
}

TEST(HolidayCalendarParseTest, AllowsIndentedDatesAndWindowsLineEndings) {
  const HolidayCalendar calendar =
      ParseOk("  2025-01-01 New Year's Day\r\n2025-04-18 Good Friday\r\n");
  ASSERT_EQ(calendar.holidays().size(), 2u);
  EXPECT_EQ(calendar.holidays()[0].name, "New Year's Day");
  EXPECT_EQ(calendar.holidays()[1].name, "Good Friday");
}

TEST(HolidayCalendarParseTest, EmptyTextGivesEmptyCalendar) {
  const HolidayCalendar calendar = ParseOk("");
  EXPECT_TRUE(calendar.holidays().empty());
  EXPECT_EQ(calendar.first_year(), 0);
  EXPECT_EQ(calendar.last_year(), 0);
}

TEST(HolidayCalendarParseTest, BadDate) {
  struct Case {
    const char* text;
    int line;
    int column;
  };
  const Case cases[] = {
      {"2025-02-30 Not a day\n", 1, 1},
      {"# header\n2025-13-01 No such month\n", 2, 1},
      {"2025-1-01 Short month\n", 1, 1},
      {"  01/01/2025 Wrong format\n", 1, 3},
      {"2025-01-01New Year's Day\n", 1, 1},  // No separating space.
  };
  for (const Case& c : cases) {
    const ParseError error = ParseOneError(c.text);
    EXPECT_EQ(error.line, c.line) << c.text;
    EXPECT_EQ(error.column, c.column) << c.text;
    EXPECT_NE(error.message.find("not a real date"), std::string::npos)
        << error.message;
  }
}

TEST(HolidayCalendarParseTest, MissingName) {
  for (const char* text : {"2025-01-01\n", "2025-01-01   \n", "2025-01-01"}) {
    const ParseError error = ParseOneError(text);
    EXPECT_EQ(error.line, 1);
    EXPECT_EQ(error.column, 11);
    EXPECT_NE(error.message.find("missing holiday name"), std::string::npos)
        << error.message;
  }
}

TEST(HolidayCalendarParseTest, HashInNameIsAnError) {
  const ParseError error =
      ParseOneError("2025-01-01 New Year's Day\n"
                    "2025-04-18 Good Friday # note\n");
  EXPECT_EQ(error.line, 2);
  EXPECT_EQ(error.column, 24);
  EXPECT_NE(error.message.find("'#'"), std::string::npos) << error.message;
}

TEST(HolidayCalendarParseTest, DuplicateDate) {
  const ParseError error = ParseOneError(
      "2025-01-01 New Year's Day\n"
      "2025-04-18 Good Friday\n"
      "2025-04-18 Good Friday again\n");
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 1);
  EXPECT_NE(error.message.find("duplicate date 2025-04-18"), std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("line 2"), std::string::npos) << error.message;
}

TEST(HolidayCalendarParseTest, DatesOutOfOrder) {
  const ParseError error = ParseOneError(
      "2025-01-01 New Year's Day\n"
      "2025-12-25 Christmas Day\n"
      "2025-04-18 Good Friday\n"
      "2025-12-26 Boxing Day\n");
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 1);
  EXPECT_NE(error.message.find("ascending order"), std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("2025-12-25 on line 2"), std::string::npos)
      << error.message;
}

TEST(HolidayCalendarParseTest, WeekendDate) {
  struct Case {
    const char* text;
    int line;
    const char* day_name;
  };
  const Case cases[] = {
      {"2025-12-25 Christmas Day\n2026-12-26 Boxing Day\n", 2, "Saturday"},
      {"2022-12-25 Christmas Day\n", 1, "Sunday"},
  };
  for (const Case& c : cases) {
    const ParseError error = ParseOneError(c.text);
    EXPECT_EQ(error.line, c.line) << c.text;
    EXPECT_EQ(error.column, 1) << c.text;
    EXPECT_NE(error.message.find(c.day_name), std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("substitute"), std::string::npos)
        << error.message;
  }
}

TEST(HolidayCalendarParseTest, CollectsEveryError) {
  std::vector<ParseError> errors;
  const HolidayCalendar calendar = HolidayCalendar::Parse(
      "# Test calendar\n"                  // 1
      "2025-01-01 New Year's Day\n"        // 2
      "2025-02-30 Impossible\n"            // 3: bad date
      "2025-04-18\n"                       // 4: missing name
      "2025-04-21 Easter Monday\n"         // 5
      "2025-04-21 Easter Monday again\n"   // 6: duplicate
      "2025-03-03 Out of order\n"          // 7: out of order
      "2025-05-10 A Saturday\n"            // 8: weekend
      "\n"                                 // 9
      "2025-12-25 Christmas Day\n",        // 10
      &errors);
  ASSERT_EQ(errors.size(), 5u) << Describe(errors);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[1].line, 4);
  EXPECT_EQ(errors[2].line, 6);
  EXPECT_EQ(errors[3].line, 7);
  EXPECT_EQ(errors[4].line, 8);
  // Only the good lines are kept, and still sorted.
  ASSERT_EQ(calendar.holidays().size(), 3u);
  EXPECT_EQ(calendar.holidays()[0].date, D("2025-01-01"));
  EXPECT_EQ(calendar.holidays()[1].date, D("2025-04-21"));
  EXPECT_EQ(calendar.holidays()[1].name, "Easter Monday");
  EXPECT_EQ(calendar.holidays()[2].date, D("2025-12-25"));
}

TEST(HolidayCalendarParseTest, NullErrorsIsAllowed) {
  const HolidayCalendar calendar =
      HolidayCalendar::Parse("2025-02-30 Bad\n2025-01-01 Good\n", nullptr);
  ASSERT_EQ(calendar.holidays().size(), 1u);
  EXPECT_EQ(calendar.holidays()[0].date, D("2025-01-01"));
}

// ---------------------------------------------------------------------------
// Lookups and coverage.

TEST(HolidayCalendarTest, IsHolidayAndIsWorkingDay) {
  const HolidayCalendar calendar = ParseOk(k2025);
  EXPECT_TRUE(calendar.IsHoliday(D("2025-04-18")));
  EXPECT_TRUE(calendar.IsHoliday(D("2025-01-01")));
  EXPECT_TRUE(calendar.IsHoliday(D("2025-12-26")));
  EXPECT_FALSE(calendar.IsHoliday(D("2025-04-17")));
  EXPECT_FALSE(calendar.IsHoliday(D("2024-12-31")));
  EXPECT_FALSE(calendar.IsHoliday(D("2026-01-01")));

  EXPECT_TRUE(calendar.IsWorkingDay(D("2025-04-17")));    // Thursday.
  EXPECT_FALSE(calendar.IsWorkingDay(D("2025-04-18")));   // Good Friday.
  EXPECT_FALSE(calendar.IsWorkingDay(D("2025-04-19")));   // Saturday.
  EXPECT_FALSE(calendar.IsWorkingDay(D("2025-04-20")));   // Sunday.
  EXPECT_TRUE(calendar.IsWorkingDay(D("2025-04-22")));    // Tuesday.
}

TEST(HolidayCalendarTest, CoverageIsWholeYearsFirstToLast) {
  const HolidayCalendar calendar = ParseOk(
      "2024-12-25 Christmas Day\n"
      "2026-01-01 New Year's Day\n");
  EXPECT_EQ(calendar.first_year(), 2024);
  EXPECT_EQ(calendar.last_year(), 2026);
  EXPECT_FALSE(calendar.Covers(D("2023-12-31")));
  EXPECT_TRUE(calendar.Covers(D("2024-01-01")));
  EXPECT_TRUE(calendar.Covers(D("2025-06-30")));
  EXPECT_TRUE(calendar.Covers(D("2026-12-31")));
  EXPECT_FALSE(calendar.Covers(D("2027-01-01")));
}

TEST(HolidayCalendarTest, EmptyCalendarCoversNothing) {
  const HolidayCalendar calendar;
  EXPECT_EQ(calendar.first_year(), 0);
  EXPECT_EQ(calendar.last_year(), 0);
  EXPECT_FALSE(calendar.Covers(D("2025-01-01")));
  EXPECT_FALSE(calendar.IsHoliday(D("2025-01-01")));
  EXPECT_TRUE(calendar.IsWorkingDay(D("2025-01-01")));
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-01-06"), 1), std::nullopt);
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-01-06"), 0), D("2025-01-06"));
}

// ---------------------------------------------------------------------------
// Working-day arithmetic.

TEST(AddWorkingDaysTest, ZeroReturnsStart) {
  const HolidayCalendar calendar = ParseOk(k2025);
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-03-12"), 0), D("2025-03-12"));
  // Even a weekend or holiday start, and even outside coverage.
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-04-19"), 0), D("2025-04-19"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2030-01-01"), 0), D("2030-01-01"));
}

TEST(AddWorkingDaysTest, NegativeIsNullopt) {
  const HolidayCalendar calendar = ParseOk(k2025);
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-03-12"), -1), std::nullopt);
}

TEST(AddWorkingDaysTest, AcrossAWeekend) {
  const HolidayCalendar calendar = ParseOk(k2025);
  struct Case {
    const char* start;
    int n;
    const char* expected;
  };
  const Case cases[] = {
      {"2025-03-12", 1, "2025-03-13"},   // Wednesday to Thursday.
      {"2025-03-14", 1, "2025-03-17"},   // Friday to Monday.
      {"2025-03-13", 2, "2025-03-17"},   // Thursday, over the weekend.
      {"2025-03-15", 1, "2025-03-17"},   // From a Saturday.
      {"2025-03-16", 1, "2025-03-17"},   // From a Sunday.
      {"2025-03-10", 5, "2025-03-17"},   // A whole week, Monday to Monday.
      {"2025-03-10", 10, "2025-03-24"},  // Two weeks.
  };
  for (const Case& c : cases) {
    EXPECT_EQ(calendar.AddWorkingDays(D(c.start), c.n), D(c.expected))
        << c.n << " working days after " << c.start;
  }
}

TEST(AddWorkingDaysTest, OutsideCoverageIsNullopt) {
  const HolidayCalendar calendar = ParseOk(k2025);
  // Would step into 2026, whose holidays this calendar does not know.
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-12-31"), 1), std::nullopt);
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-12-22"), 6), std::nullopt);
  // Starting before coverage: the days stepped over are in 2024.
  EXPECT_EQ(calendar.AddWorkingDays(D("2024-12-20"), 10), std::nullopt);
  // Starting far outside in either direction.
  EXPECT_EQ(calendar.AddWorkingDays(D("1990-01-01"), 1), std::nullopt);
  EXPECT_EQ(calendar.AddWorkingDays(D("2040-01-01"), 1), std::nullopt);
  // A huge n runs out of coverage rather than looping.
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-01-02"), 1000000), std::nullopt);
}

TEST(AddWorkingDaysTest, StartJustBeforeCoverageIsFine) {
  const HolidayCalendar calendar = ParseOk(k2025);
  // The start itself is not counted, so 31 December 2024 may be the start:
  // 1 January 2025 is a holiday, so the first working day is 2 January.
  EXPECT_EQ(calendar.AddWorkingDays(D("2024-12-31"), 1), D("2025-01-02"));
}

TEST(AddWorkingDaysTest, LastCoveredWorkingDayIsReachable) {
  const HolidayCalendar calendar = ParseOk(k2025);
  // Monday 29 to Wednesday 31 December 2025.
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-12-24"), 3), D("2025-12-31"));
}

// ---------------------------------------------------------------------------
// The shipped England and Wales calendar.

constexpr char kEnglandCalendarPath[] =
    THRESHOLD_SOURCE_DIR "/rules/england/bank-holidays.txt";

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// Loads the shipped file once for all the tests that examine it.
class EnglandCalendarTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    errors_ = new std::vector<ParseError>();
    calendar_ = new HolidayCalendar(
        HolidayCalendar::Parse(ReadFile(kEnglandCalendarPath), errors_));
  }

  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
    delete errors_;
    errors_ = nullptr;
  }

  static const HolidayCalendar& calendar() { return *calendar_; }

  static HolidayCalendar* calendar_;
  static std::vector<ParseError>* errors_;
};

HolidayCalendar* EnglandCalendarTest::calendar_ = nullptr;
std::vector<ParseError>* EnglandCalendarTest::errors_ = nullptr;

constexpr int kFirstYear = 2006;
constexpr int kLastYear = 2030;

// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
// Deliberately not the method the data file was prepared with.
Date EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date::FromYmd(year, month, day).value();
}

Date FirstMonday(int year, int month) {
  Date date = Date::FromYmd(year, month, 1).value();
  while (date.Weekday() != 0) date = date.AddDays(1);
  return date;
}

Date LastMonday(int year, int month) {
  Date date =
      Date::FromYmd(year, month, DaysInMonth(year, month)).value();
  while (date.Weekday() != 0) date = date.AddDays(-1);
  return date;
}

// What a year's entry should be: its date, a fragment its name must contain,
// and whether it is a substitute day (named "(substitute day)").
struct Expected {
  Date date;
  std::string name_part;
  bool substitute;
};

Date Ymd(int year, int month, int day) {
  return Date::FromYmd(year, month, day).value();
}

// The bank holidays of `year` under the Banking and Financial Dealings Act
// 1971 and the annual proclamations, with the one-off changes of 2006-2030.
std::vector<Expected> ExpectedHolidays(int year) {
  std::vector<Expected> expected;
  const Date new_year = Ymd(year, 1, 1);
  if (new_year.Weekday() == 5) {
    expected.push_back({Ymd(year, 1, 3), "New Year's Day", true});
  } else if (new_year.Weekday() == 6) {
    expected.push_back({Ymd(year, 1, 2), "New Year's Day", true});
  } else {
    expected.push_back({new_year, "New Year's Day", false});
  }

  const Date easter = EasterSunday(year);
  expected.push_back({easter.AddDays(-2), "Good Friday", false});
  expected.push_back({easter.AddDays(1), "Easter Monday", false});

  if (year == 2020) {
    expected.push_back({Ymd(2020, 5, 8), "VE Day", false});
  } else {
    expected.push_back({FirstMonday(year, 5), "Early May", false});
  }

  if (year == 2012) {
    expected.push_back({Ymd(2012, 6, 4), "Spring bank holiday", false});
    expected.push_back({Ymd(2012, 6, 5), "Diamond Jubilee", false});
  } else if (year == 2022) {
    expected.push_back({Ymd(2022, 6, 2), "Spring bank holiday", false});
    expected.push_back({Ymd(2022, 6, 3), "Platinum Jubilee", false});
  } else {
    expected.push_back({LastMonday(year, 5), "Spring bank holiday", false});
  }

  expected.push_back({LastMonday(year, 8), "Summer bank holiday", false});

  const Date christmas = Ymd(year, 12, 25);
  switch (christmas.Weekday()) {
    case 4:  // Friday: Boxing Day falls on the Saturday.
      expected.push_back({christmas, "Christmas Day", false});
      expected.push_back({Ymd(year, 12, 28), "Boxing Day", true});
      break;
    case 5:  // Saturday.
      expected.push_back({Ymd(year, 12, 27), "Christmas Day", true});
      expected.push_back({Ymd(year, 12, 28), "Boxing Day", true});
      break;
    case 6:  // Sunday.
      expected.push_back({Ymd(year, 12, 26), "Boxing Day", false});
      expected.push_back({Ymd(year, 12, 27), "Christmas Day", true});
      break;
    default:
      expected.push_back({christmas, "Christmas Day", false});
      expected.push_back({Ymd(year, 12, 26), "Boxing Day", false});
      break;
  }

  if (year == 2011) {
    expected.push_back({Ymd(2011, 4, 29), "Royal wedding", false});
  } else if (year == 2022) {
    expected.push_back({Ymd(2022, 9, 19), "State Funeral", false});
  } else if (year == 2023) {
    expected.push_back({Ymd(2023, 5, 8), "Coronation", false});
  }
  return expected;
}

const HolidayCalendar::Holiday* Find(const HolidayCalendar& calendar,
                                     Date date) {
  for (const HolidayCalendar::Holiday& holiday : calendar.holidays()) {
    if (holiday.date == date) return &holiday;
  }
  return nullptr;
}

std::vector<Date> ListedIn(const HolidayCalendar& calendar, int year) {
  std::vector<Date> dates;
  for (const HolidayCalendar::Holiday& holiday : calendar.holidays()) {
    if (holiday.date.year() == year) dates.push_back(holiday.date);
  }
  return dates;
}

TEST(ComputusTest, MatchesKnownEasterSundays) {
  // Well-known dates, including the earliest (22 March) and latest
  // (25 April) that Easter can fall.
  const char* const known[] = {"2008-03-23", "2011-04-24", "2016-03-27",
                               "2019-04-21", "2024-03-31", "2025-04-20",
                               "2030-04-21", "2038-04-25", "2285-03-22"};
  for (const char* iso : known) {
    const Date date = D(iso);
    EXPECT_EQ(EasterSunday(date.year()), date) << iso;
  }
}

TEST_F(EnglandCalendarTest, ParsesWithoutErrors) {
  EXPECT_TRUE(errors_->empty()) << Describe(*errors_);
  EXPECT_FALSE(calendar().holidays().empty());
}

TEST_F(EnglandCalendarTest, Covers2006To2030) {
  EXPECT_EQ(calendar().first_year(), kFirstYear);
  EXPECT_EQ(calendar().last_year(), kLastYear);
}

TEST_F(EnglandCalendarTest, EasterHolidaysMatchComputus) {
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    const Date easter = EasterSunday(year);
    const HolidayCalendar::Holiday* good_friday =
        Find(calendar(), easter.AddDays(-2));
    const HolidayCalendar::Holiday* easter_monday =
        Find(calendar(), easter.AddDays(1));
    ASSERT_NE(good_friday, nullptr) << year;
    ASSERT_NE(easter_monday, nullptr) << year;
    EXPECT_EQ(good_friday->name, "Good Friday") << year;
    EXPECT_EQ(easter_monday->name, "Easter Monday") << year;
  }
}

TEST_F(EnglandCalendarTest, EveryExpectedHolidayIsListedWithItsName) {
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    for (const Expected& expected : ExpectedHolidays(year)) {
      const HolidayCalendar::Holiday* holiday =
          Find(calendar(), expected.date);
      ASSERT_NE(holiday, nullptr)
          << expected.name_part << " " << expected.date.ToString();
      EXPECT_NE(holiday->name.find(expected.name_part), std::string::npos)
          << expected.date.ToString() << ": " << holiday->name;
      EXPECT_EQ(holiday->name.find("(substitute day)") != std::string::npos,
                expected.substitute)
          << expected.date.ToString() << ": " << holiday->name;
    }
  }
}

TEST_F(EnglandCalendarTest, NothingElseIsListed) {
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    std::set<Date> expected;
    for (const Expected& e : ExpectedHolidays(year)) expected.insert(e.date);
    const std::vector<Date> listed = ListedIn(calendar(), year);
    EXPECT_EQ(std::set<Date>(listed.begin(), listed.end()), expected) << year;
  }
}

TEST_F(EnglandCalendarTest, OneOffChangesArePresent) {
  struct Case {
    const char* iso;
    const char* name_part;
  };
  const Case cases[] = {
      {"2011-04-29", "Royal wedding"},
      {"2012-06-04", "Spring bank holiday"},
      {"2012-06-05", "Diamond Jubilee"},
      {"2020-05-08", "Early May bank holiday (VE Day)"},
      {"2022-06-02", "Spring bank holiday"},
      {"2022-06-03", "Platinum Jubilee"},
      {"2022-09-19", "State Funeral of Queen Elizabeth II"},
      {"2023-05-08", "Coronation of King Charles III"},
  };
  for (const Case& c : cases) {
    const HolidayCalendar::Holiday* holiday = Find(calendar(), D(c.iso));
    ASSERT_NE(holiday, nullptr) << c.iso;
    EXPECT_NE(holiday->name.find(c.name_part), std::string::npos)
        << c.iso << ": " << holiday->name;
  }
  // The days the moved holidays would otherwise have fallen on.
  for (const char* iso : {"2012-05-28", "2020-05-04", "2022-05-30"}) {
    EXPECT_FALSE(calendar().IsHoliday(D(iso))) << iso;
  }
}

TEST_F(EnglandCalendarTest, EntriesPerYear) {
  const std::map<int, size_t> exceptions = {
      {2011, 9}, {2012, 9}, {2020, 8}, {2022, 10}, {2023, 9}};
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    const auto it = exceptions.find(year);
    const size_t expected = it == exceptions.end() ? 8 : it->second;
    EXPECT_EQ(ListedIn(calendar(), year).size(), expected) << year;
  }
}

TEST_F(EnglandCalendarTest, NoWeekendDates) {
  for (const HolidayCalendar::Holiday& holiday : calendar().holidays()) {
    EXPECT_LT(holiday.date.Weekday(), 5)
        << holiday.date.ToString() << " " << holiday.name;
  }
}

TEST_F(EnglandCalendarTest, AcrossChristmas2025) {
  // Tue 23, Wed 24, (Thu 25, Fri 26 holidays, weekend), Mon 29, Tue 30,
  // Wed 31.
  EXPECT_EQ(calendar().AddWorkingDays(D("2025-12-22"), 5), D("2025-12-31"));
  // Wednesday 24 December plus one working day is Monday 29 December.
  EXPECT_EQ(calendar().AddWorkingDays(D("2025-12-24"), 1), D("2025-12-29"));
}

TEST_F(EnglandCalendarTest, AcrossEaster2025) {
  // (Fri 18 Good Friday, weekend, Mon 21 Easter Monday) Tue 22, Wed 23,
  // Thu 24, Fri 25, Mon 28.
  EXPECT_EQ(calendar().AddWorkingDays(D("2025-04-17"), 5), D("2025-04-28"));
  EXPECT_EQ(calendar().AddWorkingDays(D("2025-04-17"), 1), D("2025-04-22"));
}

TEST_F(EnglandCalendarTest, AcrossTheCoronation2023) {
  // (Mon 1 May Early May bank holiday) Tue 2, Wed 3, Thu 4, Fri 5,
  // (Mon 8 May Coronation) Tue 9.
  EXPECT_EQ(calendar().AddWorkingDays(D("2023-04-28"), 5), D("2023-05-09"));
  EXPECT_EQ(calendar().AddWorkingDays(D("2023-05-05"), 1), D("2023-05-09"));
}

TEST_F(EnglandCalendarTest, AcrossTheYearEnd) {
  // 2021: Christmas and Boxing Day substitutes on Mon 27 and Tue 28 December.
  EXPECT_EQ(calendar().AddWorkingDays(D("2021-12-24"), 1), D("2021-12-29"));
  // 2022: New Year's Day substitute on Monday 3 January.
  EXPECT_EQ(calendar().AddWorkingDays(D("2021-12-31"), 1), D("2022-01-04"));
}

TEST_F(EnglandCalendarTest, BeyondTheLastYearIsUnknown) {
  EXPECT_EQ(calendar().AddWorkingDays(D("2030-12-27"), 2), D("2030-12-31"));
  EXPECT_EQ(calendar().AddWorkingDays(D("2030-12-27"), 3), std::nullopt);
  EXPECT_EQ(calendar().AddWorkingDays(D("2005-12-30"), 1), std::nullopt);
}

}  // namespace
}  // namespace threshold
