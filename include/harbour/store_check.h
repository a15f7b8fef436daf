#pragma once

#include "harbour/model.h"
#include "harbour/result.h"
#include "harbour/store.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harbour {

/// A stored record version that is not what was imported.
struct DamagedRecord {
    RecordRowId rowId = 0;
    std::string kind;
    std::string id; ///< as stored, which may itself be damaged
    int version = 0;
    std::string reason;
};

/// What `harbour check` (and the app's "Check database…") found.
struct StoreCheck {
    std::vector<std::string> fileProblems; ///< the engine's integrity check; empty when sound
    std::int64_t records = 0;              ///< record versions re-hashed
    std::vector<DamagedRecord> damagedRecords;
    std::string recordsError; ///< set when the records could not all be read
    std::size_t auditEntries = 0;
    std::string auditProblem; ///< empty when the chain verifies

    bool ok() const
    {
        return fileProblems.empty() && damagedRecords.empty() && recordsError.empty() && auditProblem.empty();
    }
    /// "intact: N records, N audit entries, integrity ok", or what is wrong, in one line.
    std::string summary() const;
};

/// The full check: the engine's integrity check, every record version's text re-hashed against
/// the content hash stored with it, and the audit chain. Reads the whole database once.
StoreCheck checkStore(Store &store);

/// The engine's structural check only (PRAGMA quick_check): what import and the app run before
/// trusting a file. The problems found; empty when sound.
Result<std::vector<std::string>> quickCheck(Store &store);

/// The permission bits of a database file that its group or others may read or write; nullopt
/// when it is private, not a regular file, or cannot be examined.
std::optional<unsigned> sharedMode(const std::filesystem::path &database);

/// True when the database file can be read by its group or by others (mode & 077).
bool databaseIsShared(const std::filesystem::path &database);

/// "0644": how a mode is written to a person.
std::string octalMode(unsigned mode);

/// Takes every permission from group and others on the database and the -wal, -shm and
/// -journal files beside it (0644 becomes 0600; the owner's bits stay as they are).
/// The files whose mode changed; an error names the file that could not be changed.
Result<std::vector<std::filesystem::path>> makeDatabasePrivate(const std::filesystem::path &database);

} // namespace harbour
