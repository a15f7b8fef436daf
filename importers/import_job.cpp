#include "harbour/importers/import_job.h"

#include "harbour/file_kind.h"
#include "harbour/importers/importer.h"
#include "harbour/ingest.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

namespace harbour::importers {

namespace {

/// SQLite's page cache while importing: a quarter of the import's memory at a million reports,
/// and about a tenth less CPU than the default 64 MiB there (docs/benchmarks.md).
constexpr int kImportCacheMiB = 256;

/// What a reader hands over, in the order it happened.
struct ProgressEvent {
    std::uint64_t done = 0;
    std::uint64_t total = 0;
};
struct RejectedEvent {
    Error error;
};
struct WarningEvent {
    Error warning;
};
using ReadEvent = std::variant<RecordPlan, RejectedEvent, WarningEvent, ProgressEvent>;

/// A bounded queue of batches from the reading thread to the storing one. Events travel in
/// batches so that the threads meet once per batch, not once per record.
class EventQueue {
public:
    using Batch = std::vector<ReadEvent>;

    /// Blocks while full. False once the consumer has stopped: the reader should stop too.
    bool push(Batch batch)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_batches.size() < kCapacity || m_stopped; });
        if (m_stopped) {
            return false;
        }
        m_batches.push_back(std::move(batch));
        m_notEmpty.notify_one();
        return true;
    }
    /// Blocks while empty; false when the reader has finished and everything was taken.
    bool pop(Batch &batch)
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_batches.empty() || m_finished; });
        if (m_batches.empty()) {
            return false;
        }
        batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_notFull.notify_one();
        return true;
    }
    void finish()
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
        m_notEmpty.notify_all();
    }
    /// The consumer wants nothing more: the reader's next push fails, what is queued is dropped.
    void stop()
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_batches.clear();
        m_notFull.notify_all();
    }
    bool stopped()
    {
        std::lock_guard lock(m_mutex);
        return m_stopped;
    }
    /// The consumer hands back a batch it has replayed, for the reader to empty and refill:
    /// the records are freed on the thread that allocated them, and not on the storing thread,
    /// which is the import's bottleneck (about 5% of its time at a million reports).
    void giveBack(Batch batch)
    {
        std::lock_guard lock(m_mutex);
        m_spent.push_back(std::move(batch));
    }
    /// An empty batch for the reader to fill: one given back, emptied here, or a new one.
    Batch emptyBatch(std::size_t capacity)
    {
        Batch batch;
        {
            std::lock_guard lock(m_mutex);
            if (!m_spent.empty()) {
                batch = std::move(m_spent.back());
                m_spent.pop_back();
            }
        }
        batch.clear(); // outside the lock: this is where the records are freed
        batch.reserve(capacity);
        return batch;
    }

private:
    // Records are a few kilobytes each: a few megabytes in flight keep both threads busy.
    static constexpr std::size_t kCapacity = 16;
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<Batch> m_batches;
    std::vector<Batch> m_spent;
    bool m_finished = false;
    bool m_stopped = false;
};

/// Runs importer.read() and the Ingestor's planning on a second thread, so that parsing,
/// validation, narrative extraction, hashing and working out keys and assessments overlap with
/// storing. Replays what it reports on this thread in the same order, exactly as a direct read()
/// would: each record's plan to `store`, the rest to `sink`; once `store` returns false nothing
/// more is delivered. An exception thrown while reading is rethrown here.
Status readOnSecondThread(const Importer &importer, const std::filesystem::path &file, const Ingestor &ingestor,
                          const std::function<bool(RecordPlan &&)> &store, const ImportSink &sink)
{
    constexpr std::size_t kBatch = 64;
    EventQueue queue;
    EventQueue::Batch pending;
    bool stopped = false;
    const auto add = [&](ReadEvent event) {
        pending.push_back(std::move(event));
        if (pending.size() >= kBatch) {
            stopped = !queue.push(std::move(pending));
            pending = queue.emptyBatch(kBatch);
        }
        return !stopped;
    };
    Status read;
    std::exception_ptr thrown;
    ImportSink producer;
    producer.record = [&](SourceRecord &&record) { return add(ingestor.plan(std::move(record))); };
    producer.rejected = [&](const Error &error) { add(RejectedEvent{error}); };
    producer.warning = [&](const Error &warning) { add(WarningEvent{warning}); };
    if (sink.progress) {
        producer.progress = [&](std::uint64_t done, std::uint64_t total) { add(ProgressEvent{done, total}); };
    }
    std::thread reader([&] {
        try {
            pending.reserve(kBatch);
            read = importer.read(file, producer);
            if (!pending.empty() && !stopped) {
                queue.push(std::move(pending));
            }
        } catch (...) {
            thrown = std::current_exception();
        }
        queue.finish();
    });
    const auto replay = [&](EventQueue::Batch &batch) {
        for (ReadEvent &event : batch) {
            if (auto *plan = std::get_if<RecordPlan>(&event)) {
                if (!store(std::move(*plan))) {
                    return false;
                }
            } else if (const auto *rejected = std::get_if<RejectedEvent>(&event)) {
                if (sink.rejected) {
                    sink.rejected(rejected->error);
                }
            } else if (const auto *warning = std::get_if<WarningEvent>(&event)) {
                if (sink.warning) {
                    sink.warning(warning->warning);
                }
            } else if (const auto *progress = std::get_if<ProgressEvent>(&event)) {
                sink.progress(progress->done, progress->total);
            }
        }
        return true;
    };
    try {
        EventQueue::Batch batch;
        while (queue.pop(batch) && replay(batch)) {
            queue.giveBack(std::move(batch));
        }
    } catch (...) {
        queue.stop();
        reader.join();
        throw;
    }
    queue.stop();
    reader.join();
    if (thrown) {
        std::rethrow_exception(thrown);
    }
    return read;
}

void addTo(ImportSummary &summary, const ImportSummary &file)
{
    summary.imported += file.imported;
    summary.amended += file.amended;
    summary.unchanged += file.unchanged;
    summary.rejected += file.rejected;
    summary.rejectedFiles += file.rejectedFiles;
    summary.rolledBack += file.rolledBack;
    summary.cancelled = summary.cancelled || file.cancelled;
    summary.errors.insert(summary.errors.end(), file.errors.begin(), file.errors.end());
    summary.warnings.insert(summary.warnings.end(), file.warnings.begin(), file.warnings.end());
}

void rejectFile(ImportSummary &summary, Error error)
{
    ++summary.rejected;
    ++summary.rejectedFiles;
    summary.errors.push_back(std::move(error));
}

/// What a fatal failure leaves stored: the files imported before it, and the commit groups of
/// the file in progress (`file`, or "this file" when empty). The group in progress is gone.
std::string committedBefore(const ImportSummary &earlier, std::int64_t written, int groups, const std::string &file)
{
    const std::int64_t before = earlier.imported + earlier.amended;
    if (written == 0 && before == 0) {
        return "nothing was committed by this import";
    }
    std::string text = "committed before the failure: " + std::to_string(written) + " records of " +
                       (file.empty() ? std::string("this file") : file);
    if (groups > 0) {
        text += " (" + std::to_string(groups) + (groups == 1 ? " commit group" : " commit groups") + ")";
    }
    if (before > 0) {
        text += " and " + std::to_string(before) + " of the files before it";
    }
    return text + "; the records after the last commit were not stored, and running the same import again once "
                  "the cause is fixed stores them (committed records are found unchanged)";
}

Status importOneFile(Store &store, Ingestor &ingestor, const Importer &importer, const std::filesystem::path &file,
                     const ImportOptions &options, const ImportObserver &observer, ImportSummary &summary)
{
    ImportSummary local;
    std::optional<Error> fatal;
    std::size_t sinceCommit = 0;
    // Every committed transaction that stores records carries its own audit entry, so that a
    // crash between groups leaves no stored record without one.
    struct Counts {
        std::int64_t imported = 0, amended = 0, unchanged = 0, rejected = 0;
        std::int64_t written() const { return imported + amended; }
    };
    const auto now = [&local] { return Counts{local.imported, local.amended, local.unchanged, local.rejected}; };
    const auto since = [&now](const Counts &start) {
        const Counts c = now();
        return std::to_string(c.imported - start.imported) + " imported, " + std::to_string(c.amended - start.amended) +
               " amended, " + std::to_string(c.unchanged - start.unchanged) + " unchanged, " +
               std::to_string(c.rejected - start.rejected) + " rejected";
    };
    Counts groupStart;
    int part = 1;

    if (auto status = store.begin(); !status) {
        return status;
    }
    const auto storeRecord = [&](RecordPlan &&plan) {
        if (observer.cancelRequested && observer.cancelRequested()) {
            local.cancelled = true;
            return false;
        }
        // No savepoint per record: the Ingestor refuses a record before writing any of it, and a
        // failure once it writes is the database's, which rolls the whole group back.
        auto outcome = ingestor.ingest(plan, options.amend);
        if (!outcome) {
            if (outcome.error().code == ErrorCode::Database || outcome.error().code == ErrorCode::Internal) {
                fatal = outcome.error();
                return false;
            }
            ++local.rejected;
            local.errors.push_back(outcome.error());
            return true;
        }
        switch (*outcome) {
        case IngestOutcome::Imported: ++local.imported; break;
        case IngestOutcome::Amended: ++local.amended; break;
        case IngestOutcome::Unchanged: ++local.unchanged; break;
        }
        if (!options.allOrNothing && ++sinceCommit >= options.commitEvery) {
            sinceCommit = 0;
            const bool wrote = now().written() > groupStart.written();
            if (wrote) {
                if (auto status = store.appendAudit("import", file.string(),
                                                    "part " + std::to_string(part) + ": " + since(groupStart));
                    !status) {
                    fatal = status.error();
                    return false;
                }
            }
            if (auto status = store.commit(); !status) {
                fatal = status.error();
                return false;
            }
            if (wrote) { // only now is the group stored: what a failure reports as committed
                ++part;
                groupStart = now();
            }
            if (auto status = store.begin(); !status) {
                fatal = status.error();
                return false;
            }
        }
        return true;
    };
    ImportSink sink;
    sink.rejected = [&](const Error &error) {
        ++local.rejected;
        local.errors.push_back(error);
    };
    sink.warning = [&](const Error &warning) { local.warnings.push_back(warning); };
    if (observer.progress) {
        sink.progress = [&](std::uint64_t done, std::uint64_t total) { observer.progress(file, done, total); };
    }

    // Groups committed before a database failure stay: they are whole records, and re-running
    // the import after the cause is fixed finds them unchanged. The error says how far it got.
    const auto failed = [&](Error error) {
        static_cast<void>(store.rollback()); // the failure that got us here is the one to report
        const bool named = error.file.empty() || error.file == file.string();
        if (error.file.empty()) {
            error.file = file.string();
        }
        error.message += "; " + committedBefore(summary, groupStart.written(), part - 1, named ? "" : file.string());
        return error;
    };
    const Status read = readOnSecondThread(importer, file, ingestor, storeRecord, sink);
    if (fatal) {
        return failed(*fatal);
    }
    if (!read) {
        static_cast<void>(store.rollback());
        Error error = read.error();
        if (error.file.empty()) {
            error.file = file.string();
        }
        // The importer gave up on the file (a header it cannot use, a read error): the file is
        // rejected, what earlier groups committed stays and the rest of the file is counted out.
        local.rolledBack = local.imported + local.amended - groupStart.written();
        local.imported = groupStart.imported;
        local.amended = groupStart.amended;
        rejectFile(local, std::move(error));
        addTo(summary, local);
        return {};
    }

    const bool keepNothing = options.allOrNothing && (local.rejected > 0 || local.cancelled);
    if (keepNothing) {
        if (auto status = store.rollback(); !status) {
            return status;
        }
        // Unchanged records stay counted: they were stored before and still are.
        local.rolledBack = local.imported + local.amended;
        local.imported = 0;
        local.amended = 0;
    } else if (now().written() == groupStart.written()) {
        // Nothing was written (every record unchanged or rejected): the database stays as it was,
        // audit log included, so that a re-run or a bad file is a true no-op.
        if (auto status = store.rollback(); !status) {
            return status;
        }
    } else {
        const std::string detail =
            part == 1 ? since(Counts{}) + (options.allOrNothing ? " (all-or-nothing)" : "")
                      : "part " + std::to_string(part) + ", the last: " + since(groupStart) + "; whole file: " +
                            since(Counts{});
        if (auto status = store.appendAudit("import", file.string(), detail); !status) {
            return failed(status.error());
        }
        if (auto status = store.commit(); !status) {
            return failed(status.error());
        }
    }
    addTo(summary, local);
    return {};
}

} // namespace

Result<ImportSummary> importFiles(Store &store, const RiskPolicy &policy, const std::vector<std::filesystem::path> &files,
                                  const ImportOptions &options, const ImportObserver &observer)
{
    ImportSummary summary;
    if (auto status = store.setCacheSize(kImportCacheMiB); !status) {
        return status.error();
    }
    Ingestor ingestor(store, policy, options.now.value_or(currentTime()));
    for (const auto &file : files) {
        if (const auto problem = whyUnreadable(file)) {
            rejectFile(summary, Error{ErrorCode::Io, problem->reason, file.string(), {}, {}});
            continue;
        }
        const Importer *importer = findSupportingImporter(file);
        if (!importer) {
            return Error{ErrorCode::Usage, "not a format Harbour imports (JSON, JSON Lines or CSV)", file.string(), {},
                         {}};
        }
        if (auto status = importOneFile(store, ingestor, *importer, file, options, observer, summary); !status) {
            return status.error();
        }
        if (summary.cancelled) {
            break;
        }
    }
    return summary;
}

} // namespace harbour::importers
