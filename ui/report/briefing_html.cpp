#include "harbour/report/briefing.h"
#include "harbour/report/diagram_painter.h"

#include "harbour/exporters/exporter.h"
#include "harbour/safe_text.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cstdlib>

namespace harbour::report {
namespace {

/// Draws with the same painter code as the PDF into an SVG element for inline use. The generator
/// writes its title and description unescaped, so it is given none: the element's accessible
/// name is written here, through the one escaping writer.
template <typename Paint>
std::string svgFigure(double width, double height, const std::string &description, Paint paint)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setResolution(72); // one SVG unit per point, so pt = 1
    generator.setSize(QSize(static_cast<int>(width), static_cast<int>(height)));
    generator.setViewBox(QRectF(0, 0, width, height));
    {
        QPainter painter(&generator);
        paint(painter);
    }
    std::string svg(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    // Inline SVG must start at the element: drop the XML declaration and doctype.
    const auto start = svg.find("<svg");
    if (start == std::string::npos) {
        return {};
    }
    svg.erase(0, start);
    svg.insert(4, " class=\"figure\" role=\"img\" aria-label=\"" + safe::html(description) + "\"");
    return svg;
}

/// The risk cells' tints, from the one palette (harbour/diagram/palette.h).
std::string riskCellStyle()
{
    std::string css;
    for (const auto &[name, level] : {std::pair{"significant", std::optional(RiskLevel::Significant)},
                                      std::pair{"medium", std::optional(RiskLevel::Medium)},
                                      std::pair{"low", std::optional(RiskLevel::Low)},
                                      std::pair{"none", std::optional<RiskLevel>()}}) {
        css += std::string("td.") + name + " { background: " + diagram::riskTint(level).hex() + "; font-weight: bold; }\n";
    }
    return css;
}

const char *kStyle = R"css(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #212121; margin: 0 auto;
       max-width: 60em; padding: 0 1.5em; line-height: 1.35; }
.handling { text-align: center; font-size: 0.85em; color: #555; margin: 0 0 0.8em; }
.marking { text-align: center; font-weight: bold; letter-spacing: 0.05em; padding: 0.3em;
           border: 2px solid #212121; margin: 0.6em 0; background: #fff; }
h1 { font-size: 18pt; margin: 0.6em 0 0.1em; }
h2 { font-size: 13pt; border-bottom: 1px solid #cfd8dc; margin-top: 1.4em; padding-bottom: 0.15em; }
.subtitle { font-size: 12pt; margin: 0 0 0.8em; }
dl.facts { display: grid; grid-template-columns: 11em 1fr; gap: 0.2em 0.8em; margin: 0.5em 0 1em; }
dl.facts dt { font-weight: bold; color: #555; }
dl.facts dd { margin: 0; }
.numbers { display: grid; grid-template-columns: repeat(5, 1fr); gap: 0.4em; }
.numbers div { border: 1px solid #cfd8dc; padding: 0.3em 0.5em; }
.numbers b { display: block; font-size: 15pt; }
.numbers span { font-size: 8pt; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th { background: #eceff1; text-align: left; }
th, td { border-bottom: 1px solid #cfd8dc; padding: 0.25em 0.35em; vertical-align: top; }
.note { font-size: 8pt; color: #555; }
.empty { color: #555; font-style: italic; }
svg.figure { width: 100%; height: auto; border: 1px solid #cfd8dc; }
@page { size: A4; margin: 2.2cm 1.5cm; }
@media print {
  body { max-width: none; padding: 0; }
  .marking.top { position: fixed; top: -1.6cm; left: 0; right: 0; }
  .marking.bottom { position: fixed; bottom: -1.6cm; left: 0; right: 0; }
  h2 { break-after: avoid; }
  tr, svg.figure { break-inside: avoid; }
  thead { display: table-header-group; }
}
)css";

} // namespace

std::string renderHtml(const BriefingData &briefing)
{
    const std::string marking = safe::html(briefing.marking);
    std::string html;
    html.reserve(64 * 1024);
    html += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<meta name=\"robots\" content=\"noindex, nofollow\">\n";
    // The briefing runs no script and loads nothing: should anything slip past the escaping,
    // the browser still refuses to run it or to fetch from elsewhere.
    html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; form-action 'none'; base-uri 'none'\">\n";
    html += "<title>" + marking + ": " + safe::html(briefing.title) + " - " + safe::html(briefing.scopeText) + "</title>\n";
    html += "<style>" + std::string(kStyle) + riskCellStyle() + "</style>\n</head>\n<body>\n";
    html += "<div class=\"marking top\">" + marking + "</div>\n";
    if (!briefing.handling.empty()) {
        html += "<p class=\"handling\">" + safe::html(briefing.handling) + "</p>\n";
    }
    html += "<h1>" + safe::html(briefing.title) + "</h1>\n";
    html += "<p class=\"subtitle\">" + safe::html(briefing.subtitle) + "</p>\n";
    html += "<dl class=\"facts\">\n";
    for (const auto &[key, value] : briefing.facts) {
        html += "<dt>" + safe::html(key) + "</dt><dd>" + safe::html(value) + "</dd>\n";
    }
    html += "</dl>\n<h2>Summary in numbers</h2>\n<div class=\"numbers\">\n";
    for (const auto &[label, value] : briefing.numbers) {
        html += "<div><b>" + safe::html(value) + "</b><span>" + safe::html(label) + "</span></div>\n";
    }
    html += "</div>\n";

    for (const auto &section : briefing.sections) {
        html += "<section>\n<h2>" + safe::html(section.heading) + "</h2>\n";
        for (const auto &p : section.paragraphs) {
            html += "<p>" + safe::html(p) + "</p>\n";
        }
        switch (section.figure) {
        case BriefingSection::Figure::Diagram:
            html += svgFigure(515, 460, briefing.diagram.title,
                              [&](QPainter &p) { paintDiagram(p, briefing.diagram, QRectF(0, 0, 515, 460), 1.0); });
            html += "\n";
            html += svgFigure(515, 60, "Legend", [&](QPainter &p) { paintLegend(p, QRectF(0, 4, 515, 56), 1.0, &briefing.diagram); });
            html += "\n";
            break;
        case BriefingSection::Figure::Timeline:
            html += svgFigure(515, 170, "Records per month", [&](QPainter &p) {
                paintTimeline(p, briefing.timeline, QRectF(0, 0, 515, 170), 1.0);
            });
            html += "\n";
            break;
        case BriefingSection::Figure::None: {
            const auto &table = section.table;
            if (table.rows.empty()) {
                if (!table.empty.empty()) { // a section of paragraphs only has nothing to say here
                    html += "<p class=\"empty\">" + safe::html(table.empty) + "</p>\n";
                }
                break;
            }
            html += "<table>\n<thead><tr>";
            for (const auto &cell : table.header) {
                html += "<th>" + safe::html(cell) + "</th>";
            }
            html += "</tr></thead>\n<tbody>\n";
            for (const auto &row : table.rows) {
                html += "<tr>";
                for (std::size_t i = 0; i < row.size(); ++i) {
                    const bool risk =
                        std::find(table.riskColumns.begin(), table.riskColumns.end(), i) != table.riskColumns.end();
                    const bool known = row[i] == "significant" || row[i] == "medium" || row[i] == "low" ||
                                       row[i] == "none";
                    html += risk && known ? "<td class=\"" + row[i] + "\">" : std::string("<td>");
                    html += safe::html(row[i]) + "</td>";
                }
                html += "</tr>\n";
            }
            html += "</tbody>\n</table>\n";
            break;
        }
        }
        for (const auto &note : section.notes) {
            html += "<p class=\"note\">" + safe::html(note) + "</p>\n";
        }
        html += "</section>\n";
    }
    html += "<div class=\"marking bottom\">" + marking + "</div>\n</body>\n</html>\n";
    return html;
}

void ensureGuiApplication()
{
    if (QCoreApplication::instance()) {
        return;
    }
    if (!std::getenv("QT_QPA_PLATFORM") && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
        ::setenv("QT_QPA_PLATFORM", "offscreen", 0);
    }
    // QGuiApplication keeps references to argc and argv for its whole life.
    static int argc = 1;
    static char name[] = "harbour";
    static char *argv[] = {name, nullptr};
    // Never destroyed: tearing Qt down during static destruction at exit can crash.
    static auto *application = new QGuiApplication(argc, argv);
    (void)application;
}

Status writeBriefing(const BriefingData &briefing, const std::filesystem::path &path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension != ".pdf" && extension != ".html" && extension != ".htm") {
        return makeError(ErrorCode::Usage, "the briefing is written as .pdf or .html, not '" + extension + "'",
                         "--out");
    }
    ensureGuiApplication();
    if (extension == ".pdf") {
        return renderPdf(briefing, path);
    }
    return exporters::writePrivateFile(path, renderHtml(briefing));
}

} // namespace harbour::report
