#include "person_evidence.h"

#include "harbour/uk_formats.h"

namespace harbour::analysis {
namespace {

int differingDigits(int x, int y, int digits)
{
    int count = 0;
    for (int i = 0; i < digits; ++i, x /= 10, y /= 10) {
        count += x % 10 != y % 10 ? 1 : 0;
    }
    return count;
}

} // namespace

char genderOf(const std::string &text)
{
    const std::string value = normalizeText(text);
    if (value == "female" || value == "f" || value == "girl" || value == "woman") {
        return 'f';
    }
    if (value == "male" || value == "m" || value == "boy" || value == "man") {
        return 'm';
    }
    return 0;
}

DobOutcome compareDobs(const PartialDate &a, const PartialDate &b)
{
    using Outcome = DobOutcome;
    if (a.isFull() && b.isFull()) {
        if (a == b) {
            return Outcome::Agrees;
        }
        if (a.year == b.year && a.month == b.day && a.day == b.month) {
            return Outcome::Slip;
        }
        const int digits = differingDigits(a.year, b.year, 4) + differingDigits(a.month, b.month, 2) +
                           differingDigits(a.day, b.day, 2);
        return digits == 1 ? Outcome::Slip : Outcome::Conflicts;
    }
    const bool monthsKnown = a.month != 0 && b.month != 0;
    const bool daysKnown = a.day != 0 && b.day != 0;
    if (a.year == b.year && (!monthsKnown || a.month == b.month) && (!daysKnown || a.day == b.day)) {
        return Outcome::Partial;
    }
    int digits = differingDigits(a.year, b.year, 4);
    digits += monthsKnown ? differingDigits(a.month, b.month, 2) : 0;
    digits += daysKnown ? differingDigits(a.day, b.day, 2) : 0;
    return digits == 1 ? Outcome::Slip : Outcome::Conflicts;
}

bool sharesRecord(const std::vector<RecordRowId> &a, const std::vector<RecordRowId> &b)
{
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i == *j) {
            return true;
        }
        *i < *j ? ++i : ++j;
    }
    return false;
}

} // namespace harbour::analysis
