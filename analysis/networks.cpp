#include "networks.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace harbour::analysis::detail {

namespace {

struct Communities {
    std::vector<int> parent;
    explicit Communities(const std::vector<int> &membership)
    {
        const int top = membership.empty() ? 0 : *std::max_element(membership.begin(), membership.end());
        parent.resize(static_cast<std::size_t>(top) + 1);
        std::iota(parent.begin(), parent.end(), 0);
    }
    int find(int c)
    {
        while (parent[static_cast<std::size_t>(c)] != c) {
            parent[static_cast<std::size_t>(c)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(c)])];
            c = parent[static_cast<std::size_t>(c)];
        }
        return c;
    }
};

/// An entity that meets the flag rule, with the children it holds.
struct Rule {
    VertexIndex entity = 0;
    std::vector<VertexIndex> children;
};

/// An alias that names a suspect (alias_of a person named as a perpetrator).
bool suspectNickname(const Graph &graph, VertexIndex v)
{
    if (graph.vertex(v).type != EntityType::Alias) {
        return false;
    }
    for (const Neighbour &n : graph.neighbours(v)) {
        if ((graph.edge(n.edge).relations & kAliasOf) != 0 && graph.vertex(n.vertex).suspect) {
            return true;
        }
    }
    return false;
}

std::vector<Rule> rulesMet(const Graph &graph, const NetworkGroups &groups, const AnalysisPolicy &policy)
{
    std::vector<Rule> rules;
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        const GraphVertex &gv = graph.vertex(v);
        std::vector<VertexIndex> children;
        if (gv.type == EntityType::Premises || gv.type == EntityType::Vehicle) {
            children = groups.networkChildren(v);
        } else if (gv.suspect || suspectNickname(graph, v)) {
            // A suspect's nickname is the suspect: its children are those of every entry it names.
            for (const Neighbour &n : graph.neighbours(v)) {
                const GraphEdge &e = graph.edge(n.edge);
                if (e.weight <= 0.0) {
                    continue;
                }
                if (graph.vertex(n.vertex).child) {
                    children.push_back(n.vertex);
                }
                if (gv.type == EntityType::Alias && (e.relations & kAliasOf) != 0 && graph.vertex(n.vertex).suspect) {
                    for (const Neighbour &m : graph.neighbours(n.vertex)) {
                        if (graph.edge(m.edge).weight > 0.0 && graph.vertex(m.vertex).child) {
                            children.push_back(m.vertex);
                        }
                    }
                }
            }
            std::sort(children.begin(), children.end());
            children.erase(std::unique(children.begin(), children.end()), children.end());
        }
        if (static_cast<int>(children.size()) >= policy.organised.minChildrenPerHub) {
            rules.push_back({v, std::move(children)});
        }
    }
    std::sort(rules.begin(), rules.end(), [](const Rule &a, const Rule &b) {
        return a.children.size() != b.children.size() ? a.children.size() > b.children.size() : a.entity < b.entity;
    });
    return rules;
}

/// Step 1: each rule's entity and children in one community. Returns the communities that hold a rule.
std::vector<char> gatherRules(const Graph &graph, const NetworkGroups &groups, std::vector<int> &membership,
                              Communities &communities, const AnalysisPolicy &policy)
{
    std::vector<char> placed(graph.vertexCount(), 0);
    std::vector<int> targets;
    for (const Rule &rule : rulesMet(graph, groups, policy)) {
        std::vector<VertexIndex> held = rule.children;
        held.push_back(rule.entity);
        std::map<int, int> count;
        for (const VertexIndex v : held) {
            ++count[communities.find(membership[v])];
        }
        int target = communities.find(membership[rule.entity]);
        for (const auto &[community, n] : count) {
            if (n > count[target]) {
                target = community;
            }
        }
        for (const VertexIndex v : held) {
            const int now = communities.find(membership[v]);
            if (now == target) {
                continue;
            }
            if (placed[v]) {
                communities.parent[static_cast<std::size_t>(now)] = target; // both rules hold it
            } else {
                membership[v] = target;
            }
        }
        for (const VertexIndex v : held) {
            placed[v] = 1;
        }
        targets.push_back(target);
    }
    for (int &m : membership) {
        m = communities.find(m);
    }
    std::vector<char> network(communities.parent.size(), 0);
    for (const int t : targets) {
        network[static_cast<std::size_t>(communities.find(t))] = 1;
    }
    return network;
}

bool publicHub(const Graph &graph, const NetworkGroups &groups, VertexIndex v, const AnalysisPolicy &policy)
{
    const GraphVertex &gv = graph.vertex(v);
    const bool busy = policy.hub.splitRecords > 0 && gv.records >= policy.hub.splitRecords && gv.type != EntityType::Person;
    return busy || groups.isPublic(v);
}

/// Step 2, one round: communities that send chainShare of their weight to one network join it.
bool joinChains(const Graph &graph, const NetworkGroups &groups, std::vector<int> &membership, std::vector<char> &network,
                const std::vector<char> &isPublic, const AnalysisPolicy &policy)
{
    std::vector<double> volume(network.size(), 0.0);
    std::map<std::pair<int, int>, double> toNetwork;
    for (const GraphEdge &e : graph.edges()) {
        if (e.weight <= 0.0 || isPublic[e.a] || isPublic[e.b]) {
            continue;
        }
        const int ca = membership[e.a];
        const int cb = membership[e.b];
        volume[static_cast<std::size_t>(ca)] += e.weight;
        volume[static_cast<std::size_t>(cb)] += e.weight;
        if (ca == cb || e.evidence < policy.network.chainMinEvidence) {
            continue;
        }
        if (network[static_cast<std::size_t>(cb)] && !network[static_cast<std::size_t>(ca)]) {
            toNetwork[{ca, cb}] += e.weight;
        }
        if (network[static_cast<std::size_t>(ca)] && !network[static_cast<std::size_t>(cb)]) {
            toNetwork[{cb, ca}] += e.weight;
        }
    }
    std::map<int, std::pair<double, int>> best; // community -> (share, network)
    for (const auto &[pair, weight] : toNetwork) {
        const double share = weight / volume[static_cast<std::size_t>(pair.first)];
        auto &b = best[pair.first];
        if (share >= policy.network.chainShare && share > b.first) {
            b = {share, pair.second};
        }
    }
    std::vector<int> into(network.size(), -1);
    bool joined = false;
    for (const auto &[community, choice] : best) {
        if (choice.first > 0.0) {
            into[static_cast<std::size_t>(community)] = choice.second;
            joined = true;
        }
    }
    for (int &m : membership) {
        if (into[static_cast<std::size_t>(m)] >= 0) {
            m = into[static_cast<std::size_t>(m)];
        }
    }
    (void)groups;
    return joined;
}

} // namespace

void holdNetworks(const Graph &graph, const NetworkGroups &groups, std::vector<int> &membership,
                  const AnalysisPolicy &policy)
{
    if (membership.empty()) {
        return;
    }
    Communities communities(membership);
    std::vector<char> network = gatherRules(graph, groups, membership, communities, policy);
    std::vector<char> isPublic(graph.vertexCount(), 0);
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        isPublic[v] = publicHub(graph, groups, v, policy) ? 1 : 0;
    }
    for (int round = 0; round < kChainRounds; ++round) {
        if (!joinChains(graph, groups, membership, network, isPublic, policy)) {
            break;
        }
    }
}

} // namespace harbour::analysis::detail
