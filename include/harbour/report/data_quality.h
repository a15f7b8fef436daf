#pragma once

#include "harbour/analysis/suggestions.h"
#include "harbour/children.h"
#include "harbour/snapshot.h"
#include "harbour/store.h"

#include <cstdint>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

/// The data quality section of a problem profile (docs/briefing.md, "Data quality"): what the
/// records leave out, each as a count and a share, so a reader knows how far to trust the rest.
namespace harbour::report {

struct QualityMeasure {
    std::string measure; ///< "Children named but never screened"
    std::int64_t count = 0;
    std::int64_t outOf = 0;
    std::string of; ///< what outOf counts: "children named in records"
    /// "12%", or "-" when outOf is 0.
    std::string share() const;
};

struct QualityInputs {
    const GraphSnapshot *snapshot = nullptr;
    /// Entities the profile covers; null for every entity of the snapshot.
    const std::unordered_set<EntityId> *scope = nullptr;
    std::span<const ChildRow> children;            ///< childRows: every screened child
    std::span<const StoredScreening> screenings;   ///< current screenings (for ethnicity)
    std::span<const analysis::MergeSuggestion> review; ///< pairs in the identity review band
};

/// In this order: children named but never screened; screenings without an outcome (the latest
/// screening of a child has actions and none is marked done); information reports without a
/// grading (no source or no intelligence grade); children without a date of birth (neither on
/// a screening nor in any record); screened children whose latest screening leaves ethnicity
/// blank; person entries in an identity pair awaiting review.
std::vector<QualityMeasure> dataQuality(const QualityInputs &inputs);

} // namespace harbour::report
