#pragma once

#include "harbour/report/briefing.h"
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

/// The outline of a node symbol centred on `centre` with "radius" `radius`.
QPainterPath nodeShapePath(NodeShape shape, QPointF centre, double radius);

/// Scales the diagram's layout into `area` (keeping its aspect ratio) and draws links, then
/// symbols, then labels. An empty diagram draws a line of text saying so.
void paintDiagram(QPainter &painter, const Diagram &diagram, const QRectF &area, double pt);

/// The legend of symbols and line styles in `area`, in columns.
void paintLegend(QPainter &painter, const QRectF &area, double pt);

/// Monthly bars of reports, screenings and missing episodes with a count axis.
void paintTimeline(QPainter &painter, const std::vector<TimelineMonth> &months, const QRectF &area, double pt);

} // namespace harbour::report
