#include "harbour/children.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace harbour {

int ChildRow::overdueCount() const
{
    return static_cast<int>(std::count_if(actions.begin(), actions.end(), [](const ChildAction &a) { return a.overdue; }));
}

namespace {

Result<std::vector<ChildRow>> readChildRows(Store &store, Date asOf)
{
    // Levels of every screening, then the full record of each child's latest only: at a million
    // screenings, parsing every input and keeping it took most of the time and memory.
    auto levels = store.screeningLevels();
    if (!levels) {
        return levels.error();
    }
    std::vector<std::pair<std::size_t, std::size_t>> groups; // [begin, end) of one child's levels
    std::vector<RecordRowId> latestRecords;
    std::vector<EntityId> children;
    for (std::size_t i = 0; i < levels->size();) {
        std::size_t end = i;
        while (end < levels->size() && (*levels)[end].child == (*levels)[i].child) {
            ++end;
        }
        groups.emplace_back(i, end);
        latestRecords.push_back((*levels)[end - 1].record);
        children.push_back((*levels)[i].child);
        i = end;
    }
    std::sort(latestRecords.begin(), latestRecords.end());
    auto latest = store.screeningsByRecord(latestRecords);
    if (!latest) {
        return latest.error();
    }
    // After a merge the kept entity's label is the name everyone agreed on.
    auto labels = store.entityLabels(children);
    if (!labels) {
        return labels.error();
    }

    std::vector<ChildRow> rows;
    rows.reserve(groups.size());
    for (const auto &[begin, end] : groups) {
        const RecordRowId record = (*levels)[end - 1].record;
        const auto full = std::lower_bound(latest->begin(), latest->end(), record,
                                           [](const StoredScreening &s, RecordRowId r) { return s.record < r; });
        if (full == latest->end() || full->record != record) {
            continue; // cannot happen inside one read transaction; never trust it blindly
        }
        ChildRow row;
        row.history.assign(std::make_move_iterator(levels->begin() + static_cast<std::ptrdiff_t>(begin)),
                           std::make_move_iterator(levels->begin() + static_cast<std::ptrdiff_t>(end)));
        row.id = row.history.back().child;
        row.name = full->input.child.name;
        row.dob = full->input.child.dob;
        if (const auto label = labels->find(row.id); label != labels->end() && !label->second.empty()) {
            row.name = label->second;
        }
        if (row.dob) {
            row.age = ageOn(*row.dob, asOf);
        }
        row.screeningId = full->id;
        row.lastScreening = full->screenedAt;
        row.final = full->assessment.final;
        row.computed = full->assessment.computed;
        row.rules = std::move(full->assessment.rules);
        row.nextReview = full->assessment.nextReview;
        row.reviewOverdue = row.nextReview < asOf;
        row.screeningCount = static_cast<int>(row.history.size());
        row.trend = trendBetween(row.history.size() > 1 ? std::optional{row.history[row.history.size() - 2].final}
                                                        : std::nullopt,
                                 row.final);
        for (auto &action : full->actions) {
            const bool overdue = action.status == "open" && action.action.due && *action.action.due < asOf;
            row.actions.push_back({std::move(action), overdue});
        }
        rows.push_back(std::move(row));
    }
    // Highest risk first; the keys are worked out once, and rows (large) are moved once.
    using Key = std::tuple<int, int, int, Date>;
    std::vector<Key> keys;
    keys.reserve(rows.size());
    for (const auto &row : rows) {
        keys.emplace_back(static_cast<int>(row.final), static_cast<int>(row.computed), row.overdueCount(),
                          row.lastScreening);
    }
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (keys[a] != keys[b]) {
            return keys[a] > keys[b];
        }
        return std::tie(rows[a].name, rows[a].id) < std::tie(rows[b].name, rows[b].id);
    });
    std::vector<ChildRow> sorted;
    sorted.reserve(rows.size());
    for (std::size_t at : order) {
        sorted.push_back(std::move(rows[at]));
    }
    return sorted;
}

} // namespace

Result<std::vector<ChildRow>> childRows(Store &store, Date asOf)
{
    // Two reads, levels then latest screenings, must see the same database.
    Result<std::vector<ChildRow>> rows = std::vector<ChildRow>{};
    if (auto status = store.readTransaction([&]() -> Status {
            rows = readChildRows(store, asOf);
            return rows ? Status{} : Status{rows.error()};
        });
        !status) {
        return status.error();
    }
    return rows;
}

} // namespace harbour
