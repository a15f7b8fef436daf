#pragma once

#include "harbour/model.h"
#include "harbour/result.h"
#include "harbour/risk.h"
#include "harbour/snapshot.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace harbour {

/// The latest stored version of a record id.
struct StoredRecordRef {
    RecordRowId rowId = 0;
    int version = 1;
    std::string contentHash;
};

struct StoredRecord {
    RecordRowId rowId = 0;
    RecordKind kind = RecordKind::InformationReport;
    std::string id;
    int version = 1;
    bool current = true; ///< false once a later version was recorded with --amend
    std::string contentHash;
    std::string json;
    std::string file;
    std::string location;
    DateTime at{};
    Grading grading;
    std::string importedAt;
    std::string importedBy;
};

struct EntitySummary {
    EntityId id = 0;
    EntityType type = EntityType::Person;
    std::string key;
    std::string label;
    std::map<std::string, std::string> attributes;
    int recordCount = 0;
    std::optional<EntityId> mergedInto; ///< set when a merge folded this entity into another
};

/// One linked entity and the records behind the link.
struct EntityLink {
    EntitySummary other;
    std::vector<LinkEvidence> evidence;
    std::vector<StoredRecord> records; ///< the records named in evidence, de-duplicated
};

struct EntityDetail {
    EntitySummary entity;
    std::vector<Mention> mentions;
    std::vector<EntityLink> links;
};

struct StoredAction {
    std::int64_t id = 0;
    Action action;
    std::string status = "open"; ///< open, done
    bool operator==(const StoredAction &) const = default;
};

/// The JSON texts a screening is stored with: the rules its assessment fired, and the inputs the
/// risk engine read (kept beside the verbatim record, so history is shown without re-parsing).
struct ScreeningText {
    std::string rules;
    std::string input;
};
/// Made apart from the store so that an import can make it on its reading thread.
ScreeningText screeningText(const Screening &input, const Assessment &assessment);

struct StoredScreening {
    RecordRowId record = 0;
    std::string id;
    EntityId child = 0;
    Date screenedAt{};
    Screening input;
    Assessment assessment;
    std::vector<StoredAction> actions;
};

/// One screening as a child's history lists it: when, and the levels it gave.
struct ScreeningLevel {
    RecordRowId record = 0;
    std::string id;
    EntityId child = 0; ///< after merges
    Date screenedAt{};
    RiskLevel computed = RiskLevel::None;
    RiskLevel final = RiskLevel::None;
    bool operator==(const ScreeningLevel &) const = default;
};

/// What a child's row shows of one screening: no more of the inputs than the child's name and
/// date of birth, which SQLite picks out of the stored JSON (parsing whole inputs took most of
/// a million-screening read).
struct ScreeningSummary {
    RecordRowId record = 0;
    std::string id;
    EntityId child = 0; ///< after merges
    Date screenedAt{};
    std::string childName;
    std::optional<PartialDate> dob;
    RiskLevel computed = RiskLevel::None;
    RiskLevel final = RiskLevel::None;
    std::vector<RuleFired> rules;
    Date nextReview{};
    std::vector<StoredAction> actions; ///< in id order
};

struct StoredMissingEpisode {
    RecordRowId record = 0;
    std::string id;
    EntityId child = 0;
    MissingEpisode episode;
    std::optional<EntityId> foundAt;
    std::vector<EntityId> foundWith;
    bool operator==(const StoredMissingEpisode &) const = default;
};

/// Missing episodes are listed by when the child went missing, then record. Adds `added`
/// (episodes of records newer than any in `held`, in that order) to `held`, keeping it so: how
/// an extended snapshot and an extended app load take in the episodes imported since.
template <typename Episode, typename WentMissingAt>
void addEpisodesInOrder(std::vector<Episode> &held, std::vector<Episode> added, WentMissingAt wentMissingAt)
{
    const auto before = static_cast<std::ptrdiff_t>(held.size());
    held.insert(held.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
    std::inplace_merge(held.begin(), held.begin() + before, held.end(), [&](const Episode &x, const Episode &y) {
        return std::tie(wentMissingAt(x), x.record) < std::tie(wentMissingAt(y), y.record);
    });
}

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at; ///< UTC "YYYY-MM-DDThh:mm:ssZ"
    std::string user;
    std::string action; ///< import, amend, merge, unmerge, override, disruption, export, ...
    std::string object;
    std::string detail;
    std::string prevHash;
    std::string hash; ///< sha256(prevHash + "\n" + at + "\n" + user + "\n" + action + "\n" + object + "\n" + detail)
};

struct MergeDecision {
    std::int64_t id = 0;
    EntityId kept = 0;
    EntityId merged = 0;
    std::string reason;
    std::string user;
    std::string at;
    bool undone = false;
};

struct DisruptionAction {
    std::int64_t id = 0;
    EntityId target = 0;
    std::string tactic; ///< a key of the tactics catalogue
    std::string owner;
    std::string status = "proposed"; ///< proposed, agreed, in_progress, done, dropped
    std::optional<Date> due;
    std::string notes;
    std::string updatedAt;
};

struct StoreOptions {
    std::string user;       ///< who the audit log names; defaults to $USER
    /// Never writes, and never creates a file beside the database when it or its folder cannot
    /// be written (then it is read as immutable, unless a -wal file says someone has it open).
    bool readOnly = false;
};

/// The single source of truth. One interface; SQLite behind it today (openSqliteStore),
/// written so that a server database can stand beside it without touching importers or analyses.
/// The audit action of a who-is-who suggestion the analyst rejected: the suggestions page writes
/// and reads it, and a snapshot knows it changes no data (Store::snapshotAfter).
inline constexpr const char *kAuditMergeRejected = "merge_rejected";
/// The audit actions of an analyst's identity decisions (analysis/identities.h): both change
/// which entries are taken as one, never the entries themselves.
inline constexpr const char *kAuditIdentityConfirmed = "identity_confirm";
inline constexpr const char *kAuditIdentitySplit = "identity_split";

/// Every method returns an Error rather than throwing; Database errors carry SQLite's message.
class Store {
public:
    virtual ~Store() = default;

    virtual int schemaVersion() const = 0;
    virtual const std::string &user() const = 0;

    // Transactions. A batch is an outer transaction; savepoints nest inside it so that one
    // bad record rolls back alone. Nothing is visible to other connections before commit.
    virtual Status begin() = 0;
    virtual Status commit() = 0;
    virtual Status rollback() = 0;
    virtual Status savepoint() = 0;
    virtual Status releaseSavepoint() = 0;
    virtual Status rollbackToSavepoint() = 0;
    virtual bool inTransaction() const = 0;
    /// Runs `reads` in one read transaction (or in the transaction already open): every read
    /// sees the same state of the database, and the file is locked once rather than per statement.
    virtual Status readTransaction(const std::function<Status()> &reads) = 0;
    /// Lets this connection cache up to `mebibytes` of the database in memory (64 by default).
    /// A large import raises it: the entity and mention indexes outgrow the default cache at a
    /// million reports, and every miss is a read.
    virtual Status setCacheSize(int mebibytes) = 0;

    // Records
    virtual Result<std::optional<StoredRecordRef>> findRecord(RecordKind kind, const std::string &id) = 0;
    /// Stores a record verbatim as `version`; earlier versions of the same id stop being current.
    virtual Result<RecordRowId> insertRecord(const SourceRecord &record, int version) = 0;
    virtual Result<StoredRecord> record(RecordRowId rowId) = 0;
    virtual Result<std::vector<StoredRecord>> records(std::optional<RecordKind> kind = {}) = 0;
    virtual Result<std::int64_t> recordCount() = 0;
    /// Removes what a record version contributed (mentions, links, screening, episode): used
    /// when an amendment replaces it. The verbatim record itself stays.
    virtual Status retireRecordContributions(RecordRowId rowId) = 0;

    // Entities, mentions and links
    /// Finds the entity with (type, key) or creates it; fills attributes that were empty.
    virtual Result<EntityId> resolveEntity(EntityType type, const std::string &key, const std::string &label,
                                           const std::map<std::string, std::string> &attributes) = 0;
    /// Stores mentions (a record's, all at once: a large import writes them in a few statements
    /// instead of one each). A stated mention wins over an extracted one of the same entity and role.
    virtual Status addMentions(std::span<const Mention> mentions) = 0;
    virtual Status addLink(EntityId a, EntityId b, RecordRowId record, const std::string &relation) = 0;
    virtual Result<std::vector<EntitySummary>> entities(std::optional<EntityType> type = {}) = 0;
    /// One entity as stored (its own record count; `mergedInto` when a merge folded it away).
    virtual Result<EntitySummary> entitySummary(EntityId id) = 0;
    /// The labels of these entities as stored (ids with no entity are left out): one statement
    /// through the primary key, nothing else, for lists of many.
    virtual Result<std::unordered_map<EntityId, std::string>> entityLabels(std::span<const EntityId> ids) = 0;
    /// The entity an id stands for (after merges), its mentions and links with their records.
    virtual Result<EntityDetail> entity(EntityId id) = 0;

    // Screenings and missing episodes
    /// `text` is screeningText(input, assessment).
    virtual Status insertScreening(RecordRowId record, EntityId child, const Screening &input,
                                   const Assessment &assessment, const ScreeningText &text) = 0;
    /// Every current screening (or one child's, merges followed), oldest first per child.
    virtual Result<std::vector<StoredScreening>> screenings(std::optional<EntityId> child = {}) = 0;
    /// The current screenings among `records` (ascending row ids), in that order, as much of
    /// each as a child's row shows: meant for many, such as every child's latest.
    virtual Result<std::vector<ScreeningSummary>> screeningSummaries(std::span<const RecordRowId> records) = 0;
    /// Every current screening's levels, oldest first per child, as screenings() orders them;
    /// no inputs, rules or actions, so a million cost little.
    virtual Result<std::vector<ScreeningLevel>> screeningLevels() = 0;
    /// The same for these children only (ids after merges; the screenings of entities merged
    /// into them come with them), read through the index on child.
    virtual Result<std::vector<ScreeningLevel>> screeningLevels(std::span<const EntityId> children) = 0;
    /// The children (after merges) with a current screening stored after `record`, ascending.
    virtual Result<std::vector<EntityId>> childrenScreenedAfter(RecordRowId record) = 0;
    /// Every name and alias each child was screened under (current screenings, merges
    /// followed), for pseudonymising: read inside SQLite, without parsing whole inputs.
    virtual Result<std::unordered_map<EntityId, std::vector<std::string>>> screenedNames() = 0;
    virtual Status setActionStatus(std::int64_t actionId, const std::string &status) = 0;
    virtual Status insertMissingEpisode(RecordRowId record, EntityId child, const MissingEpisode &episode,
                                        std::optional<EntityId> foundAt, const std::vector<EntityId> &foundWith) = 0;
    /// Every current missing episode (or those of records after `after`), by date then record.
    virtual Result<std::vector<StoredMissingEpisode>> missingEpisodes(RecordRowId after = 0) = 0;

    // Who is who
    virtual Result<std::int64_t> merge(EntityId kept, EntityId merged, const std::string &reason) = 0;
    virtual Status unmerge(std::int64_t mergeId) = 0;
    virtual Result<std::vector<MergeDecision>> merges() = 0;
    /// The entity an id now stands for after active merges (itself when not merged).
    virtual Result<EntityId> canonical(EntityId id) = 0;

    // Disruption planning
    virtual Result<std::int64_t> addDisruption(const DisruptionAction &action) = 0;
    virtual Status updateDisruption(const DisruptionAction &action) = 0;
    virtual Result<std::vector<DisruptionAction>> disruptions() = 0;

    // Audit: append-only and hash-chained
    virtual Status appendAudit(const std::string &action, const std::string &object, const std::string &detail) = 0;
    virtual Result<std::vector<AuditEntry>> auditLog() = 0;

    // Damage (store_check.h puts these together)
    /// The database engine's own check of the file: `quick` looks at its structure only, the
    /// full check also compares every index with its table. The problems found; empty when sound.
    virtual Result<std::vector<std::string>> fileProblems(bool quick) = 0;
    /// Calls `visit` with every stored record version in row order, one at a time (a million
    /// records are never all in memory).
    virtual Status forEachRecord(const std::function<void(const StoredRecord &)> &visit) = 0;

    /// Everything the analyses need, merges applied, records limited to the window.
    virtual Result<GraphSnapshot> snapshot(const TimeWindow &window, Date asOf) = 0;
    /// The same as snapshot(window, asOf), built from `previous` (an earlier snapshot of this
    /// store) by adding what has been imported since, when that is all that has happened: the same
    /// window and day, and no merge, amendment or action status change since (the audit log says
    /// which). Otherwise, or for a store that cannot tell, read afresh. `mark.extended` says which.
    virtual Result<GraphSnapshot> snapshotAfter(const GraphSnapshot &previous, const TimeWindow &window, Date asOf)
    {
        (void)previous;
        return snapshot(window, asOf);
    }
};

/// Opens (creating when absent, owner-only permissions) and migrates an SQLite database.
/// ":memory:" gives a private in-memory store for tests.
Result<std::unique_ptr<Store>> openSqliteStore(const std::filesystem::path &path, const StoreOptions &options = {});

/// Checks the audit hash chain; the error names the first entry that does not verify.
Status verifyAuditChain(const std::vector<AuditEntry> &entries);

} // namespace harbour
