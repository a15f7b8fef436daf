#include "harbour/analysis/analysis.h"
#include "harbour/analysis/priorities.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

/// All of a graph's vertices as one cluster, to test centrality without Leiden's choices.
Cluster wholeGraph(const Graph &g)
{
    Cluster c;
    c.id = "C1";
    for (VertexIndex v = 0; v < g.vertexCount(); ++v) {
        const GraphVertex &gv = g.vertex(v);
        c.members.push_back({gv.entity, gv.type, gv.label, roleOf(gv), v});
        c.suspects += gv.suspect ? 1 : 0;
    }
    return c;
}

} // namespace

TEST(Centrality, ArticulationPointIsABroker)
{
    // Two triangles sharing Taz: removing Taz splits them.
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto taz = b.suspect("Taz");
    const auto cat = b.child("Cat");
    const auto dee = b.child("Dee");
    b.record({amy, bea, taz});
    b.record({taz, cat, dee});
    const Graph g = buildGraph(b.build(), AnalysisPolicy::defaults());
    const ClusterCentrality c = clusterCentrality(g, wholeGraph(g), AnalysisPolicy::defaults());
    EXPECT_EQ(c.brokers, (std::vector<EntityId>{taz}));
    EXPECT_FALSE(c.sampled);
    EXPECT_EQ(c.sources, 5);
    // Taz lies on all 4 of the 6 pairs of other members that cross between the triangles.
    EXPECT_NEAR(c.betweenness[2], 4.0 / 6.0, 1e-12);
    EXPECT_EQ(c.betweenness[0], 0.0);
}

TEST(Centrality, SampledAboveTheExactLimitAndSaysSo)
{
    SnapshotBuilder b;
    const auto a = b.child("A");
    const auto m = b.suspect("M");
    const auto z = b.child("Z");
    b.record({a, m});
    b.record({m, z});
    const Graph g = buildGraph(b.build(), AnalysisPolicy::defaults());
    AnalysisPolicy p;
    p.betweennessExactLimit = 2;
    p.betweennessSamples = 3; // every vertex: the estimate is then exact
    const ClusterCentrality c = clusterCentrality(g, wholeGraph(g), p);
    EXPECT_TRUE(c.sampled);
    EXPECT_EQ(c.sources, 3);
    EXPECT_NEAR(c.betweenness[1], 1.0, 1e-12);
    EXPECT_EQ(c.brokers, (std::vector<EntityId>{m}));
    const ClusterCentrality exact = clusterCentrality(g, wholeGraph(g), AnalysisPolicy::defaults());
    EXPECT_FALSE(exact.sampled);
    EXPECT_NEAR(exact.betweenness[1], 1.0, 1e-12);
}

TEST(Priorities, SuspectsRankedByTheRiskOfTheirChildren)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto cat = b.child("Cat");
    const auto taz = b.suspect("Taz");
    const auto kez = b.suspect("Kez");
    const auto alias = b.entity(EntityType::Alias, "T");
    b.record({taz, amy});
    const auto r = b.record({alias, bea});
    b.relate(b.record({taz, alias}), taz, alias, "alias_of");
    b.record({kez, cat});
    b.screened(amy, RiskLevel::Significant);
    b.screened(bea, RiskLevel::Significant);
    b.screened(cat, RiskLevel::Low);
    (void)r;
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    const Priorities p = findPriorities(g, s, {}, AnalysisPolicy::defaults());
    ASSERT_EQ(p.suspects.size(), 2u);
    EXPECT_EQ(p.suspects[0].id, taz);
    EXPECT_EQ(p.suspects[0].rank, 1);
    EXPECT_EQ(p.suspects[0].children, 2); // Amy directly, Bea through the alias T
    EXPECT_EQ(p.suspects[0].significantChildren, 2);
    EXPECT_NEAR(p.suspects[0].childRisk, 2.0, 1e-12);
    EXPECT_EQ(p.suspects[0].reasons[0], "linked to 2 children (2 at significant risk)");
    EXPECT_EQ(p.suspects[0].reasons[1],
              "named in 2 records (2 in the last 30 days), mean weight 1.00 after grading and age");
    EXPECT_EQ(p.suspects[0].reasons[2], "in no cluster");
    EXPECT_EQ(p.suspects[1].id, kez);
    EXPECT_NEAR(p.suspects[1].score, 0.3 + 0.1 * 1.0, 1e-12);
}

TEST(Priorities, BrokerAndBetweennessReasonsInsideClusters)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto taz = b.suspect("Taz");
    const auto cat = b.child("Cat");
    const auto dee = b.child("Dee");
    b.record({amy, bea, taz});
    b.record({taz, cat, dee});
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    const Priorities p = findPriorities(g, s, {wholeGraph(g)}, AnalysisPolicy::defaults());
    ASSERT_EQ(p.suspects.size(), 1u);
    const SuspectPriority &taz1 = p.suspects[0];
    EXPECT_TRUE(taz1.broker);
    EXPECT_EQ(taz1.cluster, "C1");
    EXPECT_EQ(taz1.roleRank, 1);
    EXPECT_EQ(taz1.reasons[2], "betweenness 0.67 in C1, highest of 1 suspect (exact)");
    EXPECT_EQ(taz1.reasons[3], "broker: removing them splits C1");
    EXPECT_NEAR(taz1.score, 4 * 0.2 + 0.1 * 2 + 4.0 / 6.0 + 0.5, 1e-12);
}

TEST(Priorities, ChildrenByLevelThenTrendOverdueAndOrganisedCluster)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto cat = b.child("Cat");
    const auto dee = b.child("Dee");
    b.record({amy, bea, cat, dee});
    b.screened(amy, RiskLevel::Medium, Trend::Same, 0);
    b.screened(bea, RiskLevel::Medium, Trend::Up, 2);
    b.screened(cat, RiskLevel::Significant, Trend::Down, 0);
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    Cluster flagged = wholeGraph(g);
    flagged.organised = true;
    const Priorities p = findPriorities(g, s, {flagged}, AnalysisPolicy::defaults());
    ASSERT_EQ(p.children.size(), 4u);
    EXPECT_EQ(p.children[0].id, cat);
    EXPECT_EQ(p.children[1].id, bea);
    EXPECT_EQ(p.children[2].id, amy);
    EXPECT_EQ(p.children[3].id, dee);
    EXPECT_NEAR(p.children[1].score, 0.6 + 0.25 + 0.2 + 0.5, 1e-12);
    EXPECT_EQ(p.children[1].reasons, (std::vector<std::string>{
                                         "final level medium",
                                         "risk rising since the last screening",
                                         "2 actions overdue",
                                         "member of C1, flagged as suggesting organised abuse",
                                     }));
    EXPECT_EQ(p.children[3].reasons[0], "named as a victim in 1 record but never screened");
    EXPECT_FALSE(p.children[3].level.has_value());
}

/// A - M - Z as one cluster, analysed: the earlier analysis the lending tests start from, with
/// the builder kept to grow the data after it.
struct EarlierPath {
    SnapshotBuilder b;
    EntityId a = b.child("A");
    EntityId m = b.suspect("M");
    EntityId z = b.child("Z");
    GraphSnapshot before;
    Graph graph;
    std::vector<Cluster> clusters;
    Priorities priorities;

    EarlierPath()
    {
        b.record({a, m});
        b.record({m, z});
        before = b.build();
        graph = buildGraph(before, AnalysisPolicy::defaults());
        clusters = {wholeGraph(graph)};
        priorities = findPriorities(graph, before, clusters, AnalysisPolicy::defaults());
    }
    /// Lends every cluster, however small.
    EarlierCentrality lent() const { return {graph, clusters, priorities, 1}; }
};

/// findPriorities of the builder's data now, with everything in one cluster, lent `earlier`.
Priorities prioritiesNow(const GraphSnapshot &snapshot, const Graph &graph, const EarlierCentrality *earlier,
                         const AnalysisPolicy &policy = AnalysisPolicy::defaults())
{
    return findPriorities(graph, snapshot, {wholeGraph(graph)}, policy, earlier);
}

TEST(Centrality, AClusterWithTheSameMembersAndLinksTakesTheEarlierOnes)
{
    EarlierPath path;
    const EarlierCentrality lent = path.lent();

    // The same data again: copied.
    const Graph same = buildGraph(path.before, AnalysisPolicy::defaults());
    const Priorities again = prioritiesNow(path.before, same, &lent);
    EXPECT_EQ(again.centralityReused, 1U);
    EXPECT_EQ(again.centrality, path.priorities.centrality);

    // A new link between A and Z, the same members: M is no longer between them, nor a broker.
    path.b.record({path.a, path.z});
    const GraphSnapshot after = path.b.build();
    const Graph linked = buildGraph(after, AnalysisPolicy::defaults());
    const Priorities p = prioritiesNow(after, linked, &lent);
    EXPECT_EQ(p.centralityReused, 0U);
    EXPECT_EQ(p.centrality[0].betweenness[1], 0.0);
    EXPECT_TRUE(p.centrality[0].brokers.empty());
    EXPECT_EQ(p.centrality, prioritiesNow(after, linked, nullptr).centrality);

    // Another betweenness policy: computed again, even for the same data.
    AnalysisPolicy sampled;
    sampled.betweennessExactLimit = 2;
    sampled.betweennessSamples = 2;
    const Priorities other = prioritiesNow(path.before, same, &lent, sampled);
    EXPECT_EQ(other.centralityReused, 0U);
    EXPECT_TRUE(other.centrality[0].sampled);
}

TEST(Centrality, AClusterThatLostOrGainedAMemberIsComputedAgain)
{
    EarlierPath path;
    const EarlierCentrality lent = path.lent();

    path.b.record({path.z, path.b.child("Y")});
    const GraphSnapshot after = path.b.build();
    const Graph grown = buildGraph(after, AnalysisPolicy::defaults());
    const Priorities p = prioritiesNow(after, grown, &lent);
    EXPECT_EQ(p.centralityReused, 0U);
    EXPECT_GT(p.centrality[0].betweenness[2], 0.0); // Z now lies between Y and the rest
}

TEST(Priorities, ASuspectsRankIsOutOfTheEntriesRankedWhenOnePersonStandsAsSeveral)
{
    // Liam Price named in three reports without a date of birth: three entries, one person.
    SnapshotBuilder b;
    const auto amy = b.child("Amy Jones");
    const auto bea = b.child("Bea Smith");
    const auto cat = b.child("Cat Brown");
    const auto taz = b.suspect("Taz Khan");
    const auto liam1 = b.suspect("Liam Price");
    const auto liam2 = b.suspect("Liam Price");
    const auto liam3 = b.suspect("Liam Price");
    b.record({amy, taz, liam1});
    b.record({bea, taz, liam2});
    b.record({cat, taz, liam3});
    b.record({amy, bea, cat});
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    Cluster c = wholeGraph(g);
    c.suspects = 2; // as the clusters' assessment counts them: Taz, and Liam once
    const Priorities p = findPriorities(g, s, {c}, AnalysisPolicy::defaults());
    ASSERT_EQ(p.suspects.size(), 4u);
    for (const SuspectPriority &row : p.suspects) {
        EXPECT_EQ(row.roleGroupSize, 4) << row.label;
        EXPECT_GE(row.roleRank, 1) << row.label;
        EXPECT_LE(row.roleRank, row.roleGroupSize) << row.label;
        EXPECT_NE(row.reasons[2].find(" of 4 suspect entries (taken as 2 people) (exact)"), std::string::npos)
            << row.reasons[2];
    }
}

TEST(Priorities, EveryRankInTheAnalysisIsWithinItsGroup)
{
    // The same case through the whole pipeline: the clusters' assessment counts Liam once.
    SnapshotBuilder b;
    const auto amy = b.child("Amy Jones");
    const auto bea = b.child("Bea Smith");
    const auto cat = b.child("Cat Brown");
    const auto taz = b.suspect("Taz Khan");
    b.record({amy, bea, taz, b.suspect("Liam Price")});
    b.record({bea, cat, taz, b.suspect("Liam Price")});
    b.record({cat, amy, taz, b.suspect("Liam Price")});
    const AnalysisResult result = analyse(b.build(), AnalysisPolicy::defaults());
    int morePeopleThanEntries = 0;
    int clustered = 0;
    for (const SuspectPriority &row : result.priorities.suspects) {
        const auto cluster = std::find_if(result.clusters.begin(), result.clusters.end(),
                                          [&row](const Cluster &c) { return c.id == row.cluster; });
        if (cluster == result.clusters.end()) {
            continue;
        }
        ++clustered;
        morePeopleThanEntries += row.roleGroupSize > cluster->suspects ? 1 : 0;
        EXPECT_GE(row.roleRank, 1) << row.label;
        EXPECT_LE(row.roleRank, row.roleGroupSize) << row.label << ": " << row.reasons[2];
    }
    EXPECT_GT(clustered, 0);
    EXPECT_GT(morePeopleThanEntries, 0) << "a cluster holds Liam Price as more than one entry";
}
