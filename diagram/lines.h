#pragma once

#include "harbour/diagram/diagram.h"

namespace harbour::diagram::detail {

constexpr std::uint32_t kNoCluster = ~0u;

/// Fills diagram.lines and diagram.events from the records behind diagram.edges (see the rules
/// at the top of diagram.h). Time complexity: O(M + L) for the snapshot's mentions and links.
void drawRecords(Diagram &diagram, const GraphSnapshot &snapshot, const analysis::AnalysisPolicy &policy,
                 const DiagramOptions &options);

} // namespace harbour::diagram::detail
