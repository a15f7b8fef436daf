// The diagram model: selection and drawing of one focus. Qt-free, so that GraphML and ANX exports
// carry the very positions, colours and sizes the app and the briefing draw.
#include "harbour/diagram/diagram.h"

#include "lines.h"

#include "harbour/analysis/path.h"

#include <tuple>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace harbour::diagram {

using analysis::VertexIndex;

DiagramFocus DiagramFocus::ofCluster(std::string id)
{
    DiagramFocus focus;
    focus.kind = Kind::Cluster;
    focus.cluster = std::move(id);
    return focus;
}

DiagramFocus DiagramFocus::ofChild(EntityId child, int steps)
{
    DiagramFocus focus;
    focus.kind = Kind::Child;
    focus.entity = child;
    focus.steps = steps;
    return focus;
}

DiagramFocus DiagramFocus::ofEntities(std::vector<EntityId> entities, std::string title)
{
    DiagramFocus focus;
    focus.kind = Kind::Entities;
    focus.entities = std::move(entities);
    focus.title = std::move(title);
    return focus;
}

DiagramFocus DiagramFocus::ofPath(EntityId from, EntityId to)
{
    DiagramFocus focus;
    focus.kind = Kind::Path;
    focus.entity = from;
    focus.other = to;
    return focus;
}

std::optional<std::size_t> Diagram::find(EntityId entity) const
{
    const auto it = std::lower_bound(nodes.begin(), nodes.end(), entity,
                                     [](const DiagramNode &node, EntityId id) { return node.entity < id; });
    if (it == nodes.end() || it->entity != entity) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - nodes.begin());
}

namespace {

std::unordered_map<EntityId, double> priorityScores(const analysis::AnalysisResult &analysis)
{
    std::unordered_map<EntityId, double> scores;
    auto keep = [&](EntityId id, double score) {
        auto &slot = scores[id];
        slot = std::max(slot, score);
    };
    for (const auto &row : analysis.priorities.suspects) {
        keep(row.id, row.score);
    }
    for (const auto &row : analysis.priorities.children) {
        keep(row.id, row.score);
    }
    for (const auto *table : {&analysis.hotspots.premises, &analysis.hotspots.vehicles, &analysis.hotspots.places}) {
        for (const auto &row : *table) {
            keep(row.id, row.score);
        }
    }
    return scores;
}

std::string labelOf(const analysis::GraphVertex &vertex, const DiagramOptions &options)
{
    const auto it = options.labels.find(vertex.entity);
    return it != options.labels.end() ? it->second : vertex.label;
}

} // namespace

Result<Diagram> buildDiagram(const GraphSnapshot &snapshot, const analysis::AnalysisResult &analysis,
                             const DiagramFocus &focus, const analysis::AnalysisPolicy &policy,
                             const DiagramOptions &options)
{
    const auto &graph = analysis.graph;
    Diagram diagram;
    std::vector<VertexIndex> selected;
    std::unordered_set<EntityId> focusEntities;
    /// Around a child: how many links from it, and how strongly tied (analysis::nearestTo).
    std::unordered_map<VertexIndex, std::pair<int, double>> nearness;
    std::unordered_set<std::uint64_t> pathEdges;
    auto vertexOf = [&](EntityId id) -> Result<VertexIndex> {
        if (const auto v = graph.find(id)) {
            return *v;
        }
        return makeError(ErrorCode::NotFound, "entity " + std::to_string(id) + " is not in the graph");
    };

    switch (focus.kind) {
    case DiagramFocus::Kind::Entities:
        diagram.title = focus.title;
        for (const EntityId id : focus.entities) {
            if (const auto v = graph.find(id)) {
                selected.push_back(*v);
            }
        }
        break;
    case DiagramFocus::Kind::Everything:
        diagram.title = "Whole network";
        for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
            selected.push_back(v);
        }
        break;
    case DiagramFocus::Kind::Cluster: {
        const auto it = std::find_if(analysis.clusters.begin(), analysis.clusters.end(),
                                     [&](const analysis::Cluster &c) { return c.id == focus.cluster; });
        if (it == analysis.clusters.end()) {
            return makeError(ErrorCode::NotFound, "no cluster " + focus.cluster);
        }
        diagram.title = "Cluster " + it->id;
        for (const auto &member : it->members) {
            selected.push_back(member.vertex);
        }
        break;
    }
    case DiagramFocus::Kind::Child: {
        if (focus.steps < 0) {
            return makeError(ErrorCode::Usage, "steps must be 0 or more");
        }
        auto start = vertexOf(focus.entity);
        if (!start) {
            return start.error();
        }
        for (const analysis::Nearby &near : analysis::nearestTo(graph, *start, focus.steps)) {
            selected.push_back(near.vertex);
            nearness.emplace(near.vertex, std::pair{near.links, near.strength});
        }
        focusEntities.insert(focus.entity);
        diagram.title = "Within " + std::to_string(focus.steps) + (focus.steps == 1 ? " link of " : " links of ") +
                        labelOf(graph.vertex(*start), options);
        break;
    }
    case DiagramFocus::Kind::Path: {
        auto chain = analysis::shortestChain(graph, snapshot, focus.entity, focus.other);
        if (!chain) {
            return chain.error();
        }
        auto from = vertexOf(focus.entity);
        auto to = vertexOf(focus.other);
        if (!from || !to) {
            return (from ? to : from).error();
        }
        selected.push_back(*from);
        for (const auto &hop : chain->hops) {
            auto a = vertexOf(hop.from);
            auto b = vertexOf(hop.to);
            if (a && b) {
                selected.push_back(*b);
                pathEdges.insert((std::uint64_t{std::min(*a, *b)} << 32) | std::max(*a, *b));
            }
        }
        focusEntities = {focus.entity, focus.other};
        diagram.title = "Chain from " + labelOf(graph.vertex(*from), options) + " to " +
                        labelOf(graph.vertex(*to), options);
        break;
    }
    }

    const auto scores = priorityScores(analysis);
    auto scoreOf = [&](VertexIndex v) {
        const auto it = scores.find(graph.vertex(v).entity);
        return it == scores.end() ? 0.0 : it->second;
    };
    std::sort(selected.begin(), selected.end());
    selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
    if (options.maxNodes > 0 && selected.size() > options.maxNodes) {
        // Keep what a panel must see: the focus, then the highest priority or hotspot scores (children,
        // suspects, premises and vehicles compete on one scale, so the picture keeps its targets),
        // then children and suspects. Around a child the nearer come first (what the child meets
        // directly matters most), and of those the more strongly tied: two links through a
        // suspect's phone before two through the bus station everyone passes.
        auto rank = [&](VertexIndex v) {
            const auto &vertex = graph.vertex(v);
            const auto near = nearness.find(v);
            const auto [links, strength] = near == nearness.end() ? std::pair{0, 0.0} : near->second;
            return std::tuple(!focusEntities.contains(vertex.entity), links, -strength, -scoreOf(v), !vertex.child,
                              !vertex.suspect, -vertex.records, vertex.entity);
        };
        diagram.leftOut = selected.size() - options.maxNodes;
        std::nth_element(selected.begin(), selected.begin() + static_cast<std::ptrdiff_t>(options.maxNodes),
                         selected.end(), [&](VertexIndex a, VertexIndex b) { return rank(a) < rank(b); });
        selected.resize(options.maxNodes);
    }
    std::sort(selected.begin(), selected.end(), [&](VertexIndex a, VertexIndex b) {
        return graph.vertex(a).entity < graph.vertex(b).entity;
    });

    std::unordered_map<VertexIndex, std::size_t> nodeOf;
    double topScore = 0.0;
    for (const auto v : selected) {
        topScore = std::max(topScore, scoreOf(v));
    }
    for (const auto v : selected) {
        const auto &vertex = graph.vertex(v);
        DiagramNode node;
        node.entity = vertex.entity;
        node.type = vertex.type;
        node.label = labelOf(vertex, options);
        node.child = vertex.child;
        node.suspect = vertex.suspect;
        node.risk = vertex.child ? vertex.level : std::nullopt;
        node.priority = scoreOf(v);
        node.size = topScore > 0.0 ? 1.0 + node.priority / topScore : 1.0;
        node.focus = focusEntities.contains(vertex.entity);
        bool joined = options.joinedAutomatically.contains(vertex.entity);
        if (const auto *entity = snapshot.findEntity(vertex.entity)) {
            // The entries an analyst merged and those its identity folded in (identity_fold.h).
            node.entries = static_cast<int>(entity->entries() + entity->mergedFrom.size());
            joined = joined || entity->joinedAutomatically;
        }
        node.joinedAutomatically = node.entries > 1 && joined;
        node.shape = shapeOf(vertex.type);
        node.colour = nodeColour(vertex.type, vertex.child, vertex.suspect, node.risk);
        nodeOf.emplace(v, diagram.nodes.size());
        diagram.nodes.push_back(std::move(node));
    }

    for (const auto v : selected) {
        for (const auto &n : graph.neighbours(v)) {
            const auto other = nodeOf.find(n.vertex);
            if (n.vertex <= v || other == nodeOf.end()) {
                continue;
            }
            const auto &edge = graph.edge(n.edge);
            DiagramEdge line;
            line.from = nodeOf.at(v);
            line.to = other->second;
            line.weight = edge.weight;
            line.onPath = pathEdges.contains((std::uint64_t{v} << 32) | n.vertex);
            double best = 0.0;
            for (const auto rowId : graph.records(edge)) {
                line.records.push_back(rowId);
                if (const auto *record = snapshot.findRecord(rowId)) {
                    best = std::max(best, policy.gradingWeight(record->grading));
                    line.conditionsApply = line.conditionsApply || record->grading.conditionsApply();
                }
            }
            line.style = best <= 0.0                       ? EdgeStyle::DottedFaint
                         : best < options.lowGradingBelow ? EdgeStyle::Dashed
                                                          : EdgeStyle::Solid;
            diagram.edges.push_back(std::move(line));
        }
    }
    std::sort(diagram.edges.begin(), diagram.edges.end(), [](const DiagramEdge &a, const DiagramEdge &b) {
        return std::pair(a.from, a.to) < std::pair(b.from, b.to);
    });

    const bool events = options.eventsUpToNodes == 0 || diagram.nodes.size() <= options.eventsUpToNodes;
    if (events) {
        detail::drawRecords(diagram, snapshot, policy, options);
    } else {
        drawEdgesAsLines(diagram);
    }
    if (!options.layout) {
        return diagram;
    }
    // A very large diagram is laid out cluster by cluster: only links inside one pull.
    std::vector<std::uint32_t> clusterOfNode;
    if (options.clusterLayoutAbove > 0 && diagram.nodes.size() > options.clusterLayoutAbove) {
        std::unordered_map<EntityId, std::uint32_t> clusterOf;
        for (std::size_t c = 0; c < analysis.clusters.size(); ++c) {
            for (const auto &member : analysis.clusters[c].members) {
                clusterOf.emplace(member.id, static_cast<std::uint32_t>(c));
            }
        }
        clusterOfNode.reserve(diagram.nodes.size());
        for (const auto &node : diagram.nodes) {
            const auto it = clusterOf.find(node.entity);
            clusterOfNode.push_back(it == clusterOf.end() ? detail::kNoCluster : it->second);
        }
    }
    layoutDiagram(diagram, options.previous, {}, options.seed, nullptr, clusterOfNode);
    return diagram;
}

std::vector<LegendEntry> diagramLegend()
{
    auto child = [](RiskLevel level, std::string text) {
        return LegendEntry{std::move(text), NodeShape::Circle, riskColour(level)};
    };
    return {
        child(RiskLevel::Significant, "Child: significant risk"),
        child(RiskLevel::Medium, "Child: medium risk"),
        child(RiskLevel::Low, "Child: low risk"),
        child(RiskLevel::None, "Child: none / unscreened"),
        {"Suspect", NodeShape::Circle, nodeColour(EntityType::Person, false, true, {})},
        {"Other person", NodeShape::Circle, nodeColour(EntityType::Person, false, false, {})},
        {"Alias / nickname", NodeShape::Diamond, nodeColour(EntityType::Alias, false, false, {})},
        {"Vehicle", NodeShape::Square, nodeColour(EntityType::Vehicle, false, false, {})},
        {"Premises", NodeShape::House, nodeColour(EntityType::Premises, false, false, {})},
        {"Place", NodeShape::Triangle, nodeColour(EntityType::Place, false, false, {})},
        {"Phone", NodeShape::Hexagon, nodeColour(EntityType::Phone, false, false, {})},
        {"Online account", NodeShape::Octagon, nodeColour(EntityType::Account, false, false, {})},
        {"Report naming 3 or more", NodeShape::Event, eventColour()},
    };
}

} // namespace harbour::diagram
