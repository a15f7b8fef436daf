#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace harbour {

using Date = std::chrono::year_month_day;
using DateTime = std::chrono::sys_seconds;

/// A date of birth as the forms allow it: year, year and month, or a full date.
struct PartialDate {
    int year = 0;
    int month = 0; ///< 0 when unknown
    int day = 0;   ///< 0 when unknown

    bool isFull() const { return month != 0 && day != 0; }
    /// "2010", "2010-05" or "2010-05-14".
    std::string toString() const;
    bool operator==(const PartialDate &) const = default;
};

/// Strict ISO 8601 calendar date "YYYY-MM-DD"; nullopt for anything else, including 2026-02-30.
std::optional<Date> parseDate(std::string_view text);
/// "YYYY-MM-DD" or "YYYY-MM-DDThh:mm[:ss[.fff]](Z|±hh:mm)"; a bare date is midnight UTC.
std::optional<DateTime> parseDateTime(std::string_view text);
/// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
std::optional<PartialDate> parsePartialDate(std::string_view text);

std::string formatDate(Date date);
std::string formatDateTime(DateTime time); ///< "YYYY-MM-DDThh:mm:ssZ"
Date toDate(DateTime time);
DateTime toDateTime(Date date);
Date today();

/// Whole years between a date of birth and a day. A partial date of birth counts
/// as its earliest possible day when `earliest` is true, else its latest, so that
/// callers can ask "could this person be under 13?" both ways.
int ageOn(const PartialDate &dob, Date on, bool earliest = false);
/// The latest and earliest possible full dates for a partial date of birth.
Date earliestDate(const PartialDate &dob);
Date latestDate(const PartialDate &dob);

} // namespace harbour
