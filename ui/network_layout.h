#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace harbour::ui {

/// What the diagram asks the layout for: nodes (by a stable key, the entity id) and weighted edges.
struct LayoutInput {
    std::vector<std::int64_t> keys;
    std::vector<std::pair<int, int>> edges; ///< indices into keys
    std::vector<double> weights;            ///< one per edge, >= 0; 0 still holds nodes together loosely
    /// Where nodes were last time, by index; a refresh starts from them and moves them little.
    std::vector<std::optional<std::pair<double, double>>> seed;
    /// Node radii by index (default 12); a last pass pushes apart nodes whose shapes would overlap.
    std::vector<double> radii;
};

struct LayoutOutput {
    std::vector<double> x;
    std::vector<double> y;
    bool cancelled = false;
};

/// Force-directed layout (Fruchterman-Reingold with a uniform grid for repulsion and a weak
/// pull to the centre so that separate components stay on screen). Deterministic: the same input
/// gives the same output; nodes without a seed start on a spiral in key order. No global state,
/// so it can run in any thread; polls `cancel` once per iteration. Ends with a few passes that
/// separate overlapping nodes (radius + room for a label), so that every shape can be clicked.
/// Time complexity: O(iterations x (|V| + |E|)) for evenly spread nodes (the grid keeps
/// repulsion local); about 150 iterations, fewer above 5,000 nodes.
LayoutOutput forceLayout(const LayoutInput &input, const std::atomic_bool *cancel = nullptr);

} // namespace harbour::ui
