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

} // namespace harbour::analysis
