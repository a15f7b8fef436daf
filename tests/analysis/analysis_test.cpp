#include "harbour/analysis/analysis.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

GraphSnapshot smallNetwork()
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto taz = b.suspect("Taz");
    const auto kez = b.suspect("Kez");
    const auto shop = b.entity(EntityType::Premises, "Kingz Pizza", {{"postcode", "DY1 1AA"}});
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    b.record({amy, taz, shop});
    b.record({bea, kez, car});
    b.record({taz, kez, car});
    b.foundAt(amy, shop);
    b.screened(amy, RiskLevel::Significant, Trend::Up, 1);
    b.screened(bea, RiskLevel::Medium);
    return b.build();
}

/// smallNetwork and two entries that are probably one person, so that there is a suggestion.
GraphSnapshot networkWithNamesakes()
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    const auto shop = b.entity(EntityType::Premises, "Kingz Pizza", {{"postcode", "DY1 1AA"}});
    const auto jo1 = b.entity(EntityType::Person, "Jo Smith", {{"name", "Jo Smith"}, {"dob", "2010-04-01"}});
    const auto jo2 = b.entity(EntityType::Person, "Jo Smyth", {{"name", "Jo Smyth"}, {"dob", "2010-04-01"}});
    b.record({amy, taz, shop});
    b.record({jo1, taz});
    b.record({jo2, shop});
    b.screened(amy, RiskLevel::Significant, Trend::Up, 1);
    return b.build();
}

/// The analysis's JSON without its timings, which differ from run to run.
nlohmann::json withoutTimings(const AnalysisResult &result)
{
    nlohmann::json out = toJson(result);
    out.erase("timings_ms");
    return out;
}

} // namespace

TEST(Analyse, ProducesTheCliContract)
{
    const AnalysisResult result = analyse(smallNetwork(), AnalysisPolicy::defaults());
    const nlohmann::json j = toJson(result);

    ASSERT_TRUE(j["clusters"].is_array());
    ASSERT_FALSE(j["clusters"].empty());
    for (const auto &c : j["clusters"]) {
        for (const char *key : {"id", "organised", "score", "members", "reasons"}) {
            EXPECT_TRUE(c.contains(key)) << key;
        }
        EXPECT_TRUE(c["organised"].is_boolean());
        for (const auto &m : c["members"]) {
            for (const char *key : {"id", "type", "label"}) {
                EXPECT_TRUE(m.contains(key)) << key;
            }
        }
    }
    for (const char *table : {"premises", "vehicles", "places", "areas"}) {
        ASSERT_TRUE(j["hotspots"][table].is_array()) << table;
        for (const auto &row : j["hotspots"][table]) {
            for (const char *key : {"rank", "id", "label", "score", "distinct_children", "reasons"}) {
                EXPECT_TRUE(row.contains(key)) << table << "." << key;
            }
        }
    }
    EXPECT_EQ(j["hotspots"]["premises"][0]["label"], "Kingz Pizza");
    EXPECT_EQ(j["hotspots"]["premises"][0]["found_at"], 1);
    EXPECT_EQ(j["hotspots"]["areas"][0]["id"], "DY1");
    ASSERT_EQ(j["priorities"]["suspects"].size(), 2u);
    ASSERT_EQ(j["priorities"]["children"].size(), 2u);
    EXPECT_EQ(j["priorities"]["children"][0]["label"], "Amy");
    EXPECT_EQ(j["priorities"]["children"][0]["final_level"], "significant");
    EXPECT_EQ(j["priorities"]["children"][0]["trend"], "up");
    EXPECT_EQ(j["graph"]["vertices"], 6);
    EXPECT_TRUE(j["timings_ms"].contains("total"));
    EXPECT_GE(result.timings.totalMs, result.timings.clustersMs);
}

TEST(Analyse, EmptySnapshotGivesEmptyTables)
{
    const nlohmann::json j = toJson(analyse(GraphSnapshot{}, AnalysisPolicy::defaults()));
    EXPECT_TRUE(j["clusters"].empty());
    EXPECT_TRUE(j["hotspots"]["premises"].empty());
    EXPECT_TRUE(j["hotspots"]["areas"].empty());
    EXPECT_TRUE(j["priorities"]["suspects"].empty());
    EXPECT_TRUE(j["priorities"]["children"].empty());
}

TEST(Analyse, WrittenJsonIsTheDocumentAsDumpedWholeByteForByte)
{
    SnapshotBuilder odd;
    const auto amy = odd.child("Amy \xff broken UTF-8");
    const auto taz = odd.suspect("Taz");
    const auto shop = odd.entity(EntityType::Premises, "Kingz \"Pizza\"", {{"postcode", "DY1 1AA"}});
    odd.record({amy, taz, shop});
    odd.screened(amy, RiskLevel::Significant);
    const nlohmann::json extra = {{"window", {{"since", nullptr}, {"until", "2026-03-01"}}}, {"aaa", 1}};
    for (const GraphSnapshot &snapshot : {smallNetwork(), networkWithNamesakes(), GraphSnapshot{}, odd.build()}) {
        const AnalysisResult result = analyse(snapshot, AnalysisPolicy::defaults());
        nlohmann::json whole = toJson(result);
        whole.update(extra);
        std::ostringstream written;
        writeJson(written, result, extra);
        EXPECT_EQ(written.str(), whole.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    // The rows written one at a time are there to compare.
    const AnalysisResult small = analyse(smallNetwork(), AnalysisPolicy::defaults());
    EXPECT_FALSE(small.clusters.empty());
    EXPECT_FALSE(small.hotspots.premises.empty());
    EXPECT_FALSE(small.priorities.suspects.empty());
    EXPECT_FALSE(small.priorities.children.empty());
}

TEST(Analyse, SameInputSameOutput)
{
    const nlohmann::json a = withoutTimings(analyse(smallNetwork(), AnalysisPolicy::defaults()));
    const nlohmann::json b = withoutTimings(analyse(smallNetwork(), AnalysisPolicy::defaults()));
    EXPECT_EQ(a, b);
}

TEST(Analyse, GivesWhatItsStagesGiveOneAfterTheOther)
{
    // Forty separate networks and a shared taxi firm: many clusters for the betweenness to be
    // shared between two threads, and hotspots found while the clusters are.
    SnapshotBuilder b;
    const auto taxis = b.entity(EntityType::Premises, "Star Cars", {{"postcode", "DY1 1AA"}});
    for (int n = 0; n < 40; ++n) {
        const std::string tag = std::to_string(n);
        const auto child = b.child("Child " + tag);
        const auto friendOf = b.child("Friend " + tag);
        const auto suspect = b.suspect("Suspect " + tag);
        const auto runner = b.suspect("Runner " + tag);
        const auto flat = b.entity(EntityType::Place, "Flat " + tag);
        const auto car = b.entity(EntityType::Vehicle, "AB" + std::to_string(10 + n) + "CDE");
        b.record({child, suspect, flat});
        b.record({friendOf, runner, car});
        b.record({suspect, runner, flat});
        b.record({child, car, taxis});
        b.screened(child, n % 3 == 0 ? RiskLevel::Significant : RiskLevel::Medium, Trend::Up, n % 2);
    }
    const GraphSnapshot snapshot = b.build();
    const AnalysisPolicy &policy = AnalysisPolicy::defaults();

    AnalysisResult inTurn;
    inTurn.graph = buildGraph(snapshot, policy);
    inTurn.clusters = findClusters(inTurn.graph, policy);
    inTurn.hotspots = findHotspots(inTurn.graph, snapshot, policy);
    inTurn.priorities = findPriorities(inTurn.graph, snapshot, inTurn.clusters, policy);
    ASSERT_GT(inTurn.clusters.size(), 10U);
    ASSERT_FALSE(inTurn.hotspots.premises.empty());

    const nlohmann::json expected = withoutTimings(inTurn);
    const nlohmann::json got = withoutTimings(analyse(snapshot, policy));
    EXPECT_EQ(got, expected);
}

TEST(Analyse, AnEarlierAnalysisLendsUnchangedClustersAndChangesNothing)
{
    // Forty networks; then one network gains a link between two of its members, another a new
    // member, and a new network appears. The clusters left alone are copied, the rest computed,
    // and the result is the one computed without the earlier analysis.
    SnapshotBuilder b;
    std::vector<std::pair<EntityId, EntityId>> childAndRunner;
    for (int n = 0; n < 40; ++n) {
        const std::string tag = std::to_string(n);
        const auto child = b.child("Child " + tag);
        const auto friendOf = b.child("Friend " + tag);
        const auto suspect = b.suspect("Suspect " + tag);
        const auto runner = b.suspect("Runner " + tag);
        const auto flat = b.entity(EntityType::Place, "Flat " + tag);
        b.record({child, suspect, flat});
        b.record({friendOf, runner});
        b.record({suspect, runner});
        b.screened(child, n % 3 == 0 ? RiskLevel::Significant : RiskLevel::Medium, Trend::Up, n % 2);
        childAndRunner.emplace_back(child, runner);
    }
    const AnalysisPolicy &policy = AnalysisPolicy::defaults();
    const AnalysisResult earlier = analyse(b.build(), policy);
    ASSERT_GE(earlier.clusters.size(), 40U);

    b.record({childAndRunner[3].first, childAndRunner[3].second});
    b.record({childAndRunner[7].first, b.suspect("Newcomer")});
    const auto newChild = b.child("New child");
    b.record({newChild, b.suspect("New suspect")});
    const GraphSnapshot grown = b.build();

    const AnalysisResult lent = analyse(grown, policy, &earlier, 1); // every cluster, however small
    const AnalysisResult fresh = analyse(grown, policy);
    EXPECT_EQ(fresh.priorities.centralityReused, 0U);
    EXPECT_GE(lent.priorities.centralityReused, 30U);
    EXPECT_LT(lent.priorities.centralityReused, lent.clusters.size());
    const nlohmann::json got = withoutTimings(lent);
    const nlohmann::json expected = withoutTimings(fresh);
    EXPECT_EQ(got, expected);
    EXPECT_EQ(lent.priorities.centrality, fresh.priorities.centrality); // exactly, not rounded as in the JSON
}

TEST(Analyse, WithSuggestionsGivesWhatTheTwoCallsGive)
{
    const GraphSnapshot snapshot = networkWithNamesakes();
    const FullAnalysis full = analyseWithSuggestions(snapshot, AnalysisPolicy::defaults());
    const nlohmann::json together = withoutTimings(full.analysis);
    const nlohmann::json alone = withoutTimings(analyse(snapshot, AnalysisPolicy::defaults()));
    EXPECT_EQ(together, alone);

    const auto suggestions = suggestMerges(snapshot);
    ASSERT_FALSE(suggestions.empty());
    EXPECT_EQ(toJson(full.suggestions, snapshot), toJson(suggestions, snapshot));
    EXPECT_GE(full.wallMs, full.analysis.timings.totalMs);
    EXPECT_GE(full.wallMs, full.suggestionsMs);
}

TEST(Analyse, WithSuggestionsOfAnEmptySnapshot)
{
    const FullAnalysis full = analyseWithSuggestions(GraphSnapshot{}, AnalysisPolicy::defaults());
    EXPECT_TRUE(full.analysis.clusters.empty());
    EXPECT_TRUE(full.suggestions.empty());
}
