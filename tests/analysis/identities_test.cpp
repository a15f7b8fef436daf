#include "harbour/analysis/identities.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

#include <set>

using namespace harbour;
using namespace harbour::analysis;
using harbour::analysis::testing::scored;
using harbour::analysis::testing::SnapshotBuilder;

namespace {

IdentityDecision decision(IdentityDecision::Kind kind, std::vector<EntityId> entities)
{
    return {kind, std::move(entities), "seen together at the strategy meeting"};
}

std::set<EntityId> entriesOf(const Identities &identities, EntityId entity)
{
    const Identity *identity = identities.of(entity);
    return identity ? std::set<EntityId>(identity->entities.begin(), identity->entities.end()) : std::set<EntityId>{};
}

struct FourAmys {
    SnapshotBuilder builder;
    EntityId a = builder.entity(EntityType::Person, "Amy Jones", {{"dob", "2011-02-03"}, {"gender", "female"}});
    EntityId b = builder.entity(EntityType::Person, "Amy Jnoes", {{"gender", "female"}});
    EntityId c = builder.entity(EntityType::Person, "Amy Jones", {{"dob", "2013-09-30"}});
    EntityId d = builder.entity(EntityType::Person, "A. Jones");
    EntityId phone = builder.entity(EntityType::Phone, "07700 900123");
};

} // namespace

TEST(Identities, EveryEntityIsInExactlyOneIdentity)
{
    FourAmys amys;
    const auto snapshot = amys.builder.build();
    const auto identities = resolveIdentities(snapshot, {scored(amys.a, amys.b, 0.95)}, {});
    std::set<EntityId> seen;
    for (const auto &identity : identities.identities) {
        for (const EntityId id : identity.entities) {
            EXPECT_TRUE(seen.insert(id).second) << id << " is in two identities";
        }
        EXPECT_EQ(identity.id, "I" + std::to_string(identity.entities.front()));
    }
    EXPECT_EQ(seen.size(), snapshot.entities.size());
    const Identity *phone = identities.of(amys.phone);
    ASSERT_NE(phone, nullptr);
    EXPECT_EQ(phone->entities.size(), 1U);
    EXPECT_FALSE(phone->automatic);
    EXPECT_DOUBLE_EQ(phone->probability, 1.0);
}

TEST(Identities, PairsAtTheAutomaticThresholdJoinAndTheRestGoToReview)
{
    FourAmys amys;
    const auto snapshot = amys.builder.build();
    IdentityPolicy policy;
    policy.automatic = 0.9;
    const auto identities =
        resolveIdentities(snapshot, {scored(amys.a, amys.b, 0.9), scored(amys.b, amys.d, 0.92), scored(amys.a, amys.c, 0.6)},
                          {}, policy);
    EXPECT_EQ(entriesOf(identities, amys.a), (std::set<EntityId>{amys.a, amys.b, amys.d}));
    const Identity *amy = identities.of(amys.d);
    EXPECT_TRUE(amy->automatic);
    EXPECT_FALSE(amy->confirmed);
    EXPECT_DOUBLE_EQ(amy->probability, 0.9);
    EXPECT_EQ(amy->label, "Amy Jones");
    ASSERT_EQ(identities.review.size(), 1U);
    EXPECT_EQ(identities.review.front().b, amys.c);
}

TEST(Identities, AJoinThatWouldHoldTwoDatesOfBirthIsRefusedAtItsWeakestLink)
{
    FourAmys amys;
    const auto snapshot = amys.builder.build();
    // b joins a first (strongest), then c's 0.93 would put 2011-02-03 and 2013-09-30 in one.
    const auto identities =
        resolveIdentities(snapshot, {scored(amys.a, amys.b, 0.99), scored(amys.b, amys.c, 0.93)}, {});
    EXPECT_EQ(entriesOf(identities, amys.b), (std::set<EntityId>{amys.a, amys.b}));
    EXPECT_EQ(entriesOf(identities, amys.c), (std::set<EntityId>{amys.c}));
    const auto &reasons = identities.of(amys.c)->reasons;
    ASSERT_EQ(reasons.size(), 1U);
    EXPECT_NE(reasons.front().find("further apart than a slip"), std::string::npos) << reasons.front();
    // The refused pair still goes to the analyst.
    ASSERT_EQ(identities.review.size(), 1U);
    EXPECT_EQ(identities.review.front().b, amys.c);
}

TEST(Identities, ADateOfBirthSlipOrAPartialDateDoesNotKeepEntriesApart)
{
    SnapshotBuilder builder;
    const auto a = builder.entity(EntityType::Person, "Amy Jones", {{"dob", "2011-02-03"}});
    const auto b = builder.entity(EntityType::Person, "Amy Jones", {{"dob", "2011-03-02"}});
    const auto c = builder.entity(EntityType::Person, "Amy Jones", {{"dob", "2011"}});
    const auto identities = resolveIdentities(builder.build(), {scored(a, b, 0.95), scored(b, c, 0.95)}, {});
    EXPECT_EQ(entriesOf(identities, a), (std::set<EntityId>{a, b, c}));
}

TEST(Identities, MaleAndFemaleOrEntriesNamedInOneRecordAreNeverJoined)
{
    SnapshotBuilder builder;
    const auto girl = builder.entity(EntityType::Person, "Sam Price", {{"gender", "F"}});
    const auto boy = builder.entity(EntityType::Person, "Sam Price", {{"gender", "boy"}});
    const auto taz1 = builder.entity(EntityType::Person, "Unknown (\"Taz\")");
    const auto taz2 = builder.entity(EntityType::Person, "Unknown (\"Taz\")");
    builder.record({taz1, taz2});
    const auto identities = resolveIdentities(builder.build(), {scored(girl, boy, 0.99), scored(taz1, taz2, 0.99)}, {});
    EXPECT_EQ(entriesOf(identities, girl).size(), 1U);
    EXPECT_EQ(entriesOf(identities, taz1).size(), 1U);
    EXPECT_NE(identities.of(taz2)->reasons.front().find("named in one record"), std::string::npos);
}

TEST(Identities, TheAnalystHasTheLastWord)
{
    FourAmys amys;
    const auto snapshot = amys.builder.build();
    const std::vector<MergeSuggestion> pairs{scored(amys.a, amys.b, 0.97), scored(amys.a, amys.d, 0.55)};
    using Kind = IdentityDecision::Kind;

    // Not the same: the pair is never joined, and not offered for review again.
    auto identities = resolveIdentities(snapshot, pairs, {decision(Kind::NotSame, {amys.a, amys.b})});
    EXPECT_EQ(entriesOf(identities, amys.a).size(), 1U);
    EXPECT_EQ(identities.review.size(), 1U);

    // Confirm joins what the model would not, and marks the identity as confirmed.
    identities = resolveIdentities(snapshot, pairs, {decision(Kind::Confirm, {amys.a, amys.d})});
    EXPECT_EQ(entriesOf(identities, amys.a), (std::set<EntityId>{amys.a, amys.b, amys.d}));
    EXPECT_TRUE(identities.of(amys.a)->confirmed);
    EXPECT_DOUBLE_EQ(identities.of(amys.a)->probability, 1.0);
    EXPECT_TRUE(identities.review.empty());

    // A split takes the identity apart for good, confirmation included ...
    const std::vector<IdentityDecision> split{decision(Kind::Confirm, {amys.a, amys.d}),
                                              decision(Kind::Split, {amys.a, amys.b, amys.d})};
    identities = resolveIdentities(snapshot, pairs, split);
    for (const EntityId id : {amys.a, amys.b, amys.d}) {
        EXPECT_EQ(entriesOf(identities, id).size(), 1U) << id;
    }
    // ... until an analyst confirms again.
    auto rejoined = split;
    rejoined.push_back(decision(Kind::Confirm, {amys.a, amys.b}));
    identities = resolveIdentities(snapshot, pairs, rejoined);
    EXPECT_EQ(entriesOf(identities, amys.a), (std::set<EntityId>{amys.a, amys.b}));
}

TEST(Identities, DecisionsAreReadFromTheAuditLog)
{
    std::vector<AuditEntry> log(5);
    log[0].action = "import";
    log[0].object = "entities 1 2";
    log[1].action = kAuditIdentityConfirmed;
    log[1].object = identityDecisionObject({3, 9, 12});
    log[1].detail = "same school, same dob";
    log[2].action = kAuditMergeRejected;
    log[2].object = "entities 4 5";
    log[3].action = kAuditIdentitySplit;
    log[3].object = "entities 3 9";
    log[4].action = kAuditIdentitySplit;
    log[4].object = "nonsense";
    const auto decisions = identityDecisions(log);
    ASSERT_EQ(decisions.size(), 3U);
    EXPECT_EQ(decisions[0].kind, IdentityDecision::Kind::Confirm);
    EXPECT_EQ(decisions[0].entities, (std::vector<EntityId>{3, 9, 12}));
    EXPECT_EQ(decisions[0].reason, "same school, same dob");
    EXPECT_EQ(decisions[1].kind, IdentityDecision::Kind::NotSame);
    EXPECT_EQ(decisions[2].kind, IdentityDecision::Kind::Split);
}

TEST(Identities, FindTakesOnlyAnIdentitysOwnId)
{
    FourAmys amys;
    const auto identities = resolveIdentities(amys.builder.build(), {scored(amys.a, amys.b, 0.95)}, {});
    const std::string id = "I" + std::to_string(amys.a);
    ASSERT_NE(identities.find(id), nullptr);
    EXPECT_EQ(identities.find(id)->entities.size(), 2U);
    EXPECT_EQ(identities.find("I" + std::to_string(amys.b)), nullptr); // an entry, not an identity's id
    for (const char *bad : {"", "I", "17", "I1x", "I99999"}) {
        EXPECT_EQ(identities.find(bad), nullptr) << bad;
    }
}
