#include "harbour/report/data_quality.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace harbour::report {

std::string QualityMeasure::share() const
{
    if (outOf <= 0) {
        return "-";
    }
    const double percent = 100.0 * static_cast<double>(count) / static_cast<double>(outOf);
    // "under 1%" rather than "0%" when something is missing: a panel reads 0% as none.
    if (count > 0 && percent < 1.0) {
        return "under 1%";
    }
    return std::to_string(static_cast<long long>(std::lround(percent))) + "%";
}

namespace {

bool covered(const QualityInputs &in, EntityId id)
{
    return in.scope == nullptr || in.scope->contains(id);
}

bool blank(const std::string &text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

/// Children named in records (victims), and whether each was screened.
QualityMeasure neverScreened(const QualityInputs &in, const std::unordered_map<EntityId, const ChildRow *> &rows)
{
    QualityMeasure m{"Children named but never screened", 0, 0, "children named in records", };
    for (const auto &entity : in.snapshot->entities) {
        if (entity.isChild() && covered(in, entity.id)) {
            ++m.outOf;
            m.count += rows.contains(entity.id) ? 0 : 1;
        }
    }
    return m;
}

QualityMeasure withoutOutcome(const QualityInputs &in, const std::unordered_map<EntityId, const ChildRow *> &rows)
{
    QualityMeasure m{"Screenings without an outcome (actions set, none marked done)", 0, 0,
                     "children's latest screenings"};
    for (const auto &[id, row] : rows) {
        if (!covered(in, id)) {
            continue;
        }
        ++m.outOf;
        const bool done = std::any_of(row->actions.begin(), row->actions.end(),
                                      [](const ChildAction &a) { return a.stored.status == "done"; });
        m.count += !row->actions.empty() && !done ? 1 : 0;
    }
    return m;
}

QualityMeasure withoutGrading(const QualityInputs &in, const std::unordered_map<RecordRowId, bool> &inScope)
{
    QualityMeasure m{"Information reports without a grading", 0, 0, "information reports"};
    for (const auto &record : in.snapshot->records) {
        if (record.kind != RecordKind::InformationReport || (in.scope != nullptr && !inScope.contains(record.rowId))) {
            continue;
        }
        ++m.outOf;
        m.count += !record.grading.source || !record.grading.intelligence ? 1 : 0;
    }
    return m;
}

QualityMeasure withoutBirthDate(const QualityInputs &in, const std::unordered_map<EntityId, const ChildRow *> &rows)
{
    QualityMeasure m{"Children without a date of birth", 0, 0, "children named in records"};
    for (const auto &entity : in.snapshot->entities) {
        if (!entity.isChild() || !covered(in, entity.id)) {
            continue;
        }
        ++m.outOf;
        const auto row = rows.find(entity.id);
        const bool known = !entity.attribute("dob").empty() || (row != rows.end() && row->second->dob);
        m.count += known ? 0 : 1;
    }
    return m;
}

QualityMeasure withoutEthnicity(const QualityInputs &in)
{
    QualityMeasure m{"Screened children with ethnicity not recorded", 0, 0, "screened children"};
    // The latest screening of each child says what is recorded now.
    std::map<EntityId, const StoredScreening *> latest;
    for (const auto &screening : in.screenings) {
        auto &slot = latest[in.snapshot->standingFor(screening.child)];
        if (slot == nullptr || slot->screenedAt < screening.screenedAt ||
            (slot->screenedAt == screening.screenedAt && slot->record < screening.record)) {
            slot = &screening;
        }
    }
    for (const auto &[child, screening] : latest) {
        if (covered(in, child)) {
            ++m.outOf;
            m.count += blank(screening->input.child.ethnicity) ? 1 : 0;
        }
    }
    return m;
}

QualityMeasure unresolvedIdentities(const QualityInputs &in)
{
    std::unordered_set<EntityId> inPairs;
    std::size_t pairs = 0;
    for (const auto &pair : in.review) {
        if (pair.type == EntityType::Person && (covered(in, pair.a) || covered(in, pair.b))) {
            ++pairs;
            inPairs.insert(pair.a);
            inPairs.insert(pair.b);
        }
    }
    QualityMeasure m{"People whose identity is unresolved (" + std::to_string(pairs) +
                         (pairs == 1 ? " pair" : " pairs") + " awaiting review in Who is who)",
                     0, 0, "person entries"};
    for (const auto &entity : in.snapshot->entities) {
        if (entity.type == EntityType::Person && covered(in, entity.id)) {
            ++m.outOf;
            m.count += inPairs.contains(entity.id) ? 1 : 0;
        }
    }
    return m;
}

} // namespace

std::vector<QualityMeasure> dataQuality(const QualityInputs &in)
{
    std::unordered_map<EntityId, const ChildRow *> rows;
    for (const auto &row : in.children) {
        const auto [it, added] = rows.emplace(in.snapshot->standingFor(row.id), &row);
        if (!added && row.lastScreening > it->second->lastScreening) {
            it->second = &row;
        }
    }
    std::unordered_map<RecordRowId, bool> recordsInScope;
    if (in.scope != nullptr) {
        for (const auto &mention : in.snapshot->mentions) {
            if (in.scope->contains(mention.entity)) {
                recordsInScope.emplace(mention.record, true);
            }
        }
    }
    return {neverScreened(in, rows), withoutOutcome(in, rows), withoutGrading(in, recordsInScope),
            withoutBirthDate(in, rows), withoutEthnicity(in), unresolvedIdentities(in)};
}

} // namespace harbour::report
