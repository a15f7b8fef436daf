#include "harbour/indicator_words.h"

#include <gtest/gtest.h>

using namespace harbour;

TEST(IndicatorWords, TheFormsWordingForEveryKeyOfTheTool)
{
    EXPECT_EQ(indicatorWording("missing_episodes"), "Periods of absence/missing (day and/or night)");
    EXPECT_EQ(indicatorWording("hotels_taxis_takeaways"),
              "Having unexplained contact with hotels, taxi companies or fast food outlets");
    EXPECT_EQ(indicatorWording("isolated"), "Isolated from peers/family/social networks");
    EXPECT_EQ(indicatorWording("a_forces_own_key"), "a_forces_own_key");
    for (const auto &info : RiskPolicy::defaults().indicators) {
        EXPECT_NE(indicatorWording(info.key), info.key) << info.key << " has no wording";
    }
}

TEST(IndicatorWords, RuleDetailsReadInTheFormsWordsAndJudgementsAsWritten)
{
    EXPECT_EQ(withIndicatorWording("missing_episodes and risky_areas are current"),
              "\"Periods of absence/missing (day and/or night)\" and \"Frequenting areas known for risky "
              "activities\" are current");
    EXPECT_EQ(withIndicatorWording("3 risk indicators ticked (drug_misuse, alcohol_misuse, xdrug_misuse)"),
              "3 risk indicators ticked (\"Drugs Misuse\", \"Alcohol Misuse\", xdrug_misuse)");
    EXPECT_EQ(ruleInWords({"any_indicator", "1 vulnerability factor ticked (isolated)"}),
              "1 vulnerability factor ticked (\"Isolated from peers/family/social networks\")");
    EXPECT_EQ(ruleInWords({"professional_judgement", "raised from low to medium: isolated at home"}),
              "raised from low to medium: isolated at home");
    EXPECT_EQ(indicatorInWords("drug_misuse", "past"), "Drugs Misuse (past)");
}
