#include "harbour/analysis/clusters.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

std::vector<EntityId> ids(const Cluster &c)
{
    std::vector<EntityId> out;
    for (const ClusterMember &m : c.members) {
        out.push_back(m.id);
    }
    return out;
}

const Cluster *clusterWith(const std::vector<Cluster> &clusters, EntityId id)
{
    for (const Cluster &c : clusters) {
        for (const ClusterMember &m : c.members) {
            if (m.id == id) {
                return &c;
            }
        }
    }
    return nullptr;
}

} // namespace

TEST(Leiden, KarateClubModularityAtLeast041)
{
    auto karate = famousGraph("Zachary");
    ASSERT_TRUE(karate.ok());
    EXPECT_EQ(karate->vertexCount, 34);
    EXPECT_EQ(karate->edges.size(), 78u);
    const Partition p = leiden(*karate, AnalysisPolicy::defaults());
    EXPECT_GE(p.modularity, 0.41);
    EXPECT_NEAR(modularity(*karate, p.membership), p.modularity, 1e-12);
    EXPECT_GE(p.communities, 3);
}

TEST(Leiden, SameSeedSamePartition)
{
    auto karate = famousGraph("Zachary");
    ASSERT_TRUE(karate.ok());
    EXPECT_EQ(leiden(*karate, AnalysisPolicy::defaults()).membership,
              leiden(*karate, AnalysisPolicy::defaults()).membership);
}

TEST(Leiden, UnknownFamousGraphIsNotFound)
{
    auto none = famousGraph("Nonesuch");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
    EXPECT_EQ(none.error().message, "igraph knows no graph called 'Nonesuch'");
}

TEST(Leiden, ModularityOfTwoSeparateTrianglesIsOneHalf)
{
    WeightedEdges g;
    g.vertexCount = 6;
    g.edges = {{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}, {3, 5}};
    g.weights.assign(6, 1.0);
    EXPECT_NEAR(modularity(g, {0, 0, 0, 1, 1, 1}), 0.5, 1e-12);
    EXPECT_NEAR(modularity(g, {0, 0, 0, 0, 0, 0}), 0.0, 1e-12);
    const Partition p = leiden(g, AnalysisPolicy::defaults());
    EXPECT_EQ(p.communities, 2);
    EXPECT_NEAR(p.modularity, 0.5, 1e-12);
}

TEST(Clusters, TwoTrianglesJoinedByHubPlaceAreTwoClusters)
{
    SnapshotBuilder b;
    const auto a1 = b.child("A1");
    const auto a2 = b.child("A2");
    const auto sa = b.suspect("SA");
    const auto b1 = b.child("B1");
    const auto b2 = b.child("B2");
    const auto sb = b.suspect("SB");
    const auto station = b.entity(EntityType::Place, "Bus station");
    for (int i = 0; i < 2; ++i) {
        b.record({a1, a2, sa});
        b.record({b1, b2, sb});
    }
    // The station is named with everyone, once each, and with many passers-by.
    for (auto person : {a1, a2, sa, b1, b2, sb}) {
        b.record({station, person});
    }
    for (int i = 0; i < 10; ++i) {
        b.record({station, b.entity(EntityType::Person, "passer-by " + std::to_string(i))});
    }
    const GraphSnapshot s = b.build();
    const Graph g = buildGraph(s, AnalysisPolicy::defaults());
    const auto clusters = findClusters(g, AnalysisPolicy::defaults());

    const Cluster *ca = clusterWith(clusters, a1);
    const Cluster *cb = clusterWith(clusters, b1);
    ASSERT_NE(ca, nullptr);
    ASSERT_NE(cb, nullptr);
    EXPECT_NE(ca, cb);
    for (auto id : {a2, sa}) {
        EXPECT_EQ(clusterWith(clusters, id), ca);
    }
    for (auto id : {b2, sb}) {
        EXPECT_EQ(clusterWith(clusters, id), cb);
    }
    EXPECT_EQ(ca->children, 2);
    EXPECT_EQ(ca->suspects, 1);
}

TEST(Clusters, OrganisedByTwoChildrenAndTwoSuspects)
{
    SnapshotBuilder b;
    const auto c1 = b.child("Amy");
    const auto c2 = b.child("Bea");
    const auto s1 = b.suspect("Taz");
    const auto s2 = b.suspect("Kez");
    b.record({c1, c2, s1, s2});
    b.screened(c1, RiskLevel::Significant);
    b.screened(c2, RiskLevel::Medium);
    const Graph g = buildGraph(b.build(), AnalysisPolicy::defaults());
    const auto clusters = findClusters(g, AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    const Cluster &c = clusters[0];
    EXPECT_EQ(c.id, "C1");
    EXPECT_TRUE(c.organised);
    EXPECT_EQ(c.organisedChildren, (std::vector<EntityId>{c1, c2}));
    EXPECT_EQ(c.organisedSuspects, (std::vector<EntityId>{s1, s2}));
    EXPECT_TRUE(c.organisedHubs.empty());
    EXPECT_NEAR(c.score, 1.0 + 0.6, 1e-12);
    EXPECT_EQ(c.reasons, (std::vector<std::string>{
                             "1 child at significant risk",
                             "1 child at medium risk",
                             "organised: 2 children and 2 suspects (Taz, Kez) (rule: at least 2 and 2)",
                             "1 record in the last 30 days, 1 in all",
                         }));
    EXPECT_EQ(c.members[0].role, "child");
    EXPECT_EQ(c.members[2].role, "suspect");
}

TEST(Clusters, TwoChildrenOneSuspectIsNotOrganised)
{
    SnapshotBuilder b;
    const auto c1 = b.child("Amy");
    const auto c2 = b.child("Bea");
    const auto s1 = b.suspect("Taz");
    b.record({c1, c2, s1});
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_FALSE(clusters[0].organised);
    EXPECT_EQ(clusters[0].reasons[0], "2 children never screened");
}

TEST(Clusters, OrganisedByThreeChildrenLinkedToOnePremises)
{
    SnapshotBuilder b;
    const auto shop = b.entity(EntityType::Premises, "Kingz Pizza");
    std::vector<EntityId> children;
    for (const char *name : {"Amy", "Bea", "Cat"}) {
        children.push_back(b.child(name));
        b.record({shop, children.back()});
        b.record({shop, children.back()});
    }
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    const Cluster &c = clusters[0];
    EXPECT_TRUE(c.organised);
    EXPECT_EQ(c.organisedHubs, (std::vector<EntityId>{shop}));
    EXPECT_EQ(c.organisedChildren, children);
    EXPECT_TRUE(c.organisedSuspects.empty());
    EXPECT_NE(std::find(c.reasons.begin(), c.reasons.end(),
                        "organised: 3 children linked to premises Kingz Pizza (rule: at least 3)"),
              c.reasons.end());
}

TEST(Clusters, ThreeChildrenAtAPlaceAreNotAHub)
{
    SnapshotBuilder b;
    const auto park = b.entity(EntityType::Place, "Park");
    for (const char *name : {"Amy", "Bea", "Cat"}) {
        b.record({park, b.child(name)});
    }
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_FALSE(clusters[0].organised);
}

TEST(Clusters, SuspectedFalseLinksDoNotCluster)
{
    SnapshotBuilder b;
    const auto c1 = b.child("Amy");
    const auto c2 = b.child("Bea");
    const auto s1 = b.suspect("Taz");
    const auto s2 = b.suspect("Kez");
    b.record({c1, c2, s1, s2}, day(2026, 3, 30), grade('1', 'E'));
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    EXPECT_TRUE(clusters.empty());
}

TEST(Clusters, SharedVehicleIsAReasonAndIdsFollowScore)
{
    SnapshotBuilder b;
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto s1 = b.suspect("Taz");
    const auto s2 = b.suspect("Kez");
    const auto amy = b.child("Amy");
    b.record({car, s1, amy});
    b.record({car, s2, amy});
    b.screened(amy, RiskLevel::Low);
    const auto other1 = b.child("Dee");
    const auto other2 = b.child("Eve");
    const auto shop = b.entity(EntityType::Premises, "Chippy");
    b.record({other1, other2, shop});
    b.screened(other1, RiskLevel::Significant);
    b.screened(other2, RiskLevel::Significant);
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 2u);
    EXPECT_EQ(clusters[0].id, "C1");
    EXPECT_EQ(ids(clusters[0]), (std::vector<EntityId>{other1, other2, shop}));
    EXPECT_EQ(clusters[1].id, "C2");
    EXPECT_NE(std::find(clusters[1].reasons.begin(), clusters[1].reasons.end(), "2 suspects share vehicle AB12CDE"),
              clusters[1].reasons.end());
}

TEST(Clusters, OneChildNamedInManyReportsWithoutADateOfBirthIsOneChild)
{
    // Import never merges namesakes without a date of birth, so a single-victim case arrives
    // as several child entries; the organised rule must count people, not entries.
    SnapshotBuilder b;
    const auto c1 = b.child("Noah Reynolds");
    const auto c2 = b.child("Noah Reynolds");
    const auto c3 = b.child("Noah");
    const auto c4 = b.child("Noha Reynolds");
    const auto s1 = b.suspect("Kyle Moss");
    for (auto child : {c1, c2, c3, c4}) {
        b.record({child, s1});
        b.record({child, s1});
    }
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].children, 1);
    EXPECT_EQ(clusters[0].suspects, 1);
    EXPECT_FALSE(clusters[0].organised) << "one child linked to one suspect is not organised abuse";
    EXPECT_NE(std::find(clusters[0].reasons.begin(), clusters[0].reasons.end(),
                        "4 child entries are probably 1 child (the same or nearly the same name, no conflicting "
                        "date of birth)"),
              clusters[0].reasons.end());
}

TEST(Clusters, NamesakesWithConflictingDatesOfBirthOrInOneRecordAreTwoPeople)
{
    SnapshotBuilder b;
    const auto c1 = b.entity(EntityType::Person, "Amy Jones", {{"dob", "2010-01-01"}});
    const auto c2 = b.entity(EntityType::Person, "Amy Jones", {{"dob", "2011-05-05"}});
    const auto s1 = b.suspect("Lee Hart");
    const auto s2 = b.suspect("Lee Hart");
    auto snapshotRoles = [&](GraphSnapshot s) {
        for (auto &e : s.entities) {
            if (e.id == c1 || e.id == c2) {
                e.roles.insert(SubjectRole::Victim);
            }
        }
        return s;
    };
    b.record({c1, s1, s2}); // two suspects named together are two people
    b.record({c2, s1});
    b.record({c2, s2});
    const auto clusters =
        findClusters(buildGraph(snapshotRoles(b.build()), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].children, 2);
    EXPECT_EQ(clusters[0].suspects, 2);
    EXPECT_TRUE(clusters[0].organised);
}

TEST(Clusters, NamelessSuspectsSharingANicknameAreOneSuspect)
{
    SnapshotBuilder b;
    const auto child = b.child("Amy Jones");
    const auto other = b.child("Bea Cole");
    const auto taz = b.entity(EntityType::Alias, "Taz");
    const auto u1 = b.suspect("Unknown (\"Taz\")");
    const auto u2 = b.suspect("Unknown (\"Taz\")");
    const auto r1 = b.record({child, other, u1, taz});
    b.relate(r1, u1, taz, "alias_of");
    const auto r2 = b.record({child, other, u2, taz});
    b.relate(r2, u2, taz, "alias_of");
    const auto clusters = findClusters(buildGraph(b.build(), AnalysisPolicy::defaults()), AnalysisPolicy::defaults());
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].children, 2);
    EXPECT_EQ(clusters[0].suspects, 1);
    EXPECT_FALSE(clusters[0].organised) << "two girls and one man called Taz: not two suspects";
}

TEST(Clusters, CasesMeetingOnlyAtABusyPlaceAreSplitThere)
{
    // Three small, unrelated cases each seen once at a leisure centre that a dozen other
    // reports also name: whatever Leiden makes of it, no cluster may hold two of the cases.
    SnapshotBuilder b;
    const auto centre = b.entity(EntityType::Place, "Leisure centre");
    std::vector<std::pair<EntityId, EntityId>> cases;
    for (int i = 0; i < 3; ++i) {
        const auto child = b.child("Child " + std::string(1, static_cast<char>('A' + i)) + " Smith");
        const auto suspect = b.suspect("Suspect " + std::string(1, static_cast<char>('A' + i)) + " Brown");
        const auto flat = b.entity(EntityType::Place, "Flat " + std::to_string(i));
        b.record({child, suspect, flat});
        b.record({child, suspect});
        b.record({child, centre});
        cases.emplace_back(child, suspect);
    }
    for (int i = 0; i < 12; ++i) {
        b.record({centre, b.entity(EntityType::Person, "visitor " + std::to_string(i))});
    }
    AnalysisPolicy policy = AnalysisPolicy::defaults();
    policy.leidenResolution = 0.05; // a resolution low enough that Leiden alone glues the cases
    const auto clusters = findClusters(buildGraph(b.build(), policy), policy);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Cluster *home = clusterWith(clusters, cases[i].first);
        ASSERT_NE(home, nullptr);
        EXPECT_EQ(clusterWith(clusters, cases[i].second), home);
        for (std::size_t j = i + 1; j < cases.size(); ++j) {
            EXPECT_NE(clusterWith(clusters, cases[j].first), home) << "cases " << i << " and " << j;
        }
    }
    policy.hub.splitRecords = 0;
    policy.network.enabled = false; // nor from the data (public hubs: NetworkGroups)
    const auto glued = findClusters(buildGraph(b.build(), policy), policy);
    EXPECT_EQ(clusterWith(glued, cases[0].first), clusterWith(glued, cases[1].first))
        << "without splitting, this resolution should glue the cases (else the test proves nothing)";
}

TEST(Clusters, FlagAndReasonsNamePeopleAndThingsOnce)
{
    // One suspect named in three reports without a date of birth stands as three entries, and two
    // premises entries read the same: the flag lists the suspect once and no reason repeats.
    SnapshotBuilder b;
    const auto amy = b.child("Amy Jones");
    const auto bea = b.child("Bea Cole");
    const auto cara = b.child("Cara Dunn");
    const auto liam1 = b.suspect("Liam Price");
    const auto liam2 = b.suspect("Liam Price");
    const auto liam3 = b.suspect("Liam Price");
    const auto lee = b.suspect("Lee Hart");
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto lodge1 = b.entity(EntityType::Premises, "Elms Lodge");
    const auto lodge2 = b.entity(EntityType::Premises, "Elms Lodge");
    b.record({liam1, amy, bea, car});
    b.record({liam2, bea, cara, car});
    b.record({liam3, cara, amy, car});
    b.record({lee, amy, bea, cara, car});
    b.record({lodge1, lodge2, amy, bea, cara, car});
    // A resolution low enough that the whole case is one community: this test is about its flag.
    AnalysisPolicy policy = AnalysisPolicy::defaults();
    policy.leidenResolution = 0.05;
    const auto clusters = findClusters(buildGraph(b.build(), policy), policy);
    const Cluster *c = clusterWith(clusters, amy);
    ASSERT_NE(c, nullptr);
    ASSERT_EQ(clusterWith(clusters, lodge2), c);
    EXPECT_TRUE(c->organised);
    EXPECT_EQ(c->children, 3);
    EXPECT_EQ(c->suspects, 2);
    EXPECT_EQ(c->organisedSuspects, (std::vector<EntityId>{liam1, lee}));
    EXPECT_EQ(c->organisedChildren, (std::vector<EntityId>{amy, bea, cara}));
    std::vector<std::string> reasons = c->reasons;
    std::sort(reasons.begin(), reasons.end());
    EXPECT_EQ(std::adjacent_find(reasons.begin(), reasons.end()), reasons.end()) << "a reason is repeated";
    EXPECT_EQ(std::count_if(c->reasons.begin(), c->reasons.end(),
                            [](const std::string &r) { return r.find("premises Elms Lodge") != std::string::npos; }),
              1);
    EXPECT_NE(std::find(c->reasons.begin(), c->reasons.end(), "2 suspects share vehicle AB12CDE"), c->reasons.end())
        << "Liam's three entries are one of the two suspects sharing the car";
}
