// Outputs are never written through a link and never left half-written; a full disk says which
// database it filled and what was committed.
//
// A full disk is simulated with RLIMIT_FSIZE, which needs no privilege and works on every file
// system: a write past the limit fails with EFBIG (SIGXFSZ is ignored, so the process is not
// killed), as it would with ENOSPC. SQLite reports that as "disk I/O error"; its own "database or
// disk is full" (ENOSPC) is checked on a small tmpfs when the tests may mount one (root), and
// skipped otherwise.

#include "trust_support.h"

#include <gtest/gtest.h>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <regex>
#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

const fs::path kGui = HARBOUR_BINARY_DIR "/ui/harbour-gui";

unsigned modeOf(const fs::path &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 0777U : 0U;
}

std::vector<std::string> namesIn(const fs::path &folder)
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string report(int n)
{
    return R"({"kind": "information_report", "id": "IR-DISK-)" + std::to_string(n) +
           R"(", "reported_at": "2026-03-14T16:20:00Z", "reporter": {"name": "J. Smith", "agency": "Health"}, )"
           R"("source_type": "professional", "narrative": "Seen near the station with )" +
           std::string(400, 'x') + R"( and a second person."})" + "\n";
}

/// Runs `program` as if its disk held only `limit` more bytes per file (see the top of the file).
ProcessRun runOnAFullDisk(rlim_t limit, const fs::path &program, const std::vector<std::string> &args,
                          const fs::path &scratch)
{
    ::signal(SIGXFSZ, SIG_IGN); // inherited through exec: a write past the limit fails instead
    rlimit saved{};
    ::getrlimit(RLIMIT_FSIZE, &saved);
    rlimit small = saved;
    small.rlim_cur = limit;
    ::setrlimit(RLIMIT_FSIZE, &small);
    ProcessRun run = runProcess(program, args, scratch);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    return run;
}

class OutputSafety : public ::testing::Test {
protected:
    void SetUp() override
    {
        const fs::path good = kTestData / "importers" / "good";
        const auto run = harbour({"import", "--db", m_db.string(), (good / "report.json").string(),
                                  (good / "screening.json").string(), (good / "missing_episode.json").string()});
        ASSERT_EQ(run.exit, 0) << run.err;
        fs::create_directories(m_out);
    }

    ProcessRun harbour(const std::vector<std::string> &args) { return runProcess(kHarbour, args, m_scratch.path()); }
    bool canBrief() { return harbour({"brief", "--help"}).exit == 0; }

    TempDir m_scratch;
    fs::path m_db = m_scratch / "h.db";
    fs::path m_out = m_scratch / "out";
};

TEST_F(OutputSafety, AnOutputOntoAHardLinkReplacesTheNameAndLeavesTheOtherFileAlone)
{
    const fs::path other = m_scratch / "someone-elses.txt";
    writeFile(other, "theirs");
    ASSERT_EQ(::chmod(other.c_str(), 0644), 0);
    std::vector<std::vector<std::string>> commands{
        {"export", "--db", m_db.string(), "--format", "graphml", "--out", (m_out / "n.graphml").string()}};
    if (canBrief()) {
        commands.push_back({"brief", "--db", m_db.string(), "--panel", "--out", (m_out / "b.html").string()});
    }
    for (const auto &command : commands) {
        const fs::path target = command.back();
        fs::create_hard_link(other, target);
        const auto run = harbour(command);
        ASSERT_EQ(run.exit, 0) << command[0] << ": " << run.err;
        EXPECT_EQ(readFile(other), "theirs") << command[0] << " wrote through the hard link";
        EXPECT_EQ(modeOf(other), 0644U) << command[0] << " changed the other name's mode";
        EXPECT_NE(readFile(target), "theirs");
        EXPECT_EQ(modeOf(target), 0600U);
        EXPECT_EQ(fs::hard_link_count(target), 1U);
    }
    EXPECT_EQ(fs::hard_link_count(other), 1U);
}

TEST_F(OutputSafety, ASymbolicLinkAsOutIsRefused)
{
    const fs::path victim = m_scratch / "victim.txt";
    writeFile(victim, "keep");
    fs::create_symlink(victim, m_out / "n.graphml");
    const auto run =
        harbour({"export", "--db", m_db.string(), "--format", "graphml", "--out", (m_out / "n.graphml").string()});
    EXPECT_EQ(run.exit, 2);
    EXPECT_EQ(run.err, "harbour: " + (m_out / "n.graphml").string() +
                           ": will not write over a symbolic link (Harbour never writes through a link)\n");
    EXPECT_EQ(readFile(victim), "keep");
    EXPECT_TRUE(fs::is_symlink(m_out / "n.graphml"));
}

/// The size of the largest file under `path` (a file, or a folder of them).
std::uintmax_t largestFile(const fs::path &path)
{
    if (fs::is_regular_file(path)) {
        return fs::file_size(path);
    }
    std::uintmax_t largest = 0;
    for (const auto &entry : fs::directory_iterator(path)) {
        largest = std::max(largest, fs::file_size(entry.path()));
    }
    return largest;
}

TEST_F(OutputSafety, AnExportOrBriefingOnAFullDiskLeavesNothing)
{
    // A network large enough that its documents outgrow what SQLite needs to open the database
    // (its 32 KiB shared-memory file): the limit then stops the output, not the database.
    const auto generated =
        runProcess(kGenerator, {"--out", (m_scratch / "data").string(), "--reports", "300"}, m_scratch.path());
    ASSERT_EQ(generated.exit, 0) << generated.err;
    const fs::path db = m_scratch / "network.db";
    ASSERT_EQ(harbour({"import", "--db", db.string(), (m_scratch / "data").string()}).exit, 0);
    constexpr rlim_t kLimit = 96 * 1024;

    std::vector<std::vector<std::string>> commands;
    for (const std::string format : {"graphml", "anx", "geojson", "csv"}) {
        commands.push_back({"export", "--db", db.string(), "--format", format, "--as-of", "2026-04-01", "--out",
                            (m_out / ("network." + format)).string()});
    }
    if (canBrief()) {
        for (const std::string name : {"b.html", "b.pdf"}) {
            commands.push_back({"brief", "--db", db.string(), "--panel", "--as-of", "2026-04-01", "--out",
                                (m_out / name).string()});
        }
    }
    int tried = 0;
    for (const auto &command : commands) {
        // With room, the command writes its file; how large it is says whether the limit stops it.
        ASSERT_EQ(harbour(command).exit, 0) << command.back();
        const auto size = largestFile(command.back());
        fs::remove_all(command.back());
        if (size <= 2 * kLimit) {
            continue; // too small to fail on this "disk"
        }
        ++tried;
        const auto run = runOnAFullDisk(kLimit, kHarbour, command, m_scratch.path());
        EXPECT_EQ(run.exit, 2) << command.back() << ": " << run.out << run.err;
        EXPECT_NE(run.err.find("cannot write the file: File too large"), std::string::npos) << run.err;
        EXPECT_TRUE(namesIn(m_out).empty()) << command.back() << " left a file behind";
    }
    EXPECT_GE(tried, 3) << "the network is too small to fill the disk";
}

TEST_F(OutputSafety, AnImportOnAFullDiskNamesTheDatabaseAndWhatWasCommitted)
{
    const fs::path file = m_scratch / "many.jsonl";
    std::string text;
    for (int n = 1; n <= 4000; ++n) {
        text += report(n);
    }
    writeFile(file, text);
    const long long before = Database(m_db).count("SELECT count(*) FROM records");

    const auto run = runOnAFullDisk(2U << 20, kHarbour,
                                    {"import", "--db", m_db.string(), "--commit-every", "100", file.string()},
                                    m_scratch.path());
    ASSERT_EQ(run.exit, 2) << run.out << run.err;
    EXPECT_EQ(run.err.rfind("harbour: " + m_db.string() + ": ", 0), 0U) << run.err;
    std::smatch committed;
    ASSERT_TRUE(std::regex_search(run.err, committed,
                                  std::regex("committed before the failure: ([0-9]+) records of " + file.string() +
                                             " \\(([0-9]+) commit groups\\)")))
        << run.err;
    const long long records = std::stoll(committed[1].str());
    EXPECT_GT(records, 0);
    EXPECT_LT(records, 4000);
    EXPECT_EQ(std::stoll(committed[2].str()), records / 100);
    EXPECT_EQ(Database(m_db).count("SELECT count(*) FROM records"), before + records);
    EXPECT_NE(run.err.find("running the same import again once the cause is fixed stores them"), std::string::npos);

    // Given room, the same import completes it.
    const auto again = harbour({"import", "--db", m_db.string(), file.string()});
    EXPECT_EQ(again.exit, 0) << again.err;
    EXPECT_EQ(again.out, "imported " + std::to_string(4000 - records) + ", unchanged " + std::to_string(records) +
                             ", rejected 0\n");
}

/// A tmpfs of `megabytes`, unmounted on scope exit; mounted() is false where mounting is not allowed.
class SmallDisk {
public:
    SmallDisk(const fs::path &where, int megabytes) : m_where(where)
    {
        fs::create_directories(where);
        const std::string options = "size=" + std::to_string(megabytes) + "m,mode=0700";
        m_mounted = ::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk()
    {
        if (m_mounted) {
            ::umount2(m_where.c_str(), MNT_DETACH);
        }
    }
    SmallDisk(const SmallDisk &) = delete;
    SmallDisk &operator=(const SmallDisk &) = delete;
    bool mounted() const { return m_mounted; }

private:
    fs::path m_where;
    bool m_mounted = false;
};

TEST_F(OutputSafety, ARealFullDiskSaysDatabaseOrDiskIsFullWithThePath)
{
    SmallDisk disk(m_scratch / "small", 2);
    if (!disk.mounted()) {
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root); the RLIMIT_FSIZE test covers the message";
    }
    const fs::path db = m_scratch / "small" / "full.db";
    const fs::path file = m_scratch / "many.jsonl";
    std::string text;
    for (int n = 1; n <= 6000; ++n) {
        text += report(n);
    }
    writeFile(file, text);
    const auto run = harbour({"import", "--db", db.string(), "--commit-every", "100", file.string()});
    ASSERT_EQ(run.exit, 2) << run.out << run.err;
    EXPECT_EQ(run.err.rfind("harbour: " + db.string() + ": ", 0), 0U) << run.err;
    EXPECT_NE(run.err.find("database or disk is full; committed before the failure: "), std::string::npos) << run.err;

    // A briefing or export onto the full disk leaves nothing either.
    const auto exported = harbour({"export", "--db", m_db.string(), "--format", "graphml", "--out",
                                   (m_scratch / "small" / "n.graphml").string()});
    if (exported.exit != 0) {
        EXPECT_FALSE(fs::exists(m_scratch / "small" / "n.graphml"));
    }
}

TEST_F(OutputSafety, ScreenshotsAreOwnerOnlyAndNeverWrittenThroughALink)
{
    if (!fs::exists(kGui)) {
        GTEST_SKIP() << "built without the app";
    }
    const fs::path shots = m_scratch / "shots";
    fs::create_directories(shots);
    const fs::path victim = m_scratch / "victim.txt";
    writeFile(victim, "keep");
    fs::create_symlink(victim, shots / "overview.png");
    const auto run = runProcess(kGui, {"--db", m_db.string(), "--screenshots", shots.string()}, m_scratch.path(),
                                std::chrono::seconds(120));
    EXPECT_EQ(run.exit, 1) << run.err;
    EXPECT_NE(run.err.find((shots / "overview.png").string() + ": will not write over a symbolic link"),
              std::string::npos)
        << run.err;
    EXPECT_TRUE(readFile(victim) == "keep") << "the screenshot was written through the planted link";
    EXPECT_TRUE(fs::is_symlink(shots / "overview.png"));
    int pictures = 0;
    for (const auto &entry : fs::directory_iterator(shots)) {
        if (entry.path().filename() != "overview.png") {
            EXPECT_EQ(entry.path().extension(), ".png") << entry.path();
            EXPECT_EQ(modeOf(entry.path()), 0600U) << entry.path();
            ++pictures;
        }
    }
    EXPECT_GE(pictures, 5);
}

} // namespace
} // namespace harbour::testing::trust
