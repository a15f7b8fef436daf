#pragma once

#include "harbour/exporters/exporter.h"

namespace harbour::exporters {

/// GraphML as Gephi, yEd and Cytoscape read it: node keys label, type, role, risk_level, x, y,
/// size, r, g, b (by attr.name, as Gephi maps them); edge keys weight, style, records,
/// grading, conditions_apply. No keys for="graph" (Gephi rejects them). Node ids are "n"
/// followed by the entity id.
class GraphMlExporter final : public Exporter {
public:
    std::string_view name() const override { return "graphml"; }
    bool needsPositions() const override { return true; }
    Result<std::vector<std::filesystem::path>> write(const ExportInput &input,
                                                     const std::filesystem::path &out) const override;
};

/// The document GraphMlExporter writes. Never fails.
std::string toGraphMl(const ExportInput &input);
/// The same text, handed to `sink` a piece at a time; stops at the sink's first failure.
Status writeGraphMl(const ExportInput &input, const TextSink &sink);

} // namespace harbour::exporters
