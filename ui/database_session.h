#pragma once

#include "background_job.h"
#include "dataset.h"

#include "harbour/store.h"

#include <QObject>
#include <QString>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace harbour::ui {

/// The open database as the app sees it: a UI-thread store connection for the analyst's writes
/// (merges, disruption actions), and the latest Dataset, rebuilt in a worker thread on its own
/// connection whenever the data or the time window changes.
class DatabaseSession : public QObject {
    Q_OBJECT
public:
    explicit DatabaseSession(QObject *parent = nullptr);
    ~DatabaseSession() override;

    /// Opens (creating when absent) a database. Returns false and sets errorString() on failure.
    bool open(const std::filesystem::path &path);
    bool isOpen() const { return m_store != nullptr; }
    const std::filesystem::path &path() const { return m_path; }
    /// The UI thread's connection; nullptr when nothing is open. Owned by the session.
    Store *store() const { return m_store.get(); }
    QString errorString() const { return m_error; }
    /// What SQLite's quick check found when the database was opened; empty when it is sound, or
    /// while the check still runs (damageChecked says when it is done).
    const std::vector<std::string> &damageFoundOnOpen() const { return m_damage; }

    /// The latest loaded data; nullptr before the first load finishes.
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    const TimeWindow &window() const { return m_window; }
    Date asOf() const { return m_asOf; }
    void setAsOf(Date asOf) { m_asOf = asOf; }
    bool isLoading() const { return m_job.busy(); }

public slots:
    /// Starts rebuilding the Dataset in a worker thread; a reload asked for while one runs is
    /// queued and starts when it ends, so the last request always wins.
    void reload();
    void setWindow(const harbour::TimeWindow &window);
    /// Blocks, while processing events, until no load is running (tests and screenshots).
    void waitForLoad();

signals:
    void loadStarted();
    void datasetReady(std::shared_ptr<const harbour::ui::Dataset> dataset);
    void loadFailed(const QString &message);
    /// The quick check started on opening has ended (damageFoundOnOpen).
    void damageChecked();

private:
    void loadFinished();
    void startQuickCheck();
    void quickCheckFinished();

    std::filesystem::path m_path;
    std::unique_ptr<Store> m_store;
    QString m_error;
    std::vector<std::string> m_damage;
    std::shared_ptr<const Dataset> m_dataset;
    TimeWindow m_window;
    Date m_asOf{};
    bool m_reloadQueued = false;
    BackgroundJob<Result<std::shared_ptr<const Dataset>>> m_job;
    BackgroundJob<std::vector<std::string>> m_check;
};

} // namespace harbour::ui
