// `harbour audit` and `harbour audit verify` through the binary: the listing, and tampering of
// every kind the chain can see (an edited row, a deleted row) and the kind only an anchor can
// (the newest entries cut off).
#include "e2e_support.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace harbour::testing::e2e {
namespace {

/// Runs SQL against the database behind Harbour's back, as someone with file access could:
/// the append-only triggers are dropped first (they stop mistakes, not an attacker).
void tamper(const fs::path &db, const std::string &sql)
{
    const std::string statements = "DROP TRIGGER audit_is_append_only_update; "
                                   "DROP TRIGGER audit_is_append_only_delete; " +
                                   sql;
    sqlite3 *handle = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
    char *message = nullptr;
    EXPECT_EQ(sqlite3_exec(handle, statements.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(handle);
}

class AuditE2e : public ::testing::Test {
protected:
    void SetUp() override { m_db = importSample(m_dir); }

    CliRun verify(std::vector<std::string> extra = {}) const
    {
        std::vector<std::string> args{"audit", "verify", "--db", m_db.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return runHarbour(m_dir, args);
    }

    TempDir m_dir;
    fs::path m_db;
};

TEST_F(AuditE2e, TheAppendOnlyTriggersRefuseAnOrdinaryEdit)
{
    sqlite3 *handle = nullptr;
    ASSERT_EQ(sqlite3_open(m_db.c_str(), &handle), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(handle, "UPDATE audit SET detail = 'x' WHERE seq = 1", nullptr, nullptr, nullptr),
              SQLITE_CONSTRAINT);
    EXPECT_EQ(sqlite3_exec(handle, "DELETE FROM audit", nullptr, nullptr, nullptr), SQLITE_CONSTRAINT);
    sqlite3_close(handle);
    EXPECT_EQ(verify().exit, 0);
}

TEST_F(AuditE2e, ListsEveryImportWithItsHashChain)
{
    const auto listing = runHarbour(m_dir, {"audit", "--db", m_db.string(), "--json"});
    ASSERT_EQ(listing.exit, 0) << listing.err;
    const auto document = listing.json();
    // Three files, and the one screening whose professional judgement overrides its level.
    ASSERT_EQ(document.at("entries").size(), 4U);
    std::string previous;
    for (const auto &entry : document.at("entries")) {
        EXPECT_TRUE(entry.at("action") == "import" || entry.at("action") == "override") << entry.dump();
        EXPECT_EQ(entry.at("prev_hash"), previous);
        EXPECT_EQ(entry.at("hash").get<std::string>().size(), 64U);
        previous = entry.at("hash");
    }
    const auto filtered = runHarbour(m_dir, {"audit", "--db", m_db.string(), "--action", "merge", "--json"});
    EXPECT_TRUE(filtered.json().at("entries").empty());
}

TEST_F(AuditE2e, VerifyPrintsTheHeadAndAcceptsItAsAnAnchor)
{
    const auto run = verify({"--json"});
    ASSERT_EQ(run.exit, 0) << run.err;
    const auto document = run.json();
    EXPECT_EQ(document.at("ok"), true);
    EXPECT_EQ(document.at("head").at("seq"), 4);
    const std::string head = document.at("head").at("hash");
    EXPECT_EQ(verify({"--anchor", head}).exit, 0);
    const auto text = verify();
    EXPECT_NE(text.out.find("audit chain intact: 4 entries verified"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(head), std::string::npos) << text.out;
}

TEST_F(AuditE2e, AnEditedEntryFailsNamingIt)
{
    tamper(m_db, "UPDATE audit SET detail = '0 imported' WHERE seq = 2");
    const auto run = verify();
    EXPECT_EQ(run.exit, 1);
    EXPECT_NE(run.err.find("entry 2"), std::string::npos) << run.err;
}

TEST_F(AuditE2e, ADeletedEntryFailsNamingTheNextOne)
{
    tamper(m_db, "DELETE FROM audit WHERE seq = 1");
    const auto run = verify();
    EXPECT_EQ(run.exit, 1);
    EXPECT_NE(run.err.find("entry 2"), std::string::npos) << run.err;
}

TEST_F(AuditE2e, CuttingOffTheNewestEntriesIsCaughtOnlyByAnAnchor)
{
    const std::string head = verify({"--json"}).json().at("head").at("hash");
    tamper(m_db, "DELETE FROM audit WHERE seq = 4");
    EXPECT_EQ(verify().exit, 0) << "what is left is a sound chain";
    const auto anchored = verify({"--anchor", head});
    EXPECT_EQ(anchored.exit, 1);
    EXPECT_NE(anchored.err.find("is not in the audit log"), std::string::npos) << anchored.err;
}

} // namespace
} // namespace harbour::testing::e2e
