#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

/// Label placement, Qt-free: the app's network view (in pixels) and the briefing's painter (in
/// device units) measure their text and ask here where each label goes.
namespace harbour::diagram {

/// An axis-aligned rectangle; two that only touch do not overlap (as QRectF::intersects).
struct Box {
    double x = 0.0;
    double y = 0.0;
    double w = 0.0;
    double h = 0.0;
    bool intersects(const Box &o) const
    {
        return w > 0.0 && h > 0.0 && o.w > 0.0 && o.h > 0.0 && x < o.x + o.w && o.x < x + w && y < o.y + o.h &&
               o.y < y + h;
    }
    bool operator==(const Box &) const = default;
};

/// Rectangles already taken, bucketed in square cells so that a new one is checked only against
/// its neighbours: placing n labels costs O(n), not O(n^2).
class LabelGrid {
public:
    /// `cell` should be about a label's size.
    explicit LabelGrid(double cell) : m_cell(cell) {}

    bool overlaps(const Box &rect) const
    {
        bool hit = false;
        forCells(rect, [&](std::uint64_t cell) {
            const auto found = m_cells.find(cell);
            if (found != m_cells.end()) {
                for (const Box &taken : found->second) {
                    hit = hit || taken.intersects(rect);
                }
            }
        });
        return hit;
    }

    void add(const Box &rect)
    {
        forCells(rect, [&](std::uint64_t cell) { m_cells[cell].push_back(rect); });
    }

    /// Adds `rect` and returns true when it overlaps nothing placed before.
    bool place(const Box &rect)
    {
        if (overlaps(rect)) {
            return false;
        }
        add(rect);
        return true;
    }

private:
    template <typename Visit>
    void forCells(const Box &rect, Visit &&visit) const
    {
        const auto x0 = static_cast<std::int32_t>(std::floor(rect.x / m_cell));
        const auto x1 = static_cast<std::int32_t>(std::floor((rect.x + rect.w) / m_cell));
        const auto y0 = static_cast<std::int32_t>(std::floor(rect.y / m_cell));
        const auto y1 = static_cast<std::int32_t>(std::floor((rect.y + rect.h) / m_cell));
        for (std::int32_t x = x0; x <= x1; ++x) {
            for (std::int32_t y = y0; y <= y1; ++y) {
                visit((static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32) |
                      static_cast<std::uint32_t>(y));
            }
        }
    }

    double m_cell;
    std::unordered_map<std::uint64_t, std::vector<Box>> m_cells;
};

/// A label to place beside a symbol centred on (x, y) with half-size `radius`.
struct LabelRequest {
    double x = 0.0;
    double y = 0.0;
    double radius = 0.0;
    double width = 0.0;  ///< of the text, padding included
    double height = 0.0;
    /// Drawn even where no place is free: then in the first place that covers no other label,
    /// over a symbol if it must (the app's selection and children; never on paper).
    bool required = false;
};

/// Places labels in the order given (most important first): each takes the first free place of
/// eight around its symbol (below, above, right, left, then the four corners), then of eight a
/// label's height further out, and once more; free meaning it covers no label placed before and
/// no symbol in `symbols`. A label with no free place is left
/// out (nullopt): a label that covers a name or a symbol is worse than none, and the tables name
/// everyone. Time complexity: O(n + s) for n labels and s symbols spread evenly.
std::vector<std::optional<Box>> placeLabels(std::span<const LabelRequest> labels, std::span<const Box> symbols,
                                            double gap);

/// What a reader of a picture meets: labels that cover another label or a symbol other than their
/// own, and symbols that cover each other. Quadratic; for tests and measurements.
struct Crowding {
    std::size_t labelOverLabel = 0;
    std::size_t labelOverSymbol = 0;
    std::size_t symbolOverSymbol = 0;
};
Crowding measureCrowding(std::span<const Box> labels, std::span<const std::size_t> labelOwners,
                         std::span<const Box> symbols);

/// The square around a symbol.
inline Box symbolBox(double x, double y, double radius)
{
    return {x - radius, y - radius, 2.0 * radius, 2.0 * radius};
}

} // namespace harbour::diagram
