#include "harbour/snapshot.h"

#include <algorithm>

namespace harbour {

bool TimeWindow::contains(Date day) const
{
    return (!since || day >= *since) && (!until || day <= *until);
}

bool TimeWindow::contains(DateTime at) const
{
    return contains(toDate(at));
}

std::string EntityInfo::attribute(const std::string &name) const
{
    const auto it = attributes.find(name);
    return it == attributes.end() ? std::string{} : it->second;
}

std::string EntityInfo::labelWithPostcode() const
{
    const std::string postcode = attribute("postcode");
    const bool located = type == EntityType::Premises || type == EntityType::Place;
    return located && !postcode.empty() && label.find(postcode) == std::string::npos ? label + ", " + postcode : label;
}

namespace {

const EntityInfo *findIn(const std::vector<EntityInfo> &entities, EntityId id)
{
    const auto it = std::lower_bound(entities.begin(), entities.end(), id,
                                     [](const EntityInfo &e, EntityId value) { return e.id < value; });
    return it != entities.end() && it->id == id ? &*it : nullptr;
}

const GraphSnapshot::FoldedEntry *findFolded(const std::vector<GraphSnapshot::FoldedEntry> &folded, EntityId id)
{
    const auto it = std::lower_bound(folded.begin(), folded.end(), id,
                                     [](const GraphSnapshot::FoldedEntry &e, EntityId value) { return e.entry.id < value; });
    return it != folded.end() && it->entry.id == id ? &*it : nullptr;
}

} // namespace

EntityId GraphSnapshot::standingFor(EntityId id) const
{
    const auto *entry = findFolded(folded, id);
    return entry != nullptr ? entry->into : id;
}

const EntityInfo *GraphSnapshot::findEntity(EntityId id) const
{
    return findIn(entities, standingFor(id));
}

const EntityInfo *GraphSnapshot::findEntry(EntityId id) const
{
    if (const auto *entry = findFolded(folded, id)) {
        return &entry->entry;
    }
    return findIn(entities, id);
}

const RecordInfo *GraphSnapshot::findRecord(RecordRowId rowId) const
{
    const auto it = std::lower_bound(records.begin(), records.end(), rowId,
                                     [](const RecordInfo &r, RecordRowId value) { return r.rowId < value; });
    return it != records.end() && it->rowId == rowId ? &*it : nullptr;
}

} // namespace harbour
