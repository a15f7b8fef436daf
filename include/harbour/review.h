#pragma once

#include "harbour/dates.h"
#include "harbour/model.h"
#include "harbour/result.h"
#include "harbour/store.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harbour {

/// When a review rule applies to a record, judged on the record's grading.
enum class ReviewCondition {
    Always,            ///< "always": every record of the kind
    SuspectedFalse,    ///< "suspected_false": intelligence E or information accuracy 5
    SourceNotReliable, ///< "source_not_reliable": source 3 or source reliability 5
    Ungraded,          ///< "ungraded": neither a source nor an intelligence grade
};

std::string_view toString(ReviewCondition condition);

struct ReviewRule {
    RecordKind kind = RecordKind::InformationReport;
    ReviewCondition when = ReviewCondition::Always;
    int months = 72;    ///< the record is due for review this long after it was recorded or last reviewed
    std::string reason; ///< shown with every record the rule makes due
};

/// Review periods in the manner of the College of Policing's Management of Police Information
/// (MoPI): every record is reviewed a set time after it was recorded, and after each review,
/// to decide whether it is still necessary, accurate and adequate. The periods are data
/// (data/review-policy.json, docs/trust.md); for each kind the first rule whose condition holds
/// gives the period, and every kind ends with an "always" rule.
class ReviewPolicy {
public:
    /// Parses a policy; unknown fields, unknown kinds or conditions and a kind without an
    /// "always" rule are errors naming `file` and the field.
    static Result<ReviewPolicy> fromJson(std::string_view text, const std::string &file);
    static Result<ReviewPolicy> load(const std::filesystem::path &path);
    /// The shipped data/review-policy.json, looked for where the tactics catalogue is
    /// (tacticsSearchPath()). NotFound when it is nowhere.
    static Result<ReviewPolicy> shipped();

    const std::string &name() const { return m_name; }
    const std::vector<ReviewRule> &rules() const { return m_rules; }
    /// The first rule of the record's kind whose condition holds for its grading.
    const ReviewRule &ruleFor(RecordKind kind, const Grading &grading) const;

private:
    std::string m_name;
    std::vector<ReviewRule> m_rules;
};

/// One record that is due for review.
struct ReviewDue {
    RecordRowId rowId = 0;
    RecordKind kind = RecordKind::InformationReport;
    std::string id;
    Grading grading;
    Date recorded{};                ///< the record's own date (reported, screened, went missing)
    std::optional<Date> lastReview; ///< the latest review the audit log holds for it
    Date due{};
    int daysOverdue = 0; ///< 0 when due on the day itself
    const ReviewRule *rule = nullptr;
};

/// The audit object a review of a record is logged under: "<kind> <id>", as amendments are.
std::string reviewObject(RecordKind kind, const std::string &id);

/// Current records whose review date is on or before `asOf`, most overdue first (then by kind
/// and id). A "review" entry in the audit log for a record restarts its period on that day.
/// Time complexity: O(R log R + A) for R records and A audit entries. `policy` must outlive the result.
std::vector<ReviewDue> reviewsDue(const std::vector<StoredRecord> &records, const std::vector<AuditEntry> &audit,
                                  const ReviewPolicy &policy, Date asOf);

/// `date` plus whole months; a day past the end of the month becomes its last day (31 January
/// plus one month is 28 or 29 February).
Date addMonths(Date date, int months);

} // namespace harbour
