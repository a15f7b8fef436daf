#include "harbour/analysis/hotspots.h"

#include "network_groups.h"

#include "harbour/uk_formats.h"

#include "cluster_people.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <optional>
#include <unordered_map>

namespace harbour::analysis {

namespace {

struct LinkedChild {
    VertexIndex child = 0;
    double strength = 0.0;
    bool direct = false;
};

/// A nickname some child is known by (alias_of a child). It names a child, not who exploits them,
/// and children's nicknames and initials ("AJ") are shared by unrelated children, so it carries
/// no indirect link: through it a place seen with one "AJ" reached every child called AJ.
bool aliasOfChild(const Graph &graph, VertexIndex alias)
{
    for (const Neighbour &m : graph.neighbours(alias)) {
        if ((graph.edge(m.edge).relations & kAliasOf) != 0 && graph.vertex(m.vertex).child) {
            return true;
        }
    }
    return false;
}

/// Children around one vertex, each once with its strongest link. `m_stamp` and `m_slot` are
/// scratch arrays sized |V| shared across calls, so no per-call allocation beyond the result.
class ChildCollector {
public:
    explicit ChildCollector(const Graph &graph)
        : m_graph(graph), m_stamp(graph.vertexCount(), 0), m_slot(graph.vertexCount(), 0),
          m_viaBegin(graph.vertexCount() + 1, 0)
    {
        // The children next to each suspect and alias, in adjacency order, listed once: the
        // two-hop walk below then skips the rest of their neighbours (a busy suspect or nickname
        // is next to thousands of entities, walked once for every place it is seen with).
        for (VertexIndex n = 0; n < graph.vertexCount(); ++n) {
            const GraphVertex &v = graph.vertex(n);
            if (v.suspect || (v.type == EntityType::Alias && !aliasOfChild(graph, n))) {
                for (const Neighbour &m : graph.neighbours(n)) {
                    const GraphEdge &f = graph.edge(m.edge);
                    if (f.evidence > 0.0 && graph.vertex(m.vertex).child) {
                        m_via.push_back({m.vertex, f.evidence});
                    }
                }
            }
            m_viaBegin[n + 1] = static_cast<std::uint32_t>(m_via.size());
        }
    }

    std::vector<LinkedChild> collect(VertexIndex at, const AnalysisPolicy &policy)
    {
        ++m_epoch;
        std::vector<LinkedChild> out;
        auto offer = [&](VertexIndex child, double strength, bool direct) {
            if (m_stamp[child] != m_epoch) {
                m_stamp[child] = m_epoch;
                m_slot[child] = static_cast<std::uint32_t>(out.size());
                out.push_back({child, strength, direct});
                return;
            }
            LinkedChild &c = out[m_slot[child]];
            c.strength = std::max(c.strength, strength);
            c.direct = c.direct || direct;
        };
        for (const Neighbour &n : m_graph.neighbours(at)) {
            const GraphEdge &e = m_graph.edge(n.edge);
            if (e.evidence <= 0.0) {
                continue;
            }
            const GraphVertex &v = m_graph.vertex(n.vertex);
            if (v.child) {
                offer(n.vertex, e.evidence, true);
            }
            for (std::uint32_t i = m_viaBegin[n.vertex]; i < m_viaBegin[n.vertex + 1]; ++i) {
                const Via &via = m_via[i];
                if (via.child != at) {
                    offer(via.child, policy.indirectFactor * e.evidence * via.evidence, false);
                }
            }
        }
        return out;
    }

private:
    struct Via {
        VertexIndex child = 0;
        double evidence = 0.0;
    };

    const Graph &m_graph;
    std::vector<std::uint32_t> m_stamp;
    std::vector<std::uint32_t> m_slot;
    std::uint32_t m_epoch = 0;
    std::vector<std::uint32_t> m_viaBegin; ///< children of suspect or alias n: m_via[m_viaBegin[n] .. m_viaBegin[n + 1])
    std::vector<Via> m_via;
};

std::string plural(std::size_t n, const std::string &one, const std::string &many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// Score and reasons of a row from its children and found-at episodes.
/// `names` null: the children are not counted as people (an area pools unrelated places, and
/// namesakes across a district are weak evidence of one child; its places' rows say it).
void finish(HotspotRow &row, const std::vector<LinkedChild> &children, const Graph &graph, const FoldedNames *names,
            double foundAtScore, const AnalysisPolicy &policy)
{
    std::map<int, int> byLevel; // -1 = never screened
    for (const LinkedChild &c : children) {
        const GraphVertex &v = graph.vertex(c.child);
        row.score += (v.level ? policy.risk.of(*v.level) : policy.risk.unscreened) * c.strength;
        row.directChildren += c.direct ? 1 : 0;
        ++byLevel[v.level ? static_cast<int>(*v.level) : -1];
        row.children.push_back(v.entity);
    }
    std::sort(row.children.begin(), row.children.end());
    row.distinctChildren = static_cast<int>(children.size());
    row.score += policy.foundAtWeight * foundAtScore;

    if (!children.empty()) {
        const int indirect = row.distinctChildren - row.directChildren;
        std::string linked = plural(children.size(), "child", "children") + " linked";
        if (indirect > 0) {
            linked += " (" + std::to_string(row.directChildren) + " directly, " + std::to_string(indirect) +
                      " through a suspect or alias)";
        }
        row.reasons.push_back(linked);
        std::string levels;
        for (auto it = byLevel.rbegin(); it != byLevel.rend(); ++it) {
            levels += levels.empty() ? "" : ", ";
            levels += std::to_string(it->second) + " " +
                      (it->first < 0 ? std::string("never screened")
                                     : "at " + std::string(toString(static_cast<RiskLevel>(it->first))) + " risk");
        }
        row.reasons.push_back(levels);
    }
    if (names != nullptr && children.size() >= 2) {
        // One child named in five reports without a date of birth stands as five entries; say
        // so as the clusters do (the score still counts entries: see findHotspots).
        std::vector<VertexIndex> entries;
        entries.reserve(children.size());
        for (const LinkedChild &c : children) {
            entries.push_back(c.child);
        }
        const int people = ClusterPeople(graph, std::move(entries), *names, [](VertexIndex) { return true; }).people();
        if (static_cast<std::size_t>(people) < children.size()) {
            row.reasons.push_back(probablyChildren(children.size(), people));
        }
    }
    if (row.foundAt > 0) {
        row.reasons.push_back(plural(static_cast<std::size_t>(row.foundAt), "missing episode", "missing episodes") +
                              " ended here");
    }
    if (row.recentRecords > 0) {
        row.reasons.push_back(plural(static_cast<std::size_t>(row.recentRecords), "record", "records") +
                              " in the last " + std::to_string(policy.recentDays) + " days");
    }
}

void rank(std::vector<HotspotRow> &rows)
{
    std::sort(rows.begin(), rows.end(), [](const HotspotRow &x, const HotspotRow &y) {
        if (x.score != y.score) {
            return x.score > y.score;
        }
        if (x.distinctChildren != y.distinctChildren) {
            return x.distinctChildren > y.distinctChildren;
        }
        return x.id != y.id ? x.id < y.id : x.key < y.key;
    });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].rank = static_cast<int>(i + 1);
    }
}

std::optional<double> parseNumber(const std::string &text)
{
    double x = 0.0;
    const char *end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, x);
    if (ec != std::errc() || ptr != end || !std::isfinite(x)) {
        return std::nullopt;
    }
    return x;
}

} // namespace

Hotspots findHotspots(const Graph &graph, const GraphSnapshot &snapshot, const AnalysisPolicy &policy)
{
    Hotspots out;
    // Found-at episodes per entity, each weighing its decay.
    std::unordered_map<EntityId, std::pair<int, double>> foundAt;
    const auto asOf = std::chrono::sys_days{graph.asOf()};
    for (const MissingInfo &m : snapshot.missing) {
        if (m.foundAt) {
            const double age = std::chrono::duration<double, std::chrono::days::period>(asOf - m.wentMissingAt).count();
            auto &[count, weight] = foundAt[*m.foundAt];
            ++count;
            weight += policy.decay(age);
        }
    }

    struct AreaAccumulator {
        std::string label;
        std::unordered_map<VertexIndex, LinkedChild> children;
        int foundAt = 0;
        double foundAtScore = 0.0;
        int recentRecords = 0;
    };
    std::map<std::string, AreaAccumulator> areas;

    ChildCollector collector(graph);
    std::optional<detail::NetworkGroups> groups;
    if (policy.network.enabled) {
        groups.emplace(graph, policy);
    }
    const FoldedNames names(graph, [](const GraphVertex &v) { return v.child; });
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        const GraphVertex &gv = graph.vertex(v);
        std::vector<HotspotRow> *table = nullptr;
        switch (gv.type) {
        case EntityType::Premises:
            table = &out.premises;
            break;
        case EntityType::Vehicle:
            table = &out.vehicles;
            break;
        case EntityType::Place:
            table = &out.places;
            break;
        default:
            continue;
        }
        const std::vector<LinkedChild> children = collector.collect(v, policy);
        const auto found = foundAt.find(gv.entity);
        HotspotRow row;
        row.id = gv.entity;
        row.label = gv.label;
        row.foundAt = found == foundAt.end() ? 0 : found->second.first;
        row.recentRecords = gv.recentRecords;
        const double foundScore = found == foundAt.end() ? 0.0 : found->second.second;

        if (gv.type != EntityType::Vehicle && !gv.postcode.empty()) {
            for (const std::string &area : {postcodeDistrict(gv.postcode), postcodeSector(gv.postcode)}) {
                if (area.empty()) {
                    continue;
                }
                AreaAccumulator &acc = areas[area];
                acc.label = area;
                for (const LinkedChild &c : children) {
                    // try_emplace: no node is allocated for a child the area already has.
                    auto [it, inserted] = acc.children.try_emplace(c.child, c);
                    if (!inserted) {
                        it->second.strength = std::max(it->second.strength, c.strength);
                        it->second.direct = it->second.direct || c.direct;
                    }
                }
                acc.foundAt += row.foundAt;
                acc.foundAtScore += foundScore;
                acc.recentRecords += gv.recentRecords;
            }
        }
        if (children.empty() && row.foundAt == 0) {
            continue;
        }
        finish(row, children, graph, &names, foundScore, policy);
        if (groups && groups->isPublic(v)) {
            const auto &related = groups->groups(v);
            // The row and the clusters agree: only the largest group can make a network here.
            row.reasons.push_back("children in " + std::to_string(related.size()) +
                                  " unrelated groups that share nothing but this " + std::string(toString(gv.type)) +
                                  " (the largest: " + plural(related.front().size(), "child", "children") +
                                  "); only that group counts towards a network");
        }
        table->push_back(std::move(row));
    }
    for (auto &[key, acc] : areas) {
        if (acc.children.empty() && acc.foundAt == 0) {
            continue;
        }
        std::vector<LinkedChild> children;
        children.reserve(acc.children.size());
        for (const auto &[vertex, child] : acc.children) {
            children.push_back(child);
        }
        std::sort(children.begin(), children.end(),
                  [](const LinkedChild &x, const LinkedChild &y) { return x.child < y.child; });
        HotspotRow row;
        row.key = key;
        row.label = acc.label;
        row.foundAt = acc.foundAt;
        row.recentRecords = acc.recentRecords;
        finish(row, children, graph, nullptr, acc.foundAtScore, policy);
        row.reasons.insert(row.reasons.begin(), key.find(' ') == std::string::npos ? "postcode district"
                                                                                   : "postcode sector");
        out.areas.push_back(std::move(row));
    }
    rank(out.premises);
    rank(out.vehicles);
    rank(out.places);
    rank(out.areas);
    return out;
}

Result<DensityGrid> densityGrid(const GraphSnapshot &snapshot, double cellMetres, double bandwidthMetres)
{
    if (!(cellMetres > 0.0)) {
        return makeError(ErrorCode::Usage, "the cell size must be a positive number of metres", "cell_metres");
    }
    struct Point {
        double lat;
        double lon;
        double weight;
    };
    std::vector<Point> points;
    for (const EntityInfo &e : snapshot.entities) {
        if (e.type != EntityType::Premises && e.type != EntityType::Place) {
            continue;
        }
        auto lat = parseNumber(e.attribute("lat"));
        auto lon = parseNumber(e.attribute("lon"));
        if (lat && lon && std::abs(*lat) <= 90.0 && std::abs(*lon) <= 180.0) {
            points.push_back({*lat, *lon, static_cast<double>(std::max(1, e.recordCount))});
        }
    }
    DensityGrid grid;
    grid.cellMetres = cellMetres;
    grid.bandwidthMetres = bandwidthMetres > 0.0 ? bandwidthMetres : 2.0 * cellMetres;
    grid.points = static_cast<int>(points.size());
    if (points.empty()) {
        return grid;
    }
    double south = 90.0;
    double north = -90.0;
    double west = 180.0;
    double east = -180.0;
    for (const Point &p : points) {
        south = std::min(south, p.lat);
        north = std::max(north, p.lat);
        west = std::min(west, p.lon);
        east = std::max(east, p.lon);
    }
    // Equirectangular around the middle latitude: exact enough across one force area.
    constexpr double kEarthRadius = 6371008.8;
    const double radians = std::numbers::pi / 180.0;
    grid.metresPerDegreeLat = kEarthRadius * radians;
    grid.metresPerDegreeLon = grid.metresPerDegreeLat * std::cos((south + north) / 2.0 * radians);
    const double h = grid.bandwidthMetres;
    const double reach = 3.0 * h;
    grid.south = south - reach / grid.metresPerDegreeLat;
    grid.west = west - reach / grid.metresPerDegreeLon;
    const double height = (north - south) * grid.metresPerDegreeLat + 2.0 * reach;
    const double width = (east - west) * grid.metresPerDegreeLon + 2.0 * reach;
    const double rows = std::ceil(height / cellMetres);
    const double cols = std::ceil(width / cellMetres);
    constexpr double kMaxCells = 4e6;
    if (rows * cols > kMaxCells) {
        return makeError(ErrorCode::Usage,
                         "a grid of " + std::to_string(static_cast<long long>(rows * cols)) +
                             " cells is too large; choose larger cells",
                         "cell_metres");
    }
    grid.rows = static_cast<int>(rows);
    grid.cols = static_cast<int>(cols);
    grid.values.assign(static_cast<std::size_t>(grid.rows) * static_cast<std::size_t>(grid.cols), 0.0);

    // Per square kilometre: the Gaussian's 1/(2 pi h^2) is per square metre.
    const double norm = 1e6 / (2.0 * std::numbers::pi * h * h);
    const int span = static_cast<int>(std::ceil(reach / cellMetres));
    for (const Point &p : points) {
        const double y = (p.lat - grid.south) * grid.metresPerDegreeLat;
        const double x = (p.lon - grid.west) * grid.metresPerDegreeLon;
        const int row = static_cast<int>(y / cellMetres);
        const int col = static_cast<int>(x / cellMetres);
        for (int r = std::max(0, row - span); r <= std::min(grid.rows - 1, row + span); ++r) {
            const double dy = (r + 0.5) * cellMetres - y;
            for (int c = std::max(0, col - span); c <= std::min(grid.cols - 1, col + span); ++c) {
                const double dx = (c + 0.5) * cellMetres - x;
                const double d2 = dx * dx + dy * dy;
                if (d2 <= reach * reach) {
                    grid.values[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.cols) +
                                static_cast<std::size_t>(c)] += p.weight * norm * std::exp(-d2 / (2.0 * h * h));
                }
            }
        }
    }
    return grid;
}

} // namespace harbour::analysis
