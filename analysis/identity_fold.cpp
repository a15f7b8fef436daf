#include "harbour/analysis/identity_fold.h"

#include "harbour/analysis/analysis_policy.h"

#include <algorithm>
#include <iterator>
#include <tuple>
#include <unordered_map>

namespace harbour::analysis {
namespace {

/// Entity id -> the id of the entry that stands for its identity, for the entries folded away.
using Standing = std::unordered_map<EntityId, EntityId>;

EntityId standing(const Standing &into, EntityId id)
{
    const auto it = into.find(id);
    return it == into.end() ? id : it->second;
}

void foldEntities(GraphSnapshot &snapshot, const Identities &identities, Standing &into)
{
    std::vector<EntityInfo> kept;
    kept.reserve(snapshot.entities.size());
    for (auto &entity : snapshot.entities) {
        const Identity *identity = identities.of(entity.id);
        if (identity != nullptr) {
            entity.identity = identity->id;
        }
        if (identity == nullptr || identity->entities.size() < 2 || identity->entities.front() == entity.id) {
            kept.push_back(std::move(entity));
            continue;
        }
        into.emplace(entity.id, identity->entities.front());
        snapshot.folded.push_back({std::move(entity), identity->entities.front()});
    }
    snapshot.entities = std::move(kept);
    std::sort(snapshot.folded.begin(), snapshot.folded.end(),
              [](const auto &x, const auto &y) { return x.entry.id < y.entry.id; });

    for (auto &head : snapshot.entities) {
        const Identity *identity = identities.of(head.id);
        if (identity == nullptr || identity->entities.size() < 2) {
            continue;
        }
        head.label = identity->label;
        head.joinedAutomatically = identity->automatic;
        // The labelled entry's attributes win; the others fill what it lacks, in id order.
        std::map<std::string, std::string> attributes;
        for (const EntityId id : identity->entities) {
            const EntityInfo *entry = snapshot.findEntry(id);
            if (entry != nullptr && entry->label == identity->label) {
                attributes = entry->attributes;
                break;
            }
        }
        for (const EntityId id : identity->entities) {
            const EntityInfo *entry = snapshot.findEntry(id);
            if (entry == nullptr) {
                continue;
            }
            attributes.insert(entry->attributes.begin(), entry->attributes.end());
            if (id != head.id) {
                head.foldedFrom.push_back(id);
                head.roles.insert(entry->roles.begin(), entry->roles.end());
                head.mergedFrom.insert(head.mergedFrom.end(), entry->mergedFrom.begin(), entry->mergedFrom.end());
            }
        }
        head.attributes = std::move(attributes);
    }
}

void foldMentions(GraphSnapshot &snapshot, const Standing &into)
{
    bool moved = false;
    for (auto &mention : snapshot.mentions) {
        const EntityId to = standing(into, mention.entity);
        moved = moved || to != mention.entity;
        mention.entity = to;
    }
    if (!moved) {
        return;
    }
    // Two entries of one identity named in one record in the same way are one mention now
    // (the model never joins such a pair; an analyst's confirmation can).
    std::vector<Mention> unique;
    unique.reserve(snapshot.mentions.size());
    std::vector<std::size_t> order(snapshot.mentions.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    const auto key = [&](std::size_t i) {
        const auto &m = snapshot.mentions[i];
        return std::tie(m.record, m.entity, m.role, m.extracted);
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
    std::vector<bool> repeat(order.size(), false);
    for (std::size_t k = 1; k < order.size(); ++k) {
        repeat[order[k]] = key(order[k]) == key(order[k - 1]);
    }
    for (std::size_t i = 0; i < snapshot.mentions.size(); ++i) {
        if (!repeat[i]) {
            unique.push_back(std::move(snapshot.mentions[i]));
        }
    }
    snapshot.mentions = std::move(unique);
}

void recountRecords(GraphSnapshot &snapshot, const Standing &into)
{
    std::unordered_map<EntityId, std::vector<RecordRowId>> records;
    for (const auto &[from, to] : into) {
        records.emplace(to, std::vector<RecordRowId>{});
    }
    for (const auto &mention : snapshot.mentions) {
        if (const auto it = records.find(mention.entity); it != records.end()) {
            it->second.push_back(mention.record);
        }
    }
    for (auto &[id, rows] : records) {
        std::sort(rows.begin(), rows.end());
        const auto distinct = std::unique(rows.begin(), rows.end()) - rows.begin();
        const auto at = std::lower_bound(snapshot.entities.begin(), snapshot.entities.end(), id,
                                         [](const EntityInfo &e, EntityId value) { return e.id < value; });
        if (at != snapshot.entities.end() && at->id == id) {
            at->recordCount = static_cast<int>(distinct);
        }
    }
}

void foldLinks(GraphSnapshot &snapshot, const Standing &into)
{
    std::vector<LinkInfo> links;
    links.reserve(snapshot.links.size());
    bool moved = false;
    for (auto &link : snapshot.links) {
        EntityId a = standing(into, link.a);
        EntityId b = standing(into, link.b);
        moved = moved || a != link.a || b != link.b;
        if (a == b) {
            continue; // two entries of one identity: a person is not linked to themself
        }
        link.a = std::min(a, b);
        link.b = std::max(a, b);
        links.push_back(std::move(link));
    }
    if (moved) {
        std::stable_sort(links.begin(), links.end(),
                         [](const LinkInfo &x, const LinkInfo &y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
        std::vector<LinkInfo> joined;
        joined.reserve(links.size());
        for (auto &link : links) {
            if (!joined.empty() && joined.back().a == link.a && joined.back().b == link.b) {
                auto &evidence = joined.back().evidence;
                evidence.insert(evidence.end(), std::make_move_iterator(link.evidence.begin()),
                                std::make_move_iterator(link.evidence.end()));
                std::sort(evidence.begin(), evidence.end(), [](const LinkEvidence &x, const LinkEvidence &y) {
                    return std::tie(x.record, x.relation) < std::tie(y.record, y.relation);
                });
                evidence.erase(std::unique(evidence.begin(), evidence.end()), evidence.end());
            } else {
                joined.push_back(std::move(link));
            }
        }
        links = std::move(joined);
    }
    snapshot.links = std::move(links);
}

void foldChildren(GraphSnapshot &snapshot, const Standing &into)
{
    std::vector<ChildRisk> children;
    children.reserve(snapshot.children.size());
    for (auto &risk : snapshot.children) {
        risk.child = standing(into, risk.child);
        children.push_back(std::move(risk));
    }
    std::stable_sort(children.begin(), children.end(),
                     [](const ChildRisk &x, const ChildRisk &y) { return x.child < y.child; });
    std::vector<ChildRisk> folded;
    folded.reserve(children.size());
    for (auto &risk : children) {
        if (folded.empty() || folded.back().child != risk.child) {
            folded.push_back(std::move(risk));
            continue;
        }
        ChildRisk &kept = folded.back();
        const int screenings = kept.screeningCount + risk.screeningCount;
        const int open = kept.openActions + risk.openActions;
        const int overdue = kept.overdueActions + risk.overdueActions;
        // The latest screening is the child's state, whichever entry it was recorded against.
        if (std::tie(risk.screenedAt, risk.final) > std::tie(kept.screenedAt, kept.final)) {
            kept = std::move(risk);
        }
        kept.screeningCount = screenings;
        kept.openActions = open;
        kept.overdueActions = overdue;
    }
    snapshot.children = std::move(folded);
}

void foldMissing(GraphSnapshot &snapshot, const Standing &into)
{
    for (auto &episode : snapshot.missing) {
        episode.child = standing(into, episode.child);
        if (episode.foundAt) {
            episode.foundAt = standing(into, *episode.foundAt);
        }
        for (auto &with : episode.foundWith) {
            with = standing(into, with);
        }
        std::sort(episode.foundWith.begin(), episode.foundWith.end());
        episode.foundWith.erase(std::unique(episode.foundWith.begin(), episode.foundWith.end()), episode.foundWith.end());
        std::erase(episode.foundWith, episode.child);
    }
}

} // namespace

void foldIdentities(GraphSnapshot &snapshot, const Identities &identities)
{
    Standing into;
    foldEntities(snapshot, identities, into);
    if (into.empty()) {
        return;
    }
    foldMentions(snapshot, into);
    recountRecords(snapshot, into);
    foldLinks(snapshot, into);
    foldChildren(snapshot, into);
    foldMissing(snapshot, into);
    snapshot.mark.fromStore = false; // no longer the store's shape: never extended
}

Identities foldIdentities(GraphSnapshot &snapshot, const std::vector<AuditEntry> &log, const AnalysisPolicy &policy)
{
    auto identities = resolveIdentities(snapshot, identityDecisions(log), identityPolicyOf(policy));
    foldIdentities(snapshot, identities);
    return identities;
}

Identities foldIdentities(GraphSnapshot &snapshot, const std::vector<MergeSuggestion> &scored,
                          const std::vector<AuditEntry> &log, const AnalysisPolicy &policy)
{
    auto identities = resolveIdentities(snapshot, scored, identityDecisions(log), identityPolicyOf(policy));
    foldIdentities(snapshot, identities);
    return identities;
}

void listEntries(std::vector<Cluster> &clusters, const GraphSnapshot &folded)
{
    for (auto &cluster : clusters) {
        std::vector<ClusterMember> entries;
        for (auto &member : cluster.members) {
            const EntityInfo *entity = folded.findEntity(member.id);
            if (entity == nullptr) {
                continue;
            }
            member.identity = entity->identity;
            for (const EntityId id : entity->foldedFrom) {
                const EntityInfo *entry = folded.findEntry(id);
                ClusterMember extra = member;
                extra.id = id;
                extra.label = entry != nullptr ? entry->label : member.label;
                entries.push_back(std::move(extra));
            }
        }
        if (entries.empty()) {
            continue;
        }
        cluster.members.insert(cluster.members.end(), std::make_move_iterator(entries.begin()),
                               std::make_move_iterator(entries.end()));
        std::sort(cluster.members.begin(), cluster.members.end(),
                  [](const ClusterMember &x, const ClusterMember &y) { return x.id < y.id; });
    }
}

} // namespace harbour::analysis
