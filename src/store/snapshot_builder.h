#pragma once

#include "harbour/dense_index.h"
#include "harbour/snapshot.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

/// Building a GraphSnapshot from a store's rows, whatever the database: the SQLite store feeds
/// it rows today, and a server database can feed it the same rows from its own queries. Nothing
/// here knows SQL.
namespace harbour::store {

/// Entity ids after the active merges: a merged-away entity stands for the one finally kept.
class Canonical {
public:
    explicit Canonical(const std::unordered_map<EntityId, EntityId> &merged) : m_merged(merged) {}

    EntityId operator()(EntityId id) const
    {
        if (m_merged.empty()) {
            return id;
        }
        const auto it = m_merged.find(id);
        return it == m_merged.end() ? id : it->second;
    }
    bool mergedAway(EntityId id) const { return m_merged.contains(id); }

private:
    const std::unordered_map<EntityId, EntityId> &m_merged;
};

/// Merge decisions (merged -> kept, oldest first) followed through chains (A into B, B into C)
/// to the entity finally kept.
std::unordered_map<EntityId, EntityId> resolveMergeChains(const std::unordered_map<EntityId, EntityId> &direct);

/// An episode's entities after merges.
void applyMerges(MissingInfo &episode, const Canonical &canonical);

/// The role a person mention gives them; Unknown for other roles.
SubjectRole roleFromMention(std::string_view role);
/// Whether a mention's role names a person (as opposed to a vehicle, a place, ...).
bool isPersonRole(std::string_view role);

/// Audit actions that change nothing a snapshot holds except by adding records: an import adds
/// them (an amendment, which retires one, is audited as "amend"), the others record a decision.
bool onlyAddsRecords(std::string_view action);

/// One piece of link evidence while the snapshot is read: entity positions (ascending ids), the
/// record, and the relation as an index into the names read so far.
struct PairEvidence {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    RecordRowId record = 0;
    std::uint32_t relation = 0;

    auto key() const { return std::tie(a, b, record, relation); }
};

/// Relations by name; evidence refers to them by position until the links are built.
class RelationNames {
public:
    std::uint32_t indexOf(std::string_view name);
    const std::string &name(std::uint32_t index) const { return m_names[index]; }

    /// Sorts evidence by pair, then record, then relation name, and drops repeats: the order in
    /// which a link's evidence is shown.
    void sort(std::vector<PairEvidence> &pairs) const;
    /// The links that sorted evidence makes, one per pair of entities, in the order of their ends.
    std::vector<LinkInfo> links(const std::vector<PairEvidence> &pairs, const std::vector<EntityInfo> &entities) const;

private:
    std::vector<std::string> m_names{"co_mentioned"};
};

/// Mentions read record after record: every two distinct entities of a record are co-mentioned.
class CoMentions {
public:
    explicit CoMentions(std::vector<PairEvidence> &pairs) : m_pairs(pairs) {}

    void add(RecordRowId record, std::uint32_t entityAt);
    void flush();

private:
    std::vector<PairEvidence> &m_pairs;
    std::vector<std::uint32_t> m_group;
    RecordRowId m_record = -1;
};

/// `before` (sorted by ends) with `added` (sorted by ends, from later records) merged in: a pair in
/// both gets the added evidence after its own, which keeps it in record order.
std::vector<LinkInfo> mergeLinks(const std::vector<LinkInfo> &before, std::vector<LinkInfo> added);

/// The evidence of a snapshot's links and what the mentions say of each entity, fed mention and
/// link rows: used by a whole read and by one that extends an earlier snapshot.
class LinkEvidenceReader {
public:
    /// `snap.entities` is complete and `indexOf` indexes it.
    LinkEvidenceReader(GraphSnapshot &snap, const DenseIndex &indexOf);

    /// A mention row, in record order, of an included record (`entity` after merges): the
    /// mention, the person's role, the entity's record count and the co-mention evidence.
    void mention(RecordRowId record, EntityId entity, std::string role, bool extracted);
    /// A stored link row of an included record (ends after merges).
    void link(EntityId a, EntityId b, RecordRowId record, std::string_view relation);
    /// Ends the rows: the evidence sorted, repeats dropped.
    const std::vector<PairEvidence> &finish();
    /// The links the evidence makes (after finish()).
    std::vector<LinkInfo> links() const;

private:
    GraphSnapshot &m_snap;
    const DenseIndex &m_indexOf;
    std::vector<RecordRowId> m_lastRecordOf;
    std::vector<PairEvidence> m_pairs;
    RelationNames m_relations;
    CoMentions m_coMentions;
};

/// A screening as the snapshot reads it: only what a child's state needs.
struct ScreeningRow {
    RecordRowId record = 0;
    EntityId child = 0; ///< after merges
    Date screenedAt{};
    RiskLevel computed = RiskLevel::None;
    RiskLevel final = RiskLevel::None;
};

/// A child's state from its screenings in date order: the latest up to the window's end, and the
/// one before it for the trend. The screening's id and its actions are the caller's to add.
/// nullopt when none is in the window.
std::optional<std::pair<ChildRisk, RecordRowId>> latestScreening(std::span<const ScreeningRow> rows,
                                                                 const TimeWindow &window);

/// A whole snapshot from a store's rows, fed in this order:
///   every current record (row order), the entities (id order), the mentions (record order), the
///   stored links, the screenings of current records (any order), the open actions of the
///   children's latest screenings (when wantsActions()), the missing episodes (by date, then record).
/// Ids are as stored: merges are applied here.
class SnapshotBuilder {
public:
    /// `merged`: the active merges, merged -> finally kept (resolveMergeChains).
    SnapshotBuilder(const TimeWindow &window, Date asOf, std::unordered_map<EntityId, EntityId> merged);

    const Canonical &canonical() const { return m_canonical; }
    bool isCurrent(RecordRowId rowId) const { return stateOf(rowId) != 0; }
    bool isIncluded(RecordRowId rowId) const { return stateOf(rowId) == 1; }

    void addRecord(RecordInfo record);
    void reserve(std::size_t entities, std::size_t mentions);
    void addEntity(EntityInfo entity);
    void addMention(RecordRowId record, EntityId entity, std::string role, bool extracted);
    void addLink(EntityId a, EntityId b, RecordRowId record, std::string_view relation);
    void addScreening(RecordRowId record, EntityId child, Date screenedAt, RiskLevel computed, RiskLevel final);
    /// Whether any child has a screening whose open actions are wanted.
    bool wantsActions();
    void addOpenAction(RecordRowId screening, std::optional<Date> due);
    void addMissing(MissingInfo episode);
    GraphSnapshot finish(SnapshotMark mark);

private:
    int stateOf(RecordRowId rowId) const
    {
        return rowId >= 0 && static_cast<std::size_t>(rowId) < m_included.size()
                   ? m_included[static_cast<std::size_t>(rowId)]
                   : 0;
    }
    void endEntities();
    void endEvidence();
    void endScreenings();

    enum class Stage { Records, Entities, Evidence, Screenings, Actions, Missing };
    TimeWindow m_window;
    std::unordered_map<EntityId, EntityId> m_merged;
    Canonical m_canonical{m_merged};
    GraphSnapshot m_snap;
    Stage m_stage = Stage::Records;
    std::int64_t m_currentRecords = 0;
    /// By row id: 1 = current and in the window, 2 = current but outside it.
    std::vector<char> m_included;
    std::unordered_map<RecordRowId, std::string> m_screeningIdsOutside;
    std::vector<std::pair<EntityId, EntityInfo>> m_foldedAway;
    DenseIndex m_indexOf;
    std::optional<LinkEvidenceReader> m_evidence;
    std::vector<ScreeningRow> m_screenings;
    std::vector<std::uint32_t> m_childOfScreening;
};

} // namespace harbour::store
