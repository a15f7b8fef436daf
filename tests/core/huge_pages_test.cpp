#include "harbour/huge_pages.h"

#include <gtest/gtest.h>

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

} // namespace
} // namespace harbour
