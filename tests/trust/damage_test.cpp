// Damage inside the database file is found and named: `harbour check` runs SQLite's integrity
// check, re-hashes every stored record against its content hash and verifies the audit chain;
// `import` refuses to add to a file whose structure is damaged. The damage is done for real:
// through SQL behind Harbour's back, and by changing bytes of the file itself.

#include "trust_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

std::string report(const std::string &id, const std::string &date, const std::string &narrative)
{
    return R"({"kind":"information_report","id":")" + id + R"(","reported_at":")" + date +
           R"(T10:00:00Z","reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},)"
           R"("source_type":"professional","grading":{"source":"1","intelligence":"A","handling":"P"},)"
           R"("subjects":[{"role":"victim","name":"Amy Jones","dob":"2011-02-03"},)"
           R"({"role":"perpetrator","name":"Mo Khan","dob":"1990-01-01"}],"narrative":")" +
           narrative + R"("})";
}

/// `text` with the only occurrence of `from` replaced by `to` (same length): a byte-level edit.
std::string replaceOnce(const std::string &text, const std::string &from, const std::string &to)
{
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from << " occurs more than once";
    EXPECT_EQ(from.size(), to.size());
    std::string out = text;
    out.replace(at, from.size(), to);
    return out;
}

class Damage : public ::testing::Test {
protected:
    void SetUp() override
    {
        writeFile(m_scratch / "reports.jsonl",
                  report("IR-1", "2026-03-01", "Seen at the park.") + "\n" +
                      report("IR-2", "2026-03-05", "Collected by a silver car QUIETMARKER.") + "\n" +
                      report("IR-3", "2026-03-09", "Seen again at the park.") + "\n");
        const auto run = harbour({"import", "--db", m_db.string(), (m_scratch / "reports.jsonl").string()});
        ASSERT_EQ(run.exit, 0) << run.err;
    }

    ProcessRun harbour(const std::vector<std::string> &args) { return runProcess(kHarbour, args, m_scratch.path()); }
    nlohmann::json checkJson()
    {
        const auto run = harbour({"check", "--db", m_db.string(), "--json"});
        EXPECT_EQ(run.exit, 1) << run.out << run.err;
        return nlohmann::json::parse(run.out);
    }

    TempDir m_scratch;
    fs::path m_db = m_scratch / "damage.db";
};

TEST_F(Damage, ASoundDatabaseChecksIntactInOneLine)
{
    const auto run = harbour({"check", "--db", m_db.string()});
    EXPECT_EQ(run.exit, 0) << run.out << run.err;
    EXPECT_EQ(run.out, "intact: 3 records, 1 audit entry, integrity ok\n");
    const auto json = harbour({"check", "--db", m_db.string(), "--json"});
    ASSERT_EQ(json.exit, 0) << json.err;
    const auto document = nlohmann::json::parse(json.out);
    EXPECT_EQ(document.at("ok"), true);
    EXPECT_TRUE(document.at("integrity").empty());
    EXPECT_EQ(document.at("records"), 3);
    EXPECT_TRUE(document.at("damaged_records").empty());
    EXPECT_EQ(document.at("audit").at("ok"), true);
    EXPECT_EQ(document.at("audit").at("entries"), 1);
}

TEST_F(Damage, ARecordChangedThroughSqlIsNamed)
{
    {
        Database db(m_db);
        db.rows("UPDATE records SET json = replace(json, 'silver', 'golden') WHERE ext_id = 'IR-2'");
    }
    const auto run = harbour({"check", "--db", m_db.string()});
    EXPECT_EQ(run.exit, 1) << run.out << run.err;
    EXPECT_NE(run.out.find("damaged record: information_report IR-2 (version 1, row 2): its text does not match the "
                           "content hash stored with it"),
              std::string::npos)
        << run.out;
    EXPECT_EQ(run.out.find("IR-1"), std::string::npos) << "only the changed record is named";
    EXPECT_NE(run.err.find(m_db.string()), std::string::npos) << run.err;

    const auto document = checkJson();
    EXPECT_EQ(document.at("ok"), false);
    EXPECT_TRUE(document.at("integrity").empty()) << "the file's structure is sound; only the content changed";
    ASSERT_EQ(document.at("damaged_records").size(), 1U);
    EXPECT_EQ(document.at("damaged_records")[0].at("id"), "IR-2");
    EXPECT_EQ(document.at("damaged_records")[0].at("kind"), "information_report");
    EXPECT_EQ(document.at("audit").at("ok"), true);
}

TEST_F(Damage, BytesChangedInTheFileAreFoundByTheIntegrityCheckAndTheHashes)
{
    std::string bytes = readFile(m_db);
    // Inside the record's own text, and inside its entry in the records_current index, where
    // its id is followed by its date (nowhere else are the two side by side).
    bytes = replaceOnce(bytes, "QUIETMARKER", "QUIETMARKEX");
    bytes = replaceOnce(bytes, "IR-22026-03-05", "IR-92026-03-05");
    writeFile(m_db, bytes);

    const auto run = harbour({"check", "--db", m_db.string()});
    EXPECT_EQ(run.exit, 1) << run.out << run.err;
    EXPECT_NE(run.out.find("integrity: row 2 missing from index records_current"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("damaged record: information_report IR-2 (version 1, row 2): its text does not match"),
              std::string::npos)
        << run.out;

    const auto document = checkJson();
    EXPECT_FALSE(document.at("integrity").empty());
    ASSERT_EQ(document.at("damaged_records").size(), 1U);
    EXPECT_EQ(document.at("damaged_records")[0].at("id"), "IR-2");
    const std::string reason = document.at("damaged_records")[0].at("reason");
    EXPECT_NE(reason.find("content hash"), std::string::npos) << reason;
    EXPECT_NE(reason.find("records_current"), std::string::npos) << reason;
}

TEST_F(Damage, AnEditedAuditEntryFailsTheCheck)
{
    {
        Database db(m_db);
        db.rows("DROP TRIGGER audit_is_append_only_update");
        db.rows("UPDATE audit SET user = 'someone else' WHERE seq = 1");
    }
    const auto document = checkJson();
    EXPECT_TRUE(document.at("damaged_records").empty());
    EXPECT_EQ(document.at("audit").at("ok"), false);
    EXPECT_NE(document.at("audit").at("error").get<std::string>().find("entry 1 was altered"), std::string::npos);
}

/// Gives the empty `disruptions` table's page five cells that are not there: structural damage
/// that nothing an import does would touch.
void damageAnUnusedPage(const fs::path &path)
{
    long long page = 0;
    long long pageSize = 0;
    {
        Database db(path);
        page = db.count("SELECT rootpage FROM sqlite_master WHERE name = 'disruptions'");
        pageSize = db.count("PRAGMA page_size");
    }
    std::string bytes = readFile(path);
    const auto header = static_cast<std::size_t>((page - 1) * pageSize);
    ASSERT_LT(header + 8, bytes.size());
    ASSERT_EQ(static_cast<unsigned char>(bytes[header]), 0x0DU) << "a table leaf page";
    bytes[header + 3] = 0;
    bytes[header + 4] = 5;
    writeFile(path, bytes);
}

TEST_F(Damage, ImportRefusesADamagedFileAndPointsToCheck)
{
    damageAnUnusedPage(m_db);
    const std::string before = readFile(m_db);
    writeFile(m_scratch / "more.jsonl", report("IR-4", "2026-03-10", "Another sighting.") + "\n");
    const auto run = harbour({"import", "--db", m_db.string(), (m_scratch / "more.jsonl").string()});
    EXPECT_EQ(run.exit, 2) << run.out << run.err;
    EXPECT_NE(run.err.find(m_db.string()), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("the database is damaged"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("harbour check --db " + m_db.string()), std::string::npos) << run.err;
    EXPECT_EQ(readFile(m_db), before) << "nothing was added to the damaged file";

    const auto check = harbour({"check", "--db", m_db.string(), "--json"});
    EXPECT_EQ(check.exit, 1) << check.err;
    EXPECT_FALSE(nlohmann::json::parse(check.out).at("integrity").empty());
}

} // namespace
} // namespace harbour::testing::trust
