// Handling code C must travel with what is exported: GeoJSON marks the places that lines resting on
// handling-code-C records lead to (GraphML and ANX mark the lines themselves; see exporters_test).

#include "harbour/exporters/geojson_exporter.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

using namespace harbour;
using harbour::analysis::testing::day;
using harbour::analysis::testing::grade;
using harbour::analysis::testing::SnapshotBuilder;

TEST(GeoJsonExporter, MarksPlacesKnownFromHandlingCodeCRecords)
{
    SnapshotBuilder b;
    const EntityId amy = b.child("Amy Adams");
    const EntityId beth = b.child("Beth Brown");
    const EntityId hotel = b.entity(EntityType::Premises, "Canal Lodge",
                                    {{"lat", "52.5121"}, {"lon", "-2.0832"}, {"premises_type", "hotel"}});
    const EntityId park = b.entity(EntityType::Place, "Priory Park", {{"lat", "52.52"}, {"lon", "-2.09"}});
    Grading conditions = grade('2', 'B');
    conditions.handling = 'C';
    b.record({amy, hotel}, day(2026, 3, 12), conditions);
    b.record({beth, park}, day(2026, 3, 15), grade('2', 'B'));
    b.screened(amy, RiskLevel::Significant);
    b.screened(beth, RiskLevel::Medium);
    const GraphSnapshot snapshot = b.build();
    const auto result = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    const auto diagram = report::buildDiagram(snapshot, result, report::DiagramFocus::everything(),
                                              analysis::AnalysisPolicy::defaults());
    ASSERT_TRUE(diagram.ok()) << diagram.error().toString();

    const auto doc =
        nlohmann::json::parse(exporters::toGeoJson(exporters::ExportInput{snapshot, result, *diagram, {}}));
    std::map<std::string, bool> marked;
    for (const auto &feature : doc.at("features")) {
        marked[feature.at("properties").at("label")] = feature.at("properties").at("conditions_apply");
    }
    EXPECT_EQ(marked, (std::map<std::string, bool>{{"Canal Lodge", true}, {"Priory Park", false}}));
}
