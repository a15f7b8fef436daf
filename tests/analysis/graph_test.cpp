#include "harbour/analysis/graph.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

AnalysisPolicy noDamping()
{
    AnalysisPolicy p;
    p.hub.enabled = false;
    return p;
}

const GraphEdge &edgeOf(const Graph &g, EntityId a, EntityId b)
{
    auto e = g.edgeBetween(*g.find(a), *g.find(b));
    EXPECT_TRUE(e.has_value());
    return g.edge(*e);
}

} // namespace

TEST(Graph, OneVertexPerEntityOneEdgePerPair)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto r1 = b.record({amy, taz, car}, day(2026, 3, 1));
    const auto r2 = b.record({amy, taz}, day(2026, 3, 10));
    const Graph g = buildGraph(b.build(), noDamping());

    EXPECT_EQ(g.vertexCount(), 3u);
    EXPECT_EQ(g.edgeCount(), 3u);
    const GraphEdge &e = edgeOf(g, amy, taz);
    auto records = g.records(e);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0], r1);
    EXPECT_EQ(records[1], r2);
    EXPECT_EQ(e.first, at(day(2026, 3, 1)));
    EXPECT_EQ(e.last, at(day(2026, 3, 10)));
    EXPECT_EQ(e.relations, kCoMentioned);
    EXPECT_EQ(g.neighbours(*g.find(amy)).size(), 2u);
    EXPECT_EQ(g.vertex(*g.find(amy)).records, 2);
    EXPECT_FALSE(g.find(99).has_value());
}

TEST(Graph, MoreIndependentRecordsWeighMore)
{
    SnapshotBuilder b(day(2026, 3, 31));
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto bea = b.child("Bea");
    b.record({amy, taz}, day(2026, 3, 31), grade('2', 'B'));
    b.record({amy, taz}, day(2026, 3, 31), grade('2', 'B'));
    b.record({bea, taz}, day(2026, 3, 31), grade('2', 'B'));
    const Graph g = buildGraph(b.build(), noDamping());
    const double w = 0.7 * 0.8;
    EXPECT_NEAR(edgeOf(g, amy, taz).evidence, 1.0 - (1.0 - w) * (1.0 - w), 1e-12);
    EXPECT_NEAR(edgeOf(g, bea, taz).evidence, w, 1e-12);
    EXPECT_GT(edgeOf(g, amy, taz).weight, edgeOf(g, bea, taz).weight);
}

TEST(Graph, SuspectedFalseEdgeWeighsZeroButKeepsItsRecord)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto r = b.record({amy, taz}, day(2026, 3, 31), grade('1', 'E'));
    const Graph g = buildGraph(b.build(), noDamping());
    const GraphEdge &e = edgeOf(g, amy, taz);
    EXPECT_EQ(e.weight, 0.0);
    EXPECT_EQ(e.evidence, 0.0);
    ASSERT_EQ(g.records(e).size(), 1u);
    EXPECT_EQ(g.records(e)[0], r);
}

TEST(Graph, DecayHalvesAtHalfLife)
{
    SnapshotBuilder b(day(2026, 3, 31));
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto bea = b.child("Bea");
    b.record({amy, taz}, day(2025, 3, 31)); // exactly 365 days before asOf
    b.record({bea, taz}, day(2026, 3, 31));
    const Graph g = buildGraph(b.build(), noDamping());
    EXPECT_NEAR(edgeOf(g, amy, taz).weight, 0.5, 1e-12);
    EXPECT_NEAR(edgeOf(g, bea, taz).weight, 1.0, 1e-12);
}

TEST(Graph, HubEdgesAreDampedByDistinctRecords)
{
    SnapshotBuilder b;
    const auto station = b.entity(EntityType::Place, "Bus station");
    const auto amy = b.child("Amy");
    b.record({station, amy}, day(2026, 3, 31), grade('2', 'B'));
    for (int i = 0; i < 9; ++i) {
        b.record({station, b.entity(EntityType::Person, "passer-by " + std::to_string(i))}, day(2026, 3, 30),
                 grade('2', 'B'));
    }
    AnalysisPolicy p;
    p.hub.freeRecords = 2;
    const Graph g = buildGraph(b.build(), p);
    const GraphEdge &e = edgeOf(g, station, amy);
    // 10 records at the station, 2 free: damped by 1 / log2(2 + 8).
    EXPECT_NEAR(e.damping, 1.0 / std::log2(10.0), 1e-12);
    EXPECT_NEAR(e.weight, 0.56 / std::log2(10.0), 1e-12);
    EXPECT_NEAR(e.evidence, 0.56, 1e-12);
}

TEST(Graph, DropsLinksToUnknownEntitiesAndRecords)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    b.record({amy, taz});
    GraphSnapshot s = b.build();
    s.links.push_back({amy, 77, {{1, "co_mentioned"}}});
    s.links.push_back({amy, taz, {{555, "alias_of"}}});
    const Graph g = buildGraph(s, noDamping());
    EXPECT_EQ(g.edgeCount(), 1u);
}

TEST(Graph, EveryAnalysisHeaderStatesItsTimeComplexity)
{
    const std::filesystem::path folder = HARBOUR_SOURCE_DIR "/include/harbour/analysis";
    for (const char *name : {"graph.h", "clusters.h", "hotspots.h", "priorities.h", "path.h", "accuracy.h",
                             "analysis.h"}) {
        std::ifstream in(folder / name);
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_NE(text.str().find("Time complexity"), std::string::npos) << name;
    }
}
