// Hostile names, through the whole path a briefing takes: import, analyses, briefing, export.
// Every field a person can write and a page can show carries script, markup breakers, terminal
// escapes and invisible characters; what comes out is script-free HTML and well-formed XML.

#include "harbour/safe_text.h"

#include "support/markup_check.h"
#include "support/temp_dir.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using harbour::testing::TempDir;

const std::vector<std::string> &injections()
{
    static const std::vector<std::string> corpus{
        "<img src=x onerror=alert(1)>",
        "\"><script>alert(2)</script>",
        "' onmouseover='alert(3)",
        "</desc><script>alert(4)</script>",
        "]]><svg onload=alert(5)>",
        "<a href=\"javascript:alert(6)\">x</a>",
        "<!--",
        "Amy \xE2\x80\xAEsenoJ",        // a right-to-left override disguising a name
        "Zo\xC3\xAB\xEF\xBF\xBE\x01 Day", // U+FFFE and a control character XML forbids
    };
    return corpus;
}

const std::string &pick(std::size_t i)
{
    return injections()[i % injections().size()];
}

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string binary()
{
    return (std::filesystem::path(HARBOUR_BINARY_DIR) / "src" / "cli" / "harbour").string();
}

/// Runs a command line, returning its standard output and exit status.
std::pair<std::string, int> run(const std::string &command)
{
    std::string out;
    FILE *pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
        return {out, -1};
    }
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe)) {
        out += buffer.data();
    }
    const int status = ::pclose(pipe);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/// Three children named by hostile strings, all with one suspect known by a hostile nickname,
/// at a hostile takeaway and in a hostile car: enough for a flagged cluster.
void writeHostileRecords(const std::filesystem::path &folder)
{
    std::ofstream reports(folder / "reports.jsonl");
    std::ofstream screenings(folder / "screenings.jsonl");
    for (std::size_t child = 0; child < 3; ++child) {
        for (std::size_t report = 0; report < 2; ++report) {
            const std::size_t k = child * 2 + report;
            nlohmann::json record{
                {"kind", "information_report"},
                {"id", "IR-HOSTILE-" + std::to_string(k) + pick(k)},
                {"reported_at", "2026-0" + std::to_string(1 + k % 6) + "-1" + std::to_string(k % 9) + "T21:00:00Z"},
                {"reporter", {{"name", pick(k + 1)}, {"post", pick(k + 2)}, {"agency", "Education"}, {"contact", "x"}}},
                {"source_type", "professional"},
                {"source_reliability", 2},
                {"grading", {{"source", "2"}, {"intelligence", "B"}, {"handling", "P"}}},
                {"licensed_premises",
                 {{{"trading_name", "Kebabs " + pick(3)}, {"type", "takeaway"}, {"address", "1 High St, Dudley DY1 1AA"}}}},
                {"subjects",
                 {{{"role", "victim"}, {"name", pick(child) + " Child" + std::to_string(child)}, {"aliases", {pick(child + 4)}},
                   {"dob", "2011-0" + std::to_string(child + 1) + "-03"}, {"gender", "female"}},
                  {{"role", "perpetrator"}, {"name", nullptr}, {"aliases", {"Taz" + pick(5)}},
                   {"description", pick(6)}}}},
                {"vehicles", {{{"vrm", "AB12 CDE"}, {"make", pick(7)}, {"model", pick(0)}, {"colour", "silver"}}}},
                {"places", {{{"name", pick(k + 3) + " park"}, {"address", "Castle St, Dudley DY1 1QE"}}}},
                {"online_accounts", {{{"service", "snapchat"}, {"handle", pick(k)}}}},
                {"incidents", {{{"at", "2026-01-10T22:30:00Z"}, {"description", pick(k + 4)}}}},
                {"narrative", "Seen with \"" + pick(k) + "\" outside the takeaway. " + pick(k + 1)}};
            reports << record.dump() << '\n';
        }
        nlohmann::json screening{
            {"kind", "screening"},
            {"id", "SCR-HOSTILE-" + std::to_string(child)},
            {"screened_at", "2026-06-20"},
            {"child",
             {{"name", pick(child) + " Child" + std::to_string(child)},
              {"aliases", {pick(child + 4)}},
              {"dob", "2011-0" + std::to_string(child + 1) + "-03"},
              {"gender", "female"}}},
            {"referrer", {{"name", pick(child + 2)}, {"agency", "Health"}}},
            {"reason", pick(child + 5)},
            {"significant", {{"missing_episodes", "current"}, {"hotels_taxis_takeaways", "current"}}},
            {"professional_judgement", {{"level", "significant"}, {"reason", pick(child + 6)}}}};
        screenings << screening.dump() << '\n';
    }
}

class Injection : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<TempDir>();
        writeHostileRecords(s_dir->path());
        const auto [out, status] =
            run("'" + binary() + "' import --db '" + db() + "' '" + (s_dir->path() / "reports.jsonl").string() + "' '" +
                (s_dir->path() / "screenings.jsonl").string() + "' 2>&1");
        ASSERT_EQ(status, 0) << out;
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::string db() { return (s_dir->path() / "hostile.db").string(); }

    static std::string brief(const std::string &scope, const std::string &name)
    {
        const auto path = s_dir->path() / name;
        const auto [out, status] = run("'" + binary() + "' brief --db '" + db() + "' " + scope +
                                       " --as-of 2026-07-01 --no-pseudonymise --out '" + path.string() + "' 2>&1");
        EXPECT_EQ(status, 0) << scope << ": " << out;
        return readFile(path);
    }

    static std::unique_ptr<TempDir> s_dir;
};

std::unique_ptr<TempDir> Injection::s_dir;

/// The page holds no injection string as markup, and does hold each one's escaped form (so the
/// field reached the page and the check is not empty).
void expectInert(const std::string &html, const std::string &what)
{
    EXPECT_EQ(harbour::testing::scriptProblem(html), std::nullopt) << what;
    EXPECT_EQ(harbour::testing::illegalXmlCharacter(html), std::nullopt) << what;
    for (const auto &text : injections()) {
        if (text.find('<') != std::string::npos) {
            EXPECT_EQ(html.find(text), std::string::npos) << what << " holds " << text;
        }
    }
    EXPECT_EQ(html.find("\xE2\x80\xAE"), std::string::npos) << what << ": a raw right-to-left override";
    const auto reached = std::count_if(injections().begin(), injections().end(), [&](const std::string &text) {
        return text.find('<') != std::string::npos && html.find(harbour::safe::html(text)) != std::string::npos;
    });
    EXPECT_GE(reached, 1) << what << ": no injection string reached the page, so nothing was checked";
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos) << what;
    EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << what;
}

} // namespace

TEST_F(Injection, EveryChildsBriefingIsScriptFree)
{
    const auto [json, status] = run("'" + binary() + "' children --db '" + db() + "' --as-of 2026-07-01 --json");
    ASSERT_EQ(status, 0);
    const auto children = nlohmann::json::parse(json)["children"];
    ASSERT_EQ(children.size(), 3U);
    for (const auto &child : children) {
        const auto id = child["id"].dump();
        const std::string html = brief("--child " + id, "child-" + id + ".html");
        expectInert(html, "child " + id);
        EXPECT_NE(html.find("\\u202E"), std::string::npos) << "the override is shown, not applied";
    }
}

TEST_F(Injection, ClusterAndPanelBriefingsAreScriptFree)
{
    expectInert(brief("--cluster C1", "cluster.html"), "cluster C1");
    expectInert(brief("--panel", "panel.html"), "panel");
}

TEST_F(Injection, ProfileAndMacePacksAreScriptFree)
{
    expectInert(brief("--profile", "profile.html"), "profile");
    expectInert(brief("--profile --area DY1", "profile-dy1.html"), "profile DY1");
    expectInert(brief("--mace context --area DY1", "context-dy1.html"), "MACE context DY1");
    const auto [json, status] = run("'" + binary() + "' children --db '" + db() + "' --as-of 2026-07-01 --json");
    ASSERT_EQ(status, 0);
    const auto document = nlohmann::json::parse(json); // kept: a range over a temporary's member dangles
    for (const auto &child : document["children"]) {
        const auto id = child["id"].dump();
        const std::string html = brief("--mace child --child " + id, "mace-child-" + id + ".html");
        expectInert(html, "MACE child " + id);
        EXPECT_NE(html.find("\\u202E"), std::string::npos) << "the override is shown, not applied";
    }
    const auto [premises, listed] =
        run("'" + binary() + "' entities --db '" + db() + "' --type premises --json");
    ASSERT_EQ(listed, 0);
    const auto first = nlohmann::json::parse(premises)["entities"].at(0)["id"].dump();
    expectInert(brief("--mace context --premises " + first, "context-premises.html"), "MACE context premises");
}

TEST_F(Injection, GraphMlAndAnxExportsAreWellFormed)
{
    for (const char *format : {"graphml", "anx"}) {
        const auto path = s_dir->path() / (std::string("network.") + format);
        const auto [out, status] = run("'" + binary() + "' export --db '" + db() + "' --format " + format + " --out '" +
                                       path.string() + "' 2>&1");
        ASSERT_EQ(status, 0) << out;
        const std::string xml = readFile(path);
        EXPECT_EQ(harbour::testing::xmlProblem(xml), std::nullopt) << format;
        EXPECT_NE(xml.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << format;
        if (std::system("command -v xmllint > /dev/null 2>&1") == 0) {
            EXPECT_EQ(std::system(("xmllint --noout '" + path.string() + "' 2>&1").c_str()), 0) << format;
        }
    }
}
