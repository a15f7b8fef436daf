#pragma once

#include "dataset.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QMessageBox;
class QTabWidget;

namespace harbour::ui {

class BriefingDialog;
class ChildrenPage;
class ClustersPage;
class DatabaseSession;
class DisruptionPage;
class ExportDialog;
class HotspotsPage;
class NetworkPage;
class OverviewPage;
class SuggestionsPage;

/// The app: one database at a time, its views in tabs. Every long job (loading and analysing,
/// importing, laying out diagrams) runs in a worker thread, so the window never freezes.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens (creating when absent) a database and starts loading it; false with lastError() set.
    bool openDatabase(const QString &path);
    QString lastError() const { return m_error; }
    /// Waits (processing events) until the data and the diagrams are ready, then saves a PNG of
    /// each view into `dir`; returns the files written.
    QStringList saveScreenshots(const QString &dir);
    /// Blocks, processing events, until loading and layouts are done (tests, screenshots).
    void waitUntilIdle();

    DatabaseSession *session() const { return m_session; }
    QTabWidget *tabs() const { return m_tabs; }
    OverviewPage *overview() const { return m_overview; }
    NetworkPage *network() const { return m_network; }
    ChildrenPage *children() const { return m_children; }
    ClustersPage *clusters() const { return m_clusters; }
    HotspotsPage *hotspots() const { return m_hotspots; }
    DisruptionPage *disruption() const { return m_disruption; }
    SuggestionsPage *suggestions() const { return m_suggestions; }
    /// The status bar line: what is loaded, and how.
    QString statusText() const;
    /// File > Briefing and File > Export network: open the dialog (non-modal) on the data on
    /// screen; nullptr, with a message box, when nothing is loaded yet.
    BriefingDialog *openBriefingDialog();
    ExportDialog *openExportDialog();
    /// The warning shown when the database file is readable by others; empty when private.
    QString permissionWarning() const;
    /// The warning shown when SQLite's quick check found the file damaged on opening; empty when sound.
    QString damageWarning() const;
    /// File > Check database…: the full check (store_check.h), its result in a non-modal box
    /// (nullptr, with a message, when no database is open).
    QMessageBox *checkDatabase();

private:
    void createMenus();
    void newDatabase();
    void chooseDatabase();
    void importFiles();
    /// True when a dataset is loaded; otherwise tells the analyst to wait for one.
    bool hasData();
    void datasetReady(std::shared_ptr<const Dataset> dataset);
    /// The banner: damage found on opening, and a database others can read.
    void showWarnings();

    DatabaseSession *m_session = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_statusText = nullptr;
    OverviewPage *m_overview = nullptr;
    NetworkPage *m_network = nullptr;
    ChildrenPage *m_children = nullptr;
    ClustersPage *m_clusters = nullptr;
    HotspotsPage *m_hotspots = nullptr;
    DisruptionPage *m_disruption = nullptr;
    SuggestionsPage *m_suggestions = nullptr;
    QString m_error;
};

} // namespace harbour::ui
