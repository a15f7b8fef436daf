#include "harbour/analysis/accuracy.h"

#include "analysis/snapshot_builder.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

TEST(GroundTruth, ParsesNetworks)
{
    auto truth = groundTruthFromJson(nlohmann::json::parse(
        R"({"networks":[{"id":"N1","kind":"organised","records":["IR-1","IR-2"],"extra":1}]})"));
    ASSERT_TRUE(truth.ok());
    ASSERT_EQ(truth->networks.size(), 1u);
    EXPECT_EQ(truth->networks[0].id, "N1");
    EXPECT_EQ(truth->networks[0].kind, "organised");
    EXPECT_EQ(truth->networks[0].records, (std::vector<std::string>{"IR-1", "IR-2"}));
}

TEST(GroundTruth, RejectsMistypedFieldsNamingThem)
{
    auto noNetworks = groundTruthFromJson(nlohmann::json::parse(R"({"nets":[]})"));
    ASSERT_FALSE(noNetworks.ok());
    EXPECT_EQ(noNetworks.error().code, ErrorCode::Validation);
    EXPECT_EQ(noNetworks.error().field, "networks");

    auto badRecord = groundTruthFromJson(
        nlohmann::json::parse(R"({"networks":[{"id":"N1","kind":"organised","records":["IR-1",7]}]})"));
    ASSERT_FALSE(badRecord.ok());
    EXPECT_EQ(badRecord.error().field, "networks[0].records[1]");
    EXPECT_EQ(badRecord.error().message, "must be a string");

    auto noKind = groundTruthFromJson(nlohmann::json::parse(R"({"networks":[{"id":"N1","records":[]}]})"));
    ASSERT_FALSE(noKind.ok());
    EXPECT_EQ(noKind.error().field, "networks[0].kind");
}

TEST(Accuracy, RecoveredByJaccardAndUnmatchedFlagsCounted)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto taz = b.suspect("Taz");
    const auto kez = b.suspect("Kez");
    const auto station = b.entity(EntityType::Place, "Bus station");
    b.record({amy, bea, taz, kez, station}); // IR-1: the network, naming the busy station once
    b.record({amy, taz});                    // IR-2
    for (int i = 0; i < 3; ++i) {
        b.record({station}); // the station's other business
    }
    const auto dee = b.child("Dee");
    const auto eve = b.child("Eve");
    const auto max = b.suspect("Max");
    b.record({dee, eve, max}); // IR-6: planted as single, not organised
    const GraphSnapshot s = b.build();

    GroundTruth truth;
    truth.networks.push_back({"N1", "organised", {"IR-1", "IR-2"}});
    truth.networks.push_back({"N2", "organised", {"IR-404"}});
    truth.networks.push_back({"N3", "single", {"IR-6"}});

    auto cluster = [&](std::string id, std::vector<EntityId> members) {
        Cluster c;
        c.id = std::move(id);
        c.organised = true;
        for (EntityId e : members) {
            c.members.push_back({e, EntityType::Person, "", "", 0});
        }
        return c;
    };
    const std::vector<Cluster> clusters = {
        cluster("C1", {amy, bea, taz}),    // 3 of N1's 4 members (the station is not N1's): Jaccard 0.75
        cluster("C2", {dee, eve, max}),    // matches N3
        cluster("C3", {station}),          // matches nothing
    };
    const Accuracy a = accuracyOf(clusters, s, truth);
    EXPECT_EQ(a.organisedNetworks, 2);
    EXPECT_EQ(a.recovered, 1);
    EXPECT_DOUBLE_EQ(a.recall, 0.5);
    ASSERT_EQ(a.networks.size(), 3u);
    EXPECT_EQ(a.networks[0].members, 4);
    EXPECT_EQ(a.networks[0].bestCluster, "C1");
    EXPECT_DOUBLE_EQ(a.networks[0].jaccard, 0.75);
    EXPECT_TRUE(a.networks[0].recovered);
    EXPECT_EQ(a.networks[1].bestCluster, "");
    EXPECT_FALSE(a.networks[1].recovered);
    EXPECT_EQ(a.flaggedClusters, 3);
    EXPECT_EQ(a.unmatchedFlagged, 1);
    EXPECT_DOUBLE_EQ(a.falseFlagShare, 1.0 / 3.0);
}
