#include "snapshot_builder.h"

#include "harbour/store.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_set>

namespace harbour::store {

std::unordered_map<EntityId, EntityId> resolveMergeChains(const std::unordered_map<EntityId, EntityId> &direct)
{
    std::unordered_map<EntityId, EntityId> resolved;
    for (const auto &[merged, kept] : direct) {
        EntityId target = kept;
        for (int hops = 0; hops < 1000; ++hops) {
            auto it = direct.find(target);
            if (it == direct.end()) {
                break;
            }
            target = it->second;
        }
        resolved[merged] = target;
    }
    return resolved;
}

void applyMerges(MissingInfo &episode, const Canonical &canonical)
{
    episode.child = canonical(episode.child);
    if (episode.foundAt) {
        episode.foundAt = canonical(*episode.foundAt);
    }
    for (EntityId &with : episode.foundWith) {
        with = canonical(with);
    }
}

SubjectRole roleFromMention(std::string_view role)
{
    if (role == "victim" || role == "child") {
        return SubjectRole::Victim;
    }
    if (role == "perpetrator") {
        return SubjectRole::Perpetrator;
    }
    if (role == "associate" || role == "found_with") {
        return SubjectRole::Associate;
    }
    return SubjectRole::Unknown;
}

bool isPersonRole(std::string_view role)
{
    return role == "victim" || role == "child" || role == "perpetrator" || role == "associate" || role == "unknown" ||
           role == "found_with";
}

bool onlyAddsRecords(std::string_view action)
{
    static constexpr std::array<std::string_view, 8> kActions = {
        "import",           "override", "review", "export", "disruption", kAuditMergeRejected, kAuditIdentityConfirmed,
        kAuditIdentitySplit};
    return std::find(kActions.begin(), kActions.end(), action) != kActions.end();
}

std::uint32_t RelationNames::indexOf(std::string_view name)
{
    const auto it = std::find(m_names.begin(), m_names.end(), name);
    if (it != m_names.end()) {
        return static_cast<std::uint32_t>(it - m_names.begin());
    }
    m_names.emplace_back(name);
    return static_cast<std::uint32_t>(m_names.size() - 1);
}

void RelationNames::sort(std::vector<PairEvidence> &pairs) const
{
    std::vector<std::uint32_t> byName(m_names.size());
    std::iota(byName.begin(), byName.end(), 0u);
    std::sort(byName.begin(), byName.end(), [&](std::uint32_t x, std::uint32_t y) { return m_names[x] < m_names[y]; });
    std::vector<std::uint32_t> rankOf(m_names.size());
    for (std::uint32_t r = 0; r < byName.size(); ++r) {
        rankOf[byName[r]] = r;
    }
    std::sort(pairs.begin(), pairs.end(), [&](const PairEvidence &x, const PairEvidence &y) {
        return std::tie(x.a, x.b, x.record, rankOf[x.relation]) < std::tie(y.a, y.b, y.record, rankOf[y.relation]);
    });
    pairs.erase(std::unique(pairs.begin(), pairs.end(),
                            [](const PairEvidence &x, const PairEvidence &y) { return x.key() == y.key(); }),
                pairs.end());
}

std::vector<LinkInfo> RelationNames::links(const std::vector<PairEvidence> &pairs,
                                           const std::vector<EntityInfo> &entities) const
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        count += i == 0 || pairs[i].a != pairs[i - 1].a || pairs[i].b != pairs[i - 1].b ? 1 : 0;
    }
    std::vector<LinkInfo> out;
    out.reserve(count);
    for (std::size_t i = 0; i < pairs.size();) {
        std::size_t end = i + 1;
        while (end < pairs.size() && pairs[end].a == pairs[i].a && pairs[end].b == pairs[i].b) {
            ++end;
        }
        LinkInfo link{entities[pairs[i].a].id, entities[pairs[i].b].id, {}};
        link.evidence.reserve(end - i);
        for (; i < end; ++i) {
            link.evidence.push_back({pairs[i].record, m_names[pairs[i].relation]});
        }
        out.push_back(std::move(link));
    }
    return out;
}

void CoMentions::add(RecordRowId record, std::uint32_t entityAt)
{
    if (record != m_record) {
        flush();
        m_record = record;
    }
    m_group.push_back(entityAt);
}

void CoMentions::flush()
{
    std::sort(m_group.begin(), m_group.end());
    m_group.erase(std::unique(m_group.begin(), m_group.end()), m_group.end());
    for (std::size_t i = 0; i < m_group.size(); ++i) {
        for (std::size_t j = i + 1; j < m_group.size(); ++j) {
            m_pairs.push_back({m_group[i], m_group[j], m_record, 0});
        }
    }
    m_group.clear();
}

std::vector<LinkInfo> mergeLinks(const std::vector<LinkInfo> &before, std::vector<LinkInfo> added)
{
    // Each link of `before` is copied once, into its final place.
    const auto byEnds = [](const LinkInfo &x, const LinkInfo &y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); };
    std::vector<LinkInfo> out;
    out.reserve(before.size() + added.size());
    auto next = before.begin();
    for (LinkInfo &link : added) {
        const auto at = std::lower_bound(next, before.end(), link, byEnds);
        out.insert(out.end(), next, at);
        next = at;
        if (next != before.end() && next->a == link.a && next->b == link.b) {
            LinkInfo &joined = out.emplace_back(*next++);
            joined.evidence.insert(joined.evidence.end(), std::make_move_iterator(link.evidence.begin()),
                                   std::make_move_iterator(link.evidence.end()));
        } else {
            out.push_back(std::move(link));
        }
    }
    out.insert(out.end(), next, before.end());
    return out;
}

LinkEvidenceReader::LinkEvidenceReader(GraphSnapshot &snap, const DenseIndex &indexOf)
    : m_snap(snap), m_indexOf(indexOf), m_lastRecordOf(snap.entities.size(), -1), m_coMentions(m_pairs)
{
}

void LinkEvidenceReader::mention(RecordRowId record, EntityId entity, std::string role, bool extracted)
{
    const std::uint32_t at = m_indexOf.find(entity);
    if (at == DenseIndex::kNone) {
        return;
    }
    EntityInfo &info = m_snap.entities[at];
    if (info.type == EntityType::Person && isPersonRole(role)) {
        info.roles.insert(roleFromMention(role));
    }
    if (m_lastRecordOf[at] != record) {
        m_lastRecordOf[at] = record;
        ++info.recordCount;
    }
    m_coMentions.add(record, at);
    m_snap.mentions.push_back({record, entity, std::move(role), extracted});
}

void LinkEvidenceReader::link(EntityId a, EntityId b, RecordRowId record, std::string_view relation)
{
    const std::uint32_t atA = m_indexOf.find(a);
    const std::uint32_t atB = m_indexOf.find(b);
    if (atA == atB || atA == DenseIndex::kNone || atB == DenseIndex::kNone) {
        return;
    }
    m_pairs.push_back({std::min(atA, atB), std::max(atA, atB), record, m_relations.indexOf(relation)});
}

const std::vector<PairEvidence> &LinkEvidenceReader::finish()
{
    m_coMentions.flush();
    m_relations.sort(m_pairs);
    return m_pairs;
}

std::vector<LinkInfo> LinkEvidenceReader::links() const
{
    return m_relations.links(m_pairs, m_snap.entities);
}

std::optional<std::pair<ChildRisk, RecordRowId>> latestScreening(std::span<const ScreeningRow> rows,
                                                                 const TimeWindow &window)
{
    const ScreeningRow *latest = nullptr;
    const ScreeningRow *previous = nullptr;
    int count = 0;
    for (const ScreeningRow &row : rows) {
        if (window.until && row.screenedAt > *window.until) {
            break;
        }
        previous = latest;
        latest = &row;
        ++count;
    }
    if (latest == nullptr) {
        return std::nullopt;
    }
    ChildRisk risk;
    risk.child = latest->child;
    risk.screenedAt = latest->screenedAt;
    risk.computed = latest->computed;
    risk.final = latest->final;
    risk.trend = trendBetween(previous ? std::optional{previous->final} : std::nullopt, risk.final);
    risk.screeningCount = count;
    return std::pair{std::move(risk), latest->record};
}

SnapshotBuilder::SnapshotBuilder(const TimeWindow &window, Date asOf, std::unordered_map<EntityId, EntityId> merged)
    : m_window(window), m_merged(std::move(merged))
{
    m_snap.asOf = asOf;
}

void SnapshotBuilder::addRecord(RecordInfo record)
{
    ++m_currentRecords;
    const auto at = static_cast<std::size_t>(record.rowId);
    if (record.rowId < 0) {
        return;
    }
    if (m_included.size() <= at) {
        m_included.resize(at * 2 + 1, 0);
    }
    if (!m_window.contains(record.at)) {
        m_included[at] = 2;
        if (record.kind == RecordKind::Screening) {
            m_screeningIdsOutside.emplace(record.rowId, std::move(record.id));
        }
        return;
    }
    m_included[at] = 1;
    m_snap.records.push_back(std::move(record));
}

void SnapshotBuilder::reserve(std::size_t entities, std::size_t mentions)
{
    // Millions of entities and mentions: reserve once rather than move them all on every doubling.
    m_snap.entities.reserve(entities);
    m_snap.mentions.reserve(mentions);
}

void SnapshotBuilder::addEntity(EntityInfo entity)
{
    m_stage = Stage::Entities;
    if (m_canonical.mergedAway(entity.id)) {
        const EntityId kept = m_canonical(entity.id);
        m_foldedAway.emplace_back(kept, std::move(entity));
        return;
    }
    m_snap.entities.push_back(std::move(entity));
}

void SnapshotBuilder::endEntities()
{
    m_indexOf = DenseIndex(m_snap.entities, [](const EntityInfo &e) { return e.id; });
    for (auto &[kept, e] : m_foldedAway) {
        const std::uint32_t at = m_indexOf.find(kept);
        if (at == DenseIndex::kNone) {
            continue;
        }
        EntityInfo &info = m_snap.entities[at];
        info.mergedFrom.push_back(e.id);
        info.attributes.insert(e.attributes.begin(), e.attributes.end());
    }
    std::vector<std::pair<EntityId, EntityInfo>>().swap(m_foldedAway);
    m_evidence.emplace(m_snap, m_indexOf);
    m_stage = Stage::Evidence;
}

void SnapshotBuilder::addMention(RecordRowId record, EntityId entity, std::string role, bool extracted)
{
    if (m_stage < Stage::Evidence) {
        endEntities();
    }
    if (isIncluded(record)) {
        m_evidence->mention(record, m_canonical(entity), std::move(role), extracted);
    }
}

void SnapshotBuilder::addLink(EntityId a, EntityId b, RecordRowId record, std::string_view relation)
{
    if (m_stage < Stage::Evidence) {
        endEntities();
    }
    if (isIncluded(record)) {
        m_evidence->link(m_canonical(a), m_canonical(b), record, relation);
    }
}

void SnapshotBuilder::endEvidence()
{
    if (m_stage < Stage::Evidence) {
        endEntities();
    }
    m_evidence->finish();
    m_snap.links = m_evidence->links();
    m_evidence.reset();
    m_stage = Stage::Screenings;
}

void SnapshotBuilder::addScreening(RecordRowId record, EntityId child, Date screenedAt, RiskLevel computed,
                                   RiskLevel final)
{
    if (m_stage < Stage::Screenings) {
        endEvidence();
    }
    if (isCurrent(record)) {
        m_screenings.push_back({record, m_canonical(child), screenedAt, computed, final});
    }
}

void SnapshotBuilder::endScreenings()
{
    if (m_stage < Stage::Screenings) {
        endEvidence();
    }
    m_stage = Stage::Actions;
    // Merges can interleave two children's histories: order by child, then date (then the
    // order the rows came in: child as stored, then record).
    std::stable_sort(m_screenings.begin(), m_screenings.end(), [](const ScreeningRow &x, const ScreeningRow &y) {
        return std::tie(x.child, x.screenedAt) < std::tie(y.child, y.screenedAt);
    });
    const auto screeningId = [&](RecordRowId rowId) {
        if (const RecordInfo *inside = m_snap.findRecord(rowId)) {
            return inside->id;
        }
        const auto outside = m_screeningIdsOutside.find(rowId);
        return outside == m_screeningIdsOutside.end() ? std::string() : outside->second;
    };
    for (std::size_t i = 0; i < m_screenings.size();) {
        std::size_t end = i;
        while (end < m_screenings.size() && m_screenings[end].child == m_screenings[i].child) {
            ++end;
        }
        const std::uint32_t at = m_indexOf.find(m_screenings[i].child);
        auto latest = latestScreening(std::span(m_screenings).subspan(i, end - i), m_window);
        if (latest && at != DenseIndex::kNone) {
            auto &[risk, record] = *latest;
            risk.screeningId = screeningId(record);
            if (m_childOfScreening.size() <= static_cast<std::size_t>(record)) {
                m_childOfScreening.resize(std::max(m_included.size(), static_cast<std::size_t>(record) + 1),
                                          DenseIndex::kNone);
            }
            m_childOfScreening[static_cast<std::size_t>(record)] = static_cast<std::uint32_t>(m_snap.children.size());
            m_snap.entities[at].roles.insert(SubjectRole::Victim);
            m_snap.children.push_back(std::move(risk));
        }
        i = end;
    }
    std::vector<ScreeningRow>().swap(m_screenings);
}

bool SnapshotBuilder::wantsActions()
{
    if (m_stage < Stage::Actions) {
        endScreenings();
    }
    return !m_snap.children.empty();
}

void SnapshotBuilder::addOpenAction(RecordRowId screening, std::optional<Date> due)
{
    if (m_stage < Stage::Actions) {
        endScreenings();
    }
    if (screening < 0 || static_cast<std::size_t>(screening) >= m_childOfScreening.size() ||
        m_childOfScreening[static_cast<std::size_t>(screening)] == DenseIndex::kNone) {
        return;
    }
    ChildRisk &risk = m_snap.children[m_childOfScreening[static_cast<std::size_t>(screening)]];
    ++risk.openActions;
    if (due && *due < m_snap.asOf) {
        ++risk.overdueActions;
    }
}

void SnapshotBuilder::addMissing(MissingInfo episode)
{
    if (m_stage < Stage::Actions) {
        endScreenings();
    }
    m_stage = Stage::Missing;
    if (!isIncluded(episode.record)) {
        return;
    }
    applyMerges(episode, m_canonical);
    m_snap.missing.push_back(std::move(episode));
}

GraphSnapshot SnapshotBuilder::finish(SnapshotMark mark)
{
    if (m_stage < Stage::Actions) {
        endScreenings();
    }
    if (m_window.since || m_window.until) {
        // Outside the window an entity that nothing mentions is noise; children with a
        // screening in force stay.
        std::unordered_set<EntityId> screened;
        for (const auto &child : m_snap.children) {
            screened.insert(child.child);
        }
        std::erase_if(m_snap.entities,
                      [&](const EntityInfo &e) { return e.recordCount == 0 && !screened.contains(e.id); });
    }
    mark.currentRecords = m_currentRecords;
    m_snap.mark = std::move(mark);
    return std::move(m_snap);
}

} // namespace harbour::store
