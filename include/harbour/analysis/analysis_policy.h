#pragma once

#include "harbour/model.h"
#include "harbour/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace harbour::analysis {

/// How much one record's grading lets it weigh, each factor in [0, 1].
/// The UK 3x5x2 grading and the report form's 1-5 scales say the same two things (how
/// reliable the source is, how accurate the information is), so each pair is folded with
/// min() and the record's weight is sourceFactor * informationFactor.
struct GradingWeights {
    std::array<double, 3> source{1.0, 0.7, 0.4};                 ///< '1', '2', '3'
    std::array<double, 5> intelligence{1.0, 0.8, 0.6, 0.4, 0.0}; ///< 'A'..'E' (E suspected false)
    std::array<double, 5> reliability{1.0, 0.85, 0.7, 0.5, 0.3}; ///< form scale 1..5
    std::array<double, 5> accuracy{1.0, 0.85, 0.6, 0.4, 0.0};    ///< form scale 1..5 (5 suspected false)
    double unknown = 0.8; ///< a factor with neither part given ("dont_know" or absent)
};

/// When a cluster is flagged as suggesting organised abuse.
struct OrganisedRule {
    int minChildren = 2;       ///< with at least minSuspects suspects ...
    int minSuspects = 2;
    int minChildrenPerHub = 3; ///< ... or this many children linked to one suspect, premises or vehicle
};

/// Damping of edges at hubs: an entity that many distinct records mention (a bus station, a
/// school) links people who need not know each other. Each edge is multiplied by
/// 1 / log2(2 + excess) where excess = max(0, records(busier end) - freeRecords).
struct HubDamping {
    bool enabled = true;
    int freeRecords = 5; ///< records an entity may have before any damping
    /// A place or premises named in at least this many records is a public hub: when taking it
    /// out splits a community into parts that each hold a child or a suspect, the community is
    /// split there (unrelated cases seen at the same bus station). 0 turns splitting off.
    int splitRecords = 10;
};

/// How a flagged network is held together (docs/analyses.md, "Networks"): the children of one
/// related group at a premises or vehicle, or of a suspect, move into one network with it; a
/// community that sends at least `chainShare` of its link weight (public hubs left out) to a
/// network, over links of evidence at least `chainMinEvidence`, joins it (a chain).
struct NetworkRule {
    bool enabled = true;
    double chainShare = 0.25;
    double chainMinEvidence = 0.3;
};

/// Weights of a child's final risk level wherever a child's risk counts.
struct RiskWeights {
    double significant = 1.0;
    double medium = 0.6;
    double low = 0.3;
    double none = 0.1;
    double unscreened = 0.2; ///< a victim named in records but never screened

    double of(RiskLevel level) const;
};

/// Every tunable number of the analyses. The shipped values are compiled in (defaults());
/// data/analysis-policy.json holds the same values for users to copy and change.
struct AnalysisPolicy {
    double halfLifeDays = 365.0; ///< information this old weighs half
    int recentDays = 30;         ///< "N reports in the last recentDays days" in reasons
    GradingWeights grading;
    OrganisedRule organised;
    HubDamping hub;
    NetworkRule network;
    RiskWeights risk;

    // Community detection (Leiden, modularity objective).
    double leidenResolution = 1.0; ///< multiplies 1/(2m); above 1 gives smaller clusters
    double leidenBeta = 0.01;      ///< randomness of the refinement step
    int leidenRuns = 5;            ///< best of this many seeded runs ...
    int leidenRunsLargeGraph = 1;  ///< ... or of this many when the graph has more than largeGraphVertices
    /// Leiden iterations per run on a large graph (small ones iterate to a fixed point). At 1M
    /// reports (2.8M vertices, 12M edges) the second pass costs 40% of Leiden's time for a
    /// modularity gain of 0.0002 (docs/benchmarks.md).
    int leidenIterationsLargeGraph = 1;
    /// Modularity's null model divides by the graph's total weight m, so the more intelligence
    /// is loaded, the smaller the price of joining two separate networks by one stray link (the
    /// resolution limit): at 50,000 reports whole networks merged in fours. Above this total
    /// weight the null model uses this value instead of m, so a cluster means the same at a
    /// force and at a region. 0 keeps plain modularity at every size.
    double leidenReferenceWeight = 1000.0;
    int largeGraphVertices = 200000;
    std::uint64_t seed = 20260314;
    int minClusterSize = 3; ///< smaller communities are not reported

    // Centrality.
    int betweennessExactLimit = 2000; ///< exact Brandes up to this many cluster members, sampled above
    int betweennessSamples = 256;     ///< source vertices sampled above the limit

    // Scores.
    double indirectFactor = 0.5;    ///< a child linked through a suspect or alias counts this much
    double foundAtWeight = 0.5;     ///< per missing episode that ended at a location (hotspots)
    double reportWeight = 0.1;      ///< per graded, decayed record naming a suspect (priorities)
    double betweennessWeight = 1.0; ///< times normalised betweenness (priorities)
    double brokerBonus = 0.5;       ///< articulation point of its cluster (priorities)

    // Identities (analysis/identities.h): who-is-who scores at or above `identityAutomatic` join
    // entries with no analyst action; from `identityReview` up to it they go to the analyst.
    double identityAutomatic = 0.80;
    double identityReview = 0.50;

    /// The policy shipped with Harbour (the values above). Never fails.
    static const AnalysisPolicy &defaults();
    /// Reads a policy file: any key may be left out (the default stays); unknown keys and
    /// values of the wrong type or out of range fail with ErrorCode::Policy naming the field,
    /// a missing file with ErrorCode::Io, bad JSON with ErrorCode::Parse. `origin` names the
    /// text in errors.
    static Result<AnalysisPolicy> fromJson(std::string_view text, const std::string &origin);
    static Result<AnalysisPolicy> load(const std::filesystem::path &path);

    /// Weight of a record by grading alone, in [0, 1]; 0 when suspected false.
    double gradingWeight(const Grading &grading) const;
    /// 0.5 ^ (ageDays / halfLifeDays); 1 for records dated after `asOf`.
    double decay(double ageDays) const;
};

} // namespace harbour::analysis
