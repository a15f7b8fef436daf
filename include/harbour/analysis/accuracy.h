#pragma once

#include "harbour/analysis/clusters.h"
#include "harbour/result.h"
#include "harbour/snapshot.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace harbour::analysis {

/// What the data generator planted: networks of records.
struct PlantedNetwork {
    std::string id;
    std::string kind;                 ///< as the generator names it ("organised", "noise", ...)
    std::vector<std::string> records; ///< record ids (the records' own references)
};

struct GroundTruth {
    std::vector<PlantedNetwork> networks;
};

/// Reads {"networks":[{"id","kind","records":[...]}]}; unknown keys are ignored. Fails with
/// Validation naming the field ("networks[2].records") when a field is missing or mistyped.
Result<GroundTruth> groundTruthFromJson(const nlohmann::json &document);

struct NetworkMatch {
    std::string network;
    std::string kind;
    int members = 0;         ///< entities the network owns (see accuracyOf)
    std::string bestCluster; ///< flagged cluster with the highest Jaccard; empty when none overlaps
    double jaccard = 0.0;
    bool recovered = false;  ///< jaccard >= threshold
};

struct Accuracy {
    double threshold = 0.6;
    int organisedNetworks = 0; ///< networks whose kind is one of the organised kinds
    int recovered = 0;
    double recall = 0.0;       ///< recovered / organisedNetworks (0 when there are none)
    int flaggedClusters = 0;
    int unmatchedFlagged = 0;  ///< flagged clusters whose Jaccard with every planted network is < threshold
    double falseFlagShare = 0.0; ///< unmatchedFlagged / flaggedClusters (0 when none flagged)
    std::vector<NetworkMatch> networks;
};

/// Compares flagged clusters with the planted networks.
///
/// A network's members are the graph entities mentioned in its records, except entities that
/// more records outside the network mention than inside it (a bus station named in a hundred
/// other reports is not the network's). Jaccard = |members ∩ cluster| / |members ∪ cluster|.
/// A planted network counts as organised when its kind is in `organisedKinds`; it is recovered
/// when some flagged cluster reaches `threshold`. A flagged cluster is unmatched when it reaches the
/// threshold with no planted network of any kind. Never fails; record ids not in the snapshot
/// are skipped. Time complexity: O(M + N x C) for M mentions, N networks and C flagged clusters
/// overlapping them (via an entity -> cluster index).
Accuracy accuracyOf(const std::vector<Cluster> &clusters, const GraphSnapshot &snapshot, const GroundTruth &truth,
                    double threshold = 0.6,
                    const std::vector<std::string> &organisedKinds = {"organised"});

} // namespace harbour::analysis
