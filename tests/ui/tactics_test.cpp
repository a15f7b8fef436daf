#include "harbour/tactics.h"

#include <gtest/gtest.h>

namespace harbour {
namespace {

TEST(TacticsCatalogue, ShippedCatalogueHasTheCoreUkTactics)
{
    const auto catalogue = TacticsCatalogue::load(std::filesystem::path(HARBOUR_SOURCE_DIR) / "data" / "tactics.json");
    ASSERT_TRUE(catalogue.ok()) << catalogue.error().toString();
    for (const char *key : {"child_abduction_warning_notice", "hotel_notice", "child_sex_closure_notice",
                            "licensing_review", "taxi_licensing_referral", "anpr_marker", "sexual_risk_order"}) {
        const Tactic *tactic = catalogue->find(key);
        ASSERT_NE(tactic, nullptr) << key;
        EXPECT_FALSE(tactic->legalBasis.empty()) << key;
        EXPECT_FALSE(tactic->description.empty()) << key;
    }
    EXPECT_EQ(catalogue->find("hotel_notice")->legalBasis, "Anti-social Behaviour, Crime and Policing Act 2014 s116");
    EXPECT_GE(catalogue->tactics().size(), 10U);
    EXPECT_TRUE(TacticsCatalogue::shipped().ok());
}

TEST(TacticsCatalogue, ForTypeMapsEntityTypesToTargets)
{
    const auto catalogue = TacticsCatalogue::fromJson(
        R"({"tactics":[{"key":"a","title":"A","applies_to":["premises"],"legal_basis":"x","description":"d"},
                       {"key":"b","title":"B","applies_to":["person","vehicle"],"legal_basis":"x","description":"d"}]})",
        "test");
    ASSERT_TRUE(catalogue.ok()) << catalogue.error().toString();
    ASSERT_EQ(catalogue->forType(EntityType::Premises).size(), 1U);
    EXPECT_EQ(catalogue->forType(EntityType::Premises).front()->key, "a");
    ASSERT_EQ(catalogue->forType(EntityType::Alias).size(), 1U); // a nickname is a person to disrupt
    EXPECT_EQ(catalogue->forType(EntityType::Alias).front()->key, "b");
    EXPECT_TRUE(catalogue->forType(EntityType::Phone).empty());
    EXPECT_EQ(catalogue->find("zzz"), nullptr);
}

TEST(TacticsCatalogue, RejectsDuplicateKeys)
{
    const auto catalogue = TacticsCatalogue::fromJson(
        R"({"tactics":[{"key":"a","title":"A","applies_to":["premises"],"legal_basis":"x","description":"d"},
                       {"key":"a","title":"B","applies_to":["person"],"legal_basis":"x","description":"d"}]})",
        "t.json");
    ASSERT_FALSE(catalogue.ok());
    EXPECT_EQ(catalogue.error().code, ErrorCode::Validation);
    EXPECT_EQ(catalogue.error().toString(), "t.json: tactic 2: field 'key': duplicate key 'a'");
}

TEST(TacticsCatalogue, RejectsUnknownTargetsAndMissingFields)
{
    const auto unknown = TacticsCatalogue::fromJson(
        R"({"tactics":[{"key":"a","title":"A","applies_to":["phone"],"legal_basis":"x","description":"d"}]})", "t");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "applies_to");
    EXPECT_EQ(unknown.error().message, "unknown target \"phone\" (premises, vehicle, person)");

    const auto missing =
        TacticsCatalogue::fromJson(R"({"tactics":[{"key":"a","applies_to":["person"],"legal_basis":"x","description":"d"}]})", "t");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().field, "title");
    EXPECT_EQ(missing.error().record, "tactic 1");
    EXPECT_EQ(missing.error().message, "must be a non-empty string");

    EXPECT_EQ(TacticsCatalogue::fromJson("{", "t").error().code, ErrorCode::Parse);
    EXPECT_EQ(TacticsCatalogue::fromJson(R"({"x":1})", "t").error().field, "tactics");
    EXPECT_EQ(TacticsCatalogue::load("/nonexistent/tactics.json").error().code, ErrorCode::Io);
}

} // namespace
} // namespace harbour
