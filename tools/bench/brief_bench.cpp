// harbour-brief-bench: what a strategy meeting briefing costs when it is read from the store
// (`harbour brief`) and when it is made from what the app already holds (the briefing dialog:
// report::BriefingSources). See docs/benchmarks.md.

#include "harbour/analysis/analysis.h"
#include "harbour/children.h"
#include "harbour/huge_pages.h"
#include "harbour/report/briefing.h"
#include "harbour/store.h"
#include "harbour/tactics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace harbour;

constexpr std::string_view kUsage =
    "usage: harbour-brief-bench --db FILE [--cluster ID | --child ID | --panel] [--pseudonymise] [--runs N]\n"
    "                           [--as-of YYYY-MM-DD]\n"
    "  Loads the database as the app does (snapshot, analyses, children, missing episodes), then\n"
    "  assembles the same briefing N times each way (default 3): from the store, reading and\n"
    "  analysing it again, and from the loaded data. Rendering the PDF is the same either way and\n"
    "  is not timed.\n"
    "  Prints one JSON object: medians in milliseconds, and whether both ways printed the same.\n";

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

int usageError(const std::string &message)
{
    std::cerr << "harbour-brief-bench: " << message << '\n' << kUsage;
    return 2;
}

/// The sections, numbers and diagram of a briefing: what must not depend on where the data came from.
std::string printed(const report::BriefingData &data)
{
    std::string out = data.subtitle + '\n';
    for (const auto &[name, value] : data.numbers) {
        out += name + '=' + value + '\n';
    }
    for (const auto &section : data.sections) {
        out += section.heading + '\n';
        for (const auto &row : section.table.rows) {
            for (const auto &cell : row) {
                out += cell + '\t';
            }
            out += '\n';
        }
    }
    for (const auto &node : data.diagram.nodes) {
        out += std::to_string(node.entity) + ' ' + node.label + '\n';
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    harbour::preferHugePages(argv); // first: it may start the program again
    std::string db;
    report::BriefingRequest request;
    request.asOf = *parseDate("2026-11-21"); // the day after harbour-generate's range, as harbour-bench
    int runs = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--panel") {
            request.scope = report::BriefingScope::Panel;
            continue;
        }
        if (arg == "--pseudonymise") {
            request.pseudonymise = true;
            continue;
        }
        if (i + 1 >= argc) {
            return usageError(std::string(arg) + " needs a value");
        }
        const std::string value = argv[++i];
        if (arg == "--db") {
            db = value;
        } else if (arg == "--cluster") {
            request.scope = report::BriefingScope::Cluster;
            request.cluster = value;
        } else if (arg == "--child") {
            request.scope = report::BriefingScope::Child;
            request.child = std::stoll(value);
        } else if (arg == "--runs") {
            runs = std::max(1, std::stoi(value));
        } else if (arg == "--as-of") {
            const auto date = parseDate(value);
            if (!date) {
                return usageError("--as-of must be YYYY-MM-DD");
            }
            request.asOf = *date;
        } else {
            return usageError("unknown argument '" + std::string(arg) + "'");
        }
    }
    if (db.empty()) {
        return usageError("--db is required");
    }
    StoreOptions options;
    options.readOnly = true;
    auto store = openSqliteStore(db, options);
    if (!store) {
        std::cerr << "harbour-brief-bench: " << store.error().toString() << '\n';
        return 1;
    }
    const auto &policy = analysis::AnalysisPolicy::defaults();
    auto tactics = TacticsCatalogue::shipped();
    const TacticsCatalogue *catalogue = tactics ? &tactics.value() : nullptr;

    const auto loadStart = Clock::now();
    auto snapshot = (*store)->snapshot(request.window, request.asOf);
    if (!snapshot) {
        std::cerr << "harbour-brief-bench: " << snapshot.error().toString() << '\n';
        return 1;
    }
    const auto analysed = analysis::analyse(snapshot.value(), policy);
    auto children = childRows(**store, request.asOf);
    if (!children) {
        std::cerr << "harbour-brief-bench: " << children.error().toString() << '\n';
        return 1;
    }
    auto missing = (*store)->missingEpisodes();
    if (!missing) {
        std::cerr << "harbour-brief-bench: " << missing.error().toString() << '\n';
        return 1;
    }
    const double loadMs = millisecondsSince(loadStart);
    const report::BriefingSources loaded{&snapshot.value(), &analysed, &children.value(), &missing.value()};

    std::vector<double> fromStore;
    std::vector<double> fromLoaded;
    std::string storeText;
    std::string loadedText;
    for (int run = 0; run < runs; ++run) {
        for (const bool lend : {false, true}) {
            const auto start = Clock::now();
            auto briefing = report::assembleBriefing(**store, request, policy, catalogue, lend ? loaded : report::BriefingSources{});
            const double ms = millisecondsSince(start);
            if (!briefing) {
                std::cerr << "harbour-brief-bench: " << briefing.error().toString() << '\n';
                return 1;
            }
            (lend ? fromLoaded : fromStore).push_back(ms);
            (lend ? loadedText : storeText) = printed(briefing.value());
        }
    }
    nlohmann::json out;
    out["scope"] = request.scope == report::BriefingScope::Cluster ? "cluster " + request.cluster
                   : request.scope == report::BriefingScope::Child ? "child " + std::to_string(request.child)
                                                                   : std::string("panel");
    out["pseudonymised"] = request.pseudonymise;
    out["runs"] = runs;
    out["load_ms"] = loadMs;
    out["from_store_ms"] = median(fromStore);
    out["from_loaded_ms"] = median(fromLoaded);
    out["same_briefing"] = storeText == loadedText;
    std::cout << out.dump() << '\n';
    return storeText == loadedText ? 0 : 1;
}
