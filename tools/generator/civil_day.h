#pragma once

#include <cstdint>
#include <string>

namespace harbour::generator {

/// A calendar date as a day count since 1970-01-01 (proleptic Gregorian), with the conversions
/// of Howard Hinnant's "chrono-compatible low-level date algorithms". Self-contained so the
/// generator does not depend on the core's date code.
struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;
};

constexpr std::int64_t daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr CivilDate civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
    return {y, m, d};
}

/// Whole years from birth to a date (birthdays on 29 February count from 1 March in other years).
constexpr int ageOn(std::int64_t birthDay, std::int64_t onDay)
{
    const CivilDate birth = civilFromDays(birthDay);
    const CivilDate on = civilFromDays(onDay);
    int age = on.year - birth.year;
    if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) {
        --age;
    }
    return age;
}

inline void appendTwoDigits(std::string &out, int value)
{
    out.push_back(static_cast<char>('0' + value / 10));
    out.push_back(static_cast<char>('0' + value % 10));
}

/// "2026-03-14"
inline void appendDate(std::string &out, std::int64_t day)
{
    const CivilDate date = civilFromDays(day);
    out.append(std::to_string(date.year));
    out.push_back('-');
    appendTwoDigits(out, date.month);
    out.push_back('-');
    appendTwoDigits(out, date.day);
}

inline std::string formatDate(std::int64_t day)
{
    std::string out;
    appendDate(out, day);
    return out;
}

/// "2026-03-14T16:20:00Z" for a minute count since 1970-01-01T00:00Z.
inline std::string formatDateTime(std::int64_t minute)
{
    std::string out;
    out.reserve(20);
    const std::int64_t day = minute >= 0 ? minute / 1440 : (minute - 1439) / 1440;
    const auto inDay = static_cast<int>(minute - day * 1440);
    appendDate(out, day);
    out.push_back('T');
    appendTwoDigits(out, inDay / 60);
    out.push_back(':');
    appendTwoDigits(out, inDay % 60);
    out.append(":00Z");
    return out;
}

} // namespace harbour::generator
