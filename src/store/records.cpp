#include "store/sqlite_store.h"

#include <sqlite3.h>

namespace harbour::store {

namespace {

std::optional<std::string> charText(const std::optional<char> &c)
{
    return c ? std::optional<std::string>{std::string(1, *c)} : std::nullopt;
}

std::optional<char> textChar(const std::optional<std::string> &s)
{
    return s && !s->empty() ? std::optional<char>{(*s)[0]} : std::nullopt;
}

} // namespace

Result<std::optional<StoredRecordRef>> SqliteStore::findRecord(RecordKind kind, const std::string &id)
{
    auto &stmt = statement("SELECT row_id, version, content_hash FROM records WHERE kind = ?1 AND ext_id = ?2 "
                           "ORDER BY version DESC LIMIT 1");
    stmt.bind(1, toString(kind)).bind(2, id);
    const int rc = stmt.step();
    std::optional<StoredRecordRef> found;
    if (rc == SQLITE_ROW) {
        found = StoredRecordRef{stmt.int64(0), stmt.integer(1), stmt.text(2)};
    }
    stmt.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return dbError("finding record " + id);
    }
    return found;
}

Result<RecordRowId> SqliteStore::insertRecord(const SourceRecord &record, int version)
{
    if (version > 1) {
        auto &retire = statement("UPDATE records SET current = 0 WHERE kind = ?1 AND ext_id = ?2");
        retire.bind(1, toString(record.kind)).bind(2, record.id);
        if (auto status = run(retire, "retiring record ", record.id); !status) {
            return status.error();
        }
    }
    const Grading grading = record.grading();
    auto &stmt = statement(
        "INSERT INTO records (kind, ext_id, version, current, content_hash, json, file, location, at, g_source, "
        "g_intelligence, g_handling, reliability, accuracy, imported_at, imported_by) "
        "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    stmt.bind(1, toString(record.kind))
        .bind(2, record.id)
        .bind(3, version)
        .bind(4, record.contentHash)
        .bind(5, record.json)
        .bind(6, record.file)
        .bind(7, record.location)
        .bind(8, formatDateTime(record.effectiveAt()))
        .bind(9, charText(grading.source))
        .bind(10, charText(grading.intelligence))
        .bind(11, charText(grading.handling))
        .bind(12, grading.sourceReliability)
        .bind(13, grading.informationAccuracy)
        .bind(14, batchTime())
        .bind(15, m_options.user);
    if (auto status = run(stmt, "storing record ", record.id); !status) {
        return status.error();
    }
    return sqlite3_last_insert_rowid(m_db);
}

Result<StoredRecord> SqliteStore::record(RecordRowId rowId)
{
    auto &stmt = statement(std::string(kRecordColumns) + " WHERE row_id = ?1");
    stmt.bind(1, rowId);
    std::optional<StoredRecord> found;
    const int rc = stmt.step();
    if (rc == SQLITE_ROW) {
        found = readRecord(stmt);
    }
    stmt.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return dbError("reading record");
    }
    if (!found) {
        return makeError(ErrorCode::NotFound, "no record with row id " + std::to_string(rowId));
    }
    return std::move(*found);
}

Result<std::vector<StoredRecord>> SqliteStore::records(std::optional<RecordKind> kind)
{
    auto &stmt = statement(std::string(kRecordColumns) + " WHERE (?1 IS NULL OR kind = ?1) ORDER BY row_id");
    if (kind) {
        stmt.bind(1, toString(*kind));
    } else {
        stmt.bindNull(1);
    }
    std::vector<StoredRecord> out;
    return collect(stmt, out, [&](Statement &s) { out.push_back(readRecord(s)); });
}

Result<std::int64_t> SqliteStore::recordCount()
{
    return queryInt("SELECT count(*) FROM records WHERE current = 1");
}

Status SqliteStore::retireRecordContributions(RecordRowId rowId)
{
    for (const char *sql : {"DELETE FROM mentions WHERE record = ?1", "DELETE FROM links WHERE record = ?1",
                            "DELETE FROM actions WHERE screening = ?1", "DELETE FROM screenings WHERE record = ?1",
                            "DELETE FROM missing_episodes WHERE record = ?1"}) {
        auto &stmt = statement(sql);
        stmt.bind(1, rowId);
        if (auto status = run(stmt, "retiring an amended record"); !status) {
            return status;
        }
    }
    return {};
}

Result<std::vector<std::string>> SqliteStore::fileProblems(bool quick)
{
    Statement stmt(m_db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
    std::vector<std::string> problems;
    if (!stmt.valid()) {
        // A file too damaged to read its schema: that is the finding, not a failure of the check.
        problems.push_back(stmt.prepareError());
        return problems;
    }
    int rc = 0;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        if (std::string line = stmt.text(0); line != "ok") {
            problems.push_back(std::move(line));
        }
    }
    if (rc != SQLITE_DONE) {
        problems.push_back(std::string("the check stopped: ") + sqlite3_errmsg(m_db));
    }
    return problems;
}

Status SqliteStore::forEachRecord(const std::function<void(const StoredRecord &)> &visit)
{
    Statement stmt(m_db, std::string(kRecordColumns) + " ORDER BY row_id");
    return collectStatus(stmt, [&](Statement &s) { visit(readRecord(s)); });
}

StoredRecord SqliteStore::readRecord(const Statement &s)
{
    StoredRecord r;
    r.rowId = s.int64(0);
    r.kind = recordKindFromString(s.text(1)).value_or(RecordKind::InformationReport);
    r.id = s.text(2);
    r.version = s.integer(3);
    r.current = s.integer(4) != 0;
    r.contentHash = s.text(5);
    r.json = s.text(6);
    r.file = s.text(7);
    r.location = s.text(8);
    r.at = parseDateTime(s.text(9)).value_or(DateTime{});
    r.grading = readGrading(s, 10);
    r.importedAt = s.text(15);
    r.importedBy = s.text(16);
    return r;
}

Grading SqliteStore::readGrading(const Statement &s, int first)
{
    Grading g;
    g.source = textChar(s.optionalText(first));
    g.intelligence = textChar(s.optionalText(first + 1));
    g.handling = textChar(s.optionalText(first + 2));
    if (!s.isNull(first + 3)) {
        g.sourceReliability = s.integer(first + 3);
    }
    if (!s.isNull(first + 4)) {
        g.informationAccuracy = s.integer(first + 4);
    }
    return g;
}

} // namespace harbour::store
