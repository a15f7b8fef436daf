#pragma once

#include "harbour/analysis/identities.h"
#include "harbour/analysis/suggestions.h"

#include <cstddef>
#include <vector>

/// What the app's Who is who page lists: one row per group of entries an analyst may decide on
/// at once. Plain data, no Qt.
namespace harbour::ui {

struct ReviewGroup {
    enum class Kind {
        Candidate, ///< identities joined by review-band pairs: may be one, the analyst decides
        Automatic, ///< one identity the model joined with no analyst action: may be split
        Confirmed, ///< one identity an analyst confirmed: may still be split
    };
    Kind kind = Kind::Candidate;
    EntityType type = EntityType::Person;
    /// Indices into Identities::identities, ascending by id number: every identity the group spans.
    std::vector<std::size_t> identities;
    std::vector<EntityId> entities; ///< every entry of those identities, ascending
    /// Indices into the review pairs joining them, best first (empty for a single identity).
    std::vector<std::size_t> pairs;
    /// The best pair's score for a candidate group; the identity's probability otherwise.
    double score = 0.0;
};

/// The groups to review, in the order an analyst works through them:
/// - candidate groups: the connected components of the review pairs, each spanning the whole
///   identities its pairs touch, best pair first;
/// - identities of more than one entry joined automatically (weakest first, the likeliest to be
///   wrong) that no review pair touches;
/// - identities of more than one entry confirmed by an analyst, by id.
/// Pairs naming an entry that no identity holds are left out. Time: O(n + p log p) for n
/// identities and p review pairs.
std::vector<ReviewGroup> reviewGroups(const analysis::Identities &identities,
                                      const std::vector<analysis::MergeSuggestion> &review);

} // namespace harbour::ui
