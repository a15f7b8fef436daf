#pragma once

#include "harbour/report/briefing.h"
#include "harbour/diagram/labels.h"
#include "harbour/report/diagram.h"

#include <QColor>
#include <QString>
#include <QPainterPath>
#include <QRectF>

#include <string_view>
#include <vector>

class QPainter;

/// QPainter drawing of the diagram model and the briefing's charts, shared by the app, the PDF
/// (QPdfWriter) and the HTML (QSvgGenerator), so that every one shows the same picture.
/// `pt` is the number of device units per typographic point on the painter's device.
namespace harbour::report {

QColor toQColor(Rgb rgb);

/// Text from the data as a painter draws it: controls and invisible format characters shown
/// visibly (safe::label), so that a right-to-left override cannot disguise a name on the page.
/// Every string that reaches a painter in a briefing comes through here.
QString shown(std::string_view text);

/// The outline of a node symbol centred on `centre` with "radius" `radius` (shared with the app).
QPainterPath nodeShapePath(NodeShape shape, QPointF centre, double radius);

/// The pen of a drawn line: colour by relation, dashes by grading, width by weight (`pt` per point).
QPen linePen(const DiagramLine &line, double pt);

/// Where a painted diagram put its symbols and labels, in device units: what a test or a
/// measurement checks (labels never cover a label or another symbol).
struct PaintedDiagram {
    std::vector<Box> symbols;         ///< nodes, then events
    std::vector<Box> labels;
    std::vector<std::size_t> owners;  ///< per label, the index of its symbol
    std::size_t labelsLeftOut = 0;    ///< labels with no free place (the tables name everyone)
};

/// Scales the diagram's layout into `area` (keeping its aspect ratio) and draws lines, then
/// symbols (events too, and the number of entries of a node that stands for several), then
/// labels where they cover nothing. An empty diagram draws a line of text saying so.
PaintedDiagram paintDiagram(QPainter &painter, const Diagram &diagram, const QRectF &area, double pt);

/// The legend in `area`, in columns: symbols, the kinds of line in `diagram` (every kind when
/// null), line styles.
void paintLegend(QPainter &painter, const QRectF &area, double pt, const Diagram *diagram = nullptr);

/// Monthly bars of reports, screenings and missing episodes with a count axis.
void paintTimeline(QPainter &painter, const std::vector<TimelineMonth> &months, const QRectF &area, double pt);

} // namespace harbour::report
