#include "harbour/store_check.h"

#include "harbour/hash.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <regex>
#include <system_error>

namespace harbour {

namespace {

/// The indexes of the records table (sqlite_schema.h): a finding about one of them names a record.
bool isRecordsIndex(const std::string &index)
{
    return index == "records_current" || index.starts_with("sqlite_autoindex_records_");
}

/// Record rows that the integrity check found out of step with an index of theirs, and why.
std::map<RecordRowId, std::string> rowsNamedBy(const std::vector<std::string> &fileProblems)
{
    static const std::regex kMissing(R"(^row (\d+) missing from index (\S+)$)");
    std::map<RecordRowId, std::string> rows;
    for (const auto &problem : fileProblems) {
        std::smatch match;
        if (std::regex_match(problem, match, kMissing) && isRecordsIndex(match[2].str())) {
            rows.emplace(std::stoll(match[1].str()), "its row does not match index " + match[2].str() +
                                                         " (the file is damaged)");
        }
    }
    return rows;
}

void addReason(std::string &reasons, const std::string &reason)
{
    reasons += (reasons.empty() ? "" : "; ") + reason;
}

void checkRecords(Store &store, StoreCheck &check)
{
    auto flagged = rowsNamedBy(check.fileProblems);
    const Status read = store.forEachRecord([&](const StoredRecord &record) {
        ++check.records;
        std::string reasons;
        if (sha256Hex(record.json) != record.contentHash) {
            reasons = "its text does not match the content hash stored with it (changed after import)";
        }
        if (const auto it = flagged.find(record.rowId); it != flagged.end()) {
            addReason(reasons, it->second);
            flagged.erase(it);
        }
        if (!reasons.empty()) {
            check.damagedRecords.push_back(
                {record.rowId, std::string(toString(record.kind)), record.id, record.version, reasons});
        }
    });
    if (!read) {
        check.recordsError = read.error().message;
    }
    for (const auto &[row, reason] : flagged) {
        check.damagedRecords.push_back({row, {}, {}, 0, reason});
    }
}

void checkAudit(Store &store, StoreCheck &check)
{
    const auto entries = store.auditLog();
    if (!entries) {
        check.auditProblem = "the audit log could not be read: " + entries.error().message;
        return;
    }
    check.auditEntries = entries->size();
    if (const Status chain = verifyAuditChain(*entries); !chain) {
        check.auditProblem = chain.error().message;
    }
}

} // namespace

std::string StoreCheck::summary() const
{
    const auto count = [](std::int64_t n, const char *one, const char *many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    const std::string counts = count(records, "record", "records") + ", " +
                               count(static_cast<std::int64_t>(auditEntries), "audit entry", "audit entries");
    if (ok()) {
        return "intact: " + counts + ", integrity ok";
    }
    std::string damage;
    if (!fileProblems.empty()) {
        addReason(damage, "the file is damaged (" +
                              count(static_cast<std::int64_t>(fileProblems.size()), "integrity problem",
                                    "integrity problems") +
                              ")");
    }
    if (!damagedRecords.empty()) {
        addReason(damage, count(static_cast<std::int64_t>(damagedRecords.size()), "damaged record", "damaged records"));
    }
    if (!recordsError.empty()) {
        addReason(damage, "records unreadable: " + recordsError);
    }
    if (!auditProblem.empty()) {
        addReason(damage, auditProblem);
    }
    return "damaged: " + damage + " (" + counts + " checked)";
}

StoreCheck checkStore(Store &store)
{
    StoreCheck check;
    if (auto problems = store.fileProblems(false); problems) {
        check.fileProblems = std::move(problems).value();
    } else {
        check.fileProblems.push_back(problems.error().message);
    }
    checkRecords(store, check);
    checkAudit(store, check);
    return check;
}

Result<std::vector<std::string>> quickCheck(Store &store)
{
    return store.fileProblems(true);
}

std::optional<unsigned> sharedMode(const std::filesystem::path &database)
{
    struct stat info {};
    // Only a database file: a folder or a pipe given as one is refused for what it is, elsewhere.
    if (::stat(database.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || (info.st_mode & 077) == 0) {
        return std::nullopt;
    }
    return static_cast<unsigned>(info.st_mode & 07777);
}

bool databaseIsShared(const std::filesystem::path &database)
{
    return sharedMode(database).has_value();
}

std::string octalMode(unsigned mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    return text;
}

Result<std::vector<std::filesystem::path>> makeDatabasePrivate(const std::filesystem::path &database)
{
    std::vector<std::filesystem::path> changed;
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::filesystem::path file = database.string() + suffix;
        struct stat info {};
        // The files beside the database are examined as they are: a link planted there is not
        // followed to some other file.
        const int found = *suffix == '\0' ? ::stat(file.c_str(), &info) : ::lstat(file.c_str(), &info);
        if (found != 0 || !S_ISREG(info.st_mode) || (info.st_mode & 077) == 0) {
            continue;
        }
        // The owner keeps what they had (a database kept read-only stays so); nobody else keeps anything.
        if (::chmod(file.c_str(), info.st_mode & 0700) != 0) {
            return Error{ErrorCode::Io,
                         "cannot make it private: " + std::error_code(errno, std::generic_category()).message(),
                         file.string(), {}, {}};
        }
        changed.push_back(file);
    }
    return changed;
}

} // namespace harbour
