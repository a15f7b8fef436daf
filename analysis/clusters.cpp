#include "harbour/analysis/clusters.h"

#include "cluster_people.h"
#include "beside.h"
#include "igraph_support.h"
#include "network_groups.h"
#include "networks.h"

#include <igraph.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <string>

namespace harbour::analysis {

namespace {

/// RAII owners for the igraph objects used here.
struct IGraph {
    igraph_t g{};
    bool live = false;
    ~IGraph()
    {
        if (live) {
            igraph_destroy(&g);
        }
    }
};
struct IVector {
    igraph_vector_t v{};
    explicit IVector(igraph_integer_t n = 0) { igraph_vector_init(&v, n); }
    ~IVector() { igraph_vector_destroy(&v); }
    IVector(const IVector &) = delete;
    IVector &operator=(const IVector &) = delete;
};
struct IIntVector {
    igraph_vector_int_t v{};
    explicit IIntVector(igraph_integer_t n = 0) { igraph_vector_int_init(&v, n); }
    ~IIntVector() { igraph_vector_int_destroy(&v); }
    IIntVector(const IIntVector &) = delete;
    IIntVector &operator=(const IIntVector &) = delete;
};

std::string plural(std::size_t n, const std::string &one, const std::string &many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

double modularity(const WeightedEdges &graph, const std::vector<int> &membership)
{
    double total = 0.0;
    std::vector<double> inside;
    std::vector<double> strength;
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
        const auto [a, b] = graph.edges[i];
        const double w = graph.weights[i];
        const auto ca = static_cast<std::size_t>(membership[static_cast<std::size_t>(a)]);
        const auto cb = static_cast<std::size_t>(membership[static_cast<std::size_t>(b)]);
        const std::size_t need = std::max(ca, cb) + 1;
        if (strength.size() < need) {
            strength.resize(need, 0.0);
            inside.resize(need, 0.0);
        }
        total += w;
        strength[ca] += w;
        strength[cb] += w;
        if (ca == cb) {
            inside[ca] += w;
        }
    }
    if (total <= 0.0) {
        return 0.0;
    }
    double q = 0.0;
    for (std::size_t c = 0; c < strength.size(); ++c) {
        const double share = strength[c] / (2.0 * total);
        q += inside[c] / total - share * share;
    }
    return q;
}

Partition leiden(const WeightedEdges &graph, const AnalysisPolicy &policy)
{
    Partition best;
    const auto n = static_cast<igraph_integer_t>(graph.vertexCount);
    best.membership.resize(static_cast<std::size_t>(n));
    std::iota(best.membership.begin(), best.membership.end(), 0);
    best.communities = graph.vertexCount;
    if (graph.edges.empty()) {
        return best;
    }

    // From the first igraph object to the last, as for layouts: see detail::igraphMutex().
    std::lock_guard lock(detail::igraphMutex());
    detail::quietIgraphErrors();
    IIntVector edgeList(static_cast<igraph_integer_t>(2 * graph.edges.size()));
    IVector weights(static_cast<igraph_integer_t>(graph.edges.size()));
    double total = 0.0;
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
        VECTOR(edgeList.v)[2 * i] = graph.edges[i].first;
        VECTOR(edgeList.v)[2 * i + 1] = graph.edges[i].second;
        VECTOR(weights.v)[i] = graph.weights[i];
        total += graph.weights[i];
    }
    IGraph g;
    if (igraph_create(&g.g, &edgeList.v, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        return best;
    }
    g.live = true;
    IVector strengths(n);
    igraph_strength(&g.g, &strengths.v, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &weights.v);

    const bool large = graph.vertexCount > policy.largeGraphVertices;
    const int runs = large ? policy.leidenRunsLargeGraph : policy.leidenRuns;
    // Iterating to a fixed point is cheap on small graphs; on large ones the first pass is where
    // nearly all the gain is (AnalysisPolicy::leidenIterationsLargeGraph).
    const igraph_integer_t iterations = large ? policy.leidenIterationsLargeGraph : -1;
    // See AnalysisPolicy::leidenReferenceWeight: modularity up to the reference, a fixed price
    // per unit of strength above it.
    const double nullModelWeight =
        policy.leidenReferenceWeight > 0.0 ? std::min(total, policy.leidenReferenceWeight) : total;
    const double resolution = policy.leidenResolution / (2.0 * nullModelWeight);

    best.modularity = -1.0;
    IIntVector membership(n);
    for (int run = 0; run < runs; ++run) {
        igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(policy.seed + static_cast<std::uint64_t>(run)));
        igraph_integer_t count = 0;
        igraph_real_t quality = 0.0;
        if (igraph_community_leiden(&g.g, &weights.v, &strengths.v, resolution, policy.leidenBeta, false, iterations,
                                    &membership.v, &count, &quality) != IGRAPH_SUCCESS) {
            continue;
        }
        std::vector<int> m(static_cast<std::size_t>(n));
        for (igraph_integer_t v = 0; v < n; ++v) {
            m[static_cast<std::size_t>(v)] = static_cast<int>(VECTOR(membership.v)[v]);
        }
        const double q = modularity(graph, m);
        if (q > best.modularity) {
            best.membership = std::move(m);
            best.communities = static_cast<int>(count);
            best.modularity = q;
        }
    }
    if (best.modularity < -0.5) {
        best.modularity = modularity(graph, best.membership); // every run failed: singletons
    }
    return best;
}

Result<WeightedEdges> famousGraph(std::string_view name)
{
    std::lock_guard lock(detail::igraphMutex());
    detail::quietIgraphErrors();
    const std::string zName(name);
    IGraph g;
    if (igraph_famous(&g.g, zName.c_str()) != IGRAPH_SUCCESS) {
        return makeError(ErrorCode::NotFound, "igraph knows no graph called '" + zName + "'");
    }
    g.live = true;
    IIntVector list;
    igraph_get_edgelist(&g.g, &list.v, false);
    WeightedEdges out;
    out.vertexCount = static_cast<int>(igraph_vcount(&g.g));
    const auto m = igraph_ecount(&g.g);
    for (igraph_integer_t e = 0; e < m; ++e) {
        out.edges.emplace_back(static_cast<int>(VECTOR(list.v)[2 * e]), static_cast<int>(VECTOR(list.v)[2 * e + 1]));
        out.weights.push_back(1.0);
    }
    return out;
}

WeightedEdges weightedEdges(const Graph &graph)
{
    WeightedEdges out;
    out.vertexCount = static_cast<int>(graph.vertexCount());
    out.edges.reserve(graph.edgeCount());
    out.weights.reserve(graph.edgeCount());
    for (const GraphEdge &e : graph.edges()) {
        if (e.weight > 0.0) {
            out.edges.emplace_back(static_cast<int>(e.a), static_cast<int>(e.b));
            out.weights.push_back(e.weight);
        }
    }
    return out;
}

std::string roleOf(const GraphVertex &v)
{
    if (v.child && v.suspect) {
        return "child and suspect";
    }
    if (v.child) {
        return "child";
    }
    if (v.suspect) {
        return v.type == EntityType::Alias ? "suspect alias" : "suspect";
    }
    return std::string(toString(v.type));
}

namespace {

bool canBeHub(const GraphVertex &v)
{
    return v.suspect || v.type == EntityType::Premises || v.type == EntityType::Vehicle;
}

std::string describe(const GraphVertex &v)
{
    return std::string(toString(v.type)) + " " + v.label;
}

/// Everything about one community, filled from its vertex list.
Cluster assess(const Graph &graph, const std::vector<VertexIndex> &vertices, const std::vector<int> &membership,
               const AnalysisPolicy &policy, const detail::NetworkGroups *groups)
{
    Cluster c;
    const int self = membership[vertices.front()];
    auto inside = [&](VertexIndex v) { return membership[v] == self; };

    std::vector<RecordRowId> records;
    std::map<RiskLevel, int> byLevel;
    int unscreened = 0;
    struct Shared {
        VertexIndex vertex;
        std::vector<VertexIndex> suspects; ///< suspect neighbours inside, entries not yet people
    };
    std::vector<Shared> shared;
    std::vector<std::pair<VertexIndex, std::vector<VertexIndex>>> hubCandidates;
    std::vector<VertexIndex> persons;
    std::vector<VertexIndex> childVertices;
    std::vector<VertexIndex> suspectVertices;

    for (VertexIndex v : vertices) {
        const GraphVertex &gv = graph.vertex(v);
        c.members.push_back({gv.entity, gv.type, gv.label, roleOf(gv), v});
        int childLinks = 0;
        double strongest = 0.0;
        std::vector<VertexIndex> linkedChildren;
        std::vector<VertexIndex> linkedSuspects;
        bool aliasOfPersonInside = false;
        for (const Neighbour &n : graph.neighbours(v)) {
            const GraphEdge &e = graph.edge(n.edge);
            if (!inside(n.vertex) || e.weight <= 0.0) {
                continue;
            }
            strongest = std::max(strongest, e.evidence);
            const GraphVertex &other = graph.vertex(n.vertex);
            if (other.child) {
                ++childLinks;
                linkedChildren.push_back(n.vertex);
            }
            aliasOfPersonInside |= (e.relations & kAliasOf) != 0 && other.type == EntityType::Person;
            if (other.suspect) {
                linkedSuspects.push_back(n.vertex);
            }
            if (n.vertex > v) { // each internal edge once
                auto span = graph.records(e);
                records.insert(records.end(), span.begin(), span.end());
            }
        }
        if (gv.type == EntityType::Person) {
            persons.push_back(v);
        }
        if (gv.child) {
            childVertices.push_back(v);
            // A child counts by level, scaled by the best-graded, most recent link holding them here.
            c.score += (gv.level ? policy.risk.of(*gv.level) : policy.risk.unscreened) * strongest;
        }
        // A suspect's nickname is the suspect, not a second one.
        if (gv.suspect && (gv.type != EntityType::Alias || !aliasOfPersonInside)) {
            suspectVertices.push_back(v);
        }
        if (groups && canBeHub(gv) && gv.type != EntityType::Person && gv.type != EntityType::Alias) {
            // A premises or vehicle counts its children as its hotspot row does (directly or
            // through a suspect), and only those of one related group (NetworkGroups).
            linkedChildren.clear();
            for (const VertexIndex child : groups->linkedChildren(v)) {
                if (inside(child)) {
                    linkedChildren.push_back(child);
                }
            }
            linkedChildren = groups->oneGroup(v, linkedChildren);
            childLinks = static_cast<int>(linkedChildren.size());
        }
        if (canBeHub(gv) && childLinks >= policy.organised.minChildrenPerHub) {
            hubCandidates.emplace_back(v, std::move(linkedChildren));
        }
        if (gv.type != EntityType::Person && gv.type != EntityType::Alias && linkedSuspects.size() >= 2) {
            shared.push_back({v, std::move(linkedSuspects)});
        }
    }
    std::sort(c.members.begin(), c.members.end(),
              [](const ClusterMember &x, const ClusterMember &y) { return x.id < y.id; });
    std::sort(records.begin(), records.end());
    records.erase(std::unique(records.begin(), records.end()), records.end());
    c.records = static_cast<int>(records.size());
    for (RecordRowId r : records) {
        const GraphRecord *info = graph.record(r);
        c.recentRecords += info && info->recent ? 1 : 0;
    }

    // Count people, not entries: one child named in five reports without a date of birth is
    // one child (see ClusterPeople).
    const ClusterPeople people(graph, persons, membership, self);
    c.children = people.distinct(childVertices);
    c.suspects = people.distinct(suspectVertices);
    // Each child once at their best-known level: one screened entry makes the person screened.
    {
        std::map<long long, std::optional<RiskLevel>> levelOf;
        for (const VertexIndex v : childVertices) {
            auto &level = levelOf[people.personOf(v)];
            const auto &known = graph.vertex(v).level;
            if (known && (!level || *known > *level)) {
                level = known;
            }
        }
        for (const auto &[person, level] : levelOf) {
            if (level) {
                ++byLevel[*level];
            } else {
                ++unscreened;
            }
        }
    }
    const OrganisedRule &rule = policy.organised;
    std::vector<std::pair<VertexIndex, std::vector<EntityId>>> hubs;
    for (const auto &[hub, linked] : hubCandidates) {
        if (people.distinct(linked) >= rule.minChildrenPerHub) {
            std::vector<EntityId> ids;
            for (const VertexIndex child : linked) {
                ids.push_back(graph.vertex(child).entity);
            }
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            hubs.emplace_back(hub, std::move(ids));
        }
    }
    const bool byCounts = c.children >= rule.minChildren && c.suspects >= rule.minSuspects;
    c.organised = byCounts || !hubs.empty();
    // The flag names people, not entries: one suspect named in three reports without a date of
    // birth is listed once (their lowest entity id), as the counts above count them once.
    const auto entitiesOf = [&](const std::vector<VertexIndex> &entries) {
        std::vector<EntityId> ids;
        for (const VertexIndex v : people.representatives(entries)) {
            ids.push_back(graph.vertex(v).entity);
        }
        return ids;
    };
    std::vector<VertexIndex> flaggedChildren;
    if (byCounts) {
        flaggedChildren = childVertices;
        c.organisedSuspects = entitiesOf(suspectVertices);
    }
    // Hubs that are one person, or read the same ("premises Elms Lodge" twice), make one reason.
    std::map<std::string, std::pair<VertexIndex, std::vector<VertexIndex>>> hubGroups;
    std::vector<VertexIndex> hubVertices;
    for (const auto &entry : hubs) {
        const VertexIndex hub = entry.first; // a variable, not a binding: lambdas capture it in every compiler
        const GraphVertex &hv = graph.vertex(hub);
        const std::string key = hv.type == EntityType::Person ? "person " + std::to_string(people.personOf(hub))
                                                              : describe(hv);
        const auto found = std::find_if(hubCandidates.begin(), hubCandidates.end(),
                                        [&](const auto &candidate) { return candidate.first == hub; });
        auto [group, inserted] = hubGroups.try_emplace(key, hub, std::vector<VertexIndex>{});
        group->second.first = std::min(group->second.first, hub);
        group->second.second.insert(group->second.second.end(), found->second.begin(), found->second.end());
        flaggedChildren.insert(flaggedChildren.end(), found->second.begin(), found->second.end());
        hubVertices.push_back(hub);
    }
    c.organisedChildren = entitiesOf(flaggedChildren);
    c.organisedHubs = entitiesOf(hubVertices);
    std::sort(c.organisedHubs.begin(), c.organisedHubs.end());
    hubs.clear();
    std::map<VertexIndex, std::vector<VertexIndex>> hubChildren;
    for (auto &[key, group] : hubGroups) {
        std::vector<EntityId> ids;
        for (const VertexIndex v : people.representatives(group.second)) {
            ids.push_back(graph.vertex(v).entity);
        }
        hubs.emplace_back(group.first, std::move(ids));
        hubChildren[group.first] = std::move(group.second);
    }

    // Reasons, most telling first.
    static constexpr RiskLevel kLevels[] = {RiskLevel::Significant, RiskLevel::Medium, RiskLevel::Low,
                                            RiskLevel::None};
    for (RiskLevel level : kLevels) {
        if (int n = byLevel[level]; n > 0) {
            c.reasons.push_back(plural(static_cast<std::size_t>(n), "child", "children") + " at " +
                                std::string(toString(level)) + " risk");
        }
    }
    if (unscreened > 0) {
        c.reasons.push_back(plural(static_cast<std::size_t>(unscreened), "child", "children") + " never screened");
    }
    if (static_cast<int>(childVertices.size()) > c.children) {
        c.reasons.push_back(probablyChildren(childVertices.size(), c.children));
    }
    if (byCounts) {
        // The reason names the suspects that met the rule (a few; the list has them all).
        std::string named;
        constexpr std::size_t kNamed = 3;
        for (std::size_t i = 0; i < c.organisedSuspects.size() && i < kNamed; ++i) {
            const auto member = std::find_if(c.members.begin(), c.members.end(), [&](const ClusterMember &m) {
                return m.id == c.organisedSuspects[i];
            });
            named += (i == 0 ? "" : ", ") + (member == c.members.end() ? std::string{} : member->label);
        }
        if (c.organisedSuspects.size() > kNamed) {
            named += " and " + std::to_string(c.organisedSuspects.size() - kNamed) + " more";
        }
        c.reasons.push_back("organised: " + plural(static_cast<std::size_t>(c.children), "child", "children") +
                            " and " + plural(static_cast<std::size_t>(c.suspects), "suspect", "suspects") +
                            " (" + named + ")" + " (rule: at least " + std::to_string(rule.minChildren) + " and " +
                            std::to_string(rule.minSuspects) + ")");
    }
    // The strongest hubs first; a big cluster can have dozens, and the panel needs the few.
    std::sort(hubs.begin(), hubs.end(), [&](const auto &x, const auto &y) {
        return x.second.size() != y.second.size() ? x.second.size() > y.second.size()
                                                  : graph.vertex(x.first).entity < graph.vertex(y.first).entity;
    });
    constexpr std::size_t kHubReasons = 3;
    std::size_t hubReasons = 0;
    for (const auto &[hub, children] : hubs) {
        if (hubReasons++ == kHubReasons) {
            c.reasons.push_back("organised: " + plural(hubs.size() - kHubReasons, "more suspect, premises or vehicle",
                                                       "more suspects, premises or vehicles") +
                                " linked to " + std::to_string(rule.minChildrenPerHub) + " or more children");
            break;
        }
        c.reasons.push_back("organised: " +
                            plural(static_cast<std::size_t>(people.distinct(hubChildren.at(hub))), "child", "children") +
                            " linked to " +
                            describe(graph.vertex(hub)) + " (rule: at least " +
                            std::to_string(rule.minChildrenPerHub) + ")");
    }
    // Objects shared by two or more suspects, counted as people (a suspect's nickname is the
    // suspect), one line per object as it reads.
    std::sort(suspectVertices.begin(), suspectVertices.end());
    std::map<std::string, std::pair<VertexIndex, std::vector<VertexIndex>>> sharedGroups;
    for (const Shared &object : shared) {
        auto [group, inserted] =
            sharedGroups.try_emplace(describe(graph.vertex(object.vertex)), object.vertex, std::vector<VertexIndex>{});
        group->second.first = std::min(group->second.first, object.vertex);
        for (const VertexIndex v : object.suspects) {
            if (std::binary_search(suspectVertices.begin(), suspectVertices.end(), v)) {
                group->second.second.push_back(v);
            }
        }
    }
    struct SharedLine {
        VertexIndex vertex;
        int suspects;
        std::string text;
    };
    std::vector<SharedLine> lines;
    for (const auto &[text, group] : sharedGroups) {
        if (const int n = people.distinct(group.second); n >= 2) {
            lines.push_back({group.first, n, text});
        }
    }
    std::sort(lines.begin(), lines.end(), [&](const SharedLine &x, const SharedLine &y) {
        return x.suspects != y.suspects ? x.suspects > y.suspects
                                        : graph.vertex(x.vertex).entity < graph.vertex(y.vertex).entity;
    });
    for (std::size_t i = 0; i < lines.size() && i < 3; ++i) {
        c.reasons.push_back(std::to_string(lines[i].suspects) + " suspects share " + lines[i].text);
    }
    c.reasons.push_back(plural(static_cast<std::size_t>(c.recentRecords), "record", "records") + " in the last " +
                        std::to_string(policy.recentDays) + " days, " + std::to_string(c.records) + " in all");
    return c;
}

/// A public hub: a place or premises named in so many records that unrelated cases meet there.
bool isPublicHub(const Graph &graph, VertexIndex v, const AnalysisPolicy &policy, const detail::NetworkGroups *groups)
{
    const GraphVertex &gv = graph.vertex(v);
    const bool busy = policy.hub.splitRecords > 0 && gv.records >= policy.hub.splitRecords && gv.type != EntityType::Person;
    return busy || (groups && groups->isPublic(v));
}

/// Splits a community where only public hubs hold it together.
///
/// Leiden's modularity has a resolution limit: small, separate cases that meet at one busy place
/// are cheaper to join than to keep apart. Take the hubs out and look at what is left: when two
/// or more parts each hold a child or a suspect, each becomes a community of its own, and every
/// hub goes to the part it is most strongly linked to. Parts with neither keep their hub's part
/// when linked to it, else stand alone. Returns the hubs it split at (empty when it did not
/// split) and updates `membership`, giving new parts ids from `nextCommunity` up.
/// Time complexity: O(vertices + their degrees).
std::vector<VertexIndex> splitAtHubs(const Graph &graph, std::vector<VertexIndex> &group,
                                     std::vector<std::vector<VertexIndex>> &extra, std::vector<int> &membership,
                                     int &nextCommunity, const AnalysisPolicy &policy,
                                     const detail::NetworkGroups *groups)
{
    std::vector<VertexIndex> hubs;
    for (const VertexIndex v : group) {
        if (isPublicHub(graph, v, policy, groups)) {
            hubs.push_back(v);
        }
    }
    if (hubs.empty()) {
        return {};
    }
    const int self = membership[group.front()];
    const auto isHub = [&](VertexIndex v) { return std::binary_search(hubs.begin(), hubs.end(), v); };

    // Connected parts of the community without its hubs (membership marks visits: -2 - part).
    std::vector<std::vector<VertexIndex>> parts;
    std::vector<VertexIndex> stack;
    for (const VertexIndex start : group) {
        if (membership[start] != self || isHub(start)) {
            continue;
        }
        parts.emplace_back();
        const int mark = -2 - static_cast<int>(parts.size() - 1);
        membership[start] = mark;
        stack.push_back(start);
        while (!stack.empty()) {
            const VertexIndex v = stack.back();
            stack.pop_back();
            parts.back().push_back(v);
            for (const Neighbour &n : graph.neighbours(v)) {
                if (membership[n.vertex] == self && !isHub(n.vertex) && graph.edge(n.edge).weight > 0.0) {
                    membership[n.vertex] = mark;
                    stack.push_back(n.vertex);
                }
            }
        }
    }
    std::vector<char> caseLike(parts.size(), 0);
    int cases = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        for (const VertexIndex v : parts[p]) {
            const GraphVertex &gv = graph.vertex(v);
            caseLike[p] = caseLike[p] || gv.child || gv.suspect;
        }
        cases += caseLike[p];
    }

    // Each hub joins the case-like part it is most strongly linked to.
    std::vector<int> hubPart(hubs.size(), -1);
    for (std::size_t h = 0; h < hubs.size(); ++h) {
        std::map<int, double> strength;
        for (const Neighbour &n : graph.neighbours(hubs[h])) {
            const int m = membership[n.vertex];
            if (m <= -2 && caseLike[static_cast<std::size_t>(-2 - m)]) {
                strength[-2 - m] += graph.edge(n.edge).weight;
            }
        }
        double best = 0.0;
        for (const auto &[part, weight] : strength) {
            if (weight > best) {
                best = weight;
                hubPart[h] = part;
            }
        }
    }

    if (cases < 2) { // nothing to split: put the community back as it was
        for (const auto &part : parts) {
            for (const VertexIndex v : part) {
                membership[v] = self;
            }
        }
        return {};
    }

    // Parts without a child or suspect follow the part of a hub they touch.
    std::vector<int> target(parts.size(), -1);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        target[p] = static_cast<int>(p);
        if (caseLike[p]) {
            continue;
        }
        for (const VertexIndex v : parts[p]) {
            for (const Neighbour &n : graph.neighbours(v)) {
                if (membership[n.vertex] == self && isHub(n.vertex)) {
                    const auto h = static_cast<std::size_t>(
                        std::lower_bound(hubs.begin(), hubs.end(), n.vertex) - hubs.begin());
                    if (hubPart[h] >= 0) {
                        target[p] = hubPart[h];
                    }
                }
            }
        }
    }

    // The first case-like part keeps the community id; the others get new ones.
    std::vector<int> idOf(parts.size(), -1);
    std::vector<std::vector<VertexIndex>> rebuilt;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        if (target[p] != static_cast<int>(p)) {
            continue;
        }
        idOf[p] = rebuilt.empty() ? self : nextCommunity++;
        rebuilt.emplace_back();
    }
    std::vector<std::size_t> slotOf(parts.size(), 0);
    for (std::size_t p = 0, slot = 0; p < parts.size(); ++p) {
        if (idOf[p] >= 0) {
            slotOf[p] = slot++;
        }
    }
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto home = static_cast<std::size_t>(target[p]);
        for (const VertexIndex v : parts[p]) {
            membership[v] = idOf[home];
            rebuilt[slotOf[home]].push_back(v);
        }
    }
    std::vector<VertexIndex> splitAt;
    for (std::size_t h = 0; h < hubs.size(); ++h) {
        // A hub linked to no case-like part stays with the first part.
        const std::size_t home = hubPart[h] >= 0 ? static_cast<std::size_t>(hubPart[h]) : 0;
        const std::size_t slot = idOf[home] >= 0 ? slotOf[home] : 0;
        membership[hubs[h]] = idOf[home] >= 0 ? idOf[home] : self;
        rebuilt[slot].push_back(hubs[h]);
        splitAt.push_back(hubs[h]);
    }
    for (auto &part : rebuilt) {
        std::sort(part.begin(), part.end());
    }
    group = std::move(rebuilt.front());
    for (std::size_t i = 1; i < rebuilt.size(); ++i) {
        extra.push_back(std::move(rebuilt[i]));
    }
    return splitAt;
}

} // namespace

std::vector<Cluster> findClusters(const Graph &graph, const AnalysisPolicy &policy)
{
    const WeightedEdges edges = weightedEdges(graph);
    const Partition partition = leiden(edges, policy);

    // Bucket vertices by community: counting sort, O(|V|).
    std::vector<std::vector<VertexIndex>> groups(static_cast<std::size_t>(std::max(partition.communities, 0)));
    for (VertexIndex v = 0; v < partition.membership.size(); ++v) {
        const auto c = static_cast<std::size_t>(partition.membership[v]);
        if (c >= groups.size()) {
            groups.resize(c + 1);
        }
        groups[c].push_back(v);
    }
    std::vector<int> membership = partition.membership;
    int nextCommunity = partition.communities;
    std::vector<std::vector<VertexIndex>> splitOff;
    // Communities split at hubs, by group: looked up once per group (a search of the list of
    // splits for every group grew with the square of the data).
    std::optional<detail::NetworkGroups> networkGroups;
    if (policy.network.enabled) {
        networkGroups.emplace(graph, policy);
    }
    const detail::NetworkGroups *related = networkGroups ? &*networkGroups : nullptr;
    std::vector<char> wasSplit(groups.size(), 0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto hubs = splitAtHubs(graph, groups[g], splitOff, membership, nextCommunity, policy, related);
        wasSplit[g] = hubs.empty() ? 0 : 1;
    }
    std::size_t firstSplitOff = groups.size();
    for (auto &part : splitOff) {
        groups.push_back(std::move(part));
    }
    if (related) {
        // Flagged networks hold their children and chains (networks.h); the communities are
        // bucketed again, a vertex keeping the note that its community was split at a hub.
        std::vector<char> splitVertex(graph.vertexCount(), 0);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (g >= firstSplitOff || wasSplit[g] != 0) {
                for (const VertexIndex v : groups[g]) {
                    splitVertex[v] = 1;
                }
            }
        }
        detail::holdNetworks(graph, *related, membership, policy);
        groups.clear();
        std::map<int, std::size_t> slot;
        for (VertexIndex v = 0; v < membership.size(); ++v) {
            auto [it, inserted] = slot.try_emplace(membership[v], groups.size());
            if (inserted) {
                groups.emplace_back();
            }
            groups[it->second].push_back(v);
        }
        wasSplit.assign(groups.size(), 0);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            wasSplit[g] = std::any_of(groups[g].begin(), groups[g].end(), [&](VertexIndex v) { return splitVertex[v] != 0; });
        }
        firstSplitOff = groups.size();
    }
    // Each group is assessed on its own: on a second core every other group is assessed there.
    std::vector<std::optional<Cluster>> assessed(groups.size());
    const auto assessFrom = [&](std::size_t first) {
        for (std::size_t g = first; g < groups.size(); g += 2) {
            if (static_cast<int>(groups[g].size()) >= policy.minClusterSize) {
                assessed[g] = assess(graph, groups[g], membership, policy, related);
            }
        }
    };
    auto odd = detail::runBeside([&assessFrom] { assessFrom(1); });
    assessFrom(0);
    odd.get();
    std::vector<Cluster> clusters;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (!assessed[g]) {
            continue;
        }
        clusters.push_back(std::move(*assessed[g]));
        const bool split = g >= firstSplitOff || wasSplit[g] != 0;
        if (split) {
            clusters.back().reasons.push_back(
                "kept apart from unrelated cases that meet only at busy public places");
        }
    }
    std::sort(clusters.begin(), clusters.end(), [](const Cluster &x, const Cluster &y) {
        if (x.score != y.score) {
            return x.score > y.score;
        }
        if (x.organised != y.organised) {
            return x.organised;
        }
        return x.members.front().id < y.members.front().id;
    });
    for (std::size_t i = 0; i < clusters.size(); ++i) {
        clusters[i].id = "C" + std::to_string(i + 1);
    }
    return clusters;
}

} // namespace harbour::analysis
