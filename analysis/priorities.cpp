#include "harbour/analysis/priorities.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/biconnected_components.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <unordered_map>

namespace harbour::analysis {

namespace {

using UndirectedGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

std::string plural(std::size_t n, const std::string &one, const std::string &many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string fixed(double x, int digits = 2)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
    return buffer;
}

/// Brandes from a sample of sources on a small CSR graph (unweighted), scaled to estimate the
/// sum over all sources.
std::vector<double> sampledBetweenness(const std::vector<std::vector<std::uint32_t>> &adjacency, int samples,
                                       std::uint64_t seed)
{
    const auto n = static_cast<std::uint32_t>(adjacency.size());
    std::vector<double> centrality(n, 0.0);
    std::vector<std::uint32_t> order(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        order[i] = i;
    }
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    const auto k = std::min<std::uint32_t>(n, static_cast<std::uint32_t>(samples));

    std::vector<int> distance(n);
    std::vector<double> paths(n);
    std::vector<double> delta(n);
    std::vector<std::uint32_t> stack;
    std::vector<std::uint32_t> queue;
    for (std::uint32_t i = 0; i < k; ++i) {
        const std::uint32_t s = order[i];
        std::fill(distance.begin(), distance.end(), -1);
        std::fill(paths.begin(), paths.end(), 0.0);
        std::fill(delta.begin(), delta.end(), 0.0);
        stack.clear();
        queue.assign(1, s);
        distance[s] = 0;
        paths[s] = 1.0;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::uint32_t v = queue[head];
            stack.push_back(v);
            for (std::uint32_t w : adjacency[v]) {
                if (distance[w] < 0) {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if (distance[w] == distance[v] + 1) {
                    paths[w] += paths[v];
                }
            }
        }
        // Predecessors are the neighbours one hop nearer: no lists needed.
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
            const std::uint32_t w = *it;
            for (std::uint32_t v : adjacency[w]) {
                if (distance[v] == distance[w] - 1) {
                    delta[v] += paths[v] / paths[w] * (1.0 + delta[w]);
                }
            }
            if (w != s) {
                centrality[w] += delta[w];
            }
        }
    }
    const double scale = k == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(k) / 2.0;
    for (double &c : centrality) {
        c *= scale;
    }
    return centrality;
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
    std::unordered_map<VertexIndex, std::uint32_t> local;
    local.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        local.emplace(cluster.members[i].vertex, i);
    }
    std::vector<std::vector<std::uint32_t>> adjacency(n);
    UndirectedGraph g(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        for (const Neighbour &nb : graph.neighbours(cluster.members[i].vertex)) {
            auto it = local.find(nb.vertex);
            if (it == local.end() || graph.edge(nb.edge).weight <= 0.0) {
                continue;
            }
            adjacency[i].push_back(it->second);
            if (i < it->second) {
                boost::add_edge(i, it->second, g);
            }
        }
    }

    std::vector<double> raw(n, 0.0);
    if (static_cast<int>(n) <= policy.betweennessExactLimit) {
        boost::brandes_betweenness_centrality(
            g, boost::make_iterator_property_map(raw.begin(), boost::get(boost::vertex_index, g)));
        out.sources = static_cast<int>(n);
    } else {
        raw = sampledBetweenness(adjacency, policy.betweennessSamples, policy.seed);
        out.sampled = true;
        out.sources = std::min(static_cast<int>(n), policy.betweennessSamples);
    }
    // Boost halves undirected scores, so raw counts each unordered pair once.
    const double pairs = n > 2 ? static_cast<double>(n - 1) * static_cast<double>(n - 2) / 2.0 : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        out.betweenness[i] = pairs > 0.0 ? std::min(1.0, raw[i] / pairs) : 0.0;
    }

    std::vector<UndirectedGraph::vertex_descriptor> cuts;
    boost::articulation_points(g, std::back_inserter(cuts));
    for (auto v : cuts) {
        out.brokers.push_back(cluster.members[v].id);
    }
    std::sort(out.brokers.begin(), out.brokers.end());
    return out;
}

Priorities findPriorities(const Graph &graph, const GraphSnapshot &snapshot, const std::vector<Cluster> &clusters,
                          const AnalysisPolicy &policy)
{
    Priorities out;
    constexpr std::uint32_t kNone = ~0u;
    std::vector<std::uint32_t> clusterOf(graph.vertexCount(), kNone);
    std::vector<double> betweenness(graph.vertexCount(), 0.0);
    std::vector<char> broker(graph.vertexCount(), 0);
    std::vector<int> roleRank(graph.vertexCount(), 0);
    out.centrality.reserve(clusters.size());
    for (std::uint32_t c = 0; c < clusters.size(); ++c) {
        const Cluster &cluster = clusters[c];
        ClusterCentrality centrality = clusterCentrality(graph, cluster, policy);
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
        for (std::size_t r = 0; r < suspects.size(); ++r) {
            roleRank[cluster.members[suspects[r].second].vertex] = static_cast<int>(r + 1);
        }
        for (EntityId id : centrality.brokers) {
            if (auto v = graph.find(id)) {
                broker[*v] = 1;
            }
        }
        out.centrality.push_back(std::move(centrality));
    }
    auto suspectsIn = [&](std::uint32_t c) { return clusters[c].suspects; };

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
        std::map<VertexIndex, double> children;
        auto offer = [&](VertexIndex c, double strength) {
            double &s = children[c];
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
                for (const Neighbour &m : graph.neighbours(n.vertex)) {
                    const GraphEdge &f = graph.edge(m.edge);
                    if (m.vertex != v && f.evidence > 0.0 && graph.vertex(m.vertex).child) {
                        offer(m.vertex, e.evidence * f.evidence);
                    }
                }
            }
        }
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
            row.roleGroupSize = suspectsIn(c);
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
                                  " of " + plural(static_cast<std::size_t>(row.roleGroupSize), "suspect", "suspects") +
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
    std::sort(out.suspects.begin(), out.suspects.end(), [](const SuspectPriority &x, const SuspectPriority &y) {
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
    std::sort(out.children.begin(), out.children.end(), [&](const ChildPriority &x, const ChildPriority &y) {
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
