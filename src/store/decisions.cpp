#include "store/sqlite_store.h"

#include "harbour/hash.h"

namespace harbour::store {

std::string auditHash(const AuditEntry &e)
{
    return sha256Hex(e.prevHash + "\n" + e.at + "\n" + e.user + "\n" + e.action + "\n" + e.object + "\n" +
                     e.detail);
}

Result<std::int64_t> SqliteStore::addDisruption(const DisruptionAction &action)
{
    auto &stmt = statement("INSERT INTO disruptions (target, tactic, owner, status, due, notes, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    stmt.bind(1, action.target)
        .bind(2, action.tactic)
        .bind(3, action.owner)
        .bind(4, action.status)
        .bind(5, action.due ? std::optional<std::string>{formatDate(*action.due)} : std::nullopt)
        .bind(6, action.notes)
        .bind(7, nowUtc());
    if (auto status = run(stmt, "adding a disruption action"); !status) {
        return status.error();
    }
    const std::int64_t id = sqlite3_last_insert_rowid(m_db);
    if (auto status = appendAudit("disruption", "disruption " + std::to_string(id),
                                  action.tactic + " on entity " + std::to_string(action.target) + ": " +
                                      action.status);
        !status) {
        return status.error();
    }
    return id;
}

Status SqliteStore::updateDisruption(const DisruptionAction &action)
{
    auto &stmt = statement("UPDATE disruptions SET tactic = ?2, owner = ?3, status = ?4, due = ?5, notes = ?6, "
                           "updated_at = ?7 WHERE id = ?1");
    stmt.bind(1, action.id)
        .bind(2, action.tactic)
        .bind(3, action.owner)
        .bind(4, action.status)
        .bind(5, action.due ? std::optional<std::string>{formatDate(*action.due)} : std::nullopt)
        .bind(6, action.notes)
        .bind(7, nowUtc());
    if (auto status = run(stmt, "updating a disruption action"); !status) {
        return status;
    }
    if (sqlite3_changes(m_db) == 0) {
        return makeError(ErrorCode::NotFound, "no disruption action with id " + std::to_string(action.id));
    }
    return appendAudit("disruption", "disruption " + std::to_string(action.id),
                       action.tactic + ": " + action.status);
}

Result<std::vector<DisruptionAction>> SqliteStore::disruptions()
{
    auto &stmt =
        statement("SELECT id, target, tactic, owner, status, due, notes, updated_at FROM disruptions ORDER BY id");
    std::vector<DisruptionAction> out;
    return collect(stmt, out, [&](Statement &s) {
        DisruptionAction a;
        a.id = s.int64(0);
        a.target = s.int64(1);
        a.tactic = s.text(2);
        a.owner = s.text(3);
        a.status = s.text(4);
        if (auto due = s.optionalText(5)) {
            a.due = parseDate(*due);
        }
        a.notes = s.text(6);
        a.updatedAt = s.text(7);
        out.push_back(std::move(a));
    });
}

Status SqliteStore::appendAudit(const std::string &action, const std::string &object, const std::string &detail)
{
    std::string prev;
    auto &last = statement("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (last.step() == SQLITE_ROW) {
        prev = last.text(0);
    }
    last.reset();
    AuditEntry entry;
    entry.at = nowUtc();
    entry.user = m_options.user;
    entry.action = action;
    entry.object = object;
    entry.detail = detail;
    entry.prevHash = prev;
    entry.hash = auditHash(entry);
    auto &stmt = statement("INSERT INTO audit (at, user, action, object, detail, prev_hash, hash) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    stmt.bind(1, entry.at)
        .bind(2, entry.user)
        .bind(3, entry.action)
        .bind(4, entry.object)
        .bind(5, entry.detail)
        .bind(6, entry.prevHash)
        .bind(7, entry.hash);
    return run(stmt, "writing the audit log");
}

Result<std::vector<AuditEntry>> SqliteStore::auditLog()
{
    auto &stmt = statement("SELECT seq, at, user, action, object, detail, prev_hash, hash FROM audit ORDER BY seq");
    std::vector<AuditEntry> out;
    return collect(stmt, out, [&](Statement &s) {
        out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)});
    });
}

} // namespace harbour::store

namespace harbour {

Status verifyAuditChain(const std::vector<AuditEntry> &entries)
{
    std::string prev;
    std::int64_t lastSeq = 0;
    for (const auto &entry : entries) {
        const std::string expected = store::auditHash(entry);
        std::string problem;
        if (lastSeq != 0 && entry.seq != lastSeq + 1) {
            problem = "entry " + std::to_string(lastSeq + 1) + " is missing";
        } else if (entry.prevHash != prev) {
            problem = "entry " + std::to_string(entry.seq) + " does not follow the entry before it";
        } else if (entry.hash != expected) {
            problem = "entry " + std::to_string(entry.seq) + " was altered after it was written";
        }
        if (!problem.empty()) {
            return makeError(ErrorCode::Integrity, "audit chain broken: " + problem);
        }
        prev = entry.hash;
        lastSeq = entry.seq;
    }
    return {};
}

} // namespace harbour
