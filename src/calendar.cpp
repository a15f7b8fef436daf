#include "harbour/calendar.h"

#include <algorithm>
#include <array>

namespace harbour {

namespace {

using namespace std::chrono;

// Years computed once, at first use, into an immutable table (thread-safe through the static's initialisation);
// years outside it are computed on each call. The rules below are those in force since 1978, when the early May
// bank holiday began; earlier years get today's rules, which is wrong for them.
constexpr int kFirstCachedYear = 1970;
constexpr int kLastCachedYear = 2200;

Date at(int y, unsigned m, unsigned d)
{
    return Date{year{y}, month{m}, day{d}};
}

bool isWeekend(Date date)
{
    const weekday wd{sys_days{date}};
    return wd == Saturday || wd == Sunday;
}

Date nthWeekday(int y, unsigned m, weekday wd, unsigned n)
{
    return Date{year_month_weekday{year{y} / month{m} / wd[n]}};
}

Date lastWeekday(int y, unsigned m, weekday wd)
{
    return Date{year_month_weekday_last{year{y} / month{m} / wd[last]}};
}

// Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
Date easterSunday(int y)
{
    const int a = y % 19;
    const int b = y / 100;
    const int c = y % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int monthOfEaster = (h + l - 7 * m + 114) / 31;
    const int dayOfEaster = (h + l - 7 * m + 114) % 31 + 1;
    return at(y, static_cast<unsigned>(monthOfEaster), static_cast<unsigned>(dayOfEaster));
}

Date plusDays(Date date, int n)
{
    return Date{sys_days{date} + days{n}};
}

// Weekend holidays move to the next weekday that is not already a holiday. Weekday ones keep their day first,
// so when Christmas is a Sunday, Boxing Day keeps Monday 26th and Christmas moves to Tuesday 27th.
void addWithSubstitutes(std::vector<BankHoliday> &out, const std::vector<BankHoliday> &fixed)
{
    std::vector<Date> taken;
    for (const auto &holiday : fixed) {
        if (!isWeekend(holiday.date)) {
            taken.push_back(holiday.date);
            out.push_back(holiday);
        }
    }
    for (const auto &holiday : fixed) {
        if (!isWeekend(holiday.date)) {
            continue;
        }
        Date substitute = holiday.date;
        while (isWeekend(substitute) || std::find(taken.begin(), taken.end(), substitute) != taken.end()) {
            substitute = plusDays(substitute, 1);
        }
        taken.push_back(substitute);
        out.push_back({substitute, holiday.name + " (substitute day)"});
    }
}

std::vector<BankHoliday> computeBankHolidays(int y)
{
    std::vector<BankHoliday> out;
    addWithSubstitutes(out, {{at(y, 1, 1), "New Year's Day"}});

    const Date easter = easterSunday(y);
    out.push_back({plusDays(easter, -2), "Good Friday"});
    out.push_back({plusDays(easter, 1), "Easter Monday"});

    // Early May: moved to Friday 8 May for the VE Day anniversaries of 1995 and 2020.
    if (y == 1995 || y == 2020) {
        out.push_back({at(y, 5, 8), "Early May bank holiday (VE day)"});
    } else {
        out.push_back({nthWeekday(y, 5, Monday, 1), "Early May bank holiday"});
    }

    // Spring: moved for the Golden (2002), Diamond (2012) and Platinum (2022) Jubilees.
    switch (y) {
    case 2002:
        out.push_back({at(2002, 6, 3), "Golden Jubilee bank holiday"});
        out.push_back({at(2002, 6, 4), "Spring bank holiday"});
        break;
    case 2012:
        out.push_back({at(2012, 6, 4), "Spring bank holiday"});
        out.push_back({at(2012, 6, 5), "Queen's Diamond Jubilee"});
        break;
    case 2022:
        out.push_back({at(2022, 6, 2), "Spring bank holiday"});
        out.push_back({at(2022, 6, 3), "Platinum Jubilee bank holiday"});
        break;
    default: out.push_back({lastWeekday(y, 5, Monday), "Spring bank holiday"}); break;
    }
    out.push_back({lastWeekday(y, 8, Monday), "Summer bank holiday"});

    // One-off days declared by royal proclamation.
    struct OneOff {
        int y;
        unsigned m;
        unsigned d;
        const char *name;
    };
    static constexpr std::array<OneOff, 5> kOneOffs = {{
        {1981, 7, 29, "Bank holiday for the wedding of Prince Charles and Lady Diana Spencer"},
        {1999, 12, 31, "Millennium bank holiday"},
        {2011, 4, 29, "Bank holiday for the wedding of Prince William and Catherine Middleton"},
        {2022, 9, 19, "Bank holiday for the State Funeral of Queen Elizabeth II"},
        {2023, 5, 8, "Bank holiday for the coronation of King Charles III"},
    }};
    for (const auto &oneOff : kOneOffs) {
        if (oneOff.y == y) {
            out.push_back({at(y, oneOff.m, oneOff.d), oneOff.name});
        }
    }

    addWithSubstitutes(out, {{at(y, 12, 25), "Christmas Day"}, {at(y, 12, 26), "Boxing Day"}});

    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.date < b.date; });
    return out;
}

const std::vector<std::vector<BankHoliday>> &cachedYears()
{
    static const std::vector<std::vector<BankHoliday>> table = [] {
        std::vector<std::vector<BankHoliday>> years;
        years.reserve(kLastCachedYear - kFirstCachedYear + 1);
        for (int y = kFirstCachedYear; y <= kLastCachedYear; ++y) {
            years.push_back(computeBankHolidays(y));
        }
        return years;
    }();
    return table;
}

} // namespace

std::vector<BankHoliday> bankHolidays(int y)
{
    if (y >= kFirstCachedYear && y <= kLastCachedYear) {
        return cachedYears()[static_cast<std::size_t>(y - kFirstCachedYear)];
    }
    return computeBankHolidays(y);
}

bool isBankHoliday(Date date)
{
    if (!date.ok()) {
        return false;
    }
    const int y = static_cast<int>(date.year());
    auto contains = [date](const std::vector<BankHoliday> &holidays) {
        return std::any_of(holidays.begin(), holidays.end(), [date](const auto &h) { return h.date == date; });
    };
    if (y >= kFirstCachedYear && y <= kLastCachedYear) {
        return contains(cachedYears()[static_cast<std::size_t>(y - kFirstCachedYear)]);
    }
    return contains(computeBankHolidays(y));
}

bool isWorkingDay(Date date)
{
    return !isWeekend(date) && !isBankHoliday(date);
}

Date addWorkingDays(Date from, int count)
{
    // Negative counts go backwards, so "5 working days before" reads as addWorkingDays(d, -5).
    const int step = count < 0 ? -1 : 1;
    Date date = from;
    for (int remaining = count < 0 ? -count : count; remaining > 0;) {
        date = plusDays(date, step);
        if (isWorkingDay(date)) {
            --remaining;
        }
    }
    return date;
}

} // namespace harbour
