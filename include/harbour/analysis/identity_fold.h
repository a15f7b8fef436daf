#pragma once

#include "harbour/analysis/clusters.h"
#include "harbour/analysis/identities.h"
#include "harbour/snapshot.h"

/// The snapshot as every view sees it once identities are resolved: one node per person,
/// premises or vehicle. Clusters, hotspots, priorities, diagrams, briefings and exports count and
/// draw what they are given, so folding here makes all of them count identities.
namespace harbour::analysis {

/// Folds each identity of more than one entry into its first entry (the smallest id, which its
/// "I" id names), in place:
/// - the entity takes the identity's label and id, the union of the entries' roles, every
///   attribute (the labelled entry's first), and names the others in `foldedFrom`;
/// - mentions, links (their evidence joined), screened risk and missing episodes move to it;
///   links between two entries of one identity go;
/// - the child's risk is that of its latest screening, whichever entry it was recorded against,
///   with the screenings and actions of all its entries counted;
/// - the entries folded away are kept, as they were, in `snapshot.folded`, so any id still finds
///   its person (GraphSnapshot::findEntity) and its own name (findEntry).
/// Every entity is named with its identity, single entries too. A snapshot that is folded no
/// longer extends (Store::snapshotAfter): it is not the store's shape any more. Entities of the
/// snapshot that no identity names are left as they are. Time: O(n + m log m + l log l) for n
/// entities, m mentions and l links.
void foldIdentities(GraphSnapshot &snapshot, const Identities &identities);

/// Resolves the identities of `snapshot` under `policy` and the decisions in the audit `log`
/// (identityDecisions), folds them into it, and returns them: the one way every view gets its
/// identities. Time: suggestMerges over the snapshot, then the above.
Identities foldIdentities(GraphSnapshot &snapshot, const std::vector<AuditEntry> &log,
                          const struct AnalysisPolicy &policy);

/// The same from pairs already scored under identityPolicyOf(policy).suggestions (the app keeps
/// the memo of its last search, so a reload scores only the pairs around what came in).
Identities foldIdentities(GraphSnapshot &snapshot, const std::vector<MergeSuggestion> &scored,
                          const std::vector<AuditEntry> &log, const struct AnalysisPolicy &policy);

/// Every member of the clusters named with its identity, and each member that stands for several
/// entries followed by those entries under their own ids and names (the same role): the members
/// of `harbour analyse` stay entries, while the counts are of identities. Members stay sorted by id.
void listEntries(std::vector<Cluster> &clusters, const GraphSnapshot &folded);

} // namespace harbour::analysis
