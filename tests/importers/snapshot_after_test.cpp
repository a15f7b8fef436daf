// Store::snapshotAfter: a snapshot extended by what was imported since must be the snapshot a
// fresh read gives, and anything other than an import must make it read afresh.
#include "harbour/children.h"
#include "harbour/importers/import_job.h"
#include "harbour/store.h"
#include "support/sample_data.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace harbour {
namespace {

namespace fs = std::filesystem;

const Date kAsOf = *parseDate("2026-11-28");

using harbour::testing::sampleLines;

/// Field by field, so that a failure says which part differs (the marks differ by design).
void expectSameSnapshot(const GraphSnapshot &extended, const GraphSnapshot &fresh)
{
    EXPECT_EQ(extended.asOf, fresh.asOf);
    EXPECT_TRUE(extended.records == fresh.records) << "records";
    EXPECT_EQ(extended.entities.size(), fresh.entities.size());
    EXPECT_TRUE(extended.entities == fresh.entities) << "entities";
    for (std::size_t i = 0; i < std::min(extended.entities.size(), fresh.entities.size()); ++i) {
        if (!(extended.entities[i] == fresh.entities[i])) {
            ADD_FAILURE() << "first entity that differs: " << fresh.entities[i].id << " " << fresh.entities[i].label;
            break;
        }
    }
    EXPECT_TRUE(extended.mentions == fresh.mentions) << "mentions";
    EXPECT_EQ(extended.links.size(), fresh.links.size());
    EXPECT_TRUE(extended.links == fresh.links) << "links";
    EXPECT_TRUE(extended.children == fresh.children) << "children";
    EXPECT_TRUE(extended.missing == fresh.missing) << "missing";
    EXPECT_EQ(extended.mark.lastRecord, fresh.mark.lastRecord);
    EXPECT_EQ(extended.mark.lastEntity, fresh.mark.lastEntity);
    EXPECT_EQ(extended.mark.lastAudit, fresh.mark.lastAudit);
    EXPECT_EQ(extended.mark.currentRecords, fresh.mark.currentRecords);
}

class SnapshotAfterTest : public ::testing::Test {
protected:
    void SetUp() override { m_store = openSqliteStore(m_dir / "harbour.db").value(); }

    /// Writes lines [begin, end) of a sample file into a file of its own and imports it.
    void importPart(const std::string &name, std::size_t begin, std::size_t end, importers::ImportOptions options = {})
    {
        const auto lines = sampleLines(name);
        end = std::min(end, lines.size());
        const fs::path part = m_dir / (std::to_string(m_parts++) + "-" + name);
        {
            std::ofstream out(part);
            for (std::size_t i = begin; i < end; ++i) {
                out << lines[i] << '\n';
            }
        }
        importLines(part, options);
    }
    void importLines(const fs::path &file, importers::ImportOptions options = {})
    {
        auto summary = importers::importFiles(*m_store, RiskPolicy::defaults(), {file}, options);
        ASSERT_TRUE(summary.ok()) << summary.error().toString();
        ASSERT_EQ(summary->rejected, 0) << (summary->errors.empty() ? "" : summary->errors.front().toString());
    }

    GraphSnapshot fresh() { return m_store->snapshot({}, kAsOf).value(); }
    GraphSnapshot after(const GraphSnapshot &previous, const TimeWindow &window = {}, Date asOf = kAsOf)
    {
        return m_store->snapshotAfter(previous, window, asOf).value();
    }

    /// The sample in kRounds rounds, each a slice of every file, so that later rounds name people,
    /// vehicles and places of earlier ones, screen children again and add evidence to old links.
    /// Round 0 is split: its reports come first (importFirstReports), then the rest of it.
    static constexpr std::size_t kRounds = 7;
    void importFirstReports() { importPart("reports.jsonl", 0, sampleLines("reports.jsonl").size() / kRounds); }
    void importRound(std::size_t round)
    {
        const auto slice = [&](const std::string &name) {
            const std::size_t n = sampleLines(name).size();
            return std::pair{n * round / kRounds, n * (round + 1) / kRounds};
        };
        if (round > 0) {
            importPart("reports.jsonl", slice("reports.jsonl").first, slice("reports.jsonl").second);
        }
        importPart("screenings.jsonl", slice("screenings.jsonl").first, slice("screenings.jsonl").second);
        importPart("missing.jsonl", slice("missing.jsonl").first, slice("missing.jsonl").second);
    }

    harbour::testing::TempDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_parts = 0;
};

TEST_F(SnapshotAfterTest, ImportAfterImportGivesWhatAFreshReadGives)
{
    importFirstReports();
    GraphSnapshot previous = fresh();
    int extendedRounds = 0;
    for (std::size_t round = 0; round < kRounds; ++round) {
        importRound(round);
        GraphSnapshot extended = after(previous);
        const GraphSnapshot expected = fresh();
        SCOPED_TRACE("round " + std::to_string(round));
        EXPECT_TRUE(extended.mark.extended);
        extendedRounds += extended.mark.extended ? 1 : 0;
        expectSameSnapshot(extended, expected);
        previous = std::move(extended); // extend the extended one: errors would add up
    }
    EXPECT_EQ(extendedRounds, static_cast<int>(kRounds));
    // The sample's parts that make the test worth having were exercised.
    EXPECT_GT(previous.children.size(), 50u);
    EXPECT_GT(previous.missing.size(), 50u);
    EXPECT_TRUE(std::any_of(previous.children.begin(), previous.children.end(),
                            [](const ChildRisk &c) { return c.screeningCount > 1; }));
}

TEST_F(SnapshotAfterTest, ChildRowsAfterAnImportAreWhatAFreshReadGives)
{
    importFirstReports();
    std::vector<ChildRow> previous = childRows(*m_store, kAsOf).value();
    RecordRowId lastRecord = fresh().mark.lastRecord;
    std::size_t screenedAgain = 0; // children of an earlier round screened again in a later one
    std::size_t raised = 0;        // and now at a higher level, so their row moves up
    for (std::size_t round = 0; round < kRounds; ++round) {
        importRound(round);
        std::vector<ChildRow> extended = childRowsAfter(*m_store, previous, lastRecord, kAsOf).value();
        const std::vector<ChildRow> expected = childRows(*m_store, kAsOf).value();
        SCOPED_TRACE("round " + std::to_string(round));
        ASSERT_EQ(extended.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (!(extended[i] == expected[i])) {
                ADD_FAILURE() << "first row that differs: " << i << ", " << expected[i].name << " expected, "
                              << extended[i].name << " given";
                break;
            }
        }
        for (std::size_t i = 0; i < previous.size(); ++i) {
            const auto now = std::find_if(expected.begin(), expected.end(),
                                          [&](const ChildRow &row) { return row.id == previous[i].id; });
            ASSERT_NE(now, expected.end());
            if (now->screeningCount > previous[i].screeningCount) {
                ++screenedAgain;
                raised += now->final > previous[i].final ? 1 : 0;
            }
        }
        previous = std::move(extended); // extend the extended rows: errors would add up
        lastRecord = fresh().mark.lastRecord;
    }
    EXPECT_TRUE(childRowsAfter(*m_store, previous, lastRecord, kAsOf).value() == previous) << "nothing new";
    // The sample's parts that make the test worth having were exercised.
    EXPECT_GT(previous.size(), 50u);
    EXPECT_GT(screenedAgain, 5u);
    EXPECT_GT(raised, 0u);
}

TEST_F(SnapshotAfterTest, ChildRowsAfterFollowMergesMadeBeforeTheMark)
{
    // Two screened children merged; then the one merged away is screened again. Its row is the
    // kept child's, and its history holds the screenings of both.
    const auto lines = sampleLines("screenings.jsonl");
    importPart("screenings.jsonl", 0, 40);
    const std::vector<ChildRow> before = childRows(*m_store, kAsOf).value();
    ASSERT_GE(before.size(), 2u);
    const ChildRow &kept = before[0];
    const ChildRow &folded = before[1];
    ASSERT_TRUE(m_store->merge(kept.id, folded.id, "same child").ok());
    const std::vector<ChildRow> previous = childRows(*m_store, kAsOf).value();
    const RecordRowId lastRecord = fresh().mark.lastRecord;

    const auto original = std::find_if(lines.begin(), lines.begin() + 40, [&](const std::string &line) {
        return nlohmann::json::parse(line).at("child").at("name") == folded.name;
    });
    ASSERT_NE(original, lines.begin() + 40);
    nlohmann::json again = nlohmann::json::parse(*original);
    again["id"] = "SCR-AGAIN-1";
    again["screened_at"] = "2026-11-20";
    std::ofstream(m_dir / "again.jsonl") << again.dump() << '\n';
    importLines(m_dir / "again.jsonl");

    const std::vector<ChildRow> extended = childRowsAfter(*m_store, previous, lastRecord, kAsOf).value();
    const std::vector<ChildRow> expected = childRows(*m_store, kAsOf).value();
    EXPECT_TRUE(extended == expected);
    const auto row = std::find_if(expected.begin(), expected.end(), [&](const ChildRow &r) { return r.id == kept.id; });
    ASSERT_NE(row, expected.end());
    EXPECT_EQ(row->screeningCount, kept.screeningCount + folded.screeningCount + 1);
    EXPECT_EQ(row->screeningId, "SCR-AGAIN-1");
}

TEST_F(SnapshotAfterTest, NothingNewGivesTheSameSnapshot)
{
    importPart("reports.jsonl", 0, 100);
    importPart("screenings.jsonl", 0, 50);
    const GraphSnapshot previous = fresh();
    const GraphSnapshot extended = after(previous);
    EXPECT_TRUE(extended.mark.extended);
    expectSameSnapshot(extended, previous);
}

TEST_F(SnapshotAfterTest, AnotherDayOrAWindowIsReadAfresh)
{
    importPart("reports.jsonl", 0, 100);
    importPart("screenings.jsonl", 0, 80);
    const GraphSnapshot previous = fresh();
    importPart("reports.jsonl", 100, 150);

    const Date nextWeek = *parseDate("2026-12-05");
    const GraphSnapshot later = after(previous, {}, nextWeek);
    EXPECT_FALSE(later.mark.extended);
    expectSameSnapshot(later, m_store->snapshot({}, nextWeek).value());

    const TimeWindow window{parseDate("2026-01-01"), std::nullopt};
    const GraphSnapshot windowed = after(previous, window);
    EXPECT_FALSE(windowed.mark.extended);
    expectSameSnapshot(windowed, m_store->snapshot(window, kAsOf).value());
}

TEST_F(SnapshotAfterTest, ASnapshotBuiltByHandIsNeverExtended)
{
    importPart("reports.jsonl", 0, 60);
    GraphSnapshot byHand;
    byHand.asOf = kAsOf;
    const GraphSnapshot read = after(byHand);
    EXPECT_FALSE(read.mark.extended);
    expectSameSnapshot(read, fresh());
}

TEST_F(SnapshotAfterTest, AMergeOrUnmergeSinceIsReadAfresh)
{
    importPart("reports.jsonl", 0, 150);
    GraphSnapshot previous = fresh();
    std::vector<EntityId> persons;
    for (const auto &e : previous.entities) {
        if (e.type == EntityType::Person) {
            persons.push_back(e.id);
        }
    }
    ASSERT_GE(persons.size(), 2u);
    const auto mergeId = m_store->merge(persons[0], persons[1], "same dob and school").value();
    importPart("reports.jsonl", 150, 200);
    GraphSnapshot merged = after(previous);
    EXPECT_FALSE(merged.mark.extended);
    expectSameSnapshot(merged, fresh());
    ASSERT_NE(merged.findEntity(persons[0]), nullptr);
    EXPECT_EQ(merged.findEntity(persons[0])->mergedFrom, std::vector<EntityId>{persons[1]});

    // After the merge, an import alone extends again, merged entities and all.
    importPart("reports.jsonl", 200, 260);
    GraphSnapshot extended = after(merged);
    EXPECT_TRUE(extended.mark.extended);
    expectSameSnapshot(extended, fresh());

    ASSERT_TRUE(m_store->unmerge(mergeId).ok());
    const GraphSnapshot unmerged = after(extended);
    EXPECT_FALSE(unmerged.mark.extended);
    expectSameSnapshot(unmerged, fresh());
}

TEST_F(SnapshotAfterTest, AnActionDoneSinceIsReadAfresh)
{
    importPart("reports.jsonl", 0, 100);
    importPart("screenings.jsonl", 0, 100);
    const GraphSnapshot previous = fresh();
    const auto screenings = m_store->screenings().value();
    const auto withAction = std::find_if(screenings.begin(), screenings.end(),
                                         [](const StoredScreening &s) { return !s.actions.empty(); });
    ASSERT_NE(withAction, screenings.end());
    ASSERT_TRUE(m_store->setActionStatus(withAction->actions.front().id, "done").ok());
    const GraphSnapshot read = after(previous);
    EXPECT_FALSE(read.mark.extended);
    expectSameSnapshot(read, fresh());
}

TEST_F(SnapshotAfterTest, AnAmendmentSinceIsReadAfresh)
{
    importPart("reports.jsonl", 0, 100);
    const GraphSnapshot previous = fresh();
    // The first report again, with another narrative: a new version that retires the first.
    std::string line = sampleLines("reports.jsonl").front();
    const auto narrative = line.find("\"narrative\":\"");
    ASSERT_NE(narrative, std::string::npos);
    line.insert(narrative + 13, "Amended after a call from the school. ");
    const fs::path amended = m_dir / "amended.jsonl";
    std::ofstream(amended) << line << '\n';
    importers::ImportOptions options;
    options.amend = true;
    importLines(amended, options);

    const GraphSnapshot read = after(previous);
    EXPECT_FALSE(read.mark.extended);
    expectSameSnapshot(read, fresh());
}

TEST_F(SnapshotAfterTest, ADecisionThatChangesNoDataStillExtends)
{
    importPart("reports.jsonl", 0, 100);
    const GraphSnapshot previous = fresh();
    ASSERT_TRUE(m_store->appendAudit("merge_rejected", "entities 1 and 2", "different people").ok());
    ASSERT_TRUE(m_store->appendAudit("review", "screening S-1", "reviewed at panel").ok());
    importPart("reports.jsonl", 100, 130);
    const GraphSnapshot read = after(previous);
    EXPECT_TRUE(read.mark.extended);
    expectSameSnapshot(read, fresh());
}

TEST_F(SnapshotAfterTest, ASnapshotOfAnotherDatabaseIsReadAfresh)
{
    // Another database with the same records imported in the other order: as many records and
    // audit entries, no merges; only the audit chain tells it apart.
    importPart("reports.jsonl", 0, 100);
    importPart("reports.jsonl", 100, 200);
    auto other = openSqliteStore(m_dir / "other.db").value();
    for (const char *name : {"1-reports.jsonl", "0-reports.jsonl"}) {
        ASSERT_TRUE(importers::importFiles(*other, RiskPolicy::defaults(), {m_dir / name}, {}).ok());
    }
    const GraphSnapshot ofOther = other->snapshot({}, kAsOf).value();
    const GraphSnapshot ofThis = fresh();
    ASSERT_EQ(ofOther.mark.lastAudit, ofThis.mark.lastAudit);
    ASSERT_EQ(ofOther.mark.lastRecord, ofThis.mark.lastRecord);
    ASSERT_EQ(ofOther.mark.currentRecords, ofThis.mark.currentRecords);
    ASSERT_FALSE(ofOther.records == ofThis.records);
    const GraphSnapshot read = after(ofOther);
    EXPECT_FALSE(read.mark.extended);
    expectSameSnapshot(read, ofThis);
}

TEST_F(SnapshotAfterTest, AnUnknownAuditActionIsReadAfresh)
{
    importPart("reports.jsonl", 0, 100);
    const GraphSnapshot previous = fresh();
    ASSERT_TRUE(m_store->appendAudit("something_new", "entity 1", "a change this version does not know").ok());
    const GraphSnapshot read = after(previous);
    EXPECT_FALSE(read.mark.extended);
}

} // namespace
} // namespace harbour
