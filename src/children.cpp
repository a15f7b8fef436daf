#include "harbour/children.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <tuple>

namespace harbour {

int ChildRow::overdueCount() const
{
    return static_cast<int>(std::count_if(actions.begin(), actions.end(), [](const ChildAction &a) { return a.overdue; }));
}

namespace {

/// The order of the panel's table: highest final level, then computed level, overdue actions and
/// latest screening, all highest first; then name and id.
using RankKey = std::tuple<int, int, int, Date>;

RankKey rankKey(const ChildRow &row)
{
    return {static_cast<int>(row.final), static_cast<int>(row.computed), row.overdueCount(), row.lastScreening};
}

bool ranksBefore(const RankKey &keyA, const ChildRow &a, const RankKey &keyB, const ChildRow &b)
{
    if (keyA != keyB) {
        return keyA > keyB;
    }
    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
}

void sortByRank(std::vector<ChildRow> &rows)
{
    // The keys are worked out once, and rows (large) are moved once.
    std::vector<RankKey> keys;
    keys.reserve(rows.size());
    for (const auto &row : rows) {
        keys.push_back(rankKey(row));
    }
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return ranksBefore(keys[a], rows[a], keys[b], rows[b]); });
    std::vector<ChildRow> sorted;
    sorted.reserve(rows.size());
    for (std::size_t at : order) {
        sorted.push_back(std::move(rows[at]));
    }
    rows = std::move(sorted);
}

/// The rows of the children these levels are of (grouped by child, oldest first, as
/// Store::screeningLevels gives them), in the panel's order: the levels give each child's
/// history, then the latest screening of each is read as much as a row shows.
Result<std::vector<ChildRow>> rowsOf(Store &store, std::vector<ScreeningLevel> levels, Date asOf)
{
    std::vector<std::pair<std::size_t, std::size_t>> groups; // [begin, end) of one child's levels
    std::vector<RecordRowId> latestRecords;
    std::vector<EntityId> children;
    for (std::size_t i = 0; i < levels.size();) {
        std::size_t end = i;
        while (end < levels.size() && levels[end].child == levels[i].child) {
            ++end;
        }
        groups.emplace_back(i, end);
        latestRecords.push_back(levels[end - 1].record);
        children.push_back(levels[i].child);
        i = end;
    }
    std::sort(latestRecords.begin(), latestRecords.end());
    auto latest = store.screeningSummaries(latestRecords);
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
        const RecordRowId record = levels[end - 1].record;
        const auto summary = std::lower_bound(latest->begin(), latest->end(), record,
                                              [](const ScreeningSummary &s, RecordRowId r) { return s.record < r; });
        if (summary == latest->end() || summary->record != record) {
            continue; // cannot happen inside one read transaction; never trust it blindly
        }
        ChildRow row;
        row.history.assign(std::make_move_iterator(levels.begin() + static_cast<std::ptrdiff_t>(begin)),
                           std::make_move_iterator(levels.begin() + static_cast<std::ptrdiff_t>(end)));
        row.id = row.history.back().child;
        row.name = std::move(summary->childName);
        row.dob = summary->dob;
        if (const auto label = labels->find(row.id); label != labels->end() && !label->second.empty()) {
            row.name = label->second;
        }
        if (row.dob) {
            row.age = ageOn(*row.dob, asOf);
        }
        row.screeningId = std::move(summary->id);
        row.lastScreening = summary->screenedAt;
        row.final = summary->final;
        row.computed = summary->computed;
        row.rules = std::move(summary->rules);
        row.nextReview = summary->nextReview;
        row.reviewOverdue = row.nextReview < asOf;
        row.screeningCount = static_cast<int>(row.history.size());
        row.trend = trendBetween(row.history.size() > 1 ? std::optional{row.history[row.history.size() - 2].final}
                                                        : std::nullopt,
                                 row.final);
        row.actions.reserve(summary->actions.size());
        for (auto &action : summary->actions) {
            const bool overdue = action.status == "open" && action.action.due && *action.action.due < asOf;
            row.actions.push_back({std::move(action), overdue});
        }
        rows.push_back(std::move(row));
    }
    sortByRank(rows);
    return rows;
}

/// Runs `reads` in one read transaction: the levels and the latest screenings must see the
/// same database.
Result<std::vector<ChildRow>> inOneRead(Store &store, const std::function<Result<std::vector<ChildRow>>()> &reads)
{
    Result<std::vector<ChildRow>> rows = std::vector<ChildRow>{};
    if (auto status = store.readTransaction([&]() -> Status {
            rows = reads();
            return rows ? Status{} : Status{rows.error()};
        });
        !status) {
        return status.error();
    }
    return rows;
}

} // namespace

Result<std::vector<ChildRow>> childRows(Store &store, Date asOf)
{
    return inOneRead(store, [&]() -> Result<std::vector<ChildRow>> {
        auto levels = store.screeningLevels();
        if (!levels) {
            return levels.error();
        }
        return rowsOf(store, std::move(levels).value(), asOf);
    });
}

Result<std::vector<ChildRow>> childRowsAfter(Store &store, const std::vector<ChildRow> &previous,
                                             RecordRowId lastRecord, Date asOf)
{
    return inOneRead(store, [&]() -> Result<std::vector<ChildRow>> {
        auto screened = store.childrenScreenedAfter(lastRecord);
        if (!screened) {
            return screened.error();
        }
        auto levels = store.screeningLevels(*screened);
        if (!levels) {
            return levels.error();
        }
        auto fresh = rowsOf(store, std::move(levels).value(), asOf);
        if (!fresh) {
            return fresh.error();
        }
        // Both lists are in the panel's order: merged, each child screened since taken from
        // the fresh rows.
        std::vector<ChildRow> rows;
        rows.reserve(previous.size() + fresh->size());
        auto next = fresh->begin();
        for (const ChildRow &row : previous) {
            if (std::binary_search(screened->begin(), screened->end(), row.id)) {
                continue;
            }
            const RankKey key = rankKey(row);
            while (next != fresh->end() && ranksBefore(rankKey(*next), *next, key, row)) {
                rows.push_back(std::move(*next++));
            }
            rows.push_back(row);
        }
        rows.insert(rows.end(), std::make_move_iterator(next), std::make_move_iterator(fresh->end()));
        return rows;
    });
}

} // namespace harbour
