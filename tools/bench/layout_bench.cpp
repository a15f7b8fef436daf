// harbour-layout-bench: times the network diagram's layout and drawing at a few thousand nodes
// (issue 6's GUI target; see docs/benchmarks.md). Runs offscreen; needs no display.

#include "harbour/dates.h"
#include "harbour/huge_pages.h"
#include "network_view.h"

#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <time.h>
#include <vector>

namespace
{

using Clock = std::chrono::steady_clock;
using namespace harbour;
using namespace harbour::ui;

constexpr std::string_view kUsage =
    "usage: harbour-layout-bench [--sizes 1000,5000,10000] [--runs N] [--db FILE] [--png DIR] [--no-scene]\n"
    "  Lays out clustered diagrams (small dense communities, bridges between neighbours, a few hubs;\n"
    "  about 4.2 links per node, as in harbour-generate's data) with diagram::layoutDiagram, the one\n"
    "  layout (igraph's), N times each (default 5), and again from the positions found (a refresh); then\n"
    "  draws each in an offscreen NetworkView: request to picture, the UI thread's scene building,\n"
    "  and one paint of the whole picture at 1600 x 1000 (wall and CPU time).\n"
    "  Prints one JSON object per size with medians, minima and maxima in milliseconds.\n"
    "  --db FILE    lay out the first N entities of a Harbour database (the whole network of a\n"
    "               smaller database) instead of a generated graph\n"
    "  --png DIR    also save DIR/layout-N.png, the picture drawn at each size\n"
    "  --no-scene   time the layout only\n";

/// A fixed, portable generator (splitmix64), so the same graph comes out on every machine.
class Random
{
  public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    double unit() { return static_cast<double>(next() >> 11U) / 9007199254740992.0; }

  private:
    std::uint64_t m_state;
};

/// Many small dense communities (4 to 43 members, most under 16) with a child or two, a suspect,
/// a car, a takeaway, a phone; a few links from each to the next communities (networks overlap
/// with their neighbours) and to far ones; and a few hubs (premises, phones) linked across many.
diagram::Diagram clusteredDiagram(int nodeCount, std::uint64_t seed)
{
    Random random(seed);
    diagram::Diagram diagram;
    std::vector<std::pair<int, int>> communities; // first node, size
    for (int first = 0; first < nodeCount;) {
        int size = 4 + random.below(12);
        if (random.below(5) == 0) {
            size += random.below(28);
        }
        size = std::min(size, nodeCount - first);
        communities.emplace_back(first, size);
        for (int k = 0; k < size; ++k) {
            diagram::DiagramNode node;
            node.entity = 1000 + first + k;
            const int role = k % 8;
            node.type = role == 3                           ? EntityType::Vehicle
                        : role == 5                         ? EntityType::Premises
                        : role == 6                         ? EntityType::Phone
                        : role == 7 && random.below(3) == 0 ? EntityType::Account
                                                            : EntityType::Person;
            node.child = node.type == EntityType::Person && (role == 0 || role == 4);
            node.suspect = node.type == EntityType::Person && role == 1;
            if (node.child) {
                node.risk = static_cast<RiskLevel>(random.below(4));
            }
            const double priority = node.child || node.suspect ? random.unit() : 0.0;
            node.size = 1.0 + std::sqrt(priority);
            node.shape = diagram::shapeOf(node.type);
            node.colour = diagram::nodeColour(node.type, node.child, node.suspect, node.risk);
            node.label = (node.child ? "Child " : node.suspect ? "Suspect " : "Entity ") + std::to_string(node.entity);
            diagram.nodes.push_back(std::move(node));
        }
        first += size;
    }
    std::set<std::pair<int, int>> seen;
    const auto link = [&](int a, int b) {
        if (a == b || !seen.insert(std::minmax(a, b)).second) {
            return;
        }
        diagram::DiagramEdge edge;
        edge.from = static_cast<std::size_t>(std::min(a, b));
        edge.to = static_cast<std::size_t>(std::max(a, b));
        const int grade = random.below(100);
        edge.style = grade < 3    ? diagram::EdgeStyle::DottedFaint
                     : grade < 15 ? diagram::EdgeStyle::Dashed
                                  : diagram::EdgeStyle::Solid;
        edge.weight = edge.style == diagram::EdgeStyle::DottedFaint ? 0.0 : 0.05 + 0.95 * random.unit();
        edge.records.assign(static_cast<std::size_t>(1 + random.below(4)), 1);
        diagram.edges.push_back(edge);
    };
    const int count = static_cast<int>(communities.size());
    for (int c = 0; c < count; ++c) {
        const auto [first, size] = communities[static_cast<std::size_t>(c)];
        // Dense inside: everyone is linked to four or five others of their network.
        for (int k = 0; k < size; ++k) {
            for (int t = 0; t < 6; ++t) {
                link(first + k, first + random.below(size));
            }
        }
        // Bridges: mostly to the next few communities, sometimes far.
        const int bridges = 2 + random.below(4);
        for (int t = 0; t < bridges; ++t) {
            const int other = random.below(6) == 0 ? random.below(count) : std::min(count - 1, c + 1 + random.below(4));
            const auto [otherFirst, otherSize] = communities[static_cast<std::size_t>(other)];
            link(first + random.below(size), otherFirst + random.below(otherSize));
        }
    }
    // Hubs: one node in 100 is a place many networks use.
    for (int h = 0; h < nodeCount / 100; ++h) {
        const int hub = random.below(nodeCount);
        const int spokes = 8 + random.below(25);
        for (int t = 0; t < spokes; ++t) {
            link(hub, random.below(nodeCount));
        }
    }
    std::sort(diagram.edges.begin(), diagram.edges.end(), [](const auto &x, const auto &y) {
        return std::pair(x.from, x.to) < std::pair(y.from, y.to);
    });
    diagram::drawEdgesAsLines(diagram);
    return diagram;
}

/// CPU time of the calling thread, in milliseconds: steadier than wall time on a shared machine.
double threadCpuMilliseconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double rounded(double ms)
{
    return std::round(ms * 10.0) / 10.0;
}

nlohmann::json summary(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    return {
        {"median", rounded(median)}, {"min", rounded(values.front())}, {"max", rounded(values.back())}, {"runs", n}};
}

/// Mean link length, the picture's size and how many pairs of shapes overlap (closer than their
/// two radii): a rough check that a faster layout is not a worse one. O(|V|^2), fine at 10,000.
/// In scene units (kSceneUnit per layout unit, node radii as NetworkView draws them).
nlohmann::json quality(const diagram::Diagram &diagram)
{
    const auto radius = [](const diagram::DiagramNode &node) { return 9.0 + 15.0 * std::clamp(node.size - 1.0, 0.0, 1.0); };
    int overlaps = 0;
    const std::size_t n = diagram.nodes.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            const double need = radius(diagram.nodes[i]) + radius(diagram.nodes[j]);
            const double ddx = (diagram.nodes[i].x - diagram.nodes[j].x) * kSceneUnit;
            const double ddy = (diagram.nodes[i].y - diagram.nodes[j].y) * kSceneUnit;
            overlaps += ddx * ddx + ddy * ddy < need * need ? 1 : 0;
        }
    }
    double total = 0.0;
    for (const auto &edge : diagram.edges) {
        total += std::hypot(diagram.nodes[edge.from].x - diagram.nodes[edge.to].x,
                            diagram.nodes[edge.from].y - diagram.nodes[edge.to].y) * kSceneUnit;
    }
    return {
        {"mean_link_length", rounded(diagram.edges.empty() ? 0.0 : total / static_cast<double>(diagram.edges.size()))},
        {"width", rounded((diagram.maxX - diagram.minX) * kSceneUnit)},
        {"height", rounded((diagram.maxY - diagram.minY) * kSceneUnit)},
        {"overlapping_pairs", overlaps}};
}

struct SceneTimes {
    double totalMs = 0.0;    ///< showDiagram to layoutFinished
    double sceneMs = 0.0;    ///< of which building the scene on the UI thread
    double paintMs = 0.0;    ///< one paint of the whole view
    double paintCpuMs = 0.0; ///< the same, CPU time
};

SceneTimes timeScene(const diagram::Diagram &diagram, const std::string &png)
{
    SceneTimes times;
    NetworkView view;
    view.resize(1600, 1000);
    view.show();
    bool finished = false;
    QObject::connect(&view, &NetworkView::layoutFinished, [&](int, double ms) {
        times.totalMs = ms;
        finished = true;
    });
    // A real event loop, which sleeps while the worker lays out (processEvents with a time limit
    // would spin and take a core from it).
    QEventLoop loop;
    QObject::connect(&view, &NetworkView::layoutFinished, &loop, &QEventLoop::quit);
    view.showDiagram(diagram);
    if (!finished) {
        loop.exec();
    }
    times.sceneMs = view.sceneMilliseconds();

    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
    const auto start = Clock::now();
    const double cpuStart = threadCpuMilliseconds();
    {
        QPainter painter(&image);
        view.render(&painter);
    }
    times.paintMs = millisecondsSince(start);
    times.paintCpuMs = threadCpuMilliseconds() - cpuStart;
    if (!png.empty()) {
        image.save(QString::fromStdString(png));
    }

    return times;
}

int usageError(const std::string &message)
{
    std::cerr << "harbour-layout-bench: " << message << '\n' << kUsage;
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    harbour::preferHugePages(argv); // first: it may start the program again
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    }
    std::vector<int> sizes{1000, 5000, 10000};
    int runs = 5;
    std::string db;
    std::string pngDir;
    bool scene = true;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--no-scene") {
            scene = false;
            continue;
        }
        if (arg != "--sizes" && arg != "--runs" && arg != "--db" && arg != "--png") {
            return usageError("unknown argument '" + std::string(arg) + "'");
        }
        if (i + 1 >= argc) {
            return usageError(std::string(arg) + " needs a value");
        }
        const std::string value = argv[++i];
        try {
            if (arg == "--sizes") {
                sizes.clear();
                for (std::size_t at = 0; at < value.size();) {
                    std::size_t used = 0;
                    sizes.push_back(std::stoi(value.substr(at), &used));
                    at += used + 1;
                }
            } else if (arg == "--runs") {
                runs = std::stoi(value);
            } else {
                (arg == "--db" ? db : pngDir) = value;
            }
        } catch (const std::exception &) {
            return usageError(std::string(arg) + " needs a number");
        }
    }
    if (runs < 1 || sizes.empty() || std::any_of(sizes.begin(), sizes.end(), [](int n) { return n < 2; })) {
        return usageError("--runs and --sizes must be positive");
    }
    int appArgc = 1;
    char name[] = "harbour-layout-bench";
    char *appArgv[] = {name, nullptr};
    QApplication app(appArgc, appArgv);

    try {
        std::shared_ptr<const Dataset> data;
        if (!db.empty()) {
            auto loaded = loadDataset(db, {}, *parseDate("2026-11-21"));
            if (!loaded) {
                std::cerr << "harbour-layout-bench: " << loaded.error().message << '\n';
                return 1;
            }
            data = *loaded;
        }
        for (int n : sizes) {
            diagram::Diagram diagram;
            if (data) {
                const auto &graph = data->analysis.graph;
                std::vector<EntityId> entities;
                for (analysis::VertexIndex v = 0;
                     v < graph.vertexCount() && entities.size() < static_cast<std::size_t>(n); ++v) {
                    entities.push_back(graph.vertex(v).entity);
                }
                diagram = buildDiagram(*data, entities);
            } else {
                diagram = clusteredDiagram(n, 20261129);
            }
            std::vector<double> times;
            diagram::Diagram last;
            for (int r = 0; r < runs; ++r) {
                last = diagram;
                const auto start = Clock::now();
                diagram::layoutDiagram(last, {}, {}, 1);
                times.push_back(millisecondsSince(start));
            }
            // A refresh: the same diagram from the positions just found, as NetworkView starts it.
            std::map<EntityId, diagram::Point> known;
            for (const auto &node : last.nodes) {
                known.emplace(node.entity, diagram::Point{node.x, node.y});
            }
            std::vector<double> refresh;
            for (int r = 0; r < runs; ++r) {
                auto again = diagram;
                const auto start = Clock::now();
                diagram::layoutDiagram(again, known, {}, 1);
                refresh.push_back(millisecondsSince(start));
            }
            nlohmann::json out = {{"nodes", diagram.nodes.size()},
                                  {"edges", diagram.edges.size()},
                                  {"source", data ? "database" : "generated"},
                                  {"layout_ms", summary(times)},
                                  {"refresh_layout_ms", summary(refresh)},
                                  {"quality", quality(last)}};
            if (scene) {
                std::vector<double> total;
                std::vector<double> build;
                std::vector<double> paint;
                std::vector<double> paintCpu;
                for (int r = 0; r < runs; ++r) {
                    const std::string png =
                        r == 0 && !pngDir.empty() ? pngDir + "/layout-" + std::to_string(n) + ".png" : std::string();
                    const SceneTimes t = timeScene(diagram, png);
                    total.push_back(t.totalMs);
                    build.push_back(t.sceneMs);
                    paint.push_back(t.paintMs);
                    paintCpu.push_back(t.paintCpuMs);
                }
                out["view_layout_to_shown_ms"] = summary(total);
                out["scene_build_ms"] = summary(build);
                out["paint_ms"] = summary(paint);
                out["paint_cpu_ms"] = summary(paintCpu);
            }
            std::cout << out.dump() << std::endl;
        }
    } catch (const std::exception &error) {
        std::cerr << "harbour-layout-bench: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
