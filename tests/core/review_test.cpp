#include "harbour/review.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace harbour {
namespace {

using namespace std::chrono;

Date day(int y, unsigned m, unsigned d)
{
    return Date{year{y}, month{m}, std::chrono::day{d}};
}

ReviewPolicy shippedPolicy()
{
    std::ifstream in(HARBOUR_SOURCE_DIR "/data/review-policy.json");
    std::ostringstream text;
    text << in.rdbuf();
    auto policy = ReviewPolicy::fromJson(text.str(), "review-policy.json");
    EXPECT_TRUE(policy) << (policy ? "" : policy.error().toString());
    return std::move(policy).value();
}

StoredRecord record(RecordKind kind, const std::string &id, Date at, Grading grading = {})
{
    StoredRecord r;
    r.kind = kind;
    r.id = id;
    r.at = toDateTime(at);
    r.grading = grading;
    return r;
}

TEST(ReviewPolicy, AddMonthsClampsToTheEndOfTheMonth)
{
    EXPECT_EQ(addMonths(day(2026, 1, 31), 1), day(2026, 2, 28));
    EXPECT_EQ(addMonths(day(2024, 1, 31), 1), day(2024, 2, 29));
    EXPECT_EQ(addMonths(day(2016, 2, 29), 120), day(2026, 2, 28));
    EXPECT_EQ(addMonths(day(2020, 1, 10), 72), day(2026, 1, 10));
    EXPECT_EQ(addMonths(day(2025, 11, 30), 3), day(2026, 2, 28));
}

TEST(ReviewPolicy, ShippedPolicyGivesThePeriodOfTheFirstMatchingRule)
{
    const ReviewPolicy policy = shippedPolicy();
    Grading reliable;
    reliable.source = '2';
    reliable.intelligence = 'B';
    Grading suspectedFalse = reliable;
    suspectedFalse.intelligence = 'E';
    Grading accuracyFive = reliable;
    accuracyFive.informationAccuracy = 5;
    Grading unreliableSource = reliable;
    unreliableSource.source = '3';

    EXPECT_EQ(policy.ruleFor(RecordKind::InformationReport, reliable).months, 72);
    EXPECT_EQ(policy.ruleFor(RecordKind::InformationReport, suspectedFalse).months, 12);
    EXPECT_EQ(policy.ruleFor(RecordKind::InformationReport, accuracyFive).months, 12);
    EXPECT_EQ(policy.ruleFor(RecordKind::InformationReport, unreliableSource).months, 24);
    EXPECT_EQ(policy.ruleFor(RecordKind::InformationReport, Grading{}).months, 36);
    EXPECT_EQ(policy.ruleFor(RecordKind::Screening, suspectedFalse).months, 120);
    EXPECT_EQ(policy.ruleFor(RecordKind::MissingEpisode, Grading{}).months, 120);
}

TEST(ReviewPolicy, RefusesPoliciesThatCannotBeRight)
{
    const auto error = [](const std::string &text) {
        auto policy = ReviewPolicy::fromJson(text, "p.json");
        return policy ? std::string("accepted") : policy.error().toString();
    };
    const std::string always = R"({"kind": "screening", "when": "always", "review_after_months": 6, "reason": "r"},)"
                               R"({"kind": "missing_episode", "when": "always", "review_after_months": 6, "reason": "r"})";
    EXPECT_EQ(error(R"({"version": 1, "name": "n", "rules": [)"
                    R"({"kind": "information_report", "when": "always", "review_after_months": 6, "reason": "r"},)"
                    R"({"kind": "information_report", "when": "ungraded", "review_after_months": 6, "reason": "r"},)" +
                    always + "]}"),
              "p.json: field 'rules[1].when': comes after the \"always\" rule of information_report, so it can never "
              "apply");
    EXPECT_EQ(error(R"({"version": 1, "name": "n", "rules": [)"
                    R"({"kind": "information_report", "when": "sometimes", "review_after_months": 6, "reason": "r"},)" +
                    always + "]}"),
              "p.json: field 'rules[0].when': must be one of always, suspected_false, source_not_reliable, ungraded");
    EXPECT_EQ(error(R"({"version": 1, "name": "n", "rules": [)"
                    R"({"kind": "information_report", "when": "always", "review_after_years": 6, "reason": "r"},)" +
                    always + "]}"),
              "p.json: field 'rules[0].review_after_years': unknown field (expected one of: kind, when, "
              "review_after_months, reason)");
    EXPECT_EQ(error(R"({"version": 2, "name": "n", "rules": []})"), "p.json: field 'version': must be 1");
    EXPECT_EQ(error("not json"), "p.json: not a JSON object");
}

TEST(ReviewPolicy, DueRecordsSkipOldVersionsAndCountFromTheLastReview)
{
    const ReviewPolicy policy = shippedPolicy();
    std::vector<StoredRecord> records;
    records.push_back(record(RecordKind::InformationReport, "IR-1", day(2019, 3, 1)));
    records.push_back(record(RecordKind::InformationReport, "IR-2", day(2019, 3, 1)));
    records.back().current = false; // superseded by an amendment
    records.push_back(record(RecordKind::InformationReport, "IR-3", day(2019, 3, 1)));
    std::vector<AuditEntry> audit;
    AuditEntry review;
    review.action = "review";
    review.object = reviewObject(RecordKind::InformationReport, "IR-3");
    review.at = "2023-01-05T10:00:00Z";
    audit.push_back(review);

    const auto due = reviewsDue(records, audit, policy, day(2025, 12, 31));
    ASSERT_EQ(due.size(), 1U);
    EXPECT_EQ(due[0].id, "IR-1");
    EXPECT_EQ(due[0].due, day(2022, 3, 1)); // ungraded: three years
    EXPECT_EQ(due[0].daysOverdue, 1401);

    const auto later = reviewsDue(records, audit, policy, day(2026, 1, 5));
    ASSERT_EQ(later.size(), 2U);
    EXPECT_EQ(later[1].id, "IR-3");
    EXPECT_EQ(later[1].lastReview, day(2023, 1, 5));
    EXPECT_EQ(later[1].due, day(2026, 1, 5));
    EXPECT_EQ(later[1].daysOverdue, 0);
}

} // namespace
} // namespace harbour
