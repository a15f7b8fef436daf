#include "store/sqlite_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace harbour::store {

namespace {

using nlohmann::json;

/// A screening row of record, child (as stored), screened_at, computed, final.
ScreeningRow readScreeningRow(const Statement &s)
{
    ScreeningRow row;
    row.record = s.int64(0);
    row.child = s.int64(1);
    row.screenedAt = parseDate(s.view(2)).value_or(Date{});
    row.computed = riskLevelFromString(s.view(3)).value_or(RiskLevel::None);
    row.final = riskLevelFromString(s.view(4)).value_or(RiskLevel::None);
    return row;
}

/// A record row as the snapshot reads it (row_id, ext_id, kind, at, then the grading). The id and
/// grading are the caller's to read.
RecordInfo readRecordInfo(const Statement &s)
{
    RecordInfo r;
    r.rowId = s.int64(0);
    r.at = parseDateTime(s.view(3)).value_or(DateTime{});
    r.kind = recordKindFromString(s.view(2)).value_or(RecordKind::InformationReport);
    return r;
}

/// A missing episode row (record, child, went_missing_at, returned_at, found_at, found_with), ids
/// as stored.
MissingInfo readMissingRow(const Statement &s)
{
    MissingInfo row;
    row.record = s.int64(0);
    row.child = s.int64(1);
    row.wentMissingAt = parseDateTime(s.view(2)).value_or(DateTime{});
    if (!s.isNull(3)) {
        row.returnedAt = parseDateTime(s.view(3));
    }
    if (!s.isNull(4)) {
        row.foundAt = s.int64(4);
    }
    if (const std::string_view with = s.view(5); with != "[]") {
        const json ids = json::parse(with, nullptr, false);
        if (ids.is_array()) {
            for (const auto &id : ids) {
                row.foundWith.push_back(id.get<EntityId>());
            }
        }
    }
    return row;
}

} // namespace

Result<GraphSnapshot> SqliteStore::snapshot(const TimeWindow &window, Date asOf)
{
    // Several scans: one read transaction keeps an import that commits meanwhile out of all of them.
    Result<GraphSnapshot> snap = GraphSnapshot{};
    if (auto status = readTransaction([&]() -> Status {
            snap = readSnapshot(window, asOf);
            return snap ? Status{} : Status{snap.error()};
        });
        !status) {
        return status.error();
    }
    return snap;
}

Result<GraphSnapshot> SqliteStore::snapshotAfter(const GraphSnapshot &previous, const TimeWindow &window, Date asOf)
{
    // One read transaction: the check that only imports came since, and the reads after it,
    // see the same database.
    Result<GraphSnapshot> snap = GraphSnapshot{};
    if (auto status = readTransaction([&]() -> Status {
            auto extended = extendSnapshot(previous, window, asOf);
            if (!extended) {
                return extended.error();
            }
            snap = *extended ? std::move(**extended) : readSnapshot(window, asOf);
            return snap ? Status{} : Status{snap.error()};
        });
        !status) {
        return status.error();
    }
    return snap;
}

Result<SnapshotMark> SqliteStore::readMark(const TimeWindow &window)
{
    SnapshotMark mark;
    mark.fromStore = true;
    mark.window = window;
    // One statement: the last audit entry may be none (a new database), so it is a scalar each.
    auto &stmt = statement("SELECT (SELECT coalesce(max(row_id), 0) FROM records), "
                           "(SELECT coalesce(max(id), 0) FROM entities), "
                           "(SELECT coalesce(max(seq), 0) FROM audit), "
                           "(SELECT hash FROM audit ORDER BY seq DESC LIMIT 1)");
    if (auto status = collectStatus(stmt,
                                    [&](Statement &s) {
                                        mark.lastRecord = s.int64(0);
                                        mark.lastEntity = s.int64(1);
                                        mark.lastAudit = s.int64(2);
                                        mark.lastAuditHash = s.isNull(3) ? std::string() : s.text(3);
                                    });
        !status) {
        return status.error();
    }
    return mark;
}

template <typename Included>
Status SqliteStore::readMentions(Statement &stmt, Included included, const Canonical &canonical,
                                 LinkEvidenceReader &evidence)
{
    return collectStatus(stmt, [&](Statement &s) {
        const RecordRowId record = s.int64(0);
        if (included(record)) {
            evidence.mention(record, canonical(s.int64(1)), s.text(2), s.integer(3) != 0);
        }
    });
}

template <typename Included>
Status SqliteStore::readLinks(Statement &stmt, Included included, const Canonical &canonical,
                              LinkEvidenceReader &evidence)
{
    return collectStatus(stmt, [&](Statement &s) {
        const RecordRowId record = s.int64(2);
        if (included(record)) {
            evidence.link(canonical(s.int64(0)), canonical(s.int64(1)), record, s.view(3));
        }
    });
}

Result<std::optional<GraphSnapshot>> SqliteStore::extendSnapshot(const GraphSnapshot &previous,
                                                                const TimeWindow &window, Date asOf)
{
    // A window would need records outside it, which the previous snapshot did not keep; another
    // day changes which actions are overdue.
    const SnapshotMark &was = previous.mark;
    if (!was.fromStore || !window.unbounded() || !was.window.unbounded() || previous.asOf != asOf) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    // The same database: its audit log still holds the entry the snapshot saw last (a snapshot of
    // another database, or of this one before a backup was restored, is read afresh).
    std::string lastHash;
    auto &lastSeen = statement("SELECT hash FROM audit WHERE seq = ?1");
    lastSeen.bind(1, was.lastAudit);
    if (auto status = collectStatus(lastSeen, [&](Statement &s) { lastHash = s.text(0); }); !status) {
        return status.error();
    }
    if (lastHash != was.lastAuditHash) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    // Only imports since, says the audit log. A merge, unmerge, amendment or action status change
    // alters what the snapshot holds already, so it is read afresh.
    bool onlyImports = true;
    auto &auditStmt = statement("SELECT action FROM audit WHERE seq > ?1");
    auditStmt.bind(1, was.lastAudit);
    if (auto status = collectStatus(auditStmt, [&](Statement &s) { onlyImports = onlyImports && onlyAddsRecords(s.view(0)); });
        !status) {
        return status.error();
    }
    // And, whatever the audit says, no record retired (an amendment retires one).
    auto &stillCurrent = statement("SELECT count(*) FROM records WHERE current = 1 AND row_id <= ?1");
    stillCurrent.bind(1, was.lastRecord);
    std::int64_t current = -1;
    if (auto status = collectStatus(stillCurrent, [&](Statement &s) { current = s.int64(0); }); !status) {
        return status.error();
    }
    if (!onlyImports || current != was.currentRecords) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    auto mark = readMark(window);
    if (!mark) {
        return mark.error();
    }
    auto mergedMap = activeMergeMap();
    if (!mergedMap) {
        return mergedMap.error();
    }
    const Canonical canonical(*mergedMap);
    const RecordRowId after = was.lastRecord;

    // Records, entities and mentions come after the previous ones in id order: copied with room
    // for what is new, so that neither is moved again to grow.
    const auto countAfter = [&](const char *sql, std::int64_t id) -> Result<std::size_t> {
        auto &stmt = statement(sql);
        stmt.bind(1, id);
        std::int64_t count = 0;
        if (auto status = collectStatus(stmt, [&](Statement &s) { count = s.int64(0); }); !status) {
            return status.error();
        }
        return static_cast<std::size_t>(count);
    };
    auto newRecords = countAfter("SELECT count(*) FROM records WHERE current = 1 AND row_id > ?1", after);
    auto newEntities = countAfter("SELECT count(*) FROM entities WHERE id > ?1", was.lastEntity);
    auto newMentions = countAfter("SELECT count(*) FROM mentions WHERE record > ?1", after);
    if (!newRecords || !newEntities || !newMentions) {
        return (!newRecords ? newRecords : !newEntities ? newEntities : newMentions).error();
    }
    GraphSnapshot snap;
    snap.asOf = asOf;
    snap.mark = *mark;
    snap.mark.currentRecords = was.currentRecords + static_cast<std::int64_t>(*newRecords);
    snap.mark.extended = true;
    snap.records.reserve(previous.records.size() + *newRecords);
    snap.records = previous.records;
    snap.entities.reserve(previous.entities.size() + *newEntities);
    snap.entities = previous.entities;
    snap.mentions.reserve(previous.mentions.size() + *newMentions);
    snap.mentions = previous.mentions;
    snap.children = previous.children;
    snap.missing = previous.missing;

    auto &recordStmt = statement("SELECT row_id, ext_id, kind, at, g_source, g_intelligence, g_handling, reliability, "
                                 "accuracy FROM records WHERE current = 1 AND row_id > ?1 ORDER BY row_id");
    recordStmt.bind(1, after);
    if (auto status = collectStatus(recordStmt, [&](Statement &s) {
            RecordInfo r = readRecordInfo(s);
            r.id = s.text(1);
            r.grading = readGrading(s, 4);
            snap.records.push_back(std::move(r));
        });
        !status) {
        return status.error();
    }
    const auto isNew = [&](RecordRowId rowId) { return rowId > after && snap.findRecord(rowId) != nullptr; };

    bool foldedSince = false; // an entity created since and already merged away: read afresh
    auto &entityStmt = statement("SELECT id, type, key, label, attrs FROM entities WHERE id > ?1 ORDER BY id");
    entityStmt.bind(1, was.lastEntity);
    if (auto status = collectStatus(entityStmt, [&](Statement &s) {
            EntitySummary e = readEntity(s);
            foldedSince = foldedSince || canonical.mergedAway(e.id);
            snap.entities.push_back({e.id, e.type, std::move(e.key), std::move(e.label), std::move(e.attributes), {}, {}, 0});
        });
        !status) {
        return status.error();
    }
    if (foldedSince) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    const DenseIndex indexOf(snap.entities, [](const EntityInfo &e) { return e.id; });

    LinkEvidenceReader evidence(snap, indexOf);
    const std::size_t firstNewMention = snap.mentions.size();
    auto &mentionStmt = statement("SELECT record, entity, role, extracted FROM mentions WHERE record > ?1 ORDER BY record");
    mentionStmt.bind(1, after);
    if (auto status = readMentions(mentionStmt, isNew, canonical, evidence); !status) {
        return status.error();
    }
    auto &linkStmt = statement("SELECT a, b, record, relation FROM links WHERE record > ?1");
    linkStmt.bind(1, after);
    if (auto status = readLinks(linkStmt, isNew, canonical, evidence); !status) {
        return status.error();
    }
    const std::vector<PairEvidence> &pairs = evidence.finish();

    // Entities the new records name may have learnt attributes (the first statement of a fact
    // wins, so an import adds them): read again, with those of the entities folded into them.
    std::vector<EntityId> touched;
    for (std::size_t i = firstNewMention; i < snap.mentions.size(); ++i) {
        touched.push_back(snap.mentions[i].entity);
    }
    for (const PairEvidence &pair : pairs) {
        touched.push_back(snap.entities[pair.a].id);
        touched.push_back(snap.entities[pair.b].id);
    }
    snap.links = mergeLinks(previous.links, evidence.links());

    std::vector<EntityId> screenedAgain;
    auto &screenedStmt = statement("SELECT record, child FROM screenings WHERE record > ?1");
    screenedStmt.bind(1, after);
    if (auto status = collectStatus(screenedStmt, [&](Statement &s) {
            if (isNew(s.int64(0))) {
                screenedAgain.push_back(canonical(s.int64(1)));
            }
        });
        !status) {
        return status.error();
    }
    std::vector<MissingInfo> missing;
    auto &missingStmt = statement("SELECT record, child, went_missing_at, returned_at, found_at, found_with "
                                  "FROM missing_episodes WHERE record > ?1 ORDER BY went_missing_at, record");
    missingStmt.bind(1, after);
    if (auto status = collectStatus(missingStmt, [&](Statement &s) {
            if (isNew(s.int64(0))) {
                missing.push_back(readMissingRow(s));
                applyMerges(missing.back(), canonical);
            }
        });
        !status) {
        return status.error();
    }
    for (const MissingInfo &row : missing) {
        touched.push_back(row.child);
        if (row.foundAt) {
            touched.push_back(*row.foundAt);
        }
        touched.insert(touched.end(), row.foundWith.begin(), row.foundWith.end());
    }
    touched.insert(touched.end(), screenedAgain.begin(), screenedAgain.end());
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

    auto &oneEntity = statement("SELECT id, type, key, label, attrs FROM entities WHERE id = ?1");
    const auto readOne = [&](EntityId id) -> Result<std::optional<EntitySummary>> {
        oneEntity.bind(1, id);
        std::optional<EntitySummary> found;
        if (auto status = collectStatus(oneEntity, [&](Statement &s) { found = readEntity(s); }); !status) {
            return status.error();
        }
        return found;
    };
    for (const EntityId id : touched) {
        const std::uint32_t at = indexOf.find(id);
        if (id > was.lastEntity || at == DenseIndex::kNone) {
            continue; // read whole above, or not in the snapshot
        }
        EntityInfo &info = snap.entities[at];
        auto own = readOne(id);
        if (!own) {
            return own.error();
        }
        if (!*own) {
            return std::optional<GraphSnapshot>{}; // read afresh
        }
        info.key = std::move((*own)->key);
        info.label = std::move((*own)->label);
        info.attributes = std::move((*own)->attributes);
        for (const EntityId from : info.mergedFrom) {
            auto folded = readOne(from);
            if (!folded) {
                return folded.error();
            }
            if (*folded) {
                info.attributes.insert((*folded)->attributes.begin(), (*folded)->attributes.end());
            }
        }
    }

    // A child screened since: its whole history again (merges can join several), as the full
    // read finds it, and the open actions of its latest screening.
    std::sort(screenedAgain.begin(), screenedAgain.end());
    screenedAgain.erase(std::unique(screenedAgain.begin(), screenedAgain.end()), screenedAgain.end());
    auto &historyStmt = statement("SELECT record, child, screened_at, computed, final FROM screenings "
                                  "WHERE child = ?1 ORDER BY screened_at, record");
    auto &actionStmt = statement("SELECT due FROM actions WHERE screening = ?1 AND status = 'open'");
    for (const EntityId child : screenedAgain) {
        const std::uint32_t at = indexOf.find(child);
        if (at == DenseIndex::kNone) {
            continue;
        }
        std::vector<EntityId> stored = snap.entities[at].mergedFrom;
        stored.push_back(child);
        std::sort(stored.begin(), stored.end());
        std::vector<ScreeningRow> history;
        for (const EntityId id : stored) {
            historyStmt.bind(1, id);
            if (auto status = collectStatus(historyStmt, [&](Statement &s) {
                    if (snap.findRecord(s.int64(0)) != nullptr) { // current (the window is whole)
                        history.push_back(readScreeningRow(s));
                        history.back().child = canonical(history.back().child);
                    }
                });
                !status) {
                return status.error();
            }
        }
        std::stable_sort(history.begin(), history.end(),
                         [](const ScreeningRow &x, const ScreeningRow &y) { return x.screenedAt < y.screenedAt; });
        auto latest = latestScreening(history, window);
        if (!latest) {
            continue;
        }
        // Named, not a structured binding: the lambda below uses it, which clang 14 does not allow.
        ChildRisk &risk = latest->first;
        const RecordRowId record = latest->second;
        risk.screeningId = snap.findRecord(record)->id;
        actionStmt.bind(1, record);
        if (auto status = collectStatus(actionStmt, [&](Statement &s) {
                ++risk.openActions;
                if (!s.isNull(0)) {
                    const auto due = parseDate(s.view(0));
                    risk.overdueActions += due && *due < asOf ? 1 : 0;
                }
            });
            !status) {
            return status.error();
        }
        snap.entities[at].roles.insert(SubjectRole::Victim);
        const auto place = std::lower_bound(snap.children.begin(), snap.children.end(), child,
                                            [](const ChildRisk &c, EntityId id) { return c.child < id; });
        if (place != snap.children.end() && place->child == child) {
            *place = std::move(risk);
        } else {
            snap.children.insert(place, std::move(risk));
        }
    }

    addEpisodesInOrder(snap.missing, std::move(missing), [](const MissingInfo &e) -> const DateTime & {
        return e.wentMissingAt;
    });
    return std::optional<GraphSnapshot>(std::move(snap));
}

Result<GraphSnapshot> SqliteStore::readSnapshot(const TimeWindow &window, Date asOf)
{
    auto mark = readMark(window);
    if (!mark) {
        return mark.error();
    }
    auto merged = activeMergeMap();
    if (!merged) {
        return merged.error();
    }
    SnapshotBuilder builder(window, asOf, std::move(*merged));

    // Every current record: the builder keeps those in the window. The covering index
    // records_current keeps this scan off the pages holding the records' JSON.
    auto &recordStmt = statement("SELECT row_id, ext_id, kind, at, g_source, g_intelligence, g_handling, reliability, "
                                 "accuracy FROM records WHERE current = 1 ORDER BY row_id");
    if (auto status = collectStatus(recordStmt, [&](Statement &s) {
            RecordInfo r = readRecordInfo(s);
            r.id = s.text(1);
            r.grading = readGrading(s, 4);
            builder.addRecord(std::move(r));
        });
        !status) {
        return status.error();
    }

    auto entityCount = queryInt("SELECT count(*) FROM entities");
    auto mentionCount = queryInt("SELECT count(*) FROM mentions");
    builder.reserve(entityCount ? static_cast<std::size_t>(*entityCount) : 0,
                    mentionCount ? static_cast<std::size_t>(*mentionCount) : 0);
    auto &entityStmt = statement("SELECT id, type, key, label, attrs FROM entities ORDER BY id");
    if (auto status = collectStatus(entityStmt, [&](Statement &s) {
            EntitySummary e = readEntity(s);
            builder.addEntity({e.id, e.type, std::move(e.key), std::move(e.label), std::move(e.attributes), {}, {}, 0});
        });
        !status) {
        return status.error();
    }

    // Mentions grouped by record give both the mention list and the co-mention links.
    auto &mentionStmt = statement("SELECT record, entity, role, extracted FROM mentions ORDER BY record");
    if (auto status = collectStatus(mentionStmt, [&](Statement &s) {
            builder.addMention(s.int64(0), s.int64(1), s.text(2), s.integer(3) != 0);
        });
        !status) {
        return status.error();
    }
    auto &linkStmt = statement("SELECT a, b, record, relation FROM links");
    if (auto status = collectStatus(linkStmt, [&](Statement &s) {
            builder.addLink(s.int64(0), s.int64(1), s.int64(2), s.view(3));
        });
        !status) {
        return status.error();
    }

    // Children: only what a child's state needs is read (no inputs, rules or action texts).
    auto &screeningStmt = statement("SELECT record, child, screened_at, computed, final FROM screenings "
                                    "ORDER BY child, screened_at, record");
    if (auto status = collectStatus(screeningStmt, [&](Statement &s) {
            const ScreeningRow row = readScreeningRow(s);
            builder.addScreening(row.record, row.child, row.screenedAt, row.computed, row.final);
        });
        !status) {
        return status.error();
    }
    if (auto status = readOpenActions(builder); !status) {
        return status.error();
    }

    // By date, then record: the order a later import's episodes are merged in (snapshotAfter).
    auto &missingStmt = statement("SELECT record, child, went_missing_at, returned_at, found_at, found_with "
                                  "FROM missing_episodes ORDER BY went_missing_at, record");
    if (auto status = collectStatus(missingStmt, [&](Statement &s) { builder.addMissing(readMissingRow(s)); });
        !status) {
        return status.error();
    }
    return builder.finish(std::move(*mark));
}

Status SqliteStore::readOpenActions(SnapshotBuilder &builder)
{
    if (!builder.wantsActions()) {
        return {};
    }
    // One pass over the open actions for the children's counts (one scan in table order beats a
    // query per child by far at a million screenings).
    auto &actionStmt = statement("SELECT screening, due FROM actions WHERE status = 'open'");
    return collectStatus(actionStmt, [&](Statement &s) {
        builder.addOpenAction(s.int64(0), s.isNull(1) ? std::nullopt : parseDate(s.view(1)));
    });
}

} // namespace harbour::store
