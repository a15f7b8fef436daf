#pragma once

// Hand-built snapshots for the analysis tests: records name entities, and every pair named in
// one record is linked "co_mentioned", as the store derives them.

#include "harbour/analysis/suggestions.h"
#include "harbour/snapshot.h"

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace harbour::analysis::testing {

inline Date day(int y, unsigned m, unsigned d)
{
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

inline DateTime at(Date date)
{
    return std::chrono::sys_days{date};
}

inline Grading grade(char source, char intelligence)
{
    Grading g;
    g.source = source;
    g.intelligence = intelligence;
    g.handling = 'P';
    return g;
}

class SnapshotBuilder {
public:
    explicit SnapshotBuilder(Date asOf = day(2026, 3, 31)) { m_snapshot.asOf = asOf; }

    EntityId entity(EntityType type, std::string label, std::map<std::string, std::string> attributes = {})
    {
        EntityInfo e;
        e.id = static_cast<EntityId>(m_snapshot.entities.size() + 1);
        e.type = type;
        e.key = std::string(toString(type)) + ":" + label;
        e.label = std::move(label);
        e.attributes = std::move(attributes);
        m_snapshot.entities.push_back(e);
        return e.id;
    }
    EntityId child(std::string label) { return person(std::move(label), SubjectRole::Victim); }
    EntityId suspect(std::string label) { return person(std::move(label), SubjectRole::Perpetrator); }
    EntityId person(std::string label, SubjectRole role)
    {
        const EntityId id = entity(EntityType::Person, std::move(label));
        m_snapshot.entities.back().roles.insert(role);
        return id;
    }

    /// A record naming `named`; every pair is linked co_mentioned.
    RecordRowId record(std::initializer_list<EntityId> named, Date date = day(2026, 3, 31),
                       Grading grading = grade('1', 'A'), RecordKind kind = RecordKind::InformationReport)
    {
        RecordInfo r;
        r.rowId = static_cast<RecordRowId>(m_snapshot.records.size() + 1);
        r.id = "IR-" + std::to_string(r.rowId);
        r.kind = kind;
        r.at = at(date);
        r.grading = grading;
        m_snapshot.records.push_back(r);
        std::vector<EntityId> ids(named);
        for (EntityId e : ids) {
            m_snapshot.mentions.push_back({r.rowId, e, "unknown", false});
        }
        for (std::size_t i = 0; i < ids.size(); ++i) {
            for (std::size_t j = i + 1; j < ids.size(); ++j) {
                relate(r.rowId, ids[i], ids[j], "co_mentioned");
            }
        }
        return r.rowId;
    }

    void relate(RecordRowId record, EntityId a, EntityId b, const std::string &relation)
    {
        m_links[{std::min(a, b), std::max(a, b)}].push_back({record, relation});
    }

    void screened(EntityId child, RiskLevel final, Trend trend = Trend::Same, int overdue = 0)
    {
        ChildRisk c;
        c.child = child;
        c.final = final;
        c.computed = final;
        c.trend = trend;
        c.overdueActions = overdue;
        c.openActions = overdue;
        m_snapshot.children.push_back(c);
    }

    void foundAt(EntityId child, EntityId place, Date date = day(2026, 3, 20))
    {
        MissingInfo m;
        m.record = record({child, place}, date, grade('1', 'A'), RecordKind::MissingEpisode);
        relate(m.record, std::min(child, place), std::max(child, place), "found_at");
        m.child = child;
        m.wentMissingAt = at(date);
        m.foundAt = place;
        m_snapshot.missing.push_back(m);
    }

    GraphSnapshot build() const
    {
        GraphSnapshot s = m_snapshot;
        for (const auto &[pair, evidence] : m_links) {
            s.links.push_back({pair.first, pair.second, evidence});
        }
        for (EntityInfo &e : s.entities) {
            std::vector<RecordRowId> records;
            for (const Mention &m : s.mentions) {
                if (m.entity == e.id) {
                    records.push_back(m.record);
                }
            }
            std::sort(records.begin(), records.end());
            e.recordCount = static_cast<int>(std::unique(records.begin(), records.end()) - records.begin());
        }
        return s;
    }

private:
    GraphSnapshot m_snapshot;
    std::map<std::pair<EntityId, EntityId>, std::vector<LinkEvidence>> m_links;
};

/// Amy meets Taz, who has a phone and a flat, and passes the bus station, where Zoe (a child)
/// and twenty others are seen too: enough records for the station's links to be damped as a
/// hub's. Add to `builder` before building.
struct ChildNearABusyPlace {
    SnapshotBuilder builder;
    EntityId amy = builder.child("Amy");
    EntityId bus = builder.entity(EntityType::Place, "Bus station");
    EntityId taz = builder.suspect("Taz");
    EntityId phone = builder.entity(EntityType::Phone, "07700900123");
    EntityId flat = builder.entity(EntityType::Place, "Flat");
    EntityId zoe = builder.child("Zoe");

    ChildNearABusyPlace()
    {
        builder.record({amy, bus});
        builder.record({amy, taz});
        builder.record({taz, phone});
        builder.record({taz, flat});
        builder.record({bus, zoe});
        for (int i = 0; i < 20; ++i) {
            builder.record({bus, builder.entity(EntityType::Person, "Passer-by " + std::to_string(i))});
        }
    }
};

/// A who-is-who pair between two entries with one piece of evidence: what the identities are
/// resolved from, without the scorer.
inline MergeSuggestion scored(EntityId a, EntityId b, double score)
{
    MergeSuggestion pair;
    pair.a = std::min(a, b);
    pair.b = std::max(a, b);
    pair.score = score;
    pair.evidence.push_back({SuggestionEvidenceKind::NameSimilarity, "names alike", score});
    return pair;
}

} // namespace harbour::analysis::testing
