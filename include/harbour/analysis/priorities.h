#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/clusters.h"
#include "harbour/analysis/graph.h"
#include "harbour/snapshot.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace harbour::analysis {

/// Betweenness and brokers inside one cluster.
struct ClusterCentrality {
    /// Normalised betweenness (0..1, share of shortest paths between other members through the
    /// vertex, hop counts on edges with weight > 0), one per cluster member in member order.
    std::vector<double> betweenness;
    bool sampled = false; ///< true when estimated from policy.betweennessSamples sources
    int sources = 0;      ///< sources used (all members when exact)
    /// Members whose removal splits the cluster (articulation points), sorted by id.
    std::vector<EntityId> brokers;

    bool operator==(const ClusterCentrality &) const = default;
};

/// Exact Brandes betweenness when the cluster has at most policy.betweennessExactLimit members
/// (the same numbers, summed in the same order, as Boost's brandes_betweenness_centrality), else
/// Brandes from policy.betweennessSamples sources drawn with policy.seed and scaled by
/// n / samples. Never fails. Computed on flat arrays, with scratch space reused from cluster to
/// cluster: a million-report graph has hundreds of thousands of small clusters.
/// Time complexity: O(n m) exact, O(samples x m) sampled, plus O(n + m) for articulation points,
/// with n members and m internal edges.
ClusterCentrality clusterCentrality(const Graph &graph, const Cluster &cluster, const AnalysisPolicy &policy);

/// What of the policy a cluster's centrality depends on (besides the graph's weights).
struct BetweennessPolicy {
    int exactLimit = 0;
    int samples = 0;
    std::uint64_t seed = 0;
    bool operator==(const BetweennessPolicy &) const = default;
};

/// The parts of `policy` that clusterCentrality reads.
BetweennessPolicy betweennessPolicy(const AnalysisPolicy &policy);

struct Priorities;

/// Clusters smaller than this are computed, not lent: there Brandes costs less than walking the
/// members' neighbours in both graphs to prove the cluster unchanged (docs/benchmarks.md).
inline constexpr std::size_t kLendFromMembers = 8;

/// An earlier analysis's graph, clusters and priorities, lent to findPriorities: a cluster with
/// the same members and the same internal links (weight > 0, in the same adjacency order) as one
/// of these gets that one's centrality copied, not computed again.
struct EarlierCentrality {
    const Graph &graph;
    const std::vector<Cluster> &clusters;
    const Priorities &priorities; ///< found for those clusters on that graph
    std::size_t fromMembers = kLendFromMembers; ///< smaller clusters are computed
};

struct SuspectPriority {
    int rank = 0;
    EntityId id = 0;
    EntityType type = EntityType::Person;
    std::string label;
    double score = 0.0;
    int children = 0;           ///< distinct children linked directly or through an alias_of link
    int significantChildren = 0;
    double childRisk = 0.0;     ///< sum of risk weight x link strength over those children
    int records = 0;            ///< distinct records naming the suspect
    int recentRecords = 0;
    double evidence = 0.0;      ///< sum of grading weight x decay over those records
    std::string cluster;        ///< cluster id, empty when in none
    double betweenness = 0.0;   ///< normalised, within the cluster
    bool betweennessSampled = false;
    int roleRank = 0;           ///< 1 = highest betweenness among the cluster's suspects; 0 when in no cluster
    int roleGroupSize = 0;      ///< suspect entries ranked in the cluster (Cluster::suspects counts people)
    bool broker = false;        ///< articulation point of the cluster
    std::vector<std::string> reasons;
};

struct ChildPriority {
    int rank = 0;
    EntityId id = 0;
    std::string label;
    double score = 0.0;
    std::optional<RiskLevel> level; ///< final level; nullopt when never screened
    std::optional<RiskLevel> computed;
    Trend trend = Trend::New;
    int overdueActions = 0;
    int openActions = 0;
    std::string cluster;
    bool organisedCluster = false;
    double betweenness = 0.0;
    std::vector<std::string> reasons;
};

struct Priorities {
    std::vector<SuspectPriority> suspects;
    std::vector<ChildPriority> children;
    /// Per cluster (same order as the clusters passed in): its centrality.
    std::vector<ClusterCentrality> centrality;
    /// How many clusters' centrality was copied from an earlier analysis (findPriorities' `earlier`).
    std::size_t centralityReused = 0;
    BetweennessPolicy betweennessPolicy; ///< what the centrality was computed with
    double centralityMs = 0.0; ///< wall-clock milliseconds of the clusters' centrality (computed or lent)
};

/// Ranks suspects and children.
///
/// Suspect score = childRisk + policy.reportWeight x evidence + policy.betweennessWeight x
/// betweenness + policy.brokerBonus (if a broker). Child score = risk weight of the final level
/// + 0.25 if rising + 0.1 per overdue action + 0.5 if in an organised cluster; children are
/// sorted by final level first (never screened between low and none) and by score within a level.
/// Time complexity: the centrality of every cluster (above), plus O(|V| + |E| + C log C).
///
/// With `earlier`, each cluster found unchanged in it (same member ids in the same order, same
/// internal links) takes its centrality from there: the very numbers computing it would give, for
/// a walk of the members' neighbours in both graphs instead of Brandes. Priorities::centralityReused
/// counts them. Ignored when its betweenness policy differs from `policy`'s.
Priorities findPriorities(const Graph &graph, const GraphSnapshot &snapshot, const std::vector<Cluster> &clusters,
                          const AnalysisPolicy &policy, const EarlierCentrality *earlier = nullptr);

} // namespace harbour::analysis
