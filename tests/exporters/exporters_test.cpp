#include "harbour/exporters/anx_exporter.h"
#include "harbour/exporters/csv_exporter.h"
#include "harbour/exporters/exporter.h"
#include "harbour/exporters/geojson_exporter.h"
#include "harbour/exporters/graphml_exporter.h"

#include "analysis/snapshot_builder.h"
#include "support/temp_dir.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace harbour;
using harbour::analysis::testing::day;
using harbour::analysis::testing::grade;
using harbour::analysis::testing::SnapshotBuilder;

namespace {

/// A small network: two children, a suspect with a nickname, a hotel with coordinates, a car,
/// one suspected-false report and one handling-C report.
struct Fixture {
    GraphSnapshot snapshot;
    analysis::AnalysisResult result;
    report::Diagram diagram;
    EntityId amy = 0, beth = 0, suspect = 0, hotel = 0, car = 0, park = 0;

    Fixture()
    {
        SnapshotBuilder b;
        amy = b.child("Amy <Adams> & \"Co\"");
        beth = b.child("Beth Brown");
        suspect = b.suspect("=HYPERLINK(\"http://x\")");
        hotel = b.entity(EntityType::Premises, "Canal Lodge",
                         {{"lat", "52.5121"}, {"lon", "-2.0832"}, {"postcode", "DY1 1QE"}, {"premises_type", "hotel"}});
        car = b.entity(EntityType::Vehicle, "AB12CDE");
        park = b.entity(EntityType::Place, "Park without coordinates");
        b.record({amy, suspect, hotel}, day(2026, 3, 1));
        b.record({beth, suspect, hotel, car}, day(2026, 3, 10));
        Grading c = grade('2', 'B');
        c.handling = 'C';
        b.record({amy, car}, day(2026, 3, 12), c);
        b.record({beth, park}, day(2026, 3, 15), grade('3', 'E')); // suspected false
        b.screened(amy, RiskLevel::Significant);
        b.screened(beth, RiskLevel::Medium);
        snapshot = b.build();
        for (auto &e : snapshot.entities) {
            if (e.id == amy) {
                e.attributes["dob"] = "2012-04-01";
            }
        }
        // The store hands children's final levels to the graph through the snapshot.
        result = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
        diagram = report::buildDiagram(snapshot, result, report::DiagramFocus::everything(),
                                       analysis::AnalysisPolicy::defaults())
                      .value();
    }

    exporters::ExportInput input() const { return exporters::ExportInput{snapshot, result, diagram, {}}; }
};

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int modeOf(const std::filesystem::path &path)
{
    struct stat st {};
    ::stat(path.c_str(), &st);
    return static_cast<int>(st.st_mode & 0777);
}

std::size_t count(const std::string &text, const std::string &what)
{
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) {
        ++n;
    }
    return n;
}

} // namespace

TEST(Diagram, ColoursChildrenByRiskAndStylesLinksByGrading)
{
    const Fixture f;
    ASSERT_EQ(f.diagram.nodes.size(), 6U);
    const auto &amy = f.diagram.nodes[*f.diagram.find(f.amy)];
    EXPECT_EQ(amy.colour.hex(), "#c62828");
    EXPECT_EQ(amy.shape, report::NodeShape::Circle);
    EXPECT_EQ(f.diagram.nodes[*f.diagram.find(f.beth)].colour.hex(), "#ef8f00");
    EXPECT_EQ(f.diagram.nodes[*f.diagram.find(f.hotel)].shape, report::NodeShape::House);
    EXPECT_EQ(f.diagram.nodes[*f.diagram.find(f.car)].shape, report::NodeShape::Square);
    auto edge = [&](EntityId a, EntityId b) -> const report::DiagramEdge * {
        for (const auto &e : f.diagram.edges) {
            if (f.diagram.nodes[e.from].entity == a && f.diagram.nodes[e.to].entity == b) {
                return &e;
            }
        }
        return nullptr;
    };
    const auto *falseLink = edge(f.beth, f.park);
    ASSERT_NE(falseLink, nullptr);
    EXPECT_EQ(falseLink->style, report::EdgeStyle::DottedFaint);
    EXPECT_EQ(falseLink->weight, 0.0);
    const auto *conditional = edge(f.amy, f.car);
    ASSERT_NE(conditional, nullptr);
    EXPECT_TRUE(conditional->conditionsApply);
    EXPECT_EQ(conditional->style, report::EdgeStyle::Solid); // 2/B weighs 0.7 x 0.8
    ASSERT_NE(edge(f.amy, f.suspect), nullptr);
    EXPECT_EQ(edge(f.amy, f.suspect)->style, report::EdgeStyle::Solid);
}

TEST(Diagram, UnknownClusterIsNotFound)
{
    const Fixture f;
    const auto d = report::buildDiagram(f.snapshot, f.result, report::DiagramFocus::ofCluster("C99"),
                                        analysis::AnalysisPolicy::defaults());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::NotFound);
    EXPECT_EQ(d.error().message, "no cluster C99");
}

TEST(Diagram, ChildFocusKeepsEntitiesWithinSteps)
{
    const Fixture f;
    const auto d = report::buildDiagram(f.snapshot, f.result, report::DiagramFocus::ofChild(f.beth, 1),
                                        analysis::AnalysisPolicy::defaults(), {.labels = {{f.beth, "Child A (13)"}}});
    ASSERT_TRUE(d.ok());
    std::set<EntityId> ids;
    for (const auto &n : d->nodes) {
        ids.insert(n.entity);
    }
    // The park is linked only by a suspected-false report: not a step.
    EXPECT_EQ(ids, (std::set<EntityId>{f.beth, f.suspect, f.hotel, f.car}));
    EXPECT_EQ(d->title, "Within 1 link of Child A (13)");
    EXPECT_TRUE(d->nodes[*d->find(f.beth)].focus);
}

TEST(Diagram, AChildsCappedNeighbourhoodKeepsWhatItIsMostStronglyTiedTo)
{
    harbour::analysis::testing::ChildNearABusyPlace c;
    c.builder.screened(c.zoe, RiskLevel::Significant);
    const GraphSnapshot snapshot = c.builder.build();
    const auto result = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    const auto d = report::buildDiagram(snapshot, result, report::DiagramFocus::ofChild(c.amy, 2),
                                        analysis::AnalysisPolicy::defaults(), {.maxNodes = 5});
    ASSERT_TRUE(d.ok()) << d.error().toString();
    std::set<EntityId> ids;
    for (const auto &n : d->nodes) {
        ids.insert(n.entity);
    }
    // Zoe ranks high as a child at significant risk, but Amy is tied to her only through the
    // bus station everyone passes: Taz's phone and flat come first.
    EXPECT_EQ(ids, (std::set<EntityId>{c.amy, c.bus, c.taz, c.phone, c.flat}));
    EXPECT_EQ(d->leftOut, 21u);
}

TEST(Diagram, WithoutLayoutKeepsEveryNodeAndLinkAtTheOrigin)
{
    const Fixture f;
    report::DiagramOptions options;
    options.layout = false;
    const auto bare = report::buildDiagram(f.snapshot, f.result, report::DiagramFocus::everything(),
                                           analysis::AnalysisPolicy::defaults(), options);
    ASSERT_TRUE(bare.ok());
    ASSERT_EQ(bare->nodes.size(), f.diagram.nodes.size());
    ASSERT_EQ(bare->edges.size(), f.diagram.edges.size());
    for (std::size_t i = 0; i < bare->nodes.size(); ++i) {
        EXPECT_EQ(bare->nodes[i].entity, f.diagram.nodes[i].entity);
        EXPECT_EQ(bare->nodes[i].x, 0.0);
        EXPECT_EQ(bare->nodes[i].y, 0.0);
    }
    EXPECT_NE(f.diagram.maxX - f.diagram.minX, 0.0) << "the default lays the diagram out";
    // Only GraphML and ANX carry positions; the others are written without a layout.
    EXPECT_TRUE(exporters::findExporter("graphml")->needsPositions());
    EXPECT_TRUE(exporters::findExporter("anx")->needsPositions());
    EXPECT_FALSE(exporters::findExporter("geojson")->needsPositions());
    EXPECT_FALSE(exporters::findExporter("csv")->needsPositions());
}

TEST(Diagram, ALargeDiagramIsLaidOutClusterByCluster)
{
    // Two groups of four, each met together, and each member met its partner in the other
    // group four times: laid out whole, partners sit side by side.
    SnapshotBuilder b;
    std::vector<EntityId> first;
    std::vector<EntityId> second;
    for (int i = 0; i < 4; ++i) {
        first.push_back(b.entity(EntityType::Person, "First " + std::to_string(i)));
        second.push_back(b.entity(EntityType::Person, "Second " + std::to_string(i)));
    }
    b.record({first[0], first[1], first[2], first[3]}, day(2026, 3, 1));
    b.record({second[0], second[1], second[2], second[3]}, day(2026, 3, 2));
    for (int i = 0; i < 4; ++i) {
        for (int month = 3; month <= 6; ++month) {
            b.record({first[static_cast<std::size_t>(i)], second[static_cast<std::size_t>(i)]}, day(2026, month, 3 + i));
        }
    }
    const GraphSnapshot snapshot = b.build();
    analysis::AnalysisResult result = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    result.clusters.clear();
    for (const auto *group : {&first, &second}) {
        analysis::Cluster cluster;
        cluster.id = "C" + std::to_string(result.clusters.size() + 1);
        for (const auto entity : *group) {
            cluster.members.push_back({entity, EntityType::Person, "", "", 0});
        }
        result.clusters.push_back(std::move(cluster));
    }

    // How far each member sits from its partner in the other group, on average.
    auto partnerDistance = [&](const report::Diagram &d) {
        double total = 0.0;
        for (std::size_t i = 0; i < first.size(); ++i) {
            const auto &p = d.nodes[*d.find(first[i])];
            const auto &q = d.nodes[*d.find(second[i])];
            total += std::hypot(p.x - q.x, p.y - q.y);
        }
        return total / static_cast<double>(first.size());
    };
    report::DiagramOptions options;
    options.clusterLayoutAbove = 0;
    const auto whole = report::buildDiagram(snapshot, result, report::DiagramFocus::everything(),
                                            analysis::AnalysisPolicy::defaults(), options);
    ASSERT_TRUE(whole.ok());
    options.clusterLayoutAbove = 7;
    const auto byCluster = report::buildDiagram(snapshot, result, report::DiagramFocus::everything(),
                                                analysis::AnalysisPolicy::defaults(), options);
    ASSERT_TRUE(byCluster.ok());
    EXPECT_EQ(byCluster->edges.size(), whole->edges.size()) << "links between clusters are still drawn";
    // The layout is seeded: 1.32 units laid out whole, 2.59 by cluster.
    EXPECT_GT(partnerDistance(*byCluster), 1.5 * partnerDistance(*whole))
        << "laid out whole, partners sit together; by cluster, links between clusters do not pull";
}

TEST(Exporter, GraphMlAndAnxAreWrittenAPieceAtATimeAndStopAtTheFirstFailure)
{
    Fixture f;
    // Thousands of extra nodes: several megabytes, so several pieces.
    for (int i = 0; i < 6000; ++i) {
        report::DiagramNode node;
        node.entity = 1000000 + i;
        node.label = "Extra entity " + std::to_string(i);
        f.diagram.nodes.push_back(node);
    }
    struct Format {
        std::string name;
        std::string (*whole)(const exporters::ExportInput &);
        Status (*pieces)(const exporters::ExportInput &, const exporters::TextSink &);
    };
    for (const Format &format : {Format{"graphml", exporters::toGraphMl, exporters::writeGraphMl},
                                 Format{"anx", exporters::toAnx, exporters::writeAnx}}) {
        const std::string whole = format.whole(f.input());
        std::vector<std::size_t> sizes;
        std::string joined;
        ASSERT_TRUE(format
                        .pieces(f.input(),
                                [&](std::string_view piece) {
                                    sizes.push_back(piece.size());
                                    joined += piece;
                                    return Status{};
                                })
                        .ok());
        EXPECT_EQ(joined, whole) << format.name;
        EXPECT_GE(sizes.size(), 3U) << format.name << ": " << whole.size() << " bytes";
        EXPECT_LT(*std::max_element(sizes.begin(), sizes.end()), std::size_t{2} << 20) << format.name;

        int calls = 0;
        const auto failed = format.pieces(f.input(), [&](std::string_view) {
            ++calls;
            return Status{makeError(ErrorCode::Io, "disk full")};
        });
        ASSERT_FALSE(failed.ok());
        EXPECT_EQ(failed.error().message, "disk full");
        EXPECT_EQ(calls, 1) << format.name << ": nothing more is made after a failure";
    }
    harbour::testing::TempDir dir;
    const auto written = exporters::findExporter("graphml")->write(f.input(), dir.path() / "x.graphml");
    ASSERT_TRUE(written.ok());
    EXPECT_EQ(readFile(dir.path() / "x.graphml"), exporters::toGraphMl(f.input()));
    EXPECT_EQ(modeOf(dir.path() / "x.graphml"), 0600);
    const auto nowhere = exporters::findExporter("anx")->write(f.input(), dir.path() / "missing" / "x.anx");
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().code, ErrorCode::Io);
    EXPECT_EQ(nowhere.error().file, (dir.path() / "missing" / "x.anx").string());
}

TEST(GraphMlExporter, ReadsBackWithBoostWithLabelsAndWeights)
{
    const Fixture f;
    const std::string xml = exporters::toGraphMl(f.input());
    EXPECT_EQ(xml.find("for=\"graph\""), std::string::npos);

    struct Vertex {
        std::string label, type, role, risk;
        double x = 0, y = 0, size = 0, priority = 0;
        int r = 0, g = 0, b = 0;
    };
    struct Edge {
        double weight = 0;
        std::string style, records, grading;
        int conditions = 0;
    };
    using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Vertex, Edge>;
    G g;
    boost::dynamic_properties dp;
    dp.property("label", boost::get(&Vertex::label, g));
    dp.property("type", boost::get(&Vertex::type, g));
    dp.property("role", boost::get(&Vertex::role, g));
    dp.property("risk_level", boost::get(&Vertex::risk, g));
    dp.property("priority", boost::get(&Vertex::priority, g));
    dp.property("x", boost::get(&Vertex::x, g));
    dp.property("y", boost::get(&Vertex::y, g));
    dp.property("size", boost::get(&Vertex::size, g));
    dp.property("r", boost::get(&Vertex::r, g));
    dp.property("g", boost::get(&Vertex::g, g));
    dp.property("b", boost::get(&Vertex::b, g));
    dp.property("weight", boost::get(&Edge::weight, g));
    dp.property("style", boost::get(&Edge::style, g));
    dp.property("records", boost::get(&Edge::records, g));
    dp.property("grading", boost::get(&Edge::grading, g));
    dp.property("conditions_apply", boost::get(&Edge::conditions, g));
    std::istringstream in(xml);
    ASSERT_NO_THROW(boost::read_graphml(in, g, dp));
    ASSERT_EQ(boost::num_vertices(g), f.diagram.nodes.size());
    ASSERT_EQ(boost::num_edges(g), f.diagram.edges.size());

    std::map<std::string, const Vertex *> byLabel;
    for (auto v : boost::make_iterator_range(boost::vertices(g))) {
        byLabel[g[v].label] = &g[v];
    }
    ASSERT_TRUE(byLabel.contains("Amy <Adams> & \"Co\""));
    const auto &amy = *byLabel["Amy <Adams> & \"Co\""];
    EXPECT_EQ(amy.role, "child");
    EXPECT_EQ(amy.risk, "significant");
    EXPECT_EQ(amy.r, 0xc6);
    EXPECT_EQ(amy.g, 0x28);
    EXPECT_EQ(amy.b, 0x28);
    EXPECT_EQ(byLabel["Canal Lodge"]->type, "premises");

    std::multiset<double> written;
    for (const auto &e : f.diagram.edges) {
        written.insert(e.weight);
    }
    std::multiset<double> read;
    int conditions = 0;
    for (auto e : boost::make_iterator_range(boost::edges(g))) {
        read.insert(g[e].weight);
        conditions += g[e].conditions;
        EXPECT_FALSE(g[e].records.empty());
    }
    EXPECT_EQ(read, written);
    EXPECT_EQ(conditions, 1);
}

TEST(AnxExporter, UsesTheChartStructureAndGradesStrength)
{
    const Fixture f;
    const std::string anx = exporters::toAnx(f.input());
    // Collections come before the chart items.
    const auto items = anx.find("<ChartItemCollection>");
    for (const char *collection :
         {"<StrengthCollection>", "<AttributeClassCollection>", "<EntityTypeCollection>", "<LinkTypeCollection>"}) {
        const auto pos = anx.find(collection);
        ASSERT_NE(pos, std::string::npos) << collection;
        EXPECT_LT(pos, items) << collection;
    }
    EXPECT_EQ(count(anx, "<Entity EntityId="), 6U);
    EXPECT_EQ(count(anx, "<Link End1Id="), f.diagram.edges.size());
    EXPECT_NE(anx.find("<IconStyle Type=\"Premises\"/>"), std::string::npos);
    EXPECT_NE(anx.find("<IconStyle Type=\"Vehicle\"/>"), std::string::npos);
    EXPECT_NE(anx.find("Label=\"Amy &lt;Adams&gt; &amp; &quot;Co&quot;\""), std::string::npos);
    EXPECT_NE(anx.find("<Attribute AttributeClass=\"Date of birth\" Value=\"2012-04-01\"/>"), std::string::npos);
    EXPECT_NE(anx.find("<Attribute AttributeClass=\"Risk level\" Value=\"significant\"/>"), std::string::npos);
    EXPECT_NE(anx.find("<Attribute AttributeClass=\"Registration mark\" Value=\"vehicle:AB12CDE\"/>"),
              std::string::npos);
    EXPECT_NE(anx.find("<Attribute AttributeClass=\"Postcode\" Value=\"DY1 1QE\"/>"), std::string::npos);
    EXPECT_NE(anx.find("Strength=\"Confirmed\""), std::string::npos);   // 1/A
    EXPECT_NE(anx.find("Strength=\"Unconfirmed\""), std::string::npos); // 3/E
    EXPECT_NE(anx.find("DateTime=\"2026-03-01T00:00:00.000\""), std::string::npos);
    EXPECT_NE(anx.find("Value=\"C: conditions apply\""), std::string::npos);
    EXPECT_EQ(anx.find("DateTime>"), std::string::npos); // an attribute, never an element
}

TEST(AnxExporter, IsWellFormed)
{
    // A small tag balance check: every element opened is closed in order.
    const Fixture f;
    const std::string anx = exporters::toAnx(f.input());
    std::vector<std::string> stack;
    for (std::size_t pos = anx.find('<'); pos != std::string::npos; pos = anx.find('<', pos + 1)) {
        const auto end = anx.find('>', pos);
        ASSERT_NE(end, std::string::npos);
        std::string tag = anx.substr(pos + 1, end - pos - 1);
        if (tag.starts_with('?')) {
            continue;
        }
        ASSERT_EQ(tag.find('<'), std::string::npos) << "unescaped < inside " << tag;
        if (tag.starts_with('/')) {
            ASSERT_FALSE(stack.empty());
            EXPECT_EQ(stack.back(), tag.substr(1));
            stack.pop_back();
        } else if (!tag.ends_with('/')) {
            stack.push_back(tag.substr(0, tag.find(' ')));
        }
    }
    EXPECT_TRUE(stack.empty());
}

TEST(GeoJsonExporter, WritesPointsLongitudeFirst)
{
    const Fixture f;
    const auto doc = nlohmann::json::parse(exporters::toGeoJson(f.input()));
    EXPECT_EQ(doc["type"], "FeatureCollection");
    ASSERT_EQ(doc["features"].size(), 1U); // the park has no coordinates
    const auto &feature = doc["features"][0];
    EXPECT_EQ(feature["type"], "Feature");
    EXPECT_EQ(feature["geometry"]["type"], "Point");
    EXPECT_DOUBLE_EQ(feature["geometry"]["coordinates"][0].get<double>(), -2.0832);
    EXPECT_DOUBLE_EQ(feature["geometry"]["coordinates"][1].get<double>(), 52.5121);
    EXPECT_EQ(feature["properties"]["label"], "Canal Lodge");
    EXPECT_EQ(feature["properties"]["type"], "premises");
    EXPECT_EQ(feature["properties"]["premises_type"], "hotel");
    EXPECT_EQ(feature["properties"]["postcode"], "DY1 1QE");
    EXPECT_EQ(feature["properties"]["hotspot_rank"], 1);
    EXPECT_GT(feature["properties"]["hotspot_score"].get<double>(), 0.0);
    EXPECT_EQ(feature["properties"]["children"], 2);
}

TEST(CsvExporter, NeutralisesFormulasAndQuotes)
{
    EXPECT_EQ(exporters::csvCell("=SUM(A1)"), "'=SUM(A1)");
    EXPECT_EQ(exporters::csvCell("+44 7700"), "'+44 7700");
    EXPECT_EQ(exporters::csvCell("-1"), "'-1");
    EXPECT_EQ(exporters::csvCell("@cmd"), "'@cmd");
    EXPECT_EQ(exporters::csvCell("\tx"), "'\tx");
    EXPECT_EQ(exporters::csvCell("\rx"), "\"'\rx\"");
    EXPECT_EQ(exporters::csvCell("plain"), "plain");
    EXPECT_EQ(exporters::csvCell("a,b"), "\"a,b\"");
    EXPECT_EQ(exporters::csvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(exporters::csvCell("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(exporters::csvCell("=A1,\"x\""), "\"'=A1,\"\"x\"\"\"");
    EXPECT_EQ(exporters::csvCell(""), "");
    const exporters::CsvTable table{"t", {"a", "b"}, {{"1", "=2"}}};
    EXPECT_EQ(exporters::toCsv(table), "a,b\r\n1,'=2\r\n");
}

TEST(CsvExporter, WritesOneOwnerOnlyFilePerTable)
{
    const Fixture f;
    harbour::testing::TempDir dir;
    const auto written = exporters::findExporter("csv")->write(f.input(), dir / "tables");
    ASSERT_TRUE(written.ok()) << written.error().toString();
    std::set<std::string> names;
    for (const auto &path : *written) {
        names.insert(path.filename().string());
        EXPECT_EQ(modeOf(path), 0600) << path;
    }
    EXPECT_EQ(names, (std::set<std::string>{"areas.csv", "children.csv", "clusters.csv", "places.csv",
                                            "premises.csv", "suspects.csv", "vehicles.csv"}));
    const auto suspects = readFile(dir / "tables" / "suspects.csv");
    EXPECT_NE(suspects.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << suspects;
}

TEST(Exporter, WritePrivateFileTightensAnExistingFile)
{
    harbour::testing::TempDir dir;
    const auto path = dir / "out.graphml";
    { std::ofstream(path) << "old"; }
    ::chmod(path.c_str(), 0644);
    ASSERT_TRUE(exporters::writePrivateFile(path, "new").ok());
    EXPECT_EQ(modeOf(path), 0600);
    EXPECT_EQ(readFile(path), "new");
    const auto bad = exporters::writePrivateFile(dir / "missing" / "x", "x");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
    EXPECT_EQ(bad.error().message, "cannot create the file: No such file or directory");
}

TEST(Exporter, RegistryKnowsTheFourFormats)
{
    for (const char *name : {"graphml", "anx", "geojson", "csv"}) {
        ASSERT_NE(exporters::findExporter(name), nullptr) << name;
        EXPECT_EQ(exporters::findExporter(name)->name(), name);
    }
    EXPECT_EQ(exporters::findExporter("pdf"), nullptr);
}
