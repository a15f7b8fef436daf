#pragma once

#include "harbour/result.h"
#include "harbour/store.h"

#include <optional>
#include <string>
#include <vector>

namespace harbour {

struct ChildAction {
    StoredAction stored;
    bool overdue = false;
};

/// One screened child as the panel reads them: the latest screening in force, its levels,
/// the rules behind them, the actions still owed, and how the level moved.
struct ChildRow {
    EntityId id = 0;
    std::string name;
    std::optional<PartialDate> dob;
    std::optional<int> age; ///< today; for a partial date of birth, the youngest the child can be
    std::string screeningId;
    Date lastScreening{};
    RiskLevel final = RiskLevel::None;
    RiskLevel computed = RiskLevel::None;
    std::vector<RuleFired> rules;
    std::vector<ChildAction> actions;
    Date nextReview{};
    bool reviewOverdue = false;
    Trend trend = Trend::New;
    int screeningCount = 0;
    std::vector<ScreeningLevel> history; ///< oldest first; Store::screenings(id) gives them whole

    int overdueCount() const;
};

/// Every screened child, highest final level first (then computed level, overdue actions,
/// latest screening, name). `asOf` decides what is overdue.
Result<std::vector<ChildRow>> childRows(Store &store, Date asOf);

} // namespace harbour
