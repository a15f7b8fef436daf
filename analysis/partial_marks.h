#pragma once

#include "harbour/analysis/suggestions.h"

#include "entity_types.h"

#include <vector>

namespace harbour::analysis::detail {

/// suggestPartialMarks with the entity types already built: suggestMerges builds them once for
/// its own links and this.
std::vector<MergeSuggestion> suggestPartialMarks(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                                                 const EntityTypes &types);

} // namespace harbour::analysis::detail
