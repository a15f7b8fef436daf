#pragma once

#include "harbour/model.h"
#include "harbour/risk.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace harbour {

/// Only records whose effective date lies in [since, until] (both inclusive, either open).
struct TimeWindow {
    std::optional<Date> since;
    std::optional<Date> until;
    bool contains(DateTime at) const;
    bool contains(Date day) const;
    bool unbounded() const { return !since && !until; }
    /// Both ends given and the start after the end: a window nothing can fall in.
    bool reversed() const { return since && until && *since > *until; }
    bool operator==(const TimeWindow &) const = default;
};

/// A record as the analyses see it: when, what kind, how well graded.
struct RecordInfo {
    RecordRowId rowId = 0;
    std::string id;
    RecordKind kind = RecordKind::InformationReport;
    DateTime at{};
    Grading grading;

    bool operator==(const RecordInfo &) const = default;
};

/// An entity after merges (merged-away entities are folded into the one kept).
struct EntityInfo {
    EntityId id = 0;
    EntityType type = EntityType::Person;
    std::string key;
    std::string label;
    /// Known attributes: dob, gender, address, postcode, description, make, model, colour,
    /// partial ("true"), premises_type, service, handle, lat, lon, name.
    std::map<std::string, std::string> attributes;
    std::set<SubjectRole> roles; ///< roles this person was named in (persons only)
    std::vector<EntityId> mergedFrom;
    int recordCount = 0; ///< distinct records mentioning it (in the window)
    /// Once identities are folded (analysis/identity_fold.h): the identity ("I17"), the other
    /// entries folded into this one (ascending), and whether the model joined any of them with no
    /// analyst action. Empty, empty and false in a snapshot as the store reads it.
    std::string identity;
    std::vector<EntityId> foldedFrom;
    bool joinedAutomatically = false;

    bool operator==(const EntityInfo &) const = default;
    std::string attribute(const std::string &name) const;
    /// The label, and for premises and places with a postcode ", DY1 1AA" after it: two branches
    /// of "Central Private Hire" read apart wherever they are listed by name.
    std::string labelWithPostcode() const;
    bool isChild() const { return roles.contains(SubjectRole::Victim); }
    /// The entries it stands for: itself and those folded into it.
    std::size_t entries() const { return 1 + foldedFrom.size(); }
    bool isSuspect() const { return roles.contains(SubjectRole::Perpetrator); }
};

struct Mention {
    RecordRowId record = 0;
    EntityId entity = 0;
    std::string role;  ///< victim, perpetrator, associate, unknown, alias, vehicle, premises, place, phone, account,
                       ///< found_at, found_with, child
    bool extracted = false; ///< found in the narrative rather than stated in a field

    bool operator==(const Mention &) const = default;
};

/// Why two entities are linked in one record. Every pair of entities named in the same
/// record is linked "co_mentioned" (derived from mentions, never stored twice); records also
/// state sharper relations that the store keeps: alias_of (a person and their nickname),
/// found_at and found_with (missing episodes).
struct LinkEvidence {
    RecordRowId record = 0;
    std::string relation; ///< co_mentioned, alias_of, found_at, found_with

    bool operator==(const LinkEvidence &) const = default;
};

struct LinkInfo {
    EntityId a = 0; ///< a < b
    EntityId b = 0;
    std::vector<LinkEvidence> evidence;

    bool operator==(const LinkInfo &) const = default;
};

/// The current screening state of one child.
struct ChildRisk {
    EntityId child = 0;
    std::string screeningId;
    Date screenedAt{};
    RiskLevel computed = RiskLevel::None;
    RiskLevel final = RiskLevel::None;
    Trend trend = Trend::New;
    int screeningCount = 0;
    int openActions = 0;
    int overdueActions = 0; ///< open actions whose due date is before the snapshot's day

    bool operator==(const ChildRisk &) const = default;
};

struct MissingInfo {
    RecordRowId record = 0;
    EntityId child = 0;
    DateTime wentMissingAt{};
    std::optional<DateTime> returnedAt;
    std::optional<EntityId> foundAt;
    std::vector<EntityId> foundWith;

    bool operator==(const MissingInfo &) const = default;
};

/// Where a snapshot read from a store stood in it, so that a later read can add only what was
/// imported since (Store::snapshotAfter). A snapshot built by hand has none and is never extended.
struct SnapshotMark {
    bool fromStore = false;
    TimeWindow window;                 ///< the window it was read for
    RecordRowId lastRecord = 0;        ///< the highest record row id then
    EntityId lastEntity = 0;           ///< the highest entity id then
    std::int64_t lastAudit = 0;        ///< the last audit entry then
    std::string lastAuditHash;         ///< its hash: the audit log is a hash chain, so this names the database's history
    std::int64_t currentRecords = 0;   ///< how many records were current (an amendment retires one)
    bool extended = false;             ///< an earlier snapshot with what was imported since added to it
};

/// Everything the analyses need, read from the store in one go. Plain data:
/// analyses never touch SQL, and tests build snapshots by hand.
struct GraphSnapshot {
    Date asOf{}; ///< "today" for overdue actions and recency
    std::vector<EntityInfo> entities;
    std::vector<RecordInfo> records;
    std::vector<Mention> mentions;
    std::vector<LinkInfo> links;
    std::vector<ChildRisk> children;
    std::vector<MissingInfo> missing;
    SnapshotMark mark;
    /// Entries folded into another entity of their identity (analysis/identity_fold.h), as they
    /// were, sorted by id; `into` names the entity that now stands for them. Empty until folded.
    struct FoldedEntry {
        EntityInfo entry;
        EntityId into = 0;
        bool operator==(const FoldedEntry &) const = default;
    };
    std::vector<FoldedEntry> folded;

    /// Binary search: `entities` is sorted by id and `records` by rowId. nullptr when absent.
    /// An entry folded into its identity finds the entity that stands for it: one person, one node.
    const EntityInfo *findEntity(EntityId id) const;
    const RecordInfo *findRecord(RecordRowId rowId) const;
    /// The entity standing for `id`: `id` itself unless it was folded into another.
    EntityId standingFor(EntityId id) const;
    /// The entry itself, folded or not, as the store read it (its own label and attributes).
    const EntityInfo *findEntry(EntityId id) const;
};

} // namespace harbour
