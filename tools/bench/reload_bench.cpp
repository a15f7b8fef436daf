// harbour-reload-bench: what the app's reload after an import costs, with the snapshot it held
// extended by the import (Store::snapshotAfter) and read afresh. See docs/benchmarks.md.

#include "dataset.h"

#include "harbour/huge_pages.h"
#include "harbour/importers/import_job.h"
#include "harbour/risk.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace harbour;

constexpr std::string_view kUsage =
    "usage: harbour-reload-bench --db FILE --import FILE [--import FILE ...] [--as-of YYYY-MM-DD] [--runs N]\n"
    "  Loads the database as the app does (ui::loadDataset), imports the files INTO THE DATABASE\n"
    "  (give it a copy) on a connection of its own, then N times (default 1) reloads it twice: with\n"
    "  the last Dataset, as the app's reload does, and without it (everything read afresh).\n"
    "  Prints one JSON object: each load's milliseconds, and of them its snapshot's, its children\n"
    "  table's, its disruptions' and missing episodes' and its analyses'; and whether the two ways\n"
    "  gave the same children table and the same clusters' centrality (lent by the last load's\n"
    "  clusters where they came back unchanged, or computed), and the same suggestions (the\n"
    "  extended load scores again only pairs around what changed: *_pairs_reused, *_pairs_scored).\n";

int usageError(const std::string &message)
{
    std::cerr << "harbour-reload-bench: " << message << '\n' << kUsage;
    return 2;
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char **argv)
{
    harbour::preferHugePages(argv); // first: it may start the program again
    std::string db;
    std::vector<std::filesystem::path> imports;
    std::string asOfText = "2026-11-21";
    int runs = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) {
            return usageError(std::string(arg) + " needs a value");
        }
        const std::string value = argv[++i];
        if (arg == "--db") {
            db = value;
        } else if (arg == "--import") {
            imports.emplace_back(value);
        } else if (arg == "--as-of") {
            asOfText = value;
        } else if (arg == "--runs") {
            runs = std::atoi(value.c_str());
        } else {
            return usageError("unknown argument '" + std::string(arg) + "'");
        }
    }
    const auto asOf = parseDate(asOfText);
    if (db.empty() || imports.empty() || !asOf || runs < 1) {
        return usageError("--db and --import are required; --as-of is YYYY-MM-DD; --runs is positive");
    }
    const auto fail = [](const Error &error) {
        std::cerr << "harbour-reload-bench: " << error.toString() << '\n';
        return 1;
    };

    nlohmann::json out;
    const auto hugetlb = mallocHugetlbHere(); // how memory was got: huge pages change the times
    out["malloc_hugetlb"] = hugetlb ? nlohmann::json(*hugetlb) : nlohmann::json(nullptr);
    auto first = ui::loadDataset(db, {}, *asOf);
    if (!first) {
        return fail(first.error());
    }
    out["first_load_ms"] = (*first)->loadMs;
    out["first_snapshot_ms"] = (*first)->snapshotMs;
    out["first_children_ms"] = (*first)->childrenMs;
    out["first_episodes_ms"] = (*first)->episodesMs;
    out["first_analyses_ms"] = (*first)->analysesMs;
    {
        auto store = openSqliteStore(db);
        if (!store) {
            return fail(store.error());
        }
        const auto start = Clock::now();
        auto summary = importers::importFiles(**store, RiskPolicy::defaults(), imports, {});
        if (!summary) {
            return fail(summary.error());
        }
        out["import_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        out["imported"] = summary->imported;
    }
    // The app holds its last Dataset while the next one loads, whichever way that one is read.
    std::shared_ptr<const ui::Dataset> held = *first;
    for (int run = 0; run < runs; ++run) {
        std::vector<ChildRow> extendedChildren; // kept apart: a third whole Dataset would not fit at 1M
        std::vector<analysis::ClusterCentrality> lentCentrality;
        std::vector<analysis::MergeSuggestion> extendedSuggestions;
        for (const bool extend : {true, false}) {
            auto loaded = ui::loadDataset(db, {}, *asOf, extend ? held : nullptr);
            if (!loaded) {
                return fail(loaded.error());
            }
            if (extend) {
                extendedChildren = (*loaded)->children;
                lentCentrality = (*loaded)->analysis.priorities.centrality;
                extendedSuggestions = (*loaded)->suggestions;
            } else {
                // Both ways must give the same table: checked here as well as in the tests, at this
                // size (harbour-bench extend checks the snapshots).
                out["same_children"].push_back(extendedChildren == (*loaded)->children);
                extendedChildren = {};
                // The centrality lent by the last load's clusters must be what computing it gives.
                out["same_centrality"].push_back(lentCentrality == (*loaded)->analysis.priorities.centrality);
                lentCentrality = {};
                out["same_suggestions"].push_back(extendedSuggestions == (*loaded)->suggestions);
                extendedSuggestions = {};
            }
            const char *way = extend ? "extended" : "afresh";
            out[std::string(way) + "_load_ms"].push_back((*loaded)->loadMs);
            out[std::string(way) + "_snapshot_ms"].push_back((*loaded)->snapshotMs);
            out[std::string(way) + "_children_ms"].push_back((*loaded)->childrenMs);
            out[std::string(way) + "_episodes_ms"].push_back((*loaded)->episodesMs);
            out[std::string(way) + "_analyses_ms"].push_back((*loaded)->analysesMs);
            out[std::string(way) + "_suggestions_ms"].push_back((*loaded)->suggestionsMs);
            out[std::string(way) + "_pairs_reused"].push_back((*loaded)->suggestionMemo.reusedPairs);
            out[std::string(way) + "_pairs_scored"].push_back((*loaded)->suggestionMemo.scoredPairs);
            out[std::string(way) + "_priorities_ms"].push_back((*loaded)->analysis.timings.prioritiesMs);
            out[std::string(way) + "_centrality_ms"].push_back((*loaded)->analysis.priorities.centralityMs);
            out[std::string(way) + "_centrality_reused"].push_back((*loaded)->analysis.priorities.centralityReused);
            out[std::string(way) + "_clusters"].push_back((*loaded)->analysis.clusters.size());
            out[std::string(way) + "_was_extended"].push_back((*loaded)->snapshot.mark.extended);
            out["records_after"] = (*loaded)->snapshot.records.size();
        }
    }
    out["peak_rss_kib"] = peakRssKiB();
    std::cout << out.dump() << '\n';
    return 0;
}
