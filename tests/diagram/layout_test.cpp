#include "harbour/diagram/layout.h"

#include "harbour/analysis/clusters.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

using harbour::diagram::LayoutAlgorithm;
using harbour::diagram::LayoutEdge;
using harbour::diagram::LayoutOptions;
using harbour::diagram::layoutGraph;
using harbour::diagram::Point;

namespace {

/// A sparse random graph shaped like the entity graph: a few hubs, many pairs, some isolated nodes.
std::vector<LayoutEdge> randomEdges(std::uint32_t nodes, std::uint32_t edges, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::uint32_t> pick(0, nodes - 1);
    std::uniform_real_distribution<double> weight(0.0, 1.0);
    std::vector<LayoutEdge> result;
    for (std::uint32_t i = 0; i < edges; ++i) {
        result.push_back({pick(rng), pick(rng), weight(rng)});
    }
    return result;
}

double distance(Point a, Point b)
{
    return std::hypot(a.x - b.x, a.y - b.y);
}

} // namespace

TEST(Layout, EmptyGraphGivesNoPoints)
{
    EXPECT_TRUE(layoutGraph(0, {}).empty());
}

TEST(Layout, SameSeedGivesSamePositions)
{
    const auto edges = randomEdges(300, 400, 7);
    LayoutOptions options;
    options.seed = 42;
    const auto first = layoutGraph(300, edges, options);
    const auto second = layoutGraph(300, edges, options);
    ASSERT_EQ(first.size(), 300U);
    EXPECT_EQ(first, second);
    options.seed = 43;
    EXPECT_NE(first, layoutGraph(300, edges, options));
}

TEST(Layout, NeighboursAreAboutOneUnitApart)
{
    // A ring of 12: every edge should be about the mean edge length, which is normalised to 1.
    std::vector<LayoutEdge> ring;
    for (std::uint32_t i = 0; i < 12; ++i) {
        ring.push_back({i, (i + 1) % 12, 1.0});
    }
    const auto points = layoutGraph(12, ring);
    double total = 0.0;
    for (const auto &e : ring) {
        total += distance(points[e.a], points[e.b]);
    }
    EXPECT_NEAR(total / 12.0, 1.0, 1e-9);
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t j = i + 1; j < points.size(); ++j) {
            EXPECT_GT(distance(points[i], points[j]), 0.05) << i << " and " << j << " overlap";
        }
    }
}

TEST(Layout, ComponentsDoNotOverlap)
{
    // Two triangles and an isolated node: bounding boxes of components must be disjoint.
    const std::vector<LayoutEdge> edges{{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}};
    const auto points = layoutGraph(7, edges);
    auto box = [&](std::initializer_list<int> nodes) {
        double minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9;
        for (int v : nodes) {
            minX = std::min(minX, points[v].x);
            maxX = std::max(maxX, points[v].x);
            minY = std::min(minY, points[v].y);
            maxY = std::max(maxY, points[v].y);
        }
        return std::array<double, 4>{minX, minY, maxX, maxY};
    };
    const auto a = box({0, 1, 2});
    const auto b = box({3, 4, 5});
    const auto c = box({6});
    auto disjoint = [](const std::array<double, 4> &p, const std::array<double, 4> &q) {
        return p[2] < q[0] || q[2] < p[0] || p[3] < q[1] || q[3] < p[1];
    };
    EXPECT_TRUE(disjoint(a, b));
    EXPECT_TRUE(disjoint(a, c));
    EXPECT_TRUE(disjoint(b, c));
}

TEST(Layout, IgnoresEdgesOutOfRangeAndSelfLoops)
{
    const std::vector<LayoutEdge> edges{{0, 1}, {1, 1}, {0, 99}};
    const auto points = layoutGraph(2, edges);
    ASSERT_EQ(points.size(), 2U);
    EXPECT_NEAR(distance(points[0], points[1]), 1.0, 1e-9);
}

TEST(Layout, PreviousPositionsKeepTheDiagramStable)
{
    const auto edges = randomEdges(60, 90, 3);
    const auto before = layoutGraph(60, edges);
    // A new node joins node 0's component: the known nodes should hardly move.
    auto grown = edges;
    grown.push_back({0, 60, 1.0});
    LayoutOptions options;
    options.previous.assign(before.begin(), before.end());
    options.previous.emplace_back(std::nullopt);
    const auto after = layoutGraph(61, grown, options);
    double moved = 0.0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        moved += distance(before[i], after[i]);
    }
    EXPECT_LT(moved / 60.0, 0.5);
    EXPECT_LT(distance(after[60], after[0]), 3.0);
}

TEST(Layout, DrlGivesFinitePositions)
{
    const auto edges = randomEdges(100, 200, 11);
    LayoutOptions options;
    options.algorithm = LayoutAlgorithm::Drl;
    const auto points = layoutGraph(100, edges, options);
    for (const auto &p : points) {
        ASSERT_TRUE(std::isfinite(p.x) && std::isfinite(p.y));
    }
    EXPECT_EQ(points, layoutGraph(100, edges, options));
}

TEST(Layout, FiveThousandNodesTiming)
{
    const auto edges = randomEdges(5000, 7500, 5);
    const auto start = std::chrono::steady_clock::now();
    const auto points = layoutGraph(5000, edges);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ measure  ] layoutGraph 5,000 nodes / 7,500 edges: %.0f ms\n", ms);
    ASSERT_EQ(points.size(), 5000U);
}

TEST(Layout, LeidenInAnotherThreadChangesNeitherResult)
{
    // igraph's RNG and error state are global (no thread safety in Debian's build): layouts and
    // Leiden share one lock, so running them side by side gives exactly what each gives alone.
    const auto edges = randomEdges(400, 600, 11);
    LayoutOptions options;
    options.seed = 5;
    const auto layoutAlone = layoutGraph(400, edges, options);
    auto karate = harbour::analysis::famousGraph("Zachary");
    ASSERT_TRUE(karate.ok());
    const auto &policy = harbour::analysis::AnalysisPolicy::defaults();
    const auto leidenAlone = harbour::analysis::leiden(*karate, policy).membership;

    constexpr int kRounds = 20;
    std::vector<std::vector<Point>> layouts(kRounds);
    std::vector<std::vector<int>> partitions(kRounds);
    std::thread layoutThread([&] {
        for (auto &layout : layouts) {
            layout = layoutGraph(400, edges, options);
        }
    });
    std::thread leidenThread([&] {
        for (auto &partition : partitions) {
            partition = harbour::analysis::leiden(*karate, policy).membership;
        }
    });
    layoutThread.join();
    leidenThread.join();
    for (int i = 0; i < kRounds; ++i) {
        EXPECT_EQ(layouts[static_cast<std::size_t>(i)], layoutAlone) << "round " << i;
        EXPECT_EQ(partitions[static_cast<std::size_t>(i)], leidenAlone) << "round " << i;
    }
}

TEST(Layout, ACancelledLayoutStopsInsideIgraphAndTheNextOneIsUnharmed)
{
    // igraph's interruption leaves its cleanup stack to the handler; a later layout must not
    // trip over what the cancelled one held.
    const auto edges = randomEdges(4000, 8000, 3);
    LayoutOptions options;
    options.seed = 9;
    std::atomic_bool cancel{false};
    options.cancel = &cancel;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        cancel.store(true);
    });
    const auto start = std::chrono::steady_clock::now();
    const auto cancelled = layoutGraph(4000, edges, options);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    stopper.join();
    EXPECT_TRUE(cancelled.empty());
    EXPECT_LT(ms, 1000.0);
    options.cancel = nullptr;
    const auto small = randomEdges(200, 300, 4);
    EXPECT_EQ(layoutGraph(200, small, options), layoutGraph(200, small, options));
}
