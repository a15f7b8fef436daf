#include "harbour/analysis/priorities.h"

#include "beside.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>
#include <unordered_map>

namespace harbour::analysis {

namespace {

std::string plural(std::size_t n, const std::string &one, const std::string &many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "4 suspects", or "7 suspect entries (taken as 4 people)" when one person stands as several
/// entries (see ClusterPeople).
std::string suspectsRanked(int entries, int people)
{
    const auto n = static_cast<std::size_t>(entries);
    if (entries == people) {
        return plural(n, "suspect", "suspects");
    }
    return plural(n, "suspect entry", "suspect entries") + " (taken as " +
           plural(static_cast<std::size_t>(people), "person", "people") + ")";
}

std::string fixed(double x, int digits = 2)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
    return buffer;
}

/// Brandes from the given sources on a small graph in CSR form (unweighted), summing each
/// source's dependencies in source order; the caller scales the sum.
///
/// The summation order is Boost's (brandes_betweenness_centrality): sources in vertex order, each
/// breadth-first search in adjacency order, dependencies accumulated in reverse visiting order, so
/// that exact results are the very numbers Boost gave.
void brandes(const std::vector<std::uint32_t> &offsets, const std::vector<std::uint32_t> &adjacency,
             const std::vector<std::uint32_t> &sources, std::vector<double> &centrality)
{
    const auto n = static_cast<std::uint32_t>(offsets.size() - 1);
    centrality.assign(n, 0.0);
    std::vector<int> distance(n);
    std::vector<double> paths(n);
    std::vector<double> delta(n);
    std::vector<std::uint32_t> queue;
    queue.reserve(n);
    for (const std::uint32_t s : sources) {
        std::fill(distance.begin(), distance.end(), -1);
        std::fill(paths.begin(), paths.end(), 0.0);
        std::fill(delta.begin(), delta.end(), 0.0);
        queue.assign(1, s);
        distance[s] = 0;
        paths[s] = 1.0;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::uint32_t v = queue[head];
            for (std::uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
                const std::uint32_t w = adjacency[i];
                if (distance[w] < 0) {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if (distance[w] == distance[v] + 1) {
                    paths[w] += paths[v];
                }
            }
        }
        // The queue in reverse is the stack of visited vertices; predecessors are the neighbours
        // one hop nearer, so no lists are needed.
        for (auto it = queue.rbegin(); it != queue.rend(); ++it) {
            const std::uint32_t w = *it;
            for (std::uint32_t i = offsets[w]; i < offsets[w + 1]; ++i) {
                const std::uint32_t v = adjacency[i];
                if (distance[v] == distance[w] - 1) {
                    delta[v] += paths[v] / paths[w] * (1.0 + delta[w]);
                }
            }
            if (w != s) {
                centrality[w] += delta[w];
            }
        }
    }
}

/// Sorts rows (with strings and reasons inside) by moving each once: an index sort, then one
/// pass. Hundreds of thousands of rows moved n log n times was most of ranking's cost. The order
/// is the same as std::sort's whenever `less` is a total order, as the callers' are (ties end by id).
template <typename Row, typename Less>
void sortRows(std::vector<Row> &rows, Less less)
{
    std::vector<std::uint32_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return less(rows[x], rows[y]); });
    std::vector<Row> sorted;
    sorted.reserve(rows.size());
    for (const std::uint32_t i : order) {
        sorted.push_back(std::move(rows[i]));
    }
    rows = std::move(sorted);
}

/// Articulation points (Hopcroft-Tarjan low points, iterative), as local vertex numbers.
std::vector<std::uint32_t> articulationPoints(const std::vector<std::uint32_t> &offsets,
                                              const std::vector<std::uint32_t> &adjacency)
{
    const auto n = static_cast<std::uint32_t>(offsets.size() - 1);
    constexpr std::uint32_t kUnseen = ~0u;
    std::vector<std::uint32_t> order(n, kUnseen);
    std::vector<std::uint32_t> low(n, 0);
    std::vector<std::uint32_t> parent(n, kUnseen);
    std::vector<std::uint32_t> next(n, 0); // position in the adjacency of each vertex on the stack
    std::vector<char> cut(n, 0);
    std::vector<std::uint32_t> stack;
    std::uint32_t counter = 0;
    for (std::uint32_t root = 0; root < n; ++root) {
        if (order[root] != kUnseen) {
            continue;
        }
        int rootChildren = 0;
        order[root] = low[root] = counter++;
        next[root] = offsets[root];
        stack.assign(1, root);
        while (!stack.empty()) {
            const std::uint32_t v = stack.back();
            if (next[v] < offsets[v + 1]) {
                const std::uint32_t w = adjacency[next[v]++];
                if (order[w] == kUnseen) {
                    parent[w] = v;
                    order[w] = low[w] = counter++;
                    next[w] = offsets[w];
                    stack.push_back(w);
                    rootChildren += v == root ? 1 : 0;
                } else if (w != parent[v]) {
                    low[v] = std::min(low[v], order[w]);
                }
                continue;
            }
            stack.pop_back();
            if (const std::uint32_t p = parent[v]; p != kUnseen) {
                low[p] = std::min(low[p], low[v]);
                if (p != root && low[v] >= order[p]) {
                    cut[p] = 1;
                }
            }
        }
        cut[root] = rootChildren > 1 ? 1 : 0;
    }
    std::vector<std::uint32_t> out;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (cut[v] != 0) {
            out.push_back(v);
        }
    }
    return out;
}

/// Everything clusterCentrality reads of a cluster's links: for each member in member order, the
/// members it links to with weight > 0 in the graph's adjacency order (as member positions), then
/// kEnd. `localOf` is scratch over the graph's vertices, all kEnd on entry and on return.
constexpr std::uint32_t kEnd = ~0u;

void internalLinks(const Graph &graph, const std::vector<ClusterMember> &members, std::vector<std::uint32_t> &localOf,
                   std::vector<std::uint32_t> &out)
{
    if (localOf.size() < graph.vertexCount()) {
        localOf.assign(graph.vertexCount(), kEnd);
    }
    for (std::uint32_t i = 0; i < members.size(); ++i) {
        localOf[members[i].vertex] = i;
    }
    out.clear();
    for (const ClusterMember &m : members) {
        for (const Neighbour &nb : graph.neighbours(m.vertex)) {
            if (const std::uint32_t j = localOf[nb.vertex]; j != kEnd && graph.edge(nb.edge).weight > 0.0) {
                out.push_back(j);
            }
        }
        out.push_back(kEnd);
    }
    for (const ClusterMember &m : members) {
        localOf[m.vertex] = kEnd;
    }
}

/// True when `cluster` of `graph` and `before` of `earlier` would get the same centrality: the same
/// member ids in the same order and the same internal links in the same order.
bool sameCentralityInput(const Graph &graph, const Cluster &cluster, const Graph &earlier, const Cluster &before)
{
    if (cluster.members.size() != before.members.size() ||
        !std::equal(cluster.members.begin(), cluster.members.end(), before.members.begin(),
                    [](const ClusterMember &x, const ClusterMember &y) { return x.id == y.id; })) {
        return false;
    }
    thread_local std::vector<std::uint32_t> localNow;
    thread_local std::vector<std::uint32_t> localThen;
    thread_local std::vector<std::uint32_t> linksNow;
    thread_local std::vector<std::uint32_t> linksThen;
    internalLinks(graph, cluster.members, localNow, linksNow);
    internalLinks(earlier, before.members, localThen, linksThen);
    return linksNow == linksThen;
}

} // namespace

ClusterCentrality clusterCentrality(const Graph &graph, const Cluster &cluster, const AnalysisPolicy &policy)
{
    ClusterCentrality out;
    const std::size_t n = cluster.members.size();
    out.betweenness.assign(n, 0.0);
    if (n == 0) {
        return out;
    }
    // The members' internal links, walked once: the exact CSR (each link once, in the order Boost's
    // adjacency_list received them: member order, then the graph's adjacency order) and the
    // sampled estimate's per-member lists in the graph's order both come from it, as does the
    // proof that a lent cluster is unchanged (sameCentralityInput).
    thread_local std::vector<std::uint32_t> localOf; // reused from cluster to cluster: a map per cluster cost more
    thread_local std::vector<std::uint32_t> walk;
    internalLinks(graph, cluster.members, localOf, walk);
    const bool sampled = static_cast<int>(n) > policy.betweennessExactLimit;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> links;
    std::vector<std::uint32_t> graphOrder;      // sampled only
    std::vector<std::uint32_t> graphOffsets(1); // sampled only
    for (std::uint32_t i = 0; const std::uint32_t j : walk) {
        if (j == kEnd) {
            ++i;
            if (sampled) {
                graphOffsets.push_back(static_cast<std::uint32_t>(graphOrder.size()));
            }
            continue;
        }
        if (sampled) {
            graphOrder.push_back(j);
        }
        if (i < j) {
            links.emplace_back(i, j);
        }
    }
    std::vector<std::uint32_t> offsets(n + 1, 0);
    for (const auto &[a, b] : links) {
        ++offsets[a + 1];
        ++offsets[b + 1];
    }
    for (std::size_t v = 0; v < n; ++v) {
        offsets[v + 1] += offsets[v];
    }
    std::vector<std::uint32_t> adjacency(offsets[n]);
    {
        std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
        for (const auto &[a, b] : links) {
            adjacency[fill[a]++] = b;
            adjacency[fill[b]++] = a;
        }
    }

    std::vector<double> raw;
    std::vector<std::uint32_t> sources(n);
    std::iota(sources.begin(), sources.end(), 0u);
    double scale = 0.5; // undirected: each pair was counted from both ends
    if (!sampled) {
        out.sources = static_cast<int>(n);
    } else {
        std::mt19937_64 rng(policy.seed);
        std::shuffle(sources.begin(), sources.end(), rng);
        const auto k = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(0, policy.betweennessSamples)));
        sources.resize(k);
        scale = k == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(k) / 2.0;
        out.sampled = true;
        out.sources = static_cast<int>(k);
    }
    if (out.sampled) {
        // Sampled estimates were computed over each member's neighbours in the graph's order;
        // kept so that they do not move.
        brandes(graphOffsets, graphOrder, sources, raw);
    } else {
        brandes(offsets, adjacency, sources, raw);
    }
    // raw now counts each unordered pair once.
    const double pairs = n > 2 ? static_cast<double>(n - 1) * static_cast<double>(n - 2) / 2.0 : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        out.betweenness[i] = pairs > 0.0 ? std::min(1.0, raw[i] * scale / pairs) : 0.0;
    }

    for (const std::uint32_t v : articulationPoints(offsets, adjacency)) {
        out.brokers.push_back(cluster.members[v].id);
    }
    std::sort(out.brokers.begin(), out.brokers.end());
    return out;
}

BetweennessPolicy betweennessPolicy(const AnalysisPolicy &policy)
{
    return {policy.betweennessExactLimit, policy.betweennessSamples, policy.seed};
}

Priorities findPriorities(const Graph &graph, const GraphSnapshot &snapshot, const std::vector<Cluster> &clusters,
                          const AnalysisPolicy &policy, const EarlierCentrality *earlier)
{
    Priorities out;
    constexpr std::uint32_t kNone = ~0u;
    std::vector<std::uint32_t> clusterOf(graph.vertexCount(), kNone);
    std::vector<double> betweenness(graph.vertexCount(), 0.0);
    std::vector<char> broker(graph.vertexCount(), 0);
    std::vector<int> roleRank(graph.vertexCount(), 0);
    // Each cluster's betweenness is its own: on a second core every other cluster is computed
    // there (alternating, so that each thread gets big and small clusters alike).
    out.centrality.resize(clusters.size());
    // An earlier analysis lends nothing computed under another betweenness policy; its clusters
    // are found through their first member's vertex there.
    out.betweennessPolicy = betweennessPolicy(policy);
    if (earlier != nullptr && (earlier->priorities.betweennessPolicy != out.betweennessPolicy ||
                               earlier->priorities.centrality.size() != earlier->clusters.size())) {
        earlier = nullptr;
    }
    std::vector<std::uint32_t> earlierClusterOf;
    if (earlier != nullptr) {
        earlierClusterOf.assign(earlier->graph.vertexCount(), kNone);
        for (std::uint32_t c = 0; c < earlier->clusters.size(); ++c) {
            for (const ClusterMember &m : earlier->clusters[c].members) {
                earlierClusterOf[m.vertex] = c;
            }
        }
    }
    const auto earlierCentrality = [&](const Cluster &cluster) -> const ClusterCentrality * {
        if (earlier == nullptr || cluster.members.empty() || cluster.members.size() < earlier->fromMembers) {
            return nullptr;
        }
        const auto v = earlier->graph.find(cluster.members.front().id);
        if (!v || earlierClusterOf[*v] == kNone) {
            return nullptr;
        }
        const std::uint32_t c = earlierClusterOf[*v];
        const bool same = sameCentralityInput(graph, cluster, earlier->graph, earlier->clusters[c]);
        return same ? &earlier->priorities.centrality[c] : nullptr;
    };
    const auto centralityStart = std::chrono::steady_clock::now();
    std::size_t reused[2] = {0, 0};
    const auto computeFrom = [&](std::size_t first) {
        for (std::size_t c = first; c < clusters.size(); c += 2) {
            if (const ClusterCentrality *same = earlierCentrality(clusters[c])) {
                out.centrality[c] = *same;
                ++reused[first];
            } else {
                out.centrality[c] = clusterCentrality(graph, clusters[c], policy);
            }
        }
    };
    auto odd = detail::runBeside([&computeFrom] { computeFrom(1); });
    computeFrom(0);
    odd.get();
    out.centralityReused = reused[0] + reused[1];
    out.centralityMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - centralityStart).count();
    // Suspects are ranked as entries (one person named in three reports without a date of
    // birth may be three), while Cluster::suspects counts people: a rank is out of the entries.
    std::vector<int> suspectEntries(clusters.size(), 0);
    for (std::uint32_t c = 0; c < clusters.size(); ++c) {
        const Cluster &cluster = clusters[c];
        const ClusterCentrality &centrality = out.centrality[c];
        std::vector<std::pair<double, std::uint32_t>> suspects;
        for (std::uint32_t i = 0; i < cluster.members.size(); ++i) {
            const VertexIndex v = cluster.members[i].vertex;
            clusterOf[v] = c;
            betweenness[v] = centrality.betweenness[i];
            if (graph.vertex(v).suspect) {
                suspects.emplace_back(-centrality.betweenness[i], i);
            }
        }
        std::sort(suspects.begin(), suspects.end());
        suspectEntries[c] = static_cast<int>(suspects.size());
        for (std::size_t r = 0; r < suspects.size(); ++r) {
            roleRank[cluster.members[suspects[r].second].vertex] = static_cast<int>(r + 1);
        }
        for (EntityId id : centrality.brokers) {
            if (auto v = graph.find(id)) {
                broker[*v] = 1;
            }
        }
    }

    // The children next to each alias, in adjacency order, listed once: a nickname many suspects
    // are known by is next to thousands of entities, and its neighbours were walked again for
    // every suspect, which made this stage grow faster than the data.
    struct Via {
        VertexIndex child = 0;
        double evidence = 0.0;
    };
    std::vector<Via> via;
    std::vector<std::uint32_t> viaBegin(graph.vertexCount() + 1, 0);
    for (VertexIndex a = 0; a < graph.vertexCount(); ++a) {
        if (graph.vertex(a).type == EntityType::Alias) {
            for (const Neighbour &m : graph.neighbours(a)) {
                const GraphEdge &f = graph.edge(m.edge);
                if (f.evidence > 0.0 && graph.vertex(m.vertex).child) {
                    via.push_back({m.vertex, f.evidence});
                }
            }
        }
        viaBegin[a + 1] = static_cast<std::uint32_t>(via.size());
    }
    // One suspect's children, each once with its strongest link: slots by vertex, reset after
    // each suspect (a std::map per suspect was most of this loop's allocations).
    std::vector<std::uint32_t> slotOf(graph.vertexCount(), kNone);
    std::vector<std::pair<VertexIndex, double>> children;

    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        const GraphVertex &gv = graph.vertex(v);
        if (!gv.suspect) {
            continue;
        }
        SuspectPriority row;
        row.id = gv.entity;
        row.type = gv.type;
        row.label = gv.label;
        row.records = gv.records;
        row.recentRecords = gv.recentRecords;
        row.evidence = gv.evidence;

        // Children named with the suspect, or with an alias the suspect is known by.
        children.clear();
        auto offer = [&](VertexIndex c, double strength) {
            if (slotOf[c] == kNone) {
                slotOf[c] = static_cast<std::uint32_t>(children.size());
                children.emplace_back(c, 0.0);
            }
            double &s = children[slotOf[c]].second;
            s = std::max(s, strength);
        };
        for (const Neighbour &n : graph.neighbours(v)) {
            const GraphEdge &e = graph.edge(n.edge);
            if (e.evidence <= 0.0) {
                continue;
            }
            const GraphVertex &other = graph.vertex(n.vertex);
            if (other.child) {
                offer(n.vertex, e.evidence);
            }
            if (other.type == EntityType::Alias && (e.relations & kAliasOf) != 0) {
                for (std::uint32_t i = viaBegin[n.vertex]; i < viaBegin[n.vertex + 1]; ++i) {
                    if (via[i].child != v) {
                        offer(via[i].child, e.evidence * via[i].evidence);
                    }
                }
            }
        }
        for (const auto &[c, strength] : children) {
            slotOf[c] = kNone;
        }
        // Summed in vertex order, as before, so that scores do not move in the last bit.
        std::sort(children.begin(), children.end());
        for (const auto &[c, strength] : children) {
            const GraphVertex &child = graph.vertex(c);
            row.childRisk += (child.level ? policy.risk.of(*child.level) : policy.risk.unscreened) * strength;
            row.significantChildren += child.level == RiskLevel::Significant ? 1 : 0;
        }
        row.children = static_cast<int>(children.size());

        const std::uint32_t c = clusterOf[v];
        if (c != kNone) {
            row.cluster = clusters[c].id;
            row.betweenness = betweenness[v];
            row.betweennessSampled = out.centrality[c].sampled;
            row.roleRank = roleRank[v];
            row.roleGroupSize = suspectEntries[c];
            row.broker = broker[v] != 0;
        }
        row.score = row.childRisk + policy.reportWeight * row.evidence + policy.betweennessWeight * row.betweenness +
                    (row.broker ? policy.brokerBonus : 0.0);

        std::string linked = "linked to " + plural(children.size(), "child", "children");
        if (row.significantChildren > 0) {
            linked += " (" + std::to_string(row.significantChildren) + " at significant risk)";
        }
        row.reasons.push_back(linked);
        const double meanWeight = row.records > 0 ? row.evidence / row.records : 0.0;
        row.reasons.push_back("named in " + plural(static_cast<std::size_t>(row.records), "record", "records") +
                              " (" + std::to_string(row.recentRecords) + " in the last " +
                              std::to_string(policy.recentDays) + " days), mean weight " + fixed(meanWeight) +
                              " after grading and age");
        if (c != kNone) {
            const ClusterCentrality &cc = out.centrality[c];
            row.reasons.push_back("betweenness " + fixed(row.betweenness) + " in " + row.cluster + ", " +
                                  (row.roleRank == 1 ? std::string("highest") : "number " + std::to_string(row.roleRank)) +
                                  " of " + suspectsRanked(row.roleGroupSize, clusters[c].suspects) +
                                  (cc.sampled ? " (sampled from " + std::to_string(cc.sources) + " sources)"
                                              : std::string(" (exact)")));
            if (row.broker) {
                row.reasons.push_back("broker: removing them splits " + row.cluster);
            }
        } else {
            row.reasons.push_back("in no cluster");
        }
        out.suspects.push_back(std::move(row));
    }
    sortRows(out.suspects, [](const SuspectPriority &x, const SuspectPriority &y) {
        return x.score != y.score ? x.score > y.score : x.id < y.id;
    });
    for (std::size_t i = 0; i < out.suspects.size(); ++i) {
        out.suspects[i].rank = static_cast<int>(i + 1);
    }

    // Children: every screened child plus every victim in the graph never screened.
    std::unordered_map<EntityId, const ChildRisk *> screened;
    screened.reserve(snapshot.children.size());
    for (const ChildRisk &c : snapshot.children) {
        screened[c.child] = &c;
    }
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        const GraphVertex &gv = graph.vertex(v);
        auto it = screened.find(gv.entity);
        if (!gv.child && it == screened.end()) {
            continue;
        }
        ChildPriority row;
        row.id = gv.entity;
        row.label = gv.label;
        if (it != screened.end()) {
            const ChildRisk &risk = *it->second;
            row.level = risk.final;
            row.computed = risk.computed;
            row.trend = risk.trend;
            row.overdueActions = risk.overdueActions;
            row.openActions = risk.openActions;
        }
        const std::uint32_t c = clusterOf[v];
        if (c != kNone) {
            row.cluster = clusters[c].id;
            row.organisedCluster = clusters[c].organised;
            row.betweenness = betweenness[v];
        }
        row.score = (row.level ? policy.risk.of(*row.level) : policy.risk.unscreened) +
                    (row.trend == Trend::Up ? 0.25 : 0.0) + 0.1 * row.overdueActions +
                    (row.organisedCluster ? 0.5 : 0.0);

        if (row.level) {
            std::string level = "final level " + std::string(toString(*row.level));
            if (row.computed && *row.computed != *row.level) {
                level += " (computed " + std::string(toString(*row.computed)) + ", professional judgement)";
            }
            row.reasons.push_back(level);
            if (row.trend != Trend::Same) {
                row.reasons.push_back(row.trend == Trend::Up     ? "risk rising since the last screening"
                                      : row.trend == Trend::Down ? "risk falling since the last screening"
                                                                 : "first screening");
            }
        } else {
            row.reasons.push_back("named as a victim in " +
                                  plural(static_cast<std::size_t>(gv.records), "record", "records") +
                                  " but never screened");
        }
        if (row.overdueActions > 0) {
            row.reasons.push_back(plural(static_cast<std::size_t>(row.overdueActions), "action", "actions") +
                                  " overdue");
        }
        if (row.organisedCluster) {
            row.reasons.push_back("member of " + row.cluster + ", flagged as suggesting organised abuse");
        } else if (!row.cluster.empty()) {
            row.reasons.push_back("member of " + row.cluster);
        }
        out.children.push_back(std::move(row));
    }
    // The final level always comes first; the score orders children within a level.
    auto levelWeight = [&](const ChildPriority &c) {
        return c.level ? policy.risk.of(*c.level) : policy.risk.unscreened;
    };
    sortRows(out.children, [&](const ChildPriority &x, const ChildPriority &y) {
        if (levelWeight(x) != levelWeight(y)) {
            return levelWeight(x) > levelWeight(y);
        }
        return x.score != y.score ? x.score > y.score : x.id < y.id;
    });
    for (std::size_t i = 0; i < out.children.size(); ++i) {
        out.children[i].rank = static_cast<int>(i + 1);
    }
    return out;
}

} // namespace harbour::analysis
