#include "harbour/diagram/layout.h"

#include "igraph_support.h" // analysis/: the one lock around igraph

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>
#include <unordered_map>

namespace harbour::diagram {
namespace {

namespace detail = analysis::detail;

// Suspected-false links weigh nothing in the analyses, but igraph needs positive weights and a
// weightless edge would let its ends fly apart; a faint pull keeps them drawn side by side.
constexpr double kMinWeight = 0.05;
// Below this size the exact O(|V|^2) repulsion is cheap and looks better than the grid's cut-off.
constexpr std::size_t kGridFromNodes = 1000;
constexpr double kComponentGap = 1.5;

struct IGraph {
    igraph_t g{};
    bool live = false;
    IGraph() = default;
    IGraph(const IGraph &) = delete;
    IGraph &operator=(const IGraph &) = delete;
    ~IGraph()
    {
        if (live) {
            igraph_destroy(&g);
        }
    }
};
struct IVector {
    igraph_vector_t v{};
    explicit IVector(igraph_integer_t n) { igraph_vector_init(&v, n); }
    IVector(const IVector &) = delete;
    IVector &operator=(const IVector &) = delete;
    ~IVector() { igraph_vector_destroy(&v); }
};
struct IIntVector {
    igraph_vector_int_t v{};
    explicit IIntVector(igraph_integer_t n) { igraph_vector_int_init(&v, n); }
    IIntVector(const IIntVector &) = delete;
    IIntVector &operator=(const IIntVector &) = delete;
    ~IIntVector() { igraph_vector_int_destroy(&v); }
};
struct IMatrix {
    igraph_matrix_t m{};
    IMatrix(igraph_integer_t rows, igraph_integer_t cols) { igraph_matrix_init(&m, rows, cols); }
    IMatrix(const IMatrix &) = delete;
    IMatrix &operator=(const IMatrix &) = delete;
    ~IMatrix() { igraph_matrix_destroy(&m); }
};

class DisjointSets {
public:
    explicit DisjointSets(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), 0U); }
    std::uint32_t find(std::uint32_t v)
    {
        while (m_parent[v] != v) {
            m_parent[v] = m_parent[m_parent[v]];
            v = m_parent[v];
        }
        return v;
    }
    void join(std::uint32_t a, std::uint32_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b) {
            m_parent[std::max(a, b)] = std::min(a, b); // smallest index is the root: deterministic
        }
    }

private:
    std::vector<std::uint32_t> m_parent;
};

struct Component {
    std::vector<std::uint32_t> nodes; ///< ascending global indices
    std::vector<LayoutEdge> edges;    ///< local indices
    bool anchored = false;            ///< some node has a previous position
    std::vector<Point> points;        ///< local positions once laid out
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
};

void circle(Component &c)
{
    const auto n = c.nodes.size();
    const double radius = n < 2 ? 0.0 : static_cast<double>(n) / (2.0 * std::numbers::pi);
    c.points.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double angle = 2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
        c.points[i] = {radius * std::cos(angle), radius * std::sin(angle)};
    }
}

/// Seeds positions for a component some of whose nodes were placed before: known nodes keep
/// their place, new ones start at the centre of their placed neighbours (or near the centre
/// of the component) with a little seeded jitter so that they do not coincide.
void seedFromPrevious(Component &c, const std::vector<std::optional<Point>> &previous, std::mt19937_64 &rng)
{
    const auto n = c.nodes.size();
    c.points.assign(n, Point{});
    std::vector<bool> known(n, false);
    Point centre{};
    int knownCount = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (const auto &p = previous[c.nodes[i]]) {
            c.points[i] = *p;
            known[i] = true;
            centre.x += p->x;
            centre.y += p->y;
            ++knownCount;
        }
    }
    centre.x /= knownCount;
    centre.y /= knownCount;
    std::vector<Point> sum(n);
    std::vector<int> count(n, 0);
    for (const auto &e : c.edges) {
        if (known[e.a] && !known[e.b]) {
            sum[e.b].x += c.points[e.a].x;
            sum[e.b].y += c.points[e.a].y;
            ++count[e.b];
        } else if (known[e.b] && !known[e.a]) {
            sum[e.a].x += c.points[e.b].x;
            sum[e.a].y += c.points[e.b].y;
            ++count[e.a];
        }
    }
    std::uniform_real_distribution<double> jitter(-0.5, 0.5);
    for (std::size_t i = 0; i < n; ++i) {
        if (known[i]) {
            continue;
        }
        const Point base = count[i] > 0 ? Point{sum[i].x / count[i], sum[i].y / count[i]} : centre;
        c.points[i] = {base.x + jitter(rng), base.y + jitter(rng)};
    }
}

/// Rescales so that the mean edge length is one unit: igraph's two algorithms work at very
/// different scales, and a renderer wants one.
void normalise(Component &c)
{
    double total = 0.0;
    for (const auto &e : c.edges) {
        total += std::hypot(c.points[e.a].x - c.points[e.b].x, c.points[e.a].y - c.points[e.b].y);
    }
    const double mean = c.edges.empty() ? 0.0 : total / static_cast<double>(c.edges.size());
    if (mean > 1e-9) {
        for (auto &p : c.points) {
            p.x /= mean;
            p.y /= mean;
        }
    }
}

/// igraph works at its own scale, not the one of the earlier (normalised) layout: fits a
/// scale and a shift (least squares over the nodes placed before) so that they land back
/// near where the analyst saw them.
void alignToPrevious(Component &c, const std::vector<std::optional<Point>> &previous)
{
    Point before{};
    Point after{};
    int known = 0;
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        if (const auto &p = previous[c.nodes[i]]) {
            before.x += p->x;
            before.y += p->y;
            after.x += c.points[i].x;
            after.y += c.points[i].y;
            ++known;
        }
    }
    before = {before.x / known, before.y / known};
    after = {after.x / known, after.y / known};
    double dot = 0.0;
    double norm = 0.0;
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        if (const auto &p = previous[c.nodes[i]]) {
            const Point r{c.points[i].x - after.x, c.points[i].y - after.y};
            dot += (p->x - before.x) * r.x + (p->y - before.y) * r.y;
            norm += r.x * r.x + r.y * r.y;
        }
    }
    const double scale = norm > 1e-12 && dot > 0.0 ? dot / norm : 1.0;
    for (auto &p : c.points) {
        p = {before.x + scale * (p.x - after.x), before.y + scale * (p.y - after.y)};
    }
}

void computeBounds(Component &c)
{
    c.minX = c.minY = std::numeric_limits<double>::max();
    c.maxX = c.maxY = std::numeric_limits<double>::lowest();
    for (const auto &p : c.points) {
        c.minX = std::min(c.minX, p.x);
        c.minY = std::min(c.minY, p.y);
        c.maxX = std::max(c.maxX, p.x);
        c.maxY = std::max(c.maxY, p.y);
    }
}

/// The flag igraph's interruption handler polls: set (with the igraph lock held) for the length of
/// one igraph call. igraph's handler is global, as the lock is.
std::atomic<const std::atomic_bool *> g_cancel{nullptr};

igraph_error_t interruptWhenCancelled(void *)
{
    const std::atomic_bool *cancel = g_cancel.load(std::memory_order_relaxed);
    if (cancel == nullptr || !cancel->load(std::memory_order_relaxed)) {
        return IGRAPH_SUCCESS;
    }
    // igraph returns from an interrupted function without unwinding its cleanup stack: free what
    // it holds now, while that function's frame still exists (as igraph's R interface does), or
    // the next error would free it from a dead frame.
    IGRAPH_FINALLY_FREE();
    return IGRAPH_INTERRUPTED;
}

class CancelWhile {
public:
    explicit CancelWhile(const std::atomic_bool *cancel)
    {
        igraph_set_interruption_handler(&interruptWhenCancelled);
        g_cancel.store(cancel);
    }
    CancelWhile(const CancelWhile &) = delete;
    CancelWhile &operator=(const CancelWhile &) = delete;
    ~CancelWhile() { g_cancel.store(nullptr); }
};

bool cancelled(const LayoutOptions &options)
{
    return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
}

/// Moves overlapping pairs apart along the line between them, half each, a few times over.
/// Local, so cheap: a cell is as large as the largest distance at which two symbols can touch.
void separateOverlaps(std::vector<Point> &points, const LayoutOptions &options)
{
    const auto n = std::min(points.size(), options.radii.size());
    double largest = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        largest = std::max(largest, options.radii[i]);
    }
    const double cell = 2.0 * largest + options.spacing;
    if (n < 2 || cell <= 0.0) {
        return;
    }
    auto key = [&](double x, double y) {
        const auto cx = static_cast<std::int64_t>(std::floor(x / cell));
        const auto cy = static_cast<std::int64_t>(std::floor(y / cell));
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) | static_cast<std::uint32_t>(cy);
    };
    for (int pass = 0; pass < 16 && !cancelled(options); ++pass) {
        std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells;
        for (std::uint32_t i = 0; i < n; ++i) {
            cells[key(points[i].x, points[i].y)].push_back(i);
        }
        bool moved = false;
        for (std::uint32_t i = 0; i < n; ++i) {
            const auto cx = static_cast<std::int64_t>(std::floor(points[i].x / cell));
            const auto cy = static_cast<std::int64_t>(std::floor(points[i].y / cell));
            for (std::int64_t ox = cx - 1; ox <= cx + 1; ++ox) {
                for (std::int64_t oy = cy - 1; oy <= cy + 1; ++oy) {
                    const auto found = cells.find((static_cast<std::uint64_t>(static_cast<std::uint32_t>(ox)) << 32) |
                                                  static_cast<std::uint32_t>(oy));
                    if (found == cells.end()) {
                        continue;
                    }
                    for (const auto j : found->second) {
                        if (j <= i) {
                            continue;
                        }
                        const double need = options.radii[i] + options.radii[j] + options.spacing;
                        double dx = points[j].x - points[i].x;
                        double dy = points[j].y - points[i].y;
                        double d = std::hypot(dx, dy);
                        if (d >= need) {
                            continue;
                        }
                        if (d < 1e-9) {
                            // Coincident: apart by index, deterministically.
                            dx = 1.0;
                            dy = 0.5;
                            d = std::hypot(dx, dy);
                        }
                        const double push = (need - d) / 2.0;
                        points[i].x -= dx / d * push;
                        points[i].y -= dy / d * push;
                        points[j].x += dx / d * push;
                        points[j].y += dy / d * push;
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

void layoutComponent(Component &c, const LayoutOptions &options, std::uint64_t seed,
                     const std::vector<std::optional<Point>> &previous)
{
    const auto n = c.nodes.size();
    std::mt19937_64 rng(seed);
    if (c.anchored) {
        seedFromPrevious(c, previous, rng);
    } else if (n == 1) {
        c.points = {Point{}};
        return;
    } else if (n == 2) {
        c.points = {Point{}, Point{1.0, 0.0}};
        return;
    }

    // From the first igraph object to the last: see detail::igraphMutex().
    std::lock_guard lock(detail::igraphMutex());
    detail::quietIgraphErrors();
    const CancelWhile interruptible(options.cancel);
    const auto vertices = static_cast<igraph_integer_t>(n);
    const auto edgeCount = static_cast<igraph_integer_t>(c.edges.size());
    IIntVector edgeList(2 * edgeCount);
    IVector weights(edgeCount);
    for (std::size_t i = 0; i < c.edges.size(); ++i) {
        VECTOR(edgeList.v)[2 * i] = c.edges[i].a;
        VECTOR(edgeList.v)[2 * i + 1] = c.edges[i].b;
        VECTOR(weights.v)[i] = std::max(c.edges[i].weight, kMinWeight);
    }
    IGraph graph;
    IMatrix result(vertices, 2);
    if (c.anchored) {
        for (std::size_t i = 0; i < n; ++i) {
            MATRIX(result.m, i, 0) = c.points[i].x;
            MATRIX(result.m, i, 1) = c.points[i].y;
        }
    }

    // igraph's DrL never polls the interruption handler: a layout that may be cancelled (the app's)
    // keeps to Fruchterman-Reingold, whose iterations do.
    const bool drl = options.algorithm == LayoutAlgorithm::Drl ||
                     (options.algorithm == LayoutAlgorithm::Auto && n > options.drlThreshold && options.cancel == nullptr);
    igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(seed));
    if (igraph_create(&graph.g, &edgeList.v, vertices, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        circle(c);
        return;
    }
    graph.live = true;

    igraph_error_t status = IGRAPH_SUCCESS;
    if (drl) {
        igraph_layout_drl_options_t drlOptions;
        // A previous layout only needs refining; from scratch the default schedule is right.
        igraph_layout_drl_options_init(&drlOptions, c.anchored ? IGRAPH_LAYOUT_DRL_REFINE : IGRAPH_LAYOUT_DRL_DEFAULT);
        status = igraph_layout_drl(&graph.g, &result.m, c.anchored, &drlOptions, &weights.v);
    } else {
        const auto grid = n >= kGridFromNodes || options.algorithm == LayoutAlgorithm::FruchtermanReingoldGrid
                              ? IGRAPH_LAYOUT_GRID
                              : IGRAPH_LAYOUT_NOGRID;
        // A cool start lets new nodes settle without shaking the known ones far from where the
        // analyst last saw them; from scratch, igraph's default temperature is sqrt(n) / 10.
        const double temperature = c.anchored ? 0.3 : std::sqrt(static_cast<double>(n)) / 10.0;
        const igraph_integer_t iterations = c.anchored ? std::max(options.iterations / 5, 20) : options.iterations;
        status = igraph_layout_fruchterman_reingold(&graph.g, &result.m, c.anchored, iterations, temperature, grid,
                                                    &weights.v, nullptr, nullptr, nullptr, nullptr);
    }
    if (status != IGRAPH_SUCCESS) {
        if (!c.anchored) {
            circle(c);
        }
        return;
    }
    c.points.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        c.points[i] = {MATRIX(result.m, i, 0), MATRIX(result.m, i, 1)};
    }
    if (c.anchored) {
        alignToPrevious(c, previous);
    } else {
        normalise(c);
    }
}

} // namespace

std::vector<Point> layoutGraph(std::size_t nodeCount, std::span<const LayoutEdge> edges, const LayoutOptions &options)
{
    std::vector<Point> positions(nodeCount);
    if (nodeCount == 0) {
        return positions;
    }
    std::vector<std::optional<Point>> previous = options.previous;
    previous.resize(nodeCount);

    DisjointSets sets(nodeCount);
    for (const auto &e : edges) {
        if (e.a < nodeCount && e.b < nodeCount && e.a != e.b) {
            sets.join(e.a, e.b);
        }
    }
    // Components keyed by their smallest node, so their order does not depend on edge order.
    std::vector<std::int64_t> componentOf(nodeCount, -1);
    std::vector<std::uint32_t> local(nodeCount, 0);
    std::vector<Component> components;
    for (std::uint32_t v = 0; v < nodeCount; ++v) {
        const auto root = sets.find(v);
        if (componentOf[root] < 0) {
            componentOf[root] = static_cast<std::int64_t>(components.size());
            components.emplace_back();
        }
        auto &c = components[static_cast<std::size_t>(componentOf[root])];
        local[v] = static_cast<std::uint32_t>(c.nodes.size());
        c.nodes.push_back(v);
        c.anchored = c.anchored || previous[v].has_value();
    }
    for (const auto &e : edges) {
        if (e.a < nodeCount && e.b < nodeCount && e.a != e.b) {
            auto &c = components[static_cast<std::size_t>(componentOf[sets.find(e.a)])];
            c.edges.push_back({local[e.a], local[e.b], e.weight});
        }
    }

    for (std::size_t i = 0; i < components.size(); ++i) {
        // Each component gets its own seed, so adding an unrelated component elsewhere does not
        // reshuffle this one.
        const std::uint64_t seed = options.seed * 0x9E3779B97F4A7C15ULL + components[i].nodes.front();
        layoutComponent(components[i], options, seed, previous);
        if (cancelled(options)) {
            return {};
        }
        computeBounds(components[i]);
    }

    // Anchored components stay where they were; the rest are packed in rows beneath them,
    // largest first, in rows about as wide as the square root of their total area.
    double startY = 0.0;
    double startX = 0.0;
    bool anyAnchored = false;
    double area = 0.0;
    double widest = 0.0;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < components.size(); ++i) {
        const auto &c = components[i];
        if (c.anchored) {
            startY = anyAnchored ? std::max(startY, c.maxY + kComponentGap) : c.maxY + kComponentGap;
            startX = anyAnchored ? std::min(startX, c.minX) : c.minX;
            anyAnchored = true;
        } else {
            order.push_back(i);
            const double w = c.maxX - c.minX + kComponentGap;
            area += w * (c.maxY - c.minY + kComponentGap);
            widest = std::max(widest, w);
        }
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return components[a].nodes.size() > components[b].nodes.size();
    });
    const double rowWidth = std::max(widest, std::sqrt(area) * 1.3);
    double x = startX;
    double y = startY;
    double rowHeight = 0.0;
    for (const auto i : order) {
        auto &c = components[i];
        const double w = c.maxX - c.minX;
        const double h = c.maxY - c.minY;
        if (x > startX && x + w > startX + rowWidth) {
            x = startX;
            y += rowHeight + kComponentGap;
            rowHeight = 0.0;
        }
        for (auto &p : c.points) {
            p.x += x - c.minX;
            p.y += y - c.minY;
        }
        x += w + kComponentGap;
        rowHeight = std::max(rowHeight, h);
    }

    for (const auto &c : components) {
        for (std::size_t i = 0; i < c.nodes.size(); ++i) {
            positions[c.nodes[i]] = c.points[i];
        }
    }
    separateOverlaps(positions, options);
    if (cancelled(options)) {
        return {};
    }
    return positions;
}

} // namespace harbour::diagram
