#pragma once

#include "harbour/dense_index.h"
#include "harbour/snapshot.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace harbour::analysis {

/// Entity id -> type, one byte per entity. The suggestions classify millions of links by the
/// types of their two ends; the snapshot's entities are a few hundred bytes each, so looking
/// the types up there missed the cache on nearly every link at a million reports.
class EntityTypes {
public:
    explicit EntityTypes(const GraphSnapshot &snapshot)
        : m_positions(snapshot.entities, [](const EntityInfo &e) { return e.id; })
    {
        m_types.reserve(snapshot.entities.size());
        for (const EntityInfo &entity : snapshot.entities) {
            m_types.push_back(static_cast<std::uint8_t>(entity.type));
        }
    }

    /// The entity's type, or nullopt when the snapshot does not hold it.
    std::optional<EntityType> of(EntityId id) const
    {
        const std::uint32_t at = m_positions.find(id);
        return at == DenseIndex::kNone ? std::nullopt : std::optional(static_cast<EntityType>(m_types[at]));
    }

private:
    DenseIndex m_positions;
    std::vector<std::uint8_t> m_types;
};

} // namespace harbour::analysis
