// What reaches a terminal: escape sequences, right-to-left overrides and zero-width characters in
// records are shown, never acted on, in every human-readable output; JSON stays exact.

#include "trust_support.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace harbour::testing::trust;

namespace {

const std::string kOsc = "\x1B]0;owned\x07";            // sets the terminal's title
const std::string kCsi = "\x1B[2J";                     // clears the screen
const std::string kC1Csi = "\xC2\x9B" "31m";            // the one-byte (C1) form of ESC [
const std::string kOverride = "\xE2\x80\xAE";           // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string kZeroWidth = "\xE2\x80\x8B";          // U+200B ZERO WIDTH SPACE

/// Anything a terminal would act on, or that would hide how a name is written.
void expectNothingActive(const std::string &text, const std::string &what)
{
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_FALSE((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F)
            << what << " prints control byte " << int(byte) << ":\n" << text;
    }
    for (const auto &raw : {std::string("\xC2\x9B"), kOverride, kZeroWidth}) {
        EXPECT_EQ(text.find(raw), std::string::npos) << what << ":\n" << text;
    }
}

class Terminal : public ::testing::Test {
protected:
    harbour::testing::TempDir dir;
    fs::path db = dir.path() / "terminal.db";

    ProcessRun harbour(std::vector<std::string> args)
    {
        return runProcess(kHarbour, args, dir.path());
    }

    void importHostileNames()
    {
        const nlohmann::json report{
            {"kind", "information_report"},
            {"id", "IR-TERM-1"},
            {"reported_at", "2026-03-14T16:20:00Z"},
            {"reporter", {{"name", "J. Smith" + kCsi}, {"post", "Nurse"}, {"agency", "Health"}, {"contact", "x"}}},
            {"source_type", "professional"},
            {"grading", {{"source", "2"}, {"intelligence", "B"}, {"handling", "P"}}},
            {"subjects",
             {{{"role", "victim"}, {"name", "Amy" + kOverride + "senoJ" + kOsc}, {"gender", "female"}},
              {{"role", "perpetrator"}, {"name", "Ta" + kZeroWidth + "z\nrejected: fake line" + kC1Csi}}}},
            {"narrative", "Seen at the park." + kCsi}};
        // A record rejected for its kind and id, both carrying escapes: the message quotes them.
        const std::string rejected = R"({"kind":"evil\u001b[31m","id":"X\u001b]0;t\u0007"})";
        const nlohmann::json screening{{"kind", "screening"},
                                       {"id", "SCR-TERM-1"},
                                       {"screened_at", "2026-03-15"},
                                       {"child", {{"name", "Amy" + kOverride + "senoJ" + kOsc}, {"dob", "2012-01-01"}, {"gender", "female"}}},
                                       {"risk_indicators", {"school_absence"}}};
        writeFile(dir.path() / "in.jsonl", report.dump() + "\n" + screening.dump() + "\n" + rejected + "\n");
        const auto run = harbour({"import", "--db", db.string(), (dir.path() / "in.jsonl").string()});
        EXPECT_EQ(run.exit, 1) << run.err;
        expectNothingActive(run.out, "import's summary");
        expectNothingActive(run.err, "import's rejection");
        EXPECT_NE(run.err.find("\\u001B[31m"), std::string::npos) << run.err;
    }
};

} // namespace

TEST_F(Terminal, EscapesInRecordsAreShownNotActedOn)
{
    importHostileNames();
    const auto entities = harbour({"entities", "--db", db.string()});
    ASSERT_EQ(entities.exit, 0) << entities.err;
    expectNothingActive(entities.out, "entities");
    EXPECT_NE(entities.out.find("Amy\\u202EsenoJ\\u001B]0;owned\\u0007"), std::string::npos) << entities.out;
    // A line break in a name cannot start a line of its own.
    EXPECT_EQ(entities.out.find("\nrejected: fake line"), std::string::npos) << entities.out;

    const auto json = harbour({"entities", "--db", db.string(), "--json"});
    ASSERT_EQ(json.exit, 0) << json.err;
    const auto document = nlohmann::json::parse(json.out);
    bool exact = false;
    for (const auto &entity : document["entities"]) {
        exact = exact || entity.dump().find("Amy" + kOverride + "senoJ") != std::string::npos;
    }
    EXPECT_TRUE(exact) << "JSON keeps the name exactly as it was stored:\n" << json.out;

    for (const auto &entity : document["entities"]) {
        const auto show = harbour({"show", "--db", db.string(), entity["id"].dump()});
        EXPECT_EQ(show.exit, 0) << show.err;
        expectNothingActive(show.out, "show " + entity["id"].dump());
    }
}

TEST_F(Terminal, DocumentsWrittenARowAtATimeStayExact)
{
    importHostileNames();
    const auto children = harbour({"children", "--db", db.string(), "--json"});
    ASSERT_EQ(children.exit, 0) << children.err;
    EXPECT_NE(children.out.find("Amy" + kOverride + "senoJ"), std::string::npos) << children.out;
    EXPECT_TRUE(nlohmann::json::accept(children.out));
    const auto table = harbour({"children", "--db", db.string()});
    expectNothingActive(table.out, "children");
}

TEST_F(Terminal, FatalErrorsQuoteOptionValuesSafely)
{
    const auto run = harbour({"children", "--db", db.string() + kOsc + kOverride});
    EXPECT_EQ(run.exit, 2);
    expectNothingActive(run.err, "a fatal error naming the database");
    expectNothingActive(run.out, "a fatal error's output");
}
