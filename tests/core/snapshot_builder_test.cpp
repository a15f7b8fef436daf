// The backend-neutral snapshot builder (src/store/snapshot_builder.h), fed rows by hand as any
// store's queries would: merges, windows, co-mentions, stored links, children and actions.
#include "store/snapshot_builder.h"

#include "harbour/store.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::store;

namespace {

DateTime at(const char *text)
{
    return *parseDateTime(text);
}

RecordInfo record(RecordRowId rowId, const char *when, RecordKind kind = RecordKind::InformationReport)
{
    RecordInfo r;
    r.rowId = rowId;
    r.id = (kind == RecordKind::Screening ? "SCR-" : "IR-") + std::to_string(rowId);
    r.kind = kind;
    r.at = at(when);
    return r;
}

EntityInfo person(EntityId id, std::string label, std::map<std::string, std::string> attributes = {})
{
    EntityInfo e;
    e.id = id;
    e.type = EntityType::Person;
    e.key = label;
    e.label = std::move(label);
    e.attributes = std::move(attributes);
    return e;
}

Date day(const char *text)
{
    return *parseDate(text);
}

} // namespace

TEST(SnapshotBuilder, CoMentionsAndStoredLinksBecomeLinksWithEvidenceInOrder)
{
    SnapshotBuilder builder({}, day("2026-01-01"), {});
    builder.addRecord(record(1, "2025-01-01T00:00:00Z"));
    builder.addRecord(record(2, "2025-01-02T00:00:00Z"));
    for (EntityId id : {10, 11, 12}) {
        builder.addEntity(person(id, "P" + std::to_string(id)));
    }
    builder.addMention(1, 10, "victim", false);
    builder.addMention(1, 11, "perpetrator", false);
    builder.addMention(2, 11, "associate", false);
    builder.addMention(2, 12, "unknown", true);
    builder.addLink(12, 11, 2, "alias_of"); // ends in either order
    builder.addLink(11, 11, 2, "alias_of"); // a link to itself is no link
    const GraphSnapshot snap = builder.finish({});

    ASSERT_EQ(snap.links.size(), 2u);
    EXPECT_EQ(snap.links[0], (LinkInfo{10, 11, {{1, "co_mentioned"}}}));
    EXPECT_EQ(snap.links[1], (LinkInfo{11, 12, {{2, "alias_of"}, {2, "co_mentioned"}}}));
    EXPECT_EQ(snap.mentions.size(), 4u);
    EXPECT_EQ(snap.findEntity(11)->recordCount, 2);
    EXPECT_TRUE(snap.findEntity(10)->isChild());
    EXPECT_TRUE(snap.findEntity(11)->isSuspect());
    EXPECT_EQ(snap.mark.currentRecords, 2);
}

TEST(SnapshotBuilder, MergedEntitiesFoldIntoTheOneKeptWithTheirAttributesAndEvidence)
{
    // 12 was merged into 11, and 11 into 10: both stand for 10.
    const auto merged = resolveMergeChains({{12, 11}, {11, 10}});
    EXPECT_EQ(merged.at(12), 10);
    SnapshotBuilder builder({}, day("2026-01-01"), merged);
    builder.addRecord(record(1, "2025-01-01T00:00:00Z"));
    builder.addEntity(person(10, "Amy", {{"dob", "2010-01-01"}}));
    builder.addEntity(person(11, "Amy J", {{"gender", "female"}, {"dob", "2011-11-11"}}));
    builder.addEntity(person(12, "A. Jones"));
    builder.addEntity(person(13, "Ben"));
    builder.addMention(1, 12, "victim", false);
    builder.addMention(1, 13, "perpetrator", false);
    const GraphSnapshot snap = builder.finish({});

    ASSERT_EQ(snap.entities.size(), 2u);
    const EntityInfo &amy = snap.entities[0];
    EXPECT_EQ(amy.id, 10);
    EXPECT_EQ((std::vector<EntityId>{11, 12}), amy.mergedFrom);
    EXPECT_EQ(amy.attribute("dob"), "2010-01-01"); // the kept entity's own fact wins
    EXPECT_EQ(amy.attribute("gender"), "female");
    EXPECT_EQ(snap.mentions.front().entity, 10);
    ASSERT_EQ(snap.links.size(), 1u);
    EXPECT_EQ(snap.links[0].a, 10);
    EXPECT_EQ(snap.links[0].b, 13);
}

TEST(SnapshotBuilder, AWindowKeepsItsRecordsAndChildrenScreenedBeforeItsEnd)
{
    TimeWindow window{day("2025-02-01"), day("2025-03-31")};
    SnapshotBuilder builder(window, day("2025-06-01"), {});
    builder.addRecord(record(1, "2025-01-10T00:00:00Z", RecordKind::Screening)); // before the window
    builder.addRecord(record(2, "2025-02-10T00:00:00Z"));
    builder.addRecord(record(3, "2025-03-10T00:00:00Z", RecordKind::Screening));
    builder.addRecord(record(4, "2025-05-10T00:00:00Z", RecordKind::Screening)); // after it
    builder.addEntity(person(20, "Child"));
    builder.addEntity(person(21, "Nobody in the window"));
    builder.addMention(1, 21, "associate", false);
    builder.addMention(2, 20, "victim", false);
    builder.addScreening(1, 20, day("2025-01-10"), RiskLevel::Low, RiskLevel::Low);
    builder.addScreening(3, 20, day("2025-03-10"), RiskLevel::Significant, RiskLevel::Significant);
    builder.addScreening(4, 20, day("2025-05-10"), RiskLevel::Medium, RiskLevel::Medium);
    ASSERT_TRUE(builder.wantsActions());
    builder.addOpenAction(3, day("2025-04-01")); // overdue on 2025-06-01
    builder.addOpenAction(3, std::nullopt);
    builder.addOpenAction(4, std::nullopt); // not the latest within the window
    builder.addOpenAction(99, std::nullopt);
    const GraphSnapshot snap = builder.finish({});

    ASSERT_EQ(snap.records.size(), 2u);
    EXPECT_EQ(snap.records[0].rowId, 2);
    ASSERT_EQ(snap.entities.size(), 1u) << "an entity nothing in the window mentions is left out";
    ASSERT_EQ(snap.children.size(), 1u);
    const ChildRisk &child = snap.children[0];
    EXPECT_EQ(child.screeningId, "SCR-3");
    EXPECT_EQ(child.final, RiskLevel::Significant);
    EXPECT_EQ(child.trend, trendBetween(RiskLevel::Low, RiskLevel::Significant));
    EXPECT_EQ(child.screeningCount, 2);
    EXPECT_EQ(child.openActions, 2);
    EXPECT_EQ(child.overdueActions, 1);
    EXPECT_EQ(snap.mark.currentRecords, 4);
}

TEST(SnapshotBuilder, MissingEpisodesOfIncludedRecordsComeWithMergesApplied)
{
    SnapshotBuilder builder({}, day("2026-01-01"), {{31, 30}});
    builder.addRecord(record(1, "2025-01-01T00:00:00Z", RecordKind::MissingEpisode));
    for (EntityId id : {30, 31, 32}) {
        builder.addEntity(person(id, "P" + std::to_string(id)));
    }
    MissingInfo episode;
    episode.record = 1;
    episode.child = 31;
    episode.foundWith = {31, 32};
    builder.addMissing(episode);
    MissingInfo notCurrent = episode;
    notCurrent.record = 7;
    builder.addMissing(notCurrent);
    const GraphSnapshot snap = builder.finish({});
    ASSERT_EQ(snap.missing.size(), 1u);
    EXPECT_EQ(snap.missing[0].child, 30);
    EXPECT_EQ((std::vector<EntityId>{30, 32}), snap.missing[0].foundWith);
}

TEST(SnapshotBuilder, LinksFromLaterRecordsMergeAfterTheEvidenceBefore)
{
    const std::vector<LinkInfo> before = {{1, 2, {{5, "co_mentioned"}}}, {3, 4, {{6, "co_mentioned"}}}};
    const std::vector<LinkInfo> added = {{1, 2, {{9, "alias_of"}}}, {2, 3, {{9, "co_mentioned"}}}};
    const auto merged = mergeLinks(before, added);
    ASSERT_EQ(merged.size(), 3u);
    EXPECT_EQ(merged[0], (LinkInfo{1, 2, {{5, "co_mentioned"}, {9, "alias_of"}}}));
    EXPECT_EQ(merged[1], (LinkInfo{2, 3, {{9, "co_mentioned"}}}));
    EXPECT_EQ(merged[2], before[1]);
}

TEST(SnapshotBuilder, OnlyImportsAndDecisionsLeaveAnEarlierSnapshotExtendable)
{
    EXPECT_TRUE(onlyAddsRecords("import"));
    EXPECT_TRUE(onlyAddsRecords(kAuditMergeRejected));
    EXPECT_FALSE(onlyAddsRecords("merge"));
    EXPECT_FALSE(onlyAddsRecords("amend"));
    EXPECT_EQ(roleFromMention("child"), SubjectRole::Victim);
    EXPECT_EQ(roleFromMention("found_with"), SubjectRole::Associate);
    EXPECT_FALSE(isPersonRole("vehicle"));
}
