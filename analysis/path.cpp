#include "harbour/analysis/path.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace harbour::analysis {

Result<Chain> shortestChain(const Graph &graph, const GraphSnapshot &snapshot, EntityId from, EntityId to)
{
    const auto source = graph.find(from);
    const auto target = graph.find(to);
    for (auto [id, vertex] : {std::pair{from, source}, std::pair{to, target}}) {
        if (!vertex) {
            return makeError(ErrorCode::NotFound, "entity " + std::to_string(id) + " is not in the graph");
        }
    }
    Chain chain;
    if (*source == *target) {
        return chain;
    }

    // Breadth-first search in layers; best[v] is the heaviest total weight of any fewest-hop
    // route to v, kept with the predecessor that gives it.
    constexpr VertexIndex kUnset = std::numeric_limits<VertexIndex>::max();
    const std::size_t n = graph.vertexCount();
    std::vector<int> distance(n, -1);
    std::vector<double> best(n, -1.0);
    std::vector<VertexIndex> previous(n, kUnset);
    std::vector<EdgeIndex> via(n, 0);
    std::vector<VertexIndex> queue{*source};
    distance[*source] = 0;
    best[*source] = 0.0;
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const VertexIndex v = queue[head];
        if (v == *target) {
            break; // every vertex of the target's layer's predecessors is final by now
        }
        for (const Neighbour &nb : graph.neighbours(v)) {
            const GraphEdge &e = graph.edge(nb.edge);
            if (e.weight <= 0.0) {
                continue;
            }
            const VertexIndex w = nb.vertex;
            if (distance[w] < 0) {
                distance[w] = distance[v] + 1;
                queue.push_back(w);
            }
            if (distance[w] != distance[v] + 1) {
                continue;
            }
            const double candidate = best[v] + e.weight;
            const bool better = candidate > best[w] ||
                                (candidate == best[w] && graph.vertex(v).entity < graph.vertex(previous[w]).entity);
            if (better) {
                best[w] = candidate;
                previous[w] = v;
                via[w] = nb.edge;
            }
        }
    }
    if (distance[*target] < 0) {
        return makeError(ErrorCode::NotFound,
                         "no chain links " + std::to_string(from) + " and " + std::to_string(to));
    }

    for (VertexIndex v = *target; v != *source; v = previous[v]) {
        const GraphEdge &e = graph.edge(via[v]);
        const GraphVertex &a = graph.vertex(previous[v]);
        const GraphVertex &b = graph.vertex(v);
        Hop hop{a.entity, a.label, b.entity, b.label, e.weight, {}};
        for (RecordRowId r : graph.records(e)) {
            HopRecord record;
            record.rowId = r;
            if (const RecordInfo *info = snapshot.findRecord(r)) {
                record.id = info->id;
                record.kind = info->kind;
                record.at = info->at;
                record.grading = info->grading.toString();
            }
            if (const GraphRecord *weighed = graph.record(r)) {
                record.weight = weighed->weight;
            }
            hop.records.push_back(std::move(record));
        }
        chain.weight += e.weight;
        chain.hops.push_back(std::move(hop));
    }
    std::reverse(chain.hops.begin(), chain.hops.end());
    return chain;
}

std::vector<Nearby> nearestTo(const Graph &graph, VertexIndex start, int steps)
{
    if (steps < 0 || start >= graph.vertexCount()) {
        return {};
    }
    // Breadth first in layers: every vertex of a layer is final before the next is walked, so
    // the strongest chain of the fewest links reaches each vertex from its best predecessor.
    std::vector<Nearby> found{{start, 0, 1.0}};
    std::unordered_map<VertexIndex, std::size_t> slot{{start, 0}};
    for (std::size_t head = 0; head < found.size(); ++head) {
        const Nearby here = found[head];
        if (here.links >= steps) {
            continue;
        }
        for (const Neighbour &nb : graph.neighbours(here.vertex)) {
            const double weight = graph.edge(nb.edge).weight;
            if (weight <= 0.0) {
                continue;
            }
            const double strength = here.strength * weight;
            const auto [it, added] = slot.try_emplace(nb.vertex, found.size());
            if (added) {
                found.push_back({nb.vertex, here.links + 1, strength});
            } else if (Nearby &seen = found[it->second]; seen.links == here.links + 1) {
                seen.strength = std::max(seen.strength, strength);
            }
        }
    }
    std::sort(found.begin() + 1, found.end(), [](const Nearby &x, const Nearby &y) {
        if (x.links != y.links) {
            return x.links < y.links;
        }
        return x.strength != y.strength ? x.strength > y.strength : x.vertex < y.vertex;
    });
    return found;
}

} // namespace harbour::analysis
