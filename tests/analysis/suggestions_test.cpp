#include "harbour/analysis/suggestions.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <random>

using namespace harbour;
using harbour::analysis::MergeSuggestion;
using harbour::analysis::SuggestionEvidence;
using harbour::analysis::SuggestionEvidenceKind;
using harbour::analysis::SuggestionMemo;
using harbour::analysis::SuggestionPolicy;
using harbour::analysis::suggestMerges;

namespace harbour::analysis {

/// Failures show a suggestion's pair and score, not its bytes.
void PrintTo(const MergeSuggestion &s, std::ostream *out)
{
    *out << "{" << s.a << " and " << s.b << ", " << s.score << ", " << s.evidence.size() << " pieces of evidence}";
}

} // namespace harbour::analysis

namespace {

using Kind = SuggestionEvidenceKind;

/// Builds snapshots by hand; entities are kept sorted by id as GraphSnapshot requires.
class SnapshotBuilder {
public:
    SnapshotBuilder &person(EntityId id, const std::string &name, const std::string &dob = "",
                            const std::string &gender = "", const std::string &address = "",
                            const std::string &postcode = "")
    {
        EntityInfo e;
        e.id = id;
        e.type = EntityType::Person;
        e.label = name.empty() ? "Unknown person" : name;
        e.attributes = {{"name", name}, {"gender", gender}, {"address", address}, {"postcode", postcode}};
        if (!dob.empty()) {
            e.attributes["dob"] = dob;
        }
        return add(std::move(e));
    }

    SnapshotBuilder &premises(EntityId id, const std::string &name, const std::string &postcode,
                              const std::string &address = "")
    {
        EntityInfo e;
        e.id = id;
        e.type = EntityType::Premises;
        e.label = name;
        e.attributes = {{"name", name}, {"postcode", postcode}, {"address", address}, {"premises_type", "takeaway"}};
        return add(std::move(e));
    }

    SnapshotBuilder &entity(EntityId id, EntityType type, const std::string &label)
    {
        EntityInfo e;
        e.id = id;
        e.type = type;
        e.label = label;
        return add(std::move(e));
    }

    SnapshotBuilder &mention(RecordRowId record, EntityId entity)
    {
        m_snapshot.mentions.push_back({record, entity, "unknown", false});
        return *this;
    }

    SnapshotBuilder &link(EntityId a, EntityId b, const std::string &relation, RecordRowId record = 1)
    {
        m_snapshot.links.push_back({std::min(a, b), std::max(a, b), {{record, relation}}});
        return *this;
    }

    GraphSnapshot build()
    {
        std::sort(m_snapshot.entities.begin(), m_snapshot.entities.end(),
                  [](const EntityInfo &x, const EntityInfo &y) { return x.id < y.id; });
        return m_snapshot;
    }

private:
    SnapshotBuilder &add(EntityInfo e)
    {
        m_snapshot.entities.push_back(std::move(e));
        return *this;
    }

    GraphSnapshot m_snapshot;
};

/// These tests pin the hand-weighted scorer, the match model's peer (match_model_test.cpp tests
/// the model itself).
SuggestionPolicy peer()
{
    SuggestionPolicy policy;
    policy.model = SuggestionPolicy::Model::HandWeighted;
    return policy;
}

SuggestionPolicy everything()
{
    SuggestionPolicy policy = peer();
    policy.minScore = 0.0;
    return policy;
}

void expectEvidence(const MergeSuggestion &s, const std::vector<SuggestionEvidence> &expected)
{
    ASSERT_EQ(s.evidence.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(s.evidence[i].kind, expected[i].kind) << "item " << i;
        EXPECT_EQ(s.evidence[i].detail, expected[i].detail) << "item " << i;
        EXPECT_NEAR(s.evidence[i].contribution, expected[i].contribution, 1e-9) << "item " << i;
    }
}

/// Persons `first` to `first + count - 1` with names drawn from small pools, so that every name
/// block is crowded (the worst case for blocking), and random dates of birth.
void addCrowd(SnapshotBuilder &builder, EntityId first, int count, unsigned seed)
{
    const std::vector<std::string> forenames{"amy", "ben", "chloe", "daniel", "emma", "faisal", "grace",
                                             "harry", "imran", "jade", "kyle", "leah", "mohammed", "nadia"};
    const std::vector<std::string> surnames{"jones", "smith", "khan", "patel", "brown", "taylor", "wilson",
                                            "ahmed", "evans", "hughes", "hussain", "walker", "wright", "ali"};
    std::mt19937 random(seed);
    const auto twoDigits = [](unsigned value) { return (value < 10 ? "0" : "") + std::to_string(value); };
    for (int i = 0; i < count; ++i) {
        builder.person(first + i, forenames[random() % forenames.size()] + " " + surnames[random() % surnames.size()],
                       std::to_string(1970 + random() % 40) + "-" + twoDigits(1 + random() % 12) + "-" +
                           twoDigits(1 + random() % 28));
    }
}

// (1 + JW(jones, jnoes)) / 2 = (1 + 0.94) / 2; 0.55 x (0.97 - 0.8) / 0.2.
constexpr double kJonesJnoesName = 0.4675;

} // namespace

TEST(SuggestMerges, SuggestsTypoWithSameDobHigh)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").person(2, "Amy Jnoes", "2011-02-03").build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].a, 1);
    EXPECT_EQ(result[0].b, 2);
    EXPECT_EQ(result[0].type, EntityType::Person);
    EXPECT_NEAR(result[0].score, kJonesJnoesName + 0.35, 1e-9);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'amy jones' and 'amy jnoes' are 97% alike", kJonesJnoesName},
                               {Kind::DobAgrees, "same date of birth 2011-02-03", 0.35}});
}

TEST(SuggestMerges, ConflictingFullDobVetoesSameName)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").person(2, "Amy Jones", "2009-07-01").build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, ConflictingDobIsOverriddenBySameNameAndSharedAlias)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones", "2011-02-03")
                              .person(2, "Amy Jones", "2009-07-01")
                              .entity(3, EntityType::Alias, "AJ")
                              .link(1, 3, "alias_of", 10)
                              .link(2, 3, "alias_of", 11)
                              .build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_NEAR(result[0].score, 0.55, 1e-9);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'amy jones' and 'amy jones' are 100% alike", 0.55},
                               {Kind::PhoneticName, "forename and surname sound alike (NYSIIS ANY JAN)", 0.10},
                               {Kind::DobConflicts, "dates of birth 2011-02-03 and 2009-07-01 conflict", -0.60},
                               {Kind::SharedAlias, "both known as 'AJ'", 0.50}});
}

TEST(SuggestMerges, ConflictingDobWithSharedAliasStillVetoedForMerelySimilarNames)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones", "2011-02-03")
                              .person(2, "Amy Jnoes", "2009-07-01")
                              .entity(3, EntityType::Alias, "AJ")
                              .link(1, 3, "alias_of")
                              .link(2, 3, "alias_of")
                              .build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, SwappedNameOrderMatches)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Jones, Amy", "2011-02-03").person(2, "Amy Jones", "2011-02-03").build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_NEAR(result[0].score, 1.0, 1e-9);
    expectEvidence(result[0],
                   {{Kind::NameSimilarity,
                     "names 'jones amy' and 'amy jones' are 100% alike with forename and surname swapped", 0.55},
                    {Kind::PhoneticName, "forename and surname sound alike (NYSIIS JAN ANY)", 0.10},
                    {Kind::DobAgrees, "same date of birth 2011-02-03", 0.35}});
}

TEST(SuggestMerges, PartialDobIsCompatible)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011").person(2, "Amy Jones", "2011-02-03").build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_NEAR(result[0].score, 0.77, 1e-9);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'amy jones' and 'amy jones' are 100% alike", 0.55},
                               {Kind::PhoneticName, "forename and surname sound alike (NYSIIS ANY JAN)", 0.10},
                               {Kind::DobPartialAgrees, "dates of birth 2011 and 2011-02-03 are compatible", 0.12}});
}

TEST(SuggestMerges, PartialDobOfAnotherYearConflicts)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2009-05").person(2, "Amy Jones", "2011-02-03").build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, DayMonthSwapCountsAgainstWithoutVeto)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").person(2, "Amy Jones", "2011-03-02").build();
    EXPECT_TRUE(suggestMerges(snapshot, peer()).empty()); // 0.65 - 0.25 is below the default 0.5
    const auto result = suggestMerges(snapshot, everything());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_NEAR(result[0].score, 0.40, 1e-9);
    expectEvidence(result[0],
                   {{Kind::NameSimilarity, "names 'amy jones' and 'amy jones' are 100% alike", 0.55},
                    {Kind::PhoneticName, "forename and surname sound alike (NYSIIS ANY JAN)", 0.10},
                    {Kind::DobConflicts, "dates of birth 2011-02-03 and 2011-03-02 differ by a likely typing slip", -0.25}});
}

TEST(SuggestMerges, OneMistypedDigitIsASlip)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").person(2, "Amy Jones", "2011-02-08").build();
    const auto result = suggestMerges(snapshot, everything());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].evidence.back().detail, "dates of birth 2011-02-03 and 2011-02-08 differ by a likely typing slip");
}

TEST(SuggestMerges, AnonymousPersonsSharingAnAliasAreSuggested)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "")
                              .person(2, "")
                              .entity(3, EntityType::Alias, "Taz")
                              .mention(10, 1)
                              .mention(11, 2)
                              .link(1, 3, "alias_of", 10)
                              .link(2, 3, "alias_of", 11)
                              .build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].a, 1);
    EXPECT_EQ(result[0].b, 2);
    EXPECT_NEAR(result[0].score, 0.5, 1e-9);
    expectEvidence(result[0], {{Kind::SharedAlias, "both known as 'Taz'", 0.5}});
}

TEST(SuggestMerges, NamedAndAnonymousPersonSharingAnAliasAreSuggested)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Tariq Ahmed", "1990-01-01")
                              .person(2, "")
                              .entity(3, EntityType::Alias, "Taz")
                              .entity(4, EntityType::Alias, "T")
                              .link(1, 3, "alias_of")
                              .link(2, 3, "alias_of")
                              .link(1, 4, "alias_of")
                              .link(2, 4, "alias_of")
                              .build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_NEAR(result[0].score, 0.65, 1e-9);
    expectEvidence(result[0], {{Kind::SharedAlias, "both known as 'Taz' and 'T'", 0.65}});
}

TEST(SuggestMerges, AliasMerelyCoMentionedIsNotShared)
{
    // A victim in each of two reports about "Taz" is not Taz, nor each other.
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "")
                              .person(2, "")
                              .entity(3, EntityType::Alias, "Taz")
                              .link(1, 3, "co_mentioned", 10)
                              .link(2, 3, "co_mentioned", 11)
                              .build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, SharedPhoneAloneIsNotEnough)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones")
                              .person(2, "Beth Smith")
                              .entity(3, EntityType::Phone, "07700900123")
                              .link(1, 3, "co_mentioned", 10)
                              .link(2, 3, "co_mentioned", 11)
                              .build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, SharedNeighboursLiftSimilarNames)
{
    SnapshotBuilder builder;
    builder.person(1, "Amy Jones", "", "female", "3 Elm Rd, Dudley DY2 7XX", "DY2 7XX")
        .person(2, "Amy Jnoes", "", "F", "3 Elm Road Dudley DY2 7XX", "DY2 7XX");
    EXPECT_EQ(suggestMerges(SnapshotBuilder{builder}.build(), peer()).size(), 1U); // the same address is enough
    const auto result = suggestMerges(builder.entity(3, EntityType::Phone, "07700900123")
                                          .entity(4, EntityType::Account, "snapchat:amyj")
                                          .entity(5, EntityType::Vehicle, "AB12CDE")
                                          .entity(6, EntityType::Place, "Bus station")
                                          .link(1, 3, "co_mentioned")
                                          .link(2, 3, "co_mentioned")
                                          .link(1, 4, "co_mentioned")
                                          .link(2, 4, "co_mentioned")
                                          .link(1, 5, "co_mentioned")
                                          .link(2, 5, "co_mentioned")
                                          .link(1, 6, "co_mentioned")
                                          .link(2, 6, "co_mentioned")
                                          .build(),
                                      peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_NEAR(result[0].score, 1.0, 1e-9);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'amy jones' and 'amy jnoes' are 97% alike", kJonesJnoesName},
                               {Kind::SharedPhone, "both linked to phone 07700900123", 0.35},
                               {Kind::SharedAccount, "both linked to account snapchat:amyj", 0.35},
                               {Kind::SharedVehicle, "both linked to vehicle AB12CDE", 0.15},
                               {Kind::SharedAddress, "same address '3 elm road dudley dy2 7xx'", 0.20},
                               {Kind::SharedAddress, "both linked to place 'Bus station'", 0.10}});
}

TEST(SuggestMerges, SamePostcodeCountsForPersonsWithDifferentAddresses)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones", "", "", "3 Elm Road", "DY2 7XX")
                              .person(2, "Amy Jnoes", "", "", "5 Elm Road", "dy27xx")
                              .build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'amy jones' and 'amy jnoes' are 97% alike", kJonesJnoesName},
                               {Kind::SamePostcode, "same postcode DY2 7XX", 0.05}});
}

TEST(SuggestMerges, HubNeighboursAreIgnored)
{
    SuggestionPolicy policy = everything();
    policy.maxNeighbourDegree = 2;
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones")
                              .person(2, "Amy Jnoes")
                              .person(3, "Carl Brown")
                              .entity(4, EntityType::Phone, "07700900123")
                              .link(1, 4, "co_mentioned")
                              .link(2, 4, "co_mentioned")
                              .link(3, 4, "co_mentioned")
                              .build();
    const auto result = suggestMerges(snapshot, policy);
    ASSERT_EQ(result.size(), 1U);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'amy jones' and 'amy jnoes' are 97% alike", kJonesJnoesName}});
}

TEST(SuggestMerges, PersonsNamedInTheSameRecordAreTwoPeople)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones", "2011-02-03")
                              .person(2, "Amy Jnoes", "2011-02-03")
                              .mention(10, 1)
                              .mention(10, 2)
                              .build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
    SuggestionPolicy policy = peer();
    policy.vetoCoMentioned = false;
    EXPECT_EQ(suggestMerges(snapshot, policy).size(), 1U);
}

TEST(SuggestMerges, ConflictingGenderVetoes)
{
    const auto snapshot =
        SnapshotBuilder{}.person(1, "Sam Jones", "2011-02-03", "male").person(2, "Sam Jones", "2011-02-03", "Female").build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
    const auto unknown =
        SnapshotBuilder{}.person(1, "Sam Jones", "2011-02-03", "male").person(2, "Sam Jnoes", "2011-02-03", "unknown").build();
    EXPECT_EQ(suggestMerges(unknown, peer()).size(), 1U);
}

TEST(SuggestMerges, DissimilarNamesAreNotSuggested)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(1, "Amy Jones", "2011-02-03", "", "3 Elm Road", "DY2 7XX")
                              .person(2, "Ann Jones", "2011-02-03", "", "3 Elm Road", "DY2 7XX")
                              .build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, PremisesWithSimilarNamesAtOnePostcode)
{
    const auto snapshot =
        SnapshotBuilder{}.premises(1, "Kingz Pizza", "DY1 1AA").premises(2, "Kings Pizza", "dy1 1aa").build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].type, EntityType::Premises);
    // (JW(kingz, kings) + 1) / 2 = (0.92 + 1) / 2 = 0.96; 0.35 x 0.16 / 0.2 = 0.28.
    EXPECT_NEAR(result[0].score, 0.68, 1e-9);
    expectEvidence(result[0], {{Kind::NameSimilarity, "names 'kingz pizza' and 'kings pizza' are 96% alike", 0.28},
                               {Kind::PhoneticName, "trading names sound alike (NYSIIS CANG PAS)", 0.05},
                               {Kind::SamePostcode, "same postcode DY1 1AA", 0.35}});
}

TEST(SuggestMerges, PremisesAtDifferentPostcodesAreWeak)
{
    const auto far = SnapshotBuilder{}.premises(1, "Kingz Pizza", "DY1 1AA").premises(2, "Kings Pizza", "B12 9QT").build();
    EXPECT_TRUE(suggestMerges(far, peer()).empty());
    const auto weak = suggestMerges(far, everything());
    ASSERT_EQ(weak.size(), 1U);
    EXPECT_NEAR(weak[0].score, 0.33, 1e-9);

    const auto near = SnapshotBuilder{}.premises(1, "Kingz Pizza", "DY1 1AA").premises(2, "Kings Pizza", "DY1 4RT").build();
    const auto district = suggestMerges(near, everything());
    ASSERT_EQ(district.size(), 1U);
    EXPECT_NEAR(district[0].score, 0.43, 1e-9);
    EXPECT_EQ(district[0].evidence.back().detail, "same postcode district DY1");
}

TEST(SuggestMerges, PersonsAndPremisesAreNeverCompared)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Kings Pizza").premises(2, "Kings Pizza", "DY1 1AA").build();
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());
}

TEST(SuggestMerges, AlreadyMergedEntitiesAreNeverSuggested)
{
    GraphSnapshot snapshot =
        SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").person(2, "Amy Jnoes", "2011-02-03").build();
    snapshot.entities[0].mergedFrom = {2};
    EXPECT_TRUE(suggestMerges(snapshot, everything()).empty());

    // The same entity listed twice is one entity.
    GraphSnapshot twice = SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").build();
    twice.entities.push_back(twice.entities[0]);
    EXPECT_TRUE(suggestMerges(twice, everything()).empty());
}

TEST(SuggestMerges, SortsByScoreThenIds)
{
    const auto snapshot = SnapshotBuilder{}
                              .person(5, "Amy Jones", "2011-02-03")
                              .person(6, "Amy Jnoes", "2011-02-03")
                              .person(1, "Ben Smith", "2001")
                              .person(2, "Ben Smith", "2001-04-05")
                              .person(3, "Carl Brown", "1990")
                              .person(4, "Carl Brown", "1990-06")
                              .build();
    const auto result = suggestMerges(snapshot, peer());
    ASSERT_EQ(result.size(), 3U);
    EXPECT_EQ(std::pair(result[0].a, result[0].b), std::pair(EntityId{5}, EntityId{6}));
    EXPECT_EQ(std::pair(result[1].a, result[1].b), std::pair(EntityId{1}, EntityId{2}));
    EXPECT_EQ(std::pair(result[2].a, result[2].b), std::pair(EntityId{3}, EntityId{4}));
    EXPECT_DOUBLE_EQ(result[1].score, result[2].score);

    SuggestionPolicy capped = peer();
    capped.maxSuggestions = 2;
    EXPECT_EQ(suggestMerges(snapshot, capped).size(), 2U);
}

TEST(SuggestMerges, FindsDuplicatesInsideCrowdedBlocks)
{
    // 400 other Joneses and 400 other Amys: both blocks of the pair are far above maxBlockSize,
    // so only their sliding windows are compared, and the block order must put the pair together.
    SnapshotBuilder builder;
    const auto filler = [](int i) {
        return std::string("x") + static_cast<char>('a' + i % 26) + static_cast<char>('a' + i / 26);
    };
    for (int i = 0; i < 400; ++i) {
        builder.person(100 + i, "P" + filler(i) + " Jones").person(1000 + i, "Amy Z" + filler(i));
    }
    builder.person(1, "Amy Jones").person(2, "Amy Jones");
    const auto result = suggestMerges(builder.build(), peer());
    EXPECT_TRUE(std::any_of(result.begin(), result.end(), [](const MergeSuggestion &s) { return s.a == 1 && s.b == 2; }));
}

TEST(SuggestMerges, FindsATypoAtTheStartOfANameInsideACrowdedBlock)
{
    // "Amy Jones" and "Bmy Jones": their forename blocks differ, and in the crowded Jones block 400
    // "Amz.." Joneses sort between them. Only the block read backwards ("senoj yma", "senoj ymb")
    // puts them side by side.
    SnapshotBuilder builder;
    for (int i = 0; i < 400; ++i) {
        builder.person(100 + i, std::string("Amz") + static_cast<char>('a' + i % 26) +
                                    static_cast<char>('a' + i / 26) + " Jones");
    }
    builder.person(1, "Amy Jones", "2009-03-04").person(2, "Bmy Jones", "2009-03-04");
    const auto result = suggestMerges(builder.build(), peer());
    EXPECT_TRUE(std::any_of(result.begin(), result.end(), [](const MergeSuggestion &s) { return s.a == 1 && s.b == 2; }));
}

TEST(SuggestMerges, ScalesToTensOfThousandsOfPersons)
{
    SnapshotBuilder builder;
    addCrowd(builder, 1, 10000, 7);
    const auto snapshot = builder.build();
    const auto start = std::chrono::steady_clock::now();
    const auto result = suggestMerges(snapshot, peer());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
    EXPECT_LE(result.size(), 10000U);
}

TEST(SuggestionMemo, ASnapshotSeenBeforeIsAnsweredFromTheMemo)
{
    SnapshotBuilder builder;
    addCrowd(builder, 1, 2000, 11);
    const auto snapshot = builder.build();
    const SuggestionPolicy policy = everything(); // every pair with alike names scores
    SuggestionMemo first;
    const auto fresh = suggestMerges(snapshot, policy, nullptr, &first);
    ASSERT_FALSE(fresh.empty());
    EXPECT_EQ(first.reusedPairs, 0U);
    EXPECT_GT(first.scoredPairs, 10000U);
    EXPECT_EQ(first.pairs.size(), first.scoredPairs);
    EXPECT_EQ(first.ids.size(), 2000U);
    EXPECT_EQ(fresh, suggestMerges(snapshot, policy)) << "making a memo changes nothing";

    SuggestionMemo second;
    EXPECT_EQ(suggestMerges(snapshot, policy, &first, &second), fresh);
    EXPECT_EQ(second.reusedPairs, first.scoredPairs);
    EXPECT_EQ(second.scoredPairs, 0U);
    EXPECT_EQ(second.pairs, first.pairs);
    EXPECT_EQ(second.scores, first.scores);
    EXPECT_EQ(second.fingerprints, first.fingerprints);

    // The same memo given as both: read to the end before it is replaced.
    EXPECT_EQ(suggestMerges(snapshot, policy, &second, &second), fresh);
    EXPECT_EQ(second.reusedPairs, first.scoredPairs);
}

TEST(SuggestionMemo, APairIsScoredAgainWhenEitherOfItsEntitiesChanged)
{
    // Amy Jones and Amy Jnoes change in each case below; Ben Smith and Ben Smiht never do.
    const auto amyAndBen = [](const std::string &dob2, const std::string &gender2, const std::string &postcode2) {
        SnapshotBuilder builder;
        builder.person(1, "Amy Jones", "2011-02-03", "female", "", "DY2 7XX")
            .person(2, "Amy Jnoes", dob2, gender2, "", postcode2)
            .person(10, "Ben Smith", "2010-05-06")
            .person(11, "Ben Smiht", "2010-05-06");
        return builder;
    };
    const auto base = [&amyAndBen] { return amyAndBen("2011-02-03", "female", "DY2 7XX"); };
    SuggestionMemo memo;
    const auto before = suggestMerges(base().build(), peer(), nullptr, &memo);
    ASSERT_EQ(before.size(), 2U);

    GraphSnapshot merged = base().build();
    merged.entities[0].mergedFrom = {2};
    const std::vector<std::pair<std::string, GraphSnapshot>> changes{
        {"named in one record", base().mention(10, 1).mention(10, 2).build()},
        {"another date of birth", amyAndBen("2009-07-01", "female", "DY2 7XX").build()},
        {"another gender", amyAndBen("2011-02-03", "male", "DY2 7XX").build()},
        {"another postcode", amyAndBen("2011-02-03", "female", "DY1 1AA").build()},
        {"a shared phone",
         base().entity(3, EntityType::Phone, "07700900123").link(1, 3, "co_mentioned").link(2, 3, "co_mentioned").build()},
        {"merged into the other", merged},
    };
    for (const auto &[change, snapshot] : changes) {
        SCOPED_TRACE(change);
        SuggestionMemo next;
        const auto got = suggestMerges(snapshot, peer(), &memo, &next);
        EXPECT_EQ(got, suggestMerges(snapshot, peer()));
        EXPECT_NE(got, before) << "the change moves nothing: the case tests nothing";
        EXPECT_EQ(next.reusedPairs, 1U) << "Ben Smith and Ben Smiht are as they were";
    }
}

TEST(SuggestionMemo, OneMadeUnderAnotherPolicyIsNotUsed)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011-02-03").person(2, "Amy Jnoes", "2011-02-03").build();
    SuggestionMemo memo;
    const auto before = suggestMerges(snapshot, peer(), nullptr, &memo);
    SuggestionPolicy other = peer();
    other.dobAgreesWeight = 0.25;
    SuggestionMemo next;
    const auto got = suggestMerges(snapshot, other, &memo, &next);
    EXPECT_EQ(next.reusedPairs, 0U);
    EXPECT_EQ(got, suggestMerges(snapshot, other));
    ASSERT_EQ(got.size(), 1U);
    ASSERT_EQ(before.size(), 1U);
    EXPECT_NE(got[0].score, before[0].score);
}

TEST(SuggestionMemo, AfterEntitiesComeAndGoTheSuggestionsAreAFreshSearchs)
{
    // New persons in crowded blocks move the windows, so pairs never compared before are
    // compared and some compared before are not; persons gone take their pairs with them.
    SnapshotBuilder builder;
    addCrowd(builder, 1, 3000, 5);
    SuggestionMemo memo;
    suggestMerges(builder.build(), peer(), nullptr, &memo);

    SnapshotBuilder grown{builder};
    addCrowd(grown, 3001, 300, 6);
    SuggestionMemo next;
    const auto snapshot = grown.build();
    EXPECT_EQ(suggestMerges(snapshot, peer(), &memo, &next), suggestMerges(snapshot, peer()));
    EXPECT_GT(next.reusedPairs, next.scoredPairs) << "most pairs are as they were";
    EXPECT_GT(next.scoredPairs, 0U);

    GraphSnapshot fewer = snapshot;
    std::erase_if(fewer.entities, [](const EntityInfo &e) { return e.id % 7 == 0; });
    SuggestionMemo after;
    EXPECT_EQ(suggestMerges(fewer, peer(), &next, &after), suggestMerges(fewer, peer()));
    EXPECT_GT(after.reusedPairs, 0U);
}

TEST(SuggestMergesJson, HasTheDocumentedShape)
{
    const auto snapshot = SnapshotBuilder{}.person(1, "Amy Jones", "2011").person(2, "Amy Jones", "2011-02-03").build();
    const nlohmann::json json = analysis::toJson(suggestMerges(snapshot, peer()), snapshot);
    const nlohmann::json expected = nlohmann::json::parse(R"json({"suggestions": [{
        "a": {"id": 1, "type": "person", "label": "Amy Jones"},
        "b": {"id": 2, "type": "person", "label": "Amy Jones"},
        "score": 0.77,
        "evidence": [
            {"kind": "name_similarity", "detail": "names 'amy jones' and 'amy jones' are 100% alike", "weight": 0.55},
            {"kind": "phonetic_name", "detail": "forename and surname sound alike (NYSIIS ANY JAN)", "weight": 0.1},
            {"kind": "dob_partial_agrees", "detail": "dates of birth 2011 and 2011-02-03 are compatible",
             "weight": 0.12}]}]})json");
    EXPECT_EQ(json, expected);
    EXPECT_EQ(analysis::toJson({}, snapshot), nlohmann::json::parse(R"({"suggestions": []})"));
}

TEST(SuggestionEvidenceKind, HasStableNames)
{
    EXPECT_EQ(analysis::toString(Kind::NameSimilarity), "name_similarity");
    EXPECT_EQ(analysis::toString(Kind::PhoneticName), "phonetic_name");
    EXPECT_EQ(analysis::toString(Kind::DobAgrees), "dob_agrees");
    EXPECT_EQ(analysis::toString(Kind::DobPartialAgrees), "dob_partial_agrees");
    EXPECT_EQ(analysis::toString(Kind::DobConflicts), "dob_conflicts");
    EXPECT_EQ(analysis::toString(Kind::SharedAlias), "shared_alias");
    EXPECT_EQ(analysis::toString(Kind::SharedPhone), "shared_phone");
    EXPECT_EQ(analysis::toString(Kind::SharedAddress), "shared_address");
    EXPECT_EQ(analysis::toString(Kind::SharedVehicle), "shared_vehicle");
    EXPECT_EQ(analysis::toString(Kind::SharedAccount), "shared_account");
    EXPECT_EQ(analysis::toString(Kind::SamePostcode), "same_postcode");
}

TEST(EvaluateSuggestions, CountsPrecisionAndRecall)
{
    std::vector<MergeSuggestion> suggestions(3);
    suggestions[0].a = 1, suggestions[0].b = 2;
    suggestions[1].a = 3, suggestions[1].b = 4;
    suggestions[2].a = 5, suggestions[2].b = 6;
    // Order within a true pair does not matter; duplicates count once.
    const auto quality = analysis::evaluateSuggestions(suggestions, {{2, 1}, {4, 3}, {1, 2}, {7, 8}}, 5);
    EXPECT_EQ(quality.suggested, 3);
    EXPECT_EQ(quality.truePositives, 2);
    EXPECT_EQ(quality.falsePositives, 1);
    EXPECT_EQ(quality.falseNegatives, 3);
    EXPECT_DOUBLE_EQ(quality.precision, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(quality.recall, 2.0 / 5.0);
    EXPECT_DOUBLE_EQ(quality.f1, 2.0 * (2.0 / 3.0) * 0.4 / (2.0 / 3.0 + 0.4));
}

TEST(EvaluateSuggestions, HandlesEmptyInputs)
{
    const auto nothing = analysis::evaluateSuggestions({}, {}, 0);
    EXPECT_EQ(nothing.suggested, 0);
    EXPECT_DOUBLE_EQ(nothing.precision, 1.0);
    EXPECT_DOUBLE_EQ(nothing.recall, 1.0);

    std::vector<MergeSuggestion> wrong(1);
    wrong[0].a = 1, wrong[0].b = 2;
    const auto missed = analysis::evaluateSuggestions(wrong, {{3, 4}}, 0); // total below the pairs given
    EXPECT_EQ(missed.falseNegatives, 1);
    EXPECT_DOUBLE_EQ(missed.precision, 0.0);
    EXPECT_DOUBLE_EQ(missed.recall, 0.0);
    EXPECT_DOUBLE_EQ(missed.f1, 0.0);
}

TEST(SuggestMerges, ANameTypedComposedAndDecomposedIsTheSameName)
{
    // "Zoë" as one code point (U+00EB) and as "e" with a combining diaeresis (U+0308), with a
    // partial date of birth each, so that import could not join them by the exact key.
    const auto snapshot =
        SnapshotBuilder{}.person(1, "Zo\u00EB Smith", "2011").person(2, "Zoe\u0308 Smith", "2011-02").build();
    const auto result = suggestMerges(snapshot, everything());
    ASSERT_EQ(result.size(), 1U);
    ASSERT_FALSE(result[0].evidence.empty());
    EXPECT_EQ(result[0].evidence[0].kind, Kind::NameSimilarity);
    EXPECT_EQ(result[0].evidence[0].detail, "names 'zoe smith' and 'zoe smith' are 100% alike");
}
