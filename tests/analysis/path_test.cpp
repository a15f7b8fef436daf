#include "harbour/analysis/path.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

TEST(ShortestChain, FewestHopsWithTheRecordsBehindEach)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto r1 = b.record({amy, taz}, day(2026, 3, 1), grade('2', 'B'));
    const auto r2 = b.record({taz, car}, day(2026, 3, 2));
    const auto r3 = b.record({taz, car}, day(2026, 3, 3));
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    auto chain = shortestChain(g, s, amy, car);
    ASSERT_TRUE(chain.ok()) << chain.error().toString();
    ASSERT_EQ(chain->hops.size(), 2u);
    EXPECT_EQ(chain->hops[0].from, amy);
    EXPECT_EQ(chain->hops[0].to, taz);
    EXPECT_EQ(chain->hops[0].toLabel, "Taz");
    ASSERT_EQ(chain->hops[0].records.size(), 1u);
    EXPECT_EQ(chain->hops[0].records[0].rowId, r1);
    EXPECT_EQ(chain->hops[0].records[0].id, "IR-1");
    EXPECT_EQ(chain->hops[0].records[0].grading.substr(0, 5), "2/B/P");
    EXPECT_EQ(chain->hops[1].from, taz);
    EXPECT_EQ(chain->hops[1].to, car);
    ASSERT_EQ(chain->hops[1].records.size(), 2u);
    EXPECT_EQ(chain->hops[1].records[0].rowId, r2);
    EXPECT_EQ(chain->hops[1].records[1].rowId, r3);
}

TEST(ShortestChain, TieBrokenByWeight)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto weak = b.suspect("Weak");
    const auto strong = b.suspect("Strong");
    const auto bea = b.child("Bea");
    b.record({amy, weak}, day(2026, 3, 31), grade('3', 'D'));
    b.record({weak, bea}, day(2026, 3, 31), grade('3', 'D'));
    b.record({amy, strong}, day(2026, 3, 31), grade('1', 'A'));
    b.record({strong, bea}, day(2026, 3, 31), grade('1', 'B'));
    const GraphSnapshot s = b.build();
    auto chain = shortestChain(buildGraph(s, AnalysisPolicy::defaults()), s, amy, bea);
    ASSERT_TRUE(chain.ok());
    ASSERT_EQ(chain->hops.size(), 2u);
    EXPECT_EQ(chain->hops[0].to, strong);
    EXPECT_NEAR(chain->weight, 1.0 + 0.8, 1e-12);
}

TEST(ShortestChain, NotFoundWhenNoChainOrUnknownEntity)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto bea = b.child("Bea");
    b.record({amy, taz});
    b.record({taz, bea}, day(2026, 3, 31), grade('1', 'E')); // suspected false: no chain
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    auto none = shortestChain(g, s, amy, bea);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
    EXPECT_EQ(none.error().message, "no chain links 1 and 3");

    auto unknown = shortestChain(g, s, amy, 42);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
    EXPECT_EQ(unknown.error().message, "entity 42 is not in the graph");

    auto same = shortestChain(g, s, amy, amy);
    ASSERT_TRUE(same.ok());
    EXPECT_TRUE(same->hops.empty());
}

TEST(NearestTo, NearestFirstThenTheMostStronglyTied)
{
    const ChildNearABusyPlace c;
    const GraphSnapshot s = c.builder.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    const auto vertex = [&g](EntityId id) { return *g.find(id); };

    const auto near = nearestTo(g, vertex(c.amy), 2);
    ASSERT_EQ(near.size(), 26u); // Amy, 2 at one link, 23 at two
    EXPECT_EQ(near[0], (Nearby{vertex(c.amy), 0, 1.0}));
    EXPECT_EQ(near[1].vertex, vertex(c.taz));
    EXPECT_EQ(near[2].vertex, vertex(c.bus));
    EXPECT_GT(near[1].strength, near[2].strength);
    // Two links through Taz come before any of the bus station's regulars, Zoe included.
    std::vector<VertexIndex> second{near[3].vertex, near[4].vertex};
    std::sort(second.begin(), second.end());
    std::vector<VertexIndex> throughTaz{vertex(c.phone), vertex(c.flat)};
    std::sort(throughTaz.begin(), throughTaz.end());
    EXPECT_EQ(second, throughTaz);
    for (std::size_t i = 1; i < near.size(); ++i) {
        EXPECT_LE(near[i - 1].links, near[i].links);
        if (near[i - 1].links == near[i].links) {
            EXPECT_GE(near[i - 1].strength, near[i].strength);
        }
    }
    // The strength is the product of the links' weights along the strongest chain.
    const double viaTaz = g.edge(*g.edgeBetween(vertex(c.amy), vertex(c.taz))).weight *
                          g.edge(*g.edgeBetween(vertex(c.taz), vertex(c.phone))).weight;
    const auto phoneAt =
        std::find_if(near.begin(), near.end(), [&](const Nearby &n) { return n.vertex == vertex(c.phone); });
    EXPECT_DOUBLE_EQ(phoneAt->strength, viaTaz);

    EXPECT_EQ(nearestTo(g, vertex(c.amy), 0), (std::vector<Nearby>{{vertex(c.amy), 0, 1.0}}));
    EXPECT_TRUE(nearestTo(g, vertex(c.amy), -1).empty());
}

TEST(NearestTo, AVertexReachedTwiceInOneLayerKeepsItsStrongestChain)
{
    // The flat is seen from the bus station too: two chains of two links reach it.
    ChildNearABusyPlace c;
    c.builder.record({c.bus, c.flat});
    const Graph g = buildGraph(c.builder.build(), AnalysisPolicy::defaults());
    const auto vertex = [&g](EntityId id) { return *g.find(id); };
    const auto weight = [&](EntityId x, EntityId y) { return g.edge(*g.edgeBetween(vertex(x), vertex(y))).weight; };
    const auto near = nearestTo(g, vertex(c.amy), 2);
    const auto flatAt =
        std::find_if(near.begin(), near.end(), [&](const Nearby &n) { return n.vertex == vertex(c.flat); });
    ASSERT_NE(flatAt, near.end());
    EXPECT_EQ(flatAt->links, 2);
    const double viaTaz = weight(c.amy, c.taz) * weight(c.taz, c.flat);
    const double viaBus = weight(c.amy, c.bus) * weight(c.bus, c.flat);
    ASSERT_GT(viaTaz, viaBus);
    EXPECT_DOUBLE_EQ(flatAt->strength, viaTaz);
}
