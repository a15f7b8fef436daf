#include "harbour/report/data_quality.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::report;

namespace {

EntityInfo person(EntityId id, SubjectRole role, std::map<std::string, std::string> attributes = {})
{
    EntityInfo e;
    e.id = id;
    e.type = EntityType::Person;
    e.label = "P" + std::to_string(id);
    e.roles.insert(role);
    e.attributes = std::move(attributes);
    return e;
}

RecordInfo graded(RecordRowId row, std::optional<char> source, std::optional<char> intelligence)
{
    RecordInfo r;
    r.rowId = row;
    r.id = "IR-" + std::to_string(row);
    r.kind = RecordKind::InformationReport;
    r.grading.source = source;
    r.grading.intelligence = intelligence;
    return r;
}

ChildRow row(EntityId id, std::vector<std::string> statuses, bool dob)
{
    ChildRow r;
    r.id = id;
    if (dob) {
        r.dob = PartialDate{2012, 0, 0};
    }
    for (const auto &status : statuses) {
        ChildAction action;
        action.stored.status = status;
        r.actions.push_back(action);
    }
    return r;
}

StoredScreening screening(EntityId child, RecordRowId record, int day, std::string ethnicity)
{
    StoredScreening s;
    s.child = child;
    s.record = record;
    s.screenedAt = std::chrono::year{2026} / 3 / day;
    s.input.child.ethnicity = std::move(ethnicity);
    return s;
}

} // namespace

TEST(DataQuality, CountsAndSharesEachMeasure)
{
    GraphSnapshot snapshot;
    // Children 1-4 (1 and 2 screened), a suspect 5, another person 6.
    snapshot.entities = {person(1, SubjectRole::Victim), person(2, SubjectRole::Victim, {{"dob", "2011"}}),
                         person(3, SubjectRole::Victim), person(4, SubjectRole::Victim, {{"dob", "2010-02-03"}}),
                         person(5, SubjectRole::Perpetrator), person(6, SubjectRole::Associate)};
    snapshot.records = {graded(10, '2', 'B'), graded(11, std::nullopt, std::nullopt), graded(12, '1', std::nullopt),
                        graded(13, '3', 'C')};
    const std::vector<ChildRow> rows{row(1, {"open", "done"}, true), row(2, {"open", "open"}, false)};
    // Child 1's latest screening records ethnicity, an older one did not; child 2's latest does not.
    const std::vector<StoredScreening> screenings{screening(1, 20, 1, ""), screening(1, 21, 9, "White British"),
                                                  screening(2, 22, 5, " ")};
    analysis::MergeSuggestion pair;
    pair.a = 3;
    pair.b = 6;
    const std::vector<analysis::MergeSuggestion> review{pair};

    QualityInputs inputs;
    inputs.snapshot = &snapshot;
    inputs.children = rows;
    inputs.screenings = screenings;
    inputs.review = review;
    const auto measures = dataQuality(inputs);
    ASSERT_EQ(measures.size(), 6u);
    // Never screened: 3 and 4 of four children.
    EXPECT_EQ(measures[0].count, 2);
    EXPECT_EQ(measures[0].outOf, 4);
    EXPECT_EQ(measures[0].share(), "50%");
    // Without an outcome: child 2 (nothing done) of two screened.
    EXPECT_EQ(measures[1].count, 1);
    EXPECT_EQ(measures[1].outOf, 2);
    // Without a grading: 11 (none) and 12 (no intelligence grade) of four reports.
    EXPECT_EQ(measures[2].count, 2);
    EXPECT_EQ(measures[2].outOf, 4);
    // Without a date of birth: child 3 only (1 on its screening, 2 and 4 in records).
    EXPECT_EQ(measures[3].count, 1);
    EXPECT_EQ(measures[3].share(), "25%");
    // Ethnicity: the latest screening counts; blank is missing.
    EXPECT_EQ(measures[4].count, 1);
    EXPECT_EQ(measures[4].outOf, 2);
    // Unresolved: two person entries of six in one pair awaiting review.
    EXPECT_EQ(measures[5].count, 2);
    EXPECT_EQ(measures[5].outOf, 6);
    EXPECT_EQ(measures[5].share(), "33%");
    EXPECT_NE(measures[5].measure.find("1 pair awaiting review"), std::string::npos) << measures[5].measure;

    // A scope keeps only its entities, and the reports naming them.
    snapshot.mentions = {{10, 1, "victim", false}, {11, 3, "victim", false}};
    const std::unordered_set<EntityId> scope{1, 3};
    inputs.scope = &scope;
    const auto scoped = dataQuality(inputs);
    EXPECT_EQ(scoped[0].outOf, 2);
    EXPECT_EQ(scoped[0].count, 1);
    EXPECT_EQ(scoped[2].outOf, 2);
    EXPECT_EQ(scoped[2].count, 1);
}

TEST(DataQuality, ShareSaysUnderOnePercentAndDashForNothing)
{
    EXPECT_EQ((QualityMeasure{"x", 1, 1000, "y"}.share()), "under 1%");
    EXPECT_EQ((QualityMeasure{"x", 0, 1000, "y"}.share()), "0%");
    EXPECT_EQ((QualityMeasure{"x", 0, 0, "y"}.share()), "-");
    EXPECT_EQ((QualityMeasure{"x", 2, 3, "y"}.share()), "67%");
}
