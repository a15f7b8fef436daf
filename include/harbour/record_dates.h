#pragma once

#include "harbour/dates.h"
#include "harbour/model.h"
#include "harbour/result.h"

#include <optional>

namespace harbour {

/// The range a record's dates must fall in. Well-formed but impossible dates (year 0, 9999, a
/// child born in 2090) would stretch every chart and make "overdue" meaningless.
struct DateLimits {
    /// Nothing a record holds is older than this: 1900-01-01.
    Date earliest{std::chrono::year{1900}, std::chrono::January, std::chrono::day{1}};
    /// Now plus the policy's tolerance (RiskPolicy::futureToleranceDays).
    DateTime latest{};
    int toleranceDays = 1; ///< only for the message
};

/// The limits at `now` with a tolerance of `toleranceDays` days into the future.
DateLimits dateLimitsAt(DateTime now, int toleranceDays);
/// The current time, from the system clock.
DateTime currentTime();

/// Checks every date of a record against `limits`: reported_at, incidents[].at and subjects[].dob
/// of a report; screened_at and child.dob of a screening; went_missing_at, returned_at,
/// return_interview.held_at, child.dob and found_with[].dob of a missing episode. A date of
/// birth must also not be after the record's own date (reported_at, screened_at or
/// went_missing_at). Returns the first problem as a Validation error naming the record's file
/// and location, the field and the reason; nullopt when every date is possible.
std::optional<Error> checkRecordDates(const SourceRecord &record, const DateLimits &limits);

} // namespace harbour
