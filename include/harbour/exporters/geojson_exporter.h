#pragma once

#include "harbour/exporters/exporter.h"

namespace harbour::exporters {

/// GeoJSON (RFC 7946) FeatureCollection of the diagram's places and premises that have
/// coordinates: Point geometry [longitude, latitude]; properties entity_id, label, type,
/// premises_type, postcode, hotspot_rank, hotspot_score, children, found_at. Entities without
/// "lat"/"lon" attributes, or with values outside the valid ranges, are left out.
class GeoJsonExporter final : public Exporter {
public:
    std::string_view name() const override { return "geojson"; }
    Result<std::vector<std::filesystem::path>> write(const ExportInput &input,
                                                     const std::filesystem::path &out) const override;
};

/// The document GeoJsonExporter writes. Never fails.
std::string toGeoJson(const ExportInput &input);

} // namespace harbour::exporters
