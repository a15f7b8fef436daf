#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <unordered_map>
#include <vector>

namespace harbour {

/// Id -> position for ids that are row ids of the store: a flat array when they are dense (a
/// million hash lookups per stage cost seconds), a hash map otherwise. Ids may repeat; the first
/// position wins, as unordered_map::emplace does.
class DenseIndex {
public:
    static constexpr std::uint32_t kNone = ~0u;

    DenseIndex() = default;
    template <typename Range, typename IdOf>
    DenseIndex(const Range &items, IdOf idOf)
    {
        std::int64_t top = -1;
        bool nonNegative = true;
        for (const auto &item : items) {
            top = std::max<std::int64_t>(top, idOf(item));
            nonNegative = nonNegative && idOf(item) >= 0;
        }
        m_dense = nonNegative && static_cast<std::uint64_t>(top + 1) <= 4 * std::size(items) + 4096;
        std::uint32_t i = 0;
        if (m_dense) {
            m_slots.assign(static_cast<std::size_t>(top + 1), kNone);
            for (const auto &item : items) {
                auto &slot = m_slots[static_cast<std::size_t>(idOf(item))];
                slot = slot == kNone ? i : slot;
                ++i;
            }
        } else {
            m_map.reserve(std::size(items));
            for (const auto &item : items) {
                m_map.emplace(idOf(item), i++);
            }
        }
    }

    std::uint32_t find(std::int64_t id) const
    {
        if (m_dense) {
            return id >= 0 && static_cast<std::uint64_t>(id) < m_slots.size() ? m_slots[static_cast<std::size_t>(id)]
                                                                             : kNone;
        }
        const auto it = m_map.find(id);
        return it == m_map.end() ? kNone : it->second;
    }

private:
    bool m_dense = true;
    std::vector<std::uint32_t> m_slots;
    std::unordered_map<std::int64_t, std::uint32_t> m_map;
};

} // namespace harbour
