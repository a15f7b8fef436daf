// `harbour import` end to end: exit codes, the summary line, per-record errors naming file, record,
// field and reason, and a database left exactly as it was by every rejected record (spec/FORMATS.md).

#include "e2e_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace harbour::testing;
using namespace harbour::testing::e2e;

// Line 1 of every bad file: a record the sample already holds, so the file is not all bad.
const std::string kUnchangedLine =
    R"({"kind":"screening","id":"SCR-E2E-001","screened_at":"2026-01-12",)"
    R"("child":{"name":"Amy Jones","dob":"2011-02-03","gender":"female","learning_disability":false,)"
    R"("additional_needs":false},"risk_indicators":["school_absence"]})";

std::vector<std::string> importArgs(const fs::path &db, std::vector<std::string> extra)
{
    std::vector<std::string> args{"import", "--db", db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

TEST(ImportE2e, ImportsTheSampleAndPrintsTheSummary)
{
    TempDir dir;
    std::vector<std::string> args = importArgs(dir / "h.db", sampleFiles());
    const CliRun run = runHarbour(dir, args);
    EXPECT_EQ(run.exit, 0) << run.err;
    EXPECT_EQ(run.out, "imported 8, unchanged 0, rejected 0\n");
    EXPECT_EQ(run.err, "");
    EXPECT_EQ(queryText(dir / "h.db", "SELECT count(*) FROM records"), "8");
    EXPECT_EQ(queryText(dir / "h.db", "SELECT count(*) FROM audit WHERE action = 'import'"), "3");
}

TEST(ImportE2e, ReimportingIdenticalRecordsChangesNothing)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);

    const CliRun again = runHarbour(dir, importArgs(db, sampleFiles()));
    EXPECT_EQ(again.exit, 0) << again.err;
    EXPECT_EQ(again.out, "imported 0, unchanged 8, rejected 0\n");
    EXPECT_EQ(again.err, "");
    EXPECT_EQ(dumpDatabase(db), before);

    // The same content in another shape (JSON Lines, keys reordered, other spacing) is still identical.
    const fs::path reshaped = dir / "reshaped.jsonl";
    std::string lines;
    for (const auto &record : nlohmann::json::parse(readText(kData / "reports.json"))) {
        lines += record.dump() + "\n";
    }
    writeText(reshaped, lines);
    const CliRun reshapedRun = runHarbour(dir, importArgs(db, {reshaped.string()}));
    EXPECT_EQ(reshapedRun.exit, 0) << reshapedRun.err;
    EXPECT_EQ(reshapedRun.out, "imported 0, unchanged 2, rejected 0\n");
    EXPECT_EQ(dumpDatabase(db), before);
}

struct BadRecord {
    const char *name;
    std::string record; ///< line 2 of the file
    std::string field;
    std::string reason;
};

void PrintTo(const BadRecord &bad, std::ostream *out)
{
    *out << bad.name;
}

class BadRecordE2e : public ::testing::TestWithParam<BadRecord> {};

TEST_P(BadRecordE2e, IsRejectedWithFileRecordFieldAndReasonAndChangesNothing)
{
    const BadRecord &bad = GetParam();
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);
    const fs::path file = dir / "bad.jsonl";
    writeText(file, kUnchangedLine + "\n" + bad.record + "\n");

    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(run.exit, 1);
    EXPECT_EQ(run.out, "imported 0, unchanged 1, rejected 1\n");
    EXPECT_EQ(run.err, "rejected: " + file.string() + ": line 2: field '" + bad.field + "': " + bad.reason + "\n");
    EXPECT_EQ(dumpDatabase(db), before);
}

const std::string kReport =
    R"("kind":"information_report","id":"IR-BAD-1","reporter":{"name":"J. Smith"},"source_type":"witnessed")";
const std::string kScreening = R"("kind":"screening","id":"SCR-BAD-1","screened_at":"2026-03-15")";

INSTANTIATE_TEST_SUITE_P(
    Contract, BadRecordE2e,
    ::testing::Values(
        BadRecord{"UnknownKind", R"({"kind":"intel_report","id":"X-1"})", "kind", "unknown kind 'intel_report'"},
        BadRecord{"MissingKind", R"({"id":"X-1","reported_at":"2026-03-14"})", "kind", "required field is missing"},
        BadRecord{"MissingRequiredField", "{" + kReport + "}", "reported_at", "required field is missing"},
        BadRecord{"MissingChildName", "{" + kScreening + R"(,"child":{"dob":"2012-01-01"}})", "child.name",
                  "required field is missing"},
        BadRecord{"NullRequiredField", "{" + kReport + R"(,"reported_at":null})", "reported_at",
                  "required field is null"},
        BadRecord{"WrongTypeList", "{" + kReport + R"(,"reported_at":"2026-03-14","phones":"07700 900123"})",
                  "phones", "expected an array of strings"},
        BadRecord{"WrongTypeObject", "{" + kScreening + R"(,"child":"Amy Jones"})", "child", "expected an object"},
        BadRecord{"WrongTypeScale", "{" + kReport + R"(,"reported_at":"2026-03-14","source_reliability":"high"})",
                  "source_reliability", R"(expected 1..5 or "dont_know")"},
        BadRecord{"WrongTypeBoolean",
                  "{" + kScreening + R"(,"child":{"name":"A B","dob":"2012-01-01","additional_needs":"yes"}})",
                  "child.additional_needs", "expected true or false"},
        BadRecord{"InvalidDateTime", "{" + kReport + R"(,"reported_at":"2026-02-30T10:00:00Z"})", "reported_at",
                  "not a valid date/time (ISO 8601)"},
        BadRecord{"InvalidScreeningDate",
                  R"({"kind":"screening","id":"SCR-BAD-1","screened_at":"15/03/2026","child":{"name":"A B"}})",
                  "screened_at", "not a valid date (YYYY-MM-DD)"},
        BadRecord{"InvalidDateOfBirth", "{" + kScreening + R"(,"child":{"name":"A B","dob":"2011-13-01"}})",
                  "child.dob", "not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)"},
        BadRecord{"DateOfBirthAfterScreening", "{" + kScreening + R"(,"child":{"name":"A B","dob":"2026-05-01"}})",
                  "child.dob", "date of birth 2026-05-01 is after the screening date 2026-03-15"},
        BadRecord{"UnknownRiskIndicator",
                  "{" + kScreening +
                      R"(,"child":{"name":"A B","dob":"2012-05-01"},"risk_indicators":["school_absence","tiktok"]})",
                  "risk_indicators[1]", "unknown indicator key 'tiktok'"},
        BadRecord{"UnknownSignificantIndicator",
                  "{" + kScreening + R"(,"child":{"name":"A B","dob":"2012-05-01"},"significant":{"parties":"current"}})",
                  "significant.parties", "unknown indicator key 'parties'"},
        BadRecord{"IndicatorInTheWrongList",
                  "{" + kScreening +
                      R"(,"child":{"name":"A B","dob":"2012-05-01"},"vulnerabilities":["missing_episodes"]})",
                  "vulnerabilities[0]",
                  "'missing_episodes' is a significant risk indicator, not a vulnerability factor"},
        BadRecord{"AdultWithoutAdditionalNeeds", "{" + kScreening + R"(,"child":{"name":"A B","dob":"2007-05-01"}})",
                  "child.additional_needs",
                  "aged 18 on the screening date 2026-03-15: a person aged 18 or over is screened only with "
                  "additional needs (additional_needs true), up to their 21st birthday"},
        BadRecord{"TwentyOneEvenWithAdditionalNeeds",
                  "{" + kScreening + R"(,"child":{"name":"A B","dob":"2005-03-15","additional_needs":true}})",
                  "child.dob",
                  "aged 21 on the screening date 2026-03-15: the screening tool applies before the 21st birthday only"},
        BadRecord{"OverrideBelowTheUnder13Floor",
                  "{" + kScreening +
                      R"(,"child":{"name":"A B","dob":"2014-01-01"},"risk_indicators":["school_absence"],)"
                      R"("professional_judgement":{"level":"low","reason":"Settled at home"}})",
                  "professional_judgement.level",
                  "professional judgement 'low' is below the floor 'medium' (under 13 with risk indicators)"},
        BadRecord{"OverrideBelowTheLearningDisabilityFloor",
                  "{" + kScreening +
                      R"(,"child":{"name":"A B","dob":"2010-01-01","learning_disability":true},)"
                      R"("risk_indicators":["school_absence"],)"
                      R"("professional_judgement":{"level":"none","reason":"Settled at home"}})",
                  "professional_judgement.level",
                  "professional judgement 'none' is below the floor 'medium' (learning disability with risk "
                  "indicators)"},
        BadRecord{"OverrideWithoutReason",
                  "{" + kScreening +
                      R"(,"child":{"name":"A B","dob":"2010-01-01"},"professional_judgement":{"level":"low"}})",
                  "professional_judgement.reason",
                  "is required: a professional judgement must give its reason"},
        BadRecord{"ConflictingReimport",
                  R"({"kind":"screening","id":"SCR-E2E-003","screened_at":"2026-04-24",)"
                  R"("child":{"name":"Lily Evans","dob":"2014-06-01"},"risk_indicators":["self_harm"]})",
                  "id",
                  "screening SCR-E2E-003 is already stored (version 1) with different content; not overwritten "
                  "(use --amend to record a new version)"}),
    [](const ::testing::TestParamInfo<BadRecord> &param) { return std::string(param.param.name); });

TEST(ImportE2e, MalformedJsonLineIsRejectedByLine)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);
    const fs::path file = dir / "broken.jsonl";
    writeText(file, kUnchangedLine + "\n" + R"({"kind":"screening","id":"SCR-BAD-1",)" + "\n");

    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(run.exit, 1);
    EXPECT_EQ(run.out, "imported 0, unchanged 1, rejected 1\n");
    const std::string prefix = "rejected: " + file.string() + ": line 2: malformed JSON: column ";
    EXPECT_EQ(run.err.substr(0, prefix.size()), prefix) << run.err;
    EXPECT_NE(run.err.find("syntax error"), std::string::npos) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_EQ(dumpDatabase(db), before);
}

TEST(ImportE2e, MalformedJsonDocumentIsRejectedWhole)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);
    const fs::path file = dir / "broken.json";
    writeText(file, "[\n" + kUnchangedLine + ",\n{\"kind\": \"screening\",\n");

    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(run.exit, 1);
    EXPECT_EQ(run.out, "imported 0, unchanged 0, rejected 1\n");
    const std::string prefix = "rejected: " + file.string() + ": malformed JSON: line ";
    EXPECT_EQ(run.err.substr(0, prefix.size()), prefix) << run.err;
    EXPECT_EQ(dumpDatabase(db), before);
}

TEST(ImportE2e, BadArrayElementIsNamedByIndex)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);
    const fs::path file = dir / "array.json";
    writeText(file, "[\n" + kUnchangedLine + ",\n" + R"({"kind":"screening","id":"SCR-BAD-1"})" + ",\n42\n]\n");

    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(run.exit, 1);
    EXPECT_EQ(run.out, "imported 0, unchanged 1, rejected 2\n");
    EXPECT_EQ(run.err, "rejected: " + file.string() + ": index 1: field 'screened_at': required field is missing\n" +
                           "rejected: " + file.string() + ": index 2: expected a JSON object\n");
    EXPECT_EQ(dumpDatabase(db), before);
}

TEST(ImportE2e, ValidRecordsOfAFileWithABadOneAreStillImported)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const fs::path file = dir / "mixed.jsonl";
    writeText(file, kUnchangedLine + "\n" +
                        R"({"kind":"screening","id":"SCR-NEW-1","screened_at":"2026-03-15",)"
                        R"("child":{"name":"New Child","dob":"2012-05-01"}})" +
                        "\n" + R"({"kind":"bogus","id":"X"})" + "\n");

    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(run.exit, 1);
    EXPECT_EQ(run.out, "imported 1, unchanged 1, rejected 1\n");
    EXPECT_EQ(run.err, "rejected: " + file.string() + ": line 3: field 'kind': unknown kind 'bogus'\n");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM records WHERE ext_id = 'SCR-NEW-1'"), "1");
}

TEST(ImportE2e, AllOrNothingRollsBackAFileWithOneBadRecord)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);
    const std::string newRecord = R"({"kind":"screening","id":"SCR-NEW-1","screened_at":"2026-03-15",)"
                                  R"("child":{"name":"New Child","dob":"2012-05-01"}})";
    const fs::path bad = dir / "one-bad.jsonl";
    writeText(bad, kUnchangedLine + "\n" + newRecord + "\n" +
                       R"({"kind":"screening","id":"SCR-BAD-1","screened_at":"2026-03-15",)"
                       R"("child":{"name":"A B","dob":"2007-05-01"}})" +
                       "\n");
    // A second, good file in the same run is a transaction of its own and still goes in.
    const fs::path good = dir / "good.jsonl";
    writeText(good, R"({"kind":"screening","id":"SCR-NEW-2","screened_at":"2026-03-15",)"
                    R"("child":{"name":"Other Child","dob":"2012-05-01"}})"
                    "\n");

    const CliRun run = runHarbour(dir, importArgs(db, {"--all-or-nothing", bad.string()}));
    EXPECT_EQ(run.exit, 1);
    EXPECT_EQ(run.out, "imported 0, unchanged 1, rejected 1 (all-or-nothing: 1 valid records not imported)\n");
    EXPECT_EQ(run.err, "rejected: " + bad.string() +
                           ": line 3: field 'child.additional_needs': aged 18 on the screening date 2026-03-15: a "
                           "person aged 18 or over is screened only with additional needs (additional_needs true), "
                           "up to their 21st birthday\n");
    EXPECT_EQ(dumpDatabase(db), before);

    const CliRun both = runHarbour(dir, importArgs(db, {"--all-or-nothing", bad.string(), good.string()}));
    EXPECT_EQ(both.exit, 1);
    EXPECT_EQ(both.out, "imported 1, unchanged 1, rejected 1 (all-or-nothing: 1 valid records not imported)\n");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM records WHERE ext_id = 'SCR-NEW-1'"), "0");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM records WHERE ext_id = 'SCR-NEW-2'"), "1");

    // The JSON summary says the same, as one document.
    const CliRun jsonRun = runHarbour(dir, importArgs(db, {"--all-or-nothing", "--json", bad.string()}));
    EXPECT_EQ(jsonRun.exit, 1);
    const auto summary = jsonRun.json();
    EXPECT_EQ(summary["imported"], 0);
    EXPECT_EQ(summary["unchanged"], 1);
    EXPECT_EQ(summary["rejected"], 1);
    EXPECT_EQ(summary["rolled_back"], 1);
    ASSERT_EQ(summary["errors"].size(), 1U);
    EXPECT_EQ(summary["errors"][0]["file"], bad.string());
    EXPECT_EQ(summary["errors"][0]["record"], "line 3");
    EXPECT_EQ(summary["errors"][0]["field"], "child.additional_needs");
    EXPECT_EQ(summary["errors"][0]["code"], "policy");
}

TEST(ImportE2e, AmendRecordsANewVersionOfAConflictingReport)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    // IR-E2E-002 again, now naming another car and no phone.
    auto report = nlohmann::json::parse(readText(kData / "reports.json"))[1];
    report["vehicles"] = nlohmann::json::array({{{"vrm", "XY34 ZZZ"}, {"colour", "red"}}});
    report.erase("phones");
    const fs::path file = dir / "amended.jsonl";
    writeText(file, report.dump() + "\n");
    const std::string before = dumpDatabase(db);

    const CliRun conflict = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(conflict.exit, 1);
    EXPECT_EQ(conflict.out, "imported 0, unchanged 0, rejected 1\n");
    EXPECT_EQ(conflict.err, "rejected: " + file.string() +
                                ": line 1: field 'id': information_report IR-E2E-002 is already stored (version 1) "
                                "with different content; not overwritten (use --amend to record a new version)\n");
    EXPECT_EQ(dumpDatabase(db), before);

    const CliRun amend = runHarbour(dir, importArgs(db, {"--amend", file.string()}));
    EXPECT_EQ(amend.exit, 0) << amend.err;
    EXPECT_EQ(amend.out, "imported 0, unchanged 0, rejected 0, amended 1\n");
    EXPECT_EQ(amend.err, "");
    // Both versions are kept verbatim; only the new one is current and contributes.
    EXPECT_EQ(queryText(db, "SELECT group_concat(version || ':' || current, ',') FROM "
                            "(SELECT * FROM records WHERE ext_id = 'IR-E2E-002' ORDER BY version)"),
              "1:0,2:1");
    EXPECT_EQ(queryText(db, "SELECT detail FROM audit WHERE action = 'amend'"),
              "version 2 from " + file.string());

    const auto entities = runHarbour(dir, {"entities", "--db", db.string(), "--json"}).json();
    const auto old = entitiesLabelled(entities, "vehicle", "AB12CDE");
    const auto added = entitiesLabelled(entities, "vehicle", "XY34ZZZ");
    const auto phone = entitiesLabelled(entities, "phone", "07700900123");
    ASSERT_EQ(old.size(), 1U);
    ASSERT_EQ(added.size(), 1U);
    ASSERT_EQ(phone.size(), 1U);
    EXPECT_EQ(old[0]["records"], 1);
    EXPECT_EQ(added[0]["records"], 1);
    EXPECT_EQ(phone[0]["records"], 1);

    // The amendment itself is now the stored content: importing it again is a no-op, with or without --amend.
    const std::string amended = dumpDatabase(db);
    const CliRun again = runHarbour(dir, importArgs(db, {"--amend", file.string()}));
    EXPECT_EQ(again.exit, 0);
    EXPECT_EQ(again.out, "imported 0, unchanged 1, rejected 0\n");
    EXPECT_EQ(dumpDatabase(db), amended);
}

TEST(ImportE2e, AmendedScreeningReplacesTheAssessment)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const fs::path file = dir / "lily.jsonl";
    writeText(file, R"({"kind":"screening","id":"SCR-E2E-003","screened_at":"2026-04-24",)"
                    R"("child":{"name":"Lily Evans","dob":"2014-06-01"},)"
                    R"("significant":{"online_grooming":"current"},"risk_indicators":["unsafe_internet"]})"
                    "\n");
    const CliRun amend = runHarbour(dir, importArgs(db, {"--amend", file.string()}));
    ASSERT_EQ(amend.exit, 0) << amend.err;

    const auto children = runHarbour(dir, {"children", "--db", db.string(), "--json", "--as-of", "2026-04-27"}).json();
    const nlohmann::json *lily = nullptr;
    for (const auto &child : children["children"]) {
        if (child["name"] == "Lily Evans") {
            lily = &child;
        }
    }
    ASSERT_NE(lily, nullptr);
    EXPECT_EQ((*lily)["final_level"], "significant");
    EXPECT_EQ((*lily)["screening_id"], "SCR-E2E-003");
    // The amended version replaces the first: one screening in force, not a history of two.
    EXPECT_EQ((*lily)["screenings"].size(), 1U);
    EXPECT_EQ((*lily)["trend"], "new");
    // Strategy meeting 5 working days after Friday 24 April 2026: Friday 1 May.
    EXPECT_EQ((*lily)["actions"][0]["due"], "2026-05-01");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM screenings s JOIN records r ON r.row_id = s.record "
                            "WHERE r.ext_id = 'SCR-E2E-003'"),
              "1");
}

TEST(ImportE2e, ProfessionalJudgementThatChangesTheLevelIsAuditedAsAnOverride)
{
    TempDir dir;
    const fs::path db = dir / "o.db";
    const fs::path file = dir / "overrides.jsonl";
    writeText(file, R"({"kind":"screening","id":"SCR-O-1","screened_at":"2026-04-24",)"
                    R"("child":{"name":"Ava Stone","dob":"2010-06-01"},"risk_indicators":["school_absence"],)"
                    R"("professional_judgement":{"level":"significant","reason":"Disclosure to nurse"}})"
                    "\n"
                    R"({"kind":"screening","id":"SCR-O-2","screened_at":"2026-04-24",)"
                    R"("child":{"name":"Ben Stone","dob":"2010-06-01"},"risk_indicators":["school_absence"],)"
                    R"("professional_judgement":{"level":"low","reason":"Agreed at panel"}})"
                    "\n");
    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    ASSERT_EQ(run.exit, 0) << run.err;
    // The first raises the level; the second confirms what was computed, which overrides nothing.
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM audit WHERE action = 'override'"), "1");
    const std::string detail = queryText(db, "SELECT object || ' | ' || detail FROM audit WHERE action = 'override'");
    EXPECT_NE(detail.find("screening SCR-O-1 | entity "), std::string::npos) << detail;
    EXPECT_NE(detail.find("raised from low to significant: Disclosure to nurse"), std::string::npos) << detail;
    const CliRun verify = runHarbour(dir, {"audit", "verify", "--db", db.string()});
    EXPECT_EQ(verify.exit, 0) << verify.out << verify.err;
}

TEST(ImportE2e, EachWarningIsReportedOnceAndTheUnknownFieldIsKept)
{
    TempDir dir;
    const fs::path db = dir / "h.db";
    const fs::path file = dir / "extra.jsonl";
    writeText(file, R"({"kind":"screening","id":"SCR-W-1","screened_at":"2026-03-15",)"
                    R"("child":{"name":"A B","dob":"2012-05-01","shoe_size":4},"colour":"blue"})"
                    "\n");

    const CliRun run = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(run.exit, 0);
    EXPECT_EQ(run.out, "imported 1, unchanged 0, rejected 0\n");
    EXPECT_EQ(run.err, "warning: " + file.string() + ": line 1: unknown field 'colour' kept verbatim\n" +
                           "warning: " + file.string() + ": line 1: unknown field 'child.shoe_size' kept verbatim\n");
    const std::string stored = queryText(db, "SELECT json FROM records WHERE ext_id = 'SCR-W-1'");
    EXPECT_EQ(nlohmann::json::parse(stored)["colour"], "blue");
    EXPECT_EQ(nlohmann::json::parse(stored)["child"]["shoe_size"], 4);

    // Unchanged on a second run, and still warned about once, in the JSON summary too.
    const CliRun again = runHarbour(dir, importArgs(db, {file.string()}));
    EXPECT_EQ(again.out, "imported 0, unchanged 1, rejected 0\n");
    EXPECT_EQ(again.err, run.err);
    const auto summary = runHarbour(dir, importArgs(db, {"--json", file.string()})).json();
    EXPECT_EQ(summary["unchanged"], 1);
    ASSERT_EQ(summary["warnings"].size(), 2U);
    EXPECT_EQ(summary["warnings"][0]["file"], file.string());
    EXPECT_EQ(summary["warnings"][0]["record"], "line 1");
    EXPECT_EQ(summary["warnings"][0]["message"], "unknown field 'colour' kept verbatim");
}

TEST(ImportE2e, UsageAndFatalErrorsExitTwo)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    const std::string before = dumpDatabase(db);
    const std::string sample = sampleFiles().front();

    EXPECT_EQ(runHarbour(dir, {"import", sample}).exit, 2);                               // no --db
    EXPECT_EQ(runHarbour(dir, {"import", "--db", db.string()}).exit, 2);                 // no path
    EXPECT_EQ(runHarbour(dir, {"import", "--db", db.string(), "--bogus", sample}).exit, 2); // unknown option
    EXPECT_EQ(runHarbour(dir, {"import", "--db", db.string(), "--policy", (dir / "none.json").string(), sample}).exit,
              2);

    const CliRun missing = runHarbour(dir, {"import", "--db", db.string(), (dir / "absent.jsonl").string()});
    EXPECT_EQ(missing.exit, 2);
    EXPECT_EQ(missing.out, "");
    EXPECT_EQ(missing.err, "harbour: " + (dir / "absent.jsonl").string() + ": no such file\n");

    const fs::path text = dir / "notes.txt";
    writeText(text, "just some notes\n");
    const CliRun unsupported = runHarbour(dir, {"import", "--db", db.string(), text.string()});
    EXPECT_EQ(unsupported.exit, 2);
    EXPECT_EQ(unsupported.err,
              "harbour: " + text.string() + ": not a format Harbour imports (JSON, JSON Lines or CSV)\n");

    EXPECT_EQ(dumpDatabase(db), before);
    EXPECT_EQ(runHarbour(dir, {}).exit, 2);
    EXPECT_EQ(runHarbour(dir, {"frobnicate"}).exit, 2);
}

} // namespace
