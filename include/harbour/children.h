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
    bool operator==(const ChildAction &) const = default;
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
    bool operator==(const ChildRow &) const = default;
};

/// Every screened child, highest final level first (then computed level, overdue actions,
/// latest screening, name). `asOf` decides what is overdue.
Result<std::vector<ChildRow>> childRows(Store &store, Date asOf);

/// What childRows(store, asOf) gives, from `previous`, the rows it gave on the same day when
/// `lastRecord` was the store's last record: only the children screened since are read again.
/// Only for a store that has gained records and nothing else since (no merge, amendment or
/// action marked done): Store::snapshotAfter says so, SnapshotMark::extended, when it is read in
/// the same read transaction.
Result<std::vector<ChildRow>> childRowsAfter(Store &store, const std::vector<ChildRow> &previous,
                                             RecordRowId lastRecord, Date asOf);

} // namespace harbour
