#include "harbour/analysis/suggestions.h"

#include "snapshot_builder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace harbour::analysis::testing {
namespace {

using Kind = SuggestionEvidenceKind;

bool hasEvidence(const MergeSuggestion &s, Kind kind)
{
    return std::any_of(s.evidence.begin(), s.evidence.end(), [&](const auto &e) { return e.kind == kind; });
}

const MergeSuggestion *pairOf(const std::vector<MergeSuggestion> &all, EntityId x, EntityId y)
{
    const auto it = std::find_if(all.begin(), all.end(), [&](const MergeSuggestion &s) {
        return s.a == std::min(x, y) && s.b == std::max(x, y);
    });
    return it == all.end() ? nullptr : &*it;
}

TEST(PartialMarks, WildcardsStandForOneCharacterOrAnyAndFragmentsForTheirStart)
{
    SnapshotBuilder b;
    const EntityId full = b.entity(EntityType::Vehicle, "SS69VTF");
    const EntityId shorter = b.entity(EntityType::Vehicle, "SS69VT"); // no full format: a fragment
    const EntityId question = b.entity(EntityType::Vehicle, "SS6?VTF");
    const EntityId tooMany = b.entity(EntityType::Vehicle, "SS69VTF??");
    const EntityId star = b.entity(EntityType::Vehicle, "S*9*F");
    const EntityId stored = b.entity(EntityType::Vehicle, "SS6", {{"partial", "true"}});
    const EntityId other = b.entity(EntityType::Vehicle, "SS70ABC");
    for (const EntityId id : {full, shorter, question, tooMany, star, stored, other}) {
        b.record({id});
    }
    SuggestionPolicy all;
    all.minScore = 0.0;
    const auto found = suggestPartialMarks(b.build(), all);
    EXPECT_NE(pairOf(found, shorter, full), nullptr);
    EXPECT_NE(pairOf(found, question, full), nullptr);
    EXPECT_EQ(pairOf(found, tooMany, full), nullptr) << "two more characters than the mark has";
    EXPECT_NE(pairOf(found, stored, full), nullptr);
    for (const auto &s : found) {
        EXPECT_NE(s.a, other) << "SS70ABC fits none of them";
        EXPECT_NE(s.b, other);
    }
    // "S*9*F" knows three characters but not its first two together: found through its end only
    // when that is known, which it is not ("9*F" holds a star), so it is left alone.
    EXPECT_EQ(pairOf(found, star, full), nullptr);
}

TEST(PartialMarks, MarksKnownOnlyAtTheirEndAreFoundByIt)
{
    SnapshotBuilder b;
    const EntityId full = b.entity(EntityType::Vehicle, "SS69VTF");
    const EntityId sameEnd = b.entity(EntityType::Vehicle, "AB12VTF"); // ends alike, does not fit
    const EntityId longer = b.entity(EntityType::Vehicle, "SS69AVTF");
    const EntityId unknownStart = b.entity(EntityType::Vehicle, "??69VTF");
    const EntityId anyStart = b.entity(EntityType::Vehicle, "*9VTF");
    for (const EntityId id : {full, sameEnd, longer, unknownStart, anyStart}) {
        b.record({id});
    }
    SuggestionPolicy all;
    all.minScore = 0.0;
    const auto found = suggestPartialMarks(b.build(), all);
    EXPECT_NE(pairOf(found, unknownStart, full), nullptr);
    EXPECT_EQ(pairOf(found, unknownStart, sameEnd), nullptr) << "69 is known";
    EXPECT_EQ(pairOf(found, unknownStart, longer), nullptr) << "one character too many";
    EXPECT_NE(pairOf(found, anyStart, full), nullptr);
    EXPECT_EQ(pairOf(found, anyStart, sameEnd), nullptr);
}

TEST(PartialMarks, AKnownStartLongerThanTwoCharactersStillFindsEveryFit)
{
    SnapshotBuilder b;
    const EntityId first = b.entity(EntityType::Vehicle, "PG09VXY");
    const EntityId second = b.entity(EntityType::Vehicle, "PG09VXZ");
    const EntityId elsewhere = b.entity(EntityType::Vehicle, "PG10VXY");
    const EntityId pattern = b.entity(EntityType::Vehicle, "PG09VX?");
    for (const EntityId id : {first, second, elsewhere, pattern}) {
        b.record({id});
    }
    SuggestionPolicy all;
    all.minScore = 0.0;
    const auto found = suggestPartialMarks(b.build(), all);
    EXPECT_NE(pairOf(found, pattern, first), nullptr);
    EXPECT_NE(pairOf(found, pattern, second), nullptr);
    EXPECT_EQ(pairOf(found, pattern, elsewhere), nullptr);
    ASSERT_NE(pairOf(found, pattern, first), nullptr);
    EXPECT_NE(pairOf(found, pattern, first)->evidence.front().detail.find("one of 2 full marks"), std::string::npos)
        << pairOf(found, pattern, first)->evidence.front().detail;
}

TEST(PartialMarks, AUniqueFitIsSuggestedWithItsEvidence)
{
    SnapshotBuilder b;
    const EntityId full = b.entity(EntityType::Vehicle, "PG09VXY", {{"make", "Vauxhall"}, {"colour", "silver"}});
    const EntityId other = b.entity(EntityType::Vehicle, "PG10ABC");
    const EntityId partial = b.entity(EntityType::Vehicle, "PG09V??", {{"make", "vauxhall"}});
    const EntityId suspect = b.suspect("Mo Khan");
    b.record({suspect, full});
    b.record({suspect, partial});
    b.record({other});
    const auto found = suggestPartialMarks(b.build());
    ASSERT_EQ(found.size(), 1U);
    const auto &s = found.front();
    EXPECT_EQ(s.type, EntityType::Vehicle);
    EXPECT_EQ(s.a, std::min(full, partial));
    EXPECT_EQ(s.b, std::max(full, partial));
    EXPECT_TRUE(hasEvidence(s, Kind::PartialMark));
    EXPECT_TRUE(hasEvidence(s, Kind::VehicleDetails)) << "make agrees, case aside";
    EXPECT_TRUE(hasEvidence(s, Kind::SharedPerson));
    EXPECT_NEAR(s.score, 0.25 + 0.35 + 0.10 + 0.20, 1e-9);
    EXPECT_NE(s.evidence.front().detail.find("the only full mark it fits"), std::string::npos);
}

TEST(PartialMarks, SeveralFitsWeighLessAndNeedMoreEvidence)
{
    SnapshotBuilder b;
    const EntityId x = b.entity(EntityType::Vehicle, "WW61WHM");
    const EntityId y = b.entity(EntityType::Vehicle, "WW61WXA");
    const EntityId partial = b.entity(EntityType::Vehicle, "WW61W??");
    const EntityId child = b.child("Amy Jones");
    b.record({child, partial});
    b.record({child, y});
    b.record({x});
    const auto found = suggestPartialMarks(b.build());
    // Two fits: 0.25 + 0.35 / 2 = 0.425 on the mark alone, under the 0.5 bar; the shared child lifts y.
    ASSERT_EQ(found.size(), 1U);
    EXPECT_NE(pairOf(found, partial, y), nullptr);
    EXPECT_EQ(pairOf(found, partial, x), nullptr);
}

TEST(PartialMarks, AConflictingMakeCountsAgainst)
{
    SnapshotBuilder b;
    const EntityId full = b.entity(EntityType::Vehicle, "CN69BFC", {{"make", "Ford"}});
    const EntityId partial = b.entity(EntityType::Vehicle, "CN69B??", {{"make", "Vauxhall"}});
    b.record({full});
    b.record({partial});
    EXPECT_TRUE(suggestPartialMarks(b.build()).empty());
    SuggestionPolicy lenient;
    lenient.minScore = 0.0;
    const auto found = suggestPartialMarks(b.build(), lenient);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_LT(found.front().evidence.back().contribution, 0.0);
}

TEST(PartialMarks, VagueMarksAreLeftAlone)
{
    SnapshotBuilder b;
    for (int i = 0; i < 20; ++i) {
        b.entity(EntityType::Vehicle, "AB1" + std::to_string(i % 10) + "XY" + static_cast<char>('B' + i));
    }
    b.entity(EntityType::Vehicle, "AB*");              // two characters known
    b.entity(EntityType::Vehicle, "AB1*");             // fits all twenty: more than maxMarkCandidates
    const EntityId onlyOne = b.entity(EntityType::Vehicle, "AB10XYA");
    const EntityId suffix = b.entity(EntityType::Vehicle, "??10XYA"); // first two unknown: found by its end
    const auto found = suggestPartialMarks(b.build());
    ASSERT_EQ(found.size(), 1U);
    EXPECT_NE(pairOf(found, suffix, onlyOne), nullptr);
}

TEST(PartialMarks, AreAmongTheMergeSuggestions)
{
    SnapshotBuilder b;
    const EntityId full = b.entity(EntityType::Vehicle, "PG09VXY");
    const EntityId partial = b.entity(EntityType::Vehicle, "PG09V??");
    b.record({full});
    b.record({partial});
    const auto all = suggestMerges(b.build());
    const auto *s = pairOf(all, full, partial);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->type, EntityType::Vehicle);
    const auto json = toJson(all, b.build());
    EXPECT_EQ(json.at("suggestions").at(0).at("evidence").at(0).at("kind"), "partial_mark");
}

} // namespace
} // namespace harbour::analysis::testing
