#pragma once

#include "harbour/analysis/graph.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
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
/// Time complexity: O(P log P + sum of the persons' degrees) plus O(N^2) letter counts for the
/// N distinct full names when N <= 300 (rule (d) is skipped above that), Jaro-Winkler only for
/// the pairs whose shared letters leave it able to reach 94%.
class ClusterPeople {
public:
    /// `persons`: the cluster's person vertices; a vertex is inside when membership[v] == self.
    ClusterPeople(const Graph &graph, std::vector<VertexIndex> persons, const std::vector<int> &membership, int self);
    /// The same over any set of person vertices (the children seen at one place, say), with
    /// `aliasCounts` saying which aliases rule (c) may go by and the names folded beforehand.
    ClusterPeople(const Graph &graph, std::vector<VertexIndex> persons, const class FoldedNames &names,
                  const std::function<bool(VertexIndex)> &aliasCounts);

    /// Distinct people among the given vertices; vertices that are not persons of the cluster
    /// count one each.
    int distinct(const std::vector<VertexIndex> &vertices) const;
    /// Distinct people among all the entries given to the constructor.
    int people() const;
    /// One vertex per person among the given vertices (the lowest, so the lowest entity id),
    /// sorted; vertices that are not persons of the cluster stand for themselves.
    std::vector<VertexIndex> representatives(const std::vector<VertexIndex> &vertices) const;
    /// The person a vertex belongs to, as a key equal for the entries of one person; vertices
    /// that are not persons of the cluster get a key of their own.
    long long personOf(VertexIndex v) const;

private:
    void group(const Graph &graph, const std::vector<std::string_view> &names,
               const std::function<bool(VertexIndex)> &aliasCounts);
    int find(int i) const;
    void unite(const Graph &graph, int i, int j);

    std::vector<VertexIndex> m_persons; ///< sorted
    mutable std::vector<int> m_parent;  ///< union-find over m_persons
};

/// Persons' names folded the way ClusterPeople compares them (lower-case letters, single
/// spaces; placeholders such as `Unknown ("Taz")` empty), made once for the many sets of one
/// graph: a pool of text and an offset per vertex.
class FoldedNames {
public:
    /// Folds the names of the vertices `wanted` says; every other vertex has an empty name.
    FoldedNames(const Graph &graph, const std::function<bool(const GraphVertex &)> &wanted);
    std::string_view of(VertexIndex v) const
    {
        return std::string_view(m_pool).substr(m_begin[v], m_begin[v + 1] - m_begin[v]);
    }

private:
    std::vector<std::uint32_t> m_begin; ///< |V| + 1 offsets into m_pool
    std::string m_pool;
};

/// "12 child entries are probably 5 children (the same or nearly the same name, ...)": what a
/// count of entries says when ClusterPeople takes them as fewer children.
std::string probablyChildren(std::size_t entries, int children);

} // namespace harbour::analysis
