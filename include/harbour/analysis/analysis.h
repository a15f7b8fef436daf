#pragma once

#include "harbour/analysis/accuracy.h"
#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/clusters.h"
#include "harbour/analysis/graph.h"
#include "harbour/analysis/hotspots.h"
#include "harbour/analysis/priorities.h"
#include "harbour/analysis/suggestions.h"
#include "harbour/snapshot.h"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <vector>

namespace harbour::analysis {

/// Wall-clock milliseconds per stage. Hotspots run beside clusters (see analyse()), so the stages
/// may add up to more than totalMs.
struct StageTimings {
    double graphMs = 0.0;
    double clustersMs = 0.0;
    double hotspotsMs = 0.0;
    double prioritiesMs = 0.0;
    double totalMs = 0.0;
};

/// Everything `harbour analyse` reports. Owns its graph, so paths can be asked afterwards.
struct AnalysisResult {
    Graph graph;
    std::vector<Cluster> clusters;
    Hotspots hotspots;
    Priorities priorities;
    StageTimings timings;
};

/// Builds the graph and runs clusters, hotspots and priorities. Hotspots need only the graph, so
/// they are found on a second thread while the clusters are (and clusters and priorities share
/// their per-cluster work between two threads); the results are exactly those of one thread, which
/// is what runs when no second thread can be started. Never fails: an empty snapshot gives empty
/// tables. Time complexity: the sum of the stages (see each header), in CPU; measured figures are
/// in docs/analyses.md and docs/benchmarks.md.
///
/// `earlier`, an analysis of an earlier state of the same data (the app's last load), lends the
/// centrality of the clusters it shares with this one, member for member and link for link, from
/// `lendFromMembers` members up (findPriorities, EarlierCentrality); the result is the one without
/// it. It must stay unchanged until this returns.
AnalysisResult analyse(const GraphSnapshot &snapshot, const AnalysisPolicy &policy,
                       const AnalysisResult *earlier = nullptr, std::size_t lendFromMembers = kLendFromMembers);

/// analyse() and the who-is-who suggestions (suggestMerges) of one snapshot.
struct FullAnalysis {
    AnalysisResult analysis;
    std::vector<MergeSuggestion> suggestions;
    double suggestionsMs = 0.0; ///< wall-clock milliseconds of suggestMerges on its own thread
    double wallMs = 0.0;        ///< wall-clock milliseconds of everything, as the caller waited
};

/// Runs analyse(snapshot, policy) on the calling thread and suggestMerges(snapshot,
/// suggestionPolicy) beside it on a second thread: suggestions need only the snapshot, so on two
/// cores they overlap the graph-to-priorities pipeline. The results are exactly those of the two
/// calls made in turn; when no thread can be started they are made in turn. The snapshot must
/// not change until this returns. An exception from analyse() is rethrown once the suggestions'
/// thread has finished; one from suggestMerges() is rethrown after analyse() returns.
/// Time complexity: the sum of both (CPU); wall time is about the longer of the two. `earlier`
/// as for analyse(); `earlierSuggestions` and `learntSuggestions` as for suggestMerges (the memo
/// of the last search, and where to leave this one's).
FullAnalysis analyseWithSuggestions(const GraphSnapshot &snapshot, const AnalysisPolicy &policy,
                                    const SuggestionPolicy &suggestionPolicy = {},
                                    const AnalysisResult *earlier = nullptr,
                                    const SuggestionMemo *earlierSuggestions = nullptr,
                                    SuggestionMemo *learntSuggestions = nullptr);

/// The CLI's JSON contract: {"clusters":[...], "hotspots":{"premises","vehicles","places",
/// "areas"}, "priorities":{"suspects","children"}, "graph":{...}, "timings_ms":{...}}.
/// Member and row keys are listed in docs/analyses.md; extra keys may be added, none renamed.
nlohmann::json toJson(const AnalysisResult &result);

/// Writes toJson(result) with `extra`'s members added (an object; keys other than the result's)
/// exactly as dump(2) would, invalid UTF-8 replaced, but one row at a time: at a million reports
/// the whole document takes gigabytes, more than the analysis it describes. No newline at the end.
void writeJson(std::ostream &out, const AnalysisResult &result,
               const nlohmann::json &extra = nlohmann::json::object());

nlohmann::json toJson(const Cluster &cluster);
nlohmann::json toJson(const HotspotRow &row);
nlohmann::json toJson(const SuspectPriority &row);
nlohmann::json toJson(const ChildPriority &row);
nlohmann::json toJson(const Accuracy &accuracy);

} // namespace harbour::analysis
