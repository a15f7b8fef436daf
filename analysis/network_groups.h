#pragma once

// Which children around a premises, vehicle or place belong together (docs/analyses.md, "Networks").

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/graph.h"

#include <cstdint>
#include <vector>

namespace harbour::analysis::detail {

/// The children linked to each premises, vehicle and place (as a hotspot row counts them:
/// directly, or through a suspect linked to it), in groups of children related other than through
/// it: by a link between them, a shared person, phone, vehicle, account or nickname, or a shared
/// place that is not itself public. A suspect's nickname is the suspect; two person entries with the
/// same full name are taken as one connector (the identity fold does this properly).
///
/// A place, premises or vehicle whose children fall into two or more groups, at least one of them a
/// case of its own (a group holding a suspect or anything else, or a child linked to anything
/// else), is **public**: unrelated cases meet there. Three children seen only at one takeaway and
/// nowhere else are not told apart by anything: the takeaway holds them (the flag rule as before). Only its largest group counts towards a network; the others are not brought in.
/// Decided in two rounds: first with every entity but the busy hubs (named in `split_records` or
/// more records) as connectors, then without those found public in the first round (a guest house
/// where three girls were found relates them; a bus station where every case turns up does not). Information graded suspected false weighs 0 and relates no one.
///
/// Time: O(sum over candidates of the degrees of their neighbours), candidates being entities with
/// two or more linked children; neighbours with more than `kBusyDegree` links are not walked.
/// Not thread-safe (scratch arrays): one instance per thread.
class NetworkGroups {
public:
    NetworkGroups(const Graph &graph, const AnalysisPolicy &policy);

    /// Children linked to `v` (as above), or to a suspect `v` directly.
    std::vector<VertexIndex> linkedChildren(VertexIndex v) const;
    /// Related groups of `v`'s linked children, largest first (a child seen only at `v` is a group
    /// of one). Empty for persons and aliases.
    const std::vector<std::vector<VertexIndex>> &groups(VertexIndex v) const;
    /// Two or more groups, one of them a case of its own.
    bool isPublic(VertexIndex v) const { return m_slot[v] != 0 && m_public[static_cast<std::size_t>(m_slot[v] - 1)] != 0; }
    /// The children that count towards a network at `v`: all its linked children, or the largest
    /// group when `v` is public.
    std::vector<VertexIndex> networkChildren(VertexIndex v) const;
    /// Of `children`, those in one group of `v` (the group holding most of them); all of them when
    /// `v` is not public.
    std::vector<VertexIndex> oneGroup(VertexIndex v, const std::vector<VertexIndex> &children) const;

    static constexpr std::size_t kBusyDegree = 5000;

private:
    struct Groups {
        std::vector<std::vector<VertexIndex>> groups;
        bool anyCase = false; ///< one group at least is a case of its own
    };
    void groupAll(const std::vector<char> &excluded, std::vector<char> *publicOut);
    Groups groupOf(VertexIndex x, const std::vector<char> &excluded) const;
    bool connector(VertexIndex v, const std::vector<char> &excluded, bool placesToo) const;

    const Graph &m_graph;
    const AnalysisPolicy &m_policy;
    std::vector<char> m_childAlias; ///< an alias some child is known by: names a child, relates no one
    std::vector<int> m_slot;        ///< candidate index + 1 per vertex, 0 when not a candidate
    std::vector<std::vector<std::vector<VertexIndex>>> m_groups;
    std::vector<char> m_public;
    std::vector<VertexIndex> m_connectorOf; ///< the vertex standing for v as a connector (a named person: the first of that name)
    // Scratch for groupOf, stamped per call.
    mutable std::uint32_t m_epoch = 0;
    mutable std::vector<std::uint32_t> m_unitStamp;
    mutable std::vector<int> m_unitId;
    mutable std::vector<std::uint32_t> m_viaStamp;
    mutable std::vector<int> m_viaUnit;
    bool m_placesToo = false;
};

} // namespace harbour::analysis::detail
