#pragma once

// Private to harbour_analysis: the hand-weighted who-is-who scorer, kept as the match model's peer
// (SuggestionPolicy::model, docs/who-is-who.md "The hand-weighted peer").

#include "harbour/analysis/suggestions.h"
#include "match_profile.h"

#include <optional>

namespace harbour::analysis::detail
{

class PairScorer
{
  public:
    PairScorer(const GraphSnapshot &snapshot, const SuggestionPolicy &policy) : m_snapshot(snapshot), m_policy(policy)
    {
    }

    /// The suggestion for a pair, or nullopt. Without `details` only a, b, type and score are
    /// filled (no evidence): the search scores every candidate pair and words only the few it
    /// keeps. The score is the same either way (contributions summed in the same order).
    std::optional<MergeSuggestion> score(const Profile &a, const Profile &b, bool details) const;

  private:
    const GraphSnapshot &m_snapshot;
    const SuggestionPolicy &m_policy;
};

} // namespace harbour::analysis::detail
