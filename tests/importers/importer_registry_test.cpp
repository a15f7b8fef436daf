#include "harbour/importers/importer.h"

#include "importers/import_test_support.h"

#include <gtest/gtest.h>

#include <fstream>

using harbour::importers::findSupportingImporter;
using harbour::importers::importers;
using harbour::test::importerData;

TEST(ImporterRegistry, HoldsJsonAndCsv)
{
    ASSERT_EQ(importers().size(), 2u);
    EXPECT_EQ(importers()[0]->name(), "json");
    EXPECT_EQ(importers()[1]->name(), "csv");
}

TEST(ImporterRegistry, ChoosesByExtensionInAnyCase)
{
    EXPECT_EQ(findSupportingImporter("a.json")->name(), "json");
    EXPECT_EQ(findSupportingImporter("a.JSONL")->name(), "json");
    EXPECT_EQ(findSupportingImporter("a.ndjson")->name(), "json");
    EXPECT_EQ(findSupportingImporter("a.Csv")->name(), "csv");
    EXPECT_EQ(findSupportingImporter("missing.txt"), nullptr);
}

TEST(ImporterRegistry, SniffsFilesWithoutAKnownExtension)
{
    const auto dir = std::filesystem::temp_directory_path();
    const auto json = dir / "harbour_sniff_json.txt";
    const auto csv = dir / "harbour_sniff_csv.txt";
    const auto other = dir / "harbour_sniff_other.txt";
    std::ofstream(json) << "\xEF\xBB\xBF  \n[{\"kind\": \"screening\"}]";
    std::ofstream(csv) << "id,screened_at\nS-1,2026-03-15\n";
    std::ofstream(other) << "just some notes\n";
    EXPECT_EQ(findSupportingImporter(json)->name(), "json");
    EXPECT_EQ(findSupportingImporter(csv)->name(), "csv");
    EXPECT_EQ(findSupportingImporter(other), nullptr);
    std::filesystem::remove(json);
    std::filesystem::remove(csv);
    std::filesystem::remove(other);
}
