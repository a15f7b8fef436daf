#include "cli_common.h"
#include "commands.h"

#include "harbour/store_check.h"

#include <iostream>

namespace harbour::cli {

namespace {

struct CheckArgs {
    std::string db;
    bool json = false;
    bool fixPermissions = false;
};

std::string recordName(const DamagedRecord &record)
{
    if (record.id.empty()) {
        return "row " + std::to_string(record.rowId);
    }
    return record.kind + " " + record.id + " (version " + std::to_string(record.version) + ", row " +
           std::to_string(record.rowId) + ")";
}

nlohmann::json checkJson(const StoreCheck &check)
{
    nlohmann::json damaged = nlohmann::json::array();
    for (const auto &record : check.damagedRecords) {
        damaged.push_back({{"row", record.rowId},
                           {"kind", record.kind},
                           {"id", record.id},
                           {"version", record.version},
                           {"reason", record.reason}});
    }
    const auto textOrNull = [](const std::string &text) {
        return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
    };
    return {{"ok", check.ok()},
            {"integrity", check.fileProblems},
            {"records", check.records},
            {"damaged_records", damaged},
            {"records_error", textOrNull(check.recordsError)},
            {"audit",
             {{"ok", check.auditProblem.empty()},
              {"entries", check.auditEntries},
              {"error", textOrNull(check.auditProblem)}}},
            {"summary", check.summary()}};
}

void printCheck(const StoreCheck &check)
{
    for (const auto &problem : check.fileProblems) {
        std::cout << "integrity: " << problem << '\n';
    }
    for (const auto &record : check.damagedRecords) {
        std::cout << "damaged record: " << recordName(record) << ": " << record.reason << '\n';
    }
    if (!check.recordsError.empty()) {
        std::cout << "records: not all could be read: " << check.recordsError << '\n';
    }
    if (!check.auditProblem.empty()) {
        std::cout << "audit: " << check.auditProblem << '\n';
    }
    std::cout << check.summary() << '\n';
}

/// Narrows the modes first, so that opening the database no longer warns about them.
std::vector<std::filesystem::path> fixPermissions(const CheckArgs &args)
{
    const auto changed = require(makeDatabasePrivate(args.db));
    if (!args.json) {
        for (const auto &file : changed) {
            std::cout << "made private (owner only): " << file.string() << '\n';
        }
        if (changed.empty()) {
            std::cout << "already private (owner only): " << args.db << '\n';
        }
    }
    return changed;
}

int runCheck(const CheckArgs &args)
{
    if (args.db.empty()) {
        throw FatalError{Error{ErrorCode::Usage, "--db is required", {}, {}, "--db"}};
    }
    std::vector<std::filesystem::path> fixed;
    if (args.fixPermissions) {
        fixed = fixPermissions(args);
    }
    auto store = openStoreForReading(args.db);
    const StoreCheck check = checkStore(*store);
    if (args.json) {
        auto document = checkJson(check);
        const auto mode = sharedMode(args.db);
        nlohmann::json fixedList = nlohmann::json::array();
        for (const auto &file : fixed) {
            fixedList.push_back(file.string());
        }
        document["permissions"] = {{"private", !mode.has_value()}, {"fixed", fixedList}};
        printJson(document);
    } else {
        printCheck(check);
    }
    if (!check.ok()) {
        std::cerr << "harbour: " << args.db << ": " << check.summary()
                  << "; restore it from a backup, or re-import the damaged records\n";
        return kExitRejected;
    }
    return kExitOk;
}

} // namespace

void addCheckCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<CheckArgs>();
    CLI::App *check = app.add_subcommand(
        "check", "Check the database for damage: SQLite's integrity check, every record against its content hash, "
                 "the audit chain; exit 1 naming what is damaged");
    check->add_option("--db", args->db, "SQLite database file");
    check->add_flag("--json", args->json, "One JSON document on stdout");
    check->add_flag("--fix-permissions", args->fixPermissions,
                    "First make the database and its -wal, -shm and -journal files private to their owner (0600)");
    commands.push_back({check, [args] { return runCheck(*args); }});
}

} // namespace harbour::cli
