#pragma once

#include "harbour/result.h"
#include "harbour/snapshot.h"

#include <nlohmann/json_fwd.hpp>

#include <utility>
#include <vector>

namespace harbour::analysis {

/// The pairs of person entities that the generator's ground truth says are one person.
struct IdentityTruth {
    std::vector<std::pair<EntityId, EntityId>> pairs; ///< a < b, each pair once
    int people = 0;          ///< ground-truth people found under more than one entity
    int unmatchedMentions = 0; ///< ground-truth mentions no person entity of their record carried
};

/// Maps the ground truth's "people" (each with "mentions": [{"record", "name_as_written"}]) onto
/// the snapshot's person entities: a mention is the person entity of that record whose label
/// equals the name as written (case and spacing ignored), or for a nameless mention the
/// placeholder `Unknown ("alias")` of one of its "aliases_as_written". Every two distinct entities one
/// ground-truth person ended up as form a true pair. A document without "people" gives no
/// pairs; a "people" that is not an array of objects fails with Validation naming the field.
/// Time complexity: O(M + P) for M snapshot mentions and P ground-truth mentions, plus the pairs.
Result<IdentityTruth> identityTruth(const GraphSnapshot &snapshot, const nlohmann::json &groundTruth);

} // namespace harbour::analysis
