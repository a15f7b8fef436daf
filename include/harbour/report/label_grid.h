#pragma once

#include <QRectF>

#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace harbour::report {

/// Rectangles already taken by labels, bucketed in square cells so that a new label is checked
/// only against its neighbours: placing n labels costs O(n), not O(n^2). Used by the app's
/// network view (in pixels) and the briefing's diagram (in device units).
class LabelGrid {
public:
    /// `cell` should be about a label's size.
    explicit LabelGrid(double cell) : m_cell(cell) {}

    bool overlaps(const QRectF &rect) const
    {
        bool hit = false;
        forCells(rect, [&](std::uint64_t cell) {
            const auto found = m_cells.find(cell);
            if (found != m_cells.end()) {
                for (const QRectF &taken : found->second) {
                    hit = hit || taken.intersects(rect);
                }
            }
        });
        return hit;
    }

    void add(const QRectF &rect)
    {
        forCells(rect, [&](std::uint64_t cell) { m_cells[cell].push_back(rect); });
    }

    /// Adds `rect` and returns true when it overlaps nothing placed before.
    bool place(const QRectF &rect)
    {
        if (overlaps(rect)) {
            return false;
        }
        add(rect);
        return true;
    }

private:
    template <typename Visit>
    void forCells(const QRectF &rect, Visit &&visit) const
    {
        const auto x0 = static_cast<std::int32_t>(std::floor(rect.left() / m_cell));
        const auto x1 = static_cast<std::int32_t>(std::floor(rect.right() / m_cell));
        const auto y0 = static_cast<std::int32_t>(std::floor(rect.top() / m_cell));
        const auto y1 = static_cast<std::int32_t>(std::floor(rect.bottom() / m_cell));
        for (std::int32_t x = x0; x <= x1; ++x) {
            for (std::int32_t y = y0; y <= y1; ++y) {
                visit((static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32) |
                      static_cast<std::uint32_t>(y));
            }
        }
    }

    double m_cell;
    std::unordered_map<std::uint64_t, std::vector<QRectF>> m_cells;
};

} // namespace harbour::report
