// PrivateFile, which every export, briefing and screenshot goes through: a temporary file in the
// target's folder renamed over the target, so that a link is never written through and a failed
// write (a full disk) leaves nothing behind.

#include "harbour/exporters/exporter.h"

#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace harbour {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

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

/// Runs `write` in a child process that may write files of at most `limit` bytes, as on a full
/// disk (RLIMIT_FSIZE: the write fails with EFBIG; SIGXFSZ is ignored so that it is not killed).
/// True when `write` reported a failure.
bool failsOnAFullDisk(rlim_t limit, const std::function<bool()> &write)
{
    const pid_t child = ::fork();
    if (child == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit small{limit, limit};
        ::setrlimit(RLIMIT_FSIZE, &small);
        ::_exit(write() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(PrivateFile, AHardLinkedTargetIsReplacedNotWrittenThrough)
{
    TempDir dir;
    const fs::path other = dir / "someone-elses.txt";
    std::ofstream(other) << "theirs";
    ASSERT_EQ(::chmod(other.c_str(), 0644), 0);
    const fs::path target = dir / "briefing.html";
    fs::create_hard_link(other, target);

    ASSERT_TRUE(exporters::writePrivateFile(target, "ours").ok());
    EXPECT_EQ(readText(target), "ours");
    EXPECT_EQ(modeOf(target), 0600U);
    EXPECT_EQ(readText(other), "theirs");
    EXPECT_EQ(modeOf(other), 0644U); // not chmodded through the link either
    EXPECT_EQ(fs::hard_link_count(other), 1U);
}

TEST(PrivateFile, RefusesASymbolicLinkAFolderOrAPipeAtTheTarget)
{
    TempDir dir;
    const fs::path victim = dir / "victim.txt";
    std::ofstream(victim) << "keep";
    fs::create_symlink(victim, dir / "link.html");
    fs::create_directory(dir / "folder.html");
    ASSERT_EQ(::mkfifo((dir / "pipe.html").c_str(), 0600), 0);

    const auto link = exporters::writePrivateFile(dir / "link.html", "x");
    ASSERT_FALSE(link.ok());
    EXPECT_EQ(link.error().message, "will not write over a symbolic link (Harbour never writes through a link)");
    EXPECT_TRUE(fs::is_symlink(dir / "link.html"));
    EXPECT_EQ(readText(victim), "keep");
    EXPECT_FALSE(exporters::writePrivateFile(dir / "folder.html", "x").ok());
    EXPECT_TRUE(fs::is_directory(dir / "folder.html"));
    const auto pipe = exporters::writePrivateFile(dir / "pipe.html", "x");
    ASSERT_FALSE(pipe.ok());
    EXPECT_EQ(pipe.error().message, "will not write over a named pipe, not a regular file");
    EXPECT_EQ(namesIn(dir.path()), (std::vector<std::string>{"folder.html", "link.html", "pipe.html", "victim.txt"}));
}

TEST(PrivateFile, AFailedWriteLeavesNothingAndKeepsTheOldFile)
{
    TempDir dir;
    const fs::path fresh = dir / "fresh.graphml";
    const std::string big(1 << 20, 'x');
    EXPECT_TRUE(failsOnAFullDisk(4096, [&] { return !exporters::writePrivateFile(fresh, big).ok(); }));
    EXPECT_TRUE(namesIn(dir.path()).empty()) << "a partial or temporary file was left behind";

    const fs::path old = dir / "old.graphml";
    std::ofstream(old) << "the previous export";
    EXPECT_TRUE(failsOnAFullDisk(4096, [&] {
        exporters::PrivateFile file(old);
        return !(file.open().ok() && file.write("start").ok() && file.write(big).ok() && file.close().ok());
    }));
    EXPECT_EQ(readText(old), "the previous export");
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"old.graphml"});
}

TEST(PrivateFile, AnAbandonedFileLeavesNothing)
{
    TempDir dir;
    {
        exporters::PrivateFile file(dir / "half.anx");
        ASSERT_TRUE(file.open().ok());
        ASSERT_TRUE(file.write("<half").ok());
        EXPECT_EQ(namesIn(dir.path()).size(), 1U); // the temporary file, hidden
        EXPECT_FALSE(fs::exists(dir / "half.anx"));
    }
    EXPECT_TRUE(namesIn(dir.path()).empty());
}

TEST(PrivateFile, TheTemporaryFileIsOwnerOnlyWhateverTheUmask)
{
    TempDir dir;
    const mode_t saved = ::umask(0);
    exporters::PrivateFile file(dir / "out.csv");
    ASSERT_TRUE(file.open().ok());
    const auto names = namesIn(dir.path());
    ASSERT_EQ(names.size(), 1U);
    EXPECT_EQ(names.front().rfind(".out.csv.", 0), 0U) << names.front();
    EXPECT_EQ(modeOf(dir / names.front()), 0600U);
    ASSERT_TRUE(file.close().ok());
    ::umask(saved);
    EXPECT_EQ(modeOf(dir / "out.csv"), 0600U);
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"out.csv"});
}

} // namespace
} // namespace harbour
