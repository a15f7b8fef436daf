#include "database_session.h"

#include "ui_common.h"

#include "harbour/store_check.h"

#include <QtConcurrent/QtConcurrentRun>

namespace harbour::ui {

DatabaseSession::DatabaseSession(QObject *parent) : QObject(parent), m_asOf(today())
{
    connect(&m_job, &QFutureWatcherBase::finished, this, &DatabaseSession::loadFinished);
    connect(&m_check, &QFutureWatcherBase::finished, this, &DatabaseSession::quickCheckFinished);
}

DatabaseSession::~DatabaseSession()
{
    m_job.waitForFinished();
    m_check.waitForFinished();
}

bool DatabaseSession::open(const std::filesystem::path &path)
{
    auto store = openSqliteStore(path);
    if (!store) {
        m_error = qs(store.error().toString());
        return false;
    }
    m_job.waitForFinished();
    m_store = std::move(store).value();
    m_path = path;
    m_dataset.reset();
    m_error.clear();
    startQuickCheck();
    reload();
    return true;
}

void DatabaseSession::startQuickCheck()
{
    m_check.waitForFinished();
    m_damage.clear();
    // The structure only (the full check is on the File menu), on its own connection in a worker:
    // it reads every page, seconds for a large database.
    m_check.start(QtConcurrent::run([path = m_path]() -> std::vector<std::string> {
        StoreOptions options;
        options.readOnly = true;
        auto store = openSqliteStore(path, options);
        if (!store) {
            return {store.error().message};
        }
        auto damage = quickCheck(**store);
        return damage ? std::move(damage).value() : std::vector<std::string>{damage.error().message};
    }));
}

void DatabaseSession::quickCheckFinished()
{
    if (!m_check.takeFinished()) {
        return;
    }
    m_damage = m_check.result();
    emit damageChecked();
}

void DatabaseSession::reload()
{
    if (!m_store) {
        return;
    }
    if (m_job.busy()) {
        m_reloadQueued = true;
        return;
    }
    m_reloadQueued = false;
    emit loadStarted();
    // The worker opens its own connection: SQLite connections must not cross threads.
    // The last Dataset lets the worker extend its snapshot when only imports came since.
    m_job.start(QtConcurrent::run([path = m_path, window = m_window, asOf = m_asOf, previous = m_dataset] {
        return loadDataset(path, window, asOf, previous);
    }));
}

void DatabaseSession::setWindow(const TimeWindow &window)
{
    m_window = window;
    reload();
}

void DatabaseSession::waitForLoad()
{
    m_job.waitUntilHandled(); // a queued reload keeps the job busy until it too has ended
    m_check.waitUntilHandled();
}

void DatabaseSession::loadFinished()
{
    if (!m_job.takeFinished()) {
        return;
    }
    auto result = m_job.result();
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
