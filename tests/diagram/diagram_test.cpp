// The diagram model: what the records say becomes typed lines and report events; one node per
// identity; a legend of what is drawn; a layout whose symbols never cover each other.
#include "harbour/diagram/diagram.h"
#include "harbour/diagram/labels.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace harbour::diagram {
namespace {

using analysis::testing::day;
using analysis::testing::grade;
using analysis::testing::SnapshotBuilder;

struct Drawn {
    GraphSnapshot snapshot;
    analysis::AnalysisResult analysis;
    Diagram diagram;
};

Drawn draw(const SnapshotBuilder &builder, DiagramOptions options = {})
{
    Drawn d;
    d.snapshot = builder.build();
    d.analysis = analysis::analyse(d.snapshot, analysis::AnalysisPolicy::defaults());
    d.diagram = buildDiagram(d.snapshot, d.analysis, DiagramFocus::everything(), analysis::AnalysisPolicy::defaults(),
                             options)
                    .value();
    return d;
}

/// The node-to-node lines between two entities.
std::vector<const DiagramLine *> linesBetween(const Diagram &diagram, EntityId a, EntityId b)
{
    std::vector<const DiagramLine *> found;
    for (const auto &line : diagram.lines) {
        if (!line.toEvent &&
            std::set{diagram.nodes[line.from].entity, diagram.nodes[line.to].entity} == std::set{a, b}) {
            found.push_back(&line);
        }
    }
    return found;
}

TEST(DiagramModel, AReportNamingFiveIsOneEventWithALineToEachNotAClique)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy");
    const EntityId taz = b.suspect("Taz");
    const EntityId car = b.entity(EntityType::Vehicle, "AB12CDE");
    const EntityId flat = b.entity(EntityType::Premises, "Flat 2");
    const EntityId phone = b.entity(EntityType::Phone, "07700900123");
    b.record({amy, taz, car, flat, phone});
    const auto d = draw(b);
    EXPECT_EQ(d.diagram.edges.size(), 10U); // the exports keep every link
    ASSERT_EQ(d.diagram.events.size(), 1U);
    EXPECT_EQ(d.diagram.events[0].label, "IR-1");
    EXPECT_EQ(d.diagram.events[0].members.size(), 5U);
    ASSERT_EQ(d.diagram.lines.size(), 5U);
    for (const auto &line : d.diagram.lines) {
        EXPECT_TRUE(line.toEvent);
        EXPECT_EQ(line.relation, Relation::InReport);
        EXPECT_EQ(line.records, std::vector<RecordRowId>{1});
    }
    EXPECT_TRUE(linesBetween(d.diagram, amy, taz).empty());
}

TEST(DiagramModel, TwoEntitiesNamedAloneTogetherAreATypedLine)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy");
    const EntityId taz = b.suspect("Taz");
    const EntityId car = b.entity(EntityType::Vehicle, "AB12CDE");
    const EntityId station = b.entity(EntityType::Place, "Bus station");
    const EntityId phone = b.entity(EntityType::Phone, "07700900123");
    b.record({amy, station});
    b.record({taz, car});
    b.record({phone, taz});
    b.record({amy, taz}, day(2026, 3, 1), grade('3', 'D'));
    const auto d = draw(b);
    EXPECT_TRUE(d.diagram.events.empty());
    const auto one = [&](EntityId a, EntityId x) {
        const auto lines = linesBetween(d.diagram, a, x);
        EXPECT_EQ(lines.size(), 1U);
        return lines.empty() ? DiagramLine{} : *lines.front();
    };
    EXPECT_EQ(one(amy, station).relation, Relation::SeenAt);
    EXPECT_EQ(one(taz, car).relation, Relation::WithVehicle);
    EXPECT_EQ(one(taz, phone).relation, Relation::Phone);
    const auto associates = one(amy, taz);
    EXPECT_EQ(associates.relation, Relation::Associate);
    EXPECT_EQ(associates.style, EdgeStyle::Dashed); // low graded: D
    // The person is always the line's first end, whatever the order the record named them.
    EXPECT_EQ(d.diagram.nodes[one(taz, phone).from].entity, taz);
}

TEST(DiagramModel, StatedRelationsAreTypedAndANicknameMeetsTheReportThroughItsPerson)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy");
    const EntityId taz = b.suspect("Taz");
    const EntityId nickname = b.entity(EntityType::Alias, "T");
    const EntityId flat = b.entity(EntityType::Premises, "Flat 2");
    const EntityId park = b.entity(EntityType::Place, "Park");
    const RecordRowId report = b.record({amy, taz, nickname, flat});
    b.relate(report, taz, nickname, "alias_of");
    b.foundAt(amy, park);
    const auto d = draw(b);
    const auto alias = linesBetween(d.diagram, taz, nickname);
    ASSERT_EQ(alias.size(), 1U);
    EXPECT_EQ(alias.front()->relation, Relation::AliasOf);
    EXPECT_EQ(d.diagram.nodes[alias.front()->from].entity, taz);
    const auto found = linesBetween(d.diagram, amy, park);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found.front()->relation, Relation::FoundAt);
    EXPECT_EQ(d.diagram.nodes[found.front()->from].entity, amy);
    ASSERT_EQ(d.diagram.events.size(), 1U); // Amy, Taz and the flat; the nickname through Taz
    std::set<EntityId> members;
    for (const auto m : d.diagram.events[0].members) {
        members.insert(d.diagram.nodes[m].entity);
    }
    EXPECT_EQ(members, (std::set{amy, taz, flat}));
    const auto kinds = relationsIn(d.diagram);
    EXPECT_EQ(kinds, (std::vector{Relation::AliasOf, Relation::FoundAt, Relation::InReport}));
}

TEST(DiagramModel, ReportsNamingTheSameEntitiesShareOneEvent)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy");
    const EntityId taz = b.suspect("Taz");
    const EntityId flat = b.entity(EntityType::Premises, "Flat 2");
    b.record({amy, taz, flat}, day(2026, 3, 1));
    b.record({flat, amy, taz}, day(2026, 3, 2));
    const auto d = draw(b);
    ASSERT_EQ(d.diagram.events.size(), 1U);
    EXPECT_EQ(d.diagram.events[0].records, (std::vector<RecordRowId>{1, 2}));
    EXPECT_EQ(d.diagram.events[0].label, "IR-1 +1");
    EXPECT_EQ(d.diagram.lines.size(), 3U);
}

TEST(DiagramModel, OneNodePerIdentityShowingHowManyEntriesItHolds)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy Jones");
    const EntityId flat = b.entity(EntityType::Premises, "Flat 2");
    b.record({amy, flat});
    auto snapshot = b.build();
    // The store folded entries 90 and 91 into Amy; a record still naming 91 reaches her node.
    snapshot.entities[0].mergedFrom = {90, 91};
    snapshot.records.push_back({99, "IR-99", RecordKind::InformationReport, snapshot.records[0].at, grade('1', 'A')});
    snapshot.mentions.push_back({99, 91, "victim", false});
    snapshot.mentions.push_back({99, flat, "premises", false});
    snapshot.links[0].evidence.push_back({99, "co_mentioned"});
    const auto result = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    DiagramOptions options;
    options.joinedAutomatically = {amy};
    const auto d = buildDiagram(snapshot, result, DiagramFocus::everything(), analysis::AnalysisPolicy::defaults(),
                                options)
                       .value();
    ASSERT_EQ(d.nodes.size(), 2U);
    const auto &node = d.nodes[*d.find(amy)];
    EXPECT_EQ(node.entries, 3);
    EXPECT_TRUE(node.joinedAutomatically);
    EXPECT_EQ(d.nodes[*d.find(flat)].entries, 1);
    const auto lines = linesBetween(d, amy, flat);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines.front()->records, (std::vector<RecordRowId>{1, 99}));
}

TEST(DiagramModel, TheLegendExplainsEveryShapeDrawnAndReportEvents)
{
    const auto legend = diagramLegend();
    std::set<NodeShape> shapes;
    for (const auto &entry : legend) {
        shapes.insert(entry.shape);
    }
    for (const auto type : {EntityType::Person, EntityType::Alias, EntityType::Vehicle, EntityType::Premises,
                            EntityType::Place, EntityType::Phone, EntityType::Account}) {
        EXPECT_TRUE(shapes.contains(shapeOf(type)));
    }
    EXPECT_TRUE(shapes.contains(NodeShape::Event));
    for (int r = 0; r <= static_cast<int>(Relation::CoMentioned); ++r) {
        EXPECT_FALSE(legendText(static_cast<Relation>(r)).empty());
    }
}

TEST(DiagramModel, LaysOutEventsWithTheNodesAndNoSymbolCoversAnother)
{
    SnapshotBuilder b;
    std::vector<EntityId> people;
    for (int i = 0; i < 30; ++i) {
        people.push_back(i % 3 == 0 ? b.child("Child " + std::to_string(i)) : b.suspect("Man " + std::to_string(i)));
    }
    const EntityId hotel = b.entity(EntityType::Premises, "Hotel");
    for (int i = 0; i + 3 < 30; i += 2) {
        b.record({people[i], people[i + 1], people[i + 3], hotel});
    }
    const auto d = draw(b);
    ASSERT_FALSE(d.diagram.events.empty());
    std::vector<std::pair<double, double>> points;
    std::vector<double> radii;
    for (const auto &node : d.diagram.nodes) {
        points.emplace_back(node.x, node.y);
        radii.push_back(0.16 * node.size);
    }
    for (const auto &event : d.diagram.events) {
        points.emplace_back(event.x, event.y);
        radii.push_back(0.08);
        EXPECT_TRUE(event.x >= d.diagram.minX && event.x <= d.diagram.maxX);
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t j = i + 1; j < points.size(); ++j) {
            const double distance = std::hypot(points[i].first - points[j].first, points[i].second - points[j].second);
            EXPECT_GT(distance, radii[i] + radii[j]) << i << " and " << j;
        }
    }
}

TEST(DiagramModel, ALayoutCancelledBeforeItEndsLeavesTheDiagramAsItWas)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy");
    const EntityId taz = b.suspect("Taz");
    b.record({amy, taz});
    DiagramOptions options;
    options.layout = false;
    auto d = draw(b, options);
    std::atomic_bool cancel{true};
    EXPECT_FALSE(layoutDiagram(d.diagram, {}, {}, 1, &cancel));
    EXPECT_EQ(d.diagram.nodes[1].x, 0.0);
    EXPECT_TRUE(layoutDiagram(d.diagram, {}, {}, 1));
    EXPECT_NE(d.diagram.nodes[0].x, d.diagram.nodes[1].x);
}

TEST(LabelPlacement, NoLabelCoversAnotherOrASymbolAndEachGoesNextToItsOwn)
{
    std::mt19937 random(5);
    std::uniform_real_distribution<double> where(0.0, 400.0);
    std::vector<LabelRequest> requests;
    std::vector<Box> symbols;
    for (int i = 0; i < 300; ++i) {
        const double x = where(random);
        const double y = where(random);
        requests.push_back({x, y, 6.0, 40.0 + i % 30, 9.0, false});
        symbols.push_back(symbolBox(x, y, 6.0));
    }
    const auto placed = placeLabels(requests, symbols, 1.0);
    std::vector<Box> labels;
    std::vector<std::size_t> owners;
    for (std::size_t i = 0; i < placed.size(); ++i) {
        if (placed[i]) {
            labels.push_back(*placed[i]);
            owners.push_back(i);
            // Near its own symbol: at most three label heights beyond it.
            const double reach = requests[i].radius + 3.0 * (requests[i].height + 1.0);
            EXPECT_LT(std::abs(placed[i]->x + placed[i]->w / 2 - requests[i].x), requests[i].width / 2 + reach + 1.0);
            EXPECT_LT(std::abs(placed[i]->y + placed[i]->h / 2 - requests[i].y), requests[i].height / 2 + reach + 1.0);
        }
    }
    EXPECT_GT(labels.size(), 60U);
    EXPECT_LT(labels.size(), 300U); // crowded on purpose: some are left out
    const auto crowding = measureCrowding(labels, owners, symbols);
    EXPECT_EQ(crowding.labelOverLabel, 0U);
    EXPECT_EQ(crowding.labelOverSymbol, 0U);
}

TEST(LabelPlacement, MovesALabelRoundItsSymbolBeforeLeavingItOut)
{
    // Something sits below the symbol: the label goes above it rather than nowhere.
    const std::vector<Box> symbols{symbolBox(100, 100, 5), symbolBox(100, 115, 5)};
    const std::vector<LabelRequest> requests{{100, 100, 5, 30, 8, false}};
    const auto placed = placeLabels(requests, symbols, 1.0);
    ASSERT_TRUE(placed[0].has_value());
    EXPECT_LT(placed[0]->y + placed[0]->h, 100.0);
}

TEST(LabelPlacement, ARequiredLabelIsDrawnWhereNoPlaceIsFreeButCoversNoOtherName)
{
    // A symbol walled in by others: a free label is left out, a required one is drawn.
    std::vector<Box> symbols{symbolBox(100, 100, 5)};
    for (int dx = -60; dx <= 60; dx += 10) {
        for (int dy = -40; dy <= 40; dy += 10) {
            if (dx != 0 || dy != 0) {
                symbols.push_back(symbolBox(100 + dx, 100 + dy, 5));
            }
        }
    }
    const std::vector<LabelRequest> free{{100, 100, 5, 30, 8, false}};
    EXPECT_FALSE(placeLabels(free, symbols, 1.0)[0].has_value());
    const std::vector<LabelRequest> required{{100, 100, 5, 30, 8, true}, {100, 100, 5, 30, 8, true}};
    const auto placed = placeLabels(required, symbols, 1.0);
    ASSERT_TRUE(placed[0].has_value());
    ASSERT_TRUE(placed[1].has_value());
    EXPECT_FALSE(placed[0]->intersects(*placed[1]));
}

} // namespace
} // namespace harbour::diagram
