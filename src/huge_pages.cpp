#include "harbour/huge_pages.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#include <unistd.h>
#endif

namespace harbour {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kOwnAllocator = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kOwnAllocator = true;
#else
constexpr bool kOwnAllocator = false;
#endif
#else
constexpr bool kOwnAllocator = false;
#endif

constexpr std::string_view kHugetlb = "glibc.malloc.hugetlb";
constexpr std::string_view kTunable = "glibc.malloc.hugetlb=1";

/// "2.36" is at least 2.35.
bool hasTunable(std::string_view glibcVersion)
{
    int major = 0;
    int minor = 0;
    const char *end = glibcVersion.data() + glibcVersion.size();
    auto [afterMajor, majorError] = std::from_chars(glibcVersion.data(), end, major);
    if (majorError != std::errc{} || afterMajor == end || *afterMajor != '.') {
        return false;
    }
    if (std::from_chars(afterMajor + 1, end, minor).ec != std::errc{}) {
        return false;
    }
    return major > 2 || (major == 2 && minor >= 35);
}

std::optional<std::string_view> environment(const char *name)
{
    const char *value = std::getenv(name);
    return value == nullptr ? std::nullopt : std::optional<std::string_view>(value);
}

/// The kernel's transparent huge page modes, the one in force in brackets; empty without them.
std::string thpModes()
{
    std::ifstream modesFile("/sys/kernel/mm/transparent_hugepage/enabled");
    return {std::istreambuf_iterator<char>(modesFile), std::istreambuf_iterator<char>()};
}

} // namespace

std::optional<std::string> hugePagesTunables(const HugePagesContext &context)
{
    if (context.ownAllocator || context.choice == "0") {
        return std::nullopt;
    }
    if (context.tunables && tunableValue(*context.tunables, kHugetlb)) {
        return std::nullopt;
    }
    if (!hasTunable(context.glibcVersion) || context.thpModes.find("[madvise]") == std::string_view::npos) {
        return std::nullopt;
    }
    if (!context.tunables || context.tunables->empty()) {
        return std::string(kTunable);
    }
    return std::string(*context.tunables) + ":" + std::string(kTunable);
}

std::optional<std::string_view> tunableValue(std::string_view tunables, std::string_view name)
{
    std::optional<std::string_view> value;
    while (!tunables.empty()) {
        const std::size_t end = tunables.find(':');
        const std::string_view item = tunables.substr(0, end);
        if (item.size() > name.size() && item.starts_with(name) && item[name.size()] == '=') {
            value = item.substr(name.size() + 1); // glibc reads them in order: the last one stands
        }
        tunables = end == std::string_view::npos ? std::string_view{} : tunables.substr(end + 1);
    }
    return value;
}

std::optional<std::string> mallocHugetlbHere()
{
    const auto tunables = environment("GLIBC_TUNABLES");
    const auto value = tunables ? tunableValue(*tunables, kHugetlb) : std::nullopt;
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

std::optional<std::string> hugePagesTunablesHere()
{
#if defined(__GLIBC__)
    const std::string modes = thpModes();
    return hugePagesTunables({.tunables = environment("GLIBC_TUNABLES"),
                              .choice = environment("HARBOUR_HUGE_PAGES"),
                              .thpModes = modes,
                              .glibcVersion = gnu_get_libc_version(),
                              .ownAllocator = kOwnAllocator});
#else
    return std::nullopt;
#endif
}

void preferHugePages(char **argv)
{
#if defined(__GLIBC__)
    if (argv == nullptr || kOwnAllocator) {
        return;
    }
    const auto wanted = hugePagesTunablesHere();
    if (!wanted) {
        return;
    }
    // The program's own path, not /proc/self/exe: the kernel names a process after the file it
    // execs, and `ps`, `top` and `pkill harbour` should still see "harbour". A program deleted
    // since it started reads as "... (deleted)", which does not exec: it runs on as it is.
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return;
    }
    const auto tunables = environment("GLIBC_TUNABLES");
    const std::optional<std::string> before = tunables ? std::optional<std::string>(*tunables) : std::nullopt;
    if (setenv("GLIBC_TUNABLES", wanted->c_str(), 1) != 0) {
        return;
    }
    execv(self.c_str(), argv);
    // Only reached when the exec failed: run on with ordinary pages, and leave the environment
    // as it was for the programs we start.
    if (before) {
        setenv("GLIBC_TUNABLES", before->c_str(), 1);
    } else {
        unsetenv("GLIBC_TUNABLES");
    }
#else
    (void)argv;
#endif
}

} // namespace harbour
