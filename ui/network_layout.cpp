#include "network_layout.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

namespace harbour::ui {

namespace {

constexpr double kIdeal = 95.0; ///< ideal edge length in scene units (node radius is 9-24)
constexpr double kLabelRoom = 14.0; ///< extra gap between nodes, so labels under them stay readable

std::uint64_t cellKey(int cx, int cy)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) | static_cast<std::uint32_t>(cy);
}

double radiusOf(const LayoutInput &input, std::size_t i)
{
    return i < input.radii.size() ? input.radii[i] : 12.0;
}

/// Moves overlapping pairs apart along the line between them, half each, a few times over.
/// Local, so cheap: the grid cell is as large as the largest pair distance that can overlap.
void separateOverlaps(const LayoutInput &input, LayoutOutput &out)
{
    const std::size_t n = out.x.size();
    double maxRadius = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        maxRadius = std::max(maxRadius, radiusOf(input, i));
    }
    const double cell = 2.0 * maxRadius + kLabelRoom;
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> grid;
    for (int pass = 0; pass < 12; ++pass) {
        grid.clear();
        for (std::size_t i = 0; i < n; ++i) {
            grid[cellKey(static_cast<int>(std::floor(out.x[i] / cell)), static_cast<int>(std::floor(out.y[i] / cell)))]
                .push_back(i);
        }
        bool moved = false;
        for (std::size_t i = 0; i < n; ++i) {
            const int cx = static_cast<int>(std::floor(out.x[i] / cell));
            const int cy = static_cast<int>(std::floor(out.y[i] / cell));
            for (int ox = -1; ox <= 1; ++ox) {
                for (int oy = -1; oy <= 1; ++oy) {
                    const auto found = grid.find(cellKey(cx + ox, cy + oy));
                    if (found == grid.end()) {
                        continue;
                    }
                    for (std::size_t j : found->second) {
                        if (j <= i) {
                            continue;
                        }
                        const double need = radiusOf(input, i) + radiusOf(input, j) + kLabelRoom;
                        double ddx = out.x[j] - out.x[i];
                        double ddy = out.y[j] - out.y[i];
                        double d = std::sqrt(ddx * ddx + ddy * ddy);
                        if (d >= need) {
                            continue;
                        }
                        if (d < 1e-6) {
                            ddx = 1.0;
                            ddy = 0.0;
                            d = 1.0;
                        }
                        const double push = (need - d) / 2.0;
                        out.x[i] -= ddx / d * push;
                        out.y[i] -= ddy / d * push;
                        out.x[j] += ddx / d * push;
                        out.y[j] += ddy / d * push;
                        moved = true;
                    }
                }
            }
        }
        if (!moved) {
            break;
        }
    }
}

} // namespace

LayoutOutput forceLayout(const LayoutInput &input, const std::atomic_bool *cancel)
{
    const std::size_t n = input.keys.size();
    LayoutOutput out;
    out.x.assign(n, 0.0);
    out.y.assign(n, 0.0);
    if (n == 0) {
        return out;
    }

    // Start: seeds where known, else a golden-angle spiral in key order, so that the same
    // nodes always start in the same places whatever order they come in.
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return input.keys[a] < input.keys[b]; });
    std::size_t seeded = 0;
    for (std::size_t rank = 0; rank < n; ++rank) {
        const std::size_t i = order[rank];
        if (i < input.seed.size() && input.seed[i]) {
            out.x[i] = input.seed[i]->first;
            out.y[i] = input.seed[i]->second;
            ++seeded;
        } else {
            const double r = kIdeal * 0.6 * std::sqrt(static_cast<double>(rank) + 1.0);
            const double angle = static_cast<double>(rank) * std::numbers::pi * (3.0 - std::sqrt(5.0));
            out.x[i] = r * std::cos(angle);
            out.y[i] = r * std::sin(angle);
        }
    }
    if (n == 1) {
        out.x[0] = out.y[0] = 0.0;
        return out;
    }

    const bool mostlySeeded = seeded * 10 >= n * 9;
    // A refresh from known positions only settles newcomers: a low, short heat keeps everyone
    // else where the analyst last saw them.
    const int iterations = mostlySeeded ? 30 : (n > 5000 ? 80 : 150);
    double temperature = mostlySeeded ? kIdeal * 0.1 : kIdeal * 3.0 * std::sqrt(static_cast<double>(n)) / 4.0;
    const double cooling = temperature / iterations;
    const double k2 = kIdeal * kIdeal;
    const double cell = 2.0 * kIdeal;
    const double gravity = 0.01;
    // Dense clusters would collapse into a knot: attraction per edge falls as the degree rises.
    const double density = std::max(1.0, 2.0 * static_cast<double>(input.edges.size()) / static_cast<double>(n));
    const double attraction = 1.0 / std::sqrt(density);

    std::vector<double> dx(n);
    std::vector<double> dy(n);
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> grid;
    grid.reserve(n);
    for (int it = 0; it < iterations; ++it) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            out.cancelled = true;
            return out;
        }
        std::fill(dx.begin(), dx.end(), 0.0);
        std::fill(dy.begin(), dy.end(), 0.0);
        for (auto &[key, members] : grid) {
            members.clear();
        }
        for (std::size_t i = 0; i < n; ++i) {
            grid[cellKey(static_cast<int>(std::floor(out.x[i] / cell)), static_cast<int>(std::floor(out.y[i] / cell)))]
                .push_back(i);
        }
        // Repulsion only between nodes in neighbouring cells: far nodes barely push anyway.
        for (std::size_t i = 0; i < n; ++i) {
            const int cx = static_cast<int>(std::floor(out.x[i] / cell));
            const int cy = static_cast<int>(std::floor(out.y[i] / cell));
            for (int ox = -1; ox <= 1; ++ox) {
                for (int oy = -1; oy <= 1; ++oy) {
                    const auto found = grid.find(cellKey(cx + ox, cy + oy));
                    if (found == grid.end()) {
                        continue;
                    }
                    for (std::size_t j : found->second) {
                        if (j == i) {
                            continue;
                        }
                        double ddx = out.x[i] - out.x[j];
                        double ddy = out.y[i] - out.y[j];
                        double d2 = ddx * ddx + ddy * ddy;
                        if (d2 < 1e-6) {
                            // Coincident nodes: separate them by index, deterministically.
                            ddx = (i < j ? 1.0 : -1.0) * 0.5;
                            ddy = 0.25;
                            d2 = ddx * ddx + ddy * ddy;
                        }
                        if (d2 > cell * cell) {
                            continue;
                        }
                        const double f = k2 / d2;
                        dx[i] += ddx * f;
                        dy[i] += ddy * f;
                    }
                }
            }
        }
        for (std::size_t e = 0; e < input.edges.size(); ++e) {
            const auto [a, b] = input.edges[e];
            const double w = 0.3 + (e < input.weights.size() ? std::clamp(input.weights[e], 0.0, 1.0) : 1.0);
            const double ddx = out.x[a] - out.x[b];
            const double ddy = out.y[a] - out.y[b];
            const double d = std::sqrt(ddx * ddx + ddy * ddy) + 1e-9;
            const double f = attraction * w * d / kIdeal;
            dx[a] -= ddx * f;
            dy[a] -= ddy * f;
            dx[b] += ddx * f;
            dy[b] += ddy * f;
        }
        for (std::size_t i = 0; i < n; ++i) {
            dx[i] -= gravity * out.x[i];
            dy[i] -= gravity * out.y[i];
            const double len = std::sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
            if (len > 0.0) {
                const double step = std::min(len, temperature);
                out.x[i] += dx[i] / len * step;
                out.y[i] += dy[i] / len * step;
            }
        }
        temperature = std::max(temperature - cooling, kIdeal * 0.01);
    }
    separateOverlaps(input, out);
    return out;
}

} // namespace harbour::ui
