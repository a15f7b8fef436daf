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

const EntityInfo *GraphSnapshot::findEntity(EntityId id) const
{
    const auto it = std::lower_bound(entities.begin(), entities.end(), id,
                                     [](const EntityInfo &e, EntityId value) { return e.id < value; });
    return it != entities.end() && it->id == id ? &*it : nullptr;
}

const RecordInfo *GraphSnapshot::findRecord(RecordRowId rowId) const
{
    const auto it = std::lower_bound(records.begin(), records.end(), rowId,
                                     [](const RecordInfo &r, RecordRowId value) { return r.rowId < value; });
    return it != records.end() && it->rowId == rowId ? &*it : nullptr;
}

} // namespace harbour
