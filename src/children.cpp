#include "harbour/children.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace harbour {

int ChildRow::overdueCount() const
{
    return static_cast<int>(std::count_if(actions.begin(), actions.end(), [](const ChildAction &a) { return a.overdue; }));
}

Result<std::vector<ChildRow>> childRows(Store &store, Date asOf)
{
    auto screenings = store.screenings();
    if (!screenings) {
        return screenings.error();
    }
    auto people = store.entities(EntityType::Person);
    if (!people) {
        return people.error();
    }
    std::unordered_map<EntityId, const EntitySummary *> byId;
    for (const auto &person : *people) {
        byId.emplace(person.id, &person);
    }
    std::vector<ChildRow> rows;
    for (std::size_t i = 0; i < screenings->size();) {
        std::size_t end = i;
        while (end < screenings->size() && (*screenings)[end].child == (*screenings)[i].child) {
            ++end;
        }
        ChildRow row;
        row.history.assign(std::make_move_iterator(screenings->begin() + static_cast<std::ptrdiff_t>(i)),
                           std::make_move_iterator(screenings->begin() + static_cast<std::ptrdiff_t>(end)));
        const StoredScreening &latest = row.history.back();
        row.id = latest.child;
        row.name = latest.input.child.name;
        row.dob = latest.input.child.dob;
        // After a merge the kept entity's label is the name everyone agreed on.
        if (auto it = byId.find(row.id); it != byId.end() && !it->second->label.empty()) {
            row.name = it->second->label;
        }
        if (row.dob) {
            row.age = ageOn(*row.dob, asOf);
        }
        row.screeningId = latest.id;
        row.lastScreening = latest.screenedAt;
        row.final = latest.assessment.final;
        row.computed = latest.assessment.computed;
        row.rules = latest.assessment.rules;
        row.nextReview = latest.assessment.nextReview;
        row.reviewOverdue = row.nextReview < asOf;
        row.screeningCount = static_cast<int>(row.history.size());
        row.trend = trendBetween(row.history.size() > 1
                                     ? std::optional{row.history[row.history.size() - 2].assessment.final}
                                     : std::nullopt,
                                 row.final);
        for (const auto &action : latest.actions) {
            row.actions.push_back({action, action.status == "open" && action.action.due && *action.action.due < asOf});
        }
        rows.push_back(std::move(row));
        i = end;
    }
    std::sort(rows.begin(), rows.end(), [](const ChildRow &a, const ChildRow &b) {
        const auto key = [](const ChildRow &r) {
            return std::make_tuple(static_cast<int>(r.final), static_cast<int>(r.computed), r.overdueCount(),
                                   r.lastScreening);
        };
        if (key(a) != key(b)) {
            return key(a) > key(b);
        }
        return a.name < b.name;
    });
    return rows;
}

} // namespace harbour
