#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace harbour {

/// Starts the program again, once, with glibc's malloc asking the kernel for transparent huge
/// pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), and returns only when it does not (see
/// hugePagesTunables) or when the exec fails. Call it first thing in main, before any thread
/// or file is opened: the process image is replaced. HARBOUR_HUGE_PAGES=0 turns it off.
///
/// Why: Harbour's snapshot, graph and analyses are millions of small heap objects, and on a
/// virtual machine every fresh 4 KiB page costs a fault of microseconds. With 2 MiB pages the
/// analyses took 0.58x the time at 1M reports and 0.70x at 100k (docs/benchmarks.md, "Huge pages").
/// The program execs its own path, so that it keeps its name in ps, top and pkill.
void preferHugePages(char **argv);

/// What preferHugePages sees of its process and machine.
struct HugePagesContext {
    std::optional<std::string_view> tunables; ///< GLIBC_TUNABLES, if set
    std::optional<std::string_view> choice;   ///< HARBOUR_HUGE_PAGES, if set
    std::string_view thpModes;                ///< /sys/kernel/mm/transparent_hugepage/enabled
    std::string_view glibcVersion;            ///< gnu_get_libc_version(); empty without glibc
    bool ownAllocator = false;                ///< a sanitizer replaces malloc
};

/// The GLIBC_TUNABLES to start again with, or nullopt to run on as we are: when the tunable is
/// already set (by our own exec, or by whoever started us: theirs stands), when the choice is
/// "0", when the kernel's THP mode is not "madvise" ("always" needs no asking, "never" cannot be
/// asked), when glibc is older than 2.35 (it has no such tunable), or under a sanitizer. Other
/// tunables already set are kept.
std::optional<std::string> hugePagesTunables(const HugePagesContext &context);

/// hugePagesTunables for this process on this machine: what preferHugePages would start again with.
std::optional<std::string> hugePagesTunablesHere();

/// The value `name` has in a GLIBC_TUNABLES string ("a.b=1:c.d=2"), or nullopt when not set there.
std::optional<std::string_view> tunableValue(std::string_view tunables, std::string_view name);

/// The glibc.malloc.hugetlb this process runs with ("1": transparent huge pages asked for), or
/// nullopt when it is not set: for benchmarks to say which way they ran.
std::optional<std::string> mallocHugetlbHere();

} // namespace harbour
