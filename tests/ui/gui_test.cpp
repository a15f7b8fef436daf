#include "gui_fixture.h"

#include "children_page.h"
#include "clusters_page.h"
#include "database_session.h"
#include "disruption_page.h"
#include "hotspots_page.h"
#include "import_dialog.h"
#include "main_window.h"
#include "network_page.h"
#include "network_view.h"
#include "overview_page.h"
#include "provenance_panel.h"
#include "share_dialogs.h"
#include "suggestions_page.h"
#include "ui_common.h"

#include "harbour/analysis/identity_fold.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QTableView>
#include <QPushButton>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QProgressBar>
#include <QCheckBox>
#include <QCoreApplication>
#include <QLineEdit>
#include <QFileInfo>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>

#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace harbour::ui {
namespace {

using harbour::testing::TempDir;

/// Processes events until `done` holds or `ms` pass; true when it held.
template <typename Predicate>
bool waitFor(Predicate done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return done();
}

class GuiTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        harbour::testing::app();
        m_db = harbour::testing::buildFixtureDb(m_dir);
        m_window = std::make_unique<MainWindow>();
        ASSERT_TRUE(m_window->openDatabase(QString::fromStdString(m_db.string()))) << ss(m_window->lastError());
        m_window->waitUntilIdle();
        m_data = m_window->session()->dataset();
        ASSERT_NE(m_data, nullptr);
    }

    EntityId idOf(const std::string &label) const
    {
        for (const auto &entity : m_data->snapshot.entities) {
            if (entity.label == label) {
                return entity.id;
            }
        }
        for (const auto &folded : m_data->snapshot.folded) { // an entry of an identity, by its own name
            if (folded.entry.label == label) {
                return folded.entry.id;
            }
        }
        ADD_FAILURE() << "no entity labelled " << label;
        return 0;
    }

    TempDir m_dir;
    std::filesystem::path m_db;
    std::unique_ptr<MainWindow> m_window;
    std::shared_ptr<const Dataset> m_data;
};

TEST_F(GuiTest, ChildrenTableListsEveryScreenedChildHighestRiskFirst)
{
    const QAbstractItemModel *table = m_window->children()->table()->model();
    const auto text = [table](int row, int column) { return table->index(row, column).data().toString(); };
    ASSERT_EQ(table->rowCount(), 2);
    EXPECT_EQ(text(0, 0), QStringLiteral("Amy Jones"));
    EXPECT_EQ(table->index(0, 0).data(Qt::UserRole).toLongLong(), idOf("Amy Jones"));
    EXPECT_EQ(text(0, 1), QStringLiteral("significant"));
    EXPECT_EQ(table->index(0, 1).data(Qt::BackgroundRole).value<QBrush>().color(), riskColour(RiskLevel::Significant));
    EXPECT_EQ(text(0, 2), QStringLiteral("significant"));
    EXPECT_EQ(text(0, 4), QStringLiteral("▲ rising"));
    EXPECT_EQ(text(0, 5), QStringLiteral("2026-03-12"));
    EXPECT_EQ(text(1, 0), QStringLiteral("Beth Smith"));
    EXPECT_EQ(text(1, 1), QStringLiteral("medium"));
    EXPECT_EQ(text(1, 4), QStringLiteral("new"));
    // Choosing a row in the view shows that child.
    m_window->children()->table()->setCurrentIndex(table->index(1, 0));
    EXPECT_EQ(m_window->children()->currentChild(), idOf("Beth Smith"));
}

TEST_F(GuiTest, ChildHistoryChartsEveryScreeningAndTheIndicatorsThatChanged)
{
    m_window->children()->selectChild(0);
    QChart *chart = m_window->children()->chart()->chart();
    ASSERT_NE(chart, nullptr);
    const auto series = chart->series();
    ASSERT_EQ(series.size(), 3);
    const auto *finalLine = qobject_cast<QLineSeries *>(series[1]);
    ASSERT_NE(finalLine, nullptr);
    ASSERT_EQ(finalLine->count(), 2);
    EXPECT_EQ(finalLine->at(0).y(), static_cast<int>(RiskLevel::Low));
    EXPECT_EQ(finalLine->at(1).y(), static_cast<int>(RiskLevel::Significant));
    const QString changes = m_window->children()->changes()->toPlainText();
    EXPECT_TRUE(changes.contains(QStringLiteral("final level low → significant"))) << ss(changes);
    // The panel reads the screening form's wording, not the keys.
    EXPECT_TRUE(changes.contains(QStringLiteral("+ Periods of absence/missing (day and/or night) (current)")))
        << ss(changes);
    EXPECT_TRUE(changes.contains(QStringLiteral("+ Alcohol Misuse"))) << ss(changes);
    EXPECT_FALSE(changes.contains(QStringLiteral("missing_episodes"))) << ss(changes);
    // Why the level: the rules fired in the same words.
    EXPECT_TRUE(changes.contains(QStringLiteral("\"Periods of absence/missing (day and/or night)\" is current")))
        << ss(changes);
}

TEST_F(GuiTest, OverviewCountsMatchTheStore)
{
    EXPECT_EQ(m_window->overview()->card(QStringLiteral("children")), QStringLiteral("2"));
    EXPECT_EQ(m_window->overview()->card(QStringLiteral("significant")), QStringLiteral("1"));
    EXPECT_EQ(m_window->overview()->card(QStringLiteral("medium")), QStringLiteral("1"));
    const auto counts = monthlyCounts(m_data->snapshot);
    ASSERT_EQ(counts.reports.size(), 1U);
    EXPECT_EQ(counts.reports.begin()->second, 6); // IR-1 to IR-6, all March 2026
}

TEST_F(GuiTest, ClustersSortedByAColumnStillChooseTheRightCluster)
{
    const auto &clusters = m_data->analysis.clusters;
    ASSERT_GE(clusters.size(), 2u);
    QTableView *table = m_window->clusters()->table();
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        EXPECT_EQ(model->index(row, 0).data().toString(), QString::fromStdString(clusters[static_cast<std::size_t>(row)].id))
            << "rows come best first, as the analysis ranks them";
    }
    // Sorted by members, fewest first: the first row is the smallest cluster, and choosing it
    // chooses that cluster, not the one the row held before sorting.
    table->sortByColumn(5, Qt::AscendingOrder);
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < clusters.size(); ++i) {
        if (clusters[i].members.size() < clusters[smallest].members.size()) {
            smallest = i;
        }
    }
    for (int row = 1; row < model->rowCount(); ++row) {
        EXPECT_LE(model->index(row - 1, 5).data().toInt(), model->index(row, 5).data().toInt());
    }
    table->setCurrentIndex(model->index(0, 0));
    ASSERT_TRUE(m_window->clusters()->currentIndex());
    EXPECT_EQ(clusters[*m_window->clusters()->currentIndex()].members.size(), clusters[smallest].members.size());
    EXPECT_EQ(model->index(0, 0).data().toString(),
              QString::fromStdString(clusters[*m_window->clusters()->currentIndex()].id));
}

TEST_F(GuiTest, ClusterDiagramHoldsExactlyTheClusterMembers)
{
    ASSERT_FALSE(m_data->analysis.clusters.empty());
    EXPECT_EQ(m_window->clusters()->table()->model()->rowCount(), static_cast<int>(m_data->analysis.clusters.size()));
    ASSERT_TRUE(m_window->network()->showCluster(0));
    m_window->waitUntilIdle();
    std::set<EntityId> expected;
    for (const auto &member : m_data->analysis.clusters[0].members) {
        expected.insert(member.id);
    }
    std::set<EntityId> drawn;
    for (auto it = m_window->network()->view()->nodes().begin(); it != m_window->network()->view()->nodes().end();
         ++it) {
        drawn.insert(it.key());
    }
    EXPECT_EQ(drawn, expected);
}

TEST_F(GuiTest, DiagramStylesLinksByGrading)
{
    const diagram::Diagram diagram = buildDiagram(*m_data, {});
    const auto styleOf = [&](EntityId a, EntityId b) -> std::optional<diagram::EdgeStyle> {
        for (const auto &edge : diagram.edges) {
            const EntityId x = diagram.nodes[edge.from].entity;
            const EntityId y = diagram.nodes[edge.to].entity;
            if ((x == a && y == b) || (x == b && y == a)) {
                return edge.style;
            }
        }
        return std::nullopt;
    };
    EXPECT_EQ(styleOf(idOf("Amy Jones"), idOf("Kingz Pizza")), diagram::EdgeStyle::Solid);
    EXPECT_EQ(styleOf(idOf("Beth Smith"), idOf("XY51ABC")), diagram::EdgeStyle::DottedFaint);
    EXPECT_EQ(styleOf(idOf("Sam Ali"), idOf("07700900123")), diagram::EdgeStyle::Dashed);
    for (const auto &node : diagram.nodes) {
        if (node.entity == idOf("Amy Jones")) {
            EXPECT_TRUE(node.child);
            EXPECT_EQ(node.risk, RiskLevel::Significant);
        }
    }
}

TEST_F(GuiTest, DiagramDrawsWhatTheRecordsSayNotCliques)
{
    // IR-1 names Amy, Mo Khan, Kingz Pizza and AB12CDE; IR-3 Amy, Sam Ali and Kingz Pizza: each
    // is one report event with a line to each entity, not a clique of co-mention lines. IR-4
    // names Beth and a car alone (suspected false); IR-5 Sam and a phone alone (low graded).
    const diagram::Diagram diagram = buildDiagram(*m_data, {});
    const auto lineOf = [&](EntityId a, EntityId b) -> const diagram::DiagramLine * {
        for (const auto &line : diagram.lines) {
            if (!line.toEvent && std::set{diagram.nodes[line.from].entity, diagram.nodes[line.to].entity} ==
                                     std::set{a, b}) {
                return &line;
            }
        }
        return nullptr;
    };
    EXPECT_EQ(lineOf(idOf("Amy Jones"), idOf("Kingz Pizza")), nullptr);
    const auto *car = lineOf(idOf("Beth Smith"), idOf("XY51ABC"));
    ASSERT_NE(car, nullptr);
    EXPECT_EQ(car->relation, diagram::Relation::WithVehicle);
    EXPECT_EQ(car->style, diagram::EdgeStyle::DottedFaint);
    const auto *phone = lineOf(idOf("Sam Ali"), idOf("07700900123"));
    ASSERT_NE(phone, nullptr);
    EXPECT_EQ(phone->relation, diagram::Relation::Phone);
    EXPECT_EQ(phone->style, diagram::EdgeStyle::Dashed);
    std::set<std::string> events;
    for (const auto &event : diagram.events) {
        events.insert(event.label);
    }
    EXPECT_TRUE(events.contains("IR-1"));
    EXPECT_TRUE(events.contains("IR-3"));
    EXPECT_LT(diagram.lines.size(), diagram.edges.size() + diagram.events.size() * 2);

    // The app draws them: an event item per report event, its lines ending on it.
    m_window->network()->showAll();
    m_window->waitUntilIdle();
    NetworkView *view = m_window->network()->view();
    EXPECT_EQ(view->events().size(), diagram.events.size());
    EXPECT_EQ(view->edges().size(), diagram.lines.size());
}

TEST_F(GuiTest, SelectingALineShowsTheRecordsBehindIt)
{
    m_window->network()->showAll();
    m_window->waitUntilIdle();
    const EntityId beth = idOf("Beth Smith");
    const EntityId car = idOf("XY51ABC");
    EdgeItem *line = nullptr;
    EdgeItem *toReport = nullptr;
    for (EdgeItem *edge : m_window->network()->view()->edges()) {
        if (edge->to() == nullptr) {
            if (edge->from()->entityId() == idOf("Amy Jones")) {
                toReport = edge;
            }
            continue;
        }
        const std::set<EntityId> ends{edge->from()->entityId(), edge->to()->entityId()};
        if (ends == std::set<EntityId>{beth, car}) {
            line = edge;
        }
    }
    ASSERT_NE(line, nullptr);
    line->setSelected(true);
    QTableWidget *records = m_window->network()->panel()->recordTable();
    ASSERT_EQ(records->rowCount(), 1);
    EXPECT_EQ(records->item(0, 0)->text(), QStringLiteral("IR-4"));
    EXPECT_EQ(records->item(0, 1)->text(), QStringLiteral("2026-03-10"));
    EXPECT_EQ(m_window->network()->panel()->headline(), QStringLiteral("Beth Smith — XY51ABC"));
    // The first record's narrative is shown, not just its JSON.
    EXPECT_TRUE(m_window->network()->panel()->recordText()->toPlainText().contains(
        QStringLiteral("Rumour that Beth uses this car.")));
    // A line to a report: the entity's records, the report among them.
    ASSERT_NE(toReport, nullptr);
    line->setSelected(false);
    toReport->setSelected(true);
    EXPECT_EQ(m_window->network()->panel()->headline().left(9), QStringLiteral("Amy Jones"));
    bool listed = false;
    for (int row = 0; row < records->rowCount(); ++row) {
        listed = listed || records->item(row, 0)->text() == QStringLiteral("IR-1");
    }
    EXPECT_TRUE(listed);
}

TEST_F(GuiTest, SelectingANodeListsTheRecordsNamingIt)
{
    m_window->network()->showAll();
    m_window->waitUntilIdle();
    ASSERT_TRUE(m_window->network()->view()->focusNode(idOf("Beth Smith")));
    QTableWidget *records = m_window->network()->panel()->recordTable();
    ASSERT_EQ(records->rowCount(), 3); // IR-2, IR-4 and her screening
    EXPECT_EQ(records->item(0, 0)->text(), QStringLiteral("IR-2"));
    EXPECT_EQ(records->item(1, 0)->text(), QStringLiteral("IR-4"));
    EXPECT_EQ(records->item(2, 0)->text(), QStringLiteral("SCR-3"));
}

TEST_F(GuiTest, LargeDiagramsDrawTheHighestRankedOrTheNearestAndSaySo)
{
    NetworkPage *network = m_window->network();
    const auto entities = static_cast<qsizetype>(m_data->analysis.graph.vertexCount());
    ASSERT_GT(entities, 4);
    network->setDiagramLimits(3, 2);
    network->showAll();
    m_window->waitUntilIdle();
    EXPECT_EQ(network->view()->nodes().size(), 3);
    EXPECT_TRUE(network->status().startsWith(QStringLiteral("The 3 highest-ranked of %1 entities").arg(entities)))
        << network->status().toStdString();
    EntityId top = 0;
    double best = -1.0;
    for (const auto &entity : m_data->snapshot.entities) {
        if (m_data->priorityOf(entity.id) > best) {
            best = m_data->priorityOf(entity.id);
            top = entity.id;
        }
    }
    EXPECT_TRUE(network->view()->nodes().contains(top)) << "the highest-ranked entity is drawn";

    const EntityId beth = idOf("Beth Smith");
    const auto near = neighbourhood(*m_data, beth, 2);
    ASSERT_GT(near.size(), 2U);
    ASSERT_TRUE(network->showNeighbourhood(beth, 2));
    m_window->waitUntilIdle();
    EXPECT_EQ(network->view()->nodes().size(), 2);
    EXPECT_TRUE(network->view()->nodes().contains(beth));
    EXPECT_TRUE(network->status().startsWith(
        QStringLiteral("The 2 nearest of %1 entities within 2 links").arg(near.size())))
        << network->status().toStdString();

    network->setDiagramLimits(1000, 1000);
    network->showAll();
    m_window->waitUntilIdle();
    EXPECT_EQ(network->view()->nodes().size(), entities);
    EXPECT_FALSE(network->status().contains(QStringLiteral("highest-ranked"))) << "nothing was left out";
}

TEST_F(GuiTest, NeighbourhoodAndPathFocusDrawTheRightEntities)
{
    const EntityId beth = idOf("Beth Smith");
    const auto near = neighbourhood(*m_data, beth, 1);
    // Suspected-false links are not a way through: the rumoured car is not a neighbour.
    EXPECT_EQ(std::set<EntityId>(near.begin(), near.end()),
              (std::set<EntityId>{beth, idOf("Mo Khan"), idOf("AB12CDE")}));
    ASSERT_TRUE(m_window->network()->showPath(beth, idOf("Kingz Pizza")));
    m_window->waitUntilIdle();
    // Beth and Mo Khan are named in IR-2, Mo Khan and Kingz Pizza in IR-1.
    std::set<EntityId> drawn;
    for (auto it = m_window->network()->view()->nodes().begin(); it != m_window->network()->view()->nodes().end();
         ++it) {
        drawn.insert(it.key());
    }
    EXPECT_EQ(drawn, (std::set<EntityId>{beth, idOf("Mo Khan"), idOf("Kingz Pizza")}));
    EXPECT_FALSE(m_window->network()->showPath(beth, 999999));
}

TEST_F(GuiTest, FocusBoxesListEveryEntityAndClusterAndPickByTheirText)
{
    NetworkPage *page = m_window->network();
    auto *focus = page->findChild<QComboBox *>(QStringLiteral("focus"));
    auto *cluster = page->findChild<QComboBox *>(QStringLiteral("focusCluster"));
    auto *from = page->findChild<QComboBox *>(QStringLiteral("focusEntity"));
    auto *to = page->findChild<QComboBox *>(QStringLiteral("focusPathTo"));
    auto *show = page->findChild<QPushButton *>(QStringLiteral("showFocus"));
    ASSERT_TRUE(focus && cluster && from && to && show);
    ASSERT_EQ(from->count(), static_cast<int>(m_data->snapshot.entities.size()));
    EXPECT_EQ(to->count(), from->count());
    ASSERT_EQ(cluster->count(), static_cast<int>(m_data->analysis.clusters.size()));
    EXPECT_TRUE(cluster->itemText(0).startsWith(QString::fromStdString(m_data->analysis.clusters[0].id)));
    const auto textOf = [&](const std::string &label) {
        for (int row = 0; row < from->count(); ++row) {
            if (from->itemText(row).startsWith(QString::fromStdString(label) + " (")) {
                EXPECT_EQ(from->itemData(row).toLongLong(), idOf(label));
                return from->itemText(row);
            }
        }
        ADD_FAILURE() << "no row for " << label;
        return QString();
    };
    const auto drawn = [&] {
        m_window->waitUntilIdle();
        std::set<EntityId> ids;
        for (auto it = page->view()->nodes().begin(); it != page->view()->nodes().end(); ++it) {
            ids.insert(it.key());
        }
        return ids;
    };

    focus->setCurrentIndex(3);
    from->setCurrentText(textOf("Beth Smith"));
    to->setCurrentText(textOf("Kingz Pizza"));
    show->click();
    const std::set<EntityId> path{idOf("Beth Smith"), idOf("Mo Khan"), idOf("Kingz Pizza")};
    EXPECT_EQ(drawn(), path);

    // The id alone does not pick: the text must be the entity's own.
    to->setCurrentText(QStringLiteral("Somebody Else (premises %1)").arg(idOf("Kingz Pizza")));
    show->click();
    EXPECT_GT(drawn().size(), path.size()) << "an unknown entity falls back to the whole network";

    // A reload keeps what the boxes said.
    to->setCurrentText(textOf("Kingz Pizza"));
    m_window->session()->reload();
    m_window->waitUntilIdle();
    EXPECT_EQ(from->currentText(), textOf("Beth Smith"));
    EXPECT_EQ(to->currentText(), textOf("Kingz Pizza"));
    show->click();
    EXPECT_EQ(drawn(), path);
}

TEST_F(GuiTest, HidingATypeHidesItsNodesAndTheirLines)
{
    m_window->network()->showAll();
    m_window->waitUntilIdle();
    NetworkView *view = m_window->network()->view();
    view->setTypeVisible(EntityType::Vehicle, false);
    for (NodeItem *node : view->nodes()) {
        EXPECT_EQ(node->isVisible(), node->node().type != EntityType::Vehicle);
    }
    for (EdgeItem *edge : view->edges()) {
        EXPECT_EQ(edge->isVisible(), edge->from()->isVisible() && edge->end()->isVisible());
    }
    EXPECT_FALSE(view->focusNode(idOf("AB12CDE")));
    view->setTypeVisible(EntityType::Vehicle, true);
    EXPECT_TRUE(view->focusNode(idOf("AB12CDE")));
}

TEST_F(GuiTest, HotspotTablesMatchTheAnalysis)
{
    const auto &h = m_data->analysis.hotspots;
    EXPECT_EQ(m_window->hotspots()->table(0)->model()->rowCount(), static_cast<int>(h.premises.size()));
    EXPECT_EQ(m_window->hotspots()->table(1)->model()->rowCount(), static_cast<int>(h.vehicles.size()));
    ASSERT_FALSE(h.premises.empty());
    // Premises carry their postcode: two branches of one firm read apart.
    EXPECT_EQ(m_window->hotspots()->table(0)->model()->index(0, 1).data().toString(),
              QStringLiteral("Kingz Pizza, DY1 1AA"));
    EXPECT_EQ(m_window->hotspots()->table(0)->model()->index(0, 1).data(Qt::UserRole).toLongLong(), h.premises[0].id);
}

TEST_F(GuiTest, HotspotTablesSortByTheNumbersNotTheirText)
{
    // Rows come ranked; sorted by a number descending they must be in numeric order ("10"
    // after "9" as text would be wrong), and sorted by rank again as the analysis ranks them.
    QTableView *table = m_window->hotspots()->table(0);
    for (int kind = 1; kind < 4; ++kind) {
        if (m_window->hotspots()->table(kind)->model()->rowCount() > table->model()->rowCount()) {
            table = m_window->hotspots()->table(kind);
        }
    }
    const QAbstractItemModel *model = table->model();
    ASSERT_GE(model->rowCount(), 2);
    for (int row = 0; row < model->rowCount(); ++row) {
        EXPECT_EQ(model->index(row, 0).data().toInt(), row + 1) << "rows come in rank order";
    }
    for (const int column : {2, 3, 6}) {
        table->sortByColumn(column, Qt::DescendingOrder);
        for (int row = 1; row < model->rowCount(); ++row) {
            EXPECT_GE(model->index(row - 1, column).data().toDouble(), model->index(row, column).data().toDouble())
                << "column " << column << ", row " << row;
        }
    }
    table->sortByColumn(0, Qt::AscendingOrder);
    for (int row = 0; row < model->rowCount(); ++row) {
        EXPECT_EQ(model->index(row, 0).data().toInt(), row + 1);
    }
}

TEST_F(GuiTest, DisruptionActionRoundTripsThroughTheStore)
{
    DisruptionPage *page = m_window->disruption();
    const EntityId kingz = idOf("Kingz Pizza");
    const auto wrong = page->addAction(kingz, "anpr_marker", "PC Patel", std::nullopt, "");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().message, "tactic 'anpr_marker' does not apply to this target");

    const auto id = page->addAction(kingz, "hotel_notice", "PC Patel", Date{std::chrono::year(2026) / 12 / 1},
                                    "serve before the weekend");
    ASSERT_TRUE(id.ok()) << id.error().toString();
    ASSERT_EQ(page->plan()->rowCount(), 1);
    EXPECT_EQ(page->plan()->item(0, 1)->text(), QStringLiteral("Kingz Pizza"));
    EXPECT_EQ(page->plan()->item(0, 2)->text(), QStringLiteral("Hotel information notice (s116)"));
    ASSERT_TRUE(page->setStatus(*id, "in_progress").ok());
    EXPECT_EQ(page->setStatus(*id, "finished").error().message, "unknown status 'finished'");

    // A second connection (as the CLI would open) sees the action and its audit trail.
    auto other = openSqliteStore(m_db);
    ASSERT_TRUE(other.ok());
    const auto actions = (*other)->disruptions();
    ASSERT_TRUE(actions.ok());
    ASSERT_EQ(actions->size(), 1U);
    EXPECT_EQ(actions->front().target, kingz);
    EXPECT_EQ(actions->front().tactic, "hotel_notice");
    EXPECT_EQ(actions->front().owner, "PC Patel");
    EXPECT_EQ(actions->front().status, "in_progress");
    EXPECT_EQ(formatDate(*actions->front().due), "2026-12-01");
    EXPECT_EQ(actions->front().notes, "serve before the weekend");
    const auto log = (*other)->auditLog();
    ASSERT_TRUE(log.ok());
    int disruptionEntries = 0;
    for (const auto &entry : *log) {
        disruptionEntries += entry.action == "disruption" ? 1 : 0;
    }
    EXPECT_EQ(disruptionEntries, 2);
}

TEST_F(GuiTest, DisruptionTargetsOfferOnlyTacticsThatApply)
{
    DisruptionPage *page = m_window->disruption();
    bool sawPremises = false;
    for (int row = 0; row < page->targets()->model()->rowCount(); ++row) {
        if (page->targets()->model()->index(row, 1).data().toString() != QStringLiteral("premises")) {
            continue;
        }
        sawPremises = true;
        page->selectTarget(row);
        QStringList keys;
        for (int i = 0; i < page->tacticBox()->count(); ++i) {
            keys << page->tacticBox()->itemData(i).toString();
        }
        EXPECT_TRUE(keys.contains(QStringLiteral("hotel_notice")));
        EXPECT_TRUE(keys.contains(QStringLiteral("licensing_review")));
        EXPECT_FALSE(keys.contains(QStringLiteral("anpr_marker")));
        EXPECT_FALSE(keys.contains(QStringLiteral("sexual_risk_order")));
    }
    EXPECT_TRUE(sawPremises);
}

TEST_F(GuiTest, DisruptionTargetsAreRankedAndChosenFromTheTable)
{
    DisruptionPage *page = m_window->disruption();
    QAbstractItemModel *model = page->targets()->model();
    const std::size_t expected = m_data->analysis.hotspots.premises.size() + m_data->analysis.hotspots.vehicles.size() +
                                 m_data->analysis.priorities.suspects.size();
    ASSERT_EQ(model->rowCount(), static_cast<int>(expected));
    ASSERT_GE(model->rowCount(), 2);
    for (int row = 1; row < model->rowCount(); ++row) {
        EXPECT_GE(model->index(row - 1, 2).data().toDouble(), model->index(row, 2).data().toDouble()) << row;
    }
    for (int row = 0; row < model->rowCount(); ++row) {
        const EntityId id = model->index(row, 0).data(Qt::UserRole).toLongLong();
        EXPECT_EQ(model->index(row, 0).data().toString(), QString::fromStdString(m_data->labelOf(id)));
    }
    // Choosing a row in the view, as the analyst does, makes it the target of the form.
    const int last = model->rowCount() - 1;
    page->targets()->setCurrentIndex(model->index(last, 0));
    const EntityId chosen = model->index(last, 0).data(Qt::UserRole).toLongLong();
    EXPECT_EQ(page->currentTarget(), chosen);
}

TEST_F(GuiTest, AReloadAfterAnImportShowsItWithTheChildrenAndIdentities)
{
    // A new report naming Mo Khan (known) with a new child and a new phone, imported as the
    // import dialog does: on the UI thread's connection, then a reload.
    const auto file = m_dir / "more.jsonl";
    std::ofstream(file) << R"({"kind":"information_report","id":"IR-7","reported_at":"2026-03-20T10:00:00Z","reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},"source_type":"professional","grading":{"source":"1","intelligence":"A","handling":"P"},"subjects":[{"role":"victim","name":"Cara Lee","dob":"2012-07-07"},{"role":"perpetrator","name":"Mo Khan","dob":"1990-01-01"}],"phones":["07700 900999"],"narrative":"Cara seen with Mo."})"
                        << '\n';
    // Cara screened for the first time; Beth screened again, now low: her row must move down.
    const auto screenings = m_dir / "more-screenings.jsonl";
    std::ofstream(screenings) << harbour::testing::screeningJson("SCR-4", "2026-03-21", "Cara Lee", "2012-07-07",
                                               R"("online_grooming":"current")", R"("school_absence")")
                              << '\n'
                              << harbour::testing::screeningJson("SCR-5", "2026-03-22", "Beth Smith", "2010-05-05", "", "") << '\n';
    Store &store = *m_window->session()->store();
    ASSERT_TRUE(importers::importFiles(store, RiskPolicy::defaults(), {file, screenings}, {}).ok());
    m_window->session()->reload();
    m_window->waitUntilIdle();
    const auto reloaded = m_window->session()->dataset();
    ASSERT_NE(reloaded, m_data);
    // Amy Jones and Amy Jonse are one identity: a snapshot folded into identities is no longer
    // the store's shape, so it is read afresh rather than extended.
    ASSERT_FALSE(m_data->snapshot.folded.empty());
    EXPECT_FALSE(reloaded->snapshot.mark.extended);
    EXPECT_FALSE(m_window->statusText().contains(QStringLiteral("adding what was imported"))) << ss(m_window->statusText());
    GraphSnapshot fresh = store.snapshot({}, m_window->session()->asOf()).value();
    analysis::foldIdentities(fresh, store.auditLog().value(), analysis::AnalysisPolicy::defaults());
    EXPECT_TRUE(reloaded->snapshot.entities == fresh.entities);
    EXPECT_TRUE(reloaded->snapshot.links == fresh.links);
    EXPECT_TRUE(reloaded->snapshot.mentions == fresh.mentions);
    EXPECT_EQ(reloaded->snapshot.records.size(), m_data->snapshot.records.size() + 3);
    // The children table, extended with the two children screened since, is the one a fresh read gives.
    const auto children = childRows(store, m_window->session()->asOf()).value();
    EXPECT_EQ(reloaded->children.size(), m_data->children.size() + 1);
    EXPECT_TRUE(reloaded->children == children);
    ASSERT_TRUE(reloaded->levelOf(idOf("Beth Smith")).has_value());
    EXPECT_EQ(*reloaded->levelOf(idOf("Beth Smith")), children[reloaded->childIndex.at(idOf("Beth Smith"))].final);
    EXPECT_NE(reloaded->levelOf(idOf("Beth Smith")), m_data->levelOf(idOf("Beth Smith")));
    const EntityId mo = idOf("Mo Khan");
    ASSERT_NE(reloaded->clusterOf(mo), nullptr);
    const auto &members = reloaded->clusterOf(mo)->members;
    EXPECT_TRUE(std::any_of(members.begin(), members.end(),
                            [&](const auto &m) { return reloaded->labelOf(m.id) == "Cara Lee"; }));

    // A merge is not an import: the next reload reads the snapshot afresh.
    ASSERT_TRUE(store.merge(idOf("Amy Jones"), idOf("Amy Jonse"), "same DOB").ok());
    m_window->session()->reload();
    m_window->waitUntilIdle();
    EXPECT_FALSE(m_window->session()->dataset()->snapshot.mark.extended);
    EXPECT_FALSE(m_window->statusText().contains(QStringLiteral("adding what was imported")));
    EXPECT_TRUE(m_window->session()->dataset()->children == childRows(store, m_window->session()->asOf()).value());
}

TEST_F(GuiTest, PermissionWarningFollowsTheFileMode)
{
    ASSERT_EQ(::chmod(m_db.c_str(), 0600), 0);
    EXPECT_FALSE(databaseIsShared(m_db));
    EXPECT_TRUE(m_window->permissionWarning().isEmpty());
    ASSERT_EQ(::chmod(m_db.c_str(), 0644), 0);
    EXPECT_TRUE(databaseIsShared(m_db));
    EXPECT_TRUE(m_window->permissionWarning().contains(QStringLiteral("can be read by other users")));
}

TEST_F(GuiTest, ScreenshotsWriteOnePngPerView)
{
    const QStringList files = m_window->saveScreenshots(QString::fromStdString((m_dir / "shots").string()));
    ASSERT_EQ(files.size(), 8) << "seven views and the briefing dialog";
    for (const QString &file : files) {
        EXPECT_GT(QFileInfo(file).size(), 10000) << ss(file);
    }
}

std::string slurp(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_F(GuiTest, BriefingForPartnersIsPseudonymisedByDefaultAndAudited)
{
    BriefingDialog *dialog = m_window->openBriefingDialog();
    ASSERT_NE(dialog, nullptr);
    EXPECT_FALSE(dialog->pseudonymiseBox()->isChecked()) << "police only by default: children named";
    dialog->audienceBox()->setCurrentIndex(dialog->audienceBox()->findData(QStringLiteral("partners")));
    EXPECT_TRUE(dialog->pseudonymiseBox()->isChecked()) << "beyond the police: pseudonymised by default";
    ASSERT_FALSE(m_data->analysis.clusters.empty());
    ASSERT_TRUE(dialog->selectCluster(QString::fromStdString(m_data->analysis.clusters.front().id)));

    const auto out = m_dir / "partners.html";
    dialog->outputEdit()->setText(QString::fromStdString(out.string()));
    bool ok = false;
    QObject::connect(dialog, &ShareDialog::finished, [&ok](bool success, const QString &) { ok = success; });
    dialog->start();
    dialog->waitForFinished();
    ASSERT_TRUE(ok) << ss(dialog->statusText());
    EXPECT_TRUE(dialog->statusText().contains(QStringLiteral("For partner agencies"))) << ss(dialog->statusText());

    const std::string html = slurp(out);
    EXPECT_NE(html.find("Child A"), std::string::npos);
    EXPECT_EQ(html.find("Amy Jones"), std::string::npos);
    EXPECT_EQ(html.find("Beth Smith"), std::string::npos);
    struct stat st {};
    ASSERT_EQ(::stat(out.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);

    const auto audit = m_window->session()->store()->auditLog().value();
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.back().action, "export");
    EXPECT_EQ(audit.back().object, "briefing cluster " + m_data->analysis.clusters.front().id);
    EXPECT_NE(audit.back().detail.find("for partners, pseudonymised"), std::string::npos) << audit.back().detail;
    dialog->close();
}

TEST_F(GuiTest, CodeCTextIsQuotedForPartnersOnlyWhenTheBoxIsTicked)
{
    BriefingDialog *dialog = m_window->openBriefingDialog();
    ASSERT_NE(dialog, nullptr);
    QCheckBox *conditional = dialog->includeConditionalBox();
    EXPECT_FALSE(conditional->isEnabled()) << "a police briefing quotes every record anyway";
    dialog->audienceBox()->setCurrentIndex(dialog->audienceBox()->findData(QStringLiteral("partners")));
    EXPECT_TRUE(conditional->isEnabled());
    EXPECT_FALSE(conditional->isChecked()) << "withheld unless the analyst asks";
    conditional->setChecked(true);

    dialog->outputEdit()->setText(QString::fromStdString((m_dir / "partners-conditional.html").string()));
    bool ok = false;
    QObject::connect(dialog, &ShareDialog::finished, [&ok](bool success, const QString &) { ok = success; });
    dialog->start();
    dialog->waitForFinished();
    ASSERT_TRUE(ok) << ss(dialog->statusText());
    const auto audit = m_window->session()->store()->auditLog().value();
    ASSERT_FALSE(audit.empty());
    EXPECT_NE(audit.back().detail.find("code-C text included"), std::string::npos) << audit.back().detail;

    // Switching audience again starts from withheld.
    dialog->audienceBox()->setCurrentIndex(dialog->audienceBox()->findData(QStringLiteral("police")));
    dialog->audienceBox()->setCurrentIndex(dialog->audienceBox()->findData(QStringLiteral("partners")));
    EXPECT_FALSE(conditional->isChecked());
    dialog->close();
}

TEST_F(GuiTest, BriefingDialogBriefsOnTheAnalysisTheAppHolds)
{
    // A cluster only the app's loaded analysis knows: found only if the dialog lends it rather
    // than reading and analysing the database again.
    auto held = std::make_shared<Dataset>();
    held->path = m_data->path;
    held->window = m_data->window;
    held->asOf = m_data->asOf;
    held->snapshot = m_data->snapshot;
    held->analysis = analysis::analyse(held->snapshot, analysis::AnalysisPolicy::defaults());
    held->children = m_data->children;
    held->missing = m_data->missing;
    ASSERT_FALSE(held->analysis.clusters.empty());
    held->analysis.clusters.front().id = "C-held";
    BriefingDialog dialog(m_db, held);
    ASSERT_TRUE(dialog.selectCluster(QStringLiteral("C-held")));
    const auto out = m_dir / "held.html";
    dialog.outputEdit()->setText(QString::fromStdString(out.string()));
    bool ok = false;
    QObject::connect(&dialog, &ShareDialog::finished, [&ok](bool success, const QString &) { ok = success; });
    dialog.start();
    dialog.waitForFinished();
    ASSERT_TRUE(ok) << ss(dialog.statusText());
    EXPECT_NE(slurp(out).find("C-held"), std::string::npos);
}

TEST_F(GuiTest, ExportDialogWritesTheChosenFormatAndReportsFailures)
{
    ExportDialog *dialog = m_window->openExportDialog();
    ASSERT_NE(dialog, nullptr);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("graphml")));
    const auto out = m_dir / "network.graphml";
    dialog->outputEdit()->setText(QString::fromStdString(out.string()));
    dialog->start();
    dialog->waitForFinished();
    EXPECT_TRUE(dialog->statusText().startsWith(QStringLiteral("Wrote network.graphml"))) << ss(dialog->statusText());
    const std::string graphml = slurp(out);
    EXPECT_NE(graphml.find("<graphml"), std::string::npos);
    EXPECT_NE(graphml.find("Kingz Pizza"), std::string::npos);
    const auto audit = m_window->session()->store()->auditLog().value();
    EXPECT_EQ(audit.back().object, "graphml whole network");

    dialog->outputEdit()->setText(QString::fromStdString((m_dir / "no" / "such" / "folder" / "x.graphml").string()));
    dialog->start();
    dialog->waitForFinished();
    EXPECT_TRUE(dialog->statusText().startsWith(QStringLiteral("Not written"))) << ss(dialog->statusText());
    EXPECT_EQ(m_window->session()->store()->auditLog().value().size(), audit.size()) << "a failed export is not audited";
    dialog->close();
}

TEST(ImportDialog, ImportsOffTheUiThreadAndTablesRejectedRecords)
{
    harbour::testing::app();
    TempDir dir;
    {
        std::ofstream out(dir / "mixed.jsonl");
        out << R"({"kind":"information_report","id":"IR-9","reported_at":"2026-03-01T10:00:00Z","reporter":{"name":"J","post":"P","agency":"A","contact":"x"},"source_type":"professional","narrative":"ok"})"
            << '\n'
            << R"({"kind":"information_report","id":"IR-10","reported_at":"yesterday","reporter":{"name":"J","post":"P","agency":"A","contact":"x"},"source_type":"professional"})"
            << '\n';
    }
    ImportDialog dialog(dir / "new.harbour");
    dialog.setFiles({QString::fromStdString((dir / "mixed.jsonl").string())});
    std::optional<bool> finished;
    QObject::connect(&dialog, &ImportDialog::finished, [&](bool ok) { finished = ok; });
    dialog.start();
    EXPECT_TRUE(dialog.isRunning());
    ASSERT_TRUE(waitFor([&] { return finished.has_value(); }, 20000));
    EXPECT_TRUE(*finished);
    ASSERT_NE(dialog.summary(), nullptr);
    EXPECT_EQ(dialog.summary()->imported, 1);
    EXPECT_EQ(dialog.summary()->rejected, 1);
    EXPECT_EQ(dialog.progressBar()->value(), 1000);
    QTableWidget *table = dialog.resultTable();
    ASSERT_EQ(table->rowCount(), 4); // imported, amended, unchanged, then the rejected record
    EXPECT_EQ(table->item(0, 3)->text(), QStringLiteral("imported"));
    EXPECT_EQ(table->item(0, 4)->text(), QStringLiteral("1 record(s)"));
    EXPECT_EQ(table->item(3, 0)->text(), QStringLiteral("mixed.jsonl"));
    EXPECT_EQ(table->item(3, 1)->text(), QStringLiteral("line 2"));
    EXPECT_EQ(table->item(3, 2)->text(), qs(dialog.summary()->errors.front().field));
    EXPECT_EQ(table->item(3, 2)->text(), QStringLiteral("reported_at"));
    EXPECT_EQ(table->item(3, 3)->text(), QStringLiteral("rejected"));
    EXPECT_EQ(table->item(3, 4)->text(), qs(dialog.summary()->errors.front().message));
}

TEST(ImportDialog, ShowsProgressAndCancelsWhileTheEventLoopKeepsTurning)
{
    harbour::testing::app();
    TempDir dir;
    // About 8 MB, so that importing it takes a while (progress comes about every hundredth).
    constexpr int kReports = 5000;
    const std::string narrative(1500, 'n');
    {
        std::ofstream out(dir / "many.jsonl");
        for (int i = 0; i < kReports; ++i) {
            out << R"({"kind":"information_report","id":"IR-)" << i
                << R"(","reported_at":"2026-03-01T10:00:00Z","reporter":{"name":"J","post":"P","agency":"A","contact":"x"},"source_type":"professional","subjects":[{"role":"victim","name":"Child )"
                << i % 500 << R"(","dob":"2011-02-03"}],"narrative":")" << narrative << R"("})" << '\n';
        }
    }
    const auto db = dir / "new.harbour";
    ImportDialog dialog(db);
    dialog.setFiles({QString::fromStdString((dir / "many.jsonl").string())});
    std::optional<bool> finished;
    QObject::connect(&dialog, &ImportDialog::finished, [&](bool ok) { finished = ok; });
    int ticks = 0;
    qint64 longestGap = 0;
    QElapsedTimer sinceTick;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        ++ticks;
        longestGap = std::max(longestGap, sinceTick.restart());
    });
    timer.start(10);
    QElapsedTimer clock;
    clock.start();
    sinceTick.start();
    dialog.start();
    // The bar moves while the worker imports, then Cancel stops it after the current record.
    // Cancelled at 30% (the bar counts to 1000), so that the event loop has had time to turn.
    ASSERT_TRUE(waitFor([&] { return dialog.progressBar()->value() >= 300 || finished.has_value(); }, 20000));
    ASSERT_FALSE(finished.has_value()) << "the import ended before it could be cancelled";
    const qint64 cancelledAfter = clock.elapsed();
    dialog.cancel();
    ASSERT_TRUE(waitFor([&] { return finished.has_value(); }, 20000));
    std::cout << "[ measured ] import cancelled after " << cancelledAfter << " ms, ended after " << clock.elapsed()
              << " ms, " << dialog.summary()->imported << " of " << kReports << " imported; UI thread's longest gap "
              << longestGap << " ms\n";
    EXPECT_GE(ticks, 3);
    EXPECT_LT(longestGap, 1000);
    ASSERT_NE(dialog.summary(), nullptr);
    EXPECT_TRUE(dialog.summary()->cancelled);
    EXPECT_GT(dialog.summary()->imported, 0);
    EXPECT_LT(dialog.summary()->imported, kReports);
    // What was imported before the cancel is committed, and nothing else.
    auto store = openSqliteStore(db);
    ASSERT_TRUE(store.ok());
    auto snapshot = (*store)->snapshot({}, *parseDate("2026-11-21"));
    ASSERT_TRUE(snapshot.ok());
    EXPECT_EQ(static_cast<std::int64_t>(snapshot->records.size()), dialog.summary()->imported);
}

/// A town's worth of networks: communities of 4 to 15 (a ring and chords inside), bridges to the
/// next ones and a few hubs, about 4 links per node, as Harbour's generated data has.
diagram::Diagram clusteredDiagram(int nodes)
{
    diagram::Diagram diagram;
    for (int i = 0; i < nodes; ++i) {
        diagram::DiagramNode node;
        node.entity = i + 1;
        node.type = i % 5 == 3 ? EntityType::Vehicle : i % 5 == 4 ? EntityType::Premises : EntityType::Person;
        node.child = i % 5 == 0;
        node.size = 1.0 + (i % 4) / 3.0;
        node.shape = diagram::shapeOf(node.type);
        node.label = "node " + std::to_string(i + 1);
        diagram.nodes.push_back(node);
    }
    std::set<std::pair<int, int>> seen;
    const auto link = [&](int a, int b, double weight) {
        if (a != b && seen.insert(std::minmax(a, b)).second) {
            diagram::DiagramEdge edge;
            edge.from = static_cast<std::size_t>(std::min(a, b));
            edge.to = static_cast<std::size_t>(std::max(a, b));
            edge.weight = weight;
            edge.records = {1};
            diagram.edges.push_back(edge);
        }
    };
    int first = 0;
    for (int c = 0; first < nodes; ++c) {
        const int size = std::min(4 + (c * 7) % 12, nodes - first);
        for (int k = 0; k < size; ++k) {
            link(first + k, first + (k + 1) % size, 0.8);
            link(first + k, first + (k * 5 + 2) % size, 0.5);
            link(first + k, first + (k * 3 + c) % size, 0.3);
        }
        if (first + size < nodes) {
            link(first + c % size, first + size + c % 3, 0.2);
        }
        first += size;
    }
    for (int h = 0; h < nodes / 250; ++h) {
        for (int t = 0; t < 12; ++t) {
            link(h * 131 % nodes, (h * 977 + t * 389) % nodes, 0.4);
        }
    }
    diagram::drawEdgesAsLines(diagram);
    return diagram;
}

TEST(NetworkView, LaysOutFiveThousandNodesWhileTheEventLoopKeepsTurning)
{
    harbour::testing::app();
    constexpr int kNodes = 5000;
    const diagram::Diagram diagram = clusteredDiagram(kNodes);
    NetworkView view;
    view.resize(800, 600);
    bool finished = false;
    QObject::connect(&view, &NetworkView::layoutFinished, [&] { finished = true; });
    // A 10 ms timer while the worker lays out: how often it ran and the longest it waited.
    // Building the scene afterwards is the UI thread's own work, measured apart.
    int ticks = 0;
    qint64 longestGap = 0;
    QElapsedTimer sinceTick;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 gap = sinceTick.restart();
        if (view.isLayoutRunning()) {
            ++ticks;
            longestGap = std::max(longestGap, gap);
        }
    });
    timer.start(10);
    QElapsedTimer clock;
    clock.start();
    sinceTick.start();
    view.showDiagram(diagram);
    const qint64 returnedAfter = clock.elapsed();
    EXPECT_TRUE(view.isLayoutRunning());
    ASSERT_TRUE(waitFor([&] { return finished; }, 60000));
    const qint64 layoutMs = clock.elapsed();
    EXPECT_LT(returnedAfter, 50);
    EXPECT_GE(ticks, 5) << "layout took " << layoutMs << " ms";
    EXPECT_LT(longestGap, 500) << "the UI thread stalled while the worker laid out";
    EXPECT_LT(view.sceneMilliseconds(), 3000.0);
    EXPECT_EQ(view.nodes().size(), kNodes);
    EXPECT_EQ(view.edges().size(), diagram.edges.size());
    std::cout << "[ measured ] layout of " << kNodes << " nodes and " << diagram.edges.size()
              << " links: " << layoutMs << " ms to the picture (scene " << view.sceneMilliseconds()
              << " ms); while laying out, the UI thread's longest gap " << longestGap << " ms\n";
}

TEST(NetworkView, NoLabelCoversAnotherOrASymbolAndTheChildsLabelIsKept)
{
    harbour::testing::app();
    // A child at the centre of sixty people: at this window size their labels cannot all fit.
    diagram::Diagram diagram;
    diagram::DiagramNode child;
    child.entity = 1;
    child.label = "Amy Jones";
    child.child = true;
    child.risk = RiskLevel::Significant;
    diagram.nodes.push_back(child);
    for (int i = 0; i < 60; ++i) {
        diagram::DiagramNode person;
        person.entity = 100 + i;
        person.label = "Person number " + std::to_string(i);
        diagram.nodes.push_back(person);
        diagram::DiagramEdge edge;
        edge.from = 0;
        edge.to = static_cast<std::size_t>(i + 1);
        edge.weight = 0.6;
        diagram.edges.push_back(edge);
    }
    diagram::drawEdgesAsLines(diagram);
    NetworkView view;
    view.resize(420, 320);
    view.show();
    bool finished = false;
    QObject::connect(&view, &NetworkView::layoutFinished, [&] { finished = true; });
    view.showDiagram(diagram);
    ASSERT_TRUE(waitFor([&] { return finished; }, 20000));
    // From 0.7 up every node may have a label (below, only the larger ones): overlap alone decides.
    view.zoomBy(0.75 / view.transform().m11());
    for (const double zoom : {1.0, 2.0}) {
        view.zoomBy(zoom);
        std::vector<QRectF> shown;
        std::vector<QRectF> symbols;
        int hidden = 0;
        std::vector<bool> mayCoverASymbol; // a child's name is never left out (see updateLabels)
        for (const NodeItem *node : view.nodes()) {
            const QPointF centre = view.viewportTransform().map(node->pos());
            const double r = node->radius() * view.transform().m11();
            symbols.emplace_back(centre.x() - r, centre.y() - r, 2 * r, 2 * r);
            if (node->labelVisible()) {
                shown.push_back(node->labelRectIn(view));
                mayCoverASymbol.push_back(node->node().child);
            } else {
                ++hidden;
            }
        }
        ASSERT_FALSE(shown.empty());
        for (std::size_t i = 0; i < shown.size(); ++i) {
            for (std::size_t j = i + 1; j < shown.size(); ++j) {
                EXPECT_FALSE(shown[i].intersects(shown[j])) << "zoom " << zoom << ": labels " << i << " and " << j;
            }
            int covered = 0;
            for (const QRectF &symbol : symbols) {
                covered += shown[i].adjusted(1, 1, -1, -1).intersects(symbol) ? 1 : 0;
            }
            EXPECT_TRUE(covered == 0 || mayCoverASymbol[i]) << "zoom " << zoom << ": label " << i << " covers a symbol";
        }
        EXPECT_TRUE(view.nodes().value(1)->labelVisible()) << "zoom " << zoom;
        if (zoom == 1.0) {
            EXPECT_GT(hidden, 0) << "sixty labels fitted in 420 x 320 pixels: the test shows nothing";
        }
    }
}

TEST(NetworkView, ANewDiagramCancelsTheLayoutStillRunning)
{
    harbour::testing::app();
    NetworkView view;
    std::vector<int> finishedWith;
    QObject::connect(&view, &NetworkView::layoutFinished, [&](int nodes, double) { finishedWith.push_back(nodes); });
    view.showDiagram(clusteredDiagram(5000));
    ASSERT_TRUE(view.isLayoutRunning());
    view.showDiagram(clusteredDiagram(20));
    ASSERT_TRUE(waitFor([&] { return !finishedWith.empty() && !view.isLayoutRunning(); }, 20000));
    // Let a late result of the first layout arrive, if one were (wrongly) on its way.
    waitFor([] { return false; }, 100);
    EXPECT_EQ(finishedWith, std::vector<int>{20});
    EXPECT_EQ(view.nodes().size(), 20);
}

TEST(NetworkView, ClosingDuringALayoutStopsItWithinAnIteration)
{
    harbour::testing::app();
    auto view = std::make_unique<NetworkView>();
    view->showDiagram(clusteredDiagram(10000));
    ASSERT_TRUE(view->isLayoutRunning());
    QElapsedTimer clock;
    clock.start();
    view.reset(); // cancels and waits for the worker
    EXPECT_LT(clock.elapsed(), 500);
}

TEST(NetworkLayout, StopsWhenCancelledFromAnotherThread)
{
    // igraph's own loop polls the flag (its interruption handler): no wait for a whole run.
    diagram::Diagram diagram = clusteredDiagram(10000);
    std::atomic_bool cancel{false};
    QElapsedTimer clock;
    clock.start();
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        cancel.store(true);
    });
    const bool done = diagram::layoutDiagram(diagram, {}, {}, 1, &cancel);
    stopper.join();
    EXPECT_FALSE(done);
    EXPECT_LT(clock.elapsed(), 550);
}

TEST(NetworkLayout, IsDeterministicAndStableWhenSeeded)
{
    diagram::Diagram tree;
    for (int i = 0; i < 60; ++i) {
        diagram::DiagramNode node;
        node.entity = 100 + i;
        tree.nodes.push_back(node);
        if (i > 0) {
            diagram::DiagramEdge edge;
            edge.from = static_cast<std::size_t>(i / 2);
            edge.to = static_cast<std::size_t>(i);
            edge.weight = 0.7;
            tree.edges.push_back(edge);
        }
    }
    diagram::drawEdgesAsLines(tree);
    auto first = tree;
    auto second = tree;
    ASSERT_TRUE(diagram::layoutDiagram(first, {}, {}, 1));
    ASSERT_TRUE(diagram::layoutDiagram(second, {}, {}, 1));
    std::map<EntityId, diagram::Point> previous;
    for (std::size_t i = 0; i < first.nodes.size(); ++i) {
        EXPECT_EQ(first.nodes[i].x, second.nodes[i].x);
        EXPECT_EQ(first.nodes[i].y, second.nodes[i].y);
        previous.emplace(first.nodes[i].entity, diagram::Point{first.nodes[i].x, first.nodes[i].y});
    }
    // Refresh from the last positions: nobody moves far.
    auto again = tree;
    ASSERT_TRUE(diagram::layoutDiagram(again, previous, {}, 1));
    double maxMove = 0.0;
    for (std::size_t i = 0; i < again.nodes.size(); ++i) {
        maxMove = std::max(maxMove, std::hypot(again.nodes[i].x - first.nodes[i].x, again.nodes[i].y - first.nodes[i].y));
    }
    EXPECT_LT(maxMove, 1.0); // less than one link length: the picture is recognisably the same
    std::atomic_bool cancel{true};
    auto cancelled = tree;
    EXPECT_FALSE(diagram::layoutDiagram(cancelled, {}, {}, 1, &cancel));
}

} // namespace
} // namespace harbour::ui
