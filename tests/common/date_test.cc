// Tests for threshold::Date and the free date functions: ISO parsing and
// formatting, validity, weekdays, month arithmetic and the birthday rule used
// to derive a person's age, which decides whether adult or child
// safeguarding rules apply.

#include "threshold/date.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <gtest/gtest.h>

namespace threshold {
namespace {

// Builds a date the test knows to be valid.
Date Ymd(int year, int month, int day) {
  const std::optional<Date> date = Date::FromYmd(year, month, day);
  EXPECT_TRUE(date.has_value()) << year << "-" << month << "-" << day;
  return date.value_or(Date());
}

Date D(std::string_view iso) {
  const std::optional<Date> date = Date::Parse(iso);
  EXPECT_TRUE(date.has_value()) << iso;
  return date.value_or(Date());
}

TEST(DateTest, DefaultIsUnixEpoch) {
  const Date date;
  EXPECT_EQ(date.days(), 0);
  EXPECT_EQ(date.ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromDays(0), date);
}

TEST(DateTest, IsTriviallyCopyable) {
  EXPECT_TRUE(std::is_trivially_copyable_v<Date>);
}

TEST(DateTest, FromDaysKnownValues) {
  EXPECT_EQ(Date::FromDays(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromDays(11016).ToString(), "2000-02-29");
  EXPECT_EQ(Date::FromDays(19723).ToString(), "2024-01-01");
  EXPECT_EQ(Ymd(1, 1, 1).days(), -719162);
  EXPECT_EQ(Ymd(9999, 12, 31).days(), 2932896);
}

TEST(DateTest, ParseFormatRoundTrip) {
  for (const char* iso : {"0001-01-01", "1900-02-28", "1969-12-31",
                          "1970-01-01", "2000-02-29", "2024-02-29",
                          "2025-12-31", "9999-12-31"}) {
    const std::optional<Date> date = Date::Parse(iso);
    ASSERT_TRUE(date.has_value()) << iso;
    EXPECT_EQ(date->ToString(), iso);
  }
}

TEST(DateTest, ParseGivesComponents) {
  const Date date = D("2023-07-09");
  EXPECT_EQ(date.year(), 2023);
  EXPECT_EQ(date.month(), 7);
  EXPECT_EQ(date.day(), 9);
}

TEST(DateTest, ValidityOfCalendarDates) {
  struct Case {
    int year, month, day;
    bool valid;
  };
  const Case cases[] = {
      {2023, 2, 30, false}, {2023, 13, 1, false},  {2023, 0, 1, false},
      {2023, 1, 0, false},  {2023, 4, 31, false},  {2023, 4, 30, true},
      {2024, 2, 29, true},  {2023, 2, 29, false},  {1900, 2, 29, false},
      {2000, 2, 29, true},  {2100, 2, 29, false},  {0, 1, 1, false},
      {1, 1, 1, true},      {9999, 12, 31, true},  {10000, 1, 1, false},
      {-1, 1, 1, false},    {2023, 12, 31, true},  {2023, 12, 32, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Date::FromYmd(c.year, c.month, c.day).has_value(), c.valid)
        << c.year << "-" << c.month << "-" << c.day;
  }
}

TEST(DateTest, ParseRejectsInvalidDates) {
  for (const char* iso : {"2023-02-30", "2023-13-01", "1900-02-29",
                          "0000-01-01", "2023-00-10", "2023-06-00"}) {
    EXPECT_FALSE(Date::Parse(iso).has_value()) << iso;
  }
  EXPECT_TRUE(Date::Parse("2024-02-29").has_value());
  EXPECT_TRUE(Date::Parse("2000-02-29").has_value());
}

TEST(DateTest, ParseRejectsBadFormats) {
  for (const char* iso :
       {"2023-1-01", "2023-01-1", "20230101", "", "2023/01/01", " 2023-01-01",
        "2023-01-01 ", "2023-01-01T00:00", "+2023-01-01", "2023-0a-01",
        "12023-01-01", "2023_01-01", "-023-01-01",
        "2023--1-01"}) {
    EXPECT_FALSE(Date::Parse(iso).has_value()) << '"' << iso << '"';
  }
}

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(1600));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_FALSE(IsLeapYear(2023));
}

TEST(DateTest, DaysInMonth) {
  const int common[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    EXPECT_EQ(DaysInMonth(2023, month), common[month - 1]) << month;
    EXPECT_EQ(DaysInMonth(2024, month),
              month == 2 ? 29 : common[month - 1])
        << month;
  }
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2023, 0), 0);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
}

TEST(DateTest, WeekdayOfKnownDates) {
  struct Case {
    const char* iso;
    int weekday;  // 0 = Monday.
  };
  const Case cases[] = {
      {"1970-01-01", 3},  // Thursday.
      {"1969-12-28", 6},  // Sunday.
      {"2000-01-01", 5},  // Saturday.
      {"1900-01-01", 0},  // Monday.
      {"2024-02-29", 3},  // Thursday.
      {"2025-04-18", 4},  // Good Friday.
      {"2025-12-25", 3},  // Thursday.
      {"2023-05-08", 0},  // Coronation bank holiday, a Monday.
      {"0001-01-01", 0},  // Monday in the proleptic calendar.
  };
  for (const Case& c : cases) {
    EXPECT_EQ(D(c.iso).Weekday(), c.weekday) << c.iso;
  }
}

TEST(DateTest, WeekdayAdvancesByOneEachDay) {
  Date date = D("1899-12-25");
  int expected = date.Weekday();
  for (int i = 0; i < 1000; ++i) {
    date = date.AddDays(1);
    expected = (expected + 1) % 7;
    ASSERT_EQ(date.Weekday(), expected) << date.ToString();
  }
}

TEST(DateTest, AddDays) {
  EXPECT_EQ(D("2023-12-31").AddDays(1), D("2024-01-01"));
  EXPECT_EQ(D("2024-02-28").AddDays(1), D("2024-02-29"));
  EXPECT_EQ(D("2023-02-28").AddDays(1), D("2023-03-01"));
  EXPECT_EQ(D("2024-03-01").AddDays(-1), D("2024-02-29"));
  EXPECT_EQ(D("2025-01-15").AddDays(0), D("2025-01-15"));
  EXPECT_EQ(D("2025-01-01").AddDays(365), D("2026-01-01"));
}

TEST(DateTest, AddMonthsClampsToMonthEnd) {
  struct Case {
    const char* from;
    int months;
    const char* to;
  };
  const Case cases[] = {
      {"2023-01-31", 1, "2023-02-28"},   {"2024-01-31", 1, "2024-02-29"},
      {"2024-03-31", 1, "2024-04-30"},   {"2024-01-15", 1, "2024-02-15"},
      {"2024-02-29", 12, "2025-02-28"},  {"2024-02-29", 48, "2028-02-29"},
      {"2023-11-30", 3, "2024-02-29"},   {"2023-12-31", 2, "2024-02-29"},
      {"2024-03-31", -1, "2024-02-29"},  {"2024-01-31", -2, "2023-11-30"},
      {"2024-05-31", -12, "2023-05-31"}, {"2024-08-31", 0, "2024-08-31"},
      {"2023-12-15", 1, "2024-01-15"},   {"2024-01-15", -1, "2023-12-15"},
      {"2023-08-31", 6, "2024-02-29"},   {"1999-12-31", 2, "2000-02-29"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(D(c.from).AddMonths(c.months).ToString(), c.to)
        << c.from << " + " << c.months << " months";
  }
}

TEST(DateTest, Comparison) {
  EXPECT_LT(D("2023-12-31"), D("2024-01-01"));
  EXPECT_GT(D("2024-01-02"), D("2024-01-01"));
  EXPECT_EQ(D("2024-01-01"), Ymd(2024, 1, 1));
  EXPECT_NE(D("2024-01-01"), D("2024-01-02"));
  EXPECT_LE(D("1969-12-31"), Date());
}

TEST(AgeOnTest, BirthdayRule) {
  struct Case {
    const char* birth;
    const char* on;
    int age;
  };
  const Case cases[] = {
      // The day before, and the day of, the 16th and 18th birthdays.
      {"2008-06-15", "2024-06-14", 15},
      {"2008-06-15", "2024-06-15", 16},
      {"2008-06-15", "2026-06-14", 17},
      {"2008-06-15", "2026-06-15", 18},
      {"2008-06-15", "2026-06-16", 18},
      // Birthday on 1 January and 31 December.
      {"2007-01-01", "2024-12-31", 17},
      {"2007-01-01", "2025-01-01", 18},
      {"2006-12-31", "2024-12-30", 17},
      {"2006-12-31", "2024-12-31", 18},
      // Born 29 February: in a non-leap year the age arrives on 1 March.
      {"2008-02-29", "2024-02-28", 15},
      {"2008-02-29", "2024-02-29", 16},
      {"2008-02-29", "2025-02-28", 16},
      {"2008-02-29", "2025-03-01", 17},
      {"2008-02-29", "2026-02-28", 17},
      {"2008-02-29", "2026-03-01", 18},
      {"2004-02-29", "2022-02-28", 17},
      {"2004-02-29", "2022-03-01", 18},
      // Reaching 18 on 29 February in a leap year.
      {"2006-02-28", "2024-02-28", 18},
      {"2006-03-01", "2024-02-29", 17},
      {"2006-03-01", "2024-03-01", 18},
      // Day of birth, and old age.
      {"2024-05-01", "2024-05-01", 0},
      {"2024-05-01", "2025-04-30", 0},
      {"1920-03-10", "2025-03-10", 105},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(AgeOn(D(c.birth), D(c.on)), c.age)
        << "born " << c.birth << ", on " << c.on;
  }
}

TEST(AgeOnTest, BeforeBirthIsMinusOne) {
  EXPECT_EQ(AgeOn(D("2008-06-15"), D("2008-06-14")), -1);
  EXPECT_EQ(AgeOn(D("2008-06-15"), D("1990-01-01")), -1);
}

TEST(DateTest, FromDaysAndYmdRoundTripEveryDay1900To2100) {
  const Date first = Ymd(1900, 1, 1);
  const Date last = Ymd(2100, 12, 31);
  int year = 1900, month = 1, day = 1;
  for (int32_t days = first.days(); days <= last.days(); ++days) {
    const Date date = Date::FromDays(days);
    ASSERT_EQ(date.year(), year) << days;
    ASSERT_EQ(date.month(), month) << days;
    ASSERT_EQ(date.day(), day) << days;
    const std::optional<Date> rebuilt = Date::FromYmd(year, month, day);
    ASSERT_TRUE(rebuilt.has_value()) << days;
    ASSERT_EQ(rebuilt->days(), days);
    ASSERT_EQ(Date::Parse(date.ToString()), date) << days;
    // Step the expected date by counting, not by the conversions under test.
    if (++day > DaysInMonth(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
  EXPECT_EQ(year, 2101);
}

// The screening date is the date in England, not in UTC: at 00:30 British Summer Time the UTC
// date is still yesterday (issue #12: a deadline counted from it moved by a day).
std::chrono::system_clock::time_point Utc(int year, int month, int day, int hour, int minute) {
  return std::chrono::system_clock::time_point(
      std::chrono::seconds(static_cast<int64_t>(Ymd(year, month, day).days()) * 86400 + hour * 3600 + minute * 60));
}

TEST(EnglandDateTest, HalfPastMidnightInSummerTimeIsTheNextDay) {
  // 2025-07-01 23:30 UTC is 2025-07-02 00:30 BST.
  EXPECT_EQ(EnglandDateAt(Utc(2025, 7, 1, 23, 30)), Ymd(2025, 7, 2));
  EXPECT_EQ(EnglandDateAt(Utc(2025, 7, 1, 22, 59)), Ymd(2025, 7, 1));
  // In winter England keeps UTC.
  EXPECT_EQ(EnglandDateAt(Utc(2025, 1, 15, 23, 30)), Ymd(2025, 1, 15));
  EXPECT_EQ(EnglandDateAt(Utc(2025, 1, 16, 0, 30)), Ymd(2025, 1, 16));
}

TEST(EnglandDateTest, ChangesAtOneAmUtcOnTheLastSundays) {
  // 2025: summer time from 30 March 01:00 UTC to 26 October 01:00 UTC.
  EXPECT_EQ(EnglandDateAt(Utc(2025, 3, 29, 23, 30)), Ymd(2025, 3, 29));  // still GMT
  EXPECT_EQ(EnglandDateAt(Utc(2025, 3, 30, 23, 30)), Ymd(2025, 3, 31));  // BST
  EXPECT_EQ(EnglandDateAt(Utc(2025, 10, 25, 23, 30)), Ymd(2025, 10, 26));  // still BST
  EXPECT_EQ(EnglandDateAt(Utc(2025, 10, 26, 23, 30)), Ymd(2025, 10, 26));  // GMT again
  // 2024: 31 March and 27 October (the last Sundays fall on the last day and on the 27th).
  EXPECT_EQ(EnglandDateAt(Utc(2024, 3, 31, 0, 59)), Ymd(2024, 3, 31));
  EXPECT_EQ(EnglandDateAt(Utc(2024, 3, 31, 23, 0)), Ymd(2024, 4, 1));
  EXPECT_EQ(EnglandDateAt(Utc(2024, 10, 26, 23, 0)), Ymd(2024, 10, 27));
  EXPECT_EQ(EnglandDateAt(Utc(2024, 10, 27, 23, 0)), Ymd(2024, 10, 27));
}

}  // namespace
}  // namespace threshold
