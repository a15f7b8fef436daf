// harbour-generate: writes a seeded synthetic data set (see docs/generator.md).

#include "generator.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view kUsage =
    "usage: harbour-generate --out DIR [--reports N] [--seed S] [--hard]\n"
    "  --out DIR      folder for reports.jsonl, screenings.jsonl, missing.jsonl, ground-truth.json\n"
    "  --reports N    information reports to write (default 300, at least 1)\n"
    "  --seed S       seed; the same seed and N give the same bytes (default 42)\n"
    "  --hard         less kind data: chain-shaped networks, nickname-only suspects, shared hubs, noise links\n";

template <typename T>
bool parseNumber(std::string_view text, T &out)
{
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

int usageError(const std::string &message)
{
    std::fprintf(stderr, "harbour-generate: %s\n%.*s", message.c_str(), static_cast<int>(kUsage.size()),
                 kUsage.data());
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    harbour::generator::GeneratorOptions options;
    bool haveOut = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
            return 0;
        }
        if (arg == "--hard") {
            options.hard = true;
            continue;
        }
        if (arg != "--out" && arg != "--reports" && arg != "--seed") {
            return usageError("unknown argument '" + std::string(arg) + "'");
        }
        if (i + 1 >= argc) {
            return usageError(std::string(arg) + " needs a value");
        }
        const std::string_view value = argv[++i];
        if (arg == "--out") {
            options.outDir = std::string(value);
            haveOut = !value.empty();
        } else if (arg == "--reports") {
            if (!parseNumber(value, options.reports) || options.reports < 1) {
                return usageError("--reports must be a whole number of at least 1, not '" + std::string(value) + "'");
            }
        } else if (!parseNumber(value, options.seed)) {
            return usageError("--seed must be a whole number from 0 to 18446744073709551615, not '" +
                              std::string(value) + "'");
        }
    }
    if (!haveOut) {
        return usageError("--out is required");
    }

    const auto started = std::chrono::steady_clock::now();
    harbour::generator::Generator generator(options);
    std::string error;
    if (!generator.run(error)) {
        std::fprintf(stderr, "harbour-generate: %s\n", error.c_str());
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto &s = generator.summary();
    std::printf("wrote %lld reports, %lld screenings, %lld missing episodes; %lld networks (%lld organised, %lld "
                "single, %lld online), %lld children, %lld suspects to %s in %.2f s\n",
                static_cast<long long>(s.reports), static_cast<long long>(s.screenings),
                static_cast<long long>(s.missingEpisodes), static_cast<long long>(s.networks),
                static_cast<long long>(s.organisedNetworks), static_cast<long long>(s.singleCases),
                static_cast<long long>(s.onlineCases), static_cast<long long>(s.children),
                static_cast<long long>(s.suspects), options.outDir.string().c_str(), seconds);
    return 0;
}
