#pragma once

#include "harbour/dates.h"
#include "harbour/model.h"

#include <string>
#include <vector>

// What two person entries' own details say about whether they are one person: shared by the
// who-is-who scorer (suggestions.cpp) and the identities that join entries (identities.cpp).
namespace harbour::analysis {

/// 'f', 'm', or 0 when unknown, from a gender as written ("F", "girl", "Male").
char genderOf(const std::string &text);

/// How two dates of birth compare. A slip is day and month swapped (US-style entry) or exactly
/// one digit different; a conflict is anything else that cannot be one date.
enum class DobOutcome { Unknown, Agrees, Partial, Slip, Conflicts };

DobOutcome compareDobs(const PartialDate &a, const PartialDate &b);

/// Whether two sorted lists of records share one: two entries named in one record are two
/// people (a report lists each subject once).
bool sharesRecord(const std::vector<RecordRowId> &a, const std::vector<RecordRowId> &b);

} // namespace harbour::analysis
