#include "harbour/calendar.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace harbour {
namespace {

Date d(int y, unsigned m, unsigned day)
{
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
}

std::vector<std::string> datesOf(int year)
{
    std::vector<std::string> out;
    for (const auto &holiday : bankHolidays(year)) {
        out.push_back(formatDate(holiday.date));
    }
    return out;
}

std::string nameOn(Date date)
{
    for (const auto &holiday : bankHolidays(static_cast<int>(date.year()))) {
        if (holiday.date == date) {
            return holiday.name;
        }
    }
    return {};
}

using Dates = std::vector<std::string>;

TEST(Calendar, OrdinaryYear2024)
{
    EXPECT_EQ(datesOf(2024), (Dates{"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
                                    "2024-12-25", "2024-12-26"}));
    EXPECT_EQ(nameOn(d(2024, 3, 29)), "Good Friday");
    EXPECT_EQ(nameOn(d(2024, 5, 6)), "Early May bank holiday");
    EXPECT_EQ(nameOn(d(2024, 5, 27)), "Spring bank holiday");
    EXPECT_EQ(nameOn(d(2024, 8, 26)), "Summer bank holiday");
}

TEST(Calendar, Year2026WithBoxingDaySubstitute)
{
    // Christmas is a Friday, so Boxing Day (Saturday) moves to Monday 28th.
    EXPECT_EQ(datesOf(2026), (Dates{"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
                                    "2026-12-25", "2026-12-28"}));
    EXPECT_EQ(nameOn(d(2026, 12, 28)), "Boxing Day (substitute day)");
}

TEST(Calendar, ChristmasAndBoxingDayOnAWeekend)
{
    // 2021: Saturday and Sunday, both move: Monday 27th and Tuesday 28th.
    EXPECT_TRUE(isBankHoliday(d(2021, 12, 27)));
    EXPECT_TRUE(isBankHoliday(d(2021, 12, 28)));
    EXPECT_FALSE(isBankHoliday(d(2021, 12, 25)));
    EXPECT_EQ(nameOn(d(2021, 12, 27)), "Christmas Day (substitute day)");
    EXPECT_EQ(nameOn(d(2021, 12, 28)), "Boxing Day (substitute day)");
    // 2022: Christmas on a Sunday; Boxing Day keeps Monday 26th and Christmas moves to Tuesday 27th.
    EXPECT_EQ(nameOn(d(2022, 12, 26)), "Boxing Day");
    EXPECT_EQ(nameOn(d(2022, 12, 27)), "Christmas Day (substitute day)");
    // 2020: Boxing Day on a Saturday moves to Monday 28th.
    EXPECT_EQ(nameOn(d(2020, 12, 28)), "Boxing Day (substitute day)");
}

TEST(Calendar, NewYearSubstitutes)
{
    EXPECT_EQ(nameOn(d(2022, 1, 3)), "New Year's Day (substitute day)"); // 1 January a Saturday
    EXPECT_EQ(nameOn(d(2017, 1, 2)), "New Year's Day (substitute day)"); // a Sunday
    EXPECT_EQ(nameOn(d(2023, 1, 2)), "New Year's Day (substitute day)");
    EXPECT_FALSE(isBankHoliday(d(2022, 1, 1)));
}

TEST(Calendar, EasterByComputus)
{
    const std::vector<std::pair<int, std::string>> goodFridays = {
        {2008, "2008-03-21"}, {2011, "2011-04-22"}, {2019, "2019-04-19"}, {2020, "2020-04-10"},
        {2021, "2021-04-02"}, {2022, "2022-04-15"}, {2023, "2023-04-07"}, {2024, "2024-03-29"},
        {2025, "2025-04-18"}, {2027, "2027-03-26"}, {2038, "2038-04-23"}};
    for (const auto &[year, goodFriday] : goodFridays) {
        EXPECT_EQ(datesOf(year)[1], goodFriday) << year;
        EXPECT_EQ(bankHolidays(year)[1].name, "Good Friday") << year;
        EXPECT_EQ(bankHolidays(year)[2].name, "Easter Monday") << year;
    }
    EXPECT_EQ(datesOf(2285)[2], "2285-03-23"); // Easter Sunday on its earliest possible day, 22 March
}

TEST(Calendar, RoyalWedding2011)
{
    EXPECT_EQ(datesOf(2011), (Dates{"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30",
                                    "2011-08-29", "2011-12-26", "2011-12-27"}));
}

TEST(Calendar, DiamondJubilee2012)
{
    EXPECT_EQ(datesOf(2012), (Dates{"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05",
                                    "2012-08-27", "2012-12-25", "2012-12-26"}));
    EXPECT_FALSE(isBankHoliday(d(2012, 5, 28))); // the usual last Monday of May
    EXPECT_EQ(nameOn(d(2012, 6, 5)), "Queen's Diamond Jubilee");
}

TEST(Calendar, VeDay2020And1995)
{
    EXPECT_EQ(datesOf(2020), (Dates{"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
                                    "2020-12-25", "2020-12-28"}));
    EXPECT_FALSE(isBankHoliday(d(2020, 5, 4)));
    EXPECT_TRUE(isBankHoliday(d(1995, 5, 8)));
    EXPECT_FALSE(isBankHoliday(d(1995, 5, 1)));
}

TEST(Calendar, PlatinumJubileeAndStateFuneral2022)
{
    EXPECT_EQ(datesOf(2022), (Dates{"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
                                    "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"}));
    EXPECT_FALSE(isBankHoliday(d(2022, 5, 30)));
}

TEST(Calendar, Coronation2023)
{
    EXPECT_EQ(datesOf(2023), (Dates{"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
                                    "2023-08-28", "2023-12-25", "2023-12-26"}));
}

TEST(Calendar, GoldenJubilee2002AndMillennium)
{
    EXPECT_TRUE(isBankHoliday(d(2002, 6, 3)));
    EXPECT_TRUE(isBankHoliday(d(2002, 6, 4)));
    EXPECT_FALSE(isBankHoliday(d(2002, 5, 27)));
    EXPECT_TRUE(isBankHoliday(d(1999, 12, 31)));
    EXPECT_TRUE(isBankHoliday(d(1981, 7, 29))); // royal wedding
    EXPECT_TRUE(isBankHoliday(d(2000, 1, 3))); // 1 January 2000 was a Saturday
}

TEST(Calendar, YearsOutsideTheCacheUseTheSameRules)
{
    EXPECT_EQ(datesOf(2201), (Dates{"2201-01-01", "2201-04-17", "2201-04-20", "2201-05-04", "2201-05-25", "2201-08-31",
                                    "2201-12-25", "2201-12-28"}));
    EXPECT_TRUE(isBankHoliday(d(2201, 4, 20)));
}

TEST(Calendar, WorkingDays)
{
    EXPECT_TRUE(isWorkingDay(d(2026, 3, 16)));
    EXPECT_FALSE(isWorkingDay(d(2026, 3, 14))); // Saturday
    EXPECT_FALSE(isWorkingDay(d(2026, 4, 3)));  // Good Friday
    EXPECT_FALSE(isBankHoliday(Date{}));
}

TEST(Calendar, AddWorkingDaysSkipsWeekendsAndBankHolidays)
{
    EXPECT_EQ(addWorkingDays(d(2026, 3, 16), 5), d(2026, 3, 23)); // Monday to Monday
    EXPECT_EQ(addWorkingDays(d(2026, 3, 13), 1), d(2026, 3, 16)); // Friday to Monday
    EXPECT_EQ(addWorkingDays(d(2026, 3, 14), 1), d(2026, 3, 16)); // from a Saturday
    EXPECT_EQ(addWorkingDays(d(2026, 3, 16), 0), d(2026, 3, 16));
    // Thursday 24 December: Christmas, the weekend, Boxing Day's substitute and New Year's Day are skipped.
    EXPECT_EQ(addWorkingDays(d(2026, 12, 24), 5), d(2027, 1, 5));
    EXPECT_EQ(addWorkingDays(d(2026, 12, 24), 10), d(2027, 1, 12));
    // Easter 2026: Good Friday 3 April and Easter Monday 6 April.
    EXPECT_EQ(addWorkingDays(d(2026, 4, 2), 5), d(2026, 4, 13));
    // 2022: Spring and Platinum Jubilee on Thursday and Friday 2-3 June.
    EXPECT_EQ(addWorkingDays(d(2022, 6, 1), 1), d(2022, 6, 6));
    // Backwards.
    EXPECT_EQ(addWorkingDays(d(2027, 1, 5), -5), d(2026, 12, 24));
}

TEST(Calendar, AddWorkingDaysIsFast)
{
    // About forty years of working days; the per-year table keeps this well under a second even in Debug.
    const auto start = std::chrono::steady_clock::now();
    const Date end = addWorkingDays(d(2000, 1, 4), 10'000);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(isWorkingDay(end));
    EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 1000);
}

} // namespace
} // namespace harbour
