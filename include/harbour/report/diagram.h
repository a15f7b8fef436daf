#pragma once

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/layout.h"
#include "harbour/result.h"
#include "harbour/snapshot.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The network diagram as plain data (no Qt), so that the app and the briefing draw the same
/// picture: which entities, where, in what colour and shape, and which records lie behind
/// each line.
namespace harbour::report {

struct Rgb {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    bool operator==(const Rgb &) const = default;
    std::string hex() const; ///< "#d32f2f"
};

/// One shape per entity type, so a diagram reads in greyscale print too.
enum class NodeShape {
    Circle,   ///< person
    Diamond,  ///< alias
    Square,   ///< vehicle
    House,    ///< premises
    Triangle, ///< place
    Hexagon,  ///< phone
    Octagon,  ///< account
};

enum class EdgeStyle {
    Solid,       ///< at least one well-graded record
    Dashed,      ///< every record low-graded (grading weight below lowGradingBelow)
    DottedFaint, ///< every record suspected false: kept as evidence, weighs nothing
};

NodeShape shapeOf(EntityType type);
std::string_view toString(NodeShape shape);
std::string_view toString(EdgeStyle style);

/// Children by final level: significant red, medium amber, low green, none (or unscreened) grey.
Rgb riskColour(std::optional<RiskLevel> level);
/// Fill of a node: children by risk; suspects dark slate; other entities lighter per type.
Rgb nodeColour(EntityType type, bool child, bool suspect, std::optional<RiskLevel> level);

struct DiagramNode {
    EntityId entity = 0;
    EntityType type = EntityType::Person;
    std::string label; ///< display label (pseudonymised when DiagramOptions::labels says so)
    bool child = false;
    bool suspect = false;
    std::optional<RiskLevel> risk; ///< children: final level of the latest screening
    double priority = 0.0;         ///< priority or hotspot score; 0 when unranked
    double size = 1.0;             ///< relative radius, 1..2, grows with priority within this diagram
    bool focus = false;            ///< the child in focus, or an end of the path in focus
    NodeShape shape = NodeShape::Circle;
    Rgb colour;
    double x = 0.0; ///< layout units: linked nodes about one unit apart
    double y = 0.0;
};

struct DiagramEdge {
    std::size_t from = 0; ///< index into Diagram::nodes
    std::size_t to = 0;
    double weight = 0.0; ///< analysis weight (evidence x hub damping); 0 when suspected false
    EdgeStyle style = EdgeStyle::Solid;
    bool onPath = false;          ///< part of the chain in focus
    bool conditionsApply = false; ///< some record behind it has handling code C
    std::vector<RecordRowId> records; ///< the records behind the line, oldest first
};

struct Diagram {
    std::string title; ///< "Cluster C1", "Within 2 steps of Child A (14)", "Chain from X to Y", "Whole network"
    std::vector<DiagramNode> nodes; ///< sorted by entity id
    std::vector<DiagramEdge> edges;
    double minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0; ///< bounding box of node centres
    std::size_t leftOut = 0; ///< entities of the focus not drawn: beyond DiagramOptions::maxNodes

    /// Index of an entity's node, or nullopt.
    std::optional<std::size_t> find(EntityId entity) const;
};

/// What part of the network to draw.
struct DiagramFocus {
    enum class Kind { Everything, Cluster, Child, Path };
    Kind kind = Kind::Everything;
    std::string cluster;  ///< Kind::Cluster: "C1"
    EntityId entity = 0;  ///< Kind::Child: the child; Kind::Path: the first end
    EntityId other = 0;   ///< Kind::Path: the second end
    int steps = 2;        ///< Kind::Child: entities within this many links (weight > 0)

    static DiagramFocus everything() { return {}; }
    static DiagramFocus ofCluster(std::string id);
    static DiagramFocus ofChild(EntityId child, int steps = 2);
    static DiagramFocus ofPath(EntityId from, EntityId to);
};

struct DiagramOptions {
    std::uint64_t seed = 1;
    /// Earlier positions by entity, to keep a redrawn diagram recognisable.
    std::map<EntityId, analysis::Point> previous;
    /// Labels to show instead of the entity's own (pseudonyms for children, for example).
    std::map<EntityId, std::string> labels;
    /// Links whose best record grades below this weight are dashed (AnalysisPolicy::gradingWeight).
    double lowGradingBelow = 0.5;
    /// The largest number of entities a focus may hold. Everything beyond it keeps the
    /// focus, then (around a child) the nearest, then the highest-scoring nodes (priority or
    /// hotspot score; children and suspects break ties). 0 means no limit.
    std::size_t maxNodes = 0;
    /// False leaves every node at (0, 0): for outputs that carry no positions.
    bool layout = true;
    /// Above this many nodes each analysis cluster is laid out on its own and the clusters are
    /// packed in rows: links between clusters are kept but do not pull. A whole network is one
    /// giant component (shared places and phones join the networks), and DrL takes about nine
    /// minutes on the 240,000 nodes of 100,000 reports. 0 means never.
    std::size_t clusterLayoutAbove = 20000;
};

/// Builds the diagram of one focus from a snapshot and the analysis of it (`analysis.graph`
/// must be built from `snapshot`). Lays it out with analysis::layoutGraph. Fails with NotFound
/// for an unknown cluster id, an entity not in the graph, or two entities no chain links; with
/// Usage for steps < 0. Time complexity: O(|V| + |E|) to select, plus the layout of the
/// selection (see analysis/layout.h).
Result<Diagram> buildDiagram(const GraphSnapshot &snapshot, const analysis::AnalysisResult &analysis,
                             const DiagramFocus &focus, const analysis::AnalysisPolicy &policy,
                             const DiagramOptions &options = {});

/// The shapes and colours a legend explains, in the order to print them.
struct LegendEntry {
    std::string text;
    NodeShape shape = NodeShape::Circle;
    Rgb colour;
};
std::vector<LegendEntry> diagramLegend();

} // namespace harbour::report
