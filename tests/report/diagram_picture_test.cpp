// The briefing's diagram as a panel reads it: every flagged cluster of the sample drawn with
// report events instead of co-mention cliques, no label over another label or a symbol, and a
// legend of the kinds of line drawn.
#include "harbour/analysis/analysis.h"
#include "harbour/diagram/labels.h"
#include "harbour/importers/import_job.h"
#include "harbour/report/briefing.h"
#include "harbour/report/diagram_painter.h"

#include "support/temp_dir.h"

#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>

namespace harbour {
namespace {

const Date kAsOf = std::chrono::year{2026} / std::chrono::month{12} / std::chrono::day{1};

struct Sample {
    harbour::testing::TempDir dir;
    GraphSnapshot snapshot;
    analysis::AnalysisResult analysis;

    Sample()
    {
        auto store = openSqliteStore(dir.path() / "sample.db").value();
        std::vector<std::filesystem::path> files;
        for (const char *name : {"reports.jsonl", "screenings.jsonl", "missing.jsonl"}) {
            files.push_back(std::filesystem::path(HARBOUR_SOURCE_DIR) / "sample-data" / name);
        }
        EXPECT_TRUE(importers::importFiles(*store, RiskPolicy::defaults(), files, {}).ok());
        snapshot = store->snapshot({}, kAsOf).value();
        analysis = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    }
};

report::PaintedDiagram paintAsThePdfDoes(const diagram::Diagram &picture)
{
    QImage page(515, 460, QImage::Format_ARGB32);
    page.setDotsPerMeterX(2835);
    page.setDotsPerMeterY(2835);
    QPainter painter(&page);
    return report::paintDiagram(painter, picture, QRectF(0, 0, 515, 460), 1.0);
}

TEST(BriefingDiagram, EveryFlaggedClusterReadsAtAGlance)
{
    report::ensureGuiApplication();
    const Sample sample;
    int flagged = 0;
    for (const auto &cluster : sample.analysis.clusters) {
        if (!cluster.organised) {
            continue;
        }
        ++flagged;
        const auto picture = diagram::buildDiagram(sample.snapshot, sample.analysis,
                                                   diagram::DiagramFocus::ofCluster(cluster.id),
                                                   analysis::AnalysisPolicy::defaults())
                                 .value();
        // Reports naming three or more are events: far fewer lines than co-mention links.
        EXPECT_FALSE(picture.events.empty()) << cluster.id;
        EXPECT_LT(picture.lines.size() * 2, picture.edges.size()) << cluster.id;
        const auto painted = paintAsThePdfDoes(picture);
        const auto crowding = diagram::measureCrowding(painted.labels, painted.owners, painted.symbols);
        EXPECT_EQ(crowding.labelOverLabel, 0U) << cluster.id;
        EXPECT_EQ(crowding.labelOverSymbol, 0U) << cluster.id;
        // Most entities are named on the picture itself.
        EXPECT_GE(painted.labels.size() * 10, (picture.nodes.size() + picture.events.size()) * 7) << cluster.id;
    }
    EXPECT_GE(flagged, 5);
}

TEST(BriefingDiagram, TheBriefingDrawsEventsAndItsLegendNamesTheLinesDrawn)
{
    report::ensureGuiApplication();
    const Sample sample;
    const auto picture = diagram::buildDiagram(sample.snapshot, sample.analysis, diagram::DiagramFocus::ofCluster("C1"),
                                               analysis::AnalysisPolicy::defaults())
                             .value();
    const auto kinds = diagram::relationsIn(picture);
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), diagram::Relation::InReport), kinds.end());
    EXPECT_EQ(std::find(kinds.begin(), kinds.end(), diagram::Relation::CoMentioned), kinds.end());
    // The HTML briefing carries the legend's words for them.
    report::BriefingData data;
    data.diagram = picture;
    report::BriefingSection figure;
    figure.heading = "Network diagram";
    figure.figure = report::BriefingSection::Figure::Diagram;
    data.sections.push_back(figure);
    const std::string html = report::renderHtml(data);
    EXPECT_NE(html.find("named in report"), std::string::npos);
    EXPECT_NE(html.find("IR-2026"), std::string::npos); // an event's label
}

} // namespace
} // namespace harbour
