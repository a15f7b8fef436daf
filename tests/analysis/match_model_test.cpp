// The Fellegi-Sunter match model that scores person pairs (analysis/match_*.cpp), and what
// suggestMerges makes of it.

#include "../../analysis/match_model.h"
#include "../../analysis/match_phonetic.h"
#include "harbour/analysis/suggestions.h"

#include <cmath>
#include <gtest/gtest.h>
#include <numeric>
#include <string>

namespace
{

using namespace harbour;
using namespace harbour::analysis;
using match::Comparison;
namespace level = match::level;

EntityInfo personEntity(EntityId id, const std::string &name, const std::string &dob = "",
                        const std::string &gender = "")
{
    EntityInfo e;
    e.id = id;
    e.type = EntityType::Person;
    e.label = name.empty() ? "Unknown person" : name;
    e.attributes = {{"name", name}, {"gender", gender}};
    if (!dob.empty()) {
        e.attributes["dob"] = dob;
    }
    return e;
}

EntityInfo plainEntity(EntityId id, EntityType type, const std::string &label)
{
    EntityInfo e;
    e.id = id;
    e.type = type;
    e.label = label;
    return e;
}

void sortEntities(GraphSnapshot &snapshot)
{
    std::sort(snapshot.entities.begin(), snapshot.entities.end(),
              [](const EntityInfo &x, const EntityInfo &y) { return x.id < y.id; });
}

/// Hundreds of people with varied names and dates of birth, for the model to learn from.
void addPopulation(GraphSnapshot &snapshot, EntityId first, int count)
{
    const std::vector<std::string> forenames{"amy",      "ben",   "chloe", "daniel", "emma", "faisal",
                                             "grace",    "harry", "imran", "jade",   "kyle", "leah",
                                             "mohammed", "nadia", "oscar", "priya"};
    const std::vector<std::string> surnames{"jones",  "smith", "khan",     "patel",   "brown",  "taylor", "wilson",
                                            "ahmed",  "evans", "hughes",   "hussain", "walker", "wright", "ali",
                                            "murphy", "price", "kowalski", "okafor",  "nguyen", "oconnor"};
    for (int i = 0; i < count; ++i) {
        const auto f = static_cast<std::size_t>(i * 7 + 3) % forenames.size();
        const auto s = static_cast<std::size_t>(i * 11 + 5) % surnames.size();
        const std::string dob =
            std::to_string(1970 + i % 40) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
        snapshot.entities.push_back(personEntity(first + i, forenames[f] + " " + surnames[s], dob));
    }
}

double logOdds(double p)
{
    return std::log2(p / (1.0 - p));
}

} // namespace

TEST(Metaphone, NamesThatSoundAlikeShareAKey)
{
    EXPECT_EQ(metaphone("Kash"), "KX");
    EXPECT_EQ(metaphone("Cash"), "KX");
    EXPECT_EQ(metaphone("KASH"), "KX");
    EXPECT_EQ(metaphone("Stephen"), metaphone("Steven"));
    EXPECT_EQ(metaphone("Smith"), metaphone("Smyth"));
    EXPECT_EQ(metaphone("Knight"), metaphone("Nite"));
    EXPECT_EQ(metaphone("Philips"), metaphone("Filips"));
    EXPECT_NE(metaphone("Jones"), metaphone("James"));
    EXPECT_EQ(metaphone("123"), "");
    EXPECT_EQ(metaphone(""), "");
}

TEST(MatchPattern, HoldsALevelForEachComparisonAndTheNicknameDegree)
{
    match::Pattern p;
    p.set(Comparison::Forename, level::kNameExact);
    p.set(Comparison::Dob, level::kDobSlip);
    p.set(Comparison::Shared, level::kNotShared);
    p.setAliasDegree(300);
    EXPECT_EQ(p.level(Comparison::Forename), level::kNameExact);
    EXPECT_EQ(p.level(Comparison::Surname), 0);
    EXPECT_EQ(p.level(Comparison::Dob), level::kDobSlip);
    EXPECT_EQ(p.level(Comparison::Shared), level::kNotShared);
    EXPECT_EQ(p.aliasDegree(), 255U) << "the degree saturates at one byte";
    EXPECT_EQ(match::Pattern{p.levels()}.aliasDegree(), 0U);
}

TEST(EstimateModel, LearnsMFromTheCandidatesAndUFromRandomPairs)
{
    // Random pairs: names and dates of birth almost never agree.
    match::PatternCounts random;
    match::Pattern unlike;
    unlike.set(Comparison::Forename, level::kNameDifferent);
    unlike.set(Comparison::Surname, level::kNameDifferent);
    unlike.set(Comparison::Dob, level::kDobConflict);
    random[unlike.levels()] = 100000;
    match::Pattern sameSurname = unlike;
    sameSurname.set(Comparison::Surname, level::kNameExact);
    random[sameSurname.levels()] = 500;
    // Candidates: 300 true duplicates (names agree, dob agrees) and 700 namesakes (same
    // surname, other forename and dob).
    match::PatternCounts candidates;
    match::Pattern duplicate;
    duplicate.set(Comparison::Forename, level::kNameExact);
    duplicate.set(Comparison::Surname, level::kNameExact);
    duplicate.set(Comparison::Dob, level::kDobExact);
    candidates[duplicate.levels()] = 300;
    candidates[sameSurname.levels()] = 700;

    const auto model = match::estimateModel(candidates, random, 1e7);
    EXPECT_GT(model.weight(Comparison::Forename, level::kNameExact), 3.0);
    EXPECT_LT(model.weight(Comparison::Forename, level::kNameDifferent), -3.0);
    EXPECT_GT(model.weight(Comparison::Dob, level::kDobExact), 5.0);
    EXPECT_LT(model.weight(Comparison::Dob, level::kDobConflict), -2.0);
    EXPECT_EQ(model.weight(Comparison::Gender, 0), 0.0) << "null weighs nothing";
    EXPECT_NEAR(model.candidateLambda, 0.3, 0.05) << "EM finds the 300 duplicates among 1,000 candidates";
    EXPECT_NEAR(model.lambda, 300.0 / 1e7, 1e-4);
    EXPECT_EQ(model.randomPairs, 100500U);
}

TEST(EstimateModel, ACommonValueCountsForLess)
{
    const auto model = match::estimateModel({}, {}, 1e6);
    const double rare = model.weightWithFrequency(Comparison::Surname, level::kNameExact, 0.0002);
    const double common = model.weightWithFrequency(Comparison::Surname, level::kNameExact, 0.02);
    EXPECT_GT(rare, common + 5.0);
    EXPECT_GT(common, 0.0);
}

TEST(TermFrequencies, AreSharesPulledTowardsTheTypical)
{
    match::TermFrequencies words;
    for (int i = 0; i < 9000; ++i) {
        words.add(i % 3 == 0 ? "smith" : "other" + std::to_string(i));
    }
    EXPECT_NEAR(words.share("smith", 0.005), (3000 + 5) / 10000.0, 1e-9);
    EXPECT_NEAR(words.share("never", 0.005), 5 / 10000.0, 1e-9);
}

TEST(SuggestMergesModel, ScoresAProbabilityWhoseWeightsSumToItsLogOdds)
{
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 400);
    snapshot.entities.push_back(personEntity(1, "Zebedee Quist", "2011-04-05", "male"));
    snapshot.entities.push_back(personEntity(2, "Zebedee Qiust", "2011-04-05", "male"));
    sortEntities(snapshot);

    const auto result = suggestMerges(snapshot);
    const auto pair = std::find_if(result.begin(), result.end(), [](const MergeSuggestion &s) { return s.a == 1; });
    ASSERT_NE(pair, result.end());
    EXPECT_EQ(pair->b, 2);
    EXPECT_GT(pair->score, 0.98);
    ASSERT_FALSE(pair->evidence.empty());
    EXPECT_EQ(pair->evidence.front().kind, SuggestionEvidenceKind::Prior);
    const double sum =
        std::accumulate(pair->evidence.begin(), pair->evidence.end(), 0.0,
                        [](double total, const SuggestionEvidence &e) { return total + e.contribution; });
    EXPECT_NEAR(sum, logOdds(pair->score), 1e-6) << "the waterfall adds up";
    std::vector<std::string> details;
    for (const auto &e : pair->evidence) {
        details.push_back(e.detail);
    }
    const auto has = [&details](const std::string &start) {
        return std::any_of(details.begin(), details.end(),
                           [&](const std::string &d) { return d.rfind(start, 0) == 0; });
    };
    EXPECT_TRUE(has("forename zebedee: exact (+")) << ::testing::PrintToString(details);
    EXPECT_TRUE(has("surname quist / qiust: Jaro-Winkler >= 0.92 (+")) << ::testing::PrintToString(details);
    EXPECT_TRUE(has("date of birth 2011-04-05: exact (+")) << ::testing::PrintToString(details);
    EXPECT_TRUE(has("gender male: agrees (+")) << ::testing::PrintToString(details);
}

TEST(SuggestMergesModel, ACommonNameCountsForLessThanARareOne)
{
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 400);
    // A rare name and a name 40 of the population share, each twice without a date of birth.
    snapshot.entities.push_back(personEntity(1, "Zebedee Quist"));
    snapshot.entities.push_back(personEntity(2, "Zebedee Quist"));
    for (EntityId id = 3; id <= 42; ++id) {
        snapshot.entities.push_back(personEntity(id, "John Smith", "19" + std::to_string(50 + id) + "-01-01"));
    }
    snapshot.entities.push_back(personEntity(50, "John Smith"));
    snapshot.entities.push_back(personEntity(51, "John Smith"));
    sortEntities(snapshot);
    SuggestionPolicy policy;
    policy.minScore = 0.0;
    const auto result = suggestMerges(snapshot, policy);
    const auto scoreOf = [&result](EntityId a, EntityId b) {
        for (const auto &s : result) {
            if (s.a == a && s.b == b) {
                return s.score;
            }
        }
        return -1.0;
    };
    ASSERT_GE(scoreOf(50, 51), 0.0);
    EXPECT_GT(scoreOf(1, 2), scoreOf(50, 51) + 0.2);
}

TEST(SuggestMergesModel, ANicknameAloneNeverReachesTheCap)
{
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 300);
    snapshot.entities.push_back(personEntity(1, ""));
    snapshot.entities.push_back(personEntity(2, ""));
    snapshot.entities.push_back(plainEntity(3, EntityType::Alias, "Taz"));
    snapshot.entities.push_back(plainEntity(4, EntityType::Place, "Bus station"));
    sortEntities(snapshot);
    snapshot.links.push_back({1, 3, {{1, "alias_of"}}});
    snapshot.links.push_back({2, 3, {{2, "alias_of"}}});
    SuggestionPolicy policy;
    policy.minScore = 0.0;
    const auto pairOf = [](const std::vector<MergeSuggestion> &all) {
        const auto it = std::find_if(all.begin(), all.end(), [](const MergeSuggestion &s) { return s.a == 1; });
        return it == all.end() ? MergeSuggestion{} : *it;
    };
    const auto alone = pairOf(suggestMerges(snapshot, policy));
    ASSERT_EQ(alone.b, 2);
    EXPECT_LE(alone.score, policy.uncorroboratedNicknameCap);

    // The same nickname and a place both are seen at: no longer alone.
    snapshot.links.push_back({1, 4, {{1, "seen_at"}}});
    snapshot.links.push_back({2, 4, {{2, "seen_at"}}});
    const auto placed = pairOf(suggestMerges(snapshot, policy));
    ASSERT_EQ(placed.b, 2);
    EXPECT_GT(placed.score, alone.score);
}

TEST(SuggestMergesModel, NamedInOneRecordStaysAVeto)
{
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 200);
    snapshot.entities.push_back(personEntity(1, "Zebedee Quist", "2011-04-05"));
    snapshot.entities.push_back(personEntity(2, "Zebedee Qiust", "2011-04-05"));
    sortEntities(snapshot);
    snapshot.mentions.push_back({7, 1, "victim", false});
    snapshot.mentions.push_back({7, 2, "victim", false});
    SuggestionPolicy policy;
    policy.minScore = 0.0;
    for (const auto &s : suggestMerges(snapshot, policy)) {
        EXPECT_FALSE(s.a == 1 && s.b == 2);
    }
}

TEST(SuggestMergesModel, TheMemoGivesWhatAFreshSearchGives)
{
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 300);
    snapshot.entities.push_back(personEntity(1, "Zebedee Quist", "2011-04-05"));
    snapshot.entities.push_back(personEntity(2, "Zebedee Qiust", "2011-04-05"));
    sortEntities(snapshot);
    SuggestionMemo memo;
    const auto fresh = suggestMerges(snapshot, {}, nullptr, &memo);
    SuggestionMemo next;
    EXPECT_EQ(suggestMerges(snapshot, {}, &memo, &next), fresh);
    EXPECT_EQ(next.scoredPairs, 0U);
    EXPECT_GT(next.reusedPairs, 0U);
}

TEST(SuggestMergesModel, TheHandWeightedPeerStaysAvailable)
{
    GraphSnapshot snapshot;
    snapshot.entities.push_back(personEntity(1, "Amy Jones", "2011-04-05"));
    snapshot.entities.push_back(personEntity(2, "Amy Jnoes", "2011-04-05"));
    SuggestionPolicy peer;
    peer.model = SuggestionPolicy::Model::HandWeighted;
    const auto result = suggestMerges(snapshot, peer);
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].evidence.front().kind, SuggestionEvidenceKind::NameSimilarity);
    EXPECT_NEAR(result[0].score, 0.4675 + 0.35, 1e-9); // name and dob, as docs/who-is-who.md weighs them
}

TEST(SuggestMergesModel, BothScorersReadPersonsSharingPremises)
{
    GraphSnapshot snapshot;
    snapshot.entities.push_back(personEntity(1, "Amy Jones", "2011-04-05"));
    snapshot.entities.push_back(personEntity(2, "Amy Jnoes", "2011-04-05"));
    snapshot.entities.push_back(plainEntity(3, EntityType::Premises, "Star Kebabs"));
    snapshot.links.push_back({1, 3, {{1, "works_at"}}});
    snapshot.links.push_back({2, 3, {{2, "works_at"}}});
    SuggestionPolicy peer;
    peer.model = SuggestionPolicy::Model::HandWeighted;
    ASSERT_EQ(suggestMerges(snapshot, peer).size(), 1U);
    const auto modelled = suggestMerges(snapshot);
    ASSERT_EQ(modelled.size(), 1U);
    EXPECT_TRUE(std::any_of(modelled[0].evidence.begin(), modelled[0].evidence.end(), [](const SuggestionEvidence &e) {
        return e.kind == SuggestionEvidenceKind::SharedPremises && e.detail.find("Star Kebabs") != std::string::npos;
    }));
}

TEST(SuggestMergesModel, NicknamesWrittenAlikeJoinOnlyWithAPlaceInCommon)
{
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 300);
    snapshot.entities.push_back(personEntity(1, ""));
    snapshot.entities.push_back(personEntity(2, ""));
    snapshot.entities.push_back(plainEntity(3, EntityType::Alias, "Kash"));
    snapshot.entities.push_back(plainEntity(4, EntityType::Alias, "Cash"));
    snapshot.entities.push_back(plainEntity(5, EntityType::Place, "Bus station"));
    sortEntities(snapshot);
    snapshot.links.push_back({1, 3, {{1, "alias_of"}}});
    snapshot.links.push_back({2, 4, {{2, "alias_of"}}});
    SuggestionPolicy policy;
    policy.minScore = 0.0;
    const auto pairOf = [](const std::vector<MergeSuggestion> &all) {
        const auto it = std::find_if(all.begin(), all.end(), [](const MergeSuggestion &s) { return s.a == 1; });
        return it == all.end() ? MergeSuggestion{} : *it;
    };
    const auto alone = pairOf(suggestMerges(snapshot, policy));
    ASSERT_EQ(alone.b, 2) << "'Kash' and 'Cash' are compared";
    EXPECT_LE(alone.score, policy.uncorroboratedNicknameCap);
    EXPECT_TRUE(std::any_of(alone.evidence.begin(), alone.evidence.end(), [](const SuggestionEvidence &e) {
        return e.detail.rfind("nickname: none shared, two sound alike (+", 0) == 0;
    }));

    snapshot.links.push_back({1, 5, {{1, "seen_at"}}});
    snapshot.links.push_back({2, 5, {{2, "seen_at"}}});
    EXPECT_GT(pairOf(suggestMerges(snapshot, policy)).score, alone.score);
}

TEST(SuggestMergesModel, ANicknameWithAChildInCommonIsCorroboratedButTwoMenWithOneChildAreNot)
{
    // "Taz" and "Tazz" both seen with Millie: likely one man. Two men with different nicknames
    // who both abuse Millie: a child in common alone says nothing of who they are.
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 300);
    auto taz = personEntity(1, "");
    auto tazz = personEntity(2, "");
    auto gaz = personEntity(6, "");
    auto millie = personEntity(5, "Millie Rowe", "2011-05-19");
    for (EntityInfo *suspect : {&taz, &tazz, &gaz}) {
        suspect->roles = {SubjectRole::Perpetrator};
    }
    millie.roles = {SubjectRole::Victim};
    snapshot.entities.insert(snapshot.entities.end(), {taz, tazz, gaz, millie});
    snapshot.entities.push_back(plainEntity(3, EntityType::Alias, "Taz"));
    snapshot.entities.push_back(plainEntity(4, EntityType::Alias, "Tazz"));
    snapshot.entities.push_back(plainEntity(7, EntityType::Alias, "Bones"));
    sortEntities(snapshot);
    snapshot.links.push_back({1, 3, {{1, "alias_of"}}});
    snapshot.links.push_back({2, 4, {{2, "alias_of"}}});
    snapshot.links.push_back({6, 7, {{3, "alias_of"}}});
    SuggestionPolicy policy;
    policy.minScore = 0.0;
    const auto pair = [&](EntityId a, EntityId b) {
        const auto all = suggestMerges(snapshot, policy);
        const auto it = std::find_if(all.begin(), all.end(), [&](const MergeSuggestion &s) { return s.a == a && s.b == b; });
        return it == all.end() ? MergeSuggestion{} : *it;
    };
    const auto alone = pair(1, 2);
    ASSERT_EQ(alone.b, 2);
    EXPECT_LE(alone.score, policy.uncorroboratedNicknameCap);

    snapshot.links.push_back({1, 5, {{4, "co_mentioned"}}});
    snapshot.links.push_back({2, 5, {{5, "co_mentioned"}}});
    snapshot.links.push_back({5, 6, {{6, "co_mentioned"}}});
    const auto withMillie = pair(1, 2);
    EXPECT_GT(withMillie.score, alone.score);
    EXPECT_GT(withMillie.score, policy.uncorroboratedNicknameCap);
    EXPECT_TRUE(std::any_of(withMillie.evidence.begin(), withMillie.evidence.end(),
                            [](const SuggestionEvidence &e) { return e.detail.find("Millie Rowe") != std::string::npos; }));
    // Taz and Bones share Millie but no nickname: the child is not counted for them.
    const auto other = pair(1, 6);
    EXPECT_TRUE(std::none_of(other.evidence.begin(), other.evidence.end(),
                             [](const SuggestionEvidence &e) { return e.detail.find("Millie Rowe") != std::string::npos; }));
}

TEST(SuggestMergesModel, AVictimAndAPerpetratorAreNeverOnePerson)
{
    // Ashleigh and the man who rings her share his phone: a link between two people.
    GraphSnapshot snapshot;
    addPopulation(snapshot, 100, 300);
    auto ashleigh = personEntity(1, "Ashleigh Bond", "2010-09-03");
    auto taaz = personEntity(2, "");
    ashleigh.roles = {SubjectRole::Victim};
    taaz.roles = {SubjectRole::Perpetrator};
    snapshot.entities.insert(snapshot.entities.end(), {ashleigh, taaz});
    snapshot.entities.push_back(plainEntity(3, EntityType::Phone, "07700900123"));
    sortEntities(snapshot);
    snapshot.links.push_back({1, 3, {{1, "co_mentioned"}}});
    snapshot.links.push_back({2, 3, {{2, "co_mentioned"}}});
    SuggestionPolicy policy;
    policy.minScore = 0.0;
    const auto paired = [&] {
        const auto all = suggestMerges(snapshot, policy);
        return std::any_of(all.begin(), all.end(), [](const MergeSuggestion &s) { return s.a == 1 && s.b == 2; });
    };
    EXPECT_FALSE(paired());
    policy.vetoVictimAndPerpetrator = false;
    EXPECT_TRUE(paired()) << "the veto, not the evidence, keeps them apart";
}
