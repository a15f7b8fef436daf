#pragma once

#include "harbour/analysis/accuracy.h"
#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/clusters.h"
#include "harbour/analysis/graph.h"
#include "harbour/analysis/hotspots.h"
#include "harbour/analysis/priorities.h"
#include "harbour/snapshot.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace harbour::analysis {

/// Wall-clock milliseconds per stage.
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

/// Builds the graph and runs clusters, hotspots and priorities in turn. Never fails: an empty
/// snapshot gives empty tables. Time complexity: the sum of the stages (see each header);
/// measured figures are in docs/analyses.md.
AnalysisResult analyse(const GraphSnapshot &snapshot, const AnalysisPolicy &policy);

/// The CLI's JSON contract: {"clusters":[...], "hotspots":{"premises","vehicles","places",
/// "areas"}, "priorities":{"suspects","children"}, "graph":{...}, "timings_ms":{...}}.
/// Member and row keys are listed in docs/analyses.md; extra keys may be added, none renamed.
nlohmann::json toJson(const AnalysisResult &result);

nlohmann::json toJson(const Cluster &cluster);
nlohmann::json toJson(const HotspotRow &row);
nlohmann::json toJson(const SuspectPriority &row);
nlohmann::json toJson(const ChildPriority &row);
nlohmann::json toJson(const Accuracy &accuracy);

} // namespace harbour::analysis
