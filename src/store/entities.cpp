#include "store/sqlite_store.h"

#include "harbour/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace harbour::store {

namespace {

using nlohmann::json;

json attributesToJson(const std::map<std::string, std::string> &attributes)
{
    json out = json::object();
    for (const auto &[key, value] : attributes) {
        out[key] = value;
    }
    return out;
}

/// The common case of attributesFromText without a JSON document: a flat object of plain
/// strings, as attributesToJson and SQLite's json_patch write it. False (out left partly
/// filled) at the first thing it does not handle: escapes, other value types, odd syntax.
bool flatStringObject(std::string_view text, std::map<std::string, std::string> &out)
{
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) {
            ++i;
        }
    };
    const auto string = [&](std::string_view &value) {
        if (i >= text.size() || text[i] != '"') {
            return false;
        }
        const std::size_t end = text.find_first_of("\"\\", i + 1);
        if (end == std::string_view::npos || text[end] != '"') {
            return false;
        }
        value = text.substr(i + 1, end - i - 1);
        for (const char c : value) {
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
        }
        i = end + 1;
        return true;
    };
    skipSpace();
    if (i >= text.size() || text[i++] != '{') {
        return false;
    }
    skipSpace();
    if (i < text.size() && text[i] == '}') {
        ++i;
        skipSpace();
        return i == text.size();
    }
    while (true) {
        std::string_view key;
        std::string_view value;
        skipSpace();
        if (!string(key)) {
            return false;
        }
        skipSpace();
        if (i >= text.size() || text[i++] != ':') {
            return false;
        }
        skipSpace();
        if (!string(value)) {
            return false;
        }
        out.insert_or_assign(std::string(key), std::string(value));
        skipSpace();
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i < text.size() && text[i] == '}') {
            ++i;
            skipSpace();
            return i == text.size();
        }
        return false;
    }
}

std::map<std::string, std::string> attributesFromText(std::string_view text)
{
    std::map<std::string, std::string> out;
    // Millions of entities are read per snapshot: skip building a JSON document when the text is plain.
    if (flatStringObject(text, out)) {
        return out;
    }
    out.clear();
    const json parsed = json::parse(text, nullptr, false);
    if (parsed.is_object()) {
        for (const auto &[key, value] : parsed.items()) {
            out[key] = value.is_string() ? value.get<std::string>() : value.dump();
        }
    }
    return out;
}

} // namespace

Result<EntityId> SqliteStore::resolveEntity(EntityType type, const std::string &key, const std::string &label,
                                            const std::map<std::string, std::string> &attributes)
{
    std::string cacheKey(toString(type));
    cacheKey += '\x1f';
    cacheKey += key;
    if (auto it = m_entityCache.find(cacheKey); it != m_entityCache.end()) {
        if (auto status = fillAttributes(it->second, attributes); !status) {
            return status.error();
        }
        return it->second.id;
    }
    // Insert first: in a large import nearly every entity not yet cached is new, and this
    // saves it a lookup. An existing one leaves the insert a no-op and is read back.
    auto &insert = statement("INSERT INTO entities (type, key, label, attrs) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (type, key) DO NOTHING");
    std::map<std::string, std::string> nonEmpty;
    for (const auto &[name, value] : attributes) {
        if (!value.empty()) {
            nonEmpty.emplace(name, value);
        }
    }
    insert.bind(1, toString(type)).bind(2, key).bind(3, label).bind(4, attributesToJson(nonEmpty).dump());
    if (auto status = run(insert, "creating entity ", label); !status) {
        return status.error();
    }
    if (sqlite3_changes(m_db) == 1) {
        CachedEntity cached{sqlite3_last_insert_rowid(m_db), 0, {}};
        for (const auto &[name, value] : nonEmpty) {
            cached.learn(name);
        }
        if (m_savepointOpen) {
            m_createdSinceSavepoint.push_back(cacheKey);
        }
        const EntityId id = cached.id;
        m_entityCache.emplace(std::move(cacheKey), std::move(cached));
        return id;
    }
    auto &find = statement("SELECT id, attrs FROM entities WHERE type = ?1 AND key = ?2");
    find.bind(1, toString(type)).bind(2, key);
    const int rc = find.step();
    if (rc != SQLITE_ROW) {
        find.reset();
        return dbError("finding entity");
    }
    CachedEntity cached{find.int64(0), 0, {}};
    for (const auto &[name, value] : attributesFromText(find.view(1))) {
        if (!value.empty()) {
            cached.learn(name);
        }
    }
    find.reset();
    auto &entry = m_entityCache.emplace(std::move(cacheKey), std::move(cached)).first->second;
    if (auto status = fillAttributes(entry, attributes); !status) {
        return status.error();
    }
    return entry.id;
}

Status SqliteStore::addMentions(std::span<const Mention> mentions)
{
    while (!mentions.empty()) {
        const std::size_t n = std::min(mentions.size(), kRowsPerInsert);
        Statement &stmt = multiRowInsert(m_mentionInserts, n,
                                         "INSERT INTO mentions (record, entity, role, extracted) VALUES ",
                                         "(?, ?, ?, ?)",
                                         " ON CONFLICT (record, entity, role) DO UPDATE "
                                         "SET extracted = min(extracted, excluded.extracted)");
        int column = 1;
        for (const Mention &m : mentions.first(n)) {
            stmt.bind(column, m.record).bind(column + 1, m.entity).bind(column + 2, m.role);
            stmt.bind(column + 3, m.extracted ? 1 : 0);
            column += 4;
        }
        if (auto status = run(stmt, "storing mentions"); !status) {
            return status;
        }
        mentions = mentions.subspan(n);
    }
    return {};
}

Status SqliteStore::addLink(EntityId a, EntityId b, RecordRowId record, const std::string &relation)
{
    if (a == b) {
        return {};
    }
    auto &stmt = statement("INSERT OR IGNORE INTO links (a, b, record, relation) VALUES (?1, ?2, ?3, ?4)");
    stmt.bind(1, std::min(a, b)).bind(2, std::max(a, b)).bind(3, record).bind(4, relation);
    return run(stmt, "storing a link");
}

Result<std::vector<EntitySummary>> SqliteStore::entities(std::optional<EntityType> type)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    auto &stmt = statement(
        "SELECT e.id, e.type, e.key, e.label, e.attrs, "
        "(SELECT count(DISTINCT m.record) FROM mentions m JOIN records r ON r.row_id = m.record "
        " WHERE m.entity = e.id AND r.current = 1) "
        "FROM entities e WHERE (?1 IS NULL OR e.type = ?1) ORDER BY e.id");
    if (type) {
        stmt.bind(1, toString(*type));
    } else {
        stmt.bindNull(1);
    }
    std::vector<EntitySummary> out;
    return collect(stmt, out, [&](Statement &s) {
        EntitySummary e = readEntity(s);
        e.recordCount = s.integer(5);
        if (auto it = merged->find(e.id); it != merged->end()) {
            e.mergedInto = it->second;
        }
        out.push_back(std::move(e));
    });
}

Result<EntitySummary> SqliteStore::entitySummary(EntityId id)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    return summaryOf(id, *merged);
}

Result<std::unordered_map<EntityId, std::string>> SqliteStore::entityLabels(std::span<const EntityId> ids)
{
    std::unordered_map<EntityId, std::string> out;
    out.reserve(ids.size());
    auto &stmt = statement("SELECT id, label FROM entities WHERE id IN (SELECT value FROM json_each(?1))");
    stmt.bind(1, idListJson(ids));
    if (auto status = collectStatus(stmt, [&](Statement &s) { out.emplace(s.int64(0), s.text(1)); }); !status) {
        return status.error();
    }
    return out;
}

Result<EntityDetail> SqliteStore::entity(EntityId id)
{
    // Point reads only: a million-report database holds millions of entities.
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    auto self = summaryOf(id, *merged);
    if (!self) {
        return self.error();
    }
    const auto canonicalOf = [&](EntityId e) {
        auto it = merged->find(e);
        return it == merged->end() ? e : it->second;
    };
    // The entity stands for itself and everything merged into it.
    const EntityId canonicalId = canonicalOf(id);
    std::vector<EntityId> members{canonicalId};
    for (const auto &[from, into] : *merged) {
        if (into == canonicalId) {
            members.push_back(from);
        }
    }
    std::sort(members.begin(), members.end());

    EntityDetail detail;
    // The summary already read, unless a merge folded the id into another.
    auto kept = canonicalId == id ? std::move(self) : summaryOf(canonicalId, *merged);
    if (!kept) {
        return kept.error();
    }
    detail.entity = std::move(kept).value();
    std::map<EntityId, std::vector<LinkEvidence>> evidence;
    for (EntityId member : members) {
        auto &mentionStmt = statement("SELECT m.record, m.role, m.extracted FROM mentions m "
                                      "JOIN records r ON r.row_id = m.record WHERE m.entity = ?1 AND r.current = 1 "
                                      "ORDER BY m.record");
        mentionStmt.bind(1, member);
        if (auto status = collectStatus(mentionStmt, [&](Statement &s) {
                detail.mentions.push_back({s.int64(0), canonicalId, s.text(1), s.integer(2) != 0});
            });
            !status) {
            return status.error();
        }
        auto &coStmt = statement("SELECT DISTINCT o.entity, o.record FROM mentions m "
                                 "JOIN mentions o ON o.record = m.record AND o.entity <> m.entity "
                                 "JOIN records r ON r.row_id = m.record "
                                 "WHERE m.entity = ?1 AND r.current = 1");
        coStmt.bind(1, member);
        if (auto status = collectStatus(coStmt, [&](Statement &s) {
                evidence[canonicalOf(s.int64(0))].push_back({s.int64(1), "co_mentioned"});
            });
            !status) {
            return status.error();
        }
        auto &linkStmt = statement("SELECT CASE WHEN l.a = ?1 THEN l.b ELSE l.a END, l.record, l.relation "
                                   "FROM links l JOIN records r ON r.row_id = l.record "
                                   "WHERE (l.a = ?1 OR l.b = ?1) AND r.current = 1");
        linkStmt.bind(1, member);
        if (auto status = collectStatus(linkStmt, [&](Statement &s) {
                evidence[canonicalOf(s.int64(0))].push_back({s.int64(1), s.text(2)});
            });
            !status) {
            return status.error();
        }
    }
    evidence.erase(canonicalId);
    for (auto &[other, items] : evidence) {
        std::sort(items.begin(), items.end(), [](const LinkEvidence &x, const LinkEvidence &y) {
            return std::tie(x.record, x.relation) < std::tie(y.record, y.relation);
        });
        items.erase(std::unique(items.begin(), items.end(),
                                [](const LinkEvidence &x, const LinkEvidence &y) {
                                    return x.record == y.record && x.relation == y.relation;
                                }),
                    items.end());
        EntityLink link;
        auto summary = summaryOf(other, *merged);
        if (!summary) {
            return summary.error();
        }
        link.other = std::move(summary).value();
        link.evidence = items;
        std::vector<RecordRowId> rowIds;
        for (const auto &item : items) {
            rowIds.push_back(item.record);
        }
        rowIds.erase(std::unique(rowIds.begin(), rowIds.end()), rowIds.end());
        for (RecordRowId rowId : rowIds) {
            auto stored = record(rowId);
            if (!stored) {
                return stored.error();
            }
            link.records.push_back(std::move(*stored));
        }
        detail.links.push_back(std::move(link));
    }
    std::sort(detail.links.begin(), detail.links.end(), [](const EntityLink &x, const EntityLink &y) {
        return x.evidence.size() != y.evidence.size() ? x.evidence.size() > y.evidence.size()
                                                      : x.other.id < y.other.id;
    });
    return detail;
}

Result<std::int64_t> SqliteStore::merge(EntityId kept, EntityId merged, const std::string &reason)
{
    if (isBlank(reason)) {
        return makeError(ErrorCode::Usage, "a merge needs a reason (white space alone says nothing)", "reason");
    }
    auto canonicalKept = canonical(kept);
    if (!canonicalKept) {
        return canonicalKept.error();
    }
    auto canonicalMerged = canonical(merged);
    if (!canonicalMerged) {
        return canonicalMerged.error();
    }
    if (*canonicalKept == *canonicalMerged) {
        return makeError(ErrorCode::Usage, "entities " + std::to_string(kept) + " and " + std::to_string(merged) +
                                               " are already the same");
    }
    auto types = queryInt("SELECT count(DISTINCT type) FROM entities WHERE id IN (" + std::to_string(kept) + "," +
                          std::to_string(merged) + ")");
    if (!types) {
        return types.error();
    }
    if (*types != 1) {
        return makeError(ErrorCode::Usage, "only entities of the same type can be merged");
    }
    auto &stmt = statement("INSERT INTO merges (kept, merged, reason, user, at) VALUES (?1, ?2, ?3, ?4, ?5)");
    stmt.bind(1, *canonicalKept).bind(2, *canonicalMerged).bind(3, reason).bind(4, m_options.user).bind(5, nowUtc());
    if (auto status = run(stmt, "recording a merge"); !status) {
        return status.error();
    }
    const std::int64_t id = sqlite3_last_insert_rowid(m_db);
    if (auto status = appendAudit("merge", "entity " + std::to_string(*canonicalMerged) + " into " +
                                               std::to_string(*canonicalKept),
                                  "merge " + std::to_string(id) + ": " + reason);
        !status) {
        return status.error();
    }
    return id;
}

Status SqliteStore::unmerge(std::int64_t mergeId)
{
    auto &stmt = statement("UPDATE merges SET undone_at = ?2 WHERE id = ?1 AND undone_at IS NULL");
    stmt.bind(1, mergeId).bind(2, nowUtc());
    if (auto status = run(stmt, "undoing a merge"); !status) {
        return status;
    }
    if (sqlite3_changes(m_db) == 0) {
        return makeError(ErrorCode::NotFound, "no active merge with id " + std::to_string(mergeId));
    }
    return appendAudit("unmerge", "merge " + std::to_string(mergeId), "");
}

Result<std::vector<MergeDecision>> SqliteStore::merges()
{
    auto &stmt = statement("SELECT id, kept, merged, reason, user, at, undone_at FROM merges ORDER BY id");
    std::vector<MergeDecision> out;
    return collect(stmt, out, [&](Statement &s) {
        out.push_back({s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.text(5), !s.isNull(6)});
    });
}

Result<EntityId> SqliteStore::canonical(EntityId id)
{
    auto exists = queryInt("SELECT count(*) FROM entities WHERE id = " + std::to_string(id));
    if (!exists) {
        return exists.error();
    }
    if (*exists == 0) {
        return makeError(ErrorCode::NotFound, "no entity with id " + std::to_string(id));
    }
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    auto it = merged->find(id);
    return it == merged->end() ? id : it->second;
}

Result<EntitySummary> SqliteStore::summaryOf(EntityId id, const std::unordered_map<EntityId, EntityId> &merged)
{
    auto &stmt = statement("SELECT e.id, e.type, e.key, e.label, e.attrs, "
                           "(SELECT count(DISTINCT m.record) FROM mentions m JOIN records r ON r.row_id = m.record "
                           " WHERE m.entity = e.id AND r.current = 1) "
                           "FROM entities e WHERE e.id = ?1");
    stmt.bind(1, id);
    std::optional<EntitySummary> found;
    if (auto status = collectStatus(stmt, [&](Statement &s) {
            found = readEntity(s);
            found->recordCount = s.integer(5);
        });
        !status) {
        return status.error();
    }
    if (!found) {
        return makeError(ErrorCode::NotFound, "no entity with id " + std::to_string(id));
    }
    if (auto it = merged.find(id); it != merged.end()) {
        found->mergedInto = it->second;
    }
    return std::move(*found);
}

EntitySummary SqliteStore::readEntity(const Statement &s)
{
    EntitySummary e;
    e.id = s.int64(0);
    e.type = entityTypeFromString(s.text(1)).value_or(EntityType::Person);
    e.key = s.text(2);
    e.label = s.text(3);
    e.attributes = attributesFromText(s.view(4));
    return e;
}

Status SqliteStore::fillAttributes(CachedEntity &entity, const std::map<std::string, std::string> &attributes)
{
    std::map<std::string, std::string> missing;
    for (const auto &[name, value] : attributes) {
        if (!value.empty() && !entity.knows(name)) {
            missing.emplace(name, value);
        }
    }
    if (missing.empty()) {
        return {};
    }
    // json_patch adds the new keys and keeps what was there: first statement of a fact wins.
    auto &stmt = statement("UPDATE entities SET attrs = json_patch(?2, attrs) WHERE id = ?1");
    stmt.bind(1, entity.id).bind(2, attributesToJson(missing).dump());
    if (auto status = run(stmt, "updating entity attributes"); !status) {
        return status;
    }
    for (const auto &[name, value] : missing) {
        entity.learn(name);
    }
    return {};
}

Result<std::unordered_map<EntityId, EntityId>> SqliteStore::activeMergeMap()
{
    auto &stmt = statement("SELECT kept, merged FROM merges WHERE undone_at IS NULL ORDER BY id");
    std::unordered_map<EntityId, EntityId> direct;
    if (auto status = collectStatus(stmt, [&](Statement &s) { direct[s.int64(1)] = s.int64(0); }); !status) {
        return status.error();
    }
    return resolveMergeChains(direct);
}

} // namespace harbour::store
