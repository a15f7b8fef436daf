// Crash safety: `harbour import` is killed with SIGKILL at random moments. After every kill the
// database must pass SQLite's integrity check, hold only whole commit groups (import_job commits
// every 1000 records, and each file's last group with its audit entry), and every record it holds
// must carry exactly the contributions (mentions, links, screening, episode) an uninterrupted
// import gives it. Re-running the import must then complete it to the full count, no duplicates.

#include "trust_support.h"

#include "harbour/store.h"

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

// Small groups (the default is 10,000) so that kills land between commits inside each file.
constexpr long long kCommitEvery = 1000;
constexpr int kKills = 16;
/// The kill times are drawn from one timed import, and a shared machine can run later imports
/// much faster or slower: runs go on past kKills, up to this many, until enough kills have landed
/// mid-import.
constexpr int kMaxKills = 48;

/// What each stored record contributed, by "kind/id", in terms that do not depend on row ids.
std::map<std::string, std::string> contributions(const Database &db)
{
    std::map<std::string, std::vector<std::string>> parts;
    const auto add = [&](const std::string &sql) {
        for (const auto &row : db.rows(sql)) {
            const std::size_t split = row.find(" | ");
            parts[row.substr(0, split)].push_back(row.substr(split + 3));
        }
    };
    add("SELECT r.kind || '/' || r.ext_id, 'record ' || r.version || ' ' || r.current || ' ' || r.content_hash "
        "FROM records r");
    add("SELECT r.kind || '/' || r.ext_id, 'mention ' || e.type || ' ' || e.key || ' ' || m.role || ' ' || "
        "m.extracted FROM mentions m JOIN records r ON r.row_id = m.record JOIN entities e ON e.id = m.entity");
    add("SELECT r.kind || '/' || r.ext_id, 'link ' || a.type || ' ' || a.key || ' ' || b.type || ' ' || b.key || ' ' "
        "|| l.relation FROM links l JOIN records r ON r.row_id = l.record JOIN entities a ON a.id = l.a "
        "JOIN entities b ON b.id = l.b");
    add("SELECT r.kind || '/' || r.ext_id, 'screening ' || e.key || ' ' || s.computed || ' ' || s.final || ' ' || "
        "s.next_review || ' ' || (SELECT count(*) FROM actions a WHERE a.screening = s.record) "
        "FROM screenings s JOIN records r ON r.row_id = s.record JOIN entities e ON e.id = s.child");
    add("SELECT r.kind || '/' || r.ext_id, 'missing ' || m.went_missing_at || ' ' || coalesce(m.returned_at, '') || "
        "' ' || m.found_with FROM missing_episodes m JOIN records r ON r.row_id = m.record");
    std::map<std::string, std::string> out;
    for (auto &[record, lines] : parts) {
        std::sort(lines.begin(), lines.end());
        for (const auto &line : lines) {
            out[record] += line + "\n";
        }
    }
    return out;
}

std::map<std::string, long long> countsByKind(const Database &db)
{
    std::map<std::string, long long> counts;
    for (const auto &row : db.rows("SELECT kind || ' | ' || count(*) FROM records GROUP BY kind")) {
        const std::size_t split = row.find(" | ");
        counts[row.substr(0, split)] = std::stoll(row.substr(split + 3));
    }
    return counts;
}

class CrashSafety : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto generated = runProcess(
            kGenerator, {"--out", (m_scratch / "data").string(), "--reports", "4000", "--seed", "7"}, m_scratch.path());
        ASSERT_EQ(generated.exit, 0) << generated.err;
        m_files = {(m_scratch / "data" / "reports.jsonl").string(), (m_scratch / "data" / "screenings.jsonl").string(),
                   (m_scratch / "data" / "missing.jsonl").string()};

        const fs::path reference = m_scratch / "reference.db";
        const auto run = runProcess(kHarbour, importArgs(reference), m_scratch.path());
        ASSERT_EQ(run.exit, 0) << run.err;
        m_fullImport = run.elapsed;
        Database db(reference);
        m_totals = countsByKind(db);
        for (const auto &[kind, count] : m_totals) {
            m_totalRecords += count;
        }
        m_reference = contributions(db);
        ASSERT_GT(m_totals["information_report"], 3 * kCommitEvery);
    }

    std::vector<std::string> importArgs(const fs::path &db, bool allOrNothing = false) const
    {
        std::vector<std::string> args{"import", "--db", db.string(), "--commit-every", std::to_string(kCommitEvery)};
        if (allOrNothing) {
            args.emplace_back("--all-or-nothing");
        }
        args.insert(args.end(), m_files.begin(), m_files.end());
        return args;
    }

    /// What must hold after any crash: a sound file, whole groups, whole records, a sound audit chain.
    void expectConsistent(const fs::path &path, bool allOrNothing, const std::string &when)
    {
        SCOPED_TRACE(when);
        if (!fs::exists(path)) {
            return; // killed before the database was created
        }
        {
            Database db(path);
            ASSERT_EQ(db.one("PRAGMA integrity_check"), "ok");
            if (db.count("SELECT count(*) FROM sqlite_master WHERE name = 'records'") == 0) {
                return; // killed before the schema was created: its migration had not committed
            }
            EXPECT_TRUE(db.rows("PRAGMA foreign_key_check").empty());
            EXPECT_EQ(db.count("SELECT count(*) FROM (SELECT 1 FROM records GROUP BY kind, ext_id HAVING count(*) > 1)"),
                      0)
                << "a record is stored twice";
            for (const auto &[kind, count] : countsByKind(db)) {
                const long long total = m_totals[kind];
                if (allOrNothing) {
                    EXPECT_TRUE(count == 0 || count == total) << kind << ": " << count << " of " << total;
                } else {
                    EXPECT_TRUE(count % kCommitEvery == 0 || count == total)
                        << kind << ": " << count << " records is not a whole number of commit groups (of " << total
                        << ")";
                }
            }
            for (const auto &[record, stored] : contributions(db)) {
                const auto expected = m_reference.find(record);
                ASSERT_NE(expected, m_reference.end()) << record << " is not in the file";
                ASSERT_EQ(stored, expected->second) << record << " is stored incompletely";
            }
        }
        {
            // No stored record without the audit entry of the transaction that stored it.
            Database db(path);
            long long audited = 0;
            for (const auto &detail : db.rows("SELECT detail FROM audit WHERE action = 'import'")) {
                const auto end = detail.find(" imported");
                const auto space = detail.find_last_of(' ', end - 1);
                const auto start = space == std::string::npos ? 0 : space + 1;
                audited += std::stoll(detail.substr(start, end - start));
            }
            EXPECT_EQ(audited, db.count("SELECT count(*) FROM records")) << "records stored without an audit entry";
        }
        auto store = openSqliteStore(path, StoreOptions{"crash-test", true});
        ASSERT_TRUE(store) << store.error().toString();
        auto log = (*store)->auditLog();
        ASSERT_TRUE(log);
        EXPECT_TRUE(verifyAuditChain(*log)) << "the audit chain does not verify";
    }

    TempDir m_scratch;
    std::vector<std::string> m_files;
    std::chrono::milliseconds m_fullImport{0};
    std::map<std::string, long long> m_totals;
    long long m_totalRecords = 0;
    std::map<std::string, std::string> m_reference;
};

TEST_F(CrashSafety, KilledImportsLeaveWholeRecordsAndResumeToTheFullCount)
{
    std::mt19937 random(20260314); // fixed: a failure can be replayed
    // Kill anywhere from before the database exists to just after a whole import would have ended.
    std::uniform_int_distribution<long long> when(0, m_fullImport.count() * 11 / 10);
    const fs::path db = m_scratch / "crash.db";
    int interrupted = 0;
    int partial = 0;
    int runs = 0;
    for (int i = 0; i < kMaxKills && (i < kKills || interrupted < kKills / 2 || partial < 3); ++i) {
        ++runs;
        if (i % 4 == 0) {
            // A fresh database every fourth run: kills during creation and early groups, then
            // three runs that resume what the killed ones left.
            for (const char *suffix : {"", "-wal", "-shm"}) {
                fs::remove(db.string() + suffix);
            }
        }
        const std::chrono::milliseconds delay(when(random));
        const auto run = runProcess(kHarbour, importArgs(db), m_scratch.path(), delay);
        if (run.killed) {
            ++interrupted;
            EXPECT_EQ(run.signal, SIGKILL);
        } else {
            EXPECT_EQ(run.exit, 0) << run.err;
        }
        expectConsistent(db, false, "after kill " + std::to_string(i) + " at " + std::to_string(delay.count()) + " ms");
        if (fs::exists(db)) {
            const Database state(db);
            if (state.count("SELECT count(*) FROM sqlite_master WHERE name = 'records'") == 1) {
                const long long stored = state.count("SELECT count(*) FROM records");
                partial += stored > 0 && stored < m_totalRecords ? 1 : 0;
            }
        }
    }
    // The kills must have landed mid-import, not only before or after it.
    EXPECT_GE(interrupted, kKills / 2);
    EXPECT_GE(partial, 3);
    std::cout << "[ crash    ] " << interrupted << " of " << runs << " runs killed, " << partial
              << " left a partly imported database (a whole import takes " << m_fullImport.count() << " ms)\n";

    const auto finish = runProcess(kHarbour, importArgs(db), m_scratch.path());
    ASSERT_EQ(finish.exit, 0) << finish.err;
    expectConsistent(db, false, "after the import was run to completion");
    Database done(db);
    EXPECT_EQ(countsByKind(done), m_totals);
    EXPECT_EQ(contributions(done), m_reference);

    const auto again = runProcess(kHarbour, importArgs(db), m_scratch.path());
    ASSERT_EQ(again.exit, 0) << again.err;
    EXPECT_NE(again.out.find("imported 0, unchanged " + std::to_string(m_totalRecords)), std::string::npos) << again.out;
}

TEST_F(CrashSafety, KilledAllOrNothingImportsLeaveEachFileWholeOrAbsent)
{
    std::mt19937 random(7);
    std::uniform_int_distribution<long long> when(0, m_fullImport.count());
    for (int i = 0; i < 4; ++i) {
        const fs::path db = m_scratch / ("all-or-nothing-" + std::to_string(i) + ".db");
        const std::chrono::milliseconds delay(when(random));
        const auto run = runProcess(kHarbour, importArgs(db, true), m_scratch.path(), delay);
        expectConsistent(db, true, "after kill at " + std::to_string(delay.count()) + " ms");
        if (!run.killed) {
            EXPECT_EQ(run.exit, 0) << run.err;
        }
    }
}

} // namespace
} // namespace harbour::testing::trust
