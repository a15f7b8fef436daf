#pragma once

#include "harbour/analysis/graph.h"
#include "harbour/snapshot.h"

#include <string>
#include <vector>

namespace harbour::analysis {

/// A record behind one hop of a chain.
struct HopRecord {
    RecordRowId rowId = 0;
    std::string id; ///< the record's own reference; empty when the snapshot lacks it
    RecordKind kind = RecordKind::InformationReport;
    DateTime at{};
    std::string grading; ///< Grading::toString()
    double weight = 0.0; ///< grading x decay
};

struct Hop {
    EntityId from = 0;
    std::string fromLabel;
    EntityId to = 0;
    std::string toLabel;
    double weight = 0.0;
    std::vector<HopRecord> records; ///< oldest first
};

struct Chain {
    std::vector<Hop> hops; ///< from the first entity to the second; empty when both are the same
    double weight = 0.0;   ///< sum of hop weights (the tie-breaker)
};

/// The shortest chain between two entities: fewest hops over links with weight > 0 (suspected
/// false links are never a chain), ties broken by the largest total weight, then by smallest
/// entity ids. Fails with NotFound when either id is not in the graph ("entity 42 is not in the
/// graph") or when no chain links them ("no chain links 1 and 9").
/// Time complexity: O(|V| + |E|) (one breadth-first search, then one pass over its layers).
Result<Chain> shortestChain(const Graph &graph, const GraphSnapshot &snapshot, EntityId from, EntityId to);

/// An entity near another: how many links away, and how strongly tied.
struct Nearby {
    VertexIndex vertex = 0;
    int links = 0;
    /// The strongest chain of that many links: the product of its links' analysis weights, which
    /// are damped at hubs, so a suspect's phone ties closer than the bus station's thousand regulars.
    double strength = 0.0;
    bool operator==(const Nearby &) const = default;
};

/// Every vertex within `steps` links of `start` over links with weight > 0, the start first
/// (0 links, strength 1), then nearest first, the strongest tied first, then by vertex: cut
/// short, the list keeps what the start is closest and most strongly tied to. Empty for steps
/// < 0. Time complexity: O(N + E_N + N log N) for the N vertices found and their E_N links.
std::vector<Nearby> nearestTo(const Graph &graph, VertexIndex start, int steps);

} // namespace harbour::analysis
