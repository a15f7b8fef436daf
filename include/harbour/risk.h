#pragma once

#include "harbour/dates.h"
#include "harbour/model.h"
#include "harbour/result.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harbour {

enum class IndicatorGroup { Significant, Risk, Vulnerability };
std::string_view toString(IndicatorGroup group);

/// One line of the screening tool: its key, group and the form's own wording.
struct IndicatorInfo {
    std::string key;
    IndicatorGroup group = IndicatorGroup::Risk;
    std::string wording;
};

/// An action the threshold guidance asks for at a level, due after some working days (or no deadline).
struct ActionTemplate {
    std::string text;
    std::optional<int> workingDays;
    std::string condition; ///< empty, or a note such as "where there is no section 17/47 enquiry"
};

/// The screening policy: indicator catalogue, level rules, floors, actions and review periods.
/// Shipped as data/risk-policy.json (embedded in the binary as the default) and replaceable with --policy.
struct RiskPolicy {
    std::string name;
    std::vector<IndicatorInfo> indicators;
    int mediumRiskIndicatorCount = 3; ///< this many ticked risk indicators make "medium"
    int floorUnderAge = 13;           ///< under this age with behaviours indicating risk: never below floorLevel
    RiskLevel floorLevel = RiskLevel::Medium;
    bool learningDisabilityFloor = true;
    int adultAge = 18;                ///< from this age a screening needs additional_needs
    int additionalNeedsUntilAge = 21; ///< accepted only before this birthday
    std::map<RiskLevel, std::vector<ActionTemplate>> actions;
    std::map<RiskLevel, int> reviewAfterDays; ///< calendar days to the next review, per final level
    /// How many days after "now" a record's date may lie before the record is refused as in the
    /// future ("dates.future_tolerance_days"): clocks and time zones differ by hours, not years.
    int futureToleranceDays = 1;

    /// The catalogue entry for a key, or nullptr when the key is not in the vocabulary.
    const IndicatorInfo *indicator(std::string_view key) const;

    /// The policy shipped with Harbour (data/risk-policy.json, compiled in).
    static const RiskPolicy &defaults();
    /// Reads a policy file; errors name the file and the field.
    static Result<RiskPolicy> load(const std::filesystem::path &path);
    static Result<RiskPolicy> fromJson(std::string_view text, const std::string &origin);
};

/// A rule that fired during an assessment, in words an analyst can repeat in a meeting.
struct RuleFired {
    std::string rule;   ///< stable id: "significant_current", "significant_past", "risk_count", "any_indicator",
                        ///< "none", "floor_under_13", "floor_learning_disability", "additional_needs_18_21",
                        ///< "professional_judgement"
    std::string detail; ///< "missing_episodes is current", "under 13 with risk indicators: raised from low to medium"
    bool operator==(const RuleFired &) const = default;
};

struct Action {
    std::string text;
    std::optional<Date> due;
    std::string condition;
    bool operator==(const Action &) const = default;
};

struct Assessment {
    RiskLevel computed = RiskLevel::None; ///< steps 1-4 then floors: the tool's own result
    RiskLevel final = RiskLevel::None;    ///< computed, or the professional judgement where one is given
    std::optional<RiskLevel> floor;       ///< the floor that applied, if any
    int ageAtScreening = 0;
    std::vector<RuleFired> rules;
    std::vector<Action> actions;
    Date nextReview{};
};

/// Assesses one screening under a policy. Fails (ErrorCode::Policy or Validation, with the
/// field named) for an unknown indicator key, a date of birth after the screening date, an
/// adult without additional needs, anyone 21 or over, or a professional judgement below a
/// floor or without a reason.
Result<Assessment> assess(const Screening &screening, const RiskPolicy &policy);

/// Up, down or same against the previous final level.
enum class Trend { New, Up, Down, Same };
std::string_view toString(Trend trend);
Trend trendBetween(std::optional<RiskLevel> previous, RiskLevel current);

} // namespace harbour
