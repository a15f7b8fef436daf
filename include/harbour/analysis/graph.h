#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/snapshot.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace harbour::analysis {

using VertexIndex = std::uint32_t;
using EdgeIndex = std::uint32_t;

/// Why two entities are linked, as bits of GraphEdge::relations.
enum RelationBit : std::uint8_t {
    kCoMentioned = 1,
    kAliasOf = 2,
    kFoundAt = 4,
    kFoundWith = 8,
};

/// One entity of the snapshot.
struct GraphVertex {
    EntityId entity = 0;
    EntityType type = EntityType::Person;
    std::string label;
    std::string postcode; ///< the entity's "postcode" attribute, if any
    std::string dob;      ///< persons: "dob" attribute (YYYY, YYYY-MM or YYYY-MM-DD), if any
    bool child = false;   ///< named as a victim
    bool suspect = false; ///< named as a perpetrator
    int records = 0;      ///< distinct records naming it (drives hub damping)
    int recentRecords = 0; ///< of those, dated within policy.recentDays of asOf
    double evidence = 0.0; ///< sum over those records of grading weight x decay
    std::optional<RiskLevel> level; ///< children: final level of the latest screening; nullopt if never screened
};

/// A record as the graph weighs it.
struct GraphRecord {
    RecordRowId rowId = 0;
    DateTime at{};
    double weight = 0.0; ///< grading weight x decay
    bool recent = false; ///< within policy.recentDays of asOf
};

/// One linked pair of entities and everything behind the link.
struct GraphEdge {
    VertexIndex a = 0;
    VertexIndex b = 0;
    /// Undamped strength in [0, 1]: 1 - prod(1 - w_r) over the edge's distinct records, where
    /// w_r = grading weight x decay. 0 when every record is suspected false.
    double evidence = 0.0;
    double damping = 1.0; ///< hub damping factor in (0, 1]
    double weight = 0.0;  ///< evidence x damping: what clustering, paths and centrality use
    DateTime first{};
    DateTime last{};
    std::uint8_t relations = 0; ///< RelationBit flags
    std::uint32_t recordsBegin = 0; ///< range into Graph::edgeRecords
    std::uint32_t recordsEnd = 0;

    VertexIndex other(VertexIndex v) const { return v == a ? b : a; }
};

struct Neighbour {
    VertexIndex vertex = 0;
    EdgeIndex edge = 0;
};

/// The weighted entity graph the analyses share: one vertex per entity, one edge per linked
/// pair. Immutable once built; cheap to move, not copyable. Adjacency is stored compactly
/// (CSR); Boost.Graph views of parts of it are built inside analysis/*.cpp where needed.
class Graph {
public:
    Graph();
    ~Graph();
    Graph(Graph &&) noexcept;
    Graph &operator=(Graph &&) noexcept;
    Graph(const Graph &) = delete;
    Graph &operator=(const Graph &) = delete;

    std::size_t vertexCount() const;
    std::size_t edgeCount() const;
    const GraphVertex &vertex(VertexIndex v) const;
    const GraphEdge &edge(EdgeIndex e) const;
    const std::vector<GraphVertex> &vertices() const;
    const std::vector<GraphEdge> &edges() const;
    /// Every edge at a vertex, including zero-weight (suspected false) ones.
    std::span<const Neighbour> neighbours(VertexIndex v) const;
    /// The distinct record row ids behind an edge, oldest first.
    std::span<const RecordRowId> records(const GraphEdge &edge) const;
    /// The vertex of an entity id; nullopt when the entity is not in the graph. O(1) expected.
    std::optional<VertexIndex> find(EntityId entity) const;
    /// The edge between two vertices, if any. O(min degree).
    std::optional<EdgeIndex> edgeBetween(VertexIndex a, VertexIndex b) const;
    /// A record by row id; nullptr when the snapshot did not hold it. O(1) expected.
    const GraphRecord *record(RecordRowId rowId) const;
    /// The day recency is measured from (snapshot.asOf, or the newest record when unset).
    Date asOf() const;

private:
    friend Graph buildGraph(const GraphSnapshot &snapshot, const AnalysisPolicy &policy);
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Weight of one record: policy.gradingWeight(grading) x policy.decay(days from record to asOf).
double recordWeight(const RecordInfo &record, Date asOf, const AnalysisPolicy &policy);

/// Builds the graph from a snapshot. Links whose records are all missing from
/// snapshot.records are dropped; links to entities missing from snapshot.entities are dropped.
/// Never fails. Time complexity: O(|V| + |E| + |L| + M log M), where |L| is the number of
/// link evidence items and M the number of mentions (sorted once to count distinct records per
/// entity); flat indexes over the store's ids (hash maps only when ids are sparse), no per-edge allocation.
Graph buildGraph(const GraphSnapshot &snapshot, const AnalysisPolicy &policy);

} // namespace harbour::analysis
