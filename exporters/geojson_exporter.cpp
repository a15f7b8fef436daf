#include "harbour/exporters/geojson_exporter.h"

#include "export_support.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <vector>
#include <unordered_map>

namespace harbour::exporters {
namespace {

std::optional<double> parseCoordinate(const std::string &text, double limit)
{
    double value = 0.0;
    const auto *end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (text.empty() || result.ec != std::errc() || result.ptr != end || !(value >= -limit && value <= limit)) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::string toGeoJson(const ExportInput &input)
{
    std::unordered_map<EntityId, const analysis::HotspotRow *> hotspots;
    for (const auto *table : {&input.analysis.hotspots.premises, &input.analysis.hotspots.places}) {
        for (const auto &row : *table) {
            hotspots.emplace(row.id, &row);
        }
    }
    // A place is marked when a line to it rests on a handling-code-C record: sharing where it is
    // shares what those records say.
    std::vector<bool> conditions(input.diagram.nodes.size(), false);
    for (const auto &edge : input.diagram.edges) {
        if (edge.conditionsApply) {
            conditions[edge.from] = true;
            conditions[edge.to] = true;
        }
    }
    auto features = nlohmann::json::array();
    for (std::size_t index = 0; index < input.diagram.nodes.size(); ++index) {
        const auto &node = input.diagram.nodes[index];
        if (node.type != EntityType::Premises && node.type != EntityType::Place) {
            continue;
        }
        const auto *entity = input.snapshot.findEntity(node.entity);
        if (!entity) {
            continue;
        }
        const auto lat = parseCoordinate(entity->attribute("lat"), 90.0);
        const auto lon = parseCoordinate(entity->attribute("lon"), 180.0);
        if (!lat || !lon) {
            continue;
        }
        nlohmann::json properties{
            {"entity_id", node.entity},
            {"label", node.label},
            {"type", std::string(toString(node.type))},
            {"postcode", entity->attribute("postcode")},
            {"conditions_apply", static_cast<bool>(conditions[index])},
        };
        if (node.type == EntityType::Premises) {
            properties["premises_type"] = entity->attribute("premises_type");
        }
        if (const auto it = hotspots.find(node.entity); it != hotspots.end()) {
            properties["hotspot_rank"] = it->second->rank;
            properties["hotspot_score"] = it->second->score;
            properties["children"] = it->second->distinctChildren;
            properties["found_at"] = it->second->foundAt;
        } else {
            properties["hotspot_rank"] = nullptr;
            properties["hotspot_score"] = 0.0;
            properties["children"] = 0;
            properties["found_at"] = 0;
        }
        features.push_back({
            {"type", "Feature"},
            {"id", node.entity},
            // RFC 7946 section 3.1.1: longitude first.
            {"geometry", {{"type", "Point"}, {"coordinates", {*lon, *lat}}}},
            {"properties", std::move(properties)},
        });
    }
    const nlohmann::json document{{"type", "FeatureCollection"}, {"features", std::move(features)}};
    // Replace, not throw, on invalid UTF-8 in a label: an export must not fail on one bad byte.
    return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<std::vector<std::filesystem::path>> GeoJsonExporter::write(const ExportInput &input,
                                                                  const std::filesystem::path &out) const
{
    if (auto status = writePrivateFile(out, toGeoJson(input)); !status) {
        return status.error();
    }
    return std::vector<std::filesystem::path>{out};
}

} // namespace harbour::exporters
