#include "harbour/importers/importer.h"

#include "importers/import_test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using harbour::ErrorCode;
using harbour::InformationReport;
using harbour::RecordKind;
using harbour::importers::findSupportingImporter;
using harbour::importers::ImportBatch;
using harbour::importers::ImportSink;
using harbour::test::importerData;
using ::testing::HasSubstr;

namespace {

ImportBatch readFile(const std::string &relative)
{
    const auto path = importerData(relative);
    const auto *importer = findSupportingImporter(path);
    EXPECT_NE(importer, nullptr);
    EXPECT_EQ(importer->name(), relative.ends_with(".csv") ? "csv" : "json");
    auto batch = importer->readAll(path);
    EXPECT_TRUE(batch.ok()) << batch.error().toString();
    return batch.ok() ? std::move(batch).value() : ImportBatch{};
}

void expectRejected(const harbour::Error &error, const std::string &file, const std::string &record,
                    const std::string &field, const std::string &message, ErrorCode code = ErrorCode::Validation)
{
    EXPECT_EQ(error.code, code);
    EXPECT_EQ(error.file, importerData(file).string());
    EXPECT_EQ(error.record, record);
    EXPECT_EQ(error.field, field);
    EXPECT_EQ(error.message, message);
}

} // namespace

TEST(JsonImporter, ReadsASingleObject)
{
    const auto batch = readFile("good/report.json");
    ASSERT_EQ(batch.records.size(), 1u);
    EXPECT_TRUE(batch.rejected.empty());
    EXPECT_EQ(batch.records[0].id, "IR-2026-000123");
    EXPECT_EQ(batch.records[0].location, "");
    EXPECT_EQ(batch.records[0].file, importerData("good/report.json").string());
    const auto &ir = std::get<InformationReport>(batch.records[0].body);
    EXPECT_THAT(ir.extracted.vrms, ::testing::ElementsAre("KX08YTR", "AB12CDE"));
}

TEST(JsonImporter, ReadsEachKindAsASingleObject)
{
    EXPECT_EQ(readFile("good/screening.json").records.at(0).kind, RecordKind::Screening);
    EXPECT_EQ(readFile("good/missing_episode.json").records.at(0).kind, RecordKind::MissingEpisode);
}

TEST(JsonImporter, ReadsAnArrayWithIndexLocations)
{
    const auto batch = readFile("good/mixed_array.json");
    ASSERT_EQ(batch.records.size(), 3u);
    EXPECT_TRUE(batch.rejected.empty());
    EXPECT_EQ(batch.records[0].location, "index 0");
    EXPECT_EQ(batch.records[1].kind, RecordKind::Screening);
    EXPECT_EQ(batch.records[2].location, "index 2");
    EXPECT_EQ(batch.records[2].kind, RecordKind::MissingEpisode);
}

TEST(JsonImporter, ReadsJsonLinesSkippingBlankLines)
{
    const auto batch = readFile("good/reports.jsonl");
    ASSERT_EQ(batch.records.size(), 3u);
    EXPECT_EQ(batch.records[0].location, "line 1");
    EXPECT_EQ(batch.records[1].location, "line 3"); // line 2 is blank; line 3 ends in CRLF
    EXPECT_EQ(batch.records[2].location, "line 4");
    ASSERT_EQ(batch.warnings.size(), 1u);
    EXPECT_EQ(batch.warnings[0].record, "line 4");
    EXPECT_EQ(batch.warnings[0].message, "unknown field 'nickname' kept verbatim");
    EXPECT_EQ(batch.records[2].warnings.size(), 1u);
}

TEST(JsonImporter, DetectsJsonLinesInAJsonFile)
{
    const auto batch = readFile("good/lines_named_json.json");
    ASSERT_EQ(batch.records.size(), 2u);
    EXPECT_EQ(batch.records[1].location, "line 2");
}

TEST(JsonImporter, StripsAByteOrderMark)
{
    const auto lines = readFile("good/bom.jsonl");
    ASSERT_EQ(lines.records.size(), 1u);
    EXPECT_EQ(lines.records[0].id, "SCR-2026-000045");
    const auto document = readFile("good/bom.json");
    ASSERT_EQ(document.records.size(), 1u);
    EXPECT_EQ(document.records[0].id, "MISS-2026-0007");
}

TEST(JsonImporter, RejectsAMalformedLineAndReadsTheRest)
{
    const auto batch = readFile("errors/malformed_line.jsonl");
    ASSERT_EQ(batch.records.size(), 2u);
    EXPECT_EQ(batch.records[1].location, "line 3");
    ASSERT_EQ(batch.rejected.size(), 1u);
    const auto &error = batch.rejected[0];
    EXPECT_EQ(error.code, ErrorCode::Parse);
    EXPECT_EQ(error.file, importerData("errors/malformed_line.jsonl").string());
    EXPECT_EQ(error.record, "line 2");
    EXPECT_EQ(error.field, "");
    EXPECT_EQ(error.message,
              "malformed JSON: column 29: syntax error while parsing value - invalid literal; last read: '\"id\": x'");
}

TEST(JsonImporter, RejectsAMalformedDocumentAsOneError)
{
    const auto batch = readFile("errors/malformed.json");
    EXPECT_TRUE(batch.records.empty());
    ASSERT_EQ(batch.rejected.size(), 1u);
    EXPECT_EQ(batch.rejected[0].code, ErrorCode::Parse);
    EXPECT_EQ(batch.rejected[0].record, "");
    EXPECT_THAT(batch.rejected[0].message, HasSubstr("malformed JSON: line 6, column 1: syntax error"));
}

TEST(JsonImporter, RejectsAnUnknownKind)
{
    const auto batch = readFile("errors/unknown_kind.jsonl");
    ASSERT_EQ(batch.rejected.size(), 1u);
    expectRejected(batch.rejected[0], "errors/unknown_kind.jsonl", "line 1", "kind", "unknown kind 'bar'");
}

TEST(JsonImporter, RejectsAMissingRequiredField)
{
    const auto batch = readFile("errors/missing_field.json");
    ASSERT_EQ(batch.records.size(), 1u);
    ASSERT_EQ(batch.rejected.size(), 1u);
    expectRejected(batch.rejected[0], "errors/missing_field.json", "index 1", "screened_at",
                   "required field is missing");
}

TEST(JsonImporter, RejectsAWrongType)
{
    const auto batch = readFile("errors/wrong_type.jsonl");
    ASSERT_EQ(batch.rejected.size(), 1u);
    expectRejected(batch.rejected[0], "errors/wrong_type.jsonl", "line 1", "subjects[1].dob", "expected a string");
}

TEST(JsonImporter, RejectsAnInvalidDate)
{
    const auto batch = readFile("errors/invalid_date.jsonl");
    ASSERT_EQ(batch.rejected.size(), 1u);
    expectRejected(batch.rejected[0], "errors/invalid_date.jsonl", "line 1", "screened_at",
                   "not a valid date (YYYY-MM-DD)");
}

TEST(JsonImporter, RejectsAnUnknownIndicatorKey)
{
    const auto batch = readFile("errors/unknown_indicator.json");
    EXPECT_TRUE(batch.records.empty());
    ASSERT_EQ(batch.rejected.size(), 1u);
    expectRejected(batch.rejected[0], "errors/unknown_indicator.json", "", "risk_indicators[1]",
                   "unknown indicator key 'foo'");
}

TEST(JsonImporter, RejectsBadEnums)
{
    const auto batch = readFile("errors/bad_enum.jsonl");
    ASSERT_EQ(batch.rejected.size(), 2u);
    expectRejected(batch.rejected[0], "errors/bad_enum.jsonl", "line 1", "grading.intelligence",
                   "expected one of A, B, C, D, E");
    expectRejected(batch.rejected[1], "errors/bad_enum.jsonl", "line 2", "source_type",
                   "unknown value 'rumour'; expected one of witnessed, professional, member_of_public");
}

TEST(JsonImporter, FailsOnAMissingFile)
{
    const auto *importer = findSupportingImporter("nowhere.jsonl");
    ASSERT_NE(importer, nullptr);
    const auto batch = importer->readAll(importerData("good/nowhere.jsonl"));
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.error().code, ErrorCode::Io);
}

TEST(JsonImporter, StopsWhenTheSinkSaysSo)
{
    const auto path = importerData("good/reports.jsonl");
    int seen = 0;
    ImportSink sink;
    sink.record = [&seen](harbour::SourceRecord &&) { return ++seen < 2; };
    ASSERT_TRUE(findSupportingImporter(path)->read(path, sink).ok());
    EXPECT_EQ(seen, 2);

    const auto array = importerData("good/mixed_array.json");
    seen = 0;
    ASSERT_TRUE(findSupportingImporter(array)->read(array, sink).ok());
    EXPECT_EQ(seen, 2);
}

TEST(JsonImporter, ReportsProgressInBytes)
{
    const auto path = importerData("good/reports.jsonl");
    std::uint64_t lastDone = 0;
    std::uint64_t lastTotal = 0;
    ImportSink sink;
    sink.progress = [&](std::uint64_t done, std::uint64_t total) {
        lastDone = done;
        lastTotal = total;
    };
    ASSERT_TRUE(findSupportingImporter(path)->read(path, sink).ok());
    EXPECT_EQ(lastTotal, std::filesystem::file_size(path));
    EXPECT_EQ(lastDone, lastTotal);
}

TEST(JsonImporter, ReportsProgressOfASmallFileInSteps)
{
    // About 400 KB: under the largest step (4 MiB), which would move the bar only at the end.
    std::ifstream in(importerData("good/reports.jsonl"));
    const std::string lines((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto path = std::filesystem::temp_directory_path() / "harbour_importers_progress.jsonl";
    {
        std::ofstream out(path);
        for (int i = 0; i < 100; ++i) {
            out << lines;
        }
    }
    std::vector<std::uint64_t> done;
    ImportSink sink;
    sink.progress = [&](std::uint64_t bytes, std::uint64_t) { done.push_back(bytes); };
    ASSERT_TRUE(findSupportingImporter(path)->read(path, sink).ok());
    const auto size = std::filesystem::file_size(path);
    std::filesystem::remove(path);
    ASSERT_FALSE(done.empty());
    EXPECT_EQ(done.back(), size);
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
    EXPECT_GE(done.size(), 20U) << "progress reported only " << done.size() << " times";
    EXPECT_LE(done.size(), 102U);
}

TEST(JsonImporter, TreatsAnEmptyFileAsNoRecords)
{
    const auto path = std::filesystem::temp_directory_path() / "harbour_importers_empty.jsonl";
    std::ofstream(path) << "\n\n";
    const auto batch = findSupportingImporter(path)->readAll(path);
    ASSERT_TRUE(batch.ok());
    EXPECT_TRUE(batch->records.empty());
    EXPECT_TRUE(batch->rejected.empty());
    ASSERT_EQ(batch->warnings.size(), 1u);
    EXPECT_EQ(batch->warnings[0].message, "the file holds no records");
    std::filesystem::remove(path);
}

TEST(JsonImporter, RejectsADocumentThatIsNotAnObject)
{
    const auto path = std::filesystem::temp_directory_path() / "harbour_importers_scalar.json";
    std::ofstream(path) << "42\n";
    const auto batch = findSupportingImporter(path)->readAll(path);
    ASSERT_TRUE(batch.ok());
    ASSERT_EQ(batch->rejected.size(), 1u);
    EXPECT_EQ(batch->rejected[0].message, "expected a JSON object or an array of objects");
    std::filesystem::remove(path);
}

TEST(JsonImporter, ReadsJsonLinesWhoseFirstLineIsBroken)
{
    const auto path = std::filesystem::temp_directory_path() / "harbour_importers_broken_first.json";
    std::ofstream(path) << "{\"kind\": \"screening\", \"id\": \n"
                        << R"({"kind": "missing_episode", "id": "M-1", "child": {"name": "Amy"}, )"
                        << R"("went_missing_at": "2026-03-10T19:00:00Z"})" << "\n";
    const auto batch = findSupportingImporter(path)->readAll(path);
    ASSERT_TRUE(batch.ok());
    ASSERT_EQ(batch->records.size(), 1u);
    EXPECT_EQ(batch->records[0].location, "line 2");
    ASSERT_EQ(batch->rejected.size(), 1u);
    EXPECT_EQ(batch->rejected[0].record, "line 1");
    EXPECT_EQ(batch->rejected[0].code, ErrorCode::Parse);
    std::filesystem::remove(path);
}

TEST(JsonImporter, RejectsNonObjectArrayElementsByIndex)
{
    const auto path = std::filesystem::temp_directory_path() / "harbour_importers_scalars.json";
    std::ofstream(path) << R"([3, {"kind": "missing_episode", "id": "M-1", "child": {"name": "Amy"}, )"
                        << R"("went_missing_at": "2026-03-10T19:00:00Z"}])";
    const auto batch = findSupportingImporter(path)->readAll(path);
    ASSERT_TRUE(batch.ok());
    ASSERT_EQ(batch->records.size(), 1u);
    EXPECT_EQ(batch->records[0].location, "index 1");
    ASSERT_EQ(batch->rejected.size(), 1u);
    EXPECT_EQ(batch->rejected[0].record, "index 0");
    EXPECT_EQ(batch->rejected[0].message, "expected a JSON object");
    std::filesystem::remove(path);
}
