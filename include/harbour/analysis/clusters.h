#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/graph.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harbour::analysis {

/// One member of a cluster as the tables and diagrams show it.
struct ClusterMember {
    EntityId id = 0;
    EntityType type = EntityType::Person;
    std::string label;
    std::string role; ///< child, suspect, child and suspect, person, alias, vehicle, premises, place, phone, account
    VertexIndex vertex = 0;
    /// The identity the entry belongs to ("I12", analysis/identities.h), when the caller resolved
    /// identities for this result (`harbour analyse`, `harbour clusters`); empty otherwise.
    std::string identity;
};

/// A community of the entity graph and why it matters.
struct Cluster {
    std::string id; ///< "C1", "C2", ... in order of score (highest first), ties by smallest entity id
    std::vector<ClusterMember> members; ///< sorted by entity id
    bool organised = false; ///< the organised-abuse rule fired (policy.organised)
    /// The entities that met the rule: every child and suspect when the counts rule fired,
    /// or the hub (suspect, premises or vehicle) and its children when the hub rule fired. One
    /// entity per person (the lowest id of the entries counted as one person), sorted.
    std::vector<EntityId> organisedChildren;
    std::vector<EntityId> organisedSuspects;
    std::vector<EntityId> organisedHubs; ///< suspects, premises or vehicles linked to minChildrenPerHub children
    double score = 0.0;
    int children = 0;
    int suspects = 0;
    int records = 0;       ///< distinct records behind the links inside the cluster
    int recentRecords = 0; ///< of those, within policy.recentDays of asOf
    std::vector<std::string> reasons;
};

/// A plain undirected weighted graph: the input of the community code path, so that tests
/// can run the very same Leiden call on a known graph.
struct WeightedEdges {
    int vertexCount = 0;
    std::vector<std::pair<int, int>> edges;
    std::vector<double> weights; ///< one per edge, > 0
};

/// A partition: membership[v] is the community of vertex v (0-based, dense).
struct Partition {
    std::vector<int> membership;
    int communities = 0;
    double modularity = 0.0;
};

/// Leiden with the modularity objective (node weights = strengths, resolution =
/// policy.leidenResolution / (2m)), best modularity of policy.leidenRuns runs seeded from
/// policy.seed, so results repeat. Never fails; an empty graph gives an empty partition.
/// Time complexity: O(runs x iterations x |E|) in practice.
Partition leiden(const WeightedEdges &graph, const AnalysisPolicy &policy);

/// Newman's weighted modularity of a partition (resolution 1). O(|V| + |E|).
double modularity(const WeightedEdges &graph, const std::vector<int> &membership);

/// One of igraph's named graphs (igraph_famous), for example "Zachary", with unit weights.
/// NotFound for a name igraph does not know.
Result<WeightedEdges> famousGraph(std::string_view name);

/// The positive-weight edges of the entity graph as WeightedEdges (vertex ids unchanged).
WeightedEdges weightedEdges(const Graph &graph);

/// Communities of the entity graph with their organised flag, score and reasons. Communities
/// smaller than policy.minClusterSize are left out. Zero-weight (suspected false) edges take
/// no part. Deterministic for a given graph and policy.
/// Time complexity: Leiden as above, then O(|V| + |E|) for flags, scores and reasons.
std::vector<Cluster> findClusters(const Graph &graph, const AnalysisPolicy &policy);

/// The role word used for a vertex in members and reasons.
std::string roleOf(const GraphVertex &vertex);

} // namespace harbour::analysis
