#pragma once

// Runs the built binaries as child processes (with a deadline, or killed on purpose) and reads
// their databases behind their back, for the crash-safety and hostile-input checks.

#include "support/temp_dir.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char **environ; // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace harbour::testing::trust {

namespace fs = std::filesystem;

inline const fs::path kHarbour = HARBOUR_BINARY_DIR "/src/cli/harbour";
inline const fs::path kGenerator = HARBOUR_BINARY_DIR "/tools/harbour-generate";
inline const fs::path kTestData = HARBOUR_TEST_DATA_DIR;

/// What one child process did.
struct ProcessRun {
    int exit = -1;         ///< exit status, or -1 when it did not exit on its own
    int signal = 0;        ///< the signal that ended it, 0 when none
    bool killed = false;   ///< our SIGKILL ended it (deadline reached, or on purpose)
    std::chrono::milliseconds elapsed{0};
    std::string out;
    std::string err;
};

inline std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void writeFile(const fs::path &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

/// Runs `program args...` without a shell, stdout and stderr captured in files under `scratch`.
/// After `killAfter` it is sent SIGKILL (a deadline for hangs, or a crash on purpose).
inline ProcessRun runProcess(const fs::path &program, const std::vector<std::string> &args, const fs::path &scratch,
                             std::chrono::milliseconds killAfter = std::chrono::seconds(60))
{
    const fs::path outPath = scratch / "process.stdout";
    const fs::path errPath = scratch / "process.stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> argv{program.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char *> pointers;
    for (auto &arg : argv) {
        pointers.push_back(arg.data());
    }
    pointers.push_back(nullptr);

    ProcessRun run;
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, program.c_str(), &actions, nullptr, pointers.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        throw std::runtime_error("cannot start " + program.string());
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    bool sentKill = false;
    for (;;) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            break;
        }
        if (done < 0 && errno != EINTR) {
            throw std::runtime_error("waitpid failed");
        }
        if (std::chrono::steady_clock::now() - start >= killAfter && !sentKill) {
            ::kill(pid, SIGKILL);
            sentKill = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (WIFEXITED(status)) {
        run.exit = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        run.signal = WTERMSIG(status);
    }
    // A process can exit on its own between the poll and the kill: then the kill did nothing.
    run.killed = sentKill && run.signal == SIGKILL;
    run.out = readFile(outPath);
    run.err = readFile(errPath);
    return run;
}

/// A read-write connection (so that a WAL left by a killed process is recovered), closed on scope exit.
class Database {
public:
    explicit Database(const fs::path &path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            throw std::runtime_error("cannot open " + path.string() + ": " + message);
        }
        sqlite3_busy_timeout(m_db, 5000);
    }
    ~Database() { sqlite3_close(m_db); }
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Every row of a query, columns joined by " | ".
    std::vector<std::string> rows(const std::string &sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot run " + sql + ": " + sqlite3_errmsg(m_db));
        }
        std::vector<std::string> out;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            std::string line;
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, i));
                const int bytes = sqlite3_column_bytes(stmt, i);
                line += (i == 0 ? "" : " | ") + (text ? std::string(text, static_cast<std::size_t>(bytes)) : "NULL");
            }
            out.push_back(std::move(line));
        }
        sqlite3_finalize(stmt);
        return out;
    }

    std::string one(const std::string &sql) const
    {
        const auto all = rows(sql);
        return all.empty() ? std::string() : all.front();
    }

    long long count(const std::string &sql) const { return std::stoll(one(sql)); }

    /// Every table's rows, sorted, with the schema: two databases with the same dump hold the same data.
    std::string dump() const
    {
        std::string text;
        for (const auto &line : rows("PRAGMA user_version")) {
            text += line + "\n";
        }
        for (const auto &line : rows("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
            text += line + "\n";
        }
        for (const auto &table : rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            auto lines = rows("SELECT * FROM \"" + table + "\"");
            std::sort(lines.begin(), lines.end());
            text += "## " + table + " (" + std::to_string(lines.size()) + " rows)\n";
            for (const auto &line : lines) {
                text += line + "\n";
            }
        }
        return text;
    }

private:
    sqlite3 *m_db = nullptr;
};

/// `text` with every occurrence of `from` replaced by `to`.
inline std::string replaceAll(std::string text, const std::string &from, const std::string &to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

} // namespace harbour::testing::trust
