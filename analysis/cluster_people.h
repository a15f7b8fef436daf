#pragma once

#include "harbour/analysis/graph.h"

#include <vector>

namespace harbour::analysis {

/// Person entries of one cluster grouped into the people they probably are.
///
/// Resolution at import never merges two people with the same name and no date of birth, so
/// one child named in five reports may stand as five entries. Counting entries would call a
/// single-victim case "multiple abuse". Inside one cluster, entries are taken as one person when
/// (a) their names are the same, (b) one gives only the forename that exactly one full name in
/// the cluster starts with, (c) both are known by the same alias and one of them is nameless, or
/// (d) their full names are at least 94% alike (Jaro-Winkler), in each case unless their dates
/// of birth conflict or one record names them both. Never used to merge: only to count.
/// Time complexity: O(P + sum of the persons' degrees) plus O(P^2) name comparisons for clusters
/// of at most 300 persons (rule (d) is skipped above that).
class ClusterPeople {
public:
    /// `persons`: the cluster's person vertices; a vertex is inside when membership[v] == self.
    ClusterPeople(const Graph &graph, std::vector<VertexIndex> persons, const std::vector<int> &membership, int self);

    /// Distinct people among the given vertices; vertices that are not persons of the cluster
    /// count one each.
    int distinct(const std::vector<VertexIndex> &vertices) const;
    /// One vertex per person among the given vertices (the lowest, so the lowest entity id),
    /// sorted; vertices that are not persons of the cluster stand for themselves.
    std::vector<VertexIndex> representatives(const std::vector<VertexIndex> &vertices) const;
    /// The person a vertex belongs to, as a key equal for the entries of one person; vertices
    /// that are not persons of the cluster get a key of their own.
    long long personOf(VertexIndex v) const;

private:
    int find(int i) const;
    void unite(const Graph &graph, int i, int j);

    std::vector<VertexIndex> m_persons; ///< sorted
    mutable std::vector<int> m_parent;  ///< union-find over m_persons
};

} // namespace harbour::analysis
