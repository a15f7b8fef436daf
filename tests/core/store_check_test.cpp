#include "harbour/hash.h"
#include "harbour/store.h"
#include "harbour/store_check.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/stat.h>

#include <fstream>

namespace harbour {
namespace {

using testing::TempDir;

SourceRecord report(const std::string &id, const std::string &text)
{
    InformationReport body;
    body.id = id;
    body.reportedAt = *parseDateTime("2026-03-14T16:20:00Z");
    SourceRecord record;
    record.kind = RecordKind::InformationReport;
    record.id = id;
    record.json = R"({"id":")" + id + R"(","narrative":")" + text + R"("})";
    record.contentHash = sha256Hex(record.json);
    record.file = "reports.jsonl";
    record.location = "line 1";
    record.body = std::move(body);
    return record;
}

void execute(const std::filesystem::path &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
}

unsigned modeOf(const std::filesystem::path &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 07777U : 0U;
}

class StoreCheckTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto store = openSqliteStore(m_db);
        ASSERT_TRUE(store) << store.error().toString();
        ASSERT_TRUE((*store)->begin());
        ASSERT_TRUE((*store)->insertRecord(report("IR-1", "first"), 1));
        ASSERT_TRUE((*store)->insertRecord(report("IR-2", "second"), 1));
        ASSERT_TRUE((*store)->insertRecord(report("IR-2", "second, amended"), 2));
        ASSERT_TRUE((*store)->appendAudit("import", "reports.jsonl", "3 imported"));
        ASSERT_TRUE((*store)->commit());
    }

    StoreCheck check()
    {
        auto store = openSqliteStore(m_db);
        EXPECT_TRUE(store);
        return checkStore(**store);
    }

    TempDir m_dir;
    std::filesystem::path m_db = m_dir / "check.db";
};

TEST_F(StoreCheckTest, ASoundStoreIsIntact)
{
    const StoreCheck result = check();
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result.records, 3) << "every version is re-hashed";
    EXPECT_EQ(result.auditEntries, 1U);
    EXPECT_EQ(result.summary(), "intact: 3 records, 1 audit entry, integrity ok");
    auto store = openSqliteStore(m_db);
    ASSERT_TRUE(store);
    const auto quick = quickCheck(**store);
    ASSERT_TRUE(quick);
    EXPECT_TRUE(quick->empty());
}

TEST_F(StoreCheckTest, ARecordWhoseTextNoLongerMatchesItsHashIsNamed)
{
    execute(m_db, "UPDATE records SET json = replace(json, 'first', 'fir5t') WHERE ext_id = 'IR-1'");
    execute(m_db, "UPDATE records SET content_hash = 'x' || substr(content_hash, 2) WHERE ext_id = 'IR-2' AND "
                  "version = 1");
    const StoreCheck result = check();
    EXPECT_FALSE(result.ok());
    EXPECT_TRUE(result.fileProblems.empty());
    ASSERT_EQ(result.damagedRecords.size(), 2U);
    EXPECT_EQ(result.damagedRecords[0].id, "IR-1");
    EXPECT_EQ(result.damagedRecords[0].kind, "information_report");
    EXPECT_EQ(result.damagedRecords[0].version, 1);
    EXPECT_NE(result.damagedRecords[0].reason.find("content hash"), std::string::npos);
    EXPECT_EQ(result.damagedRecords[1].id, "IR-2");
    EXPECT_EQ(result.damagedRecords[1].version, 1) << "the old version, not the current one";
    EXPECT_EQ(result.summary(), "damaged: 2 damaged records (3 records, 1 audit entry checked)");
}

TEST_F(StoreCheckTest, AnEditedAuditEntryIsReported)
{
    execute(m_db, "DROP TRIGGER audit_is_append_only_update; UPDATE audit SET detail = '0 imported'");
    const StoreCheck result = check();
    EXPECT_FALSE(result.ok());
    EXPECT_TRUE(result.damagedRecords.empty());
    EXPECT_NE(result.auditProblem.find("entry 1 was altered"), std::string::npos) << result.auditProblem;
}

TEST_F(StoreCheckTest, MakingPrivateNarrowsTheDatabaseAndItsJournalsButFollowsNoLink)
{
    const auto wal = std::filesystem::path(m_db.string() + "-wal");
    const auto journal = std::filesystem::path(m_db.string() + "-journal");
    const auto elsewhere = m_dir / "someone-elses-file";
    std::ofstream(wal) << "";
    std::ofstream(elsewhere) << "not the database's";
    std::filesystem::create_symlink(elsewhere, journal);
    ASSERT_EQ(::chmod(m_db.c_str(), 0644), 0);
    ASSERT_EQ(::chmod(wal.c_str(), 0666), 0);
    ASSERT_EQ(::chmod(elsewhere.c_str(), 0644), 0);
    EXPECT_TRUE(databaseIsShared(m_db));
    EXPECT_EQ(sharedMode(m_db), 0644U);
    EXPECT_EQ(octalMode(0644), "0644");

    const auto changed = makeDatabasePrivate(m_db);
    ASSERT_TRUE(changed) << changed.error().toString();
    EXPECT_EQ(*changed, (std::vector<std::filesystem::path>{m_db, wal}));
    EXPECT_EQ(modeOf(m_db), 0600U);
    EXPECT_EQ(modeOf(wal), 0600U);
    EXPECT_EQ(modeOf(elsewhere), 0644U) << "a link beside the database is not followed";
    EXPECT_FALSE(databaseIsShared(m_db));

    ASSERT_EQ(::chmod(m_db.c_str(), 0444), 0);
    ASSERT_TRUE(makeDatabasePrivate(m_db));
    EXPECT_EQ(modeOf(m_db), 0400U) << "a database kept read-only stays read-only";
    EXPECT_TRUE(makeDatabasePrivate(m_db)->empty());
}

} // namespace
} // namespace harbour
