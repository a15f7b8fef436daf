#include "harbour/analysis/analysis.h"
#include "harbour/json_writer.h"

#include "beside.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>

namespace harbour::analysis {

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Four decimals: enough to rank by, and stable in golden files across compilers.
double rounded(double x)
{
    return std::round(x * 1e4) / 1e4;
}

nlohmann::json optionalLevel(const std::optional<RiskLevel> &level)
{
    return level ? nlohmann::json(std::string(toString(*level))) : nlohmann::json(nullptr);
}

} // namespace

AnalysisResult analyse(const GraphSnapshot &snapshot, const AnalysisPolicy &policy, const AnalysisResult *earlier,
                       std::size_t lendFromMembers)
{
    AnalysisResult result;
    const auto start = Clock::now();
    auto stage = Clock::now();
    result.graph = buildGraph(snapshot, policy);
    result.timings.graphMs = millisecondsSince(stage);

    // Hotspots need the graph but not the clusters: on a second core they are found while Leiden
    // runs, off the pipeline's longest path.
    auto hotspots = detail::runBeside([&result, &snapshot, &policy] {
        const auto begin = Clock::now();
        Hotspots found = findHotspots(result.graph, snapshot, policy);
        return std::pair{std::move(found), millisecondsSince(begin)};
    });
    stage = Clock::now();
    result.clusters = findClusters(result.graph, policy);
    result.timings.clustersMs = millisecondsSince(stage);
    std::tie(result.hotspots, result.timings.hotspotsMs) = hotspots.get();

    stage = Clock::now();
    std::optional<EarlierCentrality> lent;
    if (earlier != nullptr) {
        lent.emplace(EarlierCentrality{earlier->graph, earlier->clusters, earlier->priorities, lendFromMembers});
    }
    result.priorities = findPriorities(result.graph, snapshot, result.clusters, policy, lent ? &*lent : nullptr);
    result.timings.prioritiesMs = millisecondsSince(stage);
    result.timings.totalMs = millisecondsSince(start);
    return result;
}

FullAnalysis analyseWithSuggestions(const GraphSnapshot &snapshot, const AnalysisPolicy &policy,
                                    const SuggestionPolicy &suggestionPolicy, const AnalysisResult *earlier,
                                    const SuggestionMemo *earlierSuggestions, SuggestionMemo *learntSuggestions)
{
    FullAnalysis out;
    const auto start = Clock::now();
    struct Suggested {
        std::vector<MergeSuggestion> suggestions;
        double ms = 0.0;
    };
    auto pending = detail::runBeside([&snapshot, &suggestionPolicy, earlierSuggestions, learntSuggestions] {
        const auto begin = Clock::now();
        Suggested s{suggestMerges(snapshot, suggestionPolicy, earlierSuggestions, learntSuggestions), 0.0};
        s.ms = millisecondsSince(begin);
        return s;
    });
    out.analysis = analyse(snapshot, policy, earlier);
    Suggested suggested = pending.get();
    out.suggestions = std::move(suggested.suggestions);
    out.suggestionsMs = suggested.ms;
    out.wallMs = millisecondsSince(start);
    return out;
}

nlohmann::json toJson(const Cluster &cluster)
{
    nlohmann::json members = nlohmann::json::array();
    for (const ClusterMember &m : cluster.members) {
        nlohmann::json member{{"id", m.id}, {"type", toString(m.type)}, {"label", m.label}, {"role", m.role}};
        if (!m.identity.empty()) {
            member["identity"] = m.identity;
        }
        members.push_back(std::move(member));
    }
    return {
        {"id", cluster.id},
        {"organised", cluster.organised},
        {"score", rounded(cluster.score)},
        {"members", std::move(members)},
        {"reasons", cluster.reasons},
        {"size", cluster.members.size()},
        {"children", cluster.children},
        {"suspects", cluster.suspects},
        {"records", cluster.records},
        {"recent_records", cluster.recentRecords},
        {"organised_children", cluster.organisedChildren},
        {"organised_suspects", cluster.organisedSuspects},
        {"organised_hubs", cluster.organisedHubs},
    };
}

nlohmann::json toJson(const HotspotRow &row)
{
    nlohmann::json out = {
        {"rank", row.rank},
        {"id", row.key.empty() ? nlohmann::json(row.id) : nlohmann::json(row.key)},
        {"label", row.label},
        {"score", rounded(row.score)},
        {"distinct_children", row.distinctChildren},
        {"reasons", row.reasons},
        {"direct_children", row.directChildren},
        {"found_at", row.foundAt},
        {"recent_records", row.recentRecords},
        {"children", row.children},
    };
    if (!row.key.empty()) {
        out["level"] = row.key.find(' ') == std::string::npos ? "district" : "sector";
    }
    return out;
}

nlohmann::json toJson(const SuspectPriority &row)
{
    return {
        {"rank", row.rank},
        {"id", row.id},
        {"type", toString(row.type)},
        {"label", row.label},
        {"score", rounded(row.score)},
        {"reasons", row.reasons},
        {"children", row.children},
        {"significant_children", row.significantChildren},
        {"child_risk", rounded(row.childRisk)},
        {"records", row.records},
        {"recent_records", row.recentRecords},
        {"evidence", rounded(row.evidence)},
        {"cluster", row.cluster.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.cluster)},
        {"betweenness", rounded(row.betweenness)},
        {"betweenness_method", row.cluster.empty() ? "none" : (row.betweennessSampled ? "sampled" : "exact")},
        {"role_rank", row.roleRank},
        {"role_group_size", row.roleGroupSize},
        {"broker", row.broker},
    };
}

nlohmann::json toJson(const ChildPriority &row)
{
    return {
        {"rank", row.rank},
        {"id", row.id},
        {"label", row.label},
        {"score", rounded(row.score)},
        {"reasons", row.reasons},
        {"final_level", optionalLevel(row.level)},
        {"computed_level", optionalLevel(row.computed)},
        {"trend", toString(row.trend)},
        {"overdue_actions", row.overdueActions},
        {"open_actions", row.openActions},
        {"cluster", row.cluster.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.cluster)},
        {"organised_cluster", row.organisedCluster},
        {"betweenness", rounded(row.betweenness)},
    };
}

nlohmann::json toJson(const Accuracy &accuracy)
{
    nlohmann::json networks = nlohmann::json::array();
    for (const NetworkMatch &m : accuracy.networks) {
        networks.push_back({{"id", m.network},
                            {"kind", m.kind},
                            {"members", m.members},
                            {"best_cluster", m.bestCluster.empty() ? nlohmann::json(nullptr)
                                                                   : nlohmann::json(m.bestCluster)},
                            {"jaccard", rounded(m.jaccard)},
                            {"recovered", m.recovered}});
    }
    return {
        {"threshold", accuracy.threshold},
        {"organised_networks", accuracy.organisedNetworks},
        {"recovered", accuracy.recovered},
        {"recall", rounded(accuracy.recall)},
        {"flagged_clusters", accuracy.flaggedClusters},
        {"unmatched_flagged", accuracy.unmatchedFlagged},
        {"false_flag_share", rounded(accuracy.falseFlagShare)},
        {"networks", std::move(networks)},
    };
}

namespace {

/// Cluster i as the analyse document lists it: with its brokers and how betweenness was found.
nlohmann::json clusterJson(const AnalysisResult &result, std::size_t i)
{
    nlohmann::json c = toJson(result.clusters[i]);
    if (i < result.priorities.centrality.size()) {
        const ClusterCentrality &cc = result.priorities.centrality[i];
        c["brokers"] = cc.brokers;
        c["betweenness_method"] = cc.sampled ? "sampled" : "exact";
    }
    return c;
}

nlohmann::json graphJson(const AnalysisResult &result)
{
    return {{"vertices", result.graph.vertexCount()},
            {"edges", result.graph.edgeCount()},
            {"as_of", formatDate(result.graph.asOf())}};
}

nlohmann::json timingsJson(const StageTimings &t)
{
    return {{"graph", rounded(t.graphMs)},
            {"clusters", rounded(t.clustersMs)},
            {"hotspots", rounded(t.hotspotsMs)},
            {"priorities", rounded(t.prioritiesMs)},
            {"total", rounded(t.totalMs)}};
}

template <typename Row>
nlohmann::json rowsJson(const std::vector<Row> &table)
{
    nlohmann::json out = nlohmann::json::array();
    for (const Row &row : table) {
        out.push_back(toJson(row));
    }
    return out;
}

// ---- writeJson: nlohmann's dump(2), written a member or a row at a time ----

using json::arrayWriter;
using json::objectWriter;
using json::valueWriter;
using json::Writer;

template <typename Row>
Writer rowsWriter(const std::vector<Row> &table)
{
    return arrayWriter(table.size(), [&table](std::size_t i) { return toJson(table[i]); });
}

} // namespace

nlohmann::json toJson(const AnalysisResult &result)
{
    nlohmann::json clusters = nlohmann::json::array();
    for (std::size_t i = 0; i < result.clusters.size(); ++i) {
        clusters.push_back(clusterJson(result, i));
    }
    return {
        {"clusters", std::move(clusters)},
        {"hotspots",
         {{"premises", rowsJson(result.hotspots.premises)},
          {"vehicles", rowsJson(result.hotspots.vehicles)},
          {"places", rowsJson(result.hotspots.places)},
          {"areas", rowsJson(result.hotspots.areas)}}},
        {"priorities",
         {{"suspects", rowsJson(result.priorities.suspects)}, {"children", rowsJson(result.priorities.children)}}},
        {"graph", graphJson(result)},
        {"timings_ms", timingsJson(result.timings)},
    };
}

void writeJson(std::ostream &out, const AnalysisResult &result, const nlohmann::json &extra)
{
    std::vector<std::pair<std::string, Writer>> members{
        {"clusters", arrayWriter(result.clusters.size(), [&result](std::size_t i) { return clusterJson(result, i); })},
        {"hotspots", objectWriter({{"premises", rowsWriter(result.hotspots.premises)},
                                   {"vehicles", rowsWriter(result.hotspots.vehicles)},
                                   {"places", rowsWriter(result.hotspots.places)},
                                   {"areas", rowsWriter(result.hotspots.areas)}})},
        {"priorities", objectWriter({{"suspects", rowsWriter(result.priorities.suspects)},
                                     {"children", rowsWriter(result.priorities.children)}})},
        {"graph", valueWriter(graphJson(result))},
        {"timings_ms", valueWriter(timingsJson(result.timings))},
    };
    for (const auto &[key, value] : extra.items()) {
        members.emplace_back(key, valueWriter(value));
    }
    objectWriter(std::move(members))(out, 0);
}

} // namespace harbour::analysis
