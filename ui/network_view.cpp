#include "network_view.h"

#include "ui_common.h"

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/path.h"
#include "harbour/diagram/labels.h"
#include "harbour/report/diagram_painter.h"

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
constexpr double kEventRadius = 7.0;

double radiusOf(const diagram::DiagramNode &node)
{
    return kMinRadius + (kMaxRadius - kMinRadius) * std::clamp(node.size - 1.0, 0.0, 1.0);
}

QColor qColour(diagram::Rgb rgb)
{
    return report::toQColor(rgb);
}

} // namespace

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
    /// Puts the label's top-left corner at `offset` pixels from its symbol's centre.
    void setOffset(QPointF offset)
    {
        prepareGeometryChange();
        m_rect.moveTopLeft(offset);
    }
    QSizeF size() const { return m_rect.size(); }
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

diagram::Diagram buildDiagram(const Dataset &data, const std::vector<EntityId> &entities)
{
    diagram::DiagramOptions options;
    options.layout = false; // the view lays it out in a worker thread
    const auto focus = entities.empty() ? diagram::DiagramFocus::everything()
                                        : diagram::DiagramFocus::ofEntities(entities);
    auto built = diagram::buildDiagram(data.snapshot, data.analysis, focus, analysis::AnalysisPolicy::defaults(),
                                       options);
    return built ? std::move(built).value() : diagram::Diagram{};
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

// ---- SymbolItem ----

SymbolItem::SymbolItem(const std::string &label, double radius) : m_radius(radius)
{
    m_label = new LabelItem(shown(label), this);
    m_label->setOffset(QPointF(-m_label->size().width() / 2.0, radius + 2));
}

void SymbolItem::setLabelVisible(bool visible)
{
    m_label->setVisible(visible);
}

bool SymbolItem::labelVisible() const
{
    return m_label->isVisible();
}

void SymbolItem::setLabelOffset(QPointF offset)
{
    m_label->setOffset(offset);
}

QSizeF SymbolItem::labelSize() const
{
    return m_label->size();
}

QRectF SymbolItem::labelRectIn(const QGraphicsView &view) const
{
    return m_label->deviceTransform(view.viewportTransform()).mapRect(m_label->boundingRect());
}

QRectF SymbolItem::boundingRect() const
{
    return m_path.boundingRect().adjusted(-8, -8, 8, 8);
}

QPainterPath SymbolItem::shape() const
{
    return m_path;
}

QVariant SymbolItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (EdgeItem *edge : m_edges) {
            edge->adjust();
        }
    }
    return QGraphicsItem::itemChange(change, value);
}

// ---- NodeItem ----

NodeItem::NodeItem(const diagram::DiagramNode &node, double radius) : SymbolItem(node.label, radius), m_node(node)
{
    // The same outline as the briefing's (report::nodeShapePath): one picture, app and paper.
    m_path = report::nodeShapePath(node.shape, QPointF(0, 0), radius);
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setCursor(Qt::PointingHandCursor);
    setZValue(node.child ? 3 : (node.suspect ? 2 : 1));
    QString tip = QStringLiteral("%1 — %2").arg(shown(node.label), typeText(node.type));
    if (node.entries > 1) {
        tip += node.joinedAutomatically ? QObject::tr(" (%1 entries, joined by Harbour)").arg(node.entries)
                                        : QObject::tr(" (%1 entries held to be one)").arg(node.entries);
    }
    setToolTip(tip);
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
    const QColor ring = m_node.suspect ? palette::kMuted : QColor(Qt::white);
    painter->setPen(QPen(ring, m_node.suspect ? 2.5 : 1.5));
    painter->setBrush(qColour(m_node.colour));
    painter->drawPath(m_path);
    if (m_node.entries > 1) {
        // How many entries this identity stands for; dashed when Harbour joined them.
        const double r = std::max(7.0, m_radius * 0.5);
        const QRectF badge(m_radius * 0.5, -m_radius * 0.5 - r * 1.3, 2 * r, 2 * r);
        QPen pen(palette::kInk, 1.0);
        if (m_node.joinedAutomatically) {
            pen.setStyle(Qt::DashLine);
        }
        painter->setPen(pen);
        painter->setBrush(Qt::white);
        painter->drawEllipse(badge);
        QFont font = painter->font();
        font.setPointSizeF(7.0);
        font.setBold(true);
        painter->setFont(font);
        painter->drawText(badge, Qt::AlignCenter, QString::number(m_node.entries));
    }
}

// ---- EventItem ----

EventItem::EventItem(const diagram::EventNode &event) : SymbolItem(event.label, kEventRadius), m_event(event)
{
    m_path = report::nodeShapePath(diagram::NodeShape::Event, QPointF(0, 0), kEventRadius);
    setFlags(ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(0);
    setToolTip(QObject::tr("%1: %n record(s) naming %2 entities in this picture", nullptr,
                           static_cast<int>(event.records.size()))
                   .arg(shown(event.label))
                   .arg(event.members.size()));
}

void EventItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QPen outline(palette::kMuted, 1.0);
    if (m_event.conditionsApply) {
        outline.setStyle(Qt::DashLine);
    }
    painter->setPen(outline);
    painter->setBrush(qColour(diagram::eventColour()));
    painter->drawPath(m_path);
}

// ---- EdgeItem ----

EdgeItem::EdgeItem(NodeItem *from, SymbolItem *to, const diagram::DiagramLine &line)
    : m_from(from), m_to(to), m_line(line)
{
    setFlag(ItemIsSelectable);
    setZValue(-1);
    setCursor(Qt::PointingHandCursor);
    const QString relation = qs(diagram::legendText(line.relation));
    const QString other = line.toEvent ? shown(static_cast<EventItem *>(to)->event().label)
                                       : shown(static_cast<NodeItem *>(to)->node().label);
    setToolTip(QStringLiteral("%1 — %2 — %3: %4 record(s)")
                   .arg(shown(from->node().label), relation, other)
                   .arg(line.records.size()));
    from->addEdge(this);
    to->addEdge(this);
    adjust();
}

NodeItem *EdgeItem::to() const
{
    return m_line.toEvent ? nullptr : static_cast<NodeItem *>(m_to);
}

void EdgeItem::adjust()
{
    prepareGeometryChange();
    m_segment = QLineF(m_from->pos(), m_to->pos());
}

QRectF EdgeItem::boundingRect() const
{
    const double margin = 6.0 + 6.0 * m_line.weight;
    return QRectF(m_segment.p1(), m_segment.p2()).normalized().adjusted(-margin, -margin, margin, margin);
}

QPainterPath EdgeItem::shape() const
{
    // A wider invisible band than the line itself, so that thin lines are easy to click.
    QPainterPath path(m_segment.p1());
    path.lineTo(m_segment.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(10.0);
    return stroker.createStroke(path);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    // The briefing's pen, at screen scale: a typed line reads the same in the app and on paper.
    QPen pen = report::linePen(m_line, 1.6);
    if (option->state & QStyle::State_Selected) {
        pen.setColor(palette::kAccent);
    }
    painter->setPen(pen);
    painter->drawLine(m_segment);
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
            if (const auto &laidOut = m_layout.result()) {
                placeItems(*laidOut);
            }
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

void NetworkView::showDiagram(diagram::Diagram diagram)
{
    if (m_cancel) {
        m_cancel->store(true); // the old layout is no longer wanted
    }
    // Where the analyst dragged nodes is where they should stay.
    for (auto it = m_nodes.constBegin(); it != m_nodes.constEnd(); ++it) {
        m_positions.insert(it.key(), it.value()->pos());
    }
    for (const EventItem *event : m_events) {
        m_eventPositions.insert(event->event().records.front(), event->pos());
    }
    m_diagram = std::move(diagram);
    std::map<EntityId, diagram::Point> previous;
    for (const auto &node : m_diagram.nodes) {
        if (const auto it = m_positions.constFind(node.entity); it != m_positions.constEnd()) {
            previous.emplace(node.entity, diagram::Point{it->x() / kSceneUnit, it->y() / kSceneUnit});
        }
    }
    std::map<RecordRowId, diagram::Point> previousEvents;
    for (const auto &event : m_diagram.events) {
        if (const auto it = m_eventPositions.constFind(event.records.front()); it != m_eventPositions.constEnd()) {
            previousEvents.emplace(event.records.front(), diagram::Point{it->x() / kSceneUnit, it->y() / kSceneUnit});
        }
    }
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_layoutStarted = QDateTime::currentMSecsSinceEpoch();
    emit layoutStarted(static_cast<int>(m_diagram.nodes.size()));
    m_layout.start(QtConcurrent::run([picture = m_diagram, previous = std::move(previous),
                                      previousEvents = std::move(previousEvents),
                                      cancel = m_cancel]() mutable -> std::optional<diagram::Diagram> {
        if (!diagram::layoutDiagram(picture, previous, previousEvents, 1, cancel.get())) {
            return std::nullopt;
        }
        return picture;
    }));
}

void NetworkView::placeItems(const diagram::Diagram &laidOut)
{
    if (laidOut.nodes.size() != m_diagram.nodes.size()) {
        return;
    }
    QElapsedTimer clock;
    clock.start();
    QSignalBlocker block(scene());
    scene()->clear();
    m_nodes.clear();
    m_events.clear();
    m_edges.clear();
    m_diagram = laidOut;
    std::vector<NodeItem *> items;
    items.reserve(m_diagram.nodes.size());
    for (const auto &node : m_diagram.nodes) {
        auto *item = new NodeItem(node, radiusOf(node));
        const QPointF at(node.x * kSceneUnit, node.y * kSceneUnit);
        item->setPos(at);
        scene()->addItem(item);
        m_nodes.insert(node.entity, item);
        m_positions.insert(node.entity, at);
        items.push_back(item);
    }
    for (const auto &event : m_diagram.events) {
        auto *item = new EventItem(event);
        const QPointF at(event.x * kSceneUnit, event.y * kSceneUnit);
        item->setPos(at);
        scene()->addItem(item);
        m_eventPositions.insert(event.records.front(), at);
        m_events.push_back(item);
    }
    for (const auto &line : m_diagram.lines) {
        SymbolItem *end = line.toEvent ? static_cast<SymbolItem *>(m_events[line.to]) : items[line.to];
        auto *item = new EdgeItem(items[line.from], end, line);
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
        edge->setVisible(edge->from()->isVisible() && edge->end()->isVisible());
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
    const diagram::DiagramNode &a = x->node();
    const diagram::DiagramNode &b = y->node();
    return std::make_tuple(!x->isSelected(), !a.child, !a.suspect, -a.size, a.entity) <
           std::make_tuple(!y->isSelected(), !b.child, !b.suspect, -b.size, b.entity);
}

} // namespace

void NetworkView::updateLabels()
{
    // Level of detail: when zoomed out, only the larger (higher-priority) nodes keep a label.
    // And no label covers another label or a symbol (diagram::placeLabels, as on paper): where
    // one would, it moves round its symbol or, with no free place, is not drawn. Reports come last.
    const double scale = transform().m11();
    std::vector<NodeItem *> order(m_nodes.begin(), m_nodes.end());
    std::sort(order.begin(), order.end(), labelComesFirst);
    std::vector<SymbolItem *> labelled;
    std::vector<diagram::LabelRequest> requests;
    std::vector<diagram::Box> symbols;
    const auto visibleSymbol = [&](SymbolItem *item) {
        const QPointF centre = viewportTransform().map(item->pos());
        const double r = item->radius() * scale;
        symbols.push_back(diagram::symbolBox(centre.x(), centre.y(), r));
    };
    const auto request = [&](SymbolItem *item, bool required) {
        const QPointF centre = viewportTransform().map(item->pos());
        const QSizeF size = item->labelSize();
        requests.push_back({centre.x(), centre.y(), item->radius() * scale, size.width(), size.height(), required});
        labelled.push_back(item);
    };
    for (NodeItem *node : order) {
        if (!node->isVisible()) {
            node->setLabelVisible(false);
            continue;
        }
        visibleSymbol(node);
        const double onScreen = radiusOf(node->node()) * scale;
        if (scale >= 0.7 || onScreen >= 11.0 || node->isSelected()) {
            // A child's name is never left out on screen: where every place round it is taken by a
            // symbol, it goes over one (zooming in frees it); it still covers no other name.
            request(node, node->isSelected() || node->node().child);
        } else {
            node->setLabelVisible(false);
        }
    }
    for (EventItem *event : m_events) {
        visibleSymbol(event);
        if (scale >= 0.7) {
            request(event, false);
        } else {
            event->setLabelVisible(false);
        }
    }
    const auto placed = diagram::placeLabels(requests, symbols, 2.0);
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        if (placed[i]) {
            const QPointF centre = viewportTransform().map(labelled[i]->pos());
            labelled[i]->setLabelOffset(QPointF(placed[i]->x - centre.x(), placed[i]->y - centre.y()));
        }
        labelled[i]->setLabelVisible(placed[i].has_value());
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
    if (edge->to() == nullptr) {
        emit nodeSelected(edge->from()->entityId()); // a line to a report: its entity's records list it
        return;
    }
    emit edgeSelected(edge->from()->entityId(), edge->to()->entityId());
}

} // namespace harbour::ui
