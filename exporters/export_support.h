#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/exporters/exporter.h"

#include <string>
#include <vector>

namespace harbour::exporters::detail {

/// What the records behind one diagram line say about it.
struct LineEvidence {
    double bestGrading = 0.0;          ///< highest grading weight of its records
    std::vector<std::string> ids;      ///< record references, oldest first
    std::vector<std::string> gradings; ///< distinct "2/B/P" summaries, in record order
    DateTime first{};
    bool dated = false;
};

const analysis::AnalysisPolicy &policyOf(const ExportInput &input);
LineEvidence lineEvidence(const ExportInput &input, const report::DiagramEdge &edge);
/// "child", "suspect", "child and suspect", or the type word ("vehicle", ...).
std::string roleText(const report::DiagramNode &node);
/// "significant", "medium", "low", "none"; empty when not a child or never screened.
std::string riskText(const report::DiagramNode &node);
std::string join(const std::vector<std::string> &parts, std::string_view separator);
/// Shortest text that reads back as the same double ("0.25", "12").
std::string number(double value);

} // namespace harbour::exporters::detail
