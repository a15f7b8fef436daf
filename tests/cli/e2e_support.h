#pragma once

// Runs the built `harbour` binary as a user would, and reads its database behind its back, for the
// end-to-end checks of the import contract (spec/FORMATS.md).

#include "support/temp_dir.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char **environ; // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace harbour::testing::e2e {

namespace fs = std::filesystem;

inline const fs::path kHarbour = HARBOUR_BINARY_DIR "/src/cli/harbour";
inline const fs::path kData = HARBOUR_TEST_DATA_DIR "/e2e";

/// What one run of the binary left behind.
struct CliRun {
    int exit = -1; ///< exit status, or -1 when the process did not exit normally
    std::string out;
    std::string err;

    /// stdout parsed as one JSON document (fails the parse loudly if it is not).
    nlohmann::json json() const { return nlohmann::json::parse(out); }
};

inline std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void writeText(const fs::path &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

/// Runs `harbour args...` with stdout and stderr captured in files under `scratch`; no shell involved.
inline CliRun runHarbour(const TempDir &scratch, const std::vector<std::string> &args)
{
    const fs::path outPath = scratch / "harbour.stdout";
    const fs::path errPath = scratch / "harbour.stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> argv{kHarbour.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char *> pointers;
    for (auto &arg : argv) {
        pointers.push_back(arg.data());
    }
    pointers.push_back(nullptr);
    pid_t pid = 0;
    CliRun run;
    if (posix_spawn(&pid, kHarbour.c_str(), &actions, nullptr, pointers.data(), environ) == 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0) {
        }
        run.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    run.out = readText(outPath);
    run.err = readText(errPath);
    return run;
}

inline CliRun runHarbour(const TempDir &scratch, std::initializer_list<std::string> args)
{
    return runHarbour(scratch, std::vector<std::string>(args));
}

/// Every row of every table (and the schema and user_version), one line each, rows sorted within a
/// table: two databases with the same dump hold the same data.
inline std::string dumpDatabase(const fs::path &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path.string());
    }
    const auto rows = [db](const std::string &sql) {
        std::vector<std::string> out;
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("cannot run ") + sql + ": " + sqlite3_errmsg(db));
        }
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            std::string line;
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, i));
                line += std::string(i == 0 ? "" : " | ") + sqlite3_column_name(stmt, i) + "=" +
                        (text ? text : "NULL");
            }
            out.push_back(std::move(line));
        }
        sqlite3_finalize(stmt);
        return out;
    };
    std::string dump;
    for (const auto &line : rows("PRAGMA user_version")) {
        dump += line + "\n";
    }
    for (const auto &line : rows("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
        dump += line + "\n";
    }
    std::vector<std::string> tables;
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        tables.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    for (const auto &table : tables) {
        auto lines = rows("SELECT * FROM \"" + table + "\"");
        std::sort(lines.begin(), lines.end());
        dump += "## " + table + " (" + std::to_string(lines.size()) + " rows)\n";
        for (const auto &line : lines) {
            dump += line + "\n";
        }
    }
    sqlite3_close(db);
    return dump;
}

/// One column of the first row a query returns ("" when none), for pointed checks of stored rows.
inline std::string queryText(const fs::path &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    std::string value;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
            value = text ? text : "";
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
}

/// The bundled e2e files, in the order the tests import them.
inline std::vector<std::string> sampleFiles()
{
    return {(kData / "reports.json").string(), (kData / "screenings.jsonl").string(),
            (kData / "missing.json").string()};
}

/// A database holding the bundled e2e files.
inline fs::path importSample(const TempDir &scratch, const std::string &name = "harbour.db")
{
    const fs::path db = scratch / name;
    std::vector<std::string> args{"import", "--db", db.string()};
    const auto files = sampleFiles();
    args.insert(args.end(), files.begin(), files.end());
    const CliRun run = runHarbour(scratch, args);
    if (run.exit != 0) {
        throw std::runtime_error("importing the e2e sample failed: " + run.err);
    }
    return db;
}

/// The entities of one type and label from `harbour entities --json`.
inline std::vector<nlohmann::json> entitiesLabelled(const nlohmann::json &document, const std::string &type,
                                                    const std::string &label)
{
    std::vector<nlohmann::json> out;
    for (const auto &entity : document.at("entities")) {
        if (entity.at("type") == type && entity.at("label") == label) {
            out.push_back(entity);
        }
    }
    return out;
}

} // namespace harbour::testing::e2e
