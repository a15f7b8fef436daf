#include "harbour/importers/import_job.h"

#include "harbour/importers/importer.h"
#include "harbour/ingest.h"

namespace harbour::importers {

namespace {

Status importOneFile(Store &store, Ingestor &ingestor, const Importer &importer, const std::filesystem::path &file,
                     const ImportOptions &options, const ImportObserver &observer, ImportSummary &summary)
{
    ImportSummary local;
    std::optional<Error> fatal;
    std::size_t sinceCommit = 0;

    if (auto status = store.begin(); !status) {
        return status;
    }
    ImportSink sink;
    sink.record = [&](SourceRecord &&record) {
        if (observer.cancelRequested && observer.cancelRequested()) {
            local.cancelled = true;
            return false;
        }
        if (auto status = store.savepoint(); !status) {
            fatal = status.error();
            return false;
        }
        auto outcome = ingestor.ingest(record, options.amend);
        if (!outcome) {
            if (auto status = store.rollbackToSavepoint(); !status) {
                fatal = status.error();
                return false;
            }
            if (outcome.error().code == ErrorCode::Database || outcome.error().code == ErrorCode::Internal) {
                fatal = outcome.error();
                return false;
            }
            ++local.rejected;
            local.errors.push_back(outcome.error());
            return true;
        }
        if (auto status = store.releaseSavepoint(); !status) {
            fatal = status.error();
            return false;
        }
        switch (*outcome) {
        case IngestOutcome::Imported: ++local.imported; break;
        case IngestOutcome::Amended: ++local.amended; break;
        case IngestOutcome::Unchanged: ++local.unchanged; break;
        }
        if (!options.allOrNothing && ++sinceCommit >= options.commitEvery) {
            sinceCommit = 0;
            if (auto status = store.commit(); !status) {
                fatal = status.error();
                return false;
            }
            if (auto status = store.begin(); !status) {
                fatal = status.error();
                return false;
            }
        }
        return true;
    };
    sink.rejected = [&](const Error &error) {
        ++local.rejected;
        local.errors.push_back(error);
    };
    sink.warning = [&](const Error &warning) { local.warnings.push_back(warning); };
    if (observer.progress) {
        sink.progress = [&](std::uint64_t done, std::uint64_t total) { observer.progress(file, done, total); };
    }

    const Status read = importer.read(file, sink);
    if (!read || fatal) {
        static_cast<void>(store.rollback()); // the failure that got us here is the one to report
        Error error = fatal ? *fatal : read.error();
        if (error.file.empty()) {
            error.file = file.string();
        }
        // Groups committed before the failure stay: they are whole records, and re-running
        // the import after the cause is fixed finds them unchanged.
        return error;
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
    } else if (local.imported + local.amended == 0) {
        // Nothing was written (every record unchanged or rejected): the database stays as it was,
        // audit log included, so that a re-run or a bad file is a true no-op.
        if (auto status = store.rollback(); !status) {
            return status;
        }
    } else {
        const std::string detail = std::to_string(local.imported) + " imported, " + std::to_string(local.amended) +
                                   " amended, " + std::to_string(local.unchanged) + " unchanged, " +
                                   std::to_string(local.rejected) + " rejected" +
                                   (options.allOrNothing ? " (all-or-nothing)" : "");
        if (auto status = store.appendAudit("import", file.string(), detail); !status) {
            static_cast<void>(store.rollback());
            return status;
        }
        if (auto status = store.commit(); !status) {
            static_cast<void>(store.rollback());
            return status;
        }
    }
    summary.imported += local.imported;
    summary.amended += local.amended;
    summary.unchanged += local.unchanged;
    summary.rejected += local.rejected;
    summary.rolledBack += local.rolledBack;
    summary.cancelled = summary.cancelled || local.cancelled;
    summary.errors.insert(summary.errors.end(), local.errors.begin(), local.errors.end());
    summary.warnings.insert(summary.warnings.end(), local.warnings.begin(), local.warnings.end());
    return {};
}

} // namespace

Result<ImportSummary> importFiles(Store &store, const RiskPolicy &policy, const std::vector<std::filesystem::path> &files,
                                  const ImportOptions &options, const ImportObserver &observer)
{
    ImportSummary summary;
    Ingestor ingestor(store, policy);
    for (const auto &file : files) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
            return Error{ErrorCode::Io, "no such file", file.string(), {}, {}};
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
