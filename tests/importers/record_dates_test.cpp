// Well-formed but impossible dates: before 1900, further in the future than the policy allows,
// or a date of birth after the record's own date. Every date field of every record kind, read
// by both importers, is refused with the file, the record, the field and the reason.
#include "harbour/importers/import_job.h"
#include "harbour/record_dates.h"
#include "harbour/store.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace harbour {
namespace {

using nlohmann::json;

/// Every case judges dates against this moment, whatever day the tests run on.
const DateTime kNow = *parseDateTime("2026-03-20T12:00:00Z");

json report()
{
    return json::parse(R"({
      "kind": "information_report", "id": "IR-D", "reported_at": "2026-03-14T16:20:00Z",
      "reporter": {"name": "J. Smith", "agency": "Health"}, "source_type": "professional",
      "subjects": [{"role": "victim", "name": "Amy Jones", "dob": "2011-02-03"}],
      "incidents": [{"at": "2026-03-12T22:30:00Z", "description": "seen outside"}]
    })");
}

json screening()
{
    return json::parse(R"({
      "kind": "screening", "id": "SCR-D", "screened_at": "2026-03-15",
      "child": {"name": "Amy Jones", "dob": "2011-02-03"}, "risk_indicators": ["school_absence"]
    })");
}

json missing()
{
    return json::parse(R"({
      "kind": "missing_episode", "id": "MISS-D", "child": {"name": "Amy Jones", "dob": "2011-02"},
      "went_missing_at": "2026-03-10T19:00:00Z", "returned_at": "2026-03-11T02:15:00Z",
      "found_with": [{"name": "Tariq Khan", "dob": "2001-06-01"}],
      "return_interview": {"held_at": "2026-03-12", "summary": "Would not say"}
    })");
}

struct DateCase {
    json record;
    std::string field;
    std::string message;
};

json with(json record, const std::string &pointer, const json &value)
{
    record[json::json_pointer(pointer)] = value;
    return record;
}

json without(json record, const std::string &key)
{
    record.erase(key);
    return record;
}

class RecordDates : public ::testing::Test {
protected:
    void SetUp() override { m_store = openSqliteStore(m_dir / "harbour.db").value(); }

    importers::ImportSummary import(const std::string &name, const std::string &text,
                                    const RiskPolicy &policy = RiskPolicy::defaults())
    {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << text;
        importers::ImportOptions options;
        options.now = kNow;
        auto summary = importers::importFiles(*m_store, policy, {path}, options);
        EXPECT_TRUE(summary.ok()) << summary.error().toString();
        return summary.ok() ? *summary : importers::ImportSummary{};
    }

    testing::TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

TEST_F(RecordDates, EveryDateFieldOfEveryKindIsCheckedInJson)
{
    const std::string before = "is before 1900-01-01: not a date a record can hold";
    const std::string future = "is in the future: later than 2026-03-21T12:00:00Z (now plus the risk policy's "
                               "dates.future_tolerance_days, 1 day)";
    const std::vector<DateCase> cases = {
        {with(report(), "/reported_at", "0000-01-01"), "reported_at", "0000-01-01 " + before},
        {with(report(), "/reported_at", "9999-12-31"), "reported_at", "9999-12-31T00:00:00Z " + future},
        {with(report(), "/reported_at", "2026-03-22T00:00:00Z"), "reported_at", "2026-03-22T00:00:00Z " + future},
        {with(report(), "/incidents/0/at", "2099-01-01T00:00:00Z"), "incidents[0].at", "2099-01-01T00:00:00Z " + future},
        {with(report(), "/incidents/0/at", "1850-01-01"), "incidents[0].at", "1850-01-01 " + before},
        {with(report(), "/subjects/0/dob", "2090"), "subjects[0].dob", "date of birth 2090 " + future},
        {with(report(), "/subjects/0/dob", "1899-12"), "subjects[0].dob", "date of birth 1899-12 " + before},
        {with(report(), "/subjects/0/dob", "2026-03-15"), "subjects[0].dob",
         "date of birth 2026-03-15 is after the report date 2026-03-14"},
        {with(screening(), "/screened_at", "2099-01-01"), "screened_at", "2099-01-01 " + future},
        {with(screening(), "/screened_at", "0001-01-01"), "screened_at", "0001-01-01 " + before},
        {with(screening(), "/child/dob", "2090-05-06"), "child.dob", "date of birth 2090-05-06 " + future},
        {with(screening(), "/child/dob", "2026-03-16"), "child.dob",
         "date of birth 2026-03-16 is after the screening date 2026-03-15"},
        {with(without(missing(), "returned_at"), "/went_missing_at", "2099-05-01T00:00:00Z"), "went_missing_at",
         "2099-05-01T00:00:00Z " + future},
        {with(missing(), "/went_missing_at", "1000-05-01T00:00:00Z"), "went_missing_at", "1000-05-01 " + before},
        {with(missing(), "/returned_at", "9999-01-01T00:00:00Z"), "returned_at", "9999-01-01T00:00:00Z " + future},
        {with(missing(), "/return_interview/held_at", "1066-10-14"), "return_interview.held_at",
         "1066-10-14 " + before},
        {with(missing(), "/return_interview/held_at", "2027-01-01"), "return_interview.held_at",
         "2027-01-01 " + future},
        {with(missing(), "/child/dob", "2026-03-15"), "child.dob",
         "date of birth 2026-03-15 is after the date the child went missing 2026-03-10"},
        {with(missing(), "/found_with/0/dob", "2030"), "found_with[0].dob", "date of birth 2030 " + future},
    };
    std::string text;
    for (const auto &c : cases) {
        text += c.record.dump() + "\n";
    }
    const auto summary = import("dates.jsonl", text);
    EXPECT_EQ(summary.imported, 0);
    ASSERT_EQ(summary.errors.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        SCOPED_TRACE(cases[i].field);
        const Error &error = summary.errors[i];
        EXPECT_EQ(error.code, ErrorCode::Validation);
        EXPECT_EQ(error.file, (m_dir / "dates.jsonl").string());
        EXPECT_EQ(error.record, "line " + std::to_string(i + 1));
        EXPECT_EQ(error.field, cases[i].field);
        EXPECT_EQ(error.message, cases[i].message);
    }
    EXPECT_TRUE(m_store->snapshot({}, toDate(kNow)).value().records.empty());
}

TEST_F(RecordDates, PossibleDatesAtTheEdgesAreKept)
{
    const std::vector<json> records = {
        report(), screening(), missing(),
        // Within the day's tolerance, on the first possible day, born on the record's own day.
        with(with(report(), "/id", "IR-D2"), "/reported_at", "2026-03-21T12:00:00Z"),
        with(with(with(report(), "/id", "IR-D3"), "/reported_at", "1900-01-01"), "/subjects", json::array()),
        with(with(screening(), "/id", "SCR-D2"), "/child/dob", "2026-03-15"),
        // A year of birth alone is possible when its first day is not after the record's date.
        with(with(missing(), "/id", "MISS-D2"), "/child/dob", "2026"),
    };
    std::string text;
    for (const auto &record : records) {
        text += record.dump() + "\n";
    }
    const auto summary = import("fine.jsonl", text);
    EXPECT_EQ(summary.rejected, 0) << (summary.errors.empty() ? "" : summary.errors.front().toString());
    EXPECT_EQ(summary.imported, static_cast<std::int64_t>(records.size()));
}

TEST_F(RecordDates, TheCsvImporterRefusesThemAlike)
{
    const std::string text =
        "kind,id,reported_at,reporter_name,source_type,victim_names,victim_dobs,screened_at,child_name,child_dob,"
        "went_missing_at,return_interview_held_at\n"
        "information_report,IR-C1,0000-01-01,J. Smith,professional,,,,,,,\n"
        "information_report,IR-C2,2026-03-14,J. Smith,professional,Amy Jones,2090,,,,,\n"
        "screening,SCR-C1,,,,,,9999-12-31,Amy Jones,2011-02-03,,\n"
        "missing_episode,MISS-C1,,,,,,,Amy Jones,2011-02-03,2099-05-01T00:00:00Z,\n"
        "missing_episode,MISS-C2,,,,,,,Amy Jones,2011-02-03,2026-03-10T19:00:00Z,1899-01-01\n";
    const auto summary = import("dates.csv", text);
    EXPECT_EQ(summary.imported, 0);
    ASSERT_EQ(summary.errors.size(), 5U);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"reported_at", "0000-01-01 is before 1900-01-01"},
        {"subjects[0].dob", "date of birth 2090 is in the future"},
        {"screened_at", "9999-12-31 is in the future"},
        {"went_missing_at", "2099-05-01T00:00:00Z is in the future"},
        {"return_interview.held_at", "1899-01-01 is before 1900-01-01"},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(summary.errors[i].record, "row " + std::to_string(i + 1));
        EXPECT_EQ(summary.errors[i].field, expected[i].first);
        EXPECT_EQ(summary.errors[i].message.rfind(expected[i].second, 0), 0U) << summary.errors[i].message;
    }
}

TEST_F(RecordDates, TheFutureToleranceIsThePolicys)
{
    const std::string line = with(report(), "/reported_at", "2026-04-10").dump() + "\n";
    // The default policy allows a day; the test's stricter local policy allows thirty.
    const auto refused = import("soon.jsonl", line);
    ASSERT_EQ(refused.rejected, 1);
    EXPECT_EQ(refused.errors.front().field, "reported_at");
    const RiskPolicy lenient = RiskPolicy::load(std::string(HARBOUR_TEST_DATA_DIR) + "/policy/strict.json").value();
    const auto kept = import("soon.jsonl", line, lenient);
    EXPECT_EQ(kept.rejected, 0) << (kept.errors.empty() ? "" : kept.errors.front().toString());
    EXPECT_EQ(kept.imported, 1);
}

TEST(RecordDateLimits, TheLimitsFollowNowAndTheTolerance)
{
    const DateLimits limits = dateLimitsAt(kNow, 3);
    EXPECT_EQ(formatDateTime(limits.latest), "2026-03-23T12:00:00Z");
    EXPECT_EQ(formatDate(limits.earliest), "1900-01-01");
    EXPECT_EQ(limits.toleranceDays, 3);
}

} // namespace
} // namespace harbour
