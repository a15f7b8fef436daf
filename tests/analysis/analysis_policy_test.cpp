#include "harbour/analysis/analysis_policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using harbour::ErrorCode;
using harbour::Grading;
using harbour::analysis::AnalysisPolicy;

namespace {

Grading graded(std::optional<char> source, std::optional<char> intelligence, std::optional<int> reliability = {},
               std::optional<int> accuracy = {})
{
    Grading g;
    g.source = source;
    g.intelligence = intelligence;
    g.sourceReliability = reliability;
    g.informationAccuracy = accuracy;
    return g;
}

} // namespace

TEST(AnalysisPolicy, ShippedFileEqualsCompiledDefaults)
{
    auto loaded = AnalysisPolicy::load(HARBOUR_SOURCE_DIR "/data/analysis-policy.json");
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    const AnalysisPolicy &d = AnalysisPolicy::defaults();
    EXPECT_EQ(loaded->halfLifeDays, d.halfLifeDays);
    EXPECT_EQ(loaded->recentDays, d.recentDays);
    EXPECT_EQ(loaded->grading.source, d.grading.source);
    EXPECT_EQ(loaded->grading.intelligence, d.grading.intelligence);
    EXPECT_EQ(loaded->grading.reliability, d.grading.reliability);
    EXPECT_EQ(loaded->grading.accuracy, d.grading.accuracy);
    EXPECT_EQ(loaded->grading.unknown, d.grading.unknown);
    EXPECT_EQ(loaded->organised.minChildren, d.organised.minChildren);
    EXPECT_EQ(loaded->organised.minSuspects, d.organised.minSuspects);
    EXPECT_EQ(loaded->organised.minChildrenPerHub, d.organised.minChildrenPerHub);
    EXPECT_EQ(loaded->hub.enabled, d.hub.enabled);
    EXPECT_EQ(loaded->hub.freeRecords, d.hub.freeRecords);
    EXPECT_EQ(loaded->network.enabled, d.network.enabled);
    EXPECT_DOUBLE_EQ(loaded->network.chainShare, d.network.chainShare);
    EXPECT_DOUBLE_EQ(loaded->network.chainMinEvidence, d.network.chainMinEvidence);
    EXPECT_EQ(loaded->risk.significant, d.risk.significant);
    EXPECT_EQ(loaded->risk.medium, d.risk.medium);
    EXPECT_EQ(loaded->risk.low, d.risk.low);
    EXPECT_EQ(loaded->risk.none, d.risk.none);
    EXPECT_EQ(loaded->risk.unscreened, d.risk.unscreened);
    EXPECT_EQ(loaded->leidenResolution, d.leidenResolution);
    EXPECT_EQ(loaded->leidenBeta, d.leidenBeta);
    EXPECT_EQ(loaded->leidenRuns, d.leidenRuns);
    EXPECT_EQ(loaded->leidenRunsLargeGraph, d.leidenRunsLargeGraph);
    EXPECT_EQ(loaded->leidenIterationsLargeGraph, d.leidenIterationsLargeGraph);
    EXPECT_EQ(loaded->largeGraphVertices, d.largeGraphVertices);
    EXPECT_EQ(loaded->seed, d.seed);
    EXPECT_EQ(loaded->minClusterSize, d.minClusterSize);
    EXPECT_EQ(loaded->betweennessExactLimit, d.betweennessExactLimit);
    EXPECT_EQ(loaded->betweennessSamples, d.betweennessSamples);
    EXPECT_EQ(loaded->indirectFactor, d.indirectFactor);
    EXPECT_EQ(loaded->foundAtWeight, d.foundAtWeight);
    EXPECT_EQ(loaded->reportWeight, d.reportWeight);
    EXPECT_EQ(loaded->betweennessWeight, d.betweennessWeight);
    EXPECT_EQ(loaded->brokerBonus, d.brokerBonus);
}

TEST(AnalysisPolicy, KeysLeftOutKeepTheirDefaults)
{
    auto p = AnalysisPolicy::fromJson(R"({"half_life_days": 180, "grading": {"intelligence": {"B": 0.5}}})", "p.json");
    ASSERT_TRUE(p.ok()) << p.error().toString();
    EXPECT_EQ(p->halfLifeDays, 180.0);
    EXPECT_EQ(p->grading.intelligence[1], 0.5);
    EXPECT_EQ(p->grading.intelligence[0], 1.0);
    EXPECT_EQ(p->organised.minChildren, 2);
}

TEST(AnalysisPolicy, RejectsUnknownKeyNamingIt)
{
    auto p = AnalysisPolicy::fromJson(R"({"organised": {"min_kids": 2}})", "p.json");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::Policy);
    EXPECT_EQ(p.error().field, "organised.min_kids");
    EXPECT_EQ(p.error().message, "is not a known setting");
    EXPECT_EQ(p.error().file, "p.json");
}

TEST(AnalysisPolicy, RejectsOutOfRangeAndWrongTypes)
{
    auto negative = AnalysisPolicy::fromJson(R"({"half_life_days": 0})", "p.json");
    ASSERT_FALSE(negative.ok());
    EXPECT_EQ(negative.error().field, "half_life_days");
    EXPECT_EQ(negative.error().message, "must be between 1 and 36500");

    auto fraction = AnalysisPolicy::fromJson(R"({"leiden": {"runs": 2.5}})", "p.json");
    ASSERT_FALSE(fraction.ok());
    EXPECT_EQ(fraction.error().field, "leiden.runs");
    EXPECT_EQ(fraction.error().message, "must be a whole number");

    auto grade = AnalysisPolicy::fromJson(R"({"grading": {"intelligence": {"F": 0.1}}})", "p.json");
    ASSERT_FALSE(grade.ok());
    EXPECT_EQ(grade.error().field, "grading.intelligence.F");
    EXPECT_EQ(grade.error().message, "is not a known grade");

    auto weight = AnalysisPolicy::fromJson(R"({"grading": {"source": {"1": 1.5}}})", "p.json");
    ASSERT_FALSE(weight.ok());
    EXPECT_EQ(weight.error().message, "must be a number between 0 and 1");
}

TEST(AnalysisPolicy, ReportsBadJsonAndMissingFile)
{
    auto bad = AnalysisPolicy::fromJson("{", "p.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Parse);

    auto array = AnalysisPolicy::fromJson("[]", "p.json");
    ASSERT_FALSE(array.ok());
    EXPECT_EQ(array.error().code, ErrorCode::Policy);

    auto missing = AnalysisPolicy::load("/nonexistent/analysis-policy.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
    EXPECT_EQ(missing.error().file, "/nonexistent/analysis-policy.json");
}

TEST(AnalysisPolicy, GradingWeightFoldsEachPairWithMin)
{
    const AnalysisPolicy &p = AnalysisPolicy::defaults();
    EXPECT_DOUBLE_EQ(p.gradingWeight(graded('1', 'A')), 1.0);
    EXPECT_DOUBLE_EQ(p.gradingWeight(graded('2', 'B')), 0.7 * 0.8);
    EXPECT_DOUBLE_EQ(p.gradingWeight(graded('1', 'A', 4, 3)), 0.5 * 0.6);
    EXPECT_DOUBLE_EQ(p.gradingWeight(graded({}, {})), 0.8 * 0.8);
    EXPECT_DOUBLE_EQ(p.gradingWeight(graded({}, {}, 1, {})), 1.0 * 0.8);
}

TEST(AnalysisPolicy, SuspectedFalseWeighsNothing)
{
    const AnalysisPolicy &p = AnalysisPolicy::defaults();
    EXPECT_EQ(p.gradingWeight(graded('1', 'E')), 0.0);
    EXPECT_EQ(p.gradingWeight(graded('1', 'A', 1, 5)), 0.0);
}

TEST(AnalysisPolicy, DecayHalvesAtHalfLife)
{
    const AnalysisPolicy &p = AnalysisPolicy::defaults();
    EXPECT_DOUBLE_EQ(p.decay(0), 1.0);
    EXPECT_DOUBLE_EQ(p.decay(365), 0.5);
    EXPECT_DOUBLE_EQ(p.decay(730), 0.25);
    EXPECT_DOUBLE_EQ(p.decay(-10), 1.0);
}
