#pragma once

#include "harbour/dates.h"

#include <string>
#include <vector>

namespace harbour {

struct BankHoliday {
    Date date;
    std::string name;
};

/// England and Wales bank holidays of a year, computed by rule (Easter by the
/// Gregorian computus, substitute days for weekends) with the one-off changes
/// (2011-04-29, 2012-06-04/05, 2020-05-08, 2022-06-02/03, 2022-09-19, 2023-05-08).
std::vector<BankHoliday> bankHolidays(int year);
bool isBankHoliday(Date date);
bool isWorkingDay(Date date);
/// The day `days` working days after `from` (weekends and bank holidays skipped); `from` itself never counts.
Date addWorkingDays(Date from, int days);

} // namespace harbour
