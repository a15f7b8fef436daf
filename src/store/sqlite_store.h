#pragma once

// The SQLite store: one class, its methods defined by concern in src/store/ (records.cpp,
// entities.cpp, screenings.cpp, decisions.cpp, snapshot.cpp; opening and the plumbing of
// statements in sqlite_store.cpp). Private to harbour_core: callers see only harbour/store.h.

#include "harbour/store.h"
#include "sqlite_statement.h"
#include "store/snapshot_builder.h"

#include <array>
#include <cstdint>
#include <sqlite3.h>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace harbour::store {

using detail::Statement;

/// The current UTC time as the store writes it ("YYYY-MM-DDThh:mm:ssZ").
std::string nowUtc();
/// Ids as a JSON array, bound to `IN (SELECT value FROM json_each(?))`: one statement for a list
/// of any length, SQLite having no array binding built in. SQLite walks the list in order,
/// seeking each id through the index.
std::string idListJson(std::span<const std::int64_t> ids);
/// sha256(prevHash + "\n" + at + "\n" + user + "\n" + action + "\n" + object + "\n" + detail)
std::string auditHash(const AuditEntry &entry);

class SqliteStore final : public Store {
public:
    SqliteStore(sqlite3 *db, StoreOptions options);
    ~SqliteStore() override;
    /// Applies the connection's settings and migrates the schema to the newest version.
    Status initialise();

    int schemaVersion() const override { return m_schemaVersion; }
    const std::string &user() const override { return m_options.user; }

    // Transactions (sqlite_store.cpp)
    Status begin() override;
    Status commit() override;
    Status rollback() override;
    Status savepoint() override;
    Status releaseSavepoint() override;
    Status rollbackToSavepoint() override;
    bool inTransaction() const override { return m_inTransaction; }
    Status readTransaction(const std::function<Status()> &reads) override;
    Status setCacheSize(int mebibytes) override;

    // Records (records.cpp)
    Result<std::optional<StoredRecordRef>> findRecord(RecordKind kind, const std::string &id) override;
    Result<RecordRowId> insertRecord(const SourceRecord &record, int version) override;
    Result<StoredRecord> record(RecordRowId rowId) override;
    Result<std::vector<StoredRecord>> records(std::optional<RecordKind> kind) override;
    Result<std::int64_t> recordCount() override;
    Status retireRecordContributions(RecordRowId rowId) override;
    Result<std::vector<std::string>> fileProblems(bool quick) override;
    Status forEachRecord(const std::function<void(const StoredRecord &)> &visit) override;

    // Entities, mentions, links and merges (entities.cpp)
    Result<EntityId> resolveEntity(EntityType type, const std::string &key, const std::string &label,
                                   const std::map<std::string, std::string> &attributes) override;
    Status addMentions(std::span<const Mention> mentions) override;
    Status addLink(EntityId a, EntityId b, RecordRowId record, const std::string &relation) override;
    Result<std::vector<EntitySummary>> entities(std::optional<EntityType> type) override;
    Result<EntitySummary> entitySummary(EntityId id) override;
    Result<std::unordered_map<EntityId, std::string>> entityLabels(std::span<const EntityId> ids) override;
    Result<EntityDetail> entity(EntityId id) override;
    Result<std::int64_t> merge(EntityId kept, EntityId merged, const std::string &reason) override;
    Status unmerge(std::int64_t mergeId) override;
    Result<std::vector<MergeDecision>> merges() override;
    Result<EntityId> canonical(EntityId id) override;

    // Screenings and missing episodes (screenings.cpp)
    Status insertScreening(RecordRowId record, EntityId child, const Screening &input, const Assessment &assessment,
                           const ScreeningText &text) override;
    Result<std::vector<StoredScreening>> screenings(std::optional<EntityId> child) override;
    Result<std::vector<ScreeningSummary>> screeningSummaries(std::span<const RecordRowId> records) override;
    Result<std::vector<ScreeningLevel>> screeningLevels() override;
    Result<std::vector<ScreeningLevel>> screeningLevels(std::span<const EntityId> children) override;
    Result<std::vector<EntityId>> childrenScreenedAfter(RecordRowId record) override;
    Result<std::unordered_map<EntityId, std::vector<std::string>>> screenedNames() override;
    Status setActionStatus(std::int64_t actionId, const std::string &status) override;
    Status insertMissingEpisode(RecordRowId record, EntityId child, const MissingEpisode &episode,
                                std::optional<EntityId> foundAt, const std::vector<EntityId> &foundWith) override;
    Result<std::vector<StoredMissingEpisode>> missingEpisodes(RecordRowId after) override;

    // Decisions: disruption plans and the audit log (decisions.cpp)
    Result<std::int64_t> addDisruption(const DisruptionAction &action) override;
    Status updateDisruption(const DisruptionAction &action) override;
    Result<std::vector<DisruptionAction>> disruptions() override;
    Status appendAudit(const std::string &action, const std::string &object, const std::string &detail) override;
    Result<std::vector<AuditEntry>> auditLog() override;

    // The snapshot (snapshot.cpp)
    Result<GraphSnapshot> snapshot(const TimeWindow &window, Date asOf) override;
    Result<GraphSnapshot> snapshotAfter(const GraphSnapshot &previous, const TimeWindow &window, Date asOf) override;

private:
    /// What the import knows of an entity it has resolved: its id and which attributes it
    /// already has (a bit per name in kAttributeNames; others, rare, by name). Millions of these
    /// live through a large import, so they are kept small.
    struct CachedEntity {
        EntityId id = 0;
        std::uint32_t knownBits = 0;
        std::vector<std::string> otherKnown;

        bool knows(const std::string &name) const
        {
            const int bit = attributeBit(name);
            return bit >= 0 ? (knownBits >> bit & 1u) != 0
                            : std::find(otherKnown.begin(), otherKnown.end(), name) != otherKnown.end();
        }
        void learn(const std::string &name)
        {
            if (const int bit = attributeBit(name); bit >= 0) {
                knownBits |= 1u << bit;
            } else if (std::find(otherKnown.begin(), otherKnown.end(), name) == otherKnown.end()) {
                otherKnown.push_back(name);
            }
        }
    };
    static constexpr std::array<std::string_view, 16> kAttributeNames = {
        "name", "gender", "address", "postcode", "description", "dob", "premises_type", "format",
        "make", "model",  "colour",  "partial",  "lat",         "lon", "service",       "handle"};
    static int attributeBit(std::string_view name)
    {
        const auto it = std::find(kAttributeNames.begin(), kAttributeNames.end(), name);
        return it == kAttributeNames.end() ? -1 : static_cast<int>(it - kAttributeNames.begin());
    }

    /// Rows per multi-row INSERT: one statement for a record's mentions or a screening's actions.
    static constexpr std::size_t kRowsPerInsert = 16;
    using MultiRowInserts = std::array<Statement *, kRowsPerInsert + 1>;
    /// The prepared "INSERT ... VALUES (row), (row) ... suffix" for n rows, kept per n.
    Statement &multiRowInsert(MultiRowInserts &cache, std::size_t n, std::string_view head, std::string_view row,
                              std::string_view suffix)
    {
        if (!cache[n]) {
            std::string sql(head);
            for (std::size_t i = 0; i < n; ++i) {
                if (i > 0) {
                    sql += ", ";
                }
                sql.append(row);
            }
            sql += suffix;
            cache[n] = &statement(std::string_view(sql));
        }
        return *cache[n];
    }

    // Records (records.cpp)
    static constexpr std::string_view kRecordColumns =
        "SELECT row_id, kind, ext_id, version, current, content_hash, json, file, location, at, g_source, "
        "g_intelligence, g_handling, reliability, accuracy, imported_at, imported_by FROM records";
    static StoredRecord readRecord(const Statement &s);
    static Grading readGrading(const Statement &s, int first);

    // Entities (entities.cpp)
    /// One entity as stored, with its current record count and the entity it is merged into.
    Result<EntitySummary> summaryOf(EntityId id, const std::unordered_map<EntityId, EntityId> &merged);
    static EntitySummary readEntity(const Statement &s);
    Status fillAttributes(CachedEntity &entity, const std::map<std::string, std::string> &attributes);
    /// Active merges, merged -> finally kept.
    Result<std::unordered_map<EntityId, EntityId>> activeMergeMap();

    // Screenings (screenings.cpp)
    /// Row ids and ids of the current screening records, ascending.
    Result<std::vector<std::pair<RecordRowId, std::string>>> currentScreeningIds();
    /// Reads every current screening in record order. The two tables are read in their own order
    /// and joined here: joined and sorted in SQL, a million screenings went through a temporary
    /// B-tree with their texts.
    Status scanScreenings(const std::unordered_map<EntityId, EntityId> &merged, std::vector<StoredScreening> &out,
                          std::vector<EntityId> &rawChild);
    /// Fills each screening's actions, in id order.
    Status readActions(std::vector<StoredScreening> &screenings);

    // The snapshot (snapshot.cpp)
    Result<GraphSnapshot> readSnapshot(const TimeWindow &window, Date asOf);
    Result<SnapshotMark> readMark(const TimeWindow &window);
    /// `previous` with what was imported since added; nullopt when it cannot be (snapshotAfter).
    Result<std::optional<GraphSnapshot>> extendSnapshot(const GraphSnapshot &previous, const TimeWindow &window,
                                                        Date asOf);
    /// The open actions of the children's latest screenings, for their counts.
    Status readOpenActions(SnapshotBuilder &builder);
    /// Mention rows (record, entity, role, extracted) in record order, of the records `included` takes.
    template <typename Included>
    Status readMentions(Statement &stmt, Included included, const Canonical &canonical, LinkEvidenceReader &evidence);
    /// Stored link rows (a, b, record, relation) of the records `included` takes.
    template <typename Included>
    Status readLinks(Statement &stmt, Included included, const Canonical &canonical, LinkEvidenceReader &evidence);

    // Plumbing (sqlite_store.cpp)
    /// One batch (transaction) shares one import time: it keeps a million inserts from
    /// formatting the clock a million times and says which records arrived together.
    const std::string &batchTime();
    Statement &statement(std::string_view sql);
    /// The same for SQL written in the code: found by the literal's address, so that the
    /// millions of statements of a large import do not copy and hash their text each time.
    template <std::size_t N>
    Statement &statement(const char (&sql)[N])
    {
        Statement *&slot = m_literalStatements[sql];
        if (!slot) {
            slot = &statement(std::string_view(sql, N - 1));
        }
        return *slot;
    }

    /// Steps a statement that returns no rows we need. `what` and `detail` make the message of
    /// an error ("storing record IR-1"); nothing is built unless it fails.
    Status run(Statement &stmt, std::string_view what, std::string_view detail = {});
    /// Runs `sql`, whose first two columns are a screening's record and child, and calls
    /// onRow(statement, screening id, child as stored, child after merges) for each current
    /// screening: earlier versions of amended screenings are skipped.
    template <typename Fn>
    Status scanCurrentScreenings(const char *sql, Fn &&onRow)
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        auto current = currentScreeningIds();
        if (!current) {
            return current.error();
        }
        return collectStatus(statement(sql), [&](Statement &s) {
            const RecordRowId record = s.int64(0);
            const auto id = std::lower_bound(current->begin(), current->end(), record,
                                             [](const auto &entry, RecordRowId r) { return entry.first < r; });
            if (id == current->end() || id->first != record) {
                return;
            }
            const EntityId raw = s.int64(1);
            const auto canonical = merged->find(raw);
            onRow(s, id->second, raw, canonical == merged->end() ? raw : canonical->second);
        });
    }

    template <typename Fn>

    Status collectStatus(Statement &stmt, Fn &&onRow)
    {
        if (!stmt.valid()) {
            return makeError(ErrorCode::Database, stmt.prepareError());
        }
        int rc = 0;
        while ((rc = stmt.step()) == SQLITE_ROW) {
            onRow(stmt);
        }
        stmt.reset();
        if (rc != SQLITE_DONE) {
            return databaseError(sqlite3_errmsg(m_db), rc);
        }
        return {};
    }

    template <typename T, typename Fn>

    Result<std::vector<T>> collect(Statement &stmt, std::vector<T> &out, Fn &&onRow)
    {
        if (auto status = collectStatus(stmt, std::forward<Fn>(onRow)); !status) {
            return status.error();
        }
        return std::move(out);
    }

    Result<std::int64_t> queryInt(const std::string &sql);
    Status exec(const std::string &sql);
    Error dbError(const std::string &what) const;
    /// A failure of the database file or of the disk under it ("database or disk is full",
    /// "disk I/O error") names the file: the analyst must know which disk to free or check.
    Error databaseError(std::string message, int resultCode) const;

    sqlite3 *m_db = nullptr;
    StoreOptions m_options;
    int m_schemaVersion = 0;
    bool m_inTransaction = false;
    std::string m_batchTime;
    std::unordered_map<std::string, Statement> m_statements; // node-based: addresses stay valid
    std::unordered_map<const char *, Statement *> m_literalStatements;
    std::unordered_map<std::string, CachedEntity> m_entityCache;
    MultiRowInserts m_mentionInserts{};
    MultiRowInserts m_actionInserts{};
    std::vector<std::string> m_createdSinceSavepoint; ///< only while a savepoint is open
    bool m_savepointOpen = false;
};

} // namespace harbour::store
