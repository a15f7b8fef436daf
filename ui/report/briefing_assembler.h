#pragma once

// The briefing's assembler, shared by the files that write its sections: briefing.cpp (the
// strategy meeting briefing), briefing_profile.cpp (the problem profile), briefing_mace.cpp
// (MACE packs) and briefing_time.cpp (when, events, before and after). Private to harbour_report.

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/timeline.h"
#include "harbour/children.h"
#include "harbour/report/briefing.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace harbour::report::detail {

std::string pseudonymLetters(std::size_t index);
std::string gradingText(const Grading &grading);
/// Cut at a word boundary near `limit` bytes, never inside a UTF-8 character, with " ...".
std::string truncated(std::string text, std::size_t limit);
/// The non-empty parts with `separator` between them.
std::string joined(const std::vector<std::string> &parts, std::string_view separator);
std::string nowUtc();

/// One of the briefing's inputs: what the caller lent (BriefingSources), or else what was read
/// here and is kept here.
template <typename T>
class LentOrRead {
public:
    /// Uses `lent` when given; otherwise keeps what read() returns (a Result<T>, or a T).
    template <typename Read>
    Status lendOr(const T *lent, Read &&read)
    {
        m_lent = lent;
        if (m_lent) {
            return {};
        }
        if constexpr (std::is_same_v<std::decay_t<decltype(read())>, T>) {
            m_read = read();
        } else {
            auto value = read();
            if (!value) {
                return value.error();
            }
            m_read = std::move(value).value();
        }
        return {};
    }
    const T &operator*() const { return m_lent ? *m_lent : m_read; }
    const T *operator->() const { return &**this; }

private:
    const T *m_lent = nullptr;
    T m_read{};
};

struct Scope {
    std::unordered_set<EntityId> entities;
    std::vector<EntityId> children; ///< in briefing order (highest risk first)
};

class Assembler {
public:
    Assembler(Store &store, const BriefingRequest &request, const analysis::AnalysisPolicy &policy,
              const TacticsCatalogue *tactics, const BriefingSources &loaded)
        : m_store(store), m_request(request), m_policy(policy), m_tactics(tactics), m_loaded(loaded)
    {
    }

    Result<BriefingData> run();

private:
    Status load();
    Status chooseScope();
    /// Profile and MACE context: the entities of a postcode district (or everything), and the
    /// whole network among them for the tables (briefing_profile.cpp).
    Status chooseAreaScope();
    void pseudonyms();
    void summary();
    void childrenSection();
    void diagramSection();
    void suspectsSection();
    void targetsSection();
    void timelineSection();
    void gapsSection();
    void recordsSection();
    void redact();

    // The problem profile (briefing_profile.cpp).
    void profileSections();
    void profileNumbers();
    void scaleSection(const std::vector<StoredScreening> &screenings);
    void levelsSection();
    void networksSection();
    void hotspotsSection();
    void sourcesSection();
    /// The premises, vehicles and places in scope by hotspot score, each with its peak time.
    void placesTable(BriefingSection &section, const std::string &noun);
    void qualitySection(const std::vector<StoredScreening> &screenings);

    // MACE packs (briefing_mace.cpp).
    void maceChildSections();
    void maceContextSections();

    // Time: "when" in words, events, before and after (briefing_time.cpp).
    /// Reads what the time sections need for the entities in scope (once).
    Status readTimes();
    /// The peak of missing episodes and incidents concerning `entities`, in words; everything
    /// in scope when empty.
    std::string whenInWords(std::span<const EntityId> entities) const;
    /// "When: most missing episodes began and incidents happened on Friday and Saturday, 21:00 to
    /// 02:00 (UK local time)." for a paragraph.
    std::string whenSentence(std::span<const EntityId> entities) const;
    analysis::WeekMatrix weekOf(std::span<const EntityId> entities) const;
    /// Day by three-hour band counts, for a table a panel can read.
    static BriefingTable weekTable(const analysis::WeekMatrix &matrix);
    /// Each disruption action marked done against anything in scope, before and after.
    void beforeAfterSection(const std::string &heading);
    /// Every event of one entity on one axis, as a table.
    void eventsSection(const std::string &heading, EntityId entity);
    /// Every entity in scope, ascending.
    std::vector<EntityId> scopeEntities() const;

    std::string labelOf(EntityId id) const
    {
        const auto *entity = m_snapshot->findEntity(id);
        return entity ? entity->label : "entity " + std::to_string(id);
    }
    bool inScope(EntityId id) const { return m_scope.entities.contains(id); }
    /// Every entity and link in scope: the drawn diagram, or for a child drawn in part, more.
    const Diagram &scopeDiagram() const { return m_wider ? *m_wider : m_out.diagram; }

    Store &m_store;
    const BriefingRequest &m_request;
    const analysis::AnalysisPolicy &m_policy;
    const TacticsCatalogue *m_tactics;
    BriefingSources m_loaded;
    /// The request's child (Child, MaceChild) as the entity that stands for it in the snapshot;
    /// chooseScope() sets it, and everything after reads it rather than the request.
    EntityId m_child = 0;

    LentOrRead<GraphSnapshot> m_snapshot;
    LentOrRead<analysis::AnalysisResult> m_analysis;
    LentOrRead<std::vector<ChildRow>> m_rows;
    std::unordered_map<EntityId, const ChildRow *> m_rowOf;
    std::unordered_map<EntityId, std::vector<std::string>> m_screenedNames;
    std::vector<DisruptionAction> m_disruptions;
    LentOrRead<std::vector<StoredMissingEpisode>> m_missing;
    const analysis::Cluster *m_cluster = nullptr;
    Scope m_scope;
    std::optional<Diagram> m_wider; ///< a child's scope when the page draws only part of it
    Redactor m_redactor;
    std::unordered_map<EntityId, std::string> m_pseudonyms;
    BriefingData m_out;
    analysis::TimeSources m_time;   ///< readTimes()
    bool m_timesRead = false;
    std::unordered_set<EntityId> m_inArea; ///< --area: the entities whose own postcode is in the district
    std::vector<ScreeningLevel> m_levels; ///< every child's screenings, for before and after
};

} // namespace harbour::report::detail
