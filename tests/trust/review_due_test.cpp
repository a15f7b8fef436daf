// `harbour review-due` and `harbour review-done` end to end: which records the shipped MoPI-style
// policy makes due on a day, in which order and why, and how a recorded review restarts the period.

#include "trust_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

std::string report(const std::string &id, const std::string &at, const std::string &grading)
{
    return R"({"kind": "information_report", "id": ")" + id + R"(", "reported_at": ")" + at +
           R"(", "reporter": {"name": "J. Smith"}, "source_type": "professional")" + grading + "}\n";
}

class ReviewDue : public ::testing::Test {
protected:
    void SetUp() override
    {
        const fs::path input = m_scratch / "records.jsonl";
        writeFile(input,
                  // 2/B/P, six years: due 2026-01-10
                  report("IR-R-1", "2020-01-10T09:00:00Z", R"(, "grading": {"source": "2", "intelligence": "B", "handling": "P"})") +
                      // suspected false, one year: due 2026-01-01
                      report("IR-R-2", "2025-01-01", R"(, "grading": {"source": "2", "intelligence": "E", "handling": "P"})") +
                      // source not reliable, two years, handling C: due 2026-06-15
                      report("IR-R-3", "2024-06-15", R"(, "grading": {"source": "3", "intelligence": "C", "handling": "C"})") +
                      // ungraded, three years: due 2027-03-31, not yet
                      report("IR-R-4", "2024-03-31", "") +
                      // 2/B/P recorded this year: not due for six years
                      report("IR-R-5", "2026-01-01", R"(, "grading": {"source": "2", "intelligence": "B", "handling": "P"})") +
                      // a screening on 29 February 2016: ten years later is 28 February 2026
                      R"({"kind": "screening", "id": "SCR-R-1", "screened_at": "2016-02-29", "child": {"name": "Amy Jones", "dob": "2005-01-01"}, "risk_indicators": ["school_absence"]})"
                      "\n"
                      // a missing episode: ten years, due 2027-05-31, not yet
                      R"({"kind": "missing_episode", "id": "MISS-R-1", "child": {"name": "Amy Jones", "dob": "2005-01-01"}, "went_missing_at": "2017-05-31T20:00:00Z"})"
                      "\n");
        const auto run = harbour({"import", "--db", m_db.string(), input.string()});
        ASSERT_EQ(run.exit, 0) << run.err;
    }

    ProcessRun harbour(const std::vector<std::string> &args) { return runProcess(kHarbour, args, m_scratch.path()); }

    TempDir m_scratch;
    fs::path m_db = m_scratch / "review.db";
};

TEST_F(ReviewDue, ListsRecordsPastTheirReviewDateMostOverdueFirstWithTheRule)
{
    const auto run = harbour({"review-due", "--db", m_db.string(), "--as-of", "2026-07-01", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto document = nlohmann::json::parse(run.out);
    EXPECT_EQ(document.at("as_of"), "2026-07-01");
    EXPECT_EQ(document.at("policy"), "Harbour default: MoPI-style review periods");
    ASSERT_EQ(document.at("count"), 4);
    const auto &due = document.at("due");
    std::vector<std::string> ids;
    for (const auto &item : due) {
        ids.push_back(item.at("id"));
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"IR-R-2", "IR-R-1", "SCR-R-1", "IR-R-3"}));

    EXPECT_EQ(due[0].at("due"), "2026-01-01");
    EXPECT_EQ(due[0].at("rule").at("when"), "suspected_false");
    EXPECT_EQ(due[0].at("rule").at("review_after_months"), 12);
    EXPECT_EQ(due[1].at("recorded"), "2020-01-10");
    EXPECT_EQ(due[1].at("due"), "2026-01-10");
    EXPECT_EQ(due[1].at("rule").at("when"), "always");
    EXPECT_EQ(due[1].at("last_review"), nullptr);
    EXPECT_EQ(due[2].at("kind"), "screening");
    EXPECT_EQ(due[2].at("due"), "2026-02-28") << "29 February plus ten years is the last day of February";
    EXPECT_EQ(due[3].at("due"), "2026-06-15");
    EXPECT_EQ(due[3].at("days_overdue"), 16);
    EXPECT_EQ(due[3].at("rule").at("when"), "source_not_reliable");
    EXPECT_EQ(due[3].at("grading").at("conditions_apply"), true);
}

TEST_F(ReviewDue, TableMarksHandlingCodeCAndSaysHowToRecordAReview)
{
    const auto run = harbour({"review-due", "--db", m_db.string(), "--as-of", "2026-07-01"});
    ASSERT_EQ(run.exit, 0) << run.err;
    EXPECT_NE(run.out.find("IR-R-3"), std::string::npos);
    EXPECT_NE(run.out.find("3/C/C [C]"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("[C] handling code C: conditions apply"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("4 records are due for review on 2026-07-01"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("harbour review-done"), std::string::npos);
}

TEST_F(ReviewDue, NothingIsDueBeforeTheFirstDate)
{
    const auto run = harbour({"review-due", "--db", m_db.string(), "--as-of", "2025-12-31"});
    ASSERT_EQ(run.exit, 0) << run.err;
    EXPECT_NE(run.out.find("no record is due for review on 2025-12-31"), std::string::npos) << run.out;
}

TEST_F(ReviewDue, ARecordedReviewRestartsThePeriodAndIsAudited)
{
    const auto done = harbour({"review-done", "--db", m_db.string(), "IR-R-1", "--note", "kept: still relevant"});
    ASSERT_EQ(done.exit, 0) << done.err;
    EXPECT_NE(done.out.find("review of information_report IR-R-1 recorded"), std::string::npos) << done.out;

    const auto run = harbour({"review-due", "--db", m_db.string(), "--as-of", "2026-07-01", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto document = nlohmann::json::parse(run.out);
    for (const auto &item : document.at("due")) {
        EXPECT_NE(item.at("id"), "IR-R-1") << "reviewed today: next due in six years";
    }
    const std::string entry = Database(m_db).one("SELECT action || ' ' || object || ' ' || detail FROM audit "
                                                 "WHERE action = 'review'");
    EXPECT_EQ(entry, "review information_report IR-R-1 kept: still relevant");
}

TEST_F(ReviewDue, RefusesUnknownRecordsAndBadPolicies)
{
    auto run = harbour({"review-done", "--db", m_db.string(), "IR-NOPE", "--note", "x"});
    EXPECT_EQ(run.exit, 2);
    EXPECT_NE(run.err.find("IR-NOPE: no record with this id"), std::string::npos) << run.err;

    const fs::path policy = m_scratch / "policy.json";
    writeFile(policy, R"({"version": 1, "name": "ours", "rules": [)"
                      R"({"kind": "information_report", "when": "always", "review_after_months": 0, "reason": "x"}]})");
    run = harbour({"review-due", "--db", m_db.string(), "--policy", policy.string()});
    EXPECT_EQ(run.exit, 2);
    EXPECT_NE(run.err.find("field 'rules[0].review_after_months': must be a whole number of months, 1 to 1200"),
              std::string::npos)
        << run.err;

    writeFile(policy, R"({"version": 1, "name": "ours", "rules": [)"
                      R"({"kind": "information_report", "when": "always", "review_after_months": 6, "reason": "x"}]})");
    run = harbour({"review-due", "--db", m_db.string(), "--policy", policy.string()});
    EXPECT_EQ(run.exit, 2);
    EXPECT_NE(run.err.find("needs an \"always\" rule for screening"), std::string::npos) << run.err;
}

TEST_F(ReviewDue, AReplacementPolicyChangesThePeriods)
{
    const fs::path policy = m_scratch / "policy.json";
    writeFile(policy, R"({"version": 1, "name": "every month", "rules": [)"
                      R"({"kind": "information_report", "when": "always", "review_after_months": 1, "reason": "monthly"},)"
                      R"({"kind": "screening", "when": "always", "review_after_months": 1, "reason": "monthly"},)"
                      R"({"kind": "missing_episode", "when": "always", "review_after_months": 1, "reason": "monthly"}]})");
    const auto run =
        harbour({"review-due", "--db", m_db.string(), "--policy", policy.string(), "--as-of", "2026-07-01", "--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto document = nlohmann::json::parse(run.out);
    EXPECT_EQ(document.at("policy"), "every month");
    EXPECT_EQ(document.at("count"), 7);
}

} // namespace
} // namespace harbour::testing::trust
