#include "database_session.h"

#include "ui_common.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QtConcurrent/QtConcurrentRun>

namespace harbour::ui {

DatabaseSession::DatabaseSession(QObject *parent) : QObject(parent), m_asOf(today())
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DatabaseSession::loadFinished);
}

DatabaseSession::~DatabaseSession()
{
    m_watcher.waitForFinished();
}

bool DatabaseSession::open(const std::filesystem::path &path)
{
    auto store = openSqliteStore(path);
    if (!store) {
        m_error = qs(store.error().toString());
        return false;
    }
    m_watcher.waitForFinished();
    m_store = std::move(store).value();
    m_path = path;
    m_dataset.reset();
    m_error.clear();
    reload();
    return true;
}

void DatabaseSession::reload()
{
    if (!m_store) {
        return;
    }
    if (m_watcher.isRunning()) {
        m_reloadQueued = true;
        return;
    }
    m_reloadQueued = false;
    emit loadStarted();
    // The worker opens its own connection: SQLite connections must not cross threads.
    m_watcher.setFuture(QtConcurrent::run(
        [path = m_path, window = m_window, asOf = m_asOf] { return loadDataset(path, window, asOf); }));
}

void DatabaseSession::setWindow(const TimeWindow &window)
{
    m_window = window;
    reload();
}

void DatabaseSession::waitForLoad()
{
    while (m_watcher.isRunning() || m_reloadQueued) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    // The finished signal is queued: let it arrive.
    QCoreApplication::processEvents();
}

void DatabaseSession::loadFinished()
{
    auto result = m_watcher.result();
    if (m_reloadQueued) {
        reload();
        return;
    }
    if (!result) {
        emit loadFailed(qs(result.error().toString()));
        return;
    }
    m_dataset = result.value();
    emit datasetReady(m_dataset);
}

} // namespace harbour::ui
