// A database this user may only read can be read: the commands that only read open it read-only
// (and leave nothing beside it), the ones that write or audit a disclosure say why they cannot.
// A database others can read is named on stderr, with the way to fix it, and
// `harbour check --fix-permissions` fixes it. Root ignores file modes, so the read-only cases run
// the binary as an unprivileged user (nobody, through setpriv) when the tests run as root.

#include "trust_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

constexpr uid_t kNobody = 65534;
const fs::path kSetpriv = "/usr/bin/setpriv";

unsigned modeOf(const fs::path &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 07777U : 0U;
}

std::set<std::string> filesIn(const fs::path &folder)
{
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

class ReadOnly : public ::testing::Test {
protected:
    void SetUp() override
    {
        const fs::path good = kTestData / "importers" / "good";
        const auto run = harbour({"import", "--db", m_db.string(), (good / "report.json").string(),
                                  (good / "screening.json").string(), (good / "missing_episode.json").string()});
        ASSERT_EQ(run.exit, 0) << run.err;
        // The scratch folder holds the captured output, written by this process; the database goes
        // in a folder of its own, whose owner and mode each test sets.
        fs::create_directories(m_folder);
        fs::rename(m_db, m_folder / "harbour.db");
        m_db = m_folder / "harbour.db";
        ASSERT_EQ(::chmod(m_scratch.path().c_str(), 0755), 0);
    }

    ProcessRun harbour(const std::vector<std::string> &args) { return runProcess(kHarbour, args, m_scratch.path()); }

    /// `harbour args...` as a user the file modes apply to: this one when not root, else nobody.
    ProcessRun harbourUnprivileged(const std::vector<std::string> &args)
    {
        if (::geteuid() != 0) {
            return harbour(args);
        }
        std::vector<std::string> full{"--reuid=" + std::to_string(kNobody), "--regid=" + std::to_string(kNobody),
                                      "--clear-groups", kHarbour.string()};
        full.insert(full.end(), args.begin(), args.end());
        return runProcess(kSetpriv, full, m_scratch.path());
    }

    /// The user harbourUnprivileged runs as owns the folder and a 0400 database in it.
    void ownReadOnly()
    {
        if (::geteuid() == 0) {
            ASSERT_EQ(::chown(m_folder.c_str(), kNobody, kNobody), 0);
            ASSERT_EQ(::chown(m_db.c_str(), kNobody, kNobody), 0);
        }
        ASSERT_EQ(::chmod(m_db.c_str(), 0400), 0);
    }

    bool canDropPrivileges() const { return ::geteuid() != 0 || fs::exists(kSetpriv); }

    TempDir m_scratch;
    fs::path m_folder = m_scratch / "data";
    fs::path m_db = m_scratch / "harbour.db";
};

const std::string kReviewPolicy = (kTestData / ".." / ".." / "data" / "review-policy.json").string();

const std::vector<std::vector<std::string>> kReadingCommands = {
    {"children"}, {"entities"}, {"show", "1"}, {"analyse"}, {"clusters"}, {"hotspots"}, {"suggest"}, {"merges"},
    {"audit"}, {"audit", "verify"}, {"review-due", "--policy", kReviewPolicy}, {"check"}, {"disruption"},
    {"identities"}, {"timeline", "--entity", "1"}, {"when"}};

std::vector<std::string> onDb(std::vector<std::string> command, const fs::path &db)
{
    command.insert(command.end(), {"--db", db.string()});
    return command;
}

TEST_F(ReadOnly, EveryReadingCommandReadsA0400DatabaseItsUserOwns)
{
    if (!canDropPrivileges()) {
        GTEST_SKIP() << "running as root without setpriv: file modes cannot be tested";
    }
    ownReadOnly();
    const auto before = readFile(m_db);
    for (const auto &command : kReadingCommands) {
        const auto run = harbourUnprivileged(onDb(command, m_db));
        EXPECT_EQ(run.exit, 0) << command.front() << ": " << run.err;
        EXPECT_EQ(run.err.find("Permission denied"), std::string::npos) << command.front() << ": " << run.err;
    }
    EXPECT_EQ(readFile(m_db), before);
    EXPECT_EQ(filesIn(m_folder), std::set<std::string>{"harbour.db"}) << "nothing is left beside it";
}

TEST_F(ReadOnly, ReadingWorksInAFolderItsUserCannotWrite)
{
    if (!canDropPrivileges() || ::geteuid() != 0) {
        GTEST_SKIP() << "needs root to give the database to another user";
    }
    // Owned by root, readable by all (so it warns too), in a folder nobody may not write: SQLite
    // cannot make its -shm file there, so Harbour reads it as an immutable file.
    ASSERT_EQ(::chmod(m_db.c_str(), 0644), 0);
    for (const auto &command : kReadingCommands) {
        const auto run = harbourUnprivileged(onDb(command, m_db));
        EXPECT_EQ(run.exit, 0) << command.front() << ": " << run.err;
    }
    EXPECT_EQ(filesIn(m_folder), std::set<std::string>{"harbour.db"});
    const auto json = harbourUnprivileged({"children", "--db", m_db.string(), "--json"});
    EXPECT_EQ(json.exit, 0) << json.err;
    EXPECT_EQ(json.out, harbour({"children", "--db", m_db.string(), "--json"}).out) << "the same as its owner reads";
}

TEST_F(ReadOnly, CommandsThatWriteOrAuditSayWhyTheyCannot)
{
    if (!canDropPrivileges()) {
        GTEST_SKIP() << "running as root without setpriv: file modes cannot be tested";
    }
    ownReadOnly();
    const auto before = readFile(m_db);
    const std::vector<std::vector<std::string>> writing = {
        {"brief", "--panel", "--out", (m_folder / "brief.html").string()},
        {"export", "--format", "graphml", "--out", (m_folder / "network.graphml").string()},
        {"review-done", "IR-2026-000123", "--note", "reviewed"},
    };
    for (const auto &command : writing) {
        const auto run = harbourUnprivileged(onDb(command, m_db));
        EXPECT_EQ(run.exit, 2) << command.front() << ": " << run.out << run.err;
        EXPECT_NE(run.err.find("cannot write to the database"), std::string::npos)
            << command.front() << ": " << run.err;
        EXPECT_NE(run.err.find("audit log"), std::string::npos) << run.err;
        EXPECT_NE(run.err.find(m_db.string()), std::string::npos) << run.err;
    }
    EXPECT_EQ(readFile(m_db), before);
    EXPECT_FALSE(fs::exists(m_folder / "brief.html"));
    EXPECT_FALSE(fs::exists(m_folder / "network.graphml"));
}

TEST_F(ReadOnly, ASharedDatabaseIsNamedOnStderrOnceAndJsonStaysExact)
{
    ASSERT_EQ(::chmod(m_db.c_str(), 0600), 0);
    const auto quiet = harbour({"entities", "--db", m_db.string(), "--json"});
    ASSERT_EQ(quiet.exit, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "");

    for (const unsigned mode : {0644U, 0666U, 0640U}) {
        ASSERT_EQ(::chmod(m_db.c_str(), mode), 0);
        const auto run = harbour({"entities", "--db", m_db.string(), "--json"});
        ASSERT_EQ(run.exit, 0) << run.err;
        EXPECT_EQ(run.out, quiet.out) << "stdout stays exact";
        char octal[8];
        std::snprintf(octal, sizeof octal, "%04o", mode);
        const std::string expected = "warning: " + m_db.string() + " has mode " + octal;
        EXPECT_EQ(run.err.rfind(expected, 0), 0U) << run.err;
        EXPECT_EQ(run.err.find("warning", 1), std::string::npos) << "once: " << run.err;
        EXPECT_NE(run.err.find("harbour check --db " + m_db.string() + " --fix-permissions"), std::string::npos)
            << run.err;
    }
    // Whichever command opens it.
    const auto merge = harbour({"merges", "--db", m_db.string()});
    EXPECT_NE(merge.err.find("has mode 0640"), std::string::npos) << merge.err;
}

TEST_F(ReadOnly, FixPermissionsMakesTheDatabaseAndItsJournalsPrivate)
{
    ASSERT_EQ(::chmod(m_db.c_str(), 0644), 0);
    // A connection held open keeps the -wal and -shm files, which SQLite makes with the database's mode.
    Database open(m_db);
    open.one("SELECT count(*) FROM records");
    ASSERT_TRUE(fs::exists(m_db.string() + "-wal"));
    ASSERT_EQ(modeOf(m_db.string() + "-wal"), 0644U);

    const auto run = harbour({"check", "--db", m_db.string(), "--fix-permissions"});
    EXPECT_EQ(run.exit, 0) << run.out << run.err;
    for (const char *suffix : {"", "-wal", "-shm"}) {
        const fs::path file = m_db.string() + suffix;
        EXPECT_EQ(modeOf(file), 0600U) << file;
        EXPECT_NE(run.out.find("made private (owner only): " + file.string() + "\n"), std::string::npos) << run.out;
    }
    EXPECT_NE(run.out.find("intact: "), std::string::npos) << run.out;
    EXPECT_EQ(run.err.find("warning"), std::string::npos) << "fixed before the database is opened: " << run.err;

    const auto again = harbour({"check", "--db", m_db.string(), "--fix-permissions", "--json"});
    EXPECT_EQ(again.exit, 0) << again.err;
    const auto document = nlohmann::json::parse(again.out);
    EXPECT_EQ(document.at("permissions").at("private"), true);
    EXPECT_TRUE(document.at("permissions").at("fixed").empty());
}

} // namespace
} // namespace harbour::testing::trust
