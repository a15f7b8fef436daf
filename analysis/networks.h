#pragma once

// Flagged networks that hold their whole network (docs/analyses.md, "Networks").

#include "network_groups.h"

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/graph.h"

#include <vector>

namespace harbour::analysis::detail {

/// Changes the community of each vertex (`membership`, by vertex) so that
/// 1. every suspect, premises or vehicle linked to `organised.minChildrenPerHub` or more children
///    (a premises or vehicle: of one related group, NetworkGroups) sits in one community with those
///    children: the entity and its children move to the community that already holds most of them,
///    strongest rules first; a child already placed by a stronger rule stays, and so does a child of
///    another network (a community holding a rule's entity) held more strongly there (a noise link
///    never joins two networks, nor steals a child);
/// 2. a community that is no such network joins the network it sends at least
///    `network.chainShare` of its link weight to, over links of evidence at least
///    `network.chainMinEvidence`, public hubs left out (a chain split by modularity); repeated
///    while anything joins, at most `kChainRounds` times.
/// Community ids stay ids already in use. Time: O(|V| + |E| x rounds) plus the rules' children.
void holdNetworks(const Graph &graph, const NetworkGroups &groups, std::vector<int> &membership,
                  const AnalysisPolicy &policy);

inline constexpr int kChainRounds = 4;

} // namespace harbour::analysis::detail
