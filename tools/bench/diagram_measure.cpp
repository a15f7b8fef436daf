// harbour-diagram-measure: what a panel meets in the diagram of every flagged cluster: nodes,
// report events, lines drawn, labels placed and left out, and anything covering anything. The
// diagram is painted as the briefing's PDF paints it (515 x 460 points). See docs/gui.md.

#include "harbour/analysis/analysis.h"
#include "harbour/dates.h"
#include "harbour/diagram/diagram.h"
#include "harbour/report/diagram_painter.h"
#include "harbour/store.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>

using namespace harbour;

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    std::string db;
    Date asOf = today();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--db") {
            db = argv[i + 1];
        } else if (flag == "--as-of") {
            if (const auto date = parseDate(argv[i + 1])) {
                asOf = *date;
            }
        }
    }
    if (db.empty()) {
        std::cerr << "usage: harbour-diagram-measure --db FILE [--as-of YYYY-MM-DD]\n";
        return 2;
    }
    StoreOptions options;
    options.readOnly = true;
    auto store = openSqliteStore(db, options);
    if (!store) {
        std::cerr << "harbour-diagram-measure: " << store.error().toString() << '\n';
        return 1;
    }
    auto snapshot = (*store)->snapshot({}, asOf);
    if (!snapshot) {
        std::cerr << "harbour-diagram-measure: " << snapshot.error().toString() << '\n';
        return 1;
    }
    const auto &policy = analysis::AnalysisPolicy::defaults();
    const auto result = analysis::analyse(*snapshot, policy);
    std::cout << "cluster\tnodes\tevents\tlines\tlinks\tlabelled\tunlabelled\tentities_unlabelled\tlabel_over_label\t"
                 "label_over_symbol\tsymbol_over_symbol\n";
    for (const auto &cluster : result.clusters) {
        if (!cluster.organised) {
            continue;
        }
        auto diagram = diagram::buildDiagram(*snapshot, result, diagram::DiagramFocus::ofCluster(cluster.id), policy);
        if (!diagram) {
            std::cerr << diagram.error().toString() << '\n';
            return 1;
        }
        QImage page(515, 460, QImage::Format_ARGB32);
        page.setDotsPerMeterX(2835); // 72 dpi: one device unit per point, as the PDF is laid out
        page.setDotsPerMeterY(2835);
        QPainter painter(&page);
        const auto painted = report::paintDiagram(painter, *diagram, QRectF(0, 0, 515, 460), 1.0);
        painter.end();
        const auto crowding = diagram::measureCrowding(painted.labels, painted.owners, painted.symbols);
        const auto entitiesNamed = std::count_if(painted.owners.begin(), painted.owners.end(),
                                                 [&](std::size_t owner) { return owner < diagram->nodes.size(); });
        std::cout << cluster.id << '\t' << diagram->nodes.size() << '\t' << diagram->events.size() << '\t'
                  << diagram->lines.size() << '\t' << diagram->edges.size() << '\t' << painted.labels.size() << '\t'
                  << painted.labelsLeftOut << '\t' << diagram->nodes.size() - static_cast<std::size_t>(entitiesNamed)
                  << '\t' << crowding.labelOverLabel << '\t' << crowding.labelOverSymbol
                  << '\t' << crowding.symbolOverSymbol << '\n';
    }
    return 0;
}
