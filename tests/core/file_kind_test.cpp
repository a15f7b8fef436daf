// Why a path cannot be read as a regular file: one description (harbour/file_kind.h) that every
// input uses, so that a named pipe, a symlink loop or /dev/null is called what it is and never
// "not found".

#include "harbour/file_kind.h"
#include "harbour/review.h"
#include "harbour/risk.h"
#include "harbour/tactics.h"

#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <string>

namespace harbour {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

void writeText(const fs::path &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary) << text;
}

std::string reason(const fs::path &path)
{
    const auto problem = whyUnreadable(path);
    return problem ? problem->reason : "readable";
}

/// Runs `check` as an unprivileged user when the tests run as root (root reads every file, so a
/// permission can only be tested without it); true when it returns true.
bool withoutPrivilege(const std::function<bool()> &check)
{
    if (::geteuid() != 0) {
        return check();
    }
    constexpr uid_t kNobody = 65534;
    const pid_t child = ::fork();
    if (child == 0) {
        const bool dropped = ::setgid(kNobody) == 0 && ::setuid(kNobody) == 0;
        ::_exit(dropped && check() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(FileKind, ARegularReadableFileHasNoProblem)
{
    TempDir dir;
    writeText(dir / "a.json", "{}");
    EXPECT_FALSE(whyUnreadable(dir / "a.json").has_value());
    EXPECT_FALSE(notARegularFile(dir / "a.json").has_value());
    EXPECT_FALSE(notARegularFile(dir / "absent").has_value());
}

TEST(FileKind, NamesWhatIsThereInsteadOfAFile)
{
    TempDir dir;
    ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
    fs::create_symlink(dir / "loop-a", dir / "loop-b");
    fs::create_symlink(dir / "loop-b", dir / "loop-a");
    fs::create_symlink(dir / "gone", dir / "dangling");
    fs::create_directory(dir / "folder");

    EXPECT_EQ(reason(dir / "absent"), "no such file");
    EXPECT_TRUE(whyUnreadable(dir / "absent")->missing);
    EXPECT_EQ(reason(dir / "dangling"), "a symbolic link to a file that does not exist");
    EXPECT_TRUE(whyUnreadable(dir / "dangling")->missing);
    EXPECT_EQ(reason(dir / "pipe"), "a named pipe, not a regular file"); // recognised, never opened: no hang
    EXPECT_FALSE(whyUnreadable(dir / "pipe")->missing);
    EXPECT_EQ(reason(dir / "loop-a"), "a symlink loop");
    EXPECT_EQ(reason(dir / "folder"), "a folder, not a file");
    EXPECT_EQ(reason("/dev/null"), "a device, not a regular file");

    EXPECT_EQ(notARegularFile(dir / "dangling"), "a symbolic link");
    EXPECT_EQ(notARegularFile(dir / "pipe"), "a named pipe, not a regular file");
    EXPECT_EQ(notARegularFile(dir / "folder"), "a folder, not a file");
}

TEST(FileKind, NamesASocket)
{
    TempDir dir;
    const fs::path path = dir / "s";
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    ASSERT_LT(path.string().size(), sizeof address.sun_path);
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    EXPECT_EQ(reason(path), "a socket, not a regular file");
    ::close(fd);
}

TEST(FileKind, NamesAFileItMayNotRead)
{
    TempDir dir;
    ::chmod(dir.path().c_str(), 0755);
    writeText(dir / "secret.json", "{}");
    ASSERT_EQ(::chmod((dir / "secret.json").c_str(), 0), 0);
    EXPECT_TRUE(withoutPrivilege([&] { return reason(dir / "secret.json") == "not readable: permission denied"; }));
}

TEST(FileKind, EveryPolicyAndCatalogueSaysWhatThePathReallyIs)
{
    TempDir dir;
    ASSERT_EQ(::mkfifo((dir / "pipe.json").c_str(), 0600), 0);
    fs::create_symlink(dir / "loop-a", dir / "loop-b");
    fs::create_symlink(dir / "loop-b", dir / "loop-a");
    writeText(dir / "empty.json", "");

    const auto device = RiskPolicy::load("/dev/null");
    ASSERT_FALSE(device.ok());
    EXPECT_EQ(device.error().toString(), "/dev/null: cannot read the policy file: a device, not a regular file");
    EXPECT_EQ(device.error().code, ErrorCode::Io);
    const auto pipe = RiskPolicy::load(dir / "pipe.json");
    ASSERT_FALSE(pipe.ok());
    EXPECT_EQ(pipe.error().message, "cannot read the policy file: a named pipe, not a regular file");
    const auto loop = RiskPolicy::load(dir / "loop-a");
    ASSERT_FALSE(loop.ok());
    EXPECT_EQ(loop.error().message, "cannot read the policy file: a symlink loop");
    const auto empty = RiskPolicy::load(dir / "empty.json");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message, "the policy file is empty");
    const auto missing = RiskPolicy::load(dir / "absent.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "policy file not found");
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    const auto review = ReviewPolicy::load(dir / "pipe.json");
    ASSERT_FALSE(review.ok());
    EXPECT_EQ(review.error().message, "cannot read the review policy: a named pipe, not a regular file");
    const auto tactics = TacticsCatalogue::load(dir / "loop-a");
    ASSERT_FALSE(tactics.ok());
    EXPECT_EQ(tactics.error().message, "cannot read the tactics catalogue: a symlink loop");
}

} // namespace
} // namespace harbour
