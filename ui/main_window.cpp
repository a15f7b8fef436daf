#include "main_window.h"

#include "children_page.h"
#include "clusters_page.h"
#include "database_session.h"
#include "disruption_page.h"
#include "hotspots_page.h"
#include "import_dialog.h"
#include "network_page.h"
#include "network_view.h"
#include "overview_page.h"
#include "share_dialogs.h"
#include "suggestions_page.h"
#include "ui_common.h"

#include "harbour/exporters/exporter.h"
#include "harbour/store_check.h"

#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace harbour::ui {

Q_LOGGING_CATEGORY(lcTiming, "harbour.timing", QtWarningMsg)

namespace {

/// Screenshots show children's names and risk levels: written as every other output is
/// (owner-only, whole or not at all, never through a link planted in the folder).
Status savePrivatePng(const QPixmap &picture, const QString &file)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !picture.save(&buffer, "PNG")) {
        Error error = makeError(ErrorCode::Internal, "cannot encode the screenshot as PNG");
        error.file = file.toStdString();
        return error;
    }
    return exporters::writePrivateFile(std::filesystem::path(file.toStdString()),
                                       std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Harbour"));
    resize(1440, 900);
    m_session = new DatabaseSession(this);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 4, 8, 4);
    m_banner = new QLabel;
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("background:#FFEBEE;color:#B71C1C;padding:8px;border-radius:4px"));
    m_banner->hide();
    layout->addWidget(m_banner);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_overview = new OverviewPage;
    m_network = new NetworkPage(m_session);
    m_children = new ChildrenPage;
    m_children->setHistorySource([this](EntityId child) -> Result<std::vector<StoredScreening>> {
        if (Store *store = m_session->store()) {
            return store->screenings(child);
        }
        return Error{ErrorCode::NotFound, "no database is open", {}, {}, {}};
    });
    m_clusters = new ClustersPage;
    m_hotspots = new HotspotsPage;
    m_disruption = new DisruptionPage;
    m_suggestions = new SuggestionsPage;
    m_tabs->addTab(m_overview, tr("Overview"));
    m_tabs->addTab(m_network, tr("Network"));
    m_tabs->addTab(m_children, tr("Children"));
    m_tabs->addTab(m_clusters, tr("Clusters"));
    m_tabs->addTab(m_hotspots, tr("Hotspots"));
    m_tabs->addTab(m_disruption, tr("Disruption"));
    m_tabs->addTab(m_suggestions, tr("Who is who"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    m_statusText = new QLabel(tr("Open or create a database (File menu)."));
    statusBar()->addWidget(m_statusText, 1);
    setStyleSheet(QStringLiteral("QMainWindow{background:#FAFAFA} QTabBar::tab{padding:8px 18px;font-size:10.5pt}"
                                 "QTableWidget{font-size:10pt} QHeaderView::section{padding:4px;font-weight:600}"));
    createMenus();

    connect(m_session, &DatabaseSession::loadStarted, this,
            [this] { m_statusText->setText(tr("Loading and analysing %1…").arg(qs(m_session->path().string()))); });
    connect(m_session, &DatabaseSession::datasetReady, this, &MainWindow::datasetReady);
    connect(m_session, &DatabaseSession::damageChecked, this, &MainWindow::showWarnings);
    connect(m_session, &DatabaseSession::loadFailed, this,
            [this](const QString &message) { m_statusText->setText(tr("Could not load: %1").arg(message)); });
    connect(m_children, &ChildrenPage::showNetwork, this, [this](EntityId child) {
        m_tabs->setCurrentWidget(m_network);
        m_network->showNeighbourhood(child, 2);
    });
    connect(m_clusters, &ClustersPage::openInNetwork, this, [this](std::size_t index) {
        m_tabs->setCurrentWidget(m_network);
        m_network->showCluster(index);
    });
    connect(m_suggestions, &SuggestionsPage::mergesChanged, m_session, &DatabaseSession::reload);
    connect(m_disruption, &DisruptionPage::planChanged, this, [this] {
        m_statusText->setText(tr("Disruption plan saved and audited."));
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New database…"), QKeySequence::New, this, &MainWindow::newDatabase);
    file->addAction(tr("&Open database…"), QKeySequence::Open, this, &MainWindow::chooseDatabase);
    file->addAction(tr("&Import files…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, &MainWindow::importFiles);
    file->addAction(tr("&Reload"), QKeySequence::Refresh, m_session, &DatabaseSession::reload);
    file->addAction(tr("&Check database…"), this, [this] { checkDatabase(); });
    file->addSeparator();
    file->addAction(tr("&Briefing…"), QKeySequence(Qt::CTRL | Qt::Key_B), this, [this] { openBriefingDialog(); });
    file->addAction(tr("&Export network…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] { openExportDialog(); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

bool MainWindow::openDatabase(const QString &path)
{
    if (!m_session->open(path.toStdString())) {
        m_error = m_session->errorString();
        return false;
    }
    setWindowTitle(tr("Harbour — %1").arg(QFileInfo(path).fileName()));
    showWarnings();
    return true;
}

void MainWindow::showWarnings()
{
    QStringList warnings;
    for (const QString &warning : {damageWarning(), permissionWarning()}) {
        if (!warning.isEmpty()) {
            warnings << warning;
        }
    }
    m_banner->setText(warnings.join(QStringLiteral("\n\n")));
    m_banner->setVisible(!warnings.isEmpty());
}

QString MainWindow::damageWarning() const
{
    const auto &damage = m_session->damageFoundOnOpen();
    if (!m_session->isOpen() || damage.empty()) {
        return {};
    }
    return tr("Warning: %1 is damaged (%2; %n problem(s) found). What it shows may be wrong or incomplete. See which "
              "records are affected with File > Check database…, and restore it from a backup.", nullptr,
              static_cast<int>(damage.size()))
        .arg(qs(m_session->path().string()), qs(damage.front()));
}

QMessageBox *MainWindow::checkDatabase()
{
    if (!m_session->isOpen()) {
        QMessageBox::information(this, tr("Harbour"), tr("Open a database first."));
        return nullptr;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const StoreCheck check = checkStore(*m_session->store());
    QApplication::restoreOverrideCursor();
    QStringList details;
    for (const auto &problem : check.fileProblems) {
        details << tr("Integrity: %1").arg(qs(problem));
    }
    for (const auto &record : check.damagedRecords) {
        const QString name = record.id.empty()
                                 ? tr("row %1").arg(record.rowId)
                                 : tr("%1 %2 (version %3)").arg(qs(record.kind), shown(record.id)).arg(record.version);
        details << tr("Damaged record %1: %2").arg(name, qs(record.reason));
    }
    if (!check.recordsError.empty()) {
        details << tr("Records: not all could be read: %1").arg(qs(check.recordsError));
    }
    if (!check.auditProblem.empty()) {
        details << tr("Audit log: %1").arg(qs(check.auditProblem));
    }
    auto *box = new QMessageBox(check.ok() ? QMessageBox::Information : QMessageBox::Critical, tr("Check database"),
                                qs(check.summary()), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(check.ok() ? tr("The file, every record and the audit log are as they were written.")
                                       : details.mid(0, 10).join(QStringLiteral("\n")));
    if (details.size() > 10) {
        box->setDetailedText(details.join(QStringLiteral("\n")));
    }
    box->open();
    return box;
}

QString MainWindow::permissionWarning() const
{
    if (!m_session->isOpen() || !databaseIsShared(m_session->path())) {
        return {};
    }
    return tr("Warning: %1 can be read by other users of this computer. It holds sensitive information about "
              "children; make it private (chmod 600).")
        .arg(qs(m_session->path().string()));
}

void MainWindow::newDatabase()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New database"), QString(),
                                                      tr("Harbour database (*.harbour *.db *.sqlite)"));
    if (!path.isEmpty() && !openDatabase(path)) {
        QMessageBox::warning(this, tr("Harbour"), m_error);
    }
}

void MainWindow::chooseDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open database"), QString(),
                                                      tr("Harbour database (*.harbour *.db *.sqlite);;All files (*)"));
    if (!path.isEmpty() && !openDatabase(path)) {
        QMessageBox::warning(this, tr("Harbour"), m_error);
    }
}

void MainWindow::importFiles()
{
    if (!m_session->isOpen()) {
        QMessageBox::information(this, tr("Harbour"), tr("Open or create a database first."));
        return;
    }
    auto *dialog = new ImportDialog(m_session->path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::dataChanged, m_session, &DatabaseSession::reload);
    dialog->show();
}

bool MainWindow::hasData()
{
    if (!m_session->dataset()) {
        QMessageBox::information(this, tr("Harbour"), tr("Open a database and wait for it to load first."));
        return false;
    }
    return true;
}

BriefingDialog *MainWindow::openBriefingDialog()
{
    if (!hasData()) {
        return nullptr;
    }
    auto *dialog = new BriefingDialog(m_session->path(), m_session->dataset(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Brief on what the analyst is looking at: the chosen network, or the chosen child.
    if (m_tabs->currentWidget() == m_clusters || m_tabs->currentWidget() == m_network) {
        if (const auto index = m_clusters->currentIndex(); index && *index < m_session->dataset()->analysis.clusters.size()) {
            dialog->selectCluster(qs(m_session->dataset()->analysis.clusters[*index].id));
        }
    } else if (m_tabs->currentWidget() == m_children) {
        if (const auto child = m_children->currentChild()) {
            dialog->selectChild(*child);
        }
    }
    dialog->show();
    return dialog;
}

ExportDialog *MainWindow::openExportDialog()
{
    if (!hasData()) {
        return nullptr;
    }
    auto *dialog = new ExportDialog(m_session->path(), m_session->dataset(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::datasetReady(std::shared_ptr<const Dataset> dataset)
{
    // What the load cost its worker, and what it took from the last load (QT_LOGGING_RULES=
    // "harbour.timing=true" to see it); then what each page costs the UI thread.
    qCInfo(lcTiming,
           "loaded in %.0f ms: snapshot %.0f ms (%s), children %.0f ms, episodes %.0f ms, analyses %.0f ms "
           "(suggestions %.0f ms, %zu of %zu pairs from the last search; centrality of %zu clusters lent)",
           dataset->loadMs, dataset->snapshotMs, dataset->snapshot.mark.extended ? "extended" : "read afresh",
           dataset->childrenMs, dataset->episodesMs, dataset->analysesMs, dataset->suggestionsMs,
           dataset->suggestionMemo.reusedPairs, dataset->suggestionMemo.pairs.size(),
           dataset->analysis.priorities.centralityReused);
    QElapsedTimer timer;
    timer.start();
    const auto timed = [&](const char *page, auto &&show) {
        const qint64 before = timer.elapsed();
        show();
        qCInfo(lcTiming, "%s shown in %lld ms", page, static_cast<long long>(timer.elapsed() - before));
    };
    timed("overview", [&] { m_overview->setDataset(dataset); });
    timed("network", [&] { m_network->setDataset(dataset); });
    timed("children", [&] { m_children->setDataset(dataset); });
    timed("clusters", [&] { m_clusters->setDataset(dataset); });
    timed("hotspots", [&] { m_hotspots->setDataset(dataset); });
    timed("disruption", [&] { m_disruption->setSource(m_session->store(), dataset); });
    timed("suggestions", [&] { m_suggestions->setSource(m_session->store(), dataset); });
    // Whether the last load only added an import to the data before it: an analyst who wonders why
    // this load was quicker (or why the last was not) can see it.
    const QString how = dataset->snapshot.mark.extended ? tr("loaded in %1 ms, adding what was imported")
                                                        : tr("loaded in %1 ms");
    m_statusText->setText(tr("%1: %2 records, %3 entities, %4 screened children, %5 clusters (%6)")
                              .arg(qs(m_session->path().filename().string()))
                              .arg(dataset->snapshot.records.size())
                              .arg(dataset->snapshot.entities.size())
                              .arg(dataset->children.size())
                              .arg(dataset->analysis.clusters.size())
                              .arg(how.arg(dataset->loadMs, 0, 'f', 0)));
}

QString MainWindow::statusText() const
{
    return m_statusText->text();
}

void MainWindow::waitUntilIdle()
{
    m_session->waitForLoad();
    QElapsedTimer timer;
    timer.start();
    // Layouts start when the data arrives; wait for the diagrams too (bounded, in case of a huge graph).
    while ((m_network->view()->isLayoutRunning() || m_clusters->view()->isLayoutRunning()) && timer.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    QCoreApplication::processEvents();
}

QStringList MainWindow::saveScreenshots(const QString &dir)
{
    QDir().mkpath(dir);
    resize(1600, 1000);
    show();
    waitUntilIdle();
    if (!m_session->dataset()) {
        m_error = tr("no data to show");
        return {};
    }
    // The panel looks at one cluster at a time: show the top one rather than the whole town.
    if (!m_session->dataset()->analysis.clusters.empty()) {
        m_network->showCluster(0);
        waitUntilIdle();
    }
    const std::array<std::pair<QWidget *, QString>, 7> views{{{m_overview, QStringLiteral("overview")},
                                                               {m_network, QStringLiteral("diagram")},
                                                               {m_children, QStringLiteral("children")},
                                                               {m_clusters, QStringLiteral("clusters")},
                                                               {m_hotspots, QStringLiteral("hotspots")},
                                                               {m_disruption, QStringLiteral("disruption")},
                                                               {m_suggestions, QStringLiteral("suggestions")}}};
    QStringList saved;
    QStringList failed;
    const auto keep = [&](const QPixmap &picture, const QString &name) {
        const QString file = QDir(dir).filePath(name);
        if (const auto status = savePrivatePng(picture, file); status) {
            saved << file;
        } else {
            failed << qs(status.error().toString());
        }
    };
    for (const auto &[page, name] : views) {
        m_tabs->setCurrentWidget(page);
        QCoreApplication::processEvents();
        if (page == m_network) {
            // Select the busiest node so the provenance panel is part of the picture.
            const auto &nodes = m_network->view()->diagram().nodes;
            const auto best = std::max_element(nodes.begin(), nodes.end(), [](const auto &a, const auto &b) {
                return a.size < b.size;
            });
            if (best != nodes.end()) {
                m_network->view()->focusNode(best->entity);
                m_network->view()->fitAll();
            }
            QCoreApplication::processEvents();
        }
        keep(grab(), name + QStringLiteral(".png"));
    }
    if (m_session->dataset()->density) {
        m_tabs->setCurrentWidget(m_hotspots);
        m_hotspots->tabs()->setCurrentIndex(4);
        QCoreApplication::processEvents();
        keep(grab(), QStringLiteral("density.png"));
        m_hotspots->tabs()->setCurrentIndex(0);
    }
    if (auto *dialog = openBriefingDialog()) {
        dialog->audienceBox()->setCurrentIndex(1);
        QCoreApplication::processEvents();
        keep(dialog->grab(), QStringLiteral("briefing-dialog.png"));
        dialog->close();
    }
    m_tabs->setCurrentIndex(0);
    m_error = failed.join(QStringLiteral("; "));
    return saved;
}

} // namespace harbour::ui
