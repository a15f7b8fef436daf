#include "gui_fixture.h"

#include "background_job.h"

#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <thread>
#include <vector>

namespace harbour::ui {
namespace {

/// A job whose finished handler, as the app's are written, records each result it takes.
class BackgroundJobTest : public ::testing::Test {
protected:
    BackgroundJobTest()
    {
        QObject::connect(&job, &QFutureWatcherBase::finished, [this] {
            if (job.takeFinished()) {
                handled.push_back(job.result());
            }
        });
    }

    QApplication &app = harbour::testing::app(); // before any QObject
    BackgroundJob<int> job;
    std::vector<int> handled;
};

TEST_F(BackgroundJobTest, StaysBusyUntilTheFinishedHandlerHasRun)
{
    job.start(QtConcurrent::run([] { return 7; }));
    job.waitForFinished();
    // The future has ended, but its result has not reached the UI thread: a wait that stopped here
    // would look at what was shown before.
    EXPECT_TRUE(job.isFinished());
    EXPECT_TRUE(job.busy());
    EXPECT_TRUE(handled.empty());
    job.waitUntilHandled();
    EXPECT_FALSE(job.busy());
    EXPECT_EQ(handled, std::vector<int>{7});
}

TEST_F(BackgroundJobTest, ALateSignalFromAReplacedFutureIsIgnored)
{
    job.start(QtConcurrent::run([] { return 1; }));
    job.waitForFinished(); // its finished event may already be queued
    std::atomic_bool release{false};
    job.start(QtConcurrent::run([&release] {
        while (!release.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return 2;
    }));
    QCoreApplication::processEvents(); // delivers any late event of the first future
    EXPECT_TRUE(job.busy());
    EXPECT_TRUE(handled.empty());
    release.store(true);
    job.waitUntilHandled();
    EXPECT_EQ(handled, std::vector<int>{2});
}

} // namespace
} // namespace harbour::ui
