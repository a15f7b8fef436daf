#pragma once

#include "background_job.h"
#include "dataset.h"

#include "harbour/diagram/diagram.h"

#include <QGraphicsItem>
#include <QGraphicsView>
#include <QHash>
#include <QPointF>
#include <QSet>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace harbour::ui {

class EdgeItem;
class LabelItem;

/// The diagram of `entities` (all of the graph when empty) from the one diagram model
/// (diagram::buildDiagram, unplaced: the view lays it out in a worker thread): shapes by type,
/// children by final level, size by priority, typed lines, reports naming three or more as
/// event nodes, low-graded lines dashed, suspected-false lines dotted.
diagram::Diagram buildDiagram(const Dataset &data, const std::vector<EntityId> &entities);

/// The entities within `steps` links (weight > 0) of `centre`: centre first, then nearest first,
/// the most strongly tied first (analysis::nearestTo). O(|V| + |E|) at worst.
std::vector<EntityId> neighbourhood(const Dataset &data, EntityId centre, int steps);

/// Scene units per layout unit: linked nodes about this far apart.
constexpr double kSceneUnit = 95.0;

/// A symbol with a label: an entity or a report event.
class SymbolItem : public QGraphicsItem {
public:
    void addEdge(EdgeItem *edge) { m_edges.push_back(edge); }
    void setLabelVisible(bool visible);
    bool labelVisible() const;
    /// Moves the label to `offset` from the symbol's centre, in pixels.
    void setLabelOffset(QPointF offset);
    /// Where the label is, or would be, drawn in `view`'s viewport, in pixels.
    QRectF labelRectIn(const QGraphicsView &view) const;
    /// The label's size in pixels.
    QSizeF labelSize() const;
    double radius() const { return m_radius; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;

protected:
    SymbolItem(const std::string &label, double radius);
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

    QPainterPath m_path;
    double m_radius;

private:
    LabelItem *m_label = nullptr;
    std::vector<EdgeItem *> m_edges;
};

class NodeItem : public SymbolItem {
public:
    NodeItem(const diagram::DiagramNode &node, double radius);
    enum { Type = UserType + 1 };
    int type() const override { return Type; }
    EntityId entityId() const { return m_node.entity; }
    const diagram::DiagramNode &node() const { return m_node; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    diagram::DiagramNode m_node;
};

/// A report (or several naming the same entities) that names three or more entities.
class EventItem : public SymbolItem {
public:
    explicit EventItem(const diagram::EventNode &event);
    enum { Type = UserType + 3 };
    int type() const override { return Type; }
    const diagram::EventNode &event() const { return m_event; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    diagram::EventNode m_event;
};

class EdgeItem : public QGraphicsItem {
public:
    EdgeItem(NodeItem *from, SymbolItem *to, const diagram::DiagramLine &line);
    enum { Type = UserType + 2 };
    int type() const override { return Type; }
    NodeItem *from() const { return m_from; }
    /// The entity at the other end; null for a line to a report event.
    NodeItem *to() const;
    SymbolItem *end() const { return m_to; }
    const diagram::DiagramLine &line() const { return m_line; }
    void adjust();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    NodeItem *m_from;
    SymbolItem *m_to;
    diagram::DiagramLine m_line;
    QLineF m_segment;
};

/// The network diagram: zoom with the wheel, pan by dragging the background with the right or
/// middle button (or the hand mode), drag nodes, select by click or rubber band. Layouts
/// (diagram::layoutDiagram, igraph's) run in a worker thread (QtConcurrent) and are remembered by
/// entity id, so a refresh moves little; a new diagram cancels the one still being laid out.
class NetworkView : public QGraphicsView {
    Q_OBJECT
public:
    explicit NetworkView(QWidget *parent = nullptr);
    ~NetworkView() override;

    /// Replaces the picture; the layout runs in a worker thread and layoutFinished() follows.
    void showDiagram(diagram::Diagram diagram);
    bool isLayoutRunning() const { return m_layout.busy(); }
    /// Time the UI thread spent building the scene for the last finished layout, in milliseconds.
    double sceneMilliseconds() const { return m_sceneMilliseconds; }
    /// Nodes now in the scene, by entity id.
    const QHash<EntityId, NodeItem *> &nodes() const { return m_nodes; }
    const std::vector<EventItem *> &events() const { return m_events; }
    const std::vector<EdgeItem *> &edges() const { return m_edges; }
    const diagram::Diagram &diagram() const { return m_diagram; }
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
    void placeItems(const diagram::Diagram &laidOut);
    void selectionChangedInScene();
    void updateLabels();

    diagram::Diagram m_diagram;
    QHash<EntityId, NodeItem *> m_nodes;
    std::vector<EventItem *> m_events;
    std::vector<EdgeItem *> m_edges;
    QHash<EntityId, QPointF> m_positions; ///< every position ever laid out, for stable refreshes
    QHash<RecordRowId, QPointF> m_eventPositions; ///< by an event's first record
    QSet<EntityType> m_hidden;
    std::shared_ptr<std::atomic_bool> m_cancel;
    BackgroundJob<std::optional<diagram::Diagram>> m_layout;
    qint64 m_layoutStarted = 0;
    double m_sceneMilliseconds = 0.0;
    bool m_panning = false;
    bool m_autoFit = true; ///< fit the picture to the window until the analyst zooms
};

} // namespace harbour::ui
