#include "harbour/analysis/analysis.h"
#include "harbour/analysis/identity_fold.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace harbour;
using namespace harbour::analysis;
using harbour::analysis::testing::day;
using harbour::analysis::testing::scored;
using harbour::analysis::testing::SnapshotBuilder;

namespace {

/// One child named in three reports under three spellings, each report with another place; a
/// suspect seen with her twice.
struct RubyThreeTimes {
    SnapshotBuilder builder;
    EntityId ruby = builder.child("Ruby Murphy");
    EntityId rubi = builder.child("Rubi Murphy");
    EntityId ruby2 = builder.child("Ruby Murphey");
    EntityId taz = builder.suspect("Taz");
    EntityId kebab = builder.entity(EntityType::Premises, "Star Kebabs");
    EntityId hotel = builder.entity(EntityType::Premises, "Station Hotel");
    RecordRowId first = builder.record({ruby, taz, kebab}, day(2026, 1, 5));
    RecordRowId second = builder.record({rubi, taz, hotel}, day(2026, 2, 5));
    RecordRowId third = builder.record({ruby2, kebab}, day(2026, 3, 5));

    GraphSnapshot folded()
    {
        GraphSnapshot snapshot = builder.build();
        const auto identities =
            resolveIdentities(snapshot, {scored(ruby, rubi, 0.97), scored(ruby, ruby2, 0.95)}, {});
        foldIdentities(snapshot, identities);
        return snapshot;
    }
};

} // namespace

TEST(IdentityFold, OneEntityStandsForTheIdentityAndEveryIdFindsIt)
{
    RubyThreeTimes c;
    const GraphSnapshot snapshot = c.folded();
    ASSERT_NE(snapshot.findEntity(c.ruby), nullptr);
    EXPECT_EQ(snapshot.findEntity(c.rubi), snapshot.findEntity(c.ruby));
    EXPECT_EQ(snapshot.findEntity(c.ruby2)->id, c.ruby);
    EXPECT_EQ(snapshot.standingFor(c.rubi), c.ruby);
    EXPECT_EQ(snapshot.standingFor(c.taz), c.taz);
    const EntityInfo &person = *snapshot.findEntity(c.ruby);
    EXPECT_EQ(person.identity, "I" + std::to_string(c.ruby));
    EXPECT_EQ(person.foldedFrom, (std::vector<EntityId>{c.rubi, c.ruby2}));
    EXPECT_EQ(person.entries(), 3u);
    EXPECT_TRUE(person.joinedAutomatically);
    EXPECT_EQ(person.recordCount, 3);
    // The entry keeps its own name.
    EXPECT_EQ(snapshot.findEntry(c.rubi)->label, "Rubi Murphy");
    EXPECT_EQ(snapshot.entities.size(), 4u); // Ruby, Taz and two premises
    EXPECT_EQ(snapshot.findEntity(c.taz)->identity, "I" + std::to_string(c.taz));
}

TEST(IdentityFold, MentionsAndLinksMoveToThePersonWithTheirEvidenceJoined)
{
    RubyThreeTimes c;
    const GraphSnapshot snapshot = c.folded();
    for (const auto &mention : snapshot.mentions) {
        EXPECT_NE(mention.entity, c.rubi);
        EXPECT_NE(mention.entity, c.ruby2);
    }
    const auto link = [&](EntityId a, EntityId b) -> const LinkInfo * {
        for (const auto &l : snapshot.links) {
            if (l.a == std::min(a, b) && l.b == std::max(a, b)) {
                return &l;
            }
        }
        return nullptr;
    };
    // Ruby and Taz: two records, once under each spelling.
    ASSERT_NE(link(c.ruby, c.taz), nullptr);
    EXPECT_EQ(link(c.ruby, c.taz)->evidence.size(), 2u);
    ASSERT_NE(link(c.ruby, c.kebab), nullptr);
    EXPECT_EQ(link(c.ruby, c.kebab)->evidence.size(), 2u);
    ASSERT_NE(link(c.ruby, c.hotel), nullptr);
    EXPECT_TRUE(std::is_sorted(snapshot.links.begin(), snapshot.links.end(), [](const LinkInfo &x, const LinkInfo &y) {
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    }));
}

TEST(IdentityFold, TheLatestScreeningOfAnyEntryIsThePersonsRisk)
{
    RubyThreeTimes c;
    c.builder.screened(c.ruby, RiskLevel::Low, Trend::Same, 1);
    c.builder.screened(c.rubi, RiskLevel::Significant, Trend::Up, 2);
    GraphSnapshot raw = c.builder.build();
    raw.children[0].screenedAt = day(2026, 1, 1);
    raw.children[1].screenedAt = day(2026, 3, 1);
    const auto identities = resolveIdentities(raw, {scored(c.ruby, c.rubi, 0.97), scored(c.ruby, c.ruby2, 0.95)}, {});
    foldIdentities(raw, identities);
    ASSERT_EQ(raw.children.size(), 1u);
    EXPECT_EQ(raw.children[0].child, c.ruby);
    EXPECT_EQ(raw.children[0].final, RiskLevel::Significant);
    EXPECT_EQ(raw.children[0].overdueActions, 3);
}

TEST(IdentityFold, ClustersAndHotspotsCountPeopleNotEntries)
{
    // Three children seen at one takeaway: one of them under three spellings. Entries would make
    // five children and a hub; people make three.
    SnapshotBuilder builder;
    const EntityId kebab = builder.entity(EntityType::Premises, "Star Kebabs");
    const EntityId ruby = builder.child("Ruby Murphy");
    const EntityId rubi = builder.child("Rubi Murphy");
    const EntityId rubyM = builder.child("Ruby Murphey");
    const EntityId amy = builder.child("Amy Jones");
    const EntityId zoe = builder.child("Zoe Hill");
    for (const EntityId child : {ruby, rubi, rubyM, amy, zoe}) {
        builder.record({child, kebab});
    }
    GraphSnapshot snapshot = builder.build();
    const auto identities = resolveIdentities(snapshot, {scored(ruby, rubi, 0.97), scored(ruby, rubyM, 0.95)}, {});
    foldIdentities(snapshot, identities);
    const auto result = analyse(snapshot, AnalysisPolicy::defaults());
    ASSERT_FALSE(result.hotspots.premises.empty());
    EXPECT_EQ(result.hotspots.premises[0].distinctChildren, 3);
    ASSERT_FALSE(result.clusters.empty());
    EXPECT_EQ(result.clusters[0].children, 3);
    // The members of `harbour analyse` stay entries, each named with its identity.
    auto clusters = result.clusters;
    listEntries(clusters, snapshot);
    std::vector<EntityId> ids;
    for (const auto &member : clusters[0].members) {
        ids.push_back(member.id);
        EXPECT_FALSE(member.identity.empty());
        if (member.id == rubi) {
            EXPECT_EQ(member.label, "Rubi Murphy");
            EXPECT_EQ(member.identity, "I" + std::to_string(ruby));
        }
    }
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(ids, (std::vector<EntityId>{kebab, ruby, rubi, rubyM, amy, zoe}));
}

TEST(IdentityFold, ASnapshotWithNothingToFoldIsUnchangedButNamed)
{
    RubyThreeTimes c;
    GraphSnapshot snapshot = c.builder.build();
    const GraphSnapshot before = snapshot;
    foldIdentities(snapshot, resolveIdentities(snapshot, std::vector<MergeSuggestion>{}, {}));
    EXPECT_EQ(snapshot.links, before.links);
    EXPECT_EQ(snapshot.mentions, before.mentions);
    EXPECT_TRUE(snapshot.folded.empty());
    EXPECT_EQ(snapshot.findEntity(c.rubi)->identity, "I" + std::to_string(c.rubi));
}
