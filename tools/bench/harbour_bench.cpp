// harbour-bench: times the analysis stages of a loaded database through the library
// (see docs/benchmarks.md). Import is timed by tools/bench/run.sh through the real `harbour` CLI.

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/clusters.h"
#include "harbour/analysis/graph.h"
#include "harbour/analysis/priorities.h"
#include "harbour/analysis/suggestions.h"
#include "harbour/huge_pages.h"
#include "harbour/importers/import_job.h"
#include "harbour/risk.h"
#include "harbour/store.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <streambuf>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace analysis = harbour::analysis;

constexpr std::string_view kUsage =
    "usage: harbour-bench analyse --db FILE [--as-of YYYY-MM-DD] [--edges FILE] [--dump FILE]\n"
    "                           [--no-suggestions] [--serial] [--trace]\n"
    "  Opens the database read-only, reads the snapshot, then times the graph build and each\n"
    "  analysis stage; prints one JSON object (milliseconds, counts, peak RSS in KiB).\n"
    "  all_stages_ms is the wall time of every stage together, the suggestions running beside the\n"
    "  graph-to-priorities pipeline as the product runs them (analyseWithSuggestions);\n"
    "  all_stages_cpu_ms the process's CPU time (user + system) over the same span.\n"
    "  --as-of DATE      the analysis day (default 2026-11-21, the day after harbour-generate's range)\n"
    "  --edges FILE      also write the clustering graph as 'a b weight' lines (0-based vertices)\n"
    "  --dump FILE       write the results (analyse's JSON and the suggestions, no timings) to compare builds\n"
    "  --no-suggestions  skip who-is-who suggestions\n"
    "  --serial          run the suggestions after the pipeline, not beside it (each stage alone)\n"
    "  --trace           time and resident memory after each step, on stderr\n"
    "\n"
    "usage: harbour-bench suggest --db FILE [--as-of YYYY-MM-DD] [--runs N] [--dump FILE] [--memo]\n"
    "  Reads the snapshot once, then runs the who-is-who suggestions N times (default 3) on it;\n"
    "  prints one JSON object: each run's milliseconds, their median, CPU, counts, peak RSS.\n"
    "  --dump FILE       write the suggestions (as `harbour suggest --json`) to compare builds\n"
    "  --memo            each run makes a memo and each run after the first starts from the last\n"
    "                    one's (SuggestionMemo): on the same snapshot every pair is reused, the\n"
    "                    most reuse can save; prints the pairs reused and scored per run\n"
    "\n"
    "usage: harbour-bench extend --db FILE --import FILE [--import FILE ...] [--as-of YYYY-MM-DD] [--runs N]\n"
    "  Reads the snapshot, imports the files INTO THE DATABASE (give it a copy), then N times\n"
    "  (default 3): extends the first snapshot by the import (Store::snapshotAfter, as the app's\n"
    "  reload does), reads the snapshot afresh, and copies the first snapshot (what extending pays\n"
    "  before it reads anything); prints each one's milliseconds, their\n"
    "  medians, and whether the extended snapshot is the fresh one (\"same\").\n";

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

long peakRssKiB();

/// Counts what is written to it and keeps none of it.
struct CountingBuffer : std::streambuf {
    std::uint64_t bytes = 0;

protected:
    int_type overflow(int_type c) override
    {
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            ++bytes;
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char *, std::streamsize n) override
    {
        bytes += static_cast<std::uint64_t>(n);
        return n;
    }
};

/// Resident memory now, in KiB (/proc/self/statm), for --trace.
long rssKiB()
{
    long pages = 0;
    long resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) {
            resident = 0;
        }
        std::fclose(f);
    }
    return resident * 4;
}

bool g_trace = false;

void trace(const char *what, Clock::time_point start)
{
    if (g_trace) {
        std::fprintf(stderr, "%-12s %9.1f ms  rss %8ld MiB  peak %8ld MiB\n", what, millisecondsSince(start),
                     rssKiB() / 1024, peakRssKiB() / 1024);
    }
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/// User plus system CPU time of the whole process so far, in milliseconds.
double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

/// A run's report, started with how its memory was got: the analyses take 0.6x to 0.7x the time
/// with huge pages (docs/benchmarks.md, "Huge pages"), so a result means little without it.
nlohmann::json report()
{
    const auto hugetlb = harbour::mallocHugetlbHere();
    return {{"malloc_hugetlb", hugetlb ? nlohmann::json(*hugetlb) : nlohmann::json(nullptr)}};
}

double rounded(double ms)
{
    return static_cast<double>(static_cast<long long>(ms * 10.0 + 0.5)) / 10.0;
}

int usageError(const std::string &message)
{
    std::cerr << "harbour-bench: " << message << '\n' << kUsage;
    return 2;
}

/// Opens the database read-only and reads its whole snapshot as of `asOf`, timed into
/// out["snapshot_ms"]; nullopt, said on stderr, when it cannot.
std::optional<harbour::GraphSnapshot> readSnapshot(const std::string &db, harbour::Date asOf, nlohmann::json &out)
{
    harbour::StoreOptions options;
    options.readOnly = true;
    auto store = harbour::openSqliteStore(db, options);
    if (!store) {
        std::cerr << "harbour-bench: " << store.error().message << '\n';
        return std::nullopt;
    }
    const auto start = Clock::now();
    auto snapshot = (*store)->snapshot({}, asOf);
    if (!snapshot) {
        std::cerr << "harbour-bench: " << snapshot.error().message << '\n';
        return std::nullopt;
    }
    out["snapshot_ms"] = rounded(millisecondsSince(start));
    trace("snapshot", start);
    return std::move(*snapshot);
}

int runAnalyse(const std::string &db, harbour::Date asOf, const std::string &edgesFile, const std::string &dumpFile,
               bool suggestions, bool serial)
{
    nlohmann::json out = report();
    const auto snapshot = readSnapshot(db, asOf, out);
    if (!snapshot) {
        return 1;
    }
    out["records"] = snapshot->records.size();
    out["entities"] = snapshot->entities.size();
    out["mentions"] = snapshot->mentions.size();
    out["links"] = snapshot->links.size();
    const auto &policy = analysis::AnalysisPolicy::defaults();

    // The library's own pipeline, as the product runs it: with the suggestions beside it (the
    // app, `harbour accuracy`), or alone (`harbour analyse`).
    auto start = Clock::now();
    const double cpuStart = cpuMs();
    analysis::FullAnalysis full;
    if (suggestions && !serial) {
        full = analysis::analyseWithSuggestions(*snapshot, policy);
    } else {
        full.analysis = analysis::analyse(*snapshot, policy);
        if (suggestions) {
            const auto begin = Clock::now();
            full.suggestions = analysis::suggestMerges(*snapshot);
            full.suggestionsMs = millisecondsSince(begin);
        }
        full.wallMs = millisecondsSince(start);
    }
    out["all_stages_ms"] = rounded(full.wallMs);
    out["all_stages_cpu_ms"] = rounded(cpuMs() - cpuStart);
    out["concurrent"] = suggestions && !serial;
    trace(suggestions ? (serial ? "analyse, then suggestions" : "analyse with suggestions") : "analyse", start);
    const analysis::AnalysisResult &result = full.analysis;
    const analysis::StageTimings &t = result.timings;
    out["graph_ms"] = rounded(t.graphMs);
    out["clusters_ms"] = rounded(t.clustersMs);
    out["hotspots_ms"] = rounded(t.hotspotsMs);
    out["priorities_ms"] = rounded(t.prioritiesMs);
    out["analyse_ms"] = rounded(t.totalMs);
    out["vertices"] = result.graph.vertexCount();
    out["edges"] = result.graph.edgeCount();
    out["clusters"] = result.clusters.size();
    out["flagged"] = std::count_if(result.clusters.begin(), result.clusters.end(),
                                   [](const analysis::Cluster &c) { return c.organised; });
    std::size_t largest = 0;
    for (const auto &c : result.clusters) {
        largest = std::max(largest, c.members.size());
    }
    out["largest_cluster"] = largest;

    // Two parts of those stages on their own: Leiden (inside clusters) and betweenness
    // (inside priorities). Run again here so that the pipeline above is timed untouched.
    const analysis::WeightedEdges edges = analysis::weightedEdges(result.graph);
    start = Clock::now();
    const analysis::Partition partition = analysis::leiden(edges, policy);
    out["leiden_ms"] = rounded(millisecondsSince(start));
    trace("leiden", start);
    out["leiden_edges"] = edges.edges.size();
    out["communities"] = partition.communities;
    out["modularity"] = analysis::modularity(edges, partition.membership);

    start = Clock::now();
    int sampled = 0;
    for (const analysis::Cluster &cluster : result.clusters) {
        sampled += analysis::clusterCentrality(result.graph, cluster, policy).sampled ? 1 : 0;
    }
    out["betweenness_ms"] = rounded(millisecondsSince(start));
    trace("betweenness", start);
    out["sampled_clusters"] = sampled;

    nlohmann::json suggestionsJson;
    if (suggestions) {
        out["suggestions_ms"] = rounded(full.suggestionsMs);
        out["suggestions"] = full.suggestions.size();
        if (!dumpFile.empty()) {
            suggestionsJson = analysis::toJson(full.suggestions, *snapshot);
        }
    }

    // Peak before the results are turned into JSON: what the analyses themselves hold.
    out["analysis_peak_rss_kib"] = peakRssKiB();
    // The results document as `harbour analyse --json` writes it, a row at a time, into a counter.
    start = Clock::now();
    {
        CountingBuffer counter;
        std::ostream sink(&counter);
        analysis::writeJson(sink, result);
        out["json_bytes"] = counter.bytes;
    }
    out["write_json_ms"] = rounded(millisecondsSince(start));
    trace("writeJson", start);

    if (!dumpFile.empty()) {
        // Everything but the timings, to compare two builds' results (same JSON as `harbour analyse`).
        // Streamed to the file: at 1M reports the document's text as well would double the peak.
        nlohmann::json dump = analysis::toJson(result);
        dump.erase("timings_ms");
        dump["suggestions"] = std::move(suggestionsJson);
        dump["partition"] = {{"communities", partition.communities}, {"modularity", partition.modularity}};
        std::ofstream file(dumpFile, std::ios::binary);
        file << std::setw(1) << dump << '\n';
    }
    if (!edgesFile.empty()) {
        std::ofstream file(edgesFile, std::ios::binary);
        char line[80];
        for (std::size_t i = 0; i < edges.edges.size(); ++i) {
            const int n = std::snprintf(line, sizeof line, "%d %d %.9g\n", edges.edges[i].first,
                                        edges.edges[i].second, edges.weights[i]);
            file.write(line, n);
        }
        if (!file) {
            std::cerr << "harbour-bench: cannot write " << edgesFile << '\n';
            return 1;
        }
    }
    out["peak_rss_kib"] = peakRssKiB();
    std::cout << out.dump() << '\n';
    return 0;
}

/// The suggestions alone, several times on one snapshot, without reading the database again for
/// each run.
int runSuggest(const std::string &db, harbour::Date asOf, int runs, const std::string &dumpFile, bool memo)
{
    nlohmann::json out = report();
    const auto snapshot = readSnapshot(db, asOf, out);
    if (!snapshot) {
        return 1;
    }
    out["entities"] = snapshot->entities.size();

    std::vector<double> wall;
    std::vector<double> cpu;
    std::vector<analysis::MergeSuggestion> suggestions;
    analysis::SuggestionMemo last;
    for (int run = 0; run < runs; ++run) {
        const auto start = Clock::now();
        const double cpuStart = cpuMs();
        if (memo) {
            analysis::SuggestionMemo made;
            suggestions = analysis::suggestMerges(*snapshot, {}, run > 0 ? &last : nullptr, &made);
            last = std::move(made);
        } else {
            suggestions = analysis::suggestMerges(*snapshot);
        }
        wall.push_back(rounded(millisecondsSince(start)));
        cpu.push_back(rounded(cpuMs() - cpuStart));
        trace("suggestions", start);
        if (memo) {
            out["pairs_reused"].push_back(last.reusedPairs);
            out["pairs_scored"].push_back(last.scoredPairs);
        }
    }
    const auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    out["suggestions_ms"] = wall;
    out["suggestions_cpu_ms"] = cpu;
    out["median_ms"] = median(wall);
    out["median_cpu_ms"] = median(cpu);
    out["suggestions"] = suggestions.size();
    out["peak_rss_kib"] = peakRssKiB();
    {
        // The hand-weighted scorer, the match model's peer, once on the same snapshot.
        analysis::SuggestionPolicy peer;
        peer.model = analysis::SuggestionPolicy::Model::HandWeighted;
        const auto start = Clock::now();
        const double cpuStart = cpuMs();
        const auto peerSuggestions = analysis::suggestMerges(*snapshot, peer);
        out["peer_ms"] = rounded(millisecondsSince(start));
        out["peer_cpu_ms"] = rounded(cpuMs() - cpuStart);
        out["peer_suggestions"] = peerSuggestions.size();
    }
    if (!dumpFile.empty()) {
        std::ofstream file(dumpFile, std::ios::binary);
        file << std::setw(1) << analysis::toJson(suggestions, *snapshot) << '\n';
    }
    std::cout << out.dump() << '\n';
    return 0;
}

/// A snapshot extended by an import against one read afresh, as the app's reload after an
/// import would do either.
int runExtend(const std::string &db, harbour::Date asOf, int runs, const std::vector<std::string> &imports)
{
    nlohmann::json out = report();
    auto store = harbour::openSqliteStore(db);
    if (!store) {
        std::cerr << "harbour-bench: " << store.error().message << '\n';
        return 1;
    }
    auto start = Clock::now();
    auto previous = (*store)->snapshot({}, asOf);
    if (!previous) {
        std::cerr << "harbour-bench: " << previous.error().message << '\n';
        return 1;
    }
    out["snapshot_before_ms"] = rounded(millisecondsSince(start));
    out["records_before"] = previous->records.size();

    std::vector<std::filesystem::path> files(imports.begin(), imports.end());
    start = Clock::now();
    auto summary = harbour::importers::importFiles(**store, harbour::RiskPolicy::defaults(), files, {});
    if (!summary) {
        std::cerr << "harbour-bench: " << summary.error().message << '\n';
        return 1;
    }
    out["import_ms"] = rounded(millisecondsSince(start));
    out["imported"] = summary->imported;

    std::vector<double> copyMs;
    std::vector<double> extendMs;
    std::vector<double> freshMs;
    bool extended = true;
    bool same = true;
    for (int run = 0; run < runs; ++run) {
        // Extending first: in the first run it, not the copy, pays for the process's fresh pages
        // (microseconds each on this VM), as a reload in the app may.
        start = Clock::now();
        auto after = (*store)->snapshotAfter(*previous, {}, asOf);
        extendMs.push_back(rounded(millisecondsSince(start)));
        trace("extend", start);
        start = Clock::now();
        auto fresh = (*store)->snapshot({}, asOf);
        freshMs.push_back(rounded(millisecondsSince(start)));
        trace("fresh", start);
        if (!after || !fresh) {
            std::cerr << "harbour-bench: " << (!after ? after.error() : fresh.error()).message << '\n';
            return 1;
        }
        start = Clock::now();
        {
            const harbour::GraphSnapshot copy = *previous; // what extending pays before it reads
            copyMs.push_back(rounded(millisecondsSince(start)));
        }
        extended = extended && after->mark.extended;
        if (run == 0) {
            same = after->asOf == fresh->asOf && after->records == fresh->records &&
                   after->entities == fresh->entities && after->mentions == fresh->mentions &&
                   after->links == fresh->links && after->children == fresh->children && after->missing == fresh->missing;
            out["records_after"] = fresh->records.size();
        }
    }
    const auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    out["copy_ms"] = copyMs;
    out["extend_ms"] = extendMs;
    out["fresh_ms"] = freshMs;
    out["median_copy_ms"] = median(copyMs);
    out["median_extend_ms"] = median(extendMs);
    out["median_fresh_ms"] = median(freshMs);
    out["extended"] = extended;
    out["same"] = same;
    out["peak_rss_kib"] = peakRssKiB();
    std::cout << out.dump() << '\n';
    return same && extended ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    harbour::preferHugePages(argv); // first: it may start the program again
    const std::string_view command = argc < 2 ? std::string_view{} : std::string_view(argv[1]);
    if (command != "analyse" && command != "suggest" && command != "extend") {
        return usageError(argc < 2 ? "a command is required" : "unknown command '" + std::string(command) + "'");
    }
    std::string db;
    std::string edges;
    std::string dump;
    std::string asOfText = "2026-11-21";
    bool suggestions = true;
    bool serial = false;
    bool memo = false;
    std::string runsText = "3";
    std::vector<std::string> imports;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--no-suggestions") {
            suggestions = false;
            continue;
        }
        if (arg == "--serial") {
            serial = true;
            continue;
        }
        if (arg == "--memo") {
            memo = true;
            continue;
        }
        if (arg == "--trace") {
            g_trace = true;
            continue;
        }
        if (arg == "--import" && i + 1 < argc) {
            imports.emplace_back(argv[++i]);
            continue;
        }
        if (arg != "--db" && arg != "--as-of" && arg != "--edges" && arg != "--dump" && arg != "--runs") {
            return usageError("unknown argument '" + std::string(arg) + "'");
        }
        if (i + 1 >= argc) {
            return usageError(std::string(arg) + " needs a value");
        }
        const std::string value = argv[++i];
        (arg == "--db" ? db : arg == "--edges" ? edges : arg == "--dump" ? dump : arg == "--runs" ? runsText : asOfText) =
            value;
    }
    if (db.empty()) {
        return usageError("--db is required");
    }
    const auto asOf = harbour::parseDate(asOfText);
    if (!asOf) {
        return usageError("--as-of must be YYYY-MM-DD");
    }
    int runs = 0;
    try {
        runs = std::stoi(runsText);
    } catch (const std::exception &) {
    }
    if (runs < 1) {
        return usageError("--runs must be a positive number");
    }
    try {
        if (command == "suggest") {
            return runSuggest(db, *asOf, runs, dump, memo);
        }
        if (command == "extend") {
            if (imports.empty()) {
                return usageError("extend needs --import FILE");
            }
            return runExtend(db, *asOf, runs, imports);
        }
        return runAnalyse(db, *asOf, edges, dump, suggestions, serial);
    } catch (const std::exception &error) {
        std::cerr << "harbour-bench: " << error.what() << '\n';
        return 1;
    }
}
