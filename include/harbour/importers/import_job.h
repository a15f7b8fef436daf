#pragma once

#include "harbour/result.h"
#include "harbour/risk.h"
#include "harbour/store.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace harbour::importers {

struct ImportOptions {
    bool allOrNothing = false; ///< one transaction per file: any rejected record keeps the whole file out
    bool amend = false;        ///< same id with new content becomes a new version instead of a conflict
    /// Records are atomic one by one (a savepoint each); commits are grouped so that a large
    /// file does not pay for a disk sync per record, nor SQLite for rewriting the same index
    /// pages to its log at every commit (10,000 a group took a fifth off a large import against
    /// 1,000). A crash loses at most the last group, a few seconds of work, which re-running
    /// the import restores (identical records are no-ops).
    std::size_t commitEvery = 10000;
    /// The moment records' dates are judged against (see RiskPolicy::futureToleranceDays);
    /// unset, the system clock's. Tests fix it so that they do not depend on the day they run.
    std::optional<DateTime> now;
};

struct ImportSummary {
    std::int64_t imported = 0;
    std::int64_t amended = 0;
    std::int64_t unchanged = 0;
    std::int64_t rejected = 0;      ///< records rejected, and files refused whole (counted once each)
    std::int64_t rejectedFiles = 0; ///< files that could not be read or that their importer refused whole
    std::int64_t rolledBack = 0;    ///< valid records left out: the file was all-or-nothing, or failed partway
    std::vector<Error> errors;      ///< every rejected record and file, with file, record, field and reason
    std::vector<Error> warnings;
    bool cancelled = false;
};

struct ImportObserver {
    std::function<void(const std::filesystem::path &file, std::uint64_t done, std::uint64_t total)> progress;
    std::function<bool()> cancelRequested; ///< polled between records
};

/// Reads each file with the importer that supports it and stores its records. Bad records
/// are reported in the summary and change nothing. A file that cannot be read (gone, a named
/// pipe, a symlink loop, no permission) or that its importer refuses whole (a header it cannot
/// use) is a rejected file: reported in the summary, and the next file is read. Fails only on a
/// fatal error: a file that no importer reads, or a database failure, whose message says what
/// was committed before it (that stays).
Result<ImportSummary> importFiles(Store &store, const RiskPolicy &policy, const std::vector<std::filesystem::path> &files,
                                  const ImportOptions &options, const ImportObserver &observer = {});

} // namespace harbour::importers
