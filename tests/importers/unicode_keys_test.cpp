// A name typed composed ("Zoë" with U+00EB) and decomposed ("Zoe" and U+0308) is one entity:
// keys are built from NFC, folded; the stored record stays byte for byte as it arrived.
#include "harbour/importers/import_job.h"
#include "harbour/store.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace harbour {
namespace {

const std::string kComposed = "Zo\u00EB";
const std::string kDecomposed = "Zoe\u0308";

std::string report(const std::string &id, const std::string &forename)
{
    // One line each: the file is JSON Lines.
    return R"({"kind": "information_report", "id": ")" + id +
           R"(", "reported_at": "2026-03-14T16:20:00Z", "reporter": {"name": "J. Smith"}, )"
           R"("source_type": "professional", "subjects": [{"role": "victim", "name": ")" +
           forename + R"( Smith", "dob": "2011-02-03", "aliases": [")" + forename + R"("]}]})";
}

std::size_t countOf(const GraphSnapshot &snapshot, EntityType type)
{
    return static_cast<std::size_t>(std::count_if(snapshot.entities.begin(), snapshot.entities.end(),
                                                  [type](const EntityInfo &e) { return e.type == type; }));
}

TEST(UnicodeKeys, ANameComposedAndDecomposedIsOneEntityAndTheRecordsStayExact)
{
    testing::TempDir dir;
    auto store = openSqliteStore(dir / "harbour.db").value();
    const auto jsonl = dir / "reports.jsonl";
    std::ofstream(jsonl) << report("IR-U1", kComposed) << '\n' << report("IR-U2", kDecomposed) << '\n';
    const auto csv = dir / "reports.csv";
    std::ofstream(csv) << "id,reported_at,reporter_name,source_type,victim_names,victim_dobs\n"
                       << "IR-U3,2026-03-15,J. Smith,professional," << kDecomposed << " Smith,2011-02-03\n";
    const auto summary = importers::importFiles(*store, RiskPolicy::defaults(), {jsonl, csv}, {});
    ASSERT_TRUE(summary.ok()) << summary.error().toString();
    ASSERT_EQ(summary->imported, 3) << (summary->errors.empty() ? "" : summary->errors.front().toString());

    const GraphSnapshot snapshot = store->snapshot({}, *parseDate("2026-03-31")).value();
    EXPECT_EQ(countOf(snapshot, EntityType::Person), 1U);
    EXPECT_EQ(countOf(snapshot, EntityType::Alias), 1U);
    for (const EntityInfo &entity : snapshot.entities) {
        if (entity.type == EntityType::Person) {
            EXPECT_EQ(entity.label, kComposed + " Smith"); // labels are kept in NFC
        }
    }
    // What arrived is what is stored: the decomposed report keeps its combining mark.
    const auto records = store->records().value();
    ASSERT_EQ(records.size(), 3U);
    for (const auto &record : records) {
        const bool decomposed = record.id != "IR-U1";
        EXPECT_EQ(record.json.find(kDecomposed) != std::string::npos, decomposed) << record.json;
        EXPECT_EQ(record.json.find(kComposed) != std::string::npos, !decomposed) << record.json;
    }
}

} // namespace
} // namespace harbour
