#include "store/sqlite_store.h"

#include "harbour/file_kind.h"
#include "sqlite_schema.h"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace harbour::store {

namespace {

std::string defaultUser()
{
    for (const char *name : {"HARBOUR_USER", "USER", "LOGNAME"}) {
        if (const char *value = std::getenv(name); value && *value) {
            return value;
        }
    }
    return "unknown";
}


/// A reader that may not write the database or its folder cannot make the -shm file that WAL
/// mode reads through ("attempt to write a readonly database"), nor should it leave one there.
/// Without a -wal file nobody has the database open, so it can be read as an immutable file.
bool readAsImmutable(const std::filesystem::path &path)
{
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0) {
        return false;
    }
    struct stat info {};
    return ::stat((path.string() + "-wal").c_str(), &info) != 0;
}

/// An SQLite URI naming `path` read as immutable (every byte that could be read as syntax escaped).
std::string immutableUri(const std::string &path)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += c;
        } else {
            uri += '%';
            uri += kHex[byte >> 4];
            uri += kHex[byte & 0xf];
        }
    }
    return uri + "?immutable=1";
}

} // namespace

std::string nowUtc()
{
    return formatDateTime(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

/// Ids as a JSON array, bound to `IN (SELECT value FROM json_each(?))`: one statement for a list
/// of any length, SQLite having no array binding built in. SQLite walks the list in order,
/// seeking each id through the index.
std::string idListJson(std::span<const std::int64_t> ids)
{
    std::string out = "[";
    out.reserve(ids.size() * 8 + 2);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += std::to_string(ids[i]);
    }
    out += ']';
    return out;
}

SqliteStore::SqliteStore(sqlite3 *db, StoreOptions options) : m_db(db), m_options(std::move(options))
{
    if (m_options.user.empty()) {
        m_options.user = defaultUser();
    }
}

SqliteStore::~SqliteStore()
{
    m_statements.clear();
    sqlite3_close_v2(m_db);
}

Status SqliteStore::initialise()
{
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                               "PRAGMA busy_timeout=5000", "PRAGMA temp_store=MEMORY",
                               "PRAGMA cache_size=-65536"}) {
        // The journal settings are the writer's business; a reader would try to write them.
        if (m_options.readOnly && (std::strstr(pragma, "journal_mode") || std::strstr(pragma, "synchronous"))) {
            continue;
        }
        if (auto status = exec(pragma); !status) {
            return status;
        }
    }
    auto version = queryInt("PRAGMA user_version");
    if (!version) {
        return version.error();
    }
    m_schemaVersion = static_cast<int>(*version);
    if (m_schemaVersion > static_cast<int>(detail::kMigrations.size())) {
        return makeError(ErrorCode::Database, "the database was written by a newer Harbour (schema version " +
                                                  std::to_string(m_schemaVersion) + ")");
    }
    while (m_schemaVersion < static_cast<int>(detail::kMigrations.size())) {
        if (m_options.readOnly) {
            return makeError(ErrorCode::Database, "the database needs a schema upgrade; open it read-write once");
        }
        // Each step and its version bump commit together, so a crash mid-migration
        // leaves the previous version intact.
        const int next = m_schemaVersion + 1;
        std::string sql = "BEGIN IMMEDIATE;\n" + std::string(detail::kMigrations[m_schemaVersion]) +
                          "\nPRAGMA user_version=" + std::to_string(next) + ";\nCOMMIT;";
        if (auto status = exec(sql); !status) {
            static_cast<void>(exec("ROLLBACK")); // the step's own error is the one to report
            return status;
        }
        m_schemaVersion = next;
    }
    return {};
}

Status SqliteStore::begin()
{
    if (auto status = exec("BEGIN IMMEDIATE"); !status) {
        return status;
    }
    m_inTransaction = true;
    return {};
}

Status SqliteStore::commit()
{
    auto status = exec("COMMIT");
    if (status) {
        m_inTransaction = false;
        m_createdSinceSavepoint.clear();
        m_savepointOpen = false;
    }
    return status;
}

Status SqliteStore::rollback()
{
    auto status = exec("ROLLBACK");
    m_inTransaction = false;
    // Entities created inside the transaction are gone: forget everything cached.
    m_entityCache.clear();
    m_createdSinceSavepoint.clear();
    m_savepointOpen = false;
    return status;
}

Status SqliteStore::savepoint()
{
    m_createdSinceSavepoint.clear();
    m_savepointOpen = true;
    return run(statement("SAVEPOINT record"), "opening a savepoint");
}

Status SqliteStore::releaseSavepoint()
{
    m_createdSinceSavepoint.clear();
    m_savepointOpen = false;
    return run(statement("RELEASE record"), "releasing a savepoint");
}

Status SqliteStore::rollbackToSavepoint()
{
    for (const auto &key : m_createdSinceSavepoint) {
        m_entityCache.erase(key);
    }
    m_createdSinceSavepoint.clear();
    m_savepointOpen = false;
    if (auto status = exec("ROLLBACK TO record"); !status) {
        return status;
    }
    return exec("RELEASE record");
}

Status SqliteStore::readTransaction(const std::function<Status()> &reads)
{
    if (sqlite3_get_autocommit(m_db) == 0) {
        return reads(); // already inside one
    }
    if (auto status = exec("BEGIN"); !status) {
        return status;
    }
    auto status = reads();
    if (auto ended = exec(status ? "COMMIT" : "ROLLBACK"); !ended && status) {
        return ended;
    }
    return status;
}

Status SqliteStore::setCacheSize(int mebibytes)
{
    std::string sql = "PRAGMA cache_size=-";
    sql += std::to_string(std::max(1, mebibytes) * 1024);
    return exec(sql);
}

const std::string &SqliteStore::batchTime()
{
    if (!m_inTransaction || m_batchTime.empty()) {
        m_batchTime = nowUtc();
    }
    return m_batchTime;
}

Statement &SqliteStore::statement(std::string_view sql)
{
    auto it = m_statements.find(std::string(sql));
    if (it == m_statements.end()) {
        it = m_statements.emplace(std::string(sql), Statement(m_db, sql)).first;
    }
    return it->second;
}

Status SqliteStore::run(Statement &stmt, std::string_view what, std::string_view detail)
{
    if (!stmt.valid()) {
        return makeError(ErrorCode::Database, std::string(what) + std::string(detail) + ": " + stmt.prepareError());
    }
    const int rc = stmt.step();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        // The message before reset(), which may replace it with a generic one.
        std::string message = std::string(what) + std::string(detail) + ": " + sqlite3_errmsg(m_db);
        stmt.reset();
        return databaseError(std::move(message), rc);
    }
    stmt.reset();
    return {};
}

Result<std::int64_t> SqliteStore::queryInt(const std::string &sql)
{
    Statement stmt(m_db, sql);
    if (!stmt.valid()) {
        return makeError(ErrorCode::Database, stmt.prepareError());
    }
    const int rc = stmt.step();
    if (rc != SQLITE_ROW) {
        return databaseError(sqlite3_errmsg(m_db), rc);
    }
    return stmt.int64(0);
}

Status SqliteStore::exec(const std::string &sql)
{
    char *message = nullptr;
    if (const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        return databaseError(std::move(text), rc);
    }
    return {};
}

Error SqliteStore::dbError(const std::string &what) const
{
    return databaseError(what + ": " + sqlite3_errmsg(m_db), sqlite3_extended_errcode(m_db));
}

Error SqliteStore::databaseError(std::string message, int resultCode) const
{
    Error error = makeError(ErrorCode::Database, std::move(message));
    const int primary = resultCode & 0xff;
    if (primary == SQLITE_FULL || primary == SQLITE_IOERR) {
        if (const char *file = sqlite3_db_filename(m_db, "main"); file != nullptr && *file != '\0') {
            error.file = file;
        }
    }
    return error;
}

} // namespace harbour::store

namespace harbour {

Result<std::unique_ptr<Store>> openSqliteStore(const std::filesystem::path &path, const StoreOptions &options)
{
    const std::string name = path.string();
    const bool inMemory = name == ":memory:";
    if (const auto problem = inMemory ? std::nullopt : whyUnreadable(path); problem && !problem->missing) {
        // A pipe, a folder or a link loop: say so, not SQLite's "disk I/O error".
        return Error{ErrorCode::Io, "cannot open the database: " + problem->reason, name, {}, {}};
    }
    if (!inMemory && !options.readOnly) {
        // Create the file ourselves so that it is owner-only from its first byte; SQLite
        // gives the -wal and -shm files the same mode as the database.
        const int fd = ::open(name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
        if (fd < 0) {
            return Error{ErrorCode::Io, "cannot create or open the database: " + std::string(std::strerror(errno)),
                         name, {}, {}};
        }
        ::close(fd);
    }
    // SQLite's memory statistics take a global mutex on every allocation, and a large import
    // makes millions; Harbour never reads them. Must precede SQLite's initialisation, so it is
    // set before the first open (and quietly refused if something initialised SQLite earlier).
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    sqlite3 *db = nullptr;
    const bool immutable = !inMemory && options.readOnly && store::readAsImmutable(path);
    const int flags = (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | (immutable ? SQLITE_OPEN_URI : 0);
    const std::string target = immutable ? store::immutableUri(name) : name;
    if (sqlite3_open_v2(target.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        return Error{ErrorCode::Database, "cannot open the database: " + message, name, {}, {}};
    }
    auto store = std::make_unique<store::SqliteStore>(db, options);
    if (auto status = store->initialise(); !status) {
        Error error = status.error();
        error.file = name;
        return error;
    }
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace harbour
