#include "harbour/importers/importer.h"

#include "importers/import_test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using harbour::ErrorCode;
using harbour::InformationReport;
using harbour::Recency;
using harbour::Screening;
using harbour::SubjectRole;
using harbour::importers::findSupportingImporter;
using harbour::importers::ImportBatch;
using harbour::test::importerData;
using ::testing::ElementsAre;

namespace {

ImportBatch readCsv(const std::filesystem::path &path)
{
    const auto *importer = findSupportingImporter(path);
    EXPECT_NE(importer, nullptr);
    EXPECT_EQ(importer->name(), "csv");
    auto batch = importer->readAll(path);
    EXPECT_TRUE(batch.ok()) << batch.error().toString();
    return batch.ok() ? std::move(batch).value() : ImportBatch{};
}

/// Writes `text` to a temporary .csv file that is removed with the object.
class TempCsv {
public:
    explicit TempCsv(const std::string &text)
        : m_path(std::filesystem::temp_directory_path()
                 / ("harbour_csv_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".csv"))
    {
        std::ofstream(m_path, std::ios::binary) << text;
    }
    ~TempCsv() { std::filesystem::remove(m_path); }
    const std::filesystem::path &path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace

TEST(CsvImporter, ReadsInformationReports)
{
    const auto batch = readCsv(importerData("good/reports.csv"));
    ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].toString();
    ASSERT_EQ(batch.records.size(), 2u);
    const auto &record = batch.records[0];
    EXPECT_EQ(record.location, "row 1");
    EXPECT_EQ(record.id, "IR-CSV-1");
    const auto &ir = std::get<InformationReport>(record.body);
    EXPECT_EQ(ir.reporter.name, "J. Smith");
    EXPECT_EQ(ir.grading.sourceReliability, 2);
    EXPECT_EQ(ir.grading.intelligence, 'B');
    ASSERT_EQ(ir.subjects.size(), 3u);
    EXPECT_EQ(ir.subjects[0].role, SubjectRole::Victim);
    EXPECT_EQ(ir.subjects[0].name, "Amy Jones");
    EXPECT_THAT(ir.subjects[0].aliases, ElementsAre("AJ", "Ames"));
    EXPECT_EQ(ir.subjects[0].dob, (harbour::PartialDate{2011, 2, 3}));
    EXPECT_EQ(ir.subjects[1].name, "Beth Smith");
    EXPECT_TRUE(ir.subjects[1].aliases.empty());
    EXPECT_EQ(ir.subjects[1].dob, (harbour::PartialDate{2010, 0, 0}));
    EXPECT_EQ(ir.subjects[2].role, SubjectRole::Perpetrator);
    EXPECT_EQ(ir.subjects[2].name, std::nullopt);
    EXPECT_THAT(ir.subjects[2].aliases, ElementsAre("Taz"));
    ASSERT_EQ(ir.vehicles.size(), 2u);
    EXPECT_EQ(ir.vehicles[0].vrm, "AB12 CDE");
    EXPECT_EQ(ir.vehicles[1].colour, "black");
    EXPECT_TRUE(ir.vehicles[1].partial);
    EXPECT_EQ(ir.premises[0].address, "14 High Street, Dudley DY1 1AA");
    EXPECT_THAT(ir.phones, ElementsAre("07700 900123", "+44 7700 900124"));
    ASSERT_EQ(ir.accounts.size(), 2u);
    EXPECT_EQ(ir.accounts[1].service, "instagram");
    EXPECT_EQ(ir.accounts[1].handle, "taz.b");
    ASSERT_EQ(ir.incidents.size(), 1u);
    EXPECT_THAT(ir.extracted.vrms, ElementsAre("AB12CDE"));
    EXPECT_EQ(ir.narrative, "She said \"Taz\" drives, multi-line\nnarrative with =SUM(A1) kept");
    // The unknown column is kept as a field and reported where it has a value.
    EXPECT_TRUE(record.warnings.empty());
    EXPECT_THAT(batch.records[1].warnings, ElementsAre("unknown field 'notes' kept verbatim"));
    ASSERT_EQ(batch.warnings.size(), 1u);
    EXPECT_EQ(batch.warnings[0].record, "row 2");
    EXPECT_EQ(nlohmann::json::parse(batch.records[1].json).at("notes"), "checked");
}

TEST(CsvImporter, KeepsFormulaLikeCellsAsData)
{
    const auto batch = readCsv(importerData("good/reports.csv"));
    ASSERT_EQ(batch.records.size(), 2u);
    EXPECT_EQ(batch.records[1].location, "row 2");
    EXPECT_EQ(std::get<InformationReport>(batch.records[1].body).narrative, "=cmd|calc");
}

TEST(CsvImporter, ReadsScreeningsWithCrlfAndAKindColumn)
{
    const auto batch = readCsv(importerData("good/screenings.csv"));
    ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].toString();
    ASSERT_EQ(batch.records.size(), 2u);
    const auto &s = std::get<Screening>(batch.records[0].body);
    EXPECT_EQ(s.child.name, "Amy Jones");
    EXPECT_FALSE(s.child.learningDisability);
    EXPECT_EQ(s.significant.at("missing_episodes"), Recency::Current);
    EXPECT_EQ(s.significant.at("vehicles_unknown_adults"), Recency::Current);
    EXPECT_EQ(s.significant.at("hotels_taxis_takeaways"), Recency::Past);
    EXPECT_THAT(s.riskIndicators, ElementsAre("school_absence", "alcohol_misuse", "phone_concern"));
    EXPECT_EQ(s.professionalJudgement->reason, "Disclosure to nurse");
    // The blank line is skipped and not counted.
    EXPECT_EQ(batch.records[1].location, "row 2");
    EXPECT_TRUE(std::get<Screening>(batch.records[1].body).child.learningDisability);
}

TEST(CsvImporter, RejectsRowsWithMismatchedQuotesAndReadsTheRest)
{
    const auto path = importerData("errors/mismatched_quotes.csv");
    const auto batch = readCsv(path);
    ASSERT_EQ(batch.records.size(), 2u);
    EXPECT_EQ(batch.records[0].id, "SCR-Q-1");
    EXPECT_EQ(batch.records[1].id, "SCR-Q-4");
    ASSERT_EQ(batch.rejected.size(), 2u);
    EXPECT_EQ(batch.rejected[0].code, ErrorCode::Parse);
    EXPECT_EQ(batch.rejected[0].file, path.string());
    EXPECT_EQ(batch.rejected[0].record, "row 2");
    EXPECT_EQ(batch.rejected[0].field, "child_name");
    EXPECT_EQ(batch.rejected[0].message,
              "unexpected text after a closing quote (mismatched quotes) (row starts on line 3)");
    EXPECT_EQ(batch.rejected[1].record, "row 3");
    EXPECT_EQ(batch.rejected[1].field, "reason");
    EXPECT_EQ(batch.rejected[1].message, "quote inside an unquoted cell (mismatched quotes) (row starts on line 4)");
}

TEST(CsvImporter, RecoversFromAQuoteThatNeverCloses)
{
    const auto path = importerData("errors/unclosed_quote.csv");
    const auto batch = readCsv(path);
    ASSERT_EQ(batch.rejected.size(), 1u);
    EXPECT_EQ(batch.rejected[0].record, "row 1");
    EXPECT_EQ(batch.rejected[0].field, "child_name");
    EXPECT_EQ(batch.rejected[0].message, "quoted cell is not closed (mismatched quotes) (row starts on line 2)");
    ASSERT_EQ(batch.records.size(), 1u);
    EXPECT_EQ(batch.records[0].id, "SCR-U-2");
    EXPECT_EQ(batch.records[0].location, "row 2");
}

TEST(CsvImporter, RejectsBadCellsWithTheJsonFieldPath)
{
    const auto path = importerData("errors/bad_rows.csv");
    const auto batch = readCsv(path);
    EXPECT_TRUE(batch.records.empty());
    ASSERT_EQ(batch.rejected.size(), 4u);
    EXPECT_EQ(batch.rejected[0].record, "row 1");
    EXPECT_EQ(batch.rejected[0].field, "screened_at");
    EXPECT_EQ(batch.rejected[0].message, "not a valid date (YYYY-MM-DD)");
    EXPECT_EQ(batch.rejected[1].field, "risk_indicators[1]");
    EXPECT_EQ(batch.rejected[1].message, "unknown indicator key 'foo'");
    EXPECT_EQ(batch.rejected[2].field, "child.learning_disability");
    EXPECT_EQ(batch.rejected[2].message, "expected true or false");
    EXPECT_EQ(batch.rejected[3].record, "row 4");
    EXPECT_EQ(batch.rejected[3].message, "row has 6 cells but the header has 5");
}

TEST(CsvImporter, RejectsListsThatDoNotLineUp)
{
    TempCsv csv("id,reported_at,reporter_name,source_type,victim_names,victim_dobs\n"
                "IR-1,2026-03-14,J. Smith,professional,Amy;Beth,2011-02-03\n");
    const auto batch = readCsv(csv.path());
    ASSERT_EQ(batch.rejected.size(), 1u);
    EXPECT_EQ(batch.rejected[0].code, ErrorCode::Validation);
    EXPECT_EQ(batch.rejected[0].field, "victim_dobs");
    EXPECT_EQ(batch.rejected[0].message,
              "has 1 entries separated by ';' but the row has 2 victims; leave an entry empty to skip it");
}

TEST(CsvImporter, RejectsAnIndicatorBothCurrentAndPast)
{
    TempCsv csv("id,screened_at,child_name,significant_current,significant_past\n"
                "S-1,2026-03-15,Amy,missing_episodes,missing_episodes\n");
    const auto batch = readCsv(csv.path());
    ASSERT_EQ(batch.rejected.size(), 1u);
    EXPECT_EQ(batch.rejected[0].field, "significant_past");
    EXPECT_EQ(batch.rejected[0].message, "'missing_episodes' is listed as both current and past");
}

TEST(CsvImporter, ReadsMissingEpisodes)
{
    TempCsv csv("id,went_missing_at,returned_at,child_name,child_dob,found_at_name,found_with_names,"
                "found_with_aliases,reported_to_police\n"
                "M-1,2026-03-10T19:00:00Z,2026-03-11T02:15:00Z,Amy Jones,2011,Flat,;Sam,Taz;,yes\n");
    const auto batch = readCsv(csv.path());
    ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].toString();
    ASSERT_EQ(batch.records.size(), 1u);
    const auto &m = std::get<harbour::MissingEpisode>(batch.records[0].body);
    ASSERT_EQ(m.foundWith.size(), 2u);
    EXPECT_EQ(m.foundWith[0].name, std::nullopt);
    EXPECT_THAT(m.foundWith[0].aliases, ElementsAre("Taz"));
    EXPECT_EQ(m.foundWith[1].name, "Sam");
    EXPECT_EQ(m.reportedToPolice, true);
}

TEST(CsvImporter, FailsWithoutAKindToGoOn)
{
    TempCsv csv("id,name\nX-1,Amy\n");
    const auto batch = findSupportingImporter(csv.path())->readAll(csv.path());
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.error().record, "header");
    EXPECT_EQ(batch.error().message,
              "cannot tell the record kind: add a 'kind' column, or a reported_at, screened_at or "
              "went_missing_at column");
}

TEST(CsvImporter, FailsOnADuplicateColumn)
{
    TempCsv csv("id,screened_at,ID\nX-1,2026-03-15,X-2\n");
    const auto batch = findSupportingImporter(csv.path())->readAll(csv.path());
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.error().message, "column 'id' appears twice in the header");
}

TEST(CsvImporter, StripsAByteOrderMark)
{
    TempCsv csv("\xEF\xBB\xBFid,screened_at,child_name\r\nS-1,2026-03-15,Amy\r\n");
    const auto batch = readCsv(csv.path());
    ASSERT_EQ(batch.records.size(), 1u);
    EXPECT_EQ(batch.records[0].id, "S-1");
}

TEST(CsvImporter, RejectsAnUnknownKindCell)
{
    TempCsv csv("kind,id\nbar,X-1\n");
    const auto batch = readCsv(csv.path());
    ASSERT_EQ(batch.rejected.size(), 1u);
    EXPECT_EQ(batch.rejected[0].field, "kind");
    EXPECT_EQ(batch.rejected[0].message, "unknown kind 'bar'");
}

TEST(CsvImporter, ReadsWindows1252CellsAsText)
{
    // "Zoë" and a curly apostrophe as Excel writes them in plain "CSV".
    TempCsv csv("id,screened_at,child_name,reason\nS-1,2026-03-15,Zo\xEB O\x92Neil,ok\n");
    const auto batch = readCsv(csv.path());
    ASSERT_EQ(batch.records.size(), 1u);
    EXPECT_EQ(std::get<Screening>(batch.records[0].body).child.name, "Zo\xC3\xAB O\xE2\x80\x99Neil");
    ASSERT_EQ(batch.warnings.size(), 1u);
    EXPECT_EQ(batch.warnings[0].record, "row 1");
    EXPECT_EQ(batch.warnings[0].message, "cells that are not UTF-8 were read as Windows-1252 (Excel's \"CSV\")");
}
