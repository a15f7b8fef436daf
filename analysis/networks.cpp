#include "networks.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace harbour::analysis::detail {

namespace {

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

bool publicHub(const Graph &graph, const NetworkGroups &groups, VertexIndex v, const AnalysisPolicy &policy)
{
    const GraphVertex &gv = graph.vertex(v);
    const bool busy = policy.hub.splitRecords > 0 && gv.records >= policy.hub.splitRecords && gv.type != EntityType::Person;
    return busy || groups.isPublic(v);
}

/// Weight of `v`'s links into `community`, public hubs left out.
double pull(const Graph &graph, VertexIndex v, int community, const std::vector<int> &membership,
            const std::vector<char> &isPublic)
{
    double sum = 0.0;
    for (const Neighbour &n : graph.neighbours(v)) {
        if (membership[n.vertex] == community && !isPublic[n.vertex]) {
            sum += graph.edge(n.edge).weight;
        }
    }
    return sum;
}

/// Step 1: each rule's entity and children in one community, strongest rules first. Returns the
/// communities that hold a rule. A child another rule has already placed stays there (a noise
/// link from one network to a child of another must not join the two), and so does a child of a
/// community holding another rule's entity when it is more strongly held there.
std::vector<char> gatherRules(const Graph &graph, const NetworkGroups &groups, std::vector<int> &membership,
                              const std::vector<char> &isPublic, const AnalysisPolicy &policy)
{
    std::vector<char> placed(graph.vertexCount(), 0);
    std::vector<int> targets;
    const std::vector<Rule> rules = rulesMet(graph, groups, policy);
    std::vector<char> holdsRule(static_cast<std::size_t>(*std::max_element(membership.begin(), membership.end())) + 1, 0);
    for (const Rule &rule : rules) {
        holdsRule[static_cast<std::size_t>(membership[rule.entity])] = 1;
    }
    for (const Rule &rule : rules) {
        std::vector<VertexIndex> held = rule.children;
        held.push_back(rule.entity);
        std::map<int, int> count;
        for (const VertexIndex v : held) {
            ++count[membership[v]];
        }
        int target = membership[rule.entity];
        for (const auto &[community, n] : count) {
            if (n > count[target]) {
                target = community;
            }
        }
        for (const VertexIndex v : held) {
            const int now = membership[v];
            if (now == target || placed[v]) {
                continue;
            }
            // Taken from another network only when held more strongly by this one.
            const bool fromNetwork = holdsRule[static_cast<std::size_t>(now)] != 0;
            if (!fromNetwork || pull(graph, v, target, membership, isPublic) >= pull(graph, v, now, membership, isPublic)) {
                membership[v] = target;
                placed[v] = 1;
            }
        }
        placed[rule.entity] = 1;
        targets.push_back(target);
    }
    const int top = *std::max_element(membership.begin(), membership.end());
    std::vector<char> network(static_cast<std::size_t>(top) + 1, 0);
    for (const int t : targets) {
        network[static_cast<std::size_t>(t)] = 1;
    }
    return network;
}

/// Step 2, one round: communities that send chainShare of their weight to one network join it.
bool joinChains(const Graph &graph, std::vector<int> &membership, const std::vector<char> &network,
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
    return joined;
}

} // namespace

void holdNetworks(const Graph &graph, const NetworkGroups &groups, std::vector<int> &membership,
                  const AnalysisPolicy &policy)
{
    if (membership.empty()) {
        return;
    }
    std::vector<char> isPublic(graph.vertexCount(), 0);
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        isPublic[v] = publicHub(graph, groups, v, policy) ? 1 : 0;
    }
    std::vector<char> network = gatherRules(graph, groups, membership, isPublic, policy);
    for (int round = 0; round < kChainRounds; ++round) {
        if (!joinChains(graph, membership, network, isPublic, policy)) {
            break;
        }
    }
}

} // namespace harbour::analysis::detail
