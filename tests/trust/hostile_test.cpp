// Hostile input: every file of tests/data/hostile (and a few too big to commit, written here) is
// imported into a database that already holds good data. None may crash or hang the importer;
// each must end with the exit code and the errors its manifest names, and leave the stored data
// as it was unless the manifest says the file is (partly) good.

#include "trust_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

const fs::path kHostile = kTestData / "hostile";
/// Long enough for a 2-core machine under AddressSanitizer; a hang is what it catches.
constexpr auto kDeadline = std::chrono::seconds(60);

struct HostileCase {
    std::string file;
    bool generated = false;
    int exit = 0;
    std::string stdoutText;
    std::vector<std::string> stderrLines;
    bool changes = false;
};

// Names the case in ctest's listing instead of dumping its bytes.
void PrintTo(const HostileCase &c, std::ostream *out)
{
    *out << c.file;
}

std::vector<HostileCase> loadManifest()
{
    std::vector<HostileCase> cases;
    const auto manifest = nlohmann::json::parse(readFile(kHostile / "expected.json"));
    for (const char *group : {"files", "generated"}) {
        for (const auto &entry : manifest.at(group)) {
            HostileCase c;
            c.file = entry.at("file").get<std::string>();
            c.generated = std::string(group) == "generated";
            c.exit = entry.at("exit").get<int>();
            c.stdoutText = entry.at("stdout").get<std::string>();
            c.stderrLines = entry.at("stderr").get<std::vector<std::string>>();
            c.changes = entry.value("changes", false);
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

std::string report(const std::string &id, const std::string &extra)
{
    return R"({"kind": "information_report", "id": ")" + id +
           R"(", "reported_at": "2026-03-14T16:20:00Z", "reporter": {"name": "J. Smith", "agency": "Health"}, )"
           R"("source_type": "professional")" +
           extra + "}";
}

std::string repeat(const std::string &text, std::size_t times)
{
    std::string out;
    out.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out += text;
    }
    return out;
}

/// The files too big (or too silly) to commit, by name.
const std::map<std::string, std::function<std::string()>> &generators()
{
    static const std::map<std::string, std::function<std::string()>> makers = {
        {"deep_array.json", [] { return std::string(100000, '[') + std::string(100000, ']'); }},
        {"deep_unclosed.json", [] { return std::string(100000, '['); }},
        {"deep_field.jsonl",
         [] { return report("IR-H-40", ", \"notes\": " + repeat("{\"a\":", 50000) + "1" + std::string(50000, '}')) + "\n"; }},
        {"huge_string.json",
         [] { return report("IR-H-41", ", \"narrative\": \"" + std::string(std::size_t{2} << 20, 'x') + "\""); }},
        {"huge_line.jsonl",
         [] { return report("IR-H-42", ", \"narrative\": \"" + repeat("y ", std::size_t{9} << 20) + "\"") + "\n"; }},
        {"huge_cell.csv",
         [] {
             return "id,screened_at,child_name,child_dob,reason\nSCR-H-40,2026-03-15,Amy Jones,2011-02-03," +
                    std::string(std::size_t{2} << 20, 'z') + "\n";
         }},
        {"huge_unclosed_quote.csv",
         [] {
             return "id,screened_at,child_name,child_dob,reason\nSCR-H-41,2026-03-15,Amy Jones,2011-02-03,\"" +
                    std::string(std::size_t{3} << 20, 'w') + "\nSCR-H-43,2026-02-30,Beth Smith,2010-05-06,fine\n";
         }},
        {"many_cells.csv",
         [] {
             return "id,screened_at,child_name,child_dob\nSCR-H-42,2026-03-15,Amy Jones,2011-02-03" +
                    std::string(5000, ',') + "\n";
         }},
        {"wide_array.jsonl",
         [] {
             std::string phones = "\"07700 900123\"";
             phones += repeat(",\"07700 900123\"", 199999);
             return report("IR-H-44", ", \"phones\": [" + phones + "], \"x\": \"\\u0000\"") + "\n";
         }},
    };
    return makers;
}

/// One database with good data per test process; each case works on a copy.
class HostileInput : public ::testing::TestWithParam<HostileCase> {
protected:
    static void SetUpTestSuite()
    {
        s_scratch = std::make_unique<TempDir>();
        const fs::path good = kTestData / "importers" / "good";
        const auto run = runProcess(kHarbour,
                                    {"import", "--db", (*s_scratch / "base.db").string(), (good / "report.json").string(),
                                     (good / "screening.json").string(), (good / "missing_episode.json").string()},
                                    s_scratch->path());
        ASSERT_EQ(run.exit, 0) << run.err;
    }
    static void TearDownTestSuite() { s_scratch.reset(); }

    static std::unique_ptr<TempDir> s_scratch;
};

std::unique_ptr<TempDir> HostileInput::s_scratch;

TEST_P(HostileInput, FailsCleanlyWithTheExpectedErrorAndKeepsTheStoredData)
{
    const HostileCase &c = GetParam();
    TempDir scratch;
    fs::path input = kHostile / c.file;
    if (c.generated) {
        input = scratch / c.file;
        writeFile(input, generators().at(c.file)());
    }
    ASSERT_TRUE(fs::is_regular_file(input)) << input;
    const fs::path db = scratch / "case.db";
    fs::copy_file(*s_scratch / "base.db", db);
    const std::string before = Database(db).dump();

    const auto run = runProcess(kHarbour, {"import", "--db", db.string(), input.string()}, scratch.path(), kDeadline);
    ASSERT_FALSE(run.killed) << c.file << " hung: killed after " << run.elapsed.count() << " ms";
    ASSERT_EQ(run.signal, 0) << c.file << " crashed the importer (signal " << run.signal << ")\n" << run.err;
    EXPECT_EQ(run.exit, c.exit) << run.out << run.err;
    EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;

    const std::string err = replaceAll(run.err, input.parent_path().string() + "/", "");
    for (const auto &line : c.stderrLines) {
        EXPECT_NE(err.find(line), std::string::npos) << "stderr lacks: " << line << "\nstderr was:\n" << err;
    }
    EXPECT_EQ(replaceAll(run.out, "\n", ""), c.stdoutText);

    Database after(db);
    EXPECT_EQ(after.one("PRAGMA integrity_check"), "ok");
    EXPECT_TRUE(after.rows("PRAGMA foreign_key_check").empty());
    if (!c.changes) {
        EXPECT_EQ(after.dump(), before) << c.file << " changed the stored data";
    }
}

std::string caseName(const ::testing::TestParamInfo<HostileCase> &info)
{
    std::string name;
    for (char ch : info.param.file) {
        name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileInput, ::testing::ValuesIn(loadManifest()), caseName);

TEST(HostileInputCorpus, HoldsEnoughFilesAndEveryFileIsInTheManifest)
{
    const auto cases = loadManifest();
    EXPECT_GE(cases.size(), 30U);
    std::set<std::string> listed;
    for (const auto &c : cases) {
        listed.insert(c.file);
        if (c.generated) {
            EXPECT_TRUE(generators().contains(c.file)) << c.file;
        }
    }
    for (const auto &entry : fs::directory_iterator(kHostile)) {
        const std::string name = entry.path().filename().string();
        if (name != "expected.json") {
            EXPECT_TRUE(listed.contains(name)) << name << " is not in expected.json";
        }
    }
}

TEST(HostileInputCorpus, FormulaCellsAreStoredAsTextAndNeutralisedInCsvExports)
{
    TempDir scratch;
    const fs::path db = scratch / "formula.db";
    auto run = runProcess(kHarbour, {"import", "--db", db.string(), (kHostile / "formula_injection.csv").string()},
                          scratch.path());
    ASSERT_EQ(run.exit, 0) << run.err;
    EXPECT_NE(Database(db).one("SELECT json FROM records WHERE ext_id = 'IR-H-F1'").find(R"("name":"=cmd|' /C calc'!A0")"),
              std::string::npos);

    const fs::path out = scratch / "export";
    run = runProcess(kHarbour, {"export", "--db", db.string(), "--format", "csv", "--out", out.string(), "--as-of",
                                "2026-04-01"},
                     scratch.path());
    ASSERT_EQ(run.exit, 0) << run.err;
    std::string all;
    for (const auto &entry : fs::directory_iterator(out)) {
        all += readFile(entry.path());
    }
    // Both perpetrators' names reach the suspects table, each behind a quote that keeps it text.
    EXPECT_NE(all.find("'=cmd|' /C calc'!A0"), std::string::npos) << all;
    EXPECT_NE(all.find("'=1+2"), std::string::npos) << all;
    for (const std::string start : {",=", ",+", ",@", "\n=", "\n+", "\n@", ",\"=", ",\"+", ",\"@"}) {
        EXPECT_EQ(all.find(start), std::string::npos) << "a cell starts with a formula character: " << start;
    }
}

} // namespace
} // namespace harbour::testing::trust
