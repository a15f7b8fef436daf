#include "gui_fixture.h"

#include "children_page.h"
#include "clusters_page.h"
#include "database_session.h"
#include "disruption_page.h"
#include "hotspots_page.h"
#include "main_window.h"
#include "network_page.h"
#include "network_view.h"
#include "suggestions_page.h"

#include "harbour/children.h"

#include <QTableView>
#include <QTableWidget>

#include <set>

namespace harbour::ui {
namespace {

/// The views over the shipped sample data show what the library computes, row for row.
TEST(SampleData, EveryViewShowsTheLibrarysRows)
{
    harbour::testing::app();
    const std::filesystem::path folder = std::filesystem::path(HARBOUR_SOURCE_DIR) / "sample-data";
    std::vector<std::filesystem::path> files;
    for (const char *name : {"reports.jsonl", "screenings.jsonl", "missing.jsonl"}) {
        if (std::filesystem::exists(folder / name)) {
            files.push_back(folder / name);
        }
    }
    if (files.size() < 3) {
        GTEST_SKIP() << "sample-data/*.jsonl not generated yet";
    }
    harbour::testing::TempDir dir;
    const auto db = dir / "sample.harbour";
    {
        auto store = openSqliteStore(db);
        ASSERT_TRUE(store.ok());
        const auto summary = importers::importFiles(**store, RiskPolicy::defaults(), files, {});
        ASSERT_TRUE(summary.ok()) << summary.error().toString();
        ASSERT_EQ(summary->rejected, 0);
    }
    MainWindow window;
    ASSERT_TRUE(window.openDatabase(QString::fromStdString(db.string())));
    window.waitUntilIdle();
    const auto data = window.session()->dataset();
    ASSERT_NE(data, nullptr);

    auto store = openSqliteStore(db);
    ASSERT_TRUE(store.ok());
    const auto rows = childRows(**store, window.session()->asOf());
    ASSERT_TRUE(rows.ok());
    const QAbstractItemModel *children = window.children()->table()->model();
    ASSERT_EQ(children->rowCount(), static_cast<int>(rows->size()));
    EXPECT_EQ(rows->size(), 102U); // the README's 102 screened children
    for (int i = 0; i < children->rowCount(); ++i) {
        EXPECT_EQ(children->index(i, 0).data().toString().toStdString(), (*rows)[static_cast<std::size_t>(i)].name);
    }

    EXPECT_EQ(window.clusters()->table()->model()->rowCount(), static_cast<int>(data->analysis.clusters.size()));
    EXPECT_EQ(window.hotspots()->table(0)->model()->rowCount(), static_cast<int>(data->analysis.hotspots.premises.size()));
    EXPECT_EQ(window.hotspots()->table(1)->model()->rowCount(), static_cast<int>(data->analysis.hotspots.vehicles.size()));
    EXPECT_EQ(window.hotspots()->table(2)->model()->rowCount(), static_cast<int>(data->analysis.hotspots.places.size()));
    EXPECT_EQ(window.hotspots()->table(3)->model()->rowCount(), static_cast<int>(data->analysis.hotspots.areas.size()));
    // Who is who: a row per group, every review pair in one of them.
    SuggestionsPage *whoIsWho = window.suggestions();
    EXPECT_EQ(whoIsWho->groupTable()->model()->rowCount(), static_cast<int>(whoIsWho->groups().size()));
    std::size_t pairs = 0;
    for (const auto &group : whoIsWho->groups()) {
        pairs += group.pairs.size();
    }
    EXPECT_EQ(pairs, data->suggestions.size());
    // The evidence column names each kind once: the partial mark WW6?WHM agrees with WW61WHM on
    // make and on colour (two pieces of vehicle details), and both are linked to two persons.
    bool repeatedKinds = false;
    for (std::size_t g = 0; g < whoIsWho->groups().size(); ++g) {
        whoIsWho->selectGroup(g);
        const QTableWidget *suggestions = whoIsWho->pairTable();
        for (int row = 0; row < suggestions->rowCount(); ++row) {
            const auto &suggestion = data->suggestions.at(suggestions->item(row, 0)->data(Qt::UserRole).toULongLong());
            QStringList kinds;
            for (const auto &evidence : suggestion.evidence) {
                kinds << QString::fromStdString(std::string(analysis::toString(evidence.kind))).replace(QLatin1Char('_'), QLatin1Char(' '));
            }
            const auto pieces = kinds.size();
            kinds.removeDuplicates();
            repeatedKinds = repeatedKinds || kinds.size() < pieces;
            EXPECT_EQ(suggestions->item(row, 3)->text().toStdString(), kinds.join(QStringLiteral(", ")).toStdString())
                << "group " << g << " row " << row;
        }
    }
    EXPECT_TRUE(repeatedKinds) << "no suggestion has two pieces of one kind: the check tests nothing";
    EXPECT_EQ(window.disruption()->targets()->model()->rowCount(),
              static_cast<int>(data->analysis.hotspots.premises.size() + data->analysis.hotspots.vehicles.size() +
                               data->analysis.priorities.suspects.size()));

    // The whole network is drawn, every entity of the graph once.
    EXPECT_EQ(window.network()->view()->nodes().size(), static_cast<qsizetype>(data->analysis.graph.vertexCount()));
    ASSERT_FALSE(data->analysis.clusters.empty());
    std::set<EntityId> members;
    for (const auto &member : data->analysis.clusters[0].members) {
        members.insert(member.id);
    }
    std::set<EntityId> drawn;
    for (auto it = window.clusters()->view()->nodes().begin(); it != window.clusters()->view()->nodes().end(); ++it) {
        drawn.insert(it.key());
    }
    EXPECT_EQ(drawn, members);
}

} // namespace
} // namespace harbour::ui
