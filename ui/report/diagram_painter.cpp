#include "harbour/report/diagram_painter.h"

#include "harbour/safe_text.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <array>
#include <numeric>
#include <cmath>
#include <tuple>
#include <vector>

namespace harbour::report {
namespace {

const QColor kInk(inkColour().r, inkColour().g, inkColour().b);
const QColor kLine(lineColour().r, lineColour().g, lineColour().b);
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

QRectF toQRect(const Box &box)
{
    return QRectF(box.x, box.y, box.w, box.h);
}

Box toBox(const QRectF &rect)
{
    return {rect.x(), rect.y(), rect.width(), rect.height()};
}

/// The little badge on a node that stands for several entries: how many. Joined by Harbour
/// rather than an analyst: a dashed ring.
void drawEntries(QPainter &painter, const DiagramNode &node, QPointF centre, double radius, double pt)
{
    const QString text = QString::number(node.entries);
    const double r = std::max(3.2 * pt, radius * 0.55);
    const QRectF badge(centre.x() + radius * 0.55, centre.y() - radius * 0.55 - r * 1.2, 2 * r, 2 * r);
    QPen pen(kInk, 0.5 * pt);
    if (node.joinedAutomatically) {
        pen.setStyle(Qt::DashLine);
    }
    painter.setPen(pen);
    painter.setBrush(Qt::white);
    painter.drawEllipse(badge);
    painter.setFont(font(std::max(3.6, r / pt * 1.1), true));
    painter.setPen(kInk);
    painter.drawText(badge, Qt::AlignCenter, text);
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
    case NodeShape::Event:
        path.addRoundedRect(QRectF(centre.x() - radius * 1.3, centre.y() - radius * 0.8, radius * 2.6, radius * 1.6),
                            radius * 0.3, radius * 0.3);
        return path;
    }
    path.addEllipse(centre, radius, radius);
    return path;
}

QPen linePen(const DiagramLine &line, double pt)
{
    const bool typed = relationColour(line.relation) != lineColour();
    const double width = line.toEvent ? 0.7 * pt : (0.6 + 1.6 * std::clamp(line.weight, 0.0, 1.0)) * pt;
    QPen pen(typed ? toQColor(relationColour(line.relation)) : kLine, width, Qt::SolidLine, Qt::RoundCap);
    switch (line.style) {
    case EdgeStyle::Solid: break;
    case EdgeStyle::Dashed: pen.setStyle(Qt::DashLine); break;
    case EdgeStyle::DottedFaint:
        pen.setColor(kFaint);
        pen.setWidthF(0.6 * pt);
        pen.setStyle(Qt::DotLine);
        break;
    }
    if (line.relation == Relation::AliasOf && line.style == EdgeStyle::Solid) {
        pen.setStyle(Qt::DashDotLine); // a name for the same person, not a meeting
    }
    if (line.onPath) {
        pen.setColor(kPath);
        pen.setWidthF(std::max(pen.widthF(), 2.2 * pt));
    }
    return pen;
}

PaintedDiagram paintDiagram(QPainter &painter, const Diagram &diagram, const QRectF &area, double pt)
{
    PaintedDiagram painted;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setClipRect(area);
    if (diagram.nodes.empty()) {
        painter.setFont(font(9));
        painter.setPen(kInk);
        painter.drawText(area, Qt::AlignCenter, QStringLiteral("Nothing to draw: no entity in scope."));
        painter.restore();
        return painted;
    }

    // Room around the layout for symbols and their labels.
    const double baseRadius = std::clamp(120.0 / std::sqrt(static_cast<double>(diagram.nodes.size()) + 4.0), 3.5, 8.0);
    const double eventRadius = std::max(2.6, baseRadius * 0.55) * pt;
    const QRectF inner = area.adjusted(14 * pt, 12 * pt, -14 * pt, -18 * pt);
    const double spanX = std::max(diagram.maxX - diagram.minX, 1e-6);
    const double spanY = std::max(diagram.maxY - diagram.minY, 1e-6);
    double scale = std::min(inner.width() / spanX, inner.height() / spanY);
    // A pair or a star should not be blown up to fill a page.
    scale = std::min(scale, 90.0 * pt);
    const QPointF origin(inner.center().x() - (diagram.minX + spanX / 2) * scale,
                         inner.center().y() - (diagram.minY + spanY / 2) * scale);
    auto place = [&](double x, double y) { return QPointF(origin.x() + x * scale, origin.y() + y * scale); };
    auto at = [&](const DiagramNode &n) { return place(n.x, n.y); };
    auto end = [&](const DiagramLine &line) {
        return line.toEvent ? place(diagram.events[line.to].x, diagram.events[line.to].y) : at(diagram.nodes[line.to]);
    };

    // Faint lines first so that they never hide a solid one; lines to reports under typed ones.
    std::vector<const DiagramLine *> lines;
    for (const auto &line : diagram.lines) {
        lines.push_back(&line);
    }
    std::stable_sort(lines.begin(), lines.end(), [](const DiagramLine *a, const DiagramLine *b) {
        return std::tuple(a->onPath, a->style == EdgeStyle::Solid, a->style != EdgeStyle::DottedFaint, !a->toEvent) <
               std::tuple(b->onPath, b->style == EdgeStyle::Solid, b->style != EdgeStyle::DottedFaint, !b->toEvent);
    });
    for (const auto *line : lines) {
        painter.setPen(linePen(*line, pt));
        painter.drawLine(at(diagram.nodes[line->from]), end(*line));
    }
    // A small "C" on lines resting on handling-code-C records: visible, but not louder than the line.
    painter.setFont(font(4.5, true));
    for (const auto *line : lines) {
        if (!line->conditionsApply || line->toEvent) {
            continue;
        }
        const QPointF mid = (at(diagram.nodes[line->from]) + end(*line)) / 2.0;
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
        if (node.entries > 1) {
            drawEntries(painter, node, centre, radius, pt);
        }
        painted.symbols.push_back(toBox(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)));
    }
    for (const auto &event : diagram.events) {
        const QPointF centre = place(event.x, event.y);
        QPen outline(kLine, 0.6 * pt);
        if (event.conditionsApply) {
            outline.setStyle(Qt::DashLine);
        }
        painter.setPen(outline);
        painter.setBrush(toQColor(eventColour()));
        const QPainterPath path = nodeShapePath(NodeShape::Event, centre, eventRadius);
        painter.drawPath(path);
        painted.symbols.push_back(toBox(path.boundingRect()));
    }

    // Names go where they cover no other name and no symbol: the most important first, each in
    // the first free place of eight around its symbol; reports last, in smaller type.
    const QFont labelFont = font(diagram.nodes.size() > 40 ? 5.0 : 6.5);
    const QFont eventFont = font(diagram.nodes.size() > 40 ? 4.0 : 5.0);
    const QFontMetricsF metrics(labelFont, painter.device());
    const QFontMetricsF eventMetrics(eventFont, painter.device());
    std::vector<std::size_t> order(diagram.nodes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const auto &a = diagram.nodes[x];
        const auto &b = diagram.nodes[y];
        return std::tuple(!a.focus, !a.child, !a.suspect, -a.priority, -a.size) <
               std::tuple(!b.focus, !b.child, !b.suspect, -b.priority, -b.size);
    });
    for (std::size_t e = 0; e < diagram.events.size(); ++e) {
        order.push_back(diagram.nodes.size() + e);
    }
    std::vector<LabelRequest> requests;
    std::vector<QString> texts;
    for (const auto index : order) {
        const bool isEvent = index >= diagram.nodes.size();
        const QString text = isEvent ? elided(diagram.events[index - diagram.nodes.size()].label, 20)
                                     : elided(diagram.nodes[index].label, 26);
        const auto &m = isEvent ? eventMetrics : metrics;
        const Box &symbol = painted.symbols[index];
        requests.push_back({symbol.x + symbol.w / 2, symbol.y + symbol.h / 2, std::max(symbol.w, symbol.h) / 2,
                            m.horizontalAdvance(text) + 2 * pt, m.height(), false});
        texts.push_back(text);
    }
    const auto boxes = placeLabels(requests, painted.symbols, 1.0 * pt);
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (!boxes[k]) {
            ++painted.labelsLeftOut;
            continue;
        }
        const bool isEvent = order[k] >= diagram.nodes.size();
        const QRectF box = toQRect(*boxes[k]);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 200));
        painter.drawRect(box);
        painter.setFont(isEvent ? eventFont : labelFont);
        const bool strong = !isEvent && (diagram.nodes[order[k]].child || diagram.nodes[order[k]].suspect);
        painter.setPen(strong ? kInk : kLine);
        painter.drawText(box, Qt::AlignCenter, texts[k]);
        painted.labels.push_back(*boxes[k]);
        painted.owners.push_back(order[k]);
    }
    painter.restore();
    return painted;
}

void paintLegend(QPainter &painter, const QRectF &area, double pt, const Diagram *diagram)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const auto entries = diagramLegend();
    std::vector<Relation> relations;
    if (diagram != nullptr) {
        for (const auto relation : relationsIn(*diagram)) {
            relations.push_back(relation);
        }
    } else {
        for (int r = 0; r <= static_cast<int>(Relation::CoMentioned); ++r) {
            relations.push_back(static_cast<Relation>(r));
        }
    }
    const bool entriesShown =
        diagram == nullptr || std::any_of(diagram->nodes.begin(), diagram->nodes.end(),
                                          [](const DiagramNode &n) { return n.entries > 1; });
    // About 100 points a column: five across a briefing's page, more across a wide window.
    const int columns = std::clamp(static_cast<int>(area.width() / (100.0 * pt)), 3, 8);
    const std::size_t lineItems = relations.size() + 3 + 1 + (entriesShown ? 1 : 0);
    const auto rowsOf = [&](std::size_t n) { return static_cast<int>((n + columns - 1) / columns); };
    const int rows = rowsOf(entries.size()) + rowsOf(lineItems);
    const double columnWidth = area.width() / columns;
    const double rowHeight = std::min(11 * pt, area.height() / rows);
    const QFont text = font(std::min(6.5, rowHeight / pt * 0.62));
    painter.setFont(text);
    int slot = 0;
    auto cell = [&](int i) {
        return QPointF(area.left() + (i % columns) * columnWidth, area.top() + (i / columns) * rowHeight);
    };
    auto caption = [&](QPointF at, double indent, const QString &words) {
        painter.setPen(kInk);
        painter.setFont(text);
        painter.drawText(QRectF(at.x() + indent, at.y(), columnWidth - indent, rowHeight),
                         Qt::AlignVCenter | Qt::AlignLeft, words);
    };
    for (const auto &entry : entries) {
        const QPointF at = cell(slot++);
        painter.setPen(entry.shape == NodeShape::Event ? QPen(kLine, 0.5 * pt) : QPen(Qt::white, 0.5 * pt));
        painter.setBrush(toQColor(entry.colour));
        painter.drawPath(nodeShapePath(entry.shape, at + QPointF(5 * pt, rowHeight / 2), 3.6 * pt));
        caption(at, 12 * pt, shown(entry.text));
    }
    slot = rowsOf(entries.size()) * columns;
    for (const auto relation : relations) {
        const QPointF at = cell(slot++);
        DiagramLine line;
        line.relation = relation;
        line.toEvent = relation == Relation::InReport;
        line.weight = 0.6;
        painter.setPen(linePen(line, pt));
        painter.drawLine(at + QPointF(0, rowHeight / 2), at + QPointF(16 * pt, rowHeight / 2));
        caption(at, 20 * pt, QString::fromUtf8(legendText(relation).data(), static_cast<qsizetype>(legendText(relation).size())));
    }
    const struct {
        EdgeStyle style;
        const char *text;
    } styles[] = {{EdgeStyle::Solid, "well-graded record(s)"},
                  {EdgeStyle::Dashed, "low-graded records only"},
                  {EdgeStyle::DottedFaint, "suspected false only"}};
    for (const auto &style : styles) {
        const QPointF at = cell(slot++);
        DiagramLine line;
        line.style = style.style;
        line.weight = 0.6;
        painter.setPen(linePen(line, pt));
        painter.drawLine(at + QPointF(0, rowHeight / 2), at + QPointF(16 * pt, rowHeight / 2));
        caption(at, 20 * pt, QString::fromLatin1(style.text));
    }
    {
        const QPointF at = cell(slot++);
        painter.setFont(font(4.5, true));
        painter.setPen(QPen(kLine, 0.3 * pt));
        painter.setBrush(Qt::white);
        const QRectF box(at.x() + 5 * pt - 2.4 * pt, at.y() + rowHeight / 2 - 2.4 * pt, 4.8 * pt, 4.8 * pt);
        painter.drawEllipse(box);
        painter.setPen(kInk);
        painter.drawText(box, Qt::AlignCenter, QStringLiteral("C"));
        caption(at, 12 * pt, QStringLiteral("handling C: conditions apply"));
    }
    if (entriesShown) {
        const QPointF at = cell(slot++);
        DiagramNode sample;
        sample.entries = 2;
        painter.setPen(QPen(Qt::white, 0.5 * pt));
        painter.setBrush(toQColor(entityColour(EntityType::Person)));
        const QPointF centre = at + QPointF(5 * pt, rowHeight / 2 + 1 * pt);
        painter.drawPath(nodeShapePath(NodeShape::Circle, centre, 3.2 * pt));
        drawEntries(painter, sample, centre, 3.2 * pt, pt * 0.8);
        caption(at, 14 * pt, QStringLiteral("entries of one identity (dashed: automatic)"));
    }
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
