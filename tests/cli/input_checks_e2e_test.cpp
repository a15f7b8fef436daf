// Options the command line must refuse even though they are well-formed: a reason or note with
// nothing visible in it, and a time window whose start is after its end. Both are usage errors
// (exit 2) that name the option, and change nothing.

#include "e2e_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace harbour::testing;
using namespace harbour::testing::e2e;
using nlohmann::json;

class InputChecksE2e : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new TempDir;
        s_db = new fs::path(importSample(*s_dir));
    }
    static void TearDownTestSuite()
    {
        delete s_db;
        delete s_dir;
    }

    static CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin() + 1, {"--db", s_db->string()});
        return runHarbour(*s_dir, args);
    }

    /// Two person ids from `harbour entities --json`.
    static std::pair<std::string, std::string> twoPeople()
    {
        const json document = run({"entities", "--json"}).json();
        std::vector<std::string> ids;
        for (const auto &entity : document.at("entities")) {
            if (entity.at("type") == "person" && ids.size() < 2) {
                ids.push_back(std::to_string(entity.at("id").get<long long>()));
            }
        }
        EXPECT_EQ(ids.size(), 2U);
        return ids.size() == 2 ? std::pair{ids[0], ids[1]} : std::pair{std::string("1"), std::string("2")};
    }

    static TempDir *s_dir;
    static fs::path *s_db;
};

TempDir *InputChecksE2e::s_dir = nullptr;
fs::path *InputChecksE2e::s_db = nullptr;

TEST_F(InputChecksE2e, AMergeReasonOfWhiteSpaceAloneIsRefused)
{
    const auto [a, b] = twoPeople();
    const std::string before = dumpDatabase(*s_db);
    // Spaces, a tab, a no-break space with a zero-width space, and nothing at all.
    for (const std::string reason : {"   ", "\t", "\u00A0\u200B", ""}) {
        SCOPED_TRACE("reason '" + reason + "'");
        const CliRun merge = run({"merge", a, b, "--reason", reason});
        EXPECT_EQ(merge.exit, 2) << merge.out << merge.err;
        EXPECT_NE(merge.err.find("--reason"), std::string::npos) << merge.err;
        EXPECT_NE(merge.err.find("must say something: it is empty or only white space"), std::string::npos)
            << merge.err;
    }
    EXPECT_EQ(dumpDatabase(*s_db), before);
    EXPECT_TRUE(run({"merges", "--json"}).json().at("merges").empty());
}

TEST_F(InputChecksE2e, AReviewNoteOfWhiteSpaceAloneIsRefused)
{
    const std::string before = dumpDatabase(*s_db);
    const CliRun done = run({"review-done", "IR-E2E-001", "--note", "  \t "});
    EXPECT_EQ(done.exit, 2) << done.out << done.err;
    EXPECT_NE(done.err.find("--note"), std::string::npos) << done.err;
    EXPECT_EQ(dumpDatabase(*s_db), before);
}

TEST_F(InputChecksE2e, AWindowThatEndsBeforeItStartsIsRefusedByEveryCommandThatTakesOne)
{
    const auto [a, b] = twoPeople();
    const std::vector<std::vector<std::string>> commands = {
        {"analyse"},
        {"clusters"},
        {"hotspots"},
        {"suggest"},
        {"path", a, b},
        {"accuracy", "--truth", (*s_dir / "no-such-truth.json").string()},
        {"export", "--format", "csv", "--out", (*s_dir / "export").string()},
        {"brief", "--panel", "--out", (*s_dir / "brief.html").string()},
    };
    for (auto args : commands) {
        SCOPED_TRACE(args.front());
        args.insert(args.end(), {"--since", "2026-01-01", "--until", "2025-01-01"});
        const CliRun result = run(args);
        EXPECT_EQ(result.exit, 2) << result.out << result.err;
        EXPECT_NE(result.err.find("--since 2026-01-01 is after --until 2025-01-01"), std::string::npos) << result.err;
        EXPECT_TRUE(result.out.empty()) << result.out;
    }
    EXPECT_FALSE(fs::exists(*s_dir / "export"));
    EXPECT_FALSE(fs::exists(*s_dir / "brief.html"));
    // The same day at both ends is a window of one day, not an error.
    const CliRun oneDay = run({"analyse", "--since", "2026-03-14", "--until", "2026-03-14"});
    EXPECT_EQ(oneDay.exit, 0) << oneDay.err;
}

} // namespace
