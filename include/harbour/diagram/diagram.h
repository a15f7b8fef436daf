#pragma once

#include "harbour/analysis/analysis.h"
#include "harbour/diagram/layout.h"
#include "harbour/diagram/palette.h"
#include "harbour/result.h"
#include "harbour/snapshot.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

/// The network diagram as plain data (no Qt), so that the app, the briefing and the exports draw
/// the same picture: which entities, where, in what colour and shape, which lines the records
/// say, and which records lie behind each.
///
/// How records become lines ("draw what the records say"): a record that states a relation
/// draws it as a typed line (alias_of, found_at, found_with). A record that names exactly two
/// entities of the diagram draws one line typed by the pair (seen at, with vehicle, phone,
/// associate of, ...). A record that names three or more is drawn as an i2-style event node,
/// the report, with one line to each entity it names: a report naming six entities draws six
/// lines, not the fifteen of a co-mention clique. Records naming the same entities share one
/// event node. A nickname stated as someone's alias reaches the event through that person.
namespace harbour::diagram {

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
    /// How many entries (as imported) this node stands for: itself, those an analyst merged into it
    /// (EntityInfo::mergedFrom) and those its identity folded in (foldedFrom). A node is one
    /// identity; above 1 the picture shows the number.
    int entries = 1;
    /// The entries were joined by Harbour rather than by an analyst (EntityInfo::joinedAutomatically,
    /// or DiagramOptions::joinedAutomatically).
    bool joinedAutomatically = false;
    NodeShape shape = NodeShape::Circle;
    Rgb colour;
    double x = 0.0; ///< layout units: linked nodes about one unit apart
    double y = 0.0;
};

/// The analysis link between two entities: what the exports write and the app's provenance
/// lists. It is not necessarily one drawn line (see DiagramLine).
struct DiagramEdge {
    std::size_t from = 0; ///< index into Diagram::nodes
    std::size_t to = 0;
    double weight = 0.0; ///< analysis weight (evidence x hub damping); 0 when suspected false
    EdgeStyle style = EdgeStyle::Solid;
    bool onPath = false;          ///< part of the chain in focus
    bool conditionsApply = false; ///< some record behind it has handling code C
    std::vector<RecordRowId> records; ///< the records behind the line, oldest first
};

/// A report (or several naming the same entities) drawn as a node of its own.
struct EventNode {
    std::vector<RecordRowId> records; ///< ascending
    std::string label;                ///< the first record's id, "+ N" when there are more
    std::vector<std::size_t> members; ///< nodes it names, ascending
    EdgeStyle style = EdgeStyle::Solid; ///< by the best grading of its records
    bool conditionsApply = false;
    double x = 0.0;
    double y = 0.0;
};

/// One line as drawn: between two nodes, or from a node to an event (toEvent).
struct DiagramLine {
    std::size_t from = 0; ///< index into Diagram::nodes
    std::size_t to = 0;   ///< index into Diagram::nodes, or Diagram::events when toEvent
    bool toEvent = false;
    Relation relation = Relation::CoMentioned;
    EdgeStyle style = EdgeStyle::Solid;
    double weight = 0.0; ///< the analysis weight of the link (node to node), or 0.5 to an event
    bool onPath = false;
    bool conditionsApply = false;
    std::vector<RecordRowId> records; ///< the records that say it, ascending
};

struct Diagram {
    std::string title; ///< "Cluster C1", "Within 2 steps of Child A (14)", "Chain from X to Y", "Whole network"
    std::vector<DiagramNode> nodes; ///< sorted by entity id
    std::vector<DiagramEdge> edges; ///< every analysis link between two nodes
    std::vector<EventNode> events;
    std::vector<DiagramLine> lines; ///< what is drawn
    double minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0; ///< bounding box of node and event centres
    std::size_t leftOut = 0; ///< entities of the focus not drawn: beyond DiagramOptions::maxNodes

    /// Index of an entity's node, or nullopt.
    std::optional<std::size_t> find(EntityId entity) const;
};

/// What part of the network to draw.
struct DiagramFocus {
    enum class Kind { Everything, Cluster, Child, Path, Entities };
    Kind kind = Kind::Everything;
    std::string cluster;  ///< Kind::Cluster: "C1"
    EntityId entity = 0;  ///< Kind::Child: the child; Kind::Path: the first end
    EntityId other = 0;   ///< Kind::Path: the second end
    int steps = 2;        ///< Kind::Child: entities within this many links (weight > 0)
    std::vector<EntityId> entities; ///< Kind::Entities: these (those not in the graph are skipped)
    std::string title;    ///< Kind::Entities: the diagram's title

    static DiagramFocus everything() { return {}; }
    static DiagramFocus ofCluster(std::string id);
    static DiagramFocus ofChild(EntityId child, int steps = 2);
    static DiagramFocus ofPath(EntityId from, EntityId to);
    static DiagramFocus ofEntities(std::vector<EntityId> entities, std::string title = {});
};

struct DiagramOptions {
    std::uint64_t seed = 1;
    /// Earlier positions by entity, to keep a redrawn diagram recognisable.
    std::map<EntityId, Point> previous;
    /// Labels to show instead of the entity's own (pseudonyms for children, for example).
    std::map<EntityId, std::string> labels;
    /// Identities whose entries Harbour joined without an analyst's decision: drawn with a mark.
    /// The caller that folds identities fills it; nothing here guesses.
    std::set<EntityId> joinedAutomatically;
    /// Links whose best record grades below this weight are dashed (AnalysisPolicy::gradingWeight).
    double lowGradingBelow = 0.5;
    /// The largest number of entities a focus may hold. Everything beyond it keeps the
    /// focus, then (around a child) the nearest, then the highest-scoring nodes (priority or
    /// hotspot score; children and suspects break ties). 0 means no limit.
    std::size_t maxNodes = 0;
    /// False leaves every node at (0, 0): for outputs that carry no positions.
    bool layout = true;
    /// Reports naming this many entities of the diagram or more become event nodes.
    std::size_t eventFromMembers = 3;
    /// Above this many nodes co-mentions are drawn straight (Relation::CoMentioned) and no event
    /// node is made: a picture of a whole town is read for its shape, not its reports. 0: never.
    std::size_t eventsUpToNodes = 3000;
    /// Above this many nodes each analysis cluster is laid out on its own and the clusters are
    /// packed in rows: links between clusters are kept but do not pull. A whole network is one
    /// giant component (shared places and phones join the networks), and DrL takes about nine
    /// minutes on the 240,000 nodes of 100,000 reports. 0 means never.
    std::size_t clusterLayoutAbove = 20000;
};

/// Builds the diagram of one focus from a snapshot and the analysis of it (`analysis.graph`
/// must be built from `snapshot`), with its lines and events, and lays it out (layoutDiagram).
/// Fails with NotFound for an unknown cluster id, an entity not in the graph, or two entities no
/// chain links; with Usage for steps < 0. Time complexity: O(|V| + |E| + M) to select and
/// type, M the mentions of the records behind the links, plus the layout (see layout.h).
Result<Diagram> buildDiagram(const GraphSnapshot &snapshot, const analysis::AnalysisResult &analysis,
                             const DiagramFocus &focus, const analysis::AnalysisPolicy &policy,
                             const DiagramOptions &options = {});

/// Positions the nodes and events of `diagram` with layoutGraph (lines pull; events are laid out
/// as nodes) and sets its bounding box. `previous` and `previousEvents` (by first record) keep a
/// redrawn diagram recognisable; `clusterOf` (empty, or one id per node, ~0u for none) lays each
/// cluster out on its own. Returns false, leaving the diagram as it was, when `cancel` was set.
bool layoutDiagram(Diagram &diagram, const std::map<EntityId, Point> &previous,
                   const std::map<RecordRowId, Point> &previousEvents, std::uint64_t seed,
                   const std::atomic_bool *cancel = nullptr, const std::vector<std::uint32_t> &clusterOf = {});

/// Lines for a diagram built by hand with edges only: one co-mention line per edge.
void drawEdgesAsLines(Diagram &diagram);

/// The shapes, colours and line kinds a legend explains, in the order to print them.
struct LegendEntry {
    std::string text;
    NodeShape shape = NodeShape::Circle;
    Rgb colour;
};
std::vector<LegendEntry> diagramLegend();

/// The kinds of line a legend explains: those that occur in `diagram`, in a fixed order.
std::vector<Relation> relationsIn(const Diagram &diagram);

} // namespace harbour::diagram
