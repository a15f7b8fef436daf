#pragma once

#include "background_job.h"
#include "dataset.h"
#include "network_layout.h"

#include <QGraphicsItem>
#include <QGraphicsView>
#include <QHash>
#include <QPointF>
#include <QSet>

#include <atomic>
#include <memory>
#include <vector>


namespace harbour::ui {

class EdgeItem;

/// How a line is drawn: by the grading of the records behind it.
enum class LinkStyle { Solid, LowGrade, SuspectedFalse };

/// What the diagram draws, computed from a Dataset and a set of entities. Qt-free numbers only.
struct DiagramNode {
    EntityId id = 0;
    EntityType type = EntityType::Person;
    std::string label;
    bool child = false;
    bool suspect = false;
    std::optional<RiskLevel> level; ///< children: final level; nullopt when not screened
    double radius = 12.0;           ///< by priority
};

struct DiagramEdge {
    int a = 0; ///< indices into nodes
    int b = 0;
    double weight = 0.0;
    LinkStyle style = LinkStyle::Solid;
    int records = 0;
};

struct Diagram {
    std::vector<DiagramNode> nodes;
    std::vector<DiagramEdge> edges;
};

/// The diagram of `entities` (all of the graph when empty) with the links among them: shapes by
/// type, children by final level, size by priority, line width by weight, low-graded links
/// dashed (best grading weight below 0.5), suspected-false links dotted.
Diagram buildDiagram(const Dataset &data, const std::vector<EntityId> &entities);

/// The entities within `steps` links (weight > 0) of `centre`: centre first, then nearest first,
/// the most strongly tied first (analysis::nearestTo). O(|V| + |E|) at worst.
std::vector<EntityId> neighbourhood(const Dataset &data, EntityId centre, int steps);

/// What forceLayout() is asked for a diagram: node keys, radii (a vehicle's box is wider) and
/// weighted edges, with each node seeded from `known` where it was laid out before.
/// Time complexity: O(|V| + |E|).
LayoutInput layoutInputFor(const Diagram &diagram, const QHash<EntityId, QPointF> &known);

/// The outline of an entity type's shape around (0, 0); shared with the legend.
QPainterPath shapeFor(EntityType type, bool suspect, double radius);

class NodeItem : public QGraphicsItem {
public:
    NodeItem(const DiagramNode &node, QColor fill);
    enum { Type = UserType + 1 };
    int type() const override { return Type; }
    EntityId entityId() const { return m_node.id; }
    const DiagramNode &node() const { return m_node; }
    void addEdge(EdgeItem *edge) { m_edges.push_back(edge); }
    void setLabelVisible(bool visible);
    bool labelVisible() const;
    /// Where the label is, or would be, drawn in `view`'s viewport, in pixels.
    QRectF labelRectIn(const QGraphicsView &view) const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    DiagramNode m_node;
    QColor m_fill;
    QPainterPath m_path;
    QGraphicsItem *m_label = nullptr;
    std::vector<EdgeItem *> m_edges;
};

class EdgeItem : public QGraphicsItem {
public:
    EdgeItem(NodeItem *a, NodeItem *b, const DiagramEdge &edge);
    enum { Type = UserType + 2 };
    int type() const override { return Type; }
    NodeItem *from() const { return m_a; }
    NodeItem *to() const { return m_b; }
    const DiagramEdge &edge() const { return m_edge; }
    void adjust();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    NodeItem *m_a;
    NodeItem *m_b;
    DiagramEdge m_edge;
    QLineF m_line;
};

/// The network diagram: zoom with the wheel, pan by dragging the background with the right or
/// middle button (or the hand mode), drag nodes, select by click or rubber band. Layouts run in
/// a worker thread (QtConcurrent) and are remembered by entity id, so a refresh moves little.
class NetworkView : public QGraphicsView {
    Q_OBJECT
public:
    explicit NetworkView(QWidget *parent = nullptr);
    ~NetworkView() override;

    /// Replaces the picture; the layout runs in a worker thread and layoutFinished() follows.
    void showDiagram(Diagram diagram);
    bool isLayoutRunning() const { return m_layout.busy(); }
    /// Time the UI thread spent building the scene for the last finished layout, in milliseconds.
    double sceneMilliseconds() const { return m_sceneMilliseconds; }
    /// Nodes now in the scene, by entity id.
    const QHash<EntityId, NodeItem *> &nodes() const { return m_nodes; }
    const std::vector<EdgeItem *> &edges() const { return m_edges; }
    const Diagram &diagram() const { return m_diagram; }
    void setTypeVisible(EntityType type, bool visible);
    /// Selects and centres the node; false when it is not in the picture.
    bool focusNode(EntityId id);
    void zoomBy(double factor);
    void fitAll();

signals:
    void layoutStarted(int nodes);
    void layoutFinished(int nodes, double milliseconds);
    void nodeSelected(harbour::EntityId id);
    void edgeSelected(harbour::EntityId a, harbour::EntityId b);
    void selectionCleared();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void placeItems(const LayoutOutput &layout);
    void selectionChangedInScene();
    void updateLabels();

    Diagram m_diagram;
    QHash<EntityId, NodeItem *> m_nodes;
    std::vector<EdgeItem *> m_edges;
    QHash<EntityId, QPointF> m_positions; ///< every position ever laid out, for stable refreshes
    QSet<EntityType> m_hidden;
    std::shared_ptr<std::atomic_bool> m_cancel;
    BackgroundJob<LayoutOutput> m_layout;
    qint64 m_layoutStarted = 0;
    double m_sceneMilliseconds = 0.0;
    bool m_panning = false;
    bool m_autoFit = true; ///< fit the picture to the window until the analyst zooms
};

} // namespace harbour::ui
