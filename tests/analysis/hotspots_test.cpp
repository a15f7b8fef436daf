#include "harbour/analysis/hotspots.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

TEST(Hotspots, RankedByDistinctChildrenWeightedByLevel)
{
    SnapshotBuilder b;
    const auto pizza = b.entity(EntityType::Premises, "Kingz Pizza", {{"postcode", "DY1 1AA"}});
    const auto taxi = b.entity(EntityType::Premises, "Ace Taxis", {{"postcode", "DY2 7XX"}});
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto cat = b.child("Cat");
    // Amy three times at the pizza shop still counts once.
    b.record({pizza, amy});
    b.record({pizza, amy});
    b.record({pizza, amy});
    b.record({pizza, bea});
    b.record({taxi, cat});
    b.screened(amy, RiskLevel::Medium);
    b.screened(bea, RiskLevel::Low);
    b.screened(cat, RiskLevel::Significant);
    const GraphSnapshot s = b.build();
    const Hotspots h = findHotspots(buildGraph(s, AnalysisPolicy::defaults()), s, AnalysisPolicy::defaults());

    ASSERT_EQ(h.premises.size(), 2u);
    // Pizza: 0.6 + 0.3 = 0.9 from two children; taxi: 1.0 from one significant child.
    EXPECT_EQ(h.premises[0].id, taxi);
    EXPECT_EQ(h.premises[0].rank, 1);
    EXPECT_NEAR(h.premises[0].score, 1.0, 1e-12);
    EXPECT_EQ(h.premises[0].distinctChildren, 1);
    EXPECT_EQ(h.premises[1].id, pizza);
    EXPECT_EQ(h.premises[1].rank, 2);
    EXPECT_NEAR(h.premises[1].score, 0.9, 1e-12);
    EXPECT_EQ(h.premises[1].distinctChildren, 2);
    EXPECT_EQ(h.premises[1].children, (std::vector<EntityId>{amy, bea}));
    EXPECT_EQ(h.premises[1].reasons[0], "2 children linked");
    EXPECT_EQ(h.premises[1].reasons[1], "1 at medium risk, 1 at low risk");
    EXPECT_EQ(h.premises[1].reasons[2], "4 records in the last 30 days");

    // Areas: DY2 and "DY2 7" hold the taxi firm; DY1 and "DY1 1" the pizza shop.
    ASSERT_EQ(h.areas.size(), 4u);
    EXPECT_EQ(h.areas[0].key, "DY2");
    EXPECT_EQ(h.areas[1].key, "DY2 7");
    EXPECT_EQ(h.areas[2].key, "DY1");
    EXPECT_EQ(h.areas[2].distinctChildren, 2);
    EXPECT_EQ(h.areas[2].reasons[0], "postcode district");
    EXPECT_EQ(h.areas[3].reasons[0], "postcode sector");
}

TEST(Hotspots, ChildrenThroughASuspectCountAtTheIndirectFactor)
{
    SnapshotBuilder b;
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto taz = b.suspect("Taz");
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    b.record({car, taz});
    b.record({taz, amy});
    b.record({car, bea});
    b.screened(amy, RiskLevel::Significant);
    b.screened(bea, RiskLevel::Significant);
    const GraphSnapshot s = b.build();
    const Hotspots h = findHotspots(buildGraph(s, AnalysisPolicy::defaults()), s, AnalysisPolicy::defaults());
    ASSERT_EQ(h.vehicles.size(), 1u);
    EXPECT_EQ(h.vehicles[0].distinctChildren, 2);
    EXPECT_EQ(h.vehicles[0].directChildren, 1);
    EXPECT_NEAR(h.vehicles[0].score, 1.0 + 0.5, 1e-12);
    EXPECT_EQ(h.vehicles[0].reasons[0], "2 children linked (1 directly, 1 through a suspect or alias)");
}

TEST(Hotspots, AChildsNicknameLinksNoOtherChild)
{
    // Two unrelated children both known as "AJ": the car seen with Amy must not list Ann, while a
    // suspect's nickname still carries the indirect link.
    SnapshotBuilder b;
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto aj = b.entity(EntityType::Alias, "AJ");
    const auto taz = b.entity(EntityType::Alias, "Taz");
    const auto amy = b.child("Amy Jones");
    const auto ann = b.child("Ann James");
    const auto bea = b.child("Bea");
    const auto r1 = b.record({car, amy, aj});
    b.relate(r1, amy, aj, "alias_of");
    const auto r2 = b.record({ann, aj});
    b.relate(r2, ann, aj, "alias_of");
    b.record({car, taz});
    b.record({taz, bea});
    const GraphSnapshot s = b.build();
    const Hotspots h = findHotspots(buildGraph(s, AnalysisPolicy::defaults()), s, AnalysisPolicy::defaults());
    ASSERT_EQ(h.vehicles.size(), 1u);
    EXPECT_EQ(h.vehicles[0].children, (std::vector<EntityId>{amy, bea}));
    EXPECT_EQ(h.vehicles[0].directChildren, 1);
}

TEST(Hotspots, FoundAtEpisodesCount)
{
    SnapshotBuilder b;
    const auto flat = b.entity(EntityType::Place, "Flat above Kingz Pizza");
    const auto amy = b.child("Amy");
    b.foundAt(amy, flat, day(2026, 3, 31));
    b.foundAt(amy, flat, day(2026, 3, 31));
    const GraphSnapshot s = b.build();
    const Hotspots h = findHotspots(buildGraph(s, AnalysisPolicy::defaults()), s, AnalysisPolicy::defaults());
    ASSERT_EQ(h.places.size(), 1u);
    EXPECT_EQ(h.places[0].foundAt, 2);
    EXPECT_EQ(h.places[0].distinctChildren, 1);
    // Never screened (0.2) plus two fresh episodes at 0.5 each.
    EXPECT_NEAR(h.places[0].score, 0.2 + 1.0, 1e-12);
    EXPECT_EQ(h.places[0].reasons[2], "2 missing episodes ended here");
}

TEST(Hotspots, SuspectedFalseLinksLinkNoChild)
{
    SnapshotBuilder b;
    const auto shop = b.entity(EntityType::Premises, "Chippy");
    b.record({shop, b.child("Amy")}, day(2026, 3, 30), grade('3', 'E'));
    const GraphSnapshot s = b.build();
    const Hotspots h = findHotspots(buildGraph(s, AnalysisPolicy::defaults()), s, AnalysisPolicy::defaults());
    EXPECT_TRUE(h.premises.empty());
}

TEST(DensityGrid, PeaksAtThePointsAndRejectsBadCells)
{
    SnapshotBuilder b;
    b.entity(EntityType::Place, "Bus station", {{"lat", "52.5113"}, {"lon", "-2.0816"}});
    b.entity(EntityType::Premises, "Kingz Pizza", {{"lat", "52.5120"}, {"lon", "-2.0800"}});
    b.entity(EntityType::Place, "Nowhere", {{"lat", "not a number"}, {"lon", "1"}});
    const GraphSnapshot s = b.build();
    auto grid = densityGrid(s, 100.0);
    ASSERT_TRUE(grid.ok());
    EXPECT_EQ(grid->points, 2);
    EXPECT_EQ(grid->bandwidthMetres, 200.0);
    int bestRow = 0;
    int bestCol = 0;
    for (int r = 0; r < grid->rows; ++r) {
        for (int c = 0; c < grid->cols; ++c) {
            if (grid->at(r, c) > grid->at(bestRow, bestCol)) {
                bestRow = r;
                bestCol = c;
            }
        }
    }
    EXPECT_NEAR(grid->latitudeOf(bestRow), 52.5116, 0.002);
    EXPECT_NEAR(grid->longitudeOf(bestCol), -2.0808, 0.003);
    EXPECT_EQ(grid->at(0, 0), 0.0);

    auto bad = densityGrid(s, 0.0);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Usage);
    EXPECT_EQ(bad.error().message, "the cell size must be a positive number of metres");

    SnapshotBuilder far;
    far.entity(EntityType::Place, "North", {{"lat", "58.0"}, {"lon", "-3.0"}});
    far.entity(EntityType::Place, "South", {{"lat", "50.0"}, {"lon", "1.0"}});
    auto huge = densityGrid(far.build(), 1.0);
    ASSERT_FALSE(huge.ok());
    EXPECT_EQ(huge.error().code, ErrorCode::Usage);

    auto empty = densityGrid(SnapshotBuilder().build(), 100.0);
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->rows, 0);
}

TEST(Hotspots, ChildEntriesThatAreProbablyOneChildAreSaidToBe)
{
    // Amy Jones named at the chippy in three reports without a date of birth; Bea once.
    SnapshotBuilder b;
    const auto shop = b.entity(EntityType::Premises, "Chippy", {{"postcode", "DY1 1AA"}});
    const auto pub = b.entity(EntityType::Premises, "Crown", {{"postcode", "DY2 7XX"}});
    for (int i = 0; i < 3; ++i) {
        b.record({shop, b.child("Amy Jones")});
    }
    b.record({shop, b.child("Bea Smith")});
    b.record({pub, b.child("Cat Brown")});
    b.record({pub, b.child("Dee Green")});
    const GraphSnapshot s = b.build();
    const Hotspots h = findHotspots(buildGraph(s, AnalysisPolicy::defaults()), s, AnalysisPolicy::defaults());
    ASSERT_EQ(h.premises.size(), 2u);
    const auto &chippy = h.premises[0].id == shop ? h.premises[0] : h.premises[1];
    const auto &crown = h.premises[0].id == pub ? h.premises[0] : h.premises[1];
    EXPECT_EQ(chippy.distinctChildren, 4); // the score still counts entries
    const std::string said =
        "4 child entries are probably 2 children (the same or nearly the same name, no conflicting date of birth)";
    EXPECT_NE(std::find(chippy.reasons.begin(), chippy.reasons.end(), said), chippy.reasons.end())
        << ::testing::PrintToString(chippy.reasons);
    for (const auto &reason : crown.reasons) {
        EXPECT_EQ(reason.find("entries"), std::string::npos) << reason;
    }
    // A district pools unrelated places: it leaves the question to their rows.
    const auto dy1 = std::find_if(h.areas.begin(), h.areas.end(), [](const HotspotRow &r) { return r.key == "DY1"; });
    ASSERT_NE(dy1, h.areas.end());
    EXPECT_EQ(dy1->distinctChildren, 4);
    for (const auto &reason : dy1->reasons) {
        EXPECT_EQ(reason.find("entries"), std::string::npos) << reason;
    }
}
