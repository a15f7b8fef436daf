// Everything Harbour writes about children is owner-only (0600), whatever the umask: the database
// and its journal files, every export format and both briefing formats, including a file that
// already existed with wider permissions.

#include "trust_support.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

unsigned modeOf(const fs::path &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return 0;
    }
    return st.st_mode & 0777U;
}

/// A umask that would leave new files readable and writable by everyone, for the test's lifetime.
class OpenUmask {
public:
    OpenUmask() : m_saved(::umask(0)) {}
    ~OpenUmask() { ::umask(m_saved); }
    OpenUmask(const OpenUmask &) = delete;
    OpenUmask &operator=(const OpenUmask &) = delete;

private:
    mode_t m_saved;
};

class PrivateFiles : public ::testing::Test {
protected:
    void SetUp() override
    {
        const fs::path good = kTestData / "importers" / "good";
        const auto run = harbour({"import", "--db", m_db.string(), (good / "report.json").string(),
                                  (good / "screening.json").string(), (good / "missing_episode.json").string()});
        ASSERT_EQ(run.exit, 0) << run.err;
    }

    ProcessRun harbour(const std::vector<std::string> &args) { return runProcess(kHarbour, args, m_scratch.path()); }

    OpenUmask m_umask;
    TempDir m_scratch;
    fs::path m_db = m_scratch / "private.db";
};

TEST_F(PrivateFiles, DatabaseAndItsJournalsAreOwnerOnly)
{
    EXPECT_EQ(modeOf(m_db), 0600U);
    for (const char *suffix : {"-wal", "-shm"}) {
        const fs::path journal = m_db.string() + suffix;
        if (fs::exists(journal)) {
            EXPECT_EQ(modeOf(journal), 0600U) << journal;
        }
    }
}

TEST_F(PrivateFiles, EveryExportFormatIsOwnerOnlyEvenOverAWiderExistingFile)
{
    for (const std::string format : {"graphml", "anx", "geojson"}) {
        const fs::path out = m_scratch / ("network." + format);
        writeFile(out, "old");
        ASSERT_EQ(::chmod(out.c_str(), 0644), 0);
        const auto run = harbour({"export", "--db", m_db.string(), "--format", format, "--out", out.string(),
                                  "--as-of", "2026-04-01"});
        ASSERT_EQ(run.exit, 0) << format << ": " << run.err;
        EXPECT_EQ(modeOf(out), 0600U) << format;
        EXPECT_NE(readFile(out), "old") << format;
    }
    const fs::path tables = m_scratch / "tables";
    const auto run = harbour({"export", "--db", m_db.string(), "--format", "csv", "--out", tables.string(), "--as-of",
                              "2026-04-01"});
    ASSERT_EQ(run.exit, 0) << run.err;
    int files = 0;
    for (const auto &entry : fs::directory_iterator(tables)) {
        EXPECT_EQ(modeOf(entry.path()), 0600U) << entry.path();
        ++files;
    }
    EXPECT_EQ(files, 7);
}

TEST_F(PrivateFiles, BriefingsAreOwnerOnly)
{
    if (harbour({"brief", "--help"}).exit != 0) {
        GTEST_SKIP() << "built without the briefing renderer (HARBOUR_BUILD_GUI=OFF)";
    }
    for (const std::string name : {"panel.html", "panel.pdf"}) {
        const fs::path out = m_scratch / name;
        const auto run = harbour({"brief", "--db", m_db.string(), "--panel", "--out", out.string(), "--as-of",
                                  "2026-04-01"});
        ASSERT_EQ(run.exit, 0) << name << ": " << run.err;
        EXPECT_EQ(modeOf(out), 0600U) << name;
    }
}

} // namespace
} // namespace harbour::testing::trust
