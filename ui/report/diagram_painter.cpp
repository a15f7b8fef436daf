#include "harbour/report/diagram_painter.h"

#include "harbour/report/label_grid.h"
#include "harbour/safe_text.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <vector>

namespace harbour::report {
namespace {

const QColor kInk(0x21, 0x21, 0x21);
const QColor kLine(0x61, 0x61, 0x61);
const QColor kFaint(0xbd, 0xbd, 0xbd);
const QColor kPath(0x0d, 0x47, 0xa1);
// The timeline avoids red, amber and green: on a briefing those colours mean a child's risk.
const QColor kReports(0x15, 0x65, 0xc0);
const QColor kScreenings(0x6a, 0x1b, 0x9a);
const QColor kMissing(0x00, 0x83, 0x8f);

QFont font(double points, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

QString elided(const std::string &text, int limit)
{
    QString s = shown(text);
    if (s.size() > limit) {
        s = s.left(limit - 1) + QChar(0x2026);
    }
    return s;
}

QPainterPath polygon(QPointF centre, double radius, int sides, double rotation)
{
    QPolygonF points;
    for (int i = 0; i < sides; ++i) {
        const double angle = rotation + 2.0 * M_PI * i / sides;
        points << QPointF(centre.x() + radius * std::cos(angle), centre.y() + radius * std::sin(angle));
    }
    points << points.front();
    QPainterPath path;
    path.addPolygon(points);
    path.closeSubpath();
    return path;
}

QPen edgePen(const DiagramEdge &edge, double pt)
{
    const double width = (0.6 + 1.6 * std::clamp(edge.weight, 0.0, 1.0)) * pt;
    QPen pen(kLine, width, Qt::SolidLine, Qt::RoundCap);
    switch (edge.style) {
    case EdgeStyle::Solid: break;
    case EdgeStyle::Dashed: pen.setStyle(Qt::DashLine); break;
    case EdgeStyle::DottedFaint:
        pen.setColor(kFaint);
        pen.setWidthF(0.6 * pt);
        pen.setStyle(Qt::DotLine);
        break;
    }
    if (edge.onPath) {
        pen.setColor(kPath);
        pen.setWidthF(std::max(pen.widthF(), 2.2 * pt));
    }
    return pen;
}

} // namespace

QString shown(std::string_view text)
{
    const std::string safe = safe::label(text);
    return QString::fromUtf8(safe.data(), static_cast<qsizetype>(safe.size()));
}

QColor toQColor(Rgb rgb)
{
    return QColor(rgb.r, rgb.g, rgb.b);
}

QPainterPath nodeShapePath(NodeShape shape, QPointF centre, double radius)
{
    QPainterPath path;
    switch (shape) {
    case NodeShape::Circle: path.addEllipse(centre, radius, radius); return path;
    case NodeShape::Diamond: return polygon(centre, radius * 1.15, 4, -M_PI / 2);
    case NodeShape::Square: {
        const double s = radius * 0.9;
        path.addRect(QRectF(centre.x() - s, centre.y() - s, 2 * s, 2 * s));
        return path;
    }
    case NodeShape::House: {
        const double s = radius * 0.95;
        QPolygonF house;
        house << QPointF(centre.x(), centre.y() - 1.2 * s) << QPointF(centre.x() + s, centre.y() - 0.25 * s)
              << QPointF(centre.x() + s, centre.y() + s) << QPointF(centre.x() - s, centre.y() + s)
              << QPointF(centre.x() - s, centre.y() - 0.25 * s) << QPointF(centre.x(), centre.y() - 1.2 * s);
        path.addPolygon(house);
        path.closeSubpath();
        return path;
    }
    case NodeShape::Triangle: return polygon(QPointF(centre.x(), centre.y() + radius * 0.2), radius * 1.25, 3, -M_PI / 2);
    case NodeShape::Hexagon: return polygon(centre, radius * 1.05, 6, 0.0);
    case NodeShape::Octagon: return polygon(centre, radius * 1.05, 8, M_PI / 8);
    }
    path.addEllipse(centre, radius, radius);
    return path;
}

void paintDiagram(QPainter &painter, const Diagram &diagram, const QRectF &area, double pt)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setClipRect(area);
    if (diagram.nodes.empty()) {
        painter.setFont(font(9));
        painter.setPen(kInk);
        painter.drawText(area, Qt::AlignCenter, QStringLiteral("Nothing to draw: no entity in scope."));
        painter.restore();
        return;
    }

    // Room around the layout for symbols and their labels.
    const double baseRadius = std::clamp(120.0 / std::sqrt(static_cast<double>(diagram.nodes.size()) + 4.0), 3.5, 8.0);
    const QRectF inner = area.adjusted(14 * pt, 12 * pt, -14 * pt, -18 * pt);
    const double spanX = std::max(diagram.maxX - diagram.minX, 1e-6);
    const double spanY = std::max(diagram.maxY - diagram.minY, 1e-6);
    double scale = std::min(inner.width() / spanX, inner.height() / spanY);
    // A pair or a star should not be blown up to fill a page.
    scale = std::min(scale, 90.0 * pt);
    const QPointF origin(inner.center().x() - (diagram.minX + spanX / 2) * scale,
                         inner.center().y() - (diagram.minY + spanY / 2) * scale);
    auto at = [&](const DiagramNode &n) { return QPointF(origin.x() + n.x * scale, origin.y() + n.y * scale); };

    // Faint lines first so that they never hide a solid one.
    std::vector<const DiagramEdge *> edges;
    for (const auto &edge : diagram.edges) {
        edges.push_back(&edge);
    }
    std::stable_sort(edges.begin(), edges.end(), [](const DiagramEdge *a, const DiagramEdge *b) {
        return std::tuple(a->onPath, a->style == EdgeStyle::Solid, a->style != EdgeStyle::DottedFaint) <
               std::tuple(b->onPath, b->style == EdgeStyle::Solid, b->style != EdgeStyle::DottedFaint);
    });
    for (const auto *edge : edges) {
        painter.setPen(edgePen(*edge, pt));
        painter.drawLine(at(diagram.nodes[edge->from]), at(diagram.nodes[edge->to]));
    }
    // A small "C" on lines resting on handling-code-C records: visible, but not louder than the line.
    painter.setFont(font(4.5, true));
    for (const auto *edge : edges) {
        if (!edge->conditionsApply) {
            continue;
        }
        const QPointF mid = (at(diagram.nodes[edge->from]) + at(diagram.nodes[edge->to])) / 2.0;
        const QRectF box(mid.x() - 2.4 * pt, mid.y() - 2.4 * pt, 4.8 * pt, 4.8 * pt);
        painter.setPen(QPen(kLine, 0.3 * pt));
        painter.setBrush(Qt::white);
        painter.drawEllipse(box);
        painter.setPen(kInk);
        painter.drawText(box, Qt::AlignCenter, QStringLiteral("C"));
    }

    for (const auto &node : diagram.nodes) {
        const double radius = baseRadius * node.size * pt;
        const QPointF centre = at(node);
        painter.setPen(QPen(node.focus ? kInk : QColor(Qt::white), (node.focus ? 1.6 : 0.7) * pt));
        painter.setBrush(toQColor(node.colour));
        painter.drawPath(nodeShapePath(node.shape, centre, radius));
    }

    const QFont labelFont = font(diagram.nodes.size() > 40 ? 5.0 : 6.5);
    const QFontMetricsF metrics(labelFont, painter.device());
    painter.setFont(labelFont);
    // In a crowded picture, name what a meeting acts on (children, suspects, premises, vehicles,
    // anything ranked); the rest keep their symbol and stay traceable in the tables.
    const bool crowded = diagram.nodes.size() > 30;
    // No label covers another: the most important are placed first, each below its symbol, else
    // above, right or left of it; one with no free place is left out (the tables name everyone).
    std::vector<const DiagramNode *> order;
    for (const auto &node : diagram.nodes) {
        const bool key = node.child || node.suspect || node.focus || node.priority > 0.0 ||
                         node.type == EntityType::Premises || node.type == EntityType::Vehicle;
        if (!crowded || key) {
            order.push_back(&node);
        }
    }
    std::stable_sort(order.begin(), order.end(), [](const DiagramNode *a, const DiagramNode *b) {
        return std::tuple(!a->focus, !a->child, !a->suspect, -a->priority, -a->size) <
               std::tuple(!b->focus, !b->child, !b->suspect, -b->priority, -b->size);
    });
    LabelGrid placed(metrics.height() * 4);
    for (const DiagramNode *node : order) {
        const double radius = baseRadius * node->size * pt;
        const QPointF centre = at(*node);
        const QString text = elided(node->label, 26);
        const double width = metrics.horizontalAdvance(text) + 2 * pt;
        const double height = metrics.height();
        const std::array<QRectF, 4> places{
            QRectF(centre.x() - width / 2, centre.y() + radius + 1 * pt, width, height),
            QRectF(centre.x() - width / 2, centre.y() - radius - 1 * pt - height, width, height),
            QRectF(centre.x() + radius + 1 * pt, centre.y() - height / 2, width, height),
            QRectF(centre.x() - radius - 1 * pt - width, centre.y() - height / 2, width, height),
        };
        const auto box = std::find_if(places.begin(), places.end(), [&](const QRectF &r) { return placed.place(r); });
        if (box == places.end()) {
            continue;
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 200));
        painter.drawRect(*box);
        painter.setPen(node->child || node->suspect ? kInk : kLine);
        painter.drawText(*box, Qt::AlignCenter, text);
    }
    painter.restore();
}

void paintLegend(QPainter &painter, const QRectF &area, double pt)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const auto entries = diagramLegend();
    const int columns = 4;
    const double columnWidth = area.width() / columns;
    const double rowHeight = 11 * pt;
    painter.setFont(font(6.5));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const double x = area.left() + static_cast<double>(i % columns) * columnWidth;
        const double y = area.top() + static_cast<double>(i / columns) * rowHeight;
        painter.setPen(QPen(Qt::white, 0.5 * pt));
        painter.setBrush(toQColor(entries[i].colour));
        painter.drawPath(nodeShapePath(entries[i].shape, QPointF(x + 5 * pt, y + 5 * pt), 3.8 * pt));
        painter.setPen(kInk);
        painter.drawText(QRectF(x + 12 * pt, y, columnWidth - 12 * pt, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                         shown(entries[i].text));
    }
    const double y = area.top() + std::ceil(static_cast<double>(entries.size()) / columns) * rowHeight + 2 * pt;
    struct Line {
        EdgeStyle style;
        const char *text;
    };
    const Line lines[] = {{EdgeStyle::Solid, "well-graded record(s)"},
                          {EdgeStyle::Dashed, "low-graded records only"},
                          {EdgeStyle::DottedFaint, "suspected false only"}};
    for (int i = 0; i < 3; ++i) {
        const double x = area.left() + i * columnWidth;
        DiagramEdge edge;
        edge.style = lines[i].style;
        edge.weight = 0.6;
        painter.setPen(edgePen(edge, pt));
        painter.drawLine(QPointF(x, y + 5 * pt), QPointF(x + 16 * pt, y + 5 * pt));
        painter.setPen(kInk);
        painter.drawText(QRectF(x + 20 * pt, y, columnWidth - 20 * pt, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                         QString::fromLatin1(lines[i].text));
    }
    const double x = area.left() + 3 * columnWidth;
    painter.setFont(font(4.5, true));
    painter.setPen(QPen(kLine, 0.3 * pt));
    painter.setBrush(Qt::white);
    const QRectF box(x + 5 * pt - 2.4 * pt, y + 5 * pt - 2.4 * pt, 4.8 * pt, 4.8 * pt);
    painter.drawEllipse(box);
    painter.setPen(kInk);
    painter.drawText(box, Qt::AlignCenter, QStringLiteral("C"));
    painter.setFont(font(6.5));
    painter.drawText(QRectF(x + 12 * pt, y, columnWidth - 12 * pt, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                     QStringLiteral("handling C: conditions apply"));
    painter.restore();
}

void paintTimeline(QPainter &painter, const std::vector<TimelineMonth> &months, const QRectF &area, double pt)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(font(7));
    painter.setPen(kInk);
    if (months.empty()) {
        painter.drawText(area, Qt::AlignCenter, QStringLiteral("No dated record in scope."));
        painter.restore();
        return;
    }
    int top = 1;
    for (const auto &m : months) {
        top = std::max({top, m.reports, m.screenings, m.missing});
    }
    // A round axis: 1, 2, 5, 10, 20, 50 ... per gridline, about four lines.
    int step = 1;
    for (const int candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
        step = candidate;
        if (top / candidate <= 4) {
            break;
        }
    }
    const int axisTop = ((top + step - 1) / step) * step;

    const QRectF legendRow(area.left(), area.top(), area.width(), 10 * pt);
    const QRectF plot = area.adjusted(22 * pt, 14 * pt, -4 * pt, -16 * pt);
    const struct {
        QColor colour;
        const char *text;
    } series[] = {{kReports, "Information reports"}, {kScreenings, "Screenings"}, {kMissing, "Missing episodes"}};
    for (int i = 0; i < 3; ++i) {
        const double x = legendRow.left() + 22 * pt + i * 110 * pt;
        painter.fillRect(QRectF(x, legendRow.top() + 2 * pt, 7 * pt, 7 * pt), series[i].colour);
        painter.setPen(kInk);
        painter.drawText(QRectF(x + 10 * pt, legendRow.top(), 100 * pt, legendRow.height()),
                         Qt::AlignVCenter | Qt::AlignLeft, QString::fromLatin1(series[i].text));
    }

    painter.setPen(QPen(kFaint, 0.4 * pt));
    for (int value = 0; value <= axisTop; value += step) {
        const double y = plot.bottom() - plot.height() * value / axisTop;
        painter.setPen(QPen(value == 0 ? kLine : kFaint, (value == 0 ? 0.7 : 0.4) * pt));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(kInk);
        painter.drawText(QRectF(area.left(), y - 5 * pt, 19 * pt, 10 * pt), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(value));
    }
    const double slot = plot.width() / static_cast<double>(months.size());
    const double bar = std::max(slot * 0.8 / 3.0, 0.3 * pt);
    const int labelEvery = std::max(1, static_cast<int>(std::ceil(28.0 * pt / slot)));
    static const char *kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i) {
        const auto &m = months[i];
        const double left = plot.left() + static_cast<double>(i) * slot + slot * 0.1;
        const int values[] = {m.reports, m.screenings, m.missing};
        for (int s = 0; s < 3; ++s) {
            const double h = plot.height() * values[s] / axisTop;
            painter.fillRect(QRectF(left + s * bar, plot.bottom() - h, bar, h), series[s].colour);
        }
        if (static_cast<int>(i) % labelEvery == 0) {
            painter.setPen(kInk);
            const QString label = QString::fromLatin1(kMonths[(m.month + 11) % 12]) +
                                  (m.month == 1 || i == 0 ? QStringLiteral(" ") + QString::number(m.year) : QString());
            painter.drawText(QRectF(left - 2 * pt, plot.bottom() + 2 * pt, 40 * pt, 12 * pt),
                             Qt::AlignLeft | Qt::AlignTop, label);
        }
    }
    painter.restore();
}

} // namespace harbour::report
