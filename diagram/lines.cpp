// From records to drawn lines: typed links, report events, and the layout of both.
#include "lines.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace harbour::diagram {
namespace {

/// A pair of entities named alone together in a record: what the two types say they are.
Relation pairRelation(EntityType a, EntityType b)
{
    const auto isPerson = [](EntityType t) { return t == EntityType::Person || t == EntityType::Alias; };
    if (a == EntityType::Phone || b == EntityType::Phone) {
        return Relation::Phone;
    }
    if (a == EntityType::Account || b == EntityType::Account) {
        return Relation::Account;
    }
    if (isPerson(a) && isPerson(b)) {
        return Relation::Associate;
    }
    const EntityType other = isPerson(a) ? b : isPerson(b) ? a : EntityType::Person;
    if (isPerson(a) || isPerson(b)) {
        if (other == EntityType::Premises || other == EntityType::Place) {
            return Relation::SeenAt;
        }
        if (other == EntityType::Vehicle) {
            return Relation::WithVehicle;
        }
    }
    return Relation::NamedWith;
}

std::optional<Relation> statedRelation(std::string_view relation)
{
    if (relation == "alias_of") {
        return Relation::AliasOf;
    }
    if (relation == "found_at") {
        return Relation::FoundAt;
    }
    if (relation == "found_with") {
        return Relation::FoundWith;
    }
    return std::nullopt;
}

struct Grades {
    double best = 0.0;
    bool conditionsApply = false;
};

Grades gradesOf(const std::vector<RecordRowId> &records, const GraphSnapshot &snapshot,
                const analysis::AnalysisPolicy &policy)
{
    Grades grades;
    for (const auto row : records) {
        if (const auto *record = snapshot.findRecord(row)) {
            grades.best = std::max(grades.best, policy.gradingWeight(record->grading));
            grades.conditionsApply = grades.conditionsApply || record->grading.conditionsApply();
        }
    }
    return grades;
}

EdgeStyle styleOf(const Grades &grades, double lowGradingBelow)
{
    return grades.best <= 0.0                 ? EdgeStyle::DottedFaint
           : grades.best < lowGradingBelow ? EdgeStyle::Dashed
                                            : EdgeStyle::Solid;
}

std::uint64_t pairKey(std::size_t a, std::size_t b)
{
    return (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
}

void sortUnique(std::vector<RecordRowId> &rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
}

} // namespace

namespace detail {

void drawRecords(Diagram &diagram, const GraphSnapshot &snapshot, const analysis::AnalysisPolicy &policy,
                 const DiagramOptions &options)
{
    diagram.lines.clear();
    diagram.events.clear();
    // Entities by id, merged-away entries included, so that a mention of either finds the node.
    std::unordered_map<EntityId, std::size_t> nodeOf;
    for (std::size_t i = 0; i < diagram.nodes.size(); ++i) {
        nodeOf.emplace(diagram.nodes[i].entity, i);
        if (const auto *entity = snapshot.findEntity(diagram.nodes[i].entity)) {
            for (const EntityId from : entity->mergedFrom) {
                nodeOf.emplace(from, i);
            }
        }
    }
    std::unordered_map<std::uint64_t, const DiagramEdge *> edgeOf;
    std::unordered_set<RecordRowId> inScope;
    for (const auto &edge : diagram.edges) {
        edgeOf.emplace(pairKey(edge.from, edge.to), &edge);
        inScope.insert(edge.records.begin(), edge.records.end());
    }

    // Who each record names, in the order of its mentions.
    std::map<RecordRowId, std::vector<std::size_t>> named;
    for (const auto &mention : snapshot.mentions) {
        const auto node = nodeOf.find(mention.entity);
        if (node == nodeOf.end() || !inScope.contains(mention.record)) {
            continue;
        }
        auto &members = named[mention.record];
        if (std::find(members.begin(), members.end(), node->second) == members.end()) {
            members.push_back(node->second);
        }
    }

    // What records state: typed lines, the nicknames they reach through a person, and the
    // records (missing episodes) whose statements say everything they link.
    std::map<std::tuple<std::size_t, std::size_t, Relation>, std::vector<RecordRowId>> typed;
    std::map<RecordRowId, std::set<std::size_t>> reachedThroughAlias;
    std::set<RecordRowId> saidByStatements;
    for (const auto &link : snapshot.links) {
        const auto a = nodeOf.find(link.a);
        const auto b = nodeOf.find(link.b);
        if (a == nodeOf.end() || b == nodeOf.end() || a->second == b->second) {
            continue;
        }
        for (const auto &evidence : link.evidence) {
            const auto relation = statedRelation(evidence.relation);
            if (!relation || !inScope.contains(evidence.record)) {
                continue;
            }
            std::size_t from = a->second;
            std::size_t to = b->second;
            if (*relation == Relation::AliasOf) {
                // From the person to the nickname, and the nickname meets the record's other
                // entities through the person.
                if (diagram.nodes[from].type == EntityType::Alias && diagram.nodes[to].type != EntityType::Alias) {
                    std::swap(from, to);
                }
                reachedThroughAlias[evidence.record].insert(to);
            } else {
                saidByStatements.insert(evidence.record);
                if (diagram.nodes[to].child && !diagram.nodes[from].child) {
                    std::swap(from, to); // from the child found
                }
            }
            typed[{from, to, *relation}].push_back(evidence.record);
        }
    }

    std::map<std::vector<std::size_t>, std::vector<RecordRowId>> eventRecords;
    for (auto &[record, members] : named) {
        if (saidByStatements.contains(record)) {
            continue;
        }
        if (const auto aliases = reachedThroughAlias.find(record); aliases != reachedThroughAlias.end()) {
            std::erase_if(members, [&](std::size_t node) { return aliases->second.contains(node); });
        }
        if (members.size() >= std::max<std::size_t>(options.eventFromMembers, 3)) {
            std::vector<std::size_t> key = members;
            std::sort(key.begin(), key.end());
            eventRecords[key].push_back(record);
            continue;
        }
        for (std::size_t i = 0; i < members.size(); ++i) {
            for (std::size_t j = i + 1; j < members.size(); ++j) {
                std::size_t from = members[i];
                std::size_t to = members[j];
                // Persons first, then by index: one line per pair and relation whatever the order named.
                const bool swap = diagram.nodes[to].type == EntityType::Person &&
                                  (diagram.nodes[from].type != EntityType::Person || to < from);
                if (swap) {
                    std::swap(from, to);
                }
                const Relation relation = pairRelation(diagram.nodes[from].type, diagram.nodes[to].type);
                typed[{from, to, relation}].push_back(record);
            }
        }
    }

    for (auto &[key, records] : typed) {
        const auto &[from, to, relation] = key;
        sortUnique(records);
        const auto grades = gradesOf(records, snapshot, policy);
        DiagramLine line;
        line.from = from;
        line.to = to;
        line.relation = relation;
        line.style = styleOf(grades, options.lowGradingBelow);
        line.conditionsApply = grades.conditionsApply;
        if (const auto edge = edgeOf.find(pairKey(from, to)); edge != edgeOf.end()) {
            line.weight = edge->second->weight;
            line.onPath = edge->second->onPath;
        }
        line.records = std::move(records);
        diagram.lines.push_back(std::move(line));
    }

    for (auto &[members, records] : eventRecords) {
        sortUnique(records);
        const auto grades = gradesOf(records, snapshot, policy);
        EventNode event;
        event.members = members;
        event.style = styleOf(grades, options.lowGradingBelow);
        event.conditionsApply = grades.conditionsApply;
        const auto *first = snapshot.findRecord(records.front());
        event.label = first ? first->id : "record " + std::to_string(records.front());
        if (records.size() > 1) {
            event.label += " +" + std::to_string(records.size() - 1);
        }
        event.records = std::move(records);
        // A spoke is on the chain in focus when the chain runs between two of the event's members.
        std::set<std::size_t> onPath;
        for (std::size_t i = 0; i < members.size(); ++i) {
            for (std::size_t j = i + 1; j < members.size(); ++j) {
                const auto edge = edgeOf.find(pairKey(members[i], members[j]));
                if (edge != edgeOf.end() && edge->second->onPath) {
                    onPath.insert({members[i], members[j]});
                }
            }
        }
        for (const auto member : members) {
            DiagramLine spoke;
            spoke.from = member;
            spoke.to = diagram.events.size();
            spoke.toEvent = true;
            spoke.relation = Relation::InReport;
            spoke.style = event.style;
            spoke.weight = 0.5;
            spoke.onPath = onPath.contains(member);
            spoke.conditionsApply = event.conditionsApply;
            spoke.records = event.records;
            diagram.lines.push_back(std::move(spoke));
        }
        diagram.events.push_back(std::move(event));
    }
}

} // namespace detail

void drawEdgesAsLines(Diagram &diagram)
{
    diagram.lines.clear();
    diagram.events.clear();
    for (const auto &edge : diagram.edges) {
        DiagramLine line;
        line.from = edge.from;
        line.to = edge.to;
        line.relation = Relation::CoMentioned;
        line.style = edge.style;
        line.weight = edge.weight;
        line.onPath = edge.onPath;
        line.conditionsApply = edge.conditionsApply;
        line.records = edge.records;
        diagram.lines.push_back(std::move(line));
    }
}

bool layoutDiagram(Diagram &diagram, const std::map<EntityId, Point> &previous,
                   const std::map<RecordRowId, Point> &previousEvents, std::uint64_t seed,
                   const std::atomic_bool *cancel, const std::vector<std::uint32_t> &clusterOf)
{
    const std::size_t nodes = diagram.nodes.size();
    const std::size_t count = nodes + diagram.events.size();
    const auto pulls = [&](std::size_t a, std::size_t b) {
        return clusterOf.size() != nodes || (clusterOf[a] != detail::kNoCluster && clusterOf[a] == clusterOf[b]);
    };
    std::vector<LayoutEdge> edges;
    edges.reserve(diagram.lines.size());
    for (const auto &line : diagram.lines) {
        const std::size_t to = line.toEvent ? nodes + line.to : line.to;
        if (line.toEvent || pulls(line.from, line.to)) {
            edges.push_back({static_cast<std::uint32_t>(line.from), static_cast<std::uint32_t>(to), line.weight});
        }
    }
    LayoutOptions options;
    options.seed = seed;
    options.cancel = cancel;
    if (!previous.empty() || !previousEvents.empty()) {
        options.previous.resize(count);
        for (std::size_t i = 0; i < nodes; ++i) {
            if (const auto it = previous.find(diagram.nodes[i].entity); it != previous.end()) {
                options.previous[i] = it->second;
            }
        }
        for (std::size_t e = 0; e < diagram.events.size(); ++e) {
            if (const auto it = previousEvents.find(diagram.events[e].records.front()); it != previousEvents.end()) {
                options.previous[nodes + e] = it->second;
            }
        }
    }
    // Symbols must not cover each other: a node's half-size grows with its priority, an event's is small.
    options.radii.reserve(count);
    for (const auto &node : diagram.nodes) {
        options.radii.push_back(0.16 * node.size);
    }
    options.radii.resize(count, 0.08);
    options.spacing = 0.15;
    const auto points = layoutGraph(count, edges, options);
    if (points.size() != count) {
        return false;
    }
    for (std::size_t i = 0; i < count; ++i) {
        double &x = i < nodes ? diagram.nodes[i].x : diagram.events[i - nodes].x;
        double &y = i < nodes ? diagram.nodes[i].y : diagram.events[i - nodes].y;
        x = points[i].x;
        y = points[i].y;
        if (i == 0) {
            diagram.minX = diagram.maxX = x;
            diagram.minY = diagram.maxY = y;
        }
        diagram.minX = std::min(diagram.minX, x);
        diagram.maxX = std::max(diagram.maxX, x);
        diagram.minY = std::min(diagram.minY, y);
        diagram.maxY = std::max(diagram.maxY, y);
    }
    return true;
}

std::vector<Relation> relationsIn(const Diagram &diagram)
{
    std::set<Relation> present;
    for (const auto &line : diagram.lines) {
        present.insert(line.relation);
    }
    return {present.begin(), present.end()};
}

} // namespace harbour::diagram
