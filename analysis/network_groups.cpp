#include "network_groups.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <numeric>
#include <string>
#include <unordered_map>

namespace harbour::analysis::detail {

namespace {

bool isSite(EntityType type)
{
    return type == EntityType::Premises || type == EntityType::Vehicle || type == EntityType::Place;
}

struct UnionFind {
    std::vector<int> parent;
    int add()
    {
        parent.push_back(static_cast<int>(parent.size()));
        return parent.back();
    }
    int find(int x)
    {
        while (parent[static_cast<std::size_t>(x)] != x) {
            parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
            x = parent[static_cast<std::size_t>(x)];
        }
        return x;
    }
    void join(int a, int b) { parent[static_cast<std::size_t>(find(a))] = find(b); }
};

std::string personKey(const GraphVertex &v)
{
    std::string key;
    for (const char c : v.label) {
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return key;
}

} // namespace

NetworkGroups::NetworkGroups(const Graph &graph, const AnalysisPolicy &policy)
    : m_graph(graph), m_policy(policy), m_childAlias(graph.vertexCount(), 0), m_slot(graph.vertexCount(), 0),
      m_connectorOf(graph.vertexCount(), 0), m_unitStamp(graph.vertexCount(), 0), m_unitId(graph.vertexCount(), 0)
{
    // Two person entries with the same full name are one connector (the identity fold does this
    // properly): the first entry's index stands for the name.
    std::unordered_map<std::string, VertexIndex> byName;
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        const GraphVertex &gv = graph.vertex(v);
        const bool named = gv.type == EntityType::Person && gv.label.rfind("Unknown", 0) != 0;
        m_connectorOf[v] = named ? byName.try_emplace(personKey(gv), v).first->second : v;
    }
    m_viaStamp.assign(graph.vertexCount(), 0);
    m_viaUnit.assign(graph.vertexCount(), 0);
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        if (graph.vertex(v).type != EntityType::Alias) {
            continue;
        }
        for (const Neighbour &n : graph.neighbours(v)) {
            if ((graph.edge(n.edge).relations & kAliasOf) != 0 && graph.vertex(n.vertex).child) {
                m_childAlias[v] = 1;
            }
        }
    }
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        if (isSite(graph.vertex(v).type) && linkedChildren(v).size() >= 2) {
            m_groups.emplace_back();
            m_public.push_back(0);
            m_slot[v] = static_cast<int>(m_groups.size());
        }
    }
    // Round one: everything but busy hubs relates children; round two leaves out what round one
    // found public (two cases that meet only at a school and at an A&E are related by neither).
    std::vector<char> excluded(graph.vertexCount(), 0);
    std::vector<char> publicFirst(graph.vertexCount(), 0);
    m_placesToo = true;
    groupAll(excluded, &publicFirst);
    m_placesToo = true;
    groupAll(publicFirst, nullptr);
}

bool NetworkGroups::connector(VertexIndex v, const std::vector<char> &excluded, bool placesToo) const
{
    const GraphVertex &gv = m_graph.vertex(v);
    if (excluded[v] || m_childAlias[v] || m_graph.neighbours(v).size() > kBusyDegree) {
        return false;
    }
    if (m_policy.hub.splitRecords > 0 && gv.records >= m_policy.hub.splitRecords && gv.type != EntityType::Person &&
        gv.type != EntityType::Alias) {
        return false; // a busy public hub relates no one
    }
    return placesToo || (gv.type != EntityType::Place && gv.type != EntityType::Premises);
}

void NetworkGroups::groupAll(const std::vector<char> &excluded, std::vector<char> *publicOut)
{
    for (VertexIndex v = 0; v < m_graph.vertexCount(); ++v) {
        if (m_slot[v] == 0) {
            continue;
        }
        Groups groups = groupOf(v, excluded);
        const bool isPublicHere = groups.anyCase && groups.groups.size() >= 2;
        if (publicOut && isPublicHere) {
            (*publicOut)[v] = 1;
        }
        m_public[static_cast<std::size_t>(m_slot[v] - 1)] = isPublicHere ? 1 : 0;
        m_groups[static_cast<std::size_t>(m_slot[v] - 1)] = std::move(groups.groups);
    }
}

std::vector<VertexIndex> NetworkGroups::linkedChildren(VertexIndex v) const
{
    std::vector<VertexIndex> out;
    const bool site = isSite(m_graph.vertex(v).type);
    for (const Neighbour &n : m_graph.neighbours(v)) {
        if (m_graph.edge(n.edge).evidence <= 0.0) {
            continue;
        }
        const GraphVertex &other = m_graph.vertex(n.vertex);
        if (other.child) {
            out.push_back(n.vertex);
        }
        // Through a suspect or a suspect's nickname, as a hotspot row counts them.
        const bool through = other.suspect || (other.type == EntityType::Alias && !m_childAlias[n.vertex]);
        if (site && through && m_graph.neighbours(n.vertex).size() <= kBusyDegree) {
            for (const Neighbour &m : m_graph.neighbours(n.vertex)) {
                if (m.vertex != v && m_graph.edge(m.edge).evidence > 0.0 && m_graph.vertex(m.vertex).child) {
                    out.push_back(m.vertex);
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

NetworkGroups::Groups NetworkGroups::groupOf(VertexIndex x, const std::vector<char> &excluded) const
{
    // Scratch arrays stamped per call (no per-call hashing or allocation beyond the result).
    ++m_epoch;
    UnionFind sets;
    const auto unitOf = [&](VertexIndex v) {
        if (m_unitStamp[v] != m_epoch) {
            m_unitStamp[v] = m_epoch;
            m_unitId[v] = sets.add();
        }
        return m_unitId[v];
    };
    const auto isUnit = [&](VertexIndex v) { return m_unitStamp[v] == m_epoch; };
    // Units: x's neighbours and the children linked to it through a suspect.
    std::vector<VertexIndex> units;
    for (const Neighbour &n : m_graph.neighbours(x)) {
        if (m_graph.edge(n.edge).evidence > 0.0 && !isUnit(n.vertex)) {
            unitOf(n.vertex);
            units.push_back(n.vertex);
        }
    }
    const std::vector<VertexIndex> children = linkedChildren(x);
    for (const VertexIndex c : children) {
        if (!isUnit(c)) {
            unitOf(c);
            units.push_back(c);
        }
    }
    std::sort(units.begin(), units.end());
    // A connector's first unit; a named person's connector is their name (m_connectorOf).
    const auto via = [&](VertexIndex w, int id) {
        const std::size_t key = m_connectorOf[w];
        if (m_viaStamp[key] != m_epoch) {
            m_viaStamp[key] = m_epoch;
            m_viaUnit[key] = id;
        } else {
            sets.join(id, m_viaUnit[key]);
        }
    };
    for (const VertexIndex u : units) {
        if (m_connectorOf[u] != u && connector(u, excluded, m_placesToo)) {
            via(u, m_unitId[u]);
        }
    }
    for (const VertexIndex u : units) {
        const int id = m_unitId[u];
        if (m_graph.neighbours(u).size() > kBusyDegree) {
            continue;
        }
        if (!(m_graph.vertex(u).child || connector(u, excluded, m_placesToo))) {
            continue; // a public hub next to x relates nothing, and walking it for every x is quadratic
        }
        for (const Neighbour &n : m_graph.neighbours(u)) {
            if (n.vertex == x || m_graph.edge(n.edge).evidence <= 0.0) {
                continue;
            }
            const bool joins = m_graph.vertex(n.vertex).child || connector(n.vertex, excluded, m_placesToo);
            if (isUnit(n.vertex)) {
                // A link between two of x's neighbours relates them, unless one is itself a public
                // place (two children each seen at the bus station are not related by it).
                if (joins) {
                    sets.join(id, m_unitId[n.vertex]);
                }
            } else if (joins) {
                via(n.vertex, id); // a connector, or a child, linked to two of them relates them
            }
        }
    }
    // A group is a case of its own when it holds more than children, or a child linked to anything
    // but x: a child seen only at x is no evidence of an unrelated case, and stays with x.
    std::map<int, std::vector<VertexIndex>> byRoot;
    std::map<int, bool> caseOfItsOwn;
    for (const VertexIndex u : units) {
        const int root = sets.find(m_unitId[u]);
        bool own = !m_graph.vertex(u).child;
        for (const Neighbour &n : m_graph.neighbours(u)) {
            if (own) {
                break;
            }
            own = n.vertex != x && m_graph.edge(n.edge).evidence > 0.0;
        }
        caseOfItsOwn[root] = caseOfItsOwn[root] || own;
    }
    for (const VertexIndex c : children) {
        byRoot[sets.find(m_unitId[c])].push_back(c);
    }
    Groups out;
    std::vector<char> own;
    for (auto &[root, group] : byRoot) {
        out.groups.push_back(std::move(group));
        own.push_back(caseOfItsOwn[root] ? 1 : 0);
        out.anyCase = out.anyCase || caseOfItsOwn[root];
    }
    // Largest first; between equals, a case of its own first.
    std::vector<std::size_t> order(out.groups.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto &ga = out.groups[a];
        const auto &gb = out.groups[b];
        if (ga.size() != gb.size()) {
            return ga.size() > gb.size();
        }
        return own[a] != own[b] ? own[a] > own[b] : ga.front() < gb.front();
    });
    std::vector<std::vector<VertexIndex>> sorted;
    for (const std::size_t i : order) {
        sorted.push_back(std::move(out.groups[i]));
    }
    out.groups = std::move(sorted);
    return out;
}

const std::vector<std::vector<VertexIndex>> &NetworkGroups::groups(VertexIndex v) const
{
    static const std::vector<std::vector<VertexIndex>> kNone;
    return m_slot[v] == 0 ? kNone : m_groups[static_cast<std::size_t>(m_slot[v] - 1)];
}

std::vector<VertexIndex> NetworkGroups::networkChildren(VertexIndex v) const
{
    return isPublic(v) ? groups(v).front() : linkedChildren(v);
}

std::vector<VertexIndex> NetworkGroups::oneGroup(VertexIndex v, const std::vector<VertexIndex> &children) const
{
    const auto &all = groups(v);
    if (!isPublic(v)) {
        return children;
    }
    std::vector<VertexIndex> best;
    for (const auto &group : all) {
        std::vector<VertexIndex> in;
        for (const VertexIndex c : children) {
            if (std::binary_search(group.begin(), group.end(), c)) {
                in.push_back(c);
            }
        }
        if (in.size() > best.size()) {
            best = std::move(in);
        }
    }
    return best;
}

} // namespace harbour::analysis::detail
