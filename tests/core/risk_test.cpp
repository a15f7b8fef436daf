#include "harbour/risk.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace harbour {

// Readable failures for the result structs (found by argument-dependent lookup, so outside the unnamed namespace).
void PrintTo(const RuleFired &rule, std::ostream *out)
{
    *out << "{" << rule.rule << ": " << rule.detail << "}";
}

void PrintTo(const Action &action, std::ostream *out)
{
    *out << "{" << action.text << ", due " << (action.due ? formatDate(*action.due) : "-") << ", " << action.condition
         << "}";
}

namespace {

const std::string kPolicyDir = std::string(HARBOUR_TEST_DATA_DIR) + "/policy/";

Date d(int y, unsigned m, unsigned day)
{
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
}

// A 15-year-old (born 2010-06-01) screened on Monday 2026-03-16 with nothing ticked.
Screening screening()
{
    Screening s;
    s.id = "SCR-TEST";
    s.screenedAt = d(2026, 3, 16);
    s.child.name = "Test Child";
    s.child.dob = PartialDate{2010, 6, 1};
    return s;
}

Screening aged(Screening s, PartialDate dob)
{
    s.child.dob = dob;
    return s;
}

Assessment assessOk(const Screening &s, const RiskPolicy &policy = RiskPolicy::defaults())
{
    auto result = assess(s, policy);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? result.value() : Assessment{};
}

Error assessError(const Screening &s, const RiskPolicy &policy = RiskPolicy::defaults())
{
    auto result = assess(s, policy);
    EXPECT_FALSE(result.ok());
    return result.ok() ? Error{} : result.error();
}

using Rules = std::vector<RuleFired>;

// --- The policy file ---------------------------------------------------------------------------------------------

TEST(RiskPolicy, DefaultsHoldTheWholeCatalogue)
{
    const RiskPolicy &policy = RiskPolicy::defaults();
    int significant = 0;
    int risk = 0;
    int vulnerability = 0;
    for (const auto &info : policy.indicators) {
        significant += info.group == IndicatorGroup::Significant;
        risk += info.group == IndicatorGroup::Risk;
        vulnerability += info.group == IndicatorGroup::Vulnerability;
    }
    EXPECT_EQ(significant, 7);
    EXPECT_EQ(risk, 19);
    EXPECT_EQ(vulnerability, 8);
    ASSERT_NE(policy.indicator("whereabouts_unknown"), nullptr);
    EXPECT_EQ(policy.indicator("whereabouts_unknown")->wording, "Whereabouts unclear or unknown – day and/or night");
    EXPECT_EQ(policy.indicator("hotels_taxis_takeaways")->group, IndicatorGroup::Significant);
    EXPECT_EQ(policy.indicator("family_da_substance_mh")->wording,
              "Family history of domestic abuse and/or substance misuse and/or mental health difficulties");
    EXPECT_EQ(policy.indicator("no_such_key"), nullptr);
}

TEST(RiskPolicy, DefaultsHoldTheRulesAndGuidance)
{
    const RiskPolicy &policy = RiskPolicy::defaults();
    EXPECT_EQ(policy.mediumRiskIndicatorCount, 3);
    EXPECT_EQ(policy.floorUnderAge, 13);
    EXPECT_EQ(policy.floorLevel, RiskLevel::Medium);
    EXPECT_TRUE(policy.learningDisabilityFloor);
    EXPECT_EQ(policy.adultAge, 18);
    EXPECT_EQ(policy.additionalNeedsUntilAge, 21);
    EXPECT_EQ(
        policy.reviewAfterDays,
        (std::map<RiskLevel, int>{
            {RiskLevel::None, 182}, {RiskLevel::Low, 91}, {RiskLevel::Medium, 56}, {RiskLevel::Significant, 28}}));
    const auto &medium = policy.actions.at(RiskLevel::Medium);
    ASSERT_GE(medium.size(), 2U);
    EXPECT_EQ(medium[1].text, "Complete a CAF");
    EXPECT_EQ(medium[1].workingDays, 10);
    EXPECT_EQ(medium[1].condition, "where there is no Section 17 or Section 47 enquiry");
    const auto &significant = policy.actions.at(RiskLevel::Significant);
    EXPECT_EQ(significant[0].workingDays, 5);
    EXPECT_EQ(significant[3].condition, "where trafficking is suspected");
    EXPECT_FALSE(policy.actions.at(RiskLevel::Low).empty());
    EXPECT_FALSE(policy.actions.at(RiskLevel::None).empty());
}

TEST(RiskPolicy, EmbeddedDefaultsAreTheShippedFile)
{
    const std::string path = std::string(HARBOUR_SOURCE_DIR) + "/data/risk-policy.json";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    // The file is embedded in a C++ raw string; this sequence would end it early.
    EXPECT_EQ(text.str().find(")HARBOUR_POLICY\""), std::string::npos);

    auto loaded = RiskPolicy::load(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    EXPECT_EQ(loaded->name, RiskPolicy::defaults().name);
    EXPECT_EQ(loaded->indicators.size(), RiskPolicy::defaults().indicators.size());
    EXPECT_EQ(loaded->actions.at(RiskLevel::Significant).size(),
              RiskPolicy::defaults().actions.at(RiskLevel::Significant).size());
}

TEST(RiskPolicy, LoadsACustomPolicy)
{
    auto policy = RiskPolicy::load(kPolicyDir + "strict.json");
    ASSERT_TRUE(policy.ok()) << policy.error().toString();
    EXPECT_EQ(policy->name, "Test: stricter local policy");
    EXPECT_EQ(policy->mediumRiskIndicatorCount, 2);
    EXPECT_EQ(policy->floorUnderAge, 14);
    EXPECT_FALSE(policy->learningDisabilityFloor);
    ASSERT_NE(policy->indicator("county_lines"), nullptr);
    EXPECT_EQ(policy->futureToleranceDays, 30);
}

TEST(RiskPolicy, FutureToleranceIsOneDayByDefaultAndOptionalInAFile)
{
    EXPECT_EQ(RiskPolicy::defaults().futureToleranceDays, 1);
    std::ifstream in(kPolicyDir + "strict.json");
    std::ostringstream text;
    text << in.rdbuf();
    auto document = nlohmann::json::parse(text.str());
    document.erase("dates");
    const auto policy = RiskPolicy::fromJson(document.dump(), "older.json");
    ASSERT_TRUE(policy.ok()) << policy.error().toString();
    EXPECT_EQ(policy->futureToleranceDays, 1);
}

TEST(RiskPolicy, CustomPolicyChangesTheAssessment)
{
    const RiskPolicy policy = RiskPolicy::load(kPolicyDir + "strict.json").value();
    Screening s = screening();
    s.riskIndicators = {"school_absence", "county_lines"};
    const Assessment twoTicks = assessOk(s, policy);
    EXPECT_EQ(twoTicks.final, RiskLevel::Medium);
    EXPECT_EQ(twoTicks.rules, (Rules{{"risk_count", "2 risk indicators ticked (school_absence, county_lines)"}}));
    ASSERT_EQ(twoTicks.actions.size(), 1U);
    EXPECT_EQ(twoTicks.actions[0], (Action{"Refer to the local exploitation hub", d(2026, 3, 17), ""}));
    EXPECT_EQ(twoTicks.nextReview, d(2026, 3, 30));

    // The default catalogue does not know the local indicator.
    EXPECT_EQ(assessError(s).field, "risk_indicators[1]");

    // Floor at 14; the learning disability floor is switched off.
    Screening thirteen = aged(screening(), PartialDate{2013, 1, 1});
    thirteen.riskIndicators = {"drug_misuse"};
    EXPECT_EQ(assessOk(thirteen, policy).rules.back(),
              (RuleFired{"floor_under_13", "under 14 with risk indicators: raised from low to medium"}));
    Screening disabled = screening();
    disabled.child.learningDisability = true;
    disabled.riskIndicators = {"drug_misuse"};
    EXPECT_EQ(assessOk(disabled, policy).final, RiskLevel::Low);
}

struct BadPolicy {
    std::string file;
    ErrorCode code;
    std::string field;
    std::string message;
};

TEST(RiskPolicy, RejectsBadFilesWithExactErrors)
{
    const std::vector<BadPolicy> cases = {
        {"bad_version.json", ErrorCode::Validation, "version",
         "unsupported policy format version 2 (this Harbour reads version 1)"},
        {"bad_unknown_field.json", ErrorCode::Validation, "floor.under_13",
         "unknown field (expected one of: under_age, learning_disability, level)"},
        {"bad_floor_level.json", ErrorCode::Validation, "floor.level",
         "must be one of none, low, medium, significant (got \"high\")"},
        {"bad_duplicate_key.json", ErrorCode::Validation, "indicators[8].key",
         "duplicate indicator key \"missing_episodes\" (first at indicators[0])"},
        {"bad_group.json", ErrorCode::Validation, "indicators[0].group",
         "must be one of significant, risk, vulnerability (got \"severe\")"},
        {"bad_missing_key.json", ErrorCode::Validation, "indicators[3].key", "is required"},
        {"bad_threshold.json", ErrorCode::Validation, "levels.medium_risk_indicator_count",
         "must be between 1 and 100 (got 0)"},
        {"bad_working_days.json", ErrorCode::Validation, "actions.medium[1].working_days", "must be a whole number"},
        {"bad_review_missing.json", ErrorCode::Validation, "review_after_days.low", "is required"},
        {"bad_age_limits.json", ErrorCode::Validation, "age_limits.additional_needs_until_age",
         "must not be below age_limits.adult_age (18)"},
        {"bad_future_tolerance.json", ErrorCode::Validation, "dates.future_tolerance_days",
         "must be between 0 and 366 (got -1)"},
    };
    for (const auto &bad : cases) {
        SCOPED_TRACE(bad.file);
        auto result = RiskPolicy::load(kPolicyDir + bad.file);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, bad.code);
        EXPECT_EQ(result.error().file, kPolicyDir + bad.file);
        EXPECT_EQ(result.error().field, bad.field);
        EXPECT_EQ(result.error().message, bad.message);
    }
}

TEST(RiskPolicy, RejectsInvalidJson)
{
    auto result = RiskPolicy::load(kPolicyDir + "bad_syntax.json");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::Parse);
    EXPECT_EQ(result.error().file, kPolicyDir + "bad_syntax.json");
    EXPECT_EQ(result.error().message.rfind("not valid JSON: parse error at line 4, column ", 0), 0U)
        << result.error().message;
}

TEST(RiskPolicy, RejectsMissingFileAndWrongShapes)
{
    auto missing = RiskPolicy::load(kPolicyDir + "no_such_policy.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(missing.error().toString(), kPolicyDir + "no_such_policy.json: policy file not found");

    auto array = RiskPolicy::fromJson("[]", "x.json");
    ASSERT_FALSE(array.ok());
    EXPECT_EQ(array.error().toString(), "x.json: a policy file must hold one JSON object");

    auto empty = RiskPolicy::fromJson(R"({"version": 1, "name": "x", "indicators": []})", "x.json");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().toString(), "x.json: field 'indicators': must list at least one indicator");

    auto noVersion = RiskPolicy::fromJson(R"({"name": "x"})", "x.json");
    ASSERT_FALSE(noVersion.ok());
    EXPECT_EQ(noVersion.error().toString(), "x.json: field 'version': is required");
}

// --- Steps 1-4 -----------------------------------------------------------------------------------------------------

TEST(Assess, Step1AnyCurrentSignificantIndicatorIsSignificant)
{
    Screening s = screening();
    s.significant = {{"missing_episodes", Recency::Current}, {"hotels_taxis_takeaways", Recency::Past}};
    s.riskIndicators = {"school_absence", "alcohol_misuse", "phone_concern"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Significant);
    EXPECT_EQ(a.final, RiskLevel::Significant);
    EXPECT_EQ(a.ageAtScreening, 15);
    EXPECT_EQ(a.floor, std::nullopt);
    EXPECT_EQ(a.rules, (Rules{{"significant_current", "missing_episodes is current"}}));
}

TEST(Assess, Step1ListsEveryCurrentIndicatorInFormOrder)
{
    Screening s = screening();
    s.significant = {{"vehicles_unknown_adults", Recency::Current},
                     {"missing_episodes", Recency::Current},
                     {"online_grooming", Recency::Current}};
    EXPECT_EQ(
        assessOk(s).rules,
        (Rules{{"significant_current", "missing_episodes, vehicles_unknown_adults and online_grooming are current"}}));
}

TEST(Assess, Step2PastSignificantIndicatorIsMedium)
{
    Screening s = screening();
    s.significant = {{"hotels_taxis_takeaways", Recency::Past}};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Medium);
    EXPECT_EQ(a.rules, (Rules{{"significant_past", "hotels_taxis_takeaways is past"}}));
}

TEST(Assess, Step2ThreeRiskIndicatorsAreMedium)
{
    Screening s = screening();
    s.riskIndicators = {"school_absence", "alcohol_misuse", "phone_concern"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Medium);
    EXPECT_EQ(a.rules,
              (Rules{{"risk_count", "3 risk indicators ticked (school_absence, alcohol_misuse, phone_concern)"}}));
}

TEST(Assess, Step2BothReasonsAreKept)
{
    Screening s = screening();
    s.significant = {{"risky_areas", Recency::Past}, {"missing_episodes", Recency::Past}};
    s.riskIndicators = {"school_absence", "alcohol_misuse", "phone_concern", "self_harm"};
    EXPECT_EQ(
        assessOk(s).rules,
        (Rules{{"significant_past", "missing_episodes and risky_areas are past"},
               {"risk_count", "4 risk indicators ticked (school_absence, alcohol_misuse, phone_concern, self_harm)"}}));
}

TEST(Assess, Step3TwoRiskIndicatorsAreLow)
{
    Screening s = screening();
    s.riskIndicators = {"school_absence", "alcohol_misuse"};
    s.vulnerabilities = {"isolated", "history_of_care", "family_conflict_loss"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Low);
    EXPECT_EQ(a.rules, (Rules{{"any_indicator", "2 risk indicators ticked (school_absence, alcohol_misuse) and 3 "
                                                "vulnerability factors ticked (isolated, history_of_care, "
                                                "family_conflict_loss)"}}));
}

TEST(Assess, Step3VulnerabilityAloneIsLow)
{
    Screening s = screening();
    s.vulnerabilities = {"isolated"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.final, RiskLevel::Low);
    EXPECT_EQ(a.rules, (Rules{{"any_indicator", "1 vulnerability factor ticked (isolated)"}}));
}

TEST(Assess, Step4NothingTickedIsNone)
{
    const Assessment a = assessOk(screening());
    EXPECT_EQ(a.final, RiskLevel::None);
    EXPECT_EQ(a.rules, (Rules{{"none", "no indicator ticked"}}));
    EXPECT_EQ(a.nextReview, d(2026, 9, 14)); // 182 days
    ASSERT_EQ(a.actions.size(), 2U);
    EXPECT_EQ(a.actions[0].due, std::nullopt);
}

TEST(Assess, TheFormatsExample)
{
    Screening s;
    s.screenedAt = d(2026, 3, 15);
    s.child.dob = PartialDate{2011, 2, 3};
    s.significant = {{"missing_episodes", Recency::Current},
                     {"vehicles_unknown_adults", Recency::Current},
                     {"hotels_taxis_takeaways", Recency::Past}};
    s.riskIndicators = {"school_absence", "alcohol_misuse", "phone_concern"};
    s.vulnerabilities = {"family_conflict_loss"};
    s.professionalJudgement = ProfessionalJudgement{RiskLevel::Significant, "Disclosure to nurse"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.ageAtScreening, 15);
    EXPECT_EQ(a.computed, RiskLevel::Significant);
    EXPECT_EQ(a.final, RiskLevel::Significant);
    EXPECT_EQ(a.rules, (Rules{{"significant_current", "missing_episodes and vehicles_unknown_adults are current"},
                              {"professional_judgement", "confirmed significant: Disclosure to nurse"}}));
}

// --- Floors --------------------------------------------------------------------------------------------------------

TEST(Assess, UnderThirteenWithRiskIndicatorsIsNeverBelowMedium)
{
    Screening s = aged(screening(), PartialDate{2013, 3, 17}); // 13 tomorrow
    s.riskIndicators = {"unsafe_internet"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.ageAtScreening, 12);
    EXPECT_EQ(a.computed, RiskLevel::Medium);
    EXPECT_EQ(a.final, RiskLevel::Medium);
    EXPECT_EQ(a.floor, RiskLevel::Medium);
    EXPECT_EQ(a.rules, (Rules{{"any_indicator", "1 risk indicator ticked (unsafe_internet)"},
                              {"floor_under_13", "under 13 with risk indicators: raised from low to medium"}}));
}

TEST(Assess, ThirteenthBirthdayEndsTheAgeFloor)
{
    Screening s = aged(screening(), PartialDate{2013, 3, 16});
    s.riskIndicators = {"unsafe_internet"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.ageAtScreening, 13);
    EXPECT_EQ(a.final, RiskLevel::Low);
    EXPECT_EQ(a.floor, std::nullopt);
}

TEST(Assess, FloorIsRecordedEvenWhenAlreadyMet)
{
    Screening s = aged(screening(), PartialDate{2016, 1, 1});
    s.significant = {{"online_grooming", Recency::Current}};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.final, RiskLevel::Significant);
    EXPECT_EQ(a.floor, RiskLevel::Medium);
    EXPECT_EQ(a.rules.back(),
              (RuleFired{"floor_under_13", "under 13 with risk indicators: never below medium, already significant"}));
}

TEST(Assess, LearningDisabilityFloor)
{
    Screening s = screening();
    s.child.learningDisability = true;
    s.riskIndicators = {"lacks_safety_awareness"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.final, RiskLevel::Medium);
    EXPECT_EQ(a.rules.back(), (RuleFired{"floor_learning_disability",
                                         "learning disability with risk indicators: raised from low to medium"}));
}

TEST(Assess, BothFloorsAreRecorded)
{
    Screening s = aged(screening(), PartialDate{2015, 1, 1});
    s.child.learningDisability = true;
    s.riskIndicators = {"lacks_safety_awareness"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.final, RiskLevel::Medium);
    EXPECT_EQ(a.rules, (Rules{{"any_indicator", "1 risk indicator ticked (lacks_safety_awareness)"},
                              {"floor_under_13", "under 13 with risk indicators: raised from low to medium"},
                              {"floor_learning_disability",
                               "learning disability with risk indicators: never below medium, already medium"}}));
}

TEST(Assess, FloorNeedsBehavioursNotJustVulnerabilities)
{
    Screening s = aged(screening(), PartialDate{2016, 1, 1});
    s.child.learningDisability = true;
    s.vulnerabilities = {"isolated", "learning_disability_or_mental_health"};
    s.professionalJudgement = ProfessionalJudgement{RiskLevel::None, "Vulnerabilities known and supported"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Low);
    EXPECT_EQ(a.floor, std::nullopt);
    EXPECT_EQ(a.final, RiskLevel::None);
}

TEST(Assess, PartialDobThatCouldBeUnderThirteenGetsTheFloor)
{
    // Born some time in 2013: 12 or 13 on 1 June 2026, so the floor applies.
    Screening s = aged(screening(), PartialDate{2013, 0, 0});
    s.screenedAt = d(2026, 6, 1);
    s.riskIndicators = {"drug_misuse"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.ageAtScreening, 12);
    EXPECT_EQ(a.final, RiskLevel::Medium);
    EXPECT_EQ(a.rules.back(), (RuleFired{"floor_under_13", "could be under 13 (date of birth 2013, aged 12 or 13) "
                                                           "with risk indicators: raised from low to medium"}));

    // Born in June 2013: could still be 12 on 1 June 2026.
    EXPECT_EQ(assessOk(aged(s, PartialDate{2013, 6, 0})).final, RiskLevel::Medium);
    // Born in May 2013: certainly 13.
    const Assessment may = assessOk(aged(s, PartialDate{2013, 5, 0}));
    EXPECT_EQ(may.final, RiskLevel::Low);
    EXPECT_EQ(may.ageAtScreening, 13);
}

// --- Ages 18 to 21 -------------------------------------------------------------------------------------------------

TEST(Assess, EighteenWithoutAdditionalNeedsIsRefused)
{
    const Error error = assessError(aged(screening(), PartialDate{2008, 3, 16})); // 18th birthday
    EXPECT_EQ(error.code, ErrorCode::Policy);
    EXPECT_EQ(error.field, "child.additional_needs");
    EXPECT_EQ(error.message, "aged 18 on the screening date 2026-03-16: a person aged 18 or over is screened only "
                             "with additional needs (additional_needs true), up to their 21st birthday");
    // The day before the 18th birthday is a child.
    EXPECT_EQ(assessOk(aged(screening(), PartialDate{2008, 3, 17})).ageAtScreening, 17);
}

TEST(Assess, EighteenToTwentyWithAdditionalNeedsIsScreened)
{
    Screening s = aged(screening(), PartialDate{2006, 9, 1});
    s.child.additionalNeeds = true;
    s.riskIndicators = {"drug_misuse"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.ageAtScreening, 19);
    EXPECT_EQ(a.final, RiskLevel::Low);
    EXPECT_EQ(a.rules,
              (Rules{{"additional_needs_18_21", "aged 19 with additional needs: screened until the 21st birthday"},
                     {"any_indicator", "1 risk indicator ticked (drug_misuse)"}}));
    // The day before the 21st birthday is still in.
    EXPECT_EQ(assessOk(aged(s, PartialDate{2005, 3, 17})).ageAtScreening, 20);
}

TEST(Assess, TwentyFirstBirthdayIsRefusedEvenWithAdditionalNeeds)
{
    Screening s = aged(screening(), PartialDate{2005, 3, 16});
    s.child.additionalNeeds = true;
    const Error error = assessError(s);
    EXPECT_EQ(error.code, ErrorCode::Policy);
    EXPECT_EQ(error.field, "child.dob");
    EXPECT_EQ(error.message, "aged 21 on the screening date 2026-03-16: the screening tool applies before the 21st "
                             "birthday only");
}

TEST(Assess, PartialDobRefusesAnAdultOnlyWhenCertain)
{
    // Born in 2008: 17 or 18 on 16 March 2026; could be a child, so screened without additional needs.
    EXPECT_EQ(assessOk(aged(screening(), PartialDate{2008, 0, 0})).ageAtScreening, 17);
    // Born in 2007: at least 18.
    const Error adult = assessError(aged(screening(), PartialDate{2007, 0, 0}));
    EXPECT_EQ(adult.field, "child.additional_needs");
    EXPECT_EQ(adult.message, "aged 18 or 19 on the screening date 2026-03-16: a person aged 18 or over is screened "
                             "only with additional needs (additional_needs true), up to their 21st birthday");
    // Born in 2005: 20 or 21, so accepted with additional needs; born in 2004: certainly 21 or more.
    Screening s = screening();
    s.child.additionalNeeds = true;
    EXPECT_EQ(assessOk(aged(s, PartialDate{2005, 0, 0})).ageAtScreening, 20);
    const Error old = assessError(aged(s, PartialDate{2004, 0, 0}));
    EXPECT_EQ(old.field, "child.dob");
    EXPECT_EQ(old.message, "aged 21 or 22 on the screening date 2026-03-16: the screening tool applies before the "
                           "21st birthday only");
}

// --- Bad screenings ------------------------------------------------------------------------------------------------

TEST(Assess, RejectsDobAfterScreeningDate)
{
    const Error error = assessError(aged(screening(), PartialDate{2026, 3, 17}));
    EXPECT_EQ(error.code, ErrorCode::Validation);
    EXPECT_EQ(error.field, "child.dob");
    EXPECT_EQ(error.message, "date of birth 2026-03-17 is after the screening date 2026-03-16");
    EXPECT_EQ(assessError(aged(screening(), PartialDate{2026, 4, 0})).message,
              "date of birth 2026-04 is after the screening date 2026-03-16");
    // A baby born this year, month unknown: could be born already.
    Screening baby = aged(screening(), PartialDate{2026, 0, 0});
    baby.riskIndicators = {"unexplained_injuries"};
    const Assessment a = assessOk(baby);
    EXPECT_EQ(a.ageAtScreening, 0);
    EXPECT_EQ(a.final, RiskLevel::Medium);
}

TEST(Assess, RejectsMissingDob)
{
    Screening s = screening();
    s.child.dob.reset();
    const Error error = assessError(s);
    EXPECT_EQ(error.code, ErrorCode::Validation);
    EXPECT_EQ(error.field, "child.dob");
    EXPECT_EQ(error.message, "is required: the policy's age rules need the date of birth (a year alone is enough)");
}

TEST(Assess, RejectsUnknownIndicatorKeys)
{
    Screening s = screening();
    s.riskIndicators = {"school_absence", "alcohol_misuse", "bogus"};
    Error error = assessError(s);
    EXPECT_EQ(error.code, ErrorCode::Validation);
    EXPECT_EQ(error.field, "risk_indicators[2]");
    EXPECT_EQ(error.message, "unknown risk indicator \"bogus\"");

    s = screening();
    s.significant = {{"bogus", Recency::Current}};
    error = assessError(s);
    EXPECT_EQ(error.field, "significant.bogus");
    EXPECT_EQ(error.message, "unknown significant risk indicator \"bogus\"");

    s = screening();
    s.vulnerabilities = {"bogus"};
    EXPECT_EQ(assessError(s).message, "unknown vulnerability factor \"bogus\"");
}

TEST(Assess, RejectsKeysInTheWrongListAndDuplicates)
{
    Screening s = screening();
    s.riskIndicators = {"missing_episodes"};
    Error error = assessError(s);
    EXPECT_EQ(error.field, "risk_indicators[0]");
    EXPECT_EQ(error.message, "\"missing_episodes\" is a significant risk indicator, not a risk indicator");

    // A key ticked twice would count twice towards the three-indicator rule.
    s.riskIndicators = {"drug_misuse", "alcohol_misuse", "drug_misuse"};
    error = assessError(s);
    EXPECT_EQ(error.field, "risk_indicators[2]");
    EXPECT_EQ(error.message, "\"drug_misuse\" is ticked more than once");
}

TEST(Assess, RejectsInvalidScreeningDate)
{
    Screening s = screening();
    s.screenedAt = Date{};
    EXPECT_EQ(assessError(s).field, "screened_at");
}

// --- Professional judgement ----------------------------------------------------------------------------------------

TEST(Assess, ProfessionalJudgementRaises)
{
    Screening s = screening();
    s.riskIndicators = {"sexually_assaulted"};
    s.professionalJudgement = ProfessionalJudgement{RiskLevel::Significant, "Disclosure to nurse"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Low);
    EXPECT_EQ(a.final, RiskLevel::Significant);
    EXPECT_EQ(a.rules.back(),
              (RuleFired{"professional_judgement", "raised from low to significant: Disclosure to nurse"}));
    EXPECT_EQ(a.actions.size(), RiskPolicy::defaults().actions.at(RiskLevel::Significant).size());
}

TEST(Assess, ProfessionalJudgementLowers)
{
    Screening s = screening();
    s.riskIndicators = {"school_absence", "alcohol_misuse", "phone_concern"};
    s.professionalJudgement = ProfessionalJudgement{RiskLevel::Low, "Known to school, single-agency plan in place"};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.computed, RiskLevel::Medium);
    EXPECT_EQ(a.final, RiskLevel::Low);
    EXPECT_EQ(a.rules.back(), (RuleFired{"professional_judgement",
                                         "lowered from medium to low: Known to school, single-agency plan in place"}));
    EXPECT_EQ(a.nextReview, d(2026, 6, 15)); // low: 91 days
}

TEST(Assess, ProfessionalJudgementMayLowerToTheFloorButNotBelow)
{
    Screening s = aged(screening(), PartialDate{2014, 5, 5});
    s.significant = {{"missing_episodes", Recency::Current}};
    s.professionalJudgement = ProfessionalJudgement{RiskLevel::Medium, "Returned home, engaging"};
    EXPECT_EQ(assessOk(s).final, RiskLevel::Medium);

    s.professionalJudgement = ProfessionalJudgement{RiskLevel::Low, "Returned home, engaging"};
    const Error error = assessError(s);
    EXPECT_EQ(error.code, ErrorCode::Policy);
    EXPECT_EQ(error.field, "professional_judgement.level");
    EXPECT_EQ(error.message,
              "professional judgement 'low' is below the floor 'medium' (under 13 with risk indicators)");

    s.child.learningDisability = true;
    EXPECT_EQ(assessError(s).message, "professional judgement 'low' is below the floor 'medium' (under 13 with risk "
                                      "indicators; learning disability with risk indicators)");
}

TEST(Assess, ProfessionalJudgementNeedsAReason)
{
    Screening s = screening();
    s.professionalJudgement = ProfessionalJudgement{RiskLevel::Medium, " \t"};
    const Error error = assessError(s);
    EXPECT_EQ(error.code, ErrorCode::Validation);
    EXPECT_EQ(error.field, "professional_judgement.reason");
    EXPECT_EQ(error.message, "is required: a professional judgement must give its reason");
}

// --- Actions and review --------------------------------------------------------------------------------------------

TEST(Assess, MediumActionsAreDueInWorkingDaysOverChristmas)
{
    Screening s = screening();
    s.screenedAt = d(2026, 12, 24); // Thursday
    s.riskIndicators = {"school_absence", "alcohol_misuse", "phone_concern"};
    const Assessment a = assessOk(s);
    ASSERT_EQ(a.actions.size(), RiskPolicy::defaults().actions.at(RiskLevel::Medium).size());
    EXPECT_EQ(a.actions[1],
              (Action{"Complete a CAF", d(2027, 1, 12), "where there is no Section 17 or Section 47 enquiry"}));
    EXPECT_EQ(a.actions[0].due, std::nullopt);
    EXPECT_EQ(a.nextReview, d(2027, 2, 18)); // 56 days
}

TEST(Assess, StrategyMeetingIsDueInFiveWorkingDays)
{
    Screening s = screening();
    s.screenedAt = d(2026, 12, 24);
    s.significant = {{"controlling_relationship", Recency::Current}};
    const Assessment a = assessOk(s);
    EXPECT_EQ(a.actions[0].text, "Referral to Children's Social Care, who arrange a strategy meeting");
    EXPECT_EQ(a.actions[0].due, d(2027, 1, 5));
    EXPECT_EQ(a.actions[3].condition, "where trafficking is suspected");
    EXPECT_EQ(a.nextReview, d(2027, 1, 21)); // 28 days

    s.screenedAt = d(2026, 4, 2); // the Thursday before Easter
    EXPECT_EQ(assessOk(s).actions[0].due, d(2026, 4, 13));
}

// --- Names and trends ----------------------------------------------------------------------------------------------

TEST(Assess, TrendBetweenLevels)
{
    EXPECT_EQ(trendBetween(std::nullopt, RiskLevel::Low), Trend::New);
    EXPECT_EQ(trendBetween(RiskLevel::Low, RiskLevel::Medium), Trend::Up);
    EXPECT_EQ(trendBetween(RiskLevel::Significant, RiskLevel::Medium), Trend::Down);
    EXPECT_EQ(trendBetween(RiskLevel::None, RiskLevel::None), Trend::Same);
    EXPECT_EQ(toString(Trend::New), "new");
    EXPECT_EQ(toString(Trend::Up), "up");
    EXPECT_EQ(toString(Trend::Down), "down");
    EXPECT_EQ(toString(Trend::Same), "same");
    EXPECT_EQ(toString(IndicatorGroup::Significant), "significant");
    EXPECT_EQ(toString(IndicatorGroup::Risk), "risk");
    EXPECT_EQ(toString(IndicatorGroup::Vulnerability), "vulnerability");
}

} // namespace
} // namespace harbour
