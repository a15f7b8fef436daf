#pragma once

#include "harbour/exporters/exporter.h"

namespace harbour::exporters {

/// i2 Analyst's Notebook chart (ANX): Chart > StrengthCollection, AttributeClassCollection,
/// EntityTypeCollection, LinkTypeCollection, then ChartItemCollection of entity items
/// (ChartItem > End > Entity > Icon > IconStyle) and link items (ChartItem > Link >
/// LinkStyle), each with an AttributeCollection. Entity types Person (aliases too), Vehicle,
/// Premises, Place, Phone, Account. Link strength from the best grading behind the link:
/// Confirmed, Tentative or Unconfirmed (ExportInput thresholds). Positions from the diagram.
class AnxExporter final : public Exporter {
public:
    std::string_view name() const override { return "anx"; }
    bool needsPositions() const override { return true; }
    Result<std::vector<std::filesystem::path>> write(const ExportInput &input,
                                                     const std::filesystem::path &out) const override;
};

/// The document AnxExporter writes. Never fails.
std::string toAnx(const ExportInput &input);
/// The same text, handed to `sink` a piece at a time; stops at the sink's first failure.
Status writeAnx(const ExportInput &input, const TextSink &sink);

} // namespace harbour::exporters
