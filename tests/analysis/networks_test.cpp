// Flagged networks hold their whole network (docs/analyses.md, "Networks"). Each test also runs the
// same data with `network.enabled = false`, the clustering before networks were held together, and
// checks that it fails there: otherwise the test would prove nothing.

#include "harbour/analysis/clusters.h"
#include "harbour/analysis/hotspots.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

const Cluster *clusterWith(const std::vector<Cluster> &clusters, EntityId id)
{
    for (const Cluster &c : clusters) {
        if (std::any_of(c.members.begin(), c.members.end(), [&](const ClusterMember &m) { return m.id == id; })) {
            return &c;
        }
    }
    return nullptr;
}

/// All of `children` in one flagged cluster.
bool oneFlaggedNetwork(const std::vector<Cluster> &clusters, const std::vector<EntityId> &children)
{
    const Cluster *home = clusterWith(clusters, children.front());
    return home && home->organised &&
           std::all_of(children.begin(), children.end(), [&](EntityId c) { return clusterWith(clusters, c) == home; });
}

std::vector<Cluster> clustersOf(const SnapshotBuilder &b, bool networks, double resolution = 1.0)
{
    AnalysisPolicy policy = AnalysisPolicy::defaults();
    policy.network.enabled = networks;
    policy.leidenResolution = resolution;
    return findClusters(buildGraph(b.build(), policy), policy);
}

/// Five girls each meet the network at one takeaway; after that the links are sparse: a car, a
/// hotel, a phone, men known by nicknames (tests/scenarios/01).
struct TakeawayNetwork {
    SnapshotBuilder b;
    EntityId grill = b.entity(EntityType::Premises, "Kingz Grill");
    EntityId hotel = b.entity(EntityType::Premises, "Station Lodge Hotel");
    EntityId passat = b.entity(EntityType::Vehicle, "KX19ABC");
    EntityId insignia = b.entity(EntityType::Vehicle, "LM65TRE");
    EntityId phone = b.entity(EntityType::Phone, "07700900311");
    EntityId bash = b.suspect("Bash");
    EntityId shaz = b.suspect("Shaz");
    EntityId imran = b.suspect("Imran Qadir");
    std::vector<EntityId> girls{b.child("Chloe"), b.child("Demi"), b.child("Ellie"), b.child("Faye"), b.child("Gemma")};

    TakeawayNetwork()
    {
        b.record({girls[0], bash, grill});
        b.record({girls[1], grill, passat});
        b.record({girls[2], grill, phone});
        b.record({girls[3], grill, hotel});
        b.record({girls[4], grill, insignia});
        b.record({girls[0], imran, passat});
        b.record({girls[3], passat});
        b.record({girls[4], passat});
        b.record({girls[1], shaz, phone});
        b.record({bash, hotel, insignia});
    }
};

} // namespace

TEST(Networks, EveryChildOfAHubThatMeetsTheFlagRuleIsInItsFlaggedNetwork)
{
    const TakeawayNetwork net;
    const auto clusters = clustersOf(net.b, true);
    ASSERT_TRUE(oneFlaggedNetwork(clusters, net.girls));
    const Cluster *home = clusterWith(clusters, net.grill);
    ASSERT_EQ(home, clusterWith(clusters, net.girls.front()));
    EXPECT_NE(std::find(home->reasons.begin(), home->reasons.end(),
                        "organised: 5 children linked to premises Kingz Grill (rule: at least 3)"),
              home->reasons.end());
    EXPECT_FALSE(oneFlaggedNetwork(clustersOf(net.b, false), net.girls)) << "the old clustering split it";
}

TEST(Networks, APublicPlaceBringsNoUnrelatedChildIn)
{
    // Chloe of the network was once seen at a shopping centre, where Oscar (nothing else) and
    // Rosie (her own case with Kieran) were seen too.
    TakeawayNetwork net;
    const auto mall = net.b.entity(EntityType::Place, "Kingsway Shopping Centre");
    const auto oscar = net.b.child("Oscar");
    const auto rosie = net.b.child("Rosie");
    const auto kieran = net.b.suspect("Kieran");
    net.b.record({net.girls[0], mall});
    net.b.record({oscar, mall});
    net.b.record({rosie, kieran, mall});
    net.b.record({rosie, kieran});
    const auto clusters = clustersOf(net.b, true);
    ASSERT_TRUE(oneFlaggedNetwork(clusters, net.girls));
    const Cluster *home = clusterWith(clusters, net.girls.front());
    EXPECT_NE(clusterWith(clusters, oscar), home);
    EXPECT_NE(clusterWith(clusters, rosie), home);
}

TEST(Networks, UnrelatedCasesMeetingAtATakeawayAreNotFlaggedByIt)
{
    // Three single cases, each with its own man, seen at one McDonald's: the premises is linked to
    // three children, but they are related by nothing else.
    SnapshotBuilder b;
    const auto mcd = b.entity(EntityType::Premises, "McDonald's");
    std::vector<EntityId> children;
    for (const char *name : {"Daisy", "Ethan", "Bella"}) {
        const auto child = b.child(name);
        const auto man = b.suspect(std::string("man of ") + name);
        b.record({child, man, mcd});
        b.record({child, man});
        children.push_back(child);
    }
    // A resolution low enough that Leiden glues the cases (modularity's resolution limit, which
    // small cases meeting at one place run into at any resolution once the graph is large).
    constexpr double kGlue = 0.05;
    for (const Cluster &c : clustersOf(b, true, kGlue)) {
        EXPECT_FALSE(c.organised) << c.reasons.front();
    }
    const auto old = clustersOf(b, false, kGlue);
    EXPECT_TRUE(std::any_of(old.begin(), old.end(), [](const Cluster &c) { return c.organised; }))
        << "the old rule flagged the McDonald's";
    // The hotspot row says why.
    const auto hotspots = findHotspots(buildGraph(b.build(), AnalysisPolicy::defaults()), b.build(),
                                       AnalysisPolicy::defaults());
    ASSERT_EQ(hotspots.premises.size(), 1u);
    const auto &reasons = hotspots.premises.front().reasons;
    EXPECT_TRUE(std::any_of(reasons.begin(), reasons.end(), [](const std::string &r) {
        return r.find("3 unrelated groups") != std::string::npos;
    }));
}

TEST(Networks, AChainOfWellGradedRecentLinksIsOneNetwork)
{
    // A recruiter (Kayla) introduces friends; the links run as a chain: child, nickname, phone,
    // takeaway, taxi firm, flat (tests/scenarios/02).
    SnapshotBuilder b;
    const auto kayla = b.child("Kayla");
    const auto mia = b.child("Mia");
    const auto lily = b.child("Lily");
    const auto niamh = b.child("Niamh");
    const auto ricky = b.suspect("Ricky");
    const auto phone = b.entity(EntityType::Phone, "07700900452");
    const auto fry = b.entity(EntityType::Premises, "Golden Fry");
    const auto taxi = b.entity(EntityType::Premises, "A1 Cars");
    const auto flat = b.entity(EntityType::Place, "Flat 3");
    b.record({kayla, ricky});
    b.record({ricky, phone});
    b.record({mia, phone, fry});
    b.record({lily, fry, taxi});
    b.record({niamh, mia, taxi, flat});
    b.record({kayla, lily, niamh, flat});
    b.foundAt(kayla, flat);
    const std::vector<EntityId> all{kayla, mia, lily, niamh};
    EXPECT_TRUE(oneFlaggedNetwork(clustersOf(b, true), all));
    EXPECT_FALSE(oneFlaggedNetwork(clustersOf(b, false), all)) << "the old clustering split the chain";
}

// A guard rather than a change: suspected-false records weighed 0 before; the networks' rules (the
// hub rule's children, related groups, chains) must not bring them back.
TEST(Networks, SuspectedFalseInformationJoinsNoCases)
{
    // A malicious report (intelligence E, accuracy 5) names a neighbour and a child of each of two
    // separate cases; the network's hub would otherwise reach the other case's child.
    TakeawayNetwork net;
    const auto owen = net.b.child("Owen");
    const auto smudge = net.b.suspect("Smudge");
    net.b.record({owen, smudge});
    net.b.record({owen, smudge});
    const auto gary = net.b.suspect("Gary");
    net.b.record({gary, net.girls[0], owen, net.grill}, day(2026, 3, 30), grade('3', 'E'));
    const auto clusters = clustersOf(net.b, true);
    ASSERT_TRUE(oneFlaggedNetwork(clusters, net.girls));
    EXPECT_NE(clusterWith(clusters, owen), clusterWith(clusters, net.girls.front()));
    const Cluster *garys = clusterWith(clusters, gary);
    EXPECT_TRUE(garys == nullptr || !garys->organised);
}

TEST(Networks, TheCountsRuleNamesTheSuspectsThatMetIt)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto taz = b.suspect("Taz");
    const auto kez = b.suspect("Kez");
    b.record({amy, bea, taz, kez});
    const auto clusters = clustersOf(b, true);
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_NE(std::find(clusters[0].reasons.begin(), clusters[0].reasons.end(),
                        "organised: 2 children and 2 suspects (Taz, Kez) (rule: at least 2 and 2)"),
              clusters[0].reasons.end());
}
