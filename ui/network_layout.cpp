#include "network_layout.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace harbour::ui {

namespace {

constexpr double kIdeal = 95.0; ///< ideal edge length in scene units (node radius is 9-24)
constexpr double kLabelRoom = 14.0; ///< extra gap between nodes, so labels under them stay readable

/// A uniform grid over the nodes' bounding box, rebuilt each time by a counting sort: the nodes
/// of cell c are order[start[c]] .. order[start[c + 1] - 1], in index order, so the result does
/// not depend on anything but the positions. Two nodes closer than `size` are always in the same
/// or neighbouring cells; the number of columns and rows is capped (far outliers share the edge
/// cells, which costs time, never a missed pair).
class Grid {
public:
    void build(const std::vector<double> &x, const std::vector<double> &y, double size)
    {
        const std::size_t n = x.size();
        m_size = size;
        const auto [minX, maxX] = std::minmax_element(x.begin(), x.end());
        const auto [minY, maxY] = std::minmax_element(y.begin(), y.end());
        m_minX = *minX;
        m_minY = *minY;
        const int limit = std::max(8, static_cast<int>(std::sqrt(4.0 * static_cast<double>(n))));
        m_cols = index((*maxX - m_minX) / size, limit) + 1;
        m_rows = index((*maxY - m_minY) / size, limit) + 1;
        m_cellOf.resize(n);
        m_start.assign(static_cast<std::size_t>(m_cols) * static_cast<std::size_t>(m_rows) + 1, 0);
        for (std::size_t i = 0; i < n; ++i) {
            m_cellOf[i] = cellAt(column(x[i]), row(y[i]));
            ++m_start[static_cast<std::size_t>(m_cellOf[i]) + 1];
        }
        for (std::size_t c = 1; c < m_start.size(); ++c) {
            m_start[c] += m_start[c - 1];
        }
        m_order.resize(n);
        m_fill.assign(m_start.begin(), m_start.end() - 1);
        for (std::size_t i = 0; i < n; ++i) {
            m_order[static_cast<std::size_t>(m_fill[static_cast<std::size_t>(m_cellOf[i])]++)] = static_cast<int>(i);
        }
    }
    int column(double x) const { return index((x - m_minX) / m_size, m_cols); }
    int row(double y) const { return index((y - m_minY) / m_size, m_rows); }
    int cols() const { return m_cols; }
    int rows() const { return m_rows; }
    int cellAt(int cx, int cy) const { return cy * m_cols + cx; }
    /// Position in order() where a cell's nodes begin; cell cols() x rows() is one past the end.
    int start(int cell) const { return m_start[static_cast<std::size_t>(cell)]; }
    const std::vector<int> &order() const { return m_order; }

private:
    /// Clamped before the conversion, so that a huge (or NaN) coordinate cannot overflow an int.
    static int index(double cells, int count)
    {
        if (!(cells > 0.0)) {
            return 0;
        }
        return cells >= static_cast<double>(count - 1) ? count - 1 : static_cast<int>(cells);
    }

    double m_size = 1.0;
    double m_minX = 0.0;
    double m_minY = 0.0;
    int m_cols = 1;
    int m_rows = 1;
    std::vector<int> m_cellOf;
    std::vector<int> m_start;
    std::vector<int> m_fill;
    std::vector<int> m_order;
};

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
    Grid grid;
    for (int pass = 0; pass < 12; ++pass) {
        grid.build(out.x, out.y, cell);
        bool moved = false;
        for (std::size_t i = 0; i < n; ++i) {
            const int cx = grid.column(out.x[i]);
            const int cy = grid.row(out.y[i]);
            for (int oy = std::max(0, cy - 1); oy <= std::min(grid.rows() - 1, cy + 1); ++oy) {
                for (int ox = std::max(0, cx - 1); ox <= std::min(grid.cols() - 1, cx + 1); ++ox) {
                    const int c = grid.cellAt(ox, oy);
                    for (int k = grid.start(c); k < grid.start(c + 1); ++k) {
                        const auto j = static_cast<std::size_t>(grid.order()[static_cast<std::size_t>(k)]);
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
    // Positions and forces in grid order, so that a cell's nodes sit next to each other in memory.
    std::vector<double> px(n);
    std::vector<double> py(n);
    std::vector<double> fx(n);
    std::vector<double> fy(n);
    Grid grid;
    for (int it = 0; it < iterations; ++it) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            out.cancelled = true;
            return out;
        }
        grid.build(out.x, out.y, cell);
        const auto &byCell = grid.order();
        for (std::size_t k = 0; k < n; ++k) {
            px[k] = out.x[static_cast<std::size_t>(byCell[k])];
            py[k] = out.y[static_cast<std::size_t>(byCell[k])];
        }
        std::fill(fx.begin(), fx.end(), 0.0);
        std::fill(fy.begin(), fy.end(), 0.0);
        // Repulsion only between nodes closer than a cell: far nodes barely push anyway. Each
        // pair once, pushing both ways: a cell with itself, then with four of its neighbours.
        const auto repel = [&](std::size_t p, std::size_t q) {
            double ddx = px[p] - px[q];
            double ddy = py[p] - py[q];
            double d2 = ddx * ddx + ddy * ddy;
            if (d2 > cell * cell) {
                return;
            }
            if (d2 < 1e-6) {
                // Coincident nodes: separate them by index, deterministically.
                const double sign = byCell[p] < byCell[q] ? 1.0 : -1.0;
                ddx = sign * 0.5;
                ddy = sign * 0.25;
                d2 = ddx * ddx + ddy * ddy;
            }
            const double f = k2 / d2;
            fx[p] += ddx * f;
            fy[p] += ddy * f;
            fx[q] -= ddx * f;
            fy[q] -= ddy * f;
        };
        constexpr std::array<std::pair<int, int>, 4> kForward{{{1, 0}, {-1, 1}, {0, 1}, {1, 1}}};
        for (int cy = 0; cy < grid.rows(); ++cy) {
            for (int cx = 0; cx < grid.cols(); ++cx) {
                const int c = grid.cellAt(cx, cy);
                const auto begin = static_cast<std::size_t>(grid.start(c));
                const auto end = static_cast<std::size_t>(grid.start(c + 1));
                if (begin == end) {
                    continue;
                }
                for (std::size_t p = begin; p < end; ++p) {
                    for (std::size_t q = p + 1; q < end; ++q) {
                        repel(p, q);
                    }
                }
                for (const auto &[ox, oy] : kForward) {
                    const int nx = cx + ox;
                    const int ny = cy + oy;
                    if (nx < 0 || nx >= grid.cols() || ny >= grid.rows()) {
                        continue;
                    }
                    const int other = grid.cellAt(nx, ny);
                    const auto otherEnd = static_cast<std::size_t>(grid.start(other + 1));
                    for (std::size_t p = begin; p < end; ++p) {
                        for (auto q = static_cast<std::size_t>(grid.start(other)); q < otherEnd; ++q) {
                            repel(p, q);
                        }
                    }
                }
            }
        }
        for (std::size_t k = 0; k < n; ++k) {
            dx[static_cast<std::size_t>(byCell[k])] = fx[k];
            dy[static_cast<std::size_t>(byCell[k])] = fy[k];
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
