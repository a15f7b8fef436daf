// Acceptance tests of the analyses on hand-written scenarios (tests/scenarios/NN_*/): each folder holds
// reports, screenings and missing episodes in the import formats, an expected.json of its networks,
// flags and hotspots, and a README giving the reason for each expectation. Every scenario is imported
// with the built `harbour` and analysed with `analyse --json`, as a user would.
//
// A change that breaks one of these must say why in its commit.
//
// Expectations that need identities folded into the snapshot (two spellings of one child, one suspect
// named without a date of birth in several records) sit under "needs_identity_fold" and are checked by
// the AfterIdentityFold test (two scenarios still skipped there: see the test).

#include "cli/e2e_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace harbour::testing::e2e {
namespace {

using nlohmann::json;

const fs::path kScenarios = HARBOUR_SOURCE_DIR "/tests/scenarios";

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::vector<std::string> scenarioNames()
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(kScenarios)) {
        if (entry.is_directory() && fs::exists(entry.path() / "expected.json")) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

/// One scenario imported and analysed.
struct Analysed {
    json expected;
    json analysis;

    /// Indexes of the clusters holding a member labelled `label` (a child's entries when `childOnly`).
    std::set<std::size_t> clustersWith(const std::string &label, bool childOnly) const
    {
        std::set<std::size_t> found;
        const auto &clusters = analysis.at("clusters");
        for (std::size_t i = 0; i < clusters.size(); ++i) {
            for (const auto &m : clusters[i].at("members")) {
                const bool child = m.at("role").get<std::string>().find("child") != std::string::npos;
                if (lower(m.at("label").get<std::string>()) == lower(label) && (child || !childOnly)) {
                    found.insert(i);
                }
            }
        }
        return found;
    }
    const json &cluster(std::size_t i) const { return analysis.at("clusters").at(i); }
};

Analysed analyse(const std::string &name)
{
    const fs::path folder = kScenarios / name;
    TempDir scratch;
    const std::string db = (scratch / "scenario.db").string();
    const CliRun imported = runHarbour(scratch, {"import", "--db", db, (folder / "reports.jsonl").string(),
                                                 (folder / "screenings.jsonl").string(),
                                                 (folder / "missing.jsonl").string()});
    EXPECT_EQ(imported.exit, 0) << imported.err;
    Analysed out;
    out.expected = json::parse(readText(folder / "expected.json"));
    const CliRun run = runHarbour(scratch, {"analyse", "--db", db, "--as-of", out.expected.at("as_of").get<std::string>(),
                                            "--json"});
    EXPECT_EQ(run.exit, 0) << run.err;
    out.analysis = run.json();
    return out;
}

std::vector<std::string> strings(const json &object, const char *key)
{
    return object.contains(key) ? object.at(key).get<std::vector<std::string>>() : std::vector<std::string>{};
}

/// The one flagged cluster holding every entry of every child named; fails the test otherwise.
std::optional<std::size_t> networkCluster(const Analysed &a, const std::vector<std::string> &children,
                                          const std::string &network)
{
    std::set<std::size_t> clusters;
    for (const std::string &child : children) {
        const auto with = a.clustersWith(child, true);
        EXPECT_FALSE(with.empty()) << network << ": child " << child << " is in no cluster";
        clusters.insert(with.begin(), with.end());
    }
    EXPECT_EQ(clusters.size(), 1U) << network << ": its children are split over " << clusters.size() << " clusters";
    if (clusters.size() != 1) {
        return std::nullopt;
    }
    const std::size_t c = *clusters.begin();
    EXPECT_TRUE(a.cluster(c).at("organised").get<bool>()) << network << ": " << a.cluster(c).at("id") << " is not flagged";
    return c;
}

bool reasonsName(const json &cluster, const std::string &name)
{
    for (const auto &reason : cluster.at("reasons")) {
        const std::string text = lower(reason.get<std::string>());
        if (text.rfind("organised", 0) == 0 && text.find(lower(name)) != std::string::npos) {
            return true;
        }
    }
    return false;
}

class Scenario : public ::testing::TestWithParam<std::string> {};

TEST_P(Scenario, NetworksFlagsAndHotspotsAreAsExpected)
{
    const Analysed a = analyse(GetParam());
    std::vector<std::optional<std::size_t>> found;
    const auto unrelated = strings(a.expected, "unrelated_children");
    for (const auto &network : a.expected.at("networks")) {
        const std::string name = network.at("name");
        const auto children = strings(network, "children");
        if (children.empty()) {
            found.emplace_back();
            continue;
        }
        const auto c = networkCluster(a, children, name);
        found.push_back(c);
        if (!c) {
            continue;
        }
        for (const std::string &entity : strings(network, "entities")) {
            EXPECT_TRUE(a.clustersWith(entity, false).count(*c)) << name << ": " << entity << " is not in its network";
        }
        for (const std::string &flag : strings(network, "flag_names")) {
            EXPECT_TRUE(reasonsName(a.cluster(*c), flag))
                << name << ": no flag reason names " << flag << ": " << a.cluster(*c).at("reasons").dump();
        }
        for (const std::string &child : unrelated) {
            EXPECT_FALSE(a.clustersWith(child, true).count(*c)) << name << ": unrelated " << child << " is in it";
        }
    }
    for (const auto &pair : a.expected.value("apart", json::array())) {
        std::vector<std::optional<std::size_t>> sides;
        for (const auto &side : pair) {
            const auto &networks = a.expected.at("networks");
            const auto at = std::find_if(networks.begin(), networks.end(), [&](const json &n) { return n.at("name") == side; });
            sides.push_back(found.at(static_cast<std::size_t>(at - networks.begin())));
        }
        if (sides[0] && sides[1]) {
            EXPECT_NE(*sides[0], *sides[1]) << pair.dump() << " are one cluster";
        }
    }
    // Unrelated children are in no flagged cluster at all when the scenario says there is none.
    if (a.expected.value("no_flagged_clusters", false)) {
        for (const auto &cluster : a.analysis.at("clusters")) {
            EXPECT_FALSE(cluster.at("organised").get<bool>()) << cluster.dump();
        }
    }
    for (const std::string &entity : strings(a.expected, "not_flagged")) {
        for (const std::size_t c : a.clustersWith(entity, false)) {
            EXPECT_FALSE(a.cluster(c).at("organised").get<bool>()) << entity << " is in flagged " << a.cluster(c).at("id");
        }
    }
}

TEST_P(Scenario, HotspotRowsCountTheChildren)
{
    const Analysed a = analyse(GetParam());
    for (const auto &expected : a.expected.at("hotspots")) {
        const auto &rows = a.analysis.at("hotspots").at(expected.at("kind").get<std::string>());
        const auto row = std::find_if(rows.begin(), rows.end(),
                                      [&](const json &r) { return lower(r.at("label")) == lower(expected.at("label")); });
        const int children = expected.at("distinct_children");
        if (children == 0) {
            EXPECT_EQ(row, rows.end()) << expected.dump() << ": a row with no child";
            continue;
        }
        ASSERT_NE(row, rows.end()) << expected.dump();
        EXPECT_EQ(row->at("distinct_children").get<int>(), children) << row->dump();
        if (expected.contains("reasons_contain")) {
            EXPECT_NE(lower(row->at("reasons").dump()).find(expected.at("reasons_contain").get<std::string>()),
                      std::string::npos)
                << row->dump();
        }
    }
}

TEST_P(Scenario, EveryFlagReasonNamesTheEntityThatMetTheRule)
{
    const Analysed a = analyse(GetParam());
    for (const auto &cluster : a.analysis.at("clusters")) {
        if (!cluster.at("organised").get<bool>()) {
            continue;
        }
        std::set<std::string> ruleMeeters;
        const auto labelOf = [&](long long id) {
            for (const auto &m : cluster.at("members")) {
                if (m.at("id").get<long long>() == id) {
                    return m.at("label").get<std::string>();
                }
            }
            return std::string{};
        };
        for (const char *key : {"organised_hubs", "organised_suspects"}) {
            for (const auto &id : cluster.at(key)) {
                ruleMeeters.insert(lower(labelOf(id.get<long long>())));
            }
        }
        for (const auto &reason : cluster.at("reasons")) {
            const std::string text = lower(reason.get<std::string>());
            if (text.rfind("organised:", 0) != 0 || text.find(" more suspect") != std::string::npos) {
                continue;
            }
            const bool names = std::any_of(ruleMeeters.begin(), ruleMeeters.end(),
                                           [&](const std::string &label) { return text.find(label) != std::string::npos; });
            EXPECT_TRUE(names) << cluster.at("id") << ": \"" << text << "\" names none of the entities that met the rule";
        }
    }
}

// Switch on when identities are folded into the snapshot (the lead's identity fold): the expectations
// under "needs_identity_fold" hold only when one child or suspect named under two spellings, or without
// a date of birth in several records, is one node.
TEST_P(Scenario, AfterIdentityFold)
{
    // The match model does not yet join nickname-only suspects across records by the children
    // they share (issue 24, "Nicknames"): Kash in 07 and Taz / Tazz / Taaz in 09 wait for it.
    if (GetParam() == "07_online_to_offline" || GetParam() == "09_nickname_spelled_several_ways") {
        GTEST_SKIP() << "needs nickname-only suspects joined by a shared child";
    }
    const Analysed a = analyse(GetParam());
    for (const auto &network : a.expected.at("networks")) {
        if (!network.contains("needs_identity_fold")) {
            continue;
        }
        const json &fold = network.at("needs_identity_fold");
        auto children = strings(network, "children");
        // A list of spellings of one child: after the fold one node stands for them, under one of
        // the names; the spellings still present must be in the network, and one at least.
        for (const auto &child : fold.value("children", json::array())) {
            if (child.is_string()) {
                children.push_back(child.get<std::string>());
                continue;
            }
            std::size_t present = 0;
            for (const auto &spelling : child) {
                if (!a.clustersWith(spelling.get<std::string>(), true).empty()) {
                    children.push_back(spelling.get<std::string>());
                    ++present;
                }
            }
            EXPECT_GT(present, 0U) << network.at("name") << ": none of " << child.dump() << " is in a cluster";
        }
        const auto c = networkCluster(a, children, network.at("name"));
        if (!c) {
            continue;
        }
        for (const std::string &flag : strings(fold, "flag_names")) {
            EXPECT_TRUE(reasonsName(a.cluster(*c), flag)) << network.at("name") << ": no flag reason names " << flag;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Scenario, ::testing::ValuesIn(scenarioNames()),
                         [](const ::testing::TestParamInfo<std::string> &param) {
                             std::string name = "S" + param.param;
                             std::replace_if(name.begin(), name.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
                             return name;
                         });

} // namespace
} // namespace harbour::testing::e2e
