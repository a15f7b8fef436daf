#include "store/sqlite_store.h"

#include "store/screening_codec.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

namespace harbour::store {

namespace {

using nlohmann::json;


/// A screening row: record, then (from `first`) child, screened_at, computed, final, floor, age,
/// rules, next_review, input. Actions are read apart.
StoredScreening readScreening(const Statement &s, std::string id, const std::unordered_map<EntityId, EntityId> &merged,
                              int first = 2)
{
    StoredScreening row;
    row.record = s.int64(0);
    row.id = std::move(id);
    row.child = s.int64(first);
    if (auto it = merged.find(row.child); it != merged.end()) {
        row.child = it->second;
    }
    row.screenedAt = parseDate(s.view(first + 1)).value_or(Date{});
    row.assessment.computed = riskLevelFromString(s.view(first + 2)).value_or(RiskLevel::None);
    row.assessment.final = riskLevelFromString(s.view(first + 3)).value_or(RiskLevel::None);
    if (!s.isNull(first + 4)) {
        row.assessment.floor = riskLevelFromString(s.view(first + 4));
    }
    row.assessment.ageAtScreening = s.integer(first + 5);
    row.assessment.rules = rulesFromText(s.text(first + 6));
    row.assessment.nextReview = parseDate(s.view(first + 7)).value_or(Date{});
    const json input = json::parse(s.view(first + 8), nullptr, false);
    if (input.is_object()) {
        row.input = screeningFromJson(input);
    }
    return row;
}

/// Children's histories in the one order every reader uses: by child (after merges), then date.
/// Merges interleave two children's histories; on one day the screenings go in the order of
/// the children as stored, then of the records, as the snapshot orders them.
template <typename Row>
void orderByChild(std::vector<Row> &rows, const std::vector<EntityId> &rawChild)
{
    std::vector<std::uint32_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        return std::tie(rows[x].child, rows[x].screenedAt, rawChild[x], rows[x].record) <
               std::tie(rows[y].child, rows[y].screenedAt, rawChild[y], rows[y].record);
    });
    std::vector<Row> sorted;
    sorted.reserve(rows.size());
    for (std::uint32_t at : order) {
        sorted.push_back(std::move(rows[at]));
    }
    rows = std::move(sorted);
}

/// A screening's levels from a row of record, child, screened_at, computed, final.
ScreeningLevel readLevel(const Statement &s, std::string id, EntityId child)
{
    ScreeningLevel row;
    row.record = s.int64(0);
    row.id = std::move(id);
    row.child = child;
    row.screenedAt = parseDate(s.view(2)).value_or(Date{});
    row.computed = riskLevelFromString(s.view(3)).value_or(RiskLevel::None);
    row.final = riskLevelFromString(s.view(4)).value_or(RiskLevel::None);
    return row;
}

/// An action of a screening from a row of screening, id, text, condition, due, status.
StoredAction readAction(const Statement &s)
{
    StoredAction action;
    action.id = s.int64(1);
    action.action.text = s.text(2);
    action.action.condition = s.text(3);
    if (!s.isNull(4)) {
        action.action.due = parseDate(s.view(4));
    }
    action.status = s.text(5);
    return action;
}

} // namespace

Status SqliteStore::insertScreening(RecordRowId record, EntityId child, const Screening &input,
                                    const Assessment &assessment, const ScreeningText &text)
{
    auto &stmt = statement("INSERT INTO screenings (record, child, screened_at, computed, final, floor, age, rules, "
                           "next_review, input) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    stmt.bind(1, record)
        .bind(2, child)
        .bind(3, formatDate(input.screenedAt))
        .bind(4, toString(assessment.computed))
        .bind(5, toString(assessment.final))
        .bind(6, assessment.floor ? std::optional<std::string>{std::string(toString(*assessment.floor))}
                                  : std::nullopt)
        .bind(7, assessment.ageAtScreening)
        .bind(8, text.rules)
        .bind(9, formatDate(assessment.nextReview))
        .bind(10, text.input);
    if (auto status = run(stmt, "storing screening ", input.id); !status) {
        return status;
    }
    // A screening sets about ten actions: stored a few statements at a time, not one each.
    std::span<const Action> actions = assessment.actions;
    while (!actions.empty()) {
        const std::size_t n = std::min(actions.size(), kRowsPerInsert);
        Statement &insert = multiRowInsert(m_actionInserts, n,
                                           "INSERT INTO actions (screening, text, condition, due) VALUES ",
                                           "(?, ?, ?, ?)", "");
        int column = 1;
        for (const Action &action : actions.first(n)) {
            insert.bind(column, record).bind(column + 1, action.text).bind(column + 2, action.condition);
            if (action.due) {
                insert.bind(column + 3, formatDate(*action.due));
            } else {
                insert.bindNull(column + 3);
            }
            column += 4;
        }
        if (auto status = run(insert, "storing actions"); !status) {
            return status;
        }
        actions = actions.subspan(n);
    }
    return {};
}

Result<std::vector<StoredScreening>> SqliteStore::screenings(std::optional<EntityId> child)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    std::vector<StoredScreening> out;
    std::vector<EntityId> rawChild; ///< as stored, before merges
    if (child) {
        // One child's history: its own screenings and those of everything merged into it,
        // read through the index on child rather than by reading every screening.
        if (merged->contains(*child)) {
            return out;
        }
        std::vector<EntityId> ids{*child};
        for (const auto &[from, into] : *merged) {
            if (into == *child) {
                ids.push_back(from);
            }
        }
        auto &stmt = statement("SELECT s.record, r.ext_id, s.child, s.screened_at, s.computed, s.final, s.floor, "
                               "s.age, s.rules, s.next_review, s.input FROM screenings s "
                               "JOIN records r ON r.row_id = s.record WHERE r.current = 1 AND s.child = ?1 "
                               "ORDER BY s.screened_at, s.record");
        for (EntityId id : ids) {
            stmt.bind(1, id);
            if (auto status = collectStatus(stmt, [&](Statement &s) {
                    rawChild.push_back(s.int64(2));
                    out.push_back(readScreening(s, s.text(1), *merged));
                });
                !status) {
                return status.error();
            }
        }
    } else if (auto status = scanScreenings(*merged, out, rawChild); !status) {
        return status.error();
    }
    orderByChild(out, rawChild);
    if (auto status = readActions(out); !status) {
        return status.error();
    }
    return out;
}

Result<std::vector<ScreeningSummary>> SqliteStore::screeningSummaries(std::span<const RecordRowId> records)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    const Canonical canonical(*merged);
    // The wanted rows only, sought by row id in ascending order; SQLite picks the two input
    // fields out of the JSON faster than a whole parse here could. CROSS JOIN keeps SQLite
    // from walking every current record (it has no statistics to know better).
    const std::string wanted = idListJson(records);
    std::vector<ScreeningSummary> out;
    out.reserve(records.size());
    auto &stmt = statement("SELECT s.record, r.ext_id, s.child, s.screened_at, s.computed, s.final, s.rules, "
                           "s.next_review, json_extract(s.input, '$.child.name'), "
                           "json_extract(s.input, '$.child.dob') FROM screenings s "
                           "CROSS JOIN records r ON r.row_id = s.record "
                           "WHERE r.current = 1 AND s.record IN (SELECT value FROM json_each(?1)) ORDER BY s.record");
    stmt.bind(1, wanted);
    if (auto status = collectStatus(stmt, [&](Statement &s) {
            ScreeningSummary row;
            row.record = s.int64(0);
            row.id = s.text(1);
            row.child = canonical(s.int64(2));
            row.screenedAt = parseDate(s.view(3)).value_or(Date{});
            row.computed = riskLevelFromString(s.view(4)).value_or(RiskLevel::None);
            row.final = riskLevelFromString(s.view(5)).value_or(RiskLevel::None);
            row.rules = rulesFromText(s.text(6));
            row.nextReview = parseDate(s.view(7)).value_or(Date{});
            row.childName = s.optionalText(8).value_or("");
            if (!s.isNull(9)) {
                row.dob = parsePartialDate(s.view(9));
            }
            out.push_back(std::move(row));
        });
        !status) {
        return status.error();
    }
    // The actions of those screenings, through the index on screening: by screening, then id.
    auto &actionStmt = statement("SELECT screening, id, text, condition, due, status FROM actions "
                                 "WHERE screening IN (SELECT value FROM json_each(?1)) ORDER BY screening, id");
    actionStmt.bind(1, wanted);
    auto owner = out.begin();
    if (auto status = collectStatus(actionStmt, [&](Statement &s) {
            const RecordRowId screening = s.int64(0);
            while (owner != out.end() && owner->record < screening) {
                ++owner;
            }
            if (owner != out.end() && owner->record == screening) {
                owner->actions.push_back(readAction(s));
            }
        });
        !status) {
        return status.error();
    }
    return out;
}

Result<std::vector<ScreeningLevel>> SqliteStore::screeningLevels()
{
    std::vector<ScreeningLevel> out;
    std::vector<EntityId> rawChild;
    bool anyMerged = false;
    const auto onRow = [&](Statement &s, const std::string &id, EntityId raw, EntityId child) {
        out.push_back(readLevel(s, id, child));
        rawChild.push_back(raw);
        anyMerged = anyMerged || raw != child;
    };
    // The covering index screenings_latest keeps this off the pages holding inputs and rules.
    if (auto status = scanCurrentScreenings("SELECT record, child, screened_at, computed, final FROM screenings "
                                            "ORDER BY child, screened_at, record",
                                            onRow);
        !status) {
        return status.error();
    }
    if (anyMerged) {
        orderByChild(out, rawChild);
    }
    return out;
}

Result<std::vector<ScreeningLevel>> SqliteStore::screeningLevels(std::span<const EntityId> children)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    const Canonical canonical(*merged);
    // The children as asked for, and every entity merged into one of them.
    std::vector<EntityId> wanted(children.begin(), children.end());
    std::sort(wanted.begin(), wanted.end());
    std::vector<EntityId> asStored = wanted;
    for (const auto &[from, into] : *merged) {
        if (std::binary_search(wanted.begin(), wanted.end(), into)) {
            asStored.push_back(from);
        }
    }
    std::sort(asStored.begin(), asStored.end());
    std::vector<ScreeningLevel> out;
    std::vector<EntityId> rawChild;
    auto &stmt = statement("SELECT s.record, s.child, s.screened_at, s.computed, s.final, r.ext_id "
                           "FROM screenings s CROSS JOIN records r ON r.row_id = s.record "
                           "WHERE r.current = 1 AND s.child IN (SELECT value FROM json_each(?1)) "
                           "ORDER BY s.child, s.screened_at, s.record");
    stmt.bind(1, idListJson(asStored));
    if (auto status = collectStatus(stmt, [&](Statement &s) {
            const EntityId raw = s.int64(1);
            out.push_back(readLevel(s, s.text(5), canonical(raw)));
            rawChild.push_back(raw);
        });
        !status) {
        return status.error();
    }
    orderByChild(out, rawChild);
    return out;
}

Result<std::vector<EntityId>> SqliteStore::childrenScreenedAfter(RecordRowId record)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    const Canonical canonical(*merged);
    std::vector<EntityId> out;
    auto &stmt = statement("SELECT s.child FROM screenings s JOIN records r ON r.row_id = s.record "
                           "WHERE r.current = 1 AND s.record > ?1");
    stmt.bind(1, record);
    if (auto status = collectStatus(stmt, [&](Statement &s) { out.push_back(canonical(s.int64(0))); }); !status) {
        return status.error();
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<std::unordered_map<EntityId, std::vector<std::string>>> SqliteStore::screenedNames()
{
    std::unordered_map<EntityId, std::vector<std::string>> out;
    const auto onRow = [&](Statement &s, const std::string &, EntityId, EntityId child) {
        auto &names = out[child];
        if (!s.isNull(2)) {
            names.push_back(s.text(2));
        }
        if (s.isNull(3)) {
            return;
        }
        const json aliases = json::parse(s.view(3), nullptr, false);
        for (const auto &alias : aliases.is_array() ? aliases : json::array()) {
            if (alias.is_string()) {
                names.push_back(alias.get<std::string>());
            }
        }
    };
    if (auto status = scanCurrentScreenings("SELECT record, child, json_extract(input, '$.child.name'), "
                                            "json_extract(input, '$.child.aliases') FROM screenings",
                                            onRow);
        !status) {
        return status.error();
    }
    return out;
}

Status SqliteStore::setActionStatus(std::int64_t actionId, const std::string &status)
{
    auto &stmt = statement("UPDATE actions SET status = ?2 WHERE id = ?1");
    stmt.bind(1, actionId).bind(2, status);
    if (auto st = run(stmt, "updating an action"); !st) {
        return st;
    }
    if (sqlite3_changes(m_db) == 0) {
        return makeError(ErrorCode::NotFound, "no action with id " + std::to_string(actionId));
    }
    return appendAudit("action_status", "action " + std::to_string(actionId), status);
}

Status SqliteStore::insertMissingEpisode(RecordRowId record, EntityId child, const MissingEpisode &episode,
                                         std::optional<EntityId> foundAt, const std::vector<EntityId> &foundWith)
{
    json extra = json::object();
    if (episode.reportedToPolice) {
        extra["reported_to_police"] = *episode.reportedToPolice;
    }
    if (episode.returnInterview) {
        extra["return_interview"] = {
            {"held_at", episode.returnInterview->heldAt ? json(formatDate(*episode.returnInterview->heldAt))
                                                        : json(nullptr)},
            {"summary", episode.returnInterview->summary}};
    }
    auto &stmt = statement("INSERT INTO missing_episodes (record, child, went_missing_at, returned_at, found_at, "
                           "found_with, episode) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    stmt.bind(1, record)
        .bind(2, child)
        .bind(3, formatDateTime(episode.wentMissingAt))
        .bind(4, episode.returnedAt ? std::optional<std::string>{formatDateTime(*episode.returnedAt)}
                                    : std::nullopt)
        .bind(5, foundAt)
        .bind(6, json(foundWith).dump())
        .bind(7, extra.dump());
    return run(stmt, "storing missing episode ", episode.id);
}

Result<std::vector<StoredMissingEpisode>> SqliteStore::missingEpisodes(RecordRowId after)
{
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    const auto canonicalOf = [&](EntityId e) {
        auto it = merged->find(e);
        return it == merged->end() ? e : it->second;
    };
    // The episodes first, each record by its key: joined the other way round, SQLite walked
    // every current record (1.8M at a million reports) to find 195k episodes.
    auto &stmt = statement("SELECT m.record, r.ext_id, m.child, m.went_missing_at, m.returned_at, m.found_at, "
                           "m.found_with, m.episode FROM missing_episodes m "
                           "CROSS JOIN records r ON r.row_id = m.record "
                           "WHERE r.current = 1 AND m.record > ?1 ORDER BY m.went_missing_at, m.record");
    stmt.bind(1, after);
    std::vector<StoredMissingEpisode> out;
    return collect(stmt, out, [&](Statement &s) {
        StoredMissingEpisode row;
        row.record = s.int64(0);
        row.id = s.text(1);
        row.child = canonicalOf(s.int64(2));
        row.episode.id = row.id;
        row.episode.wentMissingAt = parseDateTime(s.text(3)).value_or(DateTime{});
        if (auto returned = s.optionalText(4)) {
            row.episode.returnedAt = parseDateTime(*returned);
        }
        if (!s.isNull(5)) {
            row.foundAt = canonicalOf(s.int64(5));
        }
        const json with = json::parse(s.text(6), nullptr, false);
        if (with.is_array()) {
            for (const auto &id : with) {
                row.foundWith.push_back(canonicalOf(id.get<EntityId>()));
            }
        }
        const json extra = json::parse(s.text(7), nullptr, false);
        if (extra.is_object() && extra.contains("reported_to_police")) {
            row.episode.reportedToPolice = extra["reported_to_police"].get<bool>();
        }
        out.push_back(std::move(row));
    });
}

Result<std::vector<std::pair<RecordRowId, std::string>>> SqliteStore::currentScreeningIds()
{
    std::vector<std::pair<RecordRowId, std::string>> out;
    auto &stmt = statement("SELECT row_id, ext_id FROM records WHERE current = 1 AND kind = 'screening' "
                           "ORDER BY row_id");
    if (auto status = collectStatus(stmt, [&](Statement &s) { out.emplace_back(s.int64(0), s.text(1)); });
        !status) {
        return status.error();
    }
    return out;
}

Status SqliteStore::scanScreenings(const std::unordered_map<EntityId, EntityId> &merged,
                                   std::vector<StoredScreening> &out, std::vector<EntityId> &rawChild)
{
    auto current = currentScreeningIds();
    if (!current) {
        return current.error();
    }
    out.reserve(current->size());
    auto next = current->begin();
    auto &stmt = statement("SELECT record, child, screened_at, computed, final, floor, age, rules, next_review, "
                           "input FROM screenings ORDER BY record");
    return collectStatus(stmt, [&](Statement &s) {
        const RecordRowId record = s.int64(0);
        while (next != current->end() && next->first < record) {
            ++next;
        }
        if (next == current->end() || next->first != record) {
            return; // an earlier version of an amended screening
        }
        rawChild.push_back(s.int64(1));
        out.push_back(readScreening(s, std::move(next->second), merged, 1));
    });
}

Status SqliteStore::readActions(std::vector<StoredScreening> &screenings)
{
    const auto onRow = [](StoredScreening &row, Statement &s) {
        StoredAction action = readAction(s);
        row.assessment.actions.push_back(action.action);
        row.actions.push_back(std::move(action));
    };
    if (screenings.size() < 64) {
        auto &stmt = statement("SELECT screening, id, text, condition, due, status FROM actions "
                               "WHERE screening = ?1 ORDER BY id");
        for (auto &row : screenings) {
            stmt.bind(1, row.record);
            if (auto status = collectStatus(stmt, [&](Statement &s) { onRow(row, s); }); !status) {
                return status;
            }
        }
        return {};
    }
    std::unordered_map<RecordRowId, std::uint32_t> indexOf;
    indexOf.reserve(screenings.size());
    for (std::size_t i = 0; i < screenings.size(); ++i) {
        indexOf.emplace(screenings[i].record, static_cast<std::uint32_t>(i));
    }
    auto &stmt = statement("SELECT screening, id, text, condition, due, status FROM actions ORDER BY id");
    return collectStatus(stmt, [&](Statement &s) {
        if (const auto it = indexOf.find(s.int64(0)); it != indexOf.end()) {
            onRow(screenings[it->second], s);
        }
    });
}

} // namespace harbour::store
