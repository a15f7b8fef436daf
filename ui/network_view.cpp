#include "network_view.h"

#include "ui_common.h"

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/path.h"
#include "harbour/report/label_grid.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace harbour::ui {

namespace {

constexpr double kMinRadius = 9.0;
constexpr double kMaxRadius = 24.0;

/// A label that keeps its size on screen however far the diagram is zoomed, centred under its
/// node, with a pale halo so it reads over lines.
class LabelItem : public QGraphicsItem {
public:
    LabelItem(const QString &text, QGraphicsItem *parent) : QGraphicsItem(parent), m_text(text)
    {
        setFlag(ItemIgnoresTransformations);
        setAcceptedMouseButtons(Qt::NoButton);
        const Metrics &metrics = Metrics::get();
        m_font = metrics.font;
        const double width = metrics.width(m_text);
        m_rect = QRectF(-width / 2.0 - 3, 0, width + 6, metrics.height + 2);
    }
    QRectF boundingRect() const override { return m_rect; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 200));
        painter->drawRoundedRect(m_rect, 3, 3);
        painter->setFont(m_font);
        painter->setPen(palette::kInk);
        painter->drawText(m_rect, Qt::AlignCenter, m_text);
    }

private:
    /// The labels' font and its measures, taken once. Shaping each of thousands of labels took
    /// most of the time to build a large diagram's scene on the UI thread, so plain ASCII labels
    /// add up cached advances (no kerning: a pixel at most, inside the label's padding).
    struct Metrics {
        QFont font;
        double height = 0.0;
        std::array<double, 128> advance{};
        QFontMetricsF measure;

        static const Metrics &get()
        {
            // Never destroyed: fonts must not outlive the application object, and this may.
            static const Metrics *metrics = new Metrics;
            return *metrics;
        }
        Metrics() : font(labelFont()), measure(font)
        {
            height = measure.height();
            for (std::size_t c = 32; c < advance.size(); ++c) {
                advance[c] = measure.horizontalAdvance(QChar(static_cast<char16_t>(c)));
            }
        }
        static QFont labelFont()
        {
            QFont font;
            font.setPointSizeF(9.0);
            return font;
        }
        double width(const QString &text) const
        {
            double total = 0.0;
            for (const QChar c : text) {
                if (c.unicode() < 32 || c.unicode() >= advance.size()) {
                    return measure.horizontalAdvance(text);
                }
                total += advance[c.unicode()];
            }
            return total;
        }
    };

    QString m_text;
    QFont m_font;
    QRectF m_rect;
};

QPainterPath polygonPath(int sides, double radius, double rotation)
{
    QPolygonF polygon;
    for (int i = 0; i < sides; ++i) {
        const double angle = rotation + 2.0 * M_PI * i / sides;
        polygon << QPointF(radius * std::cos(angle), radius * std::sin(angle));
    }
    polygon << polygon.front();
    QPainterPath path;
    path.addPolygon(polygon);
    path.closeSubpath();
    return path;
}

} // namespace

QPainterPath shapeFor(EntityType type, bool suspect, double r)
{
    QPainterPath path;
    switch (type) {
    case EntityType::Person:
        if (suspect) {
            path.addRoundedRect(QRectF(-r, -r, 2 * r, 2 * r), r * 0.3, r * 0.3);
        } else {
            path.addEllipse(QPointF(0, 0), r, r);
        }
        break;
    case EntityType::Alias:
        path = polygonPath(4, r * 1.15, 0.0); // diamond
        break;
    case EntityType::Vehicle:
        path.addRoundedRect(QRectF(-r * 1.4, -r * 0.75, r * 2.8, r * 1.5), r * 0.5, r * 0.5);
        break;
    case EntityType::Premises: {
        QPolygonF house;
        house << QPointF(-r, r) << QPointF(-r, -r * 0.2) << QPointF(0, -r * 1.1) << QPointF(r, -r * 0.2)
              << QPointF(r, r) << QPointF(-r, r);
        path.addPolygon(house);
        path.closeSubpath();
        break;
    }
    case EntityType::Place:
        path = polygonPath(3, r * 1.2, -M_PI / 2.0); // triangle, point up
        break;
    case EntityType::Phone:
        path.addRoundedRect(QRectF(-r * 0.6, -r, r * 1.2, r * 2.0), r * 0.25, r * 0.25);
        break;
    case EntityType::Account:
        path = polygonPath(6, r, 0.0); // hexagon
        break;
    }
    return path;
}

Diagram buildDiagram(const Dataset &data, const std::vector<EntityId> &entities)
{
    const auto &graph = data.analysis.graph;
    const auto &policy = analysis::AnalysisPolicy::defaults();
    Diagram diagram;
    std::unordered_map<analysis::VertexIndex, int> index;
    const auto addVertex = [&](analysis::VertexIndex v) {
        if (index.contains(v)) {
            return;
        }
        const auto &vertex = graph.vertex(v);
        DiagramNode node;
        node.id = vertex.entity;
        node.type = vertex.type;
        node.label = vertex.label;
        node.child = vertex.child;
        node.suspect = vertex.suspect;
        node.level = vertex.child ? data.levelOf(vertex.entity) : std::nullopt;
        index.emplace(v, static_cast<int>(diagram.nodes.size()));
        diagram.nodes.push_back(std::move(node));
    };
    if (entities.empty()) {
        for (analysis::VertexIndex v = 0; v < graph.vertexCount(); ++v) {
            addVertex(v);
        }
    } else {
        for (EntityId id : entities) {
            if (const auto v = graph.find(id)) {
                addVertex(*v);
            }
        }
    }

    double maxPriority = 0.0;
    for (const auto &[id, score] : data.priority) {
        maxPriority = std::max(maxPriority, score);
    }
    for (auto &node : diagram.nodes) {
        const double share = maxPriority > 0.0 ? std::sqrt(data.priorityOf(node.id) / maxPriority) : 0.0;
        node.radius = kMinRadius + (kMaxRadius - kMinRadius) * share;
    }

    for (const auto &[v, i] : index) {
        for (const auto &neighbour : graph.neighbours(v)) {
            const auto other = index.find(neighbour.vertex);
            if (other == index.end() || neighbour.vertex < v) {
                continue;
            }
            const auto &edge = graph.edge(neighbour.edge);
            DiagramEdge out;
            out.a = i;
            out.b = other->second;
            out.weight = edge.weight;
            double bestGrading = 0.0;
            for (RecordRowId row : graph.records(edge)) {
                ++out.records;
                if (const RecordInfo *record = data.snapshot.findRecord(row)) {
                    bestGrading = std::max(bestGrading, policy.gradingWeight(record->grading));
                }
            }
            if (edge.evidence <= 0.0) {
                out.style = LinkStyle::SuspectedFalse;
            } else if (bestGrading < 0.5) {
                out.style = LinkStyle::LowGrade;
            }
            diagram.edges.push_back(out);
        }
    }
    // Edges come out of a hash map: sort them so the picture does not depend on its order.
    std::sort(diagram.edges.begin(), diagram.edges.end(),
              [](const DiagramEdge &x, const DiagramEdge &y) { return std::pair(x.a, x.b) < std::pair(y.a, y.b); });
    return diagram;
}

std::vector<EntityId> neighbourhood(const Dataset &data, EntityId centre, int steps)
{
    const auto &graph = data.analysis.graph;
    const auto start = graph.find(centre);
    if (!start) {
        return {};
    }
    std::vector<EntityId> out;
    for (const analysis::Nearby &near : analysis::nearestTo(graph, *start, steps)) {
        out.push_back(graph.vertex(near.vertex).entity);
    }
    return out;
}

LayoutInput layoutInputFor(const Diagram &diagram, const QHash<EntityId, QPointF> &known)
{
    LayoutInput input;
    input.keys.reserve(diagram.nodes.size());
    input.radii.reserve(diagram.nodes.size());
    input.seed.reserve(diagram.nodes.size());
    for (const auto &node : diagram.nodes) {
        input.keys.push_back(node.id);
        input.radii.push_back(node.radius * (node.type == EntityType::Vehicle ? 1.4 : 1.0));
        const auto position = known.constFind(node.id);
        input.seed.push_back(position == known.constEnd()
                                 ? std::nullopt
                                 : std::optional<std::pair<double, double>>({position->x(), position->y()}));
    }
    input.edges.reserve(diagram.edges.size());
    input.weights.reserve(diagram.edges.size());
    for (const auto &edge : diagram.edges) {
        input.edges.emplace_back(edge.a, edge.b);
        input.weights.push_back(edge.weight);
    }
    return input;
}

// ---- NodeItem ----

NodeItem::NodeItem(const DiagramNode &node, QColor fill) : m_node(node), m_fill(std::move(fill))
{
    m_path = shapeFor(node.type, node.suspect, node.radius);
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setCursor(Qt::PointingHandCursor);
    setZValue(node.child ? 3 : (node.suspect ? 2 : 1));
    m_label = new LabelItem(shown(node.label), this);
    m_label->setPos(0, m_path.boundingRect().bottom() + 2);
    setToolTip(QStringLiteral("%1 — %2").arg(shown(node.label), typeText(node.type)));
}

void NodeItem::setLabelVisible(bool visible)
{
    m_label->setVisible(visible);
}

bool NodeItem::labelVisible() const
{
    return m_label->isVisible();
}

QRectF NodeItem::labelRectIn(const QGraphicsView &view) const
{
    return m_label->deviceTransform(view.viewportTransform()).mapRect(m_label->boundingRect());
}

QRectF NodeItem::boundingRect() const
{
    return m_path.boundingRect().adjusted(-5, -5, 5, 5);
}

QPainterPath NodeItem::shape() const
{
    return m_path;
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    if (option->state & QStyle::State_Selected) {
        painter->setPen(QPen(palette::kAccent, 6));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
    }
    // Suspects get a dark ring; children a white one so their risk colour stands out.
    const QColor ring = m_node.suspect ? palette::kInk : QColor(Qt::white);
    painter->setPen(QPen(ring, m_node.suspect ? 3.0 : 1.5));
    painter->setBrush(m_fill);
    painter->drawPath(m_path);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (EdgeItem *edge : m_edges) {
            edge->adjust();
        }
    }
    return QGraphicsItem::itemChange(change, value);
}

// ---- EdgeItem ----

EdgeItem::EdgeItem(NodeItem *a, NodeItem *b, const DiagramEdge &edge) : m_a(a), m_b(b), m_edge(edge)
{
    setFlag(ItemIsSelectable);
    setZValue(-1);
    setCursor(Qt::PointingHandCursor);
    setToolTip(QStringLiteral("%1 — %2: %3 record(s), weight %4")
                   .arg(shown(a->node().label), shown(b->node().label))
                   .arg(edge.records)
                   .arg(edge.weight, 0, 'f', 2));
    a->addEdge(this);
    b->addEdge(this);
    adjust();
}

void EdgeItem::adjust()
{
    prepareGeometryChange();
    m_line = QLineF(m_a->pos(), m_b->pos());
}

QRectF EdgeItem::boundingRect() const
{
    const double margin = 6.0 + 6.0 * m_edge.weight;
    return QRectF(m_line.p1(), m_line.p2()).normalized().adjusted(-margin, -margin, margin, margin);
}

QPainterPath EdgeItem::shape() const
{
    // A wider invisible band than the line itself, so that thin lines are easy to click.
    QPainterPath path(m_line.p1());
    path.lineTo(m_line.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(10.0);
    return stroker.createStroke(path);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QColor colour = palette::kMuted;
    Qt::PenStyle style = Qt::SolidLine;
    switch (m_edge.style) {
    case LinkStyle::Solid:
        colour.setAlpha(150);
        break;
    case LinkStyle::LowGrade:
        colour.setAlpha(150);
        style = Qt::DashLine;
        break;
    case LinkStyle::SuspectedFalse:
        colour.setAlpha(70);
        style = Qt::DotLine;
        break;
    }
    if (option->state & QStyle::State_Selected) {
        colour = palette::kAccent;
    }
    QPen pen(colour, 0.8 + 4.0 * std::clamp(m_edge.weight, 0.0, 1.0), style, Qt::RoundCap);
    painter->setPen(pen);
    painter->drawLine(m_line);
}

// ---- NetworkView ----

NetworkView::NetworkView(QWidget *parent) : QGraphicsView(parent)
{
    auto *scene = new QGraphicsScene(this);
    // No BSP index: long lines fall into many of its leaves, and at 5,000 nodes building and
    // querying it made the first paint several times slower; a linear walk over the items is
    // quick enough for clicks and rubber bands.
    scene->setItemIndexMethod(QGraphicsScene::NoIndex);
    setScene(scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setBackgroundBrush(palette::kBackground);
    connect(scene, &QGraphicsScene::selectionChanged, this, &NetworkView::selectionChangedInScene);
    connect(&m_layout, &QFutureWatcherBase::finished, this, [this] {
        if (m_layout.takeFinished()) {
            placeItems(m_layout.result());
        }
    });
}

NetworkView::~NetworkView()
{
    // The scene outlives this destructor (it is a child QObject): it must not call back in.
    scene()->disconnect(this);
    if (m_cancel) {
        m_cancel->store(true);
    }
    m_layout.waitForFinished();
}

void NetworkView::showDiagram(Diagram diagram)
{
    if (m_cancel) {
        m_cancel->store(true); // the old layout is no longer wanted
    }
    // Where the analyst dragged nodes is where they should stay.
    for (auto it = m_nodes.constBegin(); it != m_nodes.constEnd(); ++it) {
        m_positions.insert(it.key(), it.value()->pos());
    }
    m_diagram = std::move(diagram);
    LayoutInput input = layoutInputFor(m_diagram, m_positions);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_layoutStarted = QDateTime::currentMSecsSinceEpoch();
    emit layoutStarted(static_cast<int>(m_diagram.nodes.size()));
    m_layout.start(
        QtConcurrent::run([input = std::move(input), cancel = m_cancel] { return forceLayout(input, cancel.get()); }));
}

void NetworkView::placeItems(const LayoutOutput &layout)
{
    if (layout.cancelled || layout.x.size() != m_diagram.nodes.size()) {
        return;
    }
    QElapsedTimer clock;
    clock.start();
    QSignalBlocker block(scene());
    scene()->clear();
    m_nodes.clear();
    m_edges.clear();
    std::vector<NodeItem *> items;
    items.reserve(m_diagram.nodes.size());
    for (std::size_t i = 0; i < m_diagram.nodes.size(); ++i) {
        const auto &node = m_diagram.nodes[i];
        const QColor fill = node.child ? riskColour(node.level) : entityColour(node.type);
        auto *item = new NodeItem(node, fill);
        item->setPos(layout.x[i], layout.y[i]);
        scene()->addItem(item);
        m_nodes.insert(node.id, item);
        m_positions.insert(node.id, QPointF(layout.x[i], layout.y[i]));
        items.push_back(item);
    }
    for (const auto &edge : m_diagram.edges) {
        auto *item = new EdgeItem(items[static_cast<std::size_t>(edge.a)], items[static_cast<std::size_t>(edge.b)], edge);
        scene()->addItem(item);
        m_edges.push_back(item);
    }
    for (EntityType type : m_hidden) {
        setTypeVisible(type, false);
    }
    scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-200, -200, 200, 200));
    m_autoFit = true;
    fitAll();
    m_sceneMilliseconds = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    emit layoutFinished(static_cast<int>(items.size()),
                        static_cast<double>(QDateTime::currentMSecsSinceEpoch() - m_layoutStarted));
}

void NetworkView::setTypeVisible(EntityType type, bool visible)
{
    if (visible) {
        m_hidden.remove(type);
    } else {
        m_hidden.insert(type);
    }
    for (NodeItem *node : std::as_const(m_nodes)) {
        if (node->node().type == type) {
            node->setVisible(visible);
        }
    }
    for (EdgeItem *edge : m_edges) {
        edge->setVisible(edge->from()->isVisible() && edge->to()->isVisible());
    }
    updateLabels(); // hidden nodes' labels no longer crowd out the others
}

bool NetworkView::focusNode(EntityId id)
{
    NodeItem *node = m_nodes.value(id, nullptr);
    if (node == nullptr || !node->isVisible()) {
        return false;
    }
    scene()->clearSelection();
    node->setSelected(true);
    if (transform().m11() < 1.0) {
        m_autoFit = false;
        setTransform(QTransform::fromScale(1.0, 1.0));
        updateLabels();
    }
    centerOn(node);
    return true;
}

void NetworkView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit) {
        fitAll();
    }
}

void NetworkView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (m_autoFit) {
        fitAll();
    }
}

void NetworkView::zoomBy(double factor)
{
    m_autoFit = false;
    const double scale = transform().m11() * factor;
    if (scale < 0.02 || scale > 8.0) {
        return;
    }
    this->scale(factor, factor);
    updateLabels();
}

void NetworkView::fitAll()
{
    const QRectF bounds = scene()->itemsBoundingRect();
    if (bounds.isEmpty()) {
        return;
    }
    fitInView(bounds.adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
    // A handful of nodes should not be blown up to fill the screen.
    if (transform().m11() > 1.6) {
        setTransform(QTransform::fromScale(1.6, 1.6));
        centerOn(bounds.center());
    }
    updateLabels();
}

namespace {

/// Whose label wins where two would overlap: the selected, then children, then suspects, then
/// the larger (higher-priority) node; the lower entity id breaks ties, so the choice is stable.
bool labelComesFirst(const NodeItem *x, const NodeItem *y)
{
    const DiagramNode &a = x->node();
    const DiagramNode &b = y->node();
    return std::make_tuple(!x->isSelected(), !a.child, !a.suspect, -a.radius, a.id) <
           std::make_tuple(!y->isSelected(), !b.child, !b.suspect, -b.radius, b.id);
}

} // namespace

void NetworkView::updateLabels()
{
    // Level of detail: when zoomed out, only the larger (higher-priority) nodes keep a label.
    // And no label covers another: where they would, the more important one is drawn, so the
    // dense middle of a diagram stays readable (and costs less to paint).
    const double scale = transform().m11();
    std::vector<NodeItem *> order(m_nodes.begin(), m_nodes.end());
    std::sort(order.begin(), order.end(), labelComesFirst);
    report::LabelGrid placed(64.0);
    for (NodeItem *node : order) {
        const double onScreen = node->node().radius * scale;
        bool show = node->isVisible() && (scale >= 0.7 || onScreen >= 11.0 || node->isSelected());
        if (show) {
            const QRectF rect = node->labelRectIn(*this);
            if (node->isSelected()) {
                placed.add(rect);
            } else {
                show = placed.place(rect);
            }
        }
        node->setLabelVisible(show);
    }
}

void NetworkView::wheelEvent(QWheelEvent *event)
{
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    event->accept();
}

void NetworkView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton) {
        // Pan with the middle or right button; the left one selects, drags and rubber-bands.
        setDragMode(QGraphicsView::ScrollHandDrag);
        QMouseEvent fake(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::LeftButton,
                         event->modifiers());
        QGraphicsView::mousePressEvent(&fake);
        m_panning = true;
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void NetworkView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        QMouseEvent fake(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::NoButton,
                         event->modifiers());
        QGraphicsView::mouseReleaseEvent(&fake);
        setDragMode(QGraphicsView::RubberBandDrag);
        m_panning = false;
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void NetworkView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, palette::kBackground);
}

void NetworkView::selectionChangedInScene()
{
    const auto selected = scene()->selectedItems();
    updateLabels();
    if (selected.isEmpty()) {
        emit selectionCleared();
        return;
    }
    for (QGraphicsItem *item : selected) {
        if (item->type() == NodeItem::Type) {
            emit nodeSelected(static_cast<NodeItem *>(item)->entityId());
            return;
        }
    }
    const auto *edge = static_cast<EdgeItem *>(selected.front());
    emit edgeSelected(edge->from()->entityId(), edge->to()->entityId());
}

} // namespace harbour::ui
