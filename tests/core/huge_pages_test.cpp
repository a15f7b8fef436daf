#include "harbour/huge_pages.h"

#include "support/temp_dir.h"
#include "trust/trust_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>


namespace harbour {
namespace {

constexpr std::string_view kMadvise = "always [madvise] never\n";

HugePagesContext onThisKindOfMachine()
{
    return {.tunables = std::nullopt, .choice = std::nullopt, .thpModes = kMadvise, .glibcVersion = "2.36"};
}

TEST(HugePages, AskedForWhenTheKernelGivesThemOnRequest)
{
    EXPECT_EQ(hugePagesTunables(onThisKindOfMachine()), "glibc.malloc.hugetlb=1");
}

TEST(HugePages, OtherTunablesAreKept)
{
    auto context = onThisKindOfMachine();
    context.tunables = "glibc.malloc.arena_max=2";
    EXPECT_EQ(hugePagesTunables(context), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
    context.tunables = "";
    EXPECT_EQ(hugePagesTunables(context), "glibc.malloc.hugetlb=1");
}

TEST(HugePages, NotAskedTwiceNorOverAnotherChoice)
{
    auto context = onThisKindOfMachine();
    context.tunables = "glibc.malloc.hugetlb=1"; // our own exec: no loop
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);
    context.tunables = "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0"; // whoever started us said no
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);
}

TEST(HugePages, TurnedOffByTheUser)
{
    auto context = onThisKindOfMachine();
    context.choice = "0";
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);
    context.choice = "1";
    EXPECT_EQ(hugePagesTunables(context), "glibc.malloc.hugetlb=1");
}

TEST(HugePages, NotAskedWhereTheyCannotBeOrNeedNotBe)
{
    auto context = onThisKindOfMachine();
    context.thpModes = "always madvise [never]\n";
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);
    context.thpModes = "[always] madvise never\n";
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);
    context.thpModes = ""; // no /sys: not Linux, or a container without it
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);

    context = onThisKindOfMachine();
    context.ownAllocator = true;
    EXPECT_EQ(hugePagesTunables(context), std::nullopt);
}

TEST(HugePages, OnlyFromGlibc2Point35)
{
    auto context = onThisKindOfMachine();
    for (const char *version : {"2.34", "2.9", "", "2", "abc", "2.x"}) {
        context.glibcVersion = version;
        EXPECT_EQ(hugePagesTunables(context), std::nullopt) << version;
    }
    for (const char *version : {"2.35", "2.36", "2.100", "3.0"}) {
        context.glibcVersion = version;
        EXPECT_EQ(hugePagesTunables(context), "glibc.malloc.hugetlb=1") << version;
    }
}

TEST(HugePages, ATunableIsReadByItsWholeNameAndTheLastOneStands)
{
    EXPECT_EQ(tunableValue("glibc.malloc.hugetlb=1", "glibc.malloc.hugetlb"), "1");
    EXPECT_EQ(tunableValue("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb"), "0");
    // glibc reads them in order (checked here with AnonHugePages of a running process).
    EXPECT_EQ(tunableValue("glibc.malloc.hugetlb=0:glibc.malloc.hugetlb=1", "glibc.malloc.hugetlb"), "1");
    EXPECT_EQ(tunableValue("glibc.malloc.hugetlb=", "glibc.malloc.hugetlb"), "");
    EXPECT_EQ(tunableValue("", "glibc.malloc.hugetlb"), std::nullopt);
    EXPECT_EQ(tunableValue("glibc.malloc.hugetlbx=1", "glibc.malloc.hugetlb"), std::nullopt);
    EXPECT_EQ(tunableValue("glibc.malloc.hugetlb", "glibc.malloc.hugetlb"), std::nullopt);
    EXPECT_EQ(tunableValue("x.glibc.malloc.hugetlb=1", "glibc.malloc.hugetlb"), std::nullopt);

    // A name that merely starts like ours does not stop us asking.
    auto context = onThisKindOfMachine();
    context.tunables = "glibc.malloc.hugetlbx=1";
    EXPECT_EQ(hugePagesTunables(context), "glibc.malloc.hugetlbx=1:glibc.malloc.hugetlb=1");
}

/// This process's arguments as it was started (GoogleTest's main keeps argv to itself).
std::vector<std::string> commandLine()
{
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> out;
    for (std::size_t at = 0; at < all.size();) {
        const std::size_t end = all.find('\0', at);
        out.push_back(all.substr(at, end - at));
        at = end == std::string::npos ? all.size() : end + 1;
    }
    return out;
}

// Run only by HugePages.StartsAgainUnderItsOwnNameWithTheTunable, in a process of its own: calls
// preferHugePages as main does, and the process that goes on writes its name and tunables.
TEST(HugePagesProbe, DISABLED_WritesWhatItSees)
{
    const char *probe = std::getenv("HARBOUR_HUGE_PAGES_PROBE");
    ASSERT_NE(probe, nullptr);
    std::vector<std::string> arguments = commandLine();
    std::vector<char *> argv;
    for (auto &argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    preferHugePages(argv.data());
    std::ifstream comm("/proc/self/comm");
    std::string name;
    std::getline(comm, name);
    const char *tunables = std::getenv("GLIBC_TUNABLES");
    std::ofstream(probe) << name << '\n' << (tunables != nullptr ? tunables : "") << '\n';
}

TEST(HugePages, StartsAgainUnderItsOwnNameWithTheTunable)
{
    const auto expected = hugePagesTunablesHere();
    if (!expected) {
        GTEST_SKIP() << "no huge pages to ask for here (kernel mode, glibc, sanitizer or HARBOUR_HUGE_PAGES=0)";
    }
    harbour::testing::TempDir dir;
    const std::string probe = (dir / "probe").string();
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();

    // Started as /proc/self/exe, as a careless exec would: the kernel names that process "exe".
    // The probe's file goes to it in the environment, which runProcess passes on.
    ASSERT_EQ(setenv("HARBOUR_HUGE_PAGES_PROBE", probe.c_str(), 1), 0);
    const auto run = harbour::testing::trust::runProcess(
        "/proc/self/exe", {"--gtest_filter=HugePagesProbe.DISABLED_WritesWhatItSees", "--gtest_also_run_disabled_tests"},
        dir.path());
    unsetenv("HARBOUR_HUGE_PAGES_PROBE");
    ASSERT_EQ(run.exit, 0) << run.err;

    std::ifstream in(probe);
    std::string name;
    std::string tunables;
    std::getline(in, name);
    std::getline(in, tunables);
    EXPECT_EQ(name, std::filesystem::path(self).filename().string().substr(0, 15)); // TASK_COMM_LEN - 1
    EXPECT_EQ(tunables, *expected);
    EXPECT_EQ(tunableValue(tunables, "glibc.malloc.hugetlb"), "1");
}

} // namespace
} // namespace harbour
