#pragma once

#include <QCoreApplication>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>

namespace harbour::ui {

/// Work running on a pool thread whose result the UI thread handles when it ends.
///
/// Why not `QFutureWatcher::isRunning`: a future leaves the running state on the worker thread a
/// moment before its finished event is posted, so a loop that waits on `isRunning` can stop, drain
/// the event queue and return while the result is still unhandled (a test saw the previous
/// diagram this way, under AddressSanitizer). A job stays `busy` until its finished handler has
/// claimed the result with `takeFinished`, on the UI thread.
template <typename T>
class BackgroundJob : public QFutureWatcher<T> {
public:
    explicit BackgroundJob(QObject *parent = nullptr) : QFutureWatcher<T>(parent) {}

    void start(QFuture<T> future)
    {
        m_busy = true;
        this->setFuture(std::move(future));
    }

    /// True from `start` until the finished handler has run.
    bool busy() const { return m_busy; }

    /// The first call of the finished handler: true when the watched future has ended and this is
    /// the first time it is handled. False for a finished signal that a replaced future posted
    /// late, which the handler must ignore (the current future's own signal follows).
    bool takeFinished()
    {
        if (!m_busy || !this->isFinished()) {
            return false;
        }
        m_busy = false;
        return true;
    }

    /// Turns the event loop until the job's result has been handled.
    void waitUntilHandled()
    {
        while (m_busy) {
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
        }
    }

private:
    bool m_busy = false;
};

} // namespace harbour::ui
