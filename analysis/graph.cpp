#include "harbour/analysis/graph.h"

#include "harbour/dense_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace harbour::analysis {


struct Graph::Impl {
    std::vector<GraphVertex> vertices;
    std::vector<GraphEdge> edges;
    std::vector<RecordRowId> edgeRecords;
    std::vector<std::uint32_t> offsets; // CSR: neighbours of v are adjacency[offsets[v] .. offsets[v + 1])
    std::vector<Neighbour> adjacency;
    DenseIndex byEntity; ///< entity id -> vertex
    std::vector<GraphRecord> records;
    DenseIndex recordIndex; ///< row id -> position in records
    Date asOf{};
};

Graph::Graph() : m_impl(std::make_unique<Impl>()) {}
Graph::~Graph() = default;
Graph::Graph(Graph &&) noexcept = default;
Graph &Graph::operator=(Graph &&) noexcept = default;

std::size_t Graph::vertexCount() const { return m_impl->vertices.size(); }
std::size_t Graph::edgeCount() const { return m_impl->edges.size(); }
const GraphVertex &Graph::vertex(VertexIndex v) const { return m_impl->vertices[v]; }
const GraphEdge &Graph::edge(EdgeIndex e) const { return m_impl->edges[e]; }
const std::vector<GraphVertex> &Graph::vertices() const { return m_impl->vertices; }
const std::vector<GraphEdge> &Graph::edges() const { return m_impl->edges; }
Date Graph::asOf() const { return m_impl->asOf; }

const GraphRecord *Graph::record(RecordRowId rowId) const
{
    const std::uint32_t at = m_impl->recordIndex.find(rowId);
    return at == DenseIndex::kNone ? nullptr : &m_impl->records[at];
}

std::span<const Neighbour> Graph::neighbours(VertexIndex v) const
{
    const auto begin = m_impl->offsets[v];
    const auto end = m_impl->offsets[v + 1];
    return {m_impl->adjacency.data() + begin, end - begin};
}

std::span<const RecordRowId> Graph::records(const GraphEdge &edge) const
{
    return {m_impl->edgeRecords.data() + edge.recordsBegin, edge.recordsEnd - edge.recordsBegin};
}

std::optional<VertexIndex> Graph::find(EntityId entity) const
{
    const std::uint32_t v = m_impl->byEntity.find(entity);
    if (v == DenseIndex::kNone) {
        return std::nullopt;
    }
    return v;
}

std::optional<EdgeIndex> Graph::edgeBetween(VertexIndex a, VertexIndex b) const
{
    if (neighbours(a).size() > neighbours(b).size()) {
        std::swap(a, b);
    }
    for (const Neighbour &n : neighbours(a)) {
        if (n.vertex == b) {
            return n.edge;
        }
    }
    return std::nullopt;
}

namespace {

double ageInDays(DateTime at, Date asOf)
{
    using namespace std::chrono;
    const auto reference = sys_days{asOf};
    return duration<double, days::period>(reference - at).count();
}

std::uint8_t relationBit(const std::string &relation)
{
    if (relation == "co_mentioned") {
        return kCoMentioned;
    }
    if (relation == "alias_of") {
        return kAliasOf;
    }
    if (relation == "found_at") {
        return kFoundAt;
    }
    if (relation == "found_with") {
        return kFoundWith;
    }
    return 0;
}

} // namespace

double recordWeight(const RecordInfo &record, Date asOf, const AnalysisPolicy &policy)
{
    return policy.gradingWeight(record.grading) * policy.decay(ageInDays(record.at, asOf));
}

Graph buildGraph(const GraphSnapshot &snapshot, const AnalysisPolicy &policy)
{
    Graph graph;
    Graph::Impl &g = *graph.m_impl;

    g.asOf = snapshot.asOf;
    if (!g.asOf.ok()) {
        DateTime newest{};
        for (const RecordInfo &r : snapshot.records) {
            newest = std::max(newest, r.at);
        }
        g.asOf = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(newest)};
    }

    // Records: a weight and a recency flag each, found by row id through one index.
    g.recordIndex = DenseIndex(snapshot.records, [](const RecordInfo &r) { return r.rowId; });
    const DenseIndex &recordIndex = g.recordIndex;
    std::vector<double> weights(snapshot.records.size());
    std::vector<char> recent(snapshot.records.size());
    g.records.reserve(snapshot.records.size());
    for (std::uint32_t i = 0; i < snapshot.records.size(); ++i) {
        const RecordInfo &r = snapshot.records[i];
        weights[i] = recordWeight(r, g.asOf, policy);
        recent[i] = ageInDays(r.at, g.asOf) <= policy.recentDays ? 1 : 0;
        g.records.push_back({r.rowId, r.at, weights[i], recent[i] != 0});
    }

    g.vertices.reserve(snapshot.entities.size());
    // One vertex per entity id (the first, should the snapshot repeat one).
    const DenseIndex firstOf(snapshot.entities, [](const EntityInfo &e) { return e.id; });
    for (std::uint32_t i = 0; i < snapshot.entities.size(); ++i) {
        const EntityInfo &e = snapshot.entities[i];
        if (firstOf.find(e.id) != i) {
            continue;
        }
        GraphVertex v;
        v.entity = e.id;
        v.type = e.type;
        v.label = e.label;
        v.postcode = e.attribute("postcode");
        if (e.type == EntityType::Person) {
            v.dob = e.attribute("dob");
        }
        v.child = e.isChild();
        v.suspect = e.isSuspect();
        g.vertices.push_back(std::move(v));
    }
    g.byEntity = DenseIndex(g.vertices, [](const GraphVertex &v) { return v.entity; });
    const DenseIndex &byEntity = g.byEntity;

    for (const ChildRisk &c : snapshot.children) {
        if (const std::uint32_t v = byEntity.find(c.child); v != DenseIndex::kNone) {
            g.vertices[v].level = c.final;
        }
    }

    // Distinct records per entity: one sort of (vertex, record) pairs, not a set per vertex.
    {
        std::vector<std::uint64_t> pairs;
        pairs.reserve(snapshot.mentions.size());
        for (const Mention &m : snapshot.mentions) {
            const std::uint32_t v = byEntity.find(m.entity);
            const std::uint32_t r = recordIndex.find(m.record);
            if (v != DenseIndex::kNone && r != DenseIndex::kNone) {
                pairs.push_back((static_cast<std::uint64_t>(v) << 32) | r);
            }
        }
        std::sort(pairs.begin(), pairs.end());
        pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
        for (std::uint64_t p : pairs) {
            GraphVertex &v = g.vertices[p >> 32];
            const auto r = static_cast<std::uint32_t>(p & 0xffffffffu);
            ++v.records;
            v.recentRecords += recent[r];
            v.evidence += weights[r];
        }
        for (const EntityInfo &e : snapshot.entities) {
            GraphVertex &v = g.vertices[byEntity.find(e.id)];
            v.records = std::max(v.records, e.recordCount);
        }
    }

    auto damping = [&](const GraphVertex &a, const GraphVertex &b) {
        if (!policy.hub.enabled) {
            return 1.0;
        }
        const int excess = std::max(0, std::max(a.records, b.records) - policy.hub.freeRecords);
        return 1.0 / std::log2(2.0 + excess);
    };

    g.edges.reserve(snapshot.links.size());
    std::vector<std::uint32_t> scratch;
    for (const LinkInfo &link : snapshot.links) {
        const std::uint32_t a = byEntity.find(link.a);
        const std::uint32_t b = byEntity.find(link.b);
        if (a == DenseIndex::kNone || b == DenseIndex::kNone || a == b) {
            continue;
        }
        GraphEdge edge;
        edge.a = std::min(a, b);
        edge.b = std::max(a, b);
        scratch.clear();
        for (const LinkEvidence &ev : link.evidence) {
            const std::uint32_t r = recordIndex.find(ev.record);
            if (r == DenseIndex::kNone) {
                continue;
            }
            scratch.push_back(r);
            edge.relations |= relationBit(ev.relation);
        }
        if (scratch.empty()) {
            continue;
        }
        // One record naming the pair under two relations is still one piece of information.
        std::sort(scratch.begin(), scratch.end(), [&](std::uint32_t x, std::uint32_t y) {
            const RecordInfo &rx = snapshot.records[x];
            const RecordInfo &ry = snapshot.records[y];
            return rx.at != ry.at ? rx.at < ry.at : x < y;
        });
        scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
        double missing = 1.0;
        edge.recordsBegin = static_cast<std::uint32_t>(g.edgeRecords.size());
        for (std::uint32_t r : scratch) {
            missing *= 1.0 - std::clamp(weights[r], 0.0, 1.0);
            g.edgeRecords.push_back(snapshot.records[r].rowId);
        }
        edge.recordsEnd = static_cast<std::uint32_t>(g.edgeRecords.size());
        edge.first = snapshot.records[scratch.front()].at;
        edge.last = snapshot.records[scratch.back()].at;
        edge.evidence = 1.0 - missing;
        edge.damping = damping(g.vertices[edge.a], g.vertices[edge.b]);
        edge.weight = edge.evidence * edge.damping;
        g.edges.push_back(edge);
    }

    // CSR adjacency by counting sort: two passes over the edges.
    const std::size_t n = g.vertices.size();
    g.offsets.assign(n + 1, 0);
    for (const GraphEdge &e : g.edges) {
        ++g.offsets[e.a + 1];
        ++g.offsets[e.b + 1];
    }
    for (std::size_t v = 0; v < n; ++v) {
        g.offsets[v + 1] += g.offsets[v];
    }
    g.adjacency.resize(g.offsets[n]);
    std::vector<std::uint32_t> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (EdgeIndex i = 0; i < g.edges.size(); ++i) {
        const GraphEdge &e = g.edges[i];
        g.adjacency[fill[e.a]++] = {e.b, i};
        g.adjacency[fill[e.b]++] = {e.a, i};
    }
    return graph;
}

} // namespace harbour::analysis
