#include "harbour/dates.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace harbour {

namespace {

using namespace std::chrono;

// Reads exactly `width` ASCII digits at `pos`; nullopt otherwise.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width)
{
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<Date> makeDate(int y, int m, int d)
{
    const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return date;
}

} // namespace

std::string PartialDate::toString() const
{
    std::array<char, 16> buf{};
    if (month == 0) {
        std::snprintf(buf.data(), buf.size(), "%04d", year);
    } else if (day == 0) {
        std::snprintf(buf.data(), buf.size(), "%04d-%02d", year, month);
    } else {
        std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", year, month, day);
    }
    return buf.data();
}

std::optional<Date> parseDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto y = digits(text, 0, 4);
    const auto m = digits(text, 5, 2);
    const auto d = digits(text, 8, 2);
    if (!y || !m || !d) {
        return std::nullopt;
    }
    return makeDate(*y, *m, *d);
}

std::optional<DateTime> parseDateTime(std::string_view text)
{
    const auto date = parseDate(text.substr(0, 10));
    if (!date) {
        return std::nullopt;
    }
    DateTime result = sys_days{*date};
    if (text.size() == 10) {
        return result;
    }
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
        return std::nullopt;
    }
    const auto hh = digits(text, 11, 2);
    if (!hh || text.size() < 16 || text[13] != ':') {
        return std::nullopt;
    }
    const auto mm = digits(text, 14, 2);
    if (!mm || *hh > 23 || *mm > 59) {
        return std::nullopt;
    }
    std::size_t pos = 16;
    int ss = 0;
    if (pos < text.size() && text[pos] == ':') {
        const auto s = digits(text, pos + 1, 2);
        if (!s || *s > 60) {
            return std::nullopt;
        }
        ss = *s;
        pos += 3;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            const std::size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                ++pos;
            }
            if (pos == start) {
                return std::nullopt;
            }
        }
    }
    result += hours{*hh} + minutes{*mm} + seconds{ss};
    // A time without an offset is taken as UTC: the forms are filled in in England
    // and an hour of doubt does not change any analysis.
    if (pos == text.size()) {
        return result;
    }
    if (text[pos] == 'Z' || text[pos] == 'z') {
        return pos + 1 == text.size() ? std::optional{result} : std::nullopt;
    }
    if (text[pos] != '+' && text[pos] != '-') {
        return std::nullopt;
    }
    const int sign = text[pos] == '+' ? 1 : -1;
    const auto oh = digits(text, pos + 1, 2);
    std::size_t minutePos = pos + 3;
    if (minutePos < text.size() && text[minutePos] == ':') {
        ++minutePos;
    }
    const auto om = digits(text, minutePos, 2);
    if (!oh || !om || *oh > 14 || *om > 59 || minutePos + 2 != text.size()) {
        return std::nullopt;
    }
    result -= sign * (hours{*oh} + minutes{*om});
    return result;
}

std::optional<PartialDate> parsePartialDate(std::string_view text)
{
    if (text.size() == 4) {
        const auto y = digits(text, 0, 4);
        if (!y || *y < 1) {
            return std::nullopt;
        }
        return PartialDate{*y, 0, 0};
    }
    if (text.size() == 7 && text[4] == '-') {
        const auto y = digits(text, 0, 4);
        const auto m = digits(text, 5, 2);
        if (!y || !m || *y < 1 || *m < 1 || *m > 12) {
            return std::nullopt;
        }
        return PartialDate{*y, *m, 0};
    }
    const auto date = parseDate(text);
    if (!date) {
        return std::nullopt;
    }
    return PartialDate{static_cast<int>(date->year()), static_cast<int>(static_cast<unsigned>(date->month())),
                       static_cast<int>(static_cast<unsigned>(date->day()))};
}

std::string formatDate(Date date)
{
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buf.data();
}

std::string formatDateTime(DateTime time)
{
    const auto dayPoint = floor<days>(time);
    const Date date{dayPoint};
    const hh_mm_ss clock{time - dayPoint};
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%sT%02d:%02d:%02dZ", formatDate(date).c_str(),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buf.data();
}

Date toDate(DateTime time)
{
    return Date{floor<days>(time)};
}

DateTime toDateTime(Date date)
{
    return sys_days{date};
}

Date today()
{
    return Date{floor<days>(system_clock::now())};
}

Date earliestDate(const PartialDate &dob)
{
    return Date{year{dob.year}, month{static_cast<unsigned>(dob.month == 0 ? 1 : dob.month)},
                day{static_cast<unsigned>(dob.day == 0 ? 1 : dob.day)}};
}

Date latestDate(const PartialDate &dob)
{
    if (dob.month == 0) {
        return Date{year{dob.year}, December, day{31}};
    }
    if (dob.day == 0) {
        const year_month_day_last last{year{dob.year}, month_day_last{month{static_cast<unsigned>(dob.month)}}};
        return Date{last};
    }
    return earliestDate(dob);
}

int ageOn(const PartialDate &dob, Date on, bool earliest)
{
    // Born on the earliest possible day makes the person as old as they can be.
    const Date born = earliest ? earliestDate(dob) : latestDate(dob);
    int age = static_cast<int>(on.year()) - static_cast<int>(born.year());
    if (on.month() < born.month() || (on.month() == born.month() && on.day() < born.day())) {
        --age;
    }
    return age;
}

} // namespace harbour
