// harbour brief --profile and --mace child|context through the binary on the bundled sample
// data: sections in the panel's order, the screening form's wording, when in words, before and
// after a disruption, and the usage errors (docs/briefing.md).
#include "e2e_support.h"

#include "harbour/dates.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

namespace {

using namespace harbour::testing::e2e;
using harbour::testing::TempDir;
using nlohmann::json;

class BriefE2e : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<TempDir>();
        std::vector<std::string> import{"import", "--db", db()};
        for (const char *file : {"reports.jsonl", "screenings.jsonl", "missing.jsonl"}) {
            import.push_back((fs::path(HARBOUR_SOURCE_DIR) / "sample-data" / file).string());
        }
        ASSERT_EQ(runHarbour(*s_dir, import).exit, 0);
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::string db() { return (s_dir->path() / "sample.db").string(); }
    static CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin() + 1, {"--db", db()});
        return runHarbour(*s_dir, args);
    }
    /// Writes a briefing and returns its HTML.
    static std::string html(std::vector<std::string> args, const std::string &name)
    {
        const auto out = (s_dir->path() / name).string();
        args.insert(args.begin(), "brief");
        args.insert(args.end(), {"--out", out});
        const auto result = run(args);
        EXPECT_EQ(result.exit, 0) << result.err;
        return readText(out);
    }
    static long long riskiestChild()
    {
        return run({"children", "--json"}).json()["children"][0]["id"].get<long long>();
    }

    static std::unique_ptr<TempDir> s_dir;
};

std::unique_ptr<TempDir> BriefE2e::s_dir;

void expectInOrder(const std::string &page, const std::vector<std::string> &headings)
{
    std::size_t at = 0;
    for (const auto &heading : headings) {
        const auto found = page.find("<h2>" + heading + "</h2>", at);
        ASSERT_NE(found, std::string::npos) << heading;
        at = found;
    }
}

TEST_F(BriefE2e, ProfileHoldsEverySectionSourcesAndDataQuality)
{
    const auto page = html({"--profile"}, "profile.html");
    expectInOrder(page, {"1. Scale and nature of the activity", "2. Children by level and trend",
                         "3. Networks and evidence of organised activity", "4. Hotspots and their times",
                         "5. Offenders by priority", "6. Timeline of the period", "7. Intelligence gaps",
                         "Sources and refresh", "Data quality"});
    for (const char *measure : {"Children named but never screened", "Screenings without an outcome",
                                "Information reports without a grading", "Children without a date of birth",
                                "Screened children with ethnicity not recorded", "identity is unresolved"}) {
        EXPECT_NE(page.find(measure), std::string::npos) << measure;
    }
    EXPECT_NE(page.find("<td>Information reports</td><td>300</td>"), std::string::npos);
    EXPECT_NE(page.find("Refreshed"), std::string::npos);
    EXPECT_NE(page.find("When: the missing episodes and incidents in scope cluster on "), std::string::npos);
    EXPECT_NE(page.find("<h2>Hotspots</h2>"), std::string::npos);
    // The indicators as the form words them; the keys stay in the JSON only.
    EXPECT_NE(page.find("Periods of absence/missing (day and/or night)"), std::string::npos);
    EXPECT_EQ(page.find("missing_episodes"), std::string::npos);
    EXPECT_EQ(page.find("hotels_taxis_takeaways"), std::string::npos);

    const auto pdf = s_dir->path() / "profile.pdf";
    ASSERT_EQ(run({"brief", "--profile", "--since", "2026-01-01", "--until", "2026-06-30", "--out", pdf.string()})
                  .exit,
              0);
    EXPECT_EQ(readText(pdf).rfind("%PDF", 0), 0u);
}

TEST_F(BriefE2e, AnAreaProfileCoversItsDistrictOnly)
{
    const auto whole = html({"--profile"}, "whole.html");
    const auto dy1 = html({"--profile", "--area", "dy1"}, "dy1.html");
    EXPECT_NE(dy1.find("area DY1"), std::string::npos);
    EXPECT_NE(dy1.find("DY1 "), std::string::npos);
    const auto reports = [](const std::string &page) {
        const std::string cell = "<td>Information reports</td><td>";
        const auto at = page.find(cell);
        return at == std::string::npos ? -1 : std::stoi(page.substr(at + cell.size()));
    };
    EXPECT_EQ(reports(whole), 300);
    EXPECT_GT(reports(dy1), 0);
    EXPECT_LT(reports(dy1), 300);
    const auto none = run({"brief", "--profile", "--area", "ZZ9", "--out", (s_dir->path() / "z.html").string()});
    EXPECT_EQ(none.exit, 2);
    EXPECT_NE(none.err.find("postcode district ZZ9"), std::string::npos) << none.err;
}

TEST_F(BriefE2e, MaceChildPackFollowsTheAgendaInTheFormsWords)
{
    const auto child = std::to_string(riskiestChild());
    const auto page = html({"--mace", "child", "--child", child}, "mace-child.html");
    expectInOrder(page, {"1. Risk now", "2. Push and pull factors", "3. History", "4. Actions and due dates",
                         "5. Links", "Network diagram", "6. Timeline", "7. Decisions and actions agreed"});
    EXPECT_NE(page.find("MACE panel: child-focused"), std::string::npos);
    EXPECT_NE(page.find("pull (significant)"), std::string::npos);
    EXPECT_EQ(page.find("missing_episodes"), std::string::npos);
    EXPECT_NE(page.find("When: "), std::string::npos);

    // Partners: pseudonymised by default, as every briefing.
    const auto name = run({"children", "--json"}).json()["children"][0]["name"].get<std::string>();
    const auto partners = html({"--mace", "child", "--child", child, "--share", "partners"}, "mace-partners.html");
    EXPECT_NE(partners.find("Child A"), std::string::npos);
    EXPECT_EQ(partners.find(name), std::string::npos) << name;
}

TEST_F(BriefE2e, MaceContextPackForAnAreaAndForAPremises)
{
    const auto area = html({"--mace", "context", "--area", "DY1"}, "context.html");
    expectInOrder(area, {"1. Places and spaces", "When, by day and time", "2. Peer groups", "3. Perpetrators",
                         "4. Disruption: premises and vehicles", "4. Disruption: the plan",
                         "4. Disruption: before and after", "5. Children linked",
                         "6. Decisions and actions agreed"});
    const auto premises =
        run({"entities", "--type", "premises", "--json"}).json()["entities"].at(0)["id"].get<long long>();
    const auto page = html({"--mace", "context", "--premises", std::to_string(premises)}, "premises.html");
    EXPECT_NE(page.find("MACE panel: contextual"), std::string::npos);
}

TEST_F(BriefE2e, BeforeAndAfterADisruptionMarkedDoneIsAnAssociation)
{
    const auto hotel = run({"entities", "--type", "premises", "--json"}).json()["entities"];
    long long target = 0;
    for (const auto &entity : hotel) {
        if (entity["label"] == "Heathside Hotel") {
            target = entity["id"].get<long long>();
        }
    }
    ASSERT_NE(target, 0);
    const auto added = runHarbour(*s_dir, {"disruption", "add", "--db", db(), "--target", std::to_string(target),
                                           "--tactic", "hotel_notice"});
    ASSERT_EQ(added.exit, 0) << added.err;
    const auto id = added.out.substr(added.out.find(' ') + 1, added.out.find(':') - added.out.find(' ') - 1);
    ASSERT_EQ(runHarbour(*s_dir, {"disruption", "set", "--db", db(), id, "--status", "done"}).exit, 0);
    // Marked done today: judged 40 days on, the windows are 40 days either side.
    const auto later = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(40);
    const std::string asOf = harbour::formatDate(std::chrono::year_month_day(later));
    const auto page = html({"--mace", "context", "--premises", std::to_string(target), "--as-of", asOf}, "ba.html");
    EXPECT_NE(page.find("in the 40 days before"), std::string::npos);
    EXPECT_NE(page.find("This is an association, not proof"), std::string::npos);
    EXPECT_NE(page.find("Heathside Hotel: Hotel information notice"), std::string::npos);
    // The strategy meeting briefings carry it too, and say when in words.
    const auto cluster = html({"--cluster", "C1", "--as-of", asOf}, "cluster.html");
    EXPECT_NE(cluster.find("<h2>Before and after disruption</h2>"), std::string::npos);
    EXPECT_NE(cluster.find("When: "), std::string::npos);
    // The rules fired read in the form's words in the strategy meeting briefing too.
    EXPECT_NE(cluster.find("&quot;Periods of absence/missing (day and/or night)&quot;"), std::string::npos);
    EXPECT_EQ(cluster.find("missing_episodes"), std::string::npos);
    // Dropped again, it is no longer compared.
    ASSERT_EQ(runHarbour(*s_dir, {"disruption", "set", "--db", db(), id, "--status", "dropped"}).exit, 0);
}

TEST_F(BriefE2e, UsageErrorsExitTwoWithAClearMessage)
{
    const auto out = (s_dir->path() / "x.html").string();
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--mace", "child"}, "--mace child needs --child ID"},
        {{"--mace", "child", "--child", "999999"}, "entity 999999 is not a child"},
        {{"--profile", "--mace", "child", "--child", "1"}, "give --profile or --mace, not both"},
        {{"--profile", "--cluster", "C1"}, "--profile covers everything or one area"},
        {{"--mace", "context"}, "exactly one of --area DY1"},
        {{"--mace", "context", "--area", "DY1", "--premises", "1"}, "exactly one of --area DY1"},
        {{"--mace", "panel"}, "unknown MACE pack 'panel'"},
        {{"--panel", "--area", "DY1"}, "--area and --premises are for --profile and --mace context"},
        {{"--mace", "context", "--premises", std::to_string(riskiestChild())}, "is not a premises, place or vehicle"},
    };
    for (const auto &[args, message] : cases) {
        std::vector<std::string> full{"brief"};
        full.insert(full.end(), args.begin(), args.end());
        full.insert(full.end(), {"--out", out});
        const auto result = run(full);
        EXPECT_EQ(result.exit, 2) << message;
        EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    }
}

} // namespace
