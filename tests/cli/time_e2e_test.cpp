// `harbour timeline` and `harbour when`, end to end through the binary: on a small hand-made
// history (exact events, UK local hours, the peak in words) and on the bundled sample data.

#include "e2e_support.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace harbour::testing;
using namespace harbour::testing::e2e;
using nlohmann::json;

const std::string kReports =
    R"({"kind":"information_report","id":"IR-T-1","reported_at":"2026-07-06T09:00:00Z",)"
    R"("reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},"source_type":"professional",)"
    R"("grading":{"source":"2","intelligence":"B","handling":"P"},)"
    R"("subjects":[{"role":"victim","name":"Mia Hart","dob":"2012-02-02","gender":"female"},)"
    R"({"role":"perpetrator","name":"Dean Cole","gender":"male"}],)"
    R"("premises":[{"trading_name":"Kingz Pizza","type":"takeaway","address":"1 High Street, Harbridge DY1 1AA"}],)"
    R"("incidents":[{"at":"2026-07-03T21:30:00Z","description":"Seen in a car"},)"
    R"({"at":"2026-07-04T22:10:00Z","description":"Seen again"}],"narrative":"Mia seen with Dean."})"
    "\n"
    R"({"kind":"information_report","id":"IR-T-2","reported_at":"2026-01-09T22:05:00Z",)"
    R"("reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},"source_type":"professional",)"
    R"("grading":{"source":"2","intelligence":"B","handling":"P"},)"
    R"("subjects":[{"role":"victim","name":"Mia Hart","dob":"2012-02-02","gender":"female"}],"narrative":"Late."})"
    "\n";

const std::string kMissing =
    R"({"kind":"missing_episode","id":"MISS-T-1","child":{"name":"Mia Hart","dob":"2012-02-02"},)"
    R"("went_missing_at":"2026-07-10T20:45:00Z","returned_at":"2026-07-11T01:15:00Z",)"
    R"("found_at":{"name":"Canal bridge","address":"Canal Street, Harbridge DY1 2BB"},)"
    R"("return_interview":{"held_at":"2026-07-12","summary":"Spoke about older friends"}})"
    "\n"
    R"({"kind":"missing_episode","id":"MISS-T-2","child":{"name":"Mia Hart","dob":"2012-02-02"},)"
    R"("went_missing_at":"2026-07-17T21:05:00Z"})"
    "\n";

std::string screening(const std::string &id, const std::string &day, const std::string &significant)
{
    json record{{"kind", "screening"},
                {"id", id},
                {"screened_at", day},
                {"child", {{"name", "Mia Hart"}, {"dob", "2012-02-02"}, {"gender", "female"}}},
                {"referrer", {{"name", "L. Bailey"}, {"agency", "Housing"}}},
                {"reason", "Concerns"},
                {"significant", json::object()},
                {"risk_indicators", {"unsafe_internet", "lacks_safety_awareness", "whereabouts_unknown"}},
                {"vulnerabilities", json::array()}};
    if (!significant.empty()) {
        record["significant"][significant] = "current";
    }
    return record.dump() + "\n";
}

class TimeE2e : public ::testing::Test {
protected:
    void SetUp() override
    {
        writeText(dir / "reports.jsonl", kReports);
        writeText(dir / "missing.jsonl", kMissing);
        writeText(dir / "screenings.jsonl",
                  screening("SCR-T-1", "2026-07-01", "") + screening("SCR-T-2", "2026-07-14", "online_grooming"));
        for (const char *file : {"reports.jsonl", "missing.jsonl", "screenings.jsonl"}) {
            const auto imported = run({"import", (dir / file).string()});
            ASSERT_EQ(imported.exit, 0) << imported.err;
        }
    }

    CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin() + 1, {"--db", db.string()});
        return runHarbour(dir, args);
    }

    long long entityId(const std::string &type, const std::string &label)
    {
        const json listed = run({"entities", "--json"}).json();
        const auto found = entitiesLabelled(listed, type, label);
        EXPECT_EQ(found.size(), 1u) << type << " " << label;
        return found.empty() ? 0 : found.front()["id"].get<long long>();
    }

    json events(std::vector<std::string> args)
    {
        args.insert(args.begin(), "timeline");
        args.push_back("--json");
        const auto listed = run(args);
        EXPECT_EQ(listed.exit, 0) << listed.err;
        return listed.exit == 0 ? listed.json()["events"] : json::array();
    }

    TempDir dir;
    fs::path db = dir / "harbour.db";
};

/// The kinds of the events, in order.
std::vector<std::string> kinds(const json &events)
{
    std::vector<std::string> out;
    for (const auto &event : events) {
        out.push_back(event["kind"].get<std::string>());
    }
    return out;
}

TEST_F(TimeE2e, ChildTimelineHasEveryKindInOrder)
{
    const auto mia = entityId("person", "Mia Hart");
    const json list = events({"--child", std::to_string(mia)});
    json withoutActions = json::array();
    int actions = 0;
    for (const auto &event : list) {
        EXPECT_EQ(event.size(), 6u) << event.dump();
        EXPECT_EQ(event["entity"], mia);
        if (event["kind"] == "action") {
            ++actions;
            EXPECT_TRUE(event["id"].get<std::string>().starts_with("action-"));
        } else {
            withoutActions.push_back(event);
        }
    }
    EXPECT_GT(actions, 0); // each screening's actions, at their due dates or the screening's
    const json &rest = withoutActions;
    ASSERT_EQ(kinds(rest), (std::vector<std::string>{"report", "screening", "report", "missing", "return_interview",
                                                     "screening", "missing"}))
        << list.dump(1);
    EXPECT_EQ(rest[0]["id"], "IR-T-2");
    EXPECT_EQ(rest[0]["at"], "2026-01-09T22:05:00Z");
    EXPECT_TRUE(rest[0]["end"].is_null());
    EXPECT_EQ(rest[1]["label"], "medium (first screening)");
    EXPECT_EQ(rest[3]["id"], "MISS-T-1");
    EXPECT_EQ(rest[3]["at"], "2026-07-10T20:45:00Z");
    EXPECT_EQ(rest[3]["end"], "2026-07-11T01:15:00Z");
    EXPECT_EQ(rest[4]["id"], "MISS-T-1");
    EXPECT_EQ(rest[4]["at"], "2026-07-12T00:00:00Z");
    EXPECT_EQ(rest[5]["id"], "SCR-T-2");
    EXPECT_EQ(rest[5]["label"], "significant (was medium)");
    EXPECT_EQ(rest[6]["id"], "MISS-T-2");
    EXPECT_TRUE(rest[6]["end"].is_null()); // not returned
}

TEST_F(TimeE2e, SinceAndUntilAreInclusiveDays)
{
    const auto mia = entityId("person", "Mia Hart");
    const json list = events({"--child", std::to_string(mia), "--since", "2026-07-10", "--until", "2026-07-12"});
    EXPECT_EQ(kinds(list), (std::vector<std::string>{"missing", "return_interview"}));
}

TEST_F(TimeE2e, PlaceAndDisruptionActionOnAPerson)
{
    const auto canal = entityId("place", "Canal bridge");
    const json atCanal = events({"--entity", std::to_string(canal)});
    ASSERT_EQ(atCanal.size(), 1u);
    EXPECT_EQ(atCanal[0]["kind"], "missing");
    EXPECT_EQ(atCanal[0]["id"], "MISS-T-1");

    const auto dean = entityId("person", "Dean Cole");
    const auto added = runHarbour(dir, {"disruption", "add", "--db", db.string(), "--target", std::to_string(dean), "--tactic",
                            "child_abduction_warning_notice", "--due", "2026-08-01"});
    ASSERT_EQ(added.exit, 0) << added.err;
    const json list = events({"--entity", std::to_string(dean)});
    EXPECT_EQ(kinds(list), (std::vector<std::string>{"report", "action"}));
    EXPECT_EQ(list[1]["at"], "2026-08-01T00:00:00Z");
    EXPECT_NE(list[1]["label"].get<std::string>().find("proposed"), std::string::npos);
}

TEST_F(TimeE2e, UnknownSubjectsAndMissingScopeExitTwo)
{
    EXPECT_EQ(run({"timeline", "--child", "999999", "--json"}).exit, 2);
    EXPECT_EQ(run({"timeline", "--entity", "999999", "--json"}).exit, 2);
    const auto noCluster = run({"timeline", "--cluster", "C999", "--json"});
    EXPECT_EQ(noCluster.exit, 2);
    EXPECT_NE(noCluster.err.find("C999"), std::string::npos);
    EXPECT_EQ(run({"timeline", "--json"}).exit, 2);
    EXPECT_EQ(run({"when", "--child", "999999", "--json"}).exit, 2);
    const auto canal = entityId("place", "Canal bridge");
    EXPECT_EQ(run({"timeline", "--child", std::to_string(canal), "--json"}).exit, 2);
}

TEST_F(TimeE2e, WhenCountsInUkLocalTimeAndSaysThePeak)
{
    const auto mia = entityId("person", "Mia Hart");
    const auto whenRun = run({"when", "--child", std::to_string(mia), "--json"});
    ASSERT_EQ(whenRun.exit, 0) << whenRun.err;
    const json document = whenRun.json();
    const json &matrix = document["matrix"];
    ASSERT_EQ(matrix.size(), 7u);
    int total = 0;
    for (const auto &row : matrix) {
        ASSERT_EQ(row.size(), 24u);
        for (const auto &cell : row) {
            total += cell.get<int>();
        }
    }
    // IR-T-1's two incidents (not its own time), IR-T-2's own time, two episodes.
    EXPECT_EQ(total, 5);
    EXPECT_EQ(matrix[4][21], 1); // MISS-T-1, Friday 20:45 UTC = 21:45 BST
    EXPECT_EQ(matrix[4][22], 3); // 21:30 and 21:05 UTC in July, and 22:05 UTC (GMT) in January
    EXPECT_EQ(matrix[5][23], 1); // Saturday 22:10 UTC = 23:10 BST
    EXPECT_EQ(document["peak"], "Friday, 21:00 to 00:00") << document.dump();

    const json everything = run({"when", "--json"}).json();
    EXPECT_EQ(everything["matrix"].size(), 7u);
    const auto table = run({"when"});
    EXPECT_EQ(table.exit, 0);
    EXPECT_NE(table.out.find("Peak: "), std::string::npos);
}

TEST(TimeSampleE2e, BundledSampleTimelinesAreWellFormedAndSorted)
{
    const TempDir scratch;
    const fs::path db = scratch / "sample.db";
    std::vector<std::string> import{"import", "--db", db.string()};
    for (const char *file : {"reports.jsonl", "screenings.jsonl", "missing.jsonl"}) {
        import.push_back((fs::path(HARBOUR_SOURCE_DIR) / "sample-data" / file).string());
    }
    ASSERT_EQ(runHarbour(scratch, import).exit, 0);
    const json analysed = runHarbour(scratch, {"analyse", "--db", db.string(), "--json"}).json();
    const json &cluster = analysed["clusters"][0];
    std::set<long long> members;
    for (const auto &member : cluster["members"]) {
        members.insert(member["id"].get<long long>());
    }
    const json document = runHarbour(scratch, {"timeline", "--db", db.string(), "--cluster",
                                               cluster["id"].get<std::string>(), "--json"})
                              .json();
    const json &list = document["events"];
    ASSERT_FALSE(list.empty());
    const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
    const std::set<std::string> known{"report", "missing", "screening", "return_interview", "action"};
    std::string previous;
    std::set<std::string> seen;
    for (const auto &event : list) {
        const auto at = event["at"].get<std::string>();
        EXPECT_TRUE(std::regex_match(at, iso)) << at;
        EXPECT_TRUE(event.contains("end"));
        EXPECT_TRUE(event["end"].is_null() || std::regex_match(event["end"].get<std::string>(), iso));
        EXPECT_TRUE(known.contains(event["kind"].get<std::string>()));
        EXPECT_TRUE(members.contains(event["entity"].get<long long>())) << event.dump();
        EXPECT_LE(previous, at);
        previous = at;
        seen.insert(event["kind"].get<std::string>());
    }
    EXPECT_TRUE(seen.contains("report"));
    const json when = runHarbour(scratch, {"when", "--db", db.string(), "--json"}).json();
    EXPECT_FALSE(when["peak"].get<std::string>().empty());
}

} // namespace

namespace {

TEST_F(TimeE2e, ReversedWindowIsUsageAndWhenHonoursTheWindow)
{
    const auto mia = std::to_string(entityId("person", "Mia Hart"));
    EXPECT_EQ(run({"timeline", "--child", mia, "--since", "2026-08-01", "--until", "2026-07-01", "--json"}).exit, 2);
    EXPECT_EQ(run({"timeline", "--child", mia, "--entity", mia, "--json"}).exit, 2);
    const json july = run({"when", "--child", mia, "--since", "2026-07-10", "--json"}).json();
    int total = 0;
    for (const auto &row : july["matrix"]) {
        for (const auto &cell : row) {
            total += cell.get<int>();
        }
    }
    EXPECT_EQ(total, 2); // the two episodes; the incidents and January's report are before
}

TEST_F(TimeE2e, MergedAwayIdStandsForTheKeptEntityAndTheTableReads)
{
    const auto mia = entityId("person", "Mia Hart");
    const auto dean = entityId("person", "Dean Cole");
    const auto merged = runHarbour(dir, {"merge", "--db", db.string(), std::to_string(mia), std::to_string(dean),
                                         "--reason", "test of the timeline"});
    ASSERT_EQ(merged.exit, 0) << merged.err;
    const json list = events({"--child", std::to_string(dean)});
    ASSERT_FALSE(list.empty());
    for (const auto &event : list) {
        EXPECT_EQ(event["entity"], mia);
    }
    const auto table = run({"timeline", "--child", std::to_string(mia)});
    EXPECT_EQ(table.exit, 0);
    EXPECT_NE(table.out.find("KIND"), std::string::npos);
    EXPECT_NE(table.out.find("MISS-T-1"), std::string::npos);
}

} // namespace
