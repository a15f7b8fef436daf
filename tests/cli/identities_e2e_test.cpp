// `harbour identities`, `identity confirm|split`, and what `suggest` and `analyse` say of them,
// end to end through the binary.

#include "e2e_support.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace harbour::testing;
using namespace harbour::testing::e2e;
using nlohmann::json;

std::string report(int n, bool withPhone)
{
    json record{{"kind", "information_report"},
                {"id", "IR-ID-" + std::to_string(n)},
                {"reported_at", "2026-03-1" + std::to_string(n) + "T10:00:00Z"},
                {"reporter", {{"name", "J. Smith"}, {"post", "Nurse"}, {"agency", "Health"}, {"contact", "x"}}},
                {"source_type", "professional"},
                {"grading", {{"source", "2"}, {"intelligence", "B"}, {"handling", "P"}}},
                {"subjects", {{{"role", "victim"}, {"name", "Rosie Wood"}, {"gender", "female"}}}}};
    if (withPhone) {
        record["phones"] = {"07700 900123"};
    }
    return record.dump() + "\n";
}

class IdentitiesE2e : public ::testing::Test {
protected:
    void SetUp() override
    {
        // Rosie Wood three times, no date of birth: twice with one phone (joined with no analyst
        // action), once without (the same name alone: for the analyst to review).
        writeText(dir / "rosie.jsonl", report(1, true) + report(2, true) + report(3, false));
        const auto imported = run({"import", (dir / "rosie.jsonl").string()});
        ASSERT_EQ(imported.exit, 0) << imported.err;
    }

    CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin() + (args.front() == "identity" ? 2 : 1), {"--db", db.string()});
        return runHarbour(dir, args);
    }

    json identities()
    {
        const auto listed = run({"identities", "--json"});
        EXPECT_EQ(listed.exit, 0) << listed.err;
        return listed.json()["identities"];
    }

    /// The ids of the person entries named Rosie Wood, ascending.
    std::vector<long long> rosies()
    {
        std::vector<long long> ids;
        const json listed = run({"entities", "--json", "--type", "person"}).json();
        for (const auto &entity : listed["entities"]) {
            if (entity["label"] == "Rosie Wood") {
                ids.push_back(entity["id"].get<long long>());
            }
        }
        return ids;
    }

    /// The identity holding an entity.
    json identityOf(long long entity)
    {
        const json all = identities();
        for (const auto &identity : all) {
            for (const auto &id : identity["entities"]) {
                if (id.get<long long>() == entity) {
                    return identity;
                }
            }
        }
        return json();
    }

    TempDir dir;
    fs::path db = dir / "identities.db";
};

} // namespace

TEST_F(IdentitiesE2e, EveryEntityIsInExactlyOneIdentity)
{
    std::multiset<long long> listed;
    for (const auto &identity : identities()) {
        for (const char *key : {"id", "type", "label", "entities", "automatic", "confirmed", "probability", "reasons"}) {
            EXPECT_TRUE(identity.contains(key)) << key << " in " << identity.dump();
        }
        for (const auto &id : identity["entities"]) {
            listed.insert(id.get<long long>());
        }
    }
    std::multiset<long long> entities;
    const json all = run({"entities", "--json"}).json();
    for (const auto &entity : all["entities"]) {
        entities.insert(entity["id"].get<long long>());
    }
    EXPECT_EQ(listed, entities);
}

TEST_F(IdentitiesE2e, CertainPairsJoinAndTheRestGoToReviewNeverBoth)
{
    const auto ids = rosies();
    ASSERT_EQ(ids.size(), 3U);
    const auto joined = identityOf(ids[0]);
    EXPECT_EQ(joined["entities"], json::array({ids[0], ids[1]}));
    EXPECT_EQ(joined["automatic"], true);
    EXPECT_EQ(joined["confirmed"], false);
    EXPECT_GE(joined["probability"].get<double>(), 0.8);
    EXPECT_EQ(joined["type"], "person");
    EXPECT_EQ(identityOf(ids[2])["entities"], json::array({ids[2]}));

    const auto suggested = run({"suggest", "--json"});
    ASSERT_EQ(suggested.exit, 0) << suggested.err;
    const auto suggestions = suggested.json()["suggestions"];
    ASSERT_FALSE(suggestions.empty());
    for (const auto &s : suggestions) {
        const std::set<long long> pair{s["a"]["id"].get<long long>(), s["b"]["id"].get<long long>()};
        EXPECT_NE(pair, (std::set<long long>{ids[0], ids[1]})) << "a pair already in one identity is suggested";
    }
}

TEST_F(IdentitiesE2e, TheAnalystConfirmsAndSplitsWithAReasonAndIsAudited)
{
    const auto ids = rosies();
    ASSERT_EQ(ids.size(), 3U);
    const std::string pair = identityOf(ids[0])["id"];
    const std::string single = identityOf(ids[2])["id"];

    const auto confirmed = run({"identity", "confirm", pair, single, "--reason", "same school, same address"});
    ASSERT_EQ(confirmed.exit, 0) << confirmed.err;
    auto rosie = identityOf(ids[2]);
    EXPECT_EQ(rosie["entities"].size(), 3U);
    EXPECT_EQ(rosie["confirmed"], true);
    EXPECT_TRUE(run({"suggest", "--json"}).json()["suggestions"].empty());

    const auto split = run({"identity", "split", rosie["id"].get<std::string>(), "--reason", "two girls, one name"});
    ASSERT_EQ(split.exit, 0) << split.err;
    for (const auto id : ids) {
        EXPECT_EQ(identityOf(id)["entities"].size(), 1U) << id;
    }

    std::vector<std::string> actions;
    const json audit = run({"audit", "--json"}).json();
    for (const auto &entry : audit["entries"]) {
        actions.push_back(entry["action"]);
    }
    EXPECT_NE(std::find(actions.begin(), actions.end(), "identity_confirm"), actions.end());
    EXPECT_NE(std::find(actions.begin(), actions.end(), "identity_split"), actions.end());
    EXPECT_EQ(run({"audit", "verify"}).exit, 0);
}

TEST_F(IdentitiesE2e, AnUnknownIdentityOrABlankReasonIsRefused)
{
    for (const std::string id : {"I999999", "17", "Ix"}) {
        const auto refused = run({"identity", "confirm", id, "--reason", "because"});
        EXPECT_EQ(refused.exit, 2) << id;
        EXPECT_NE(refused.err.find("no identity '" + id + "'"), std::string::npos) << refused.err;
    }
    const auto ids = rosies();
    const std::string pair = identityOf(ids[0])["id"];
    const auto blank = run({"identity", "split", pair, "--reason", "   "});
    EXPECT_EQ(blank.exit, 2);
    EXPECT_EQ(identityOf(ids[0])["entities"].size(), 2U) << "a refused decision changes nothing";
}

TEST(IdentitiesSample, EveryClusterMemberNamesItsIdentity)
{
    TempDir dir;
    const auto db = importSample(dir);
    const auto analysed = runHarbour(dir, {"analyse", "--db", db.string(), "--json"});
    ASSERT_EQ(analysed.exit, 0) << analysed.err;
    const auto clusters = analysed.json()["clusters"];
    ASSERT_FALSE(clusters.empty());
    for (const auto &cluster : clusters) {
        for (const auto &member : cluster["members"]) {
            ASSERT_TRUE(member.contains("identity")) << member.dump();
            EXPECT_EQ(member["identity"].get<std::string>().rfind("I", 0), 0U);
        }
    }
}
