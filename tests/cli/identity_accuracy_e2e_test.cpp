// Identities against a small hand-written set of person records with typos (the kind of data the
// record-linkage benchmarks hold), end to end through the binary: tests/data/identities.

#include "e2e_support.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sqlite3.h>
#include <string>
#include <utility>
#include <vector>

namespace
{

using namespace harbour::testing;
using namespace harbour::testing::e2e;
using nlohmann::json;
using Pair = std::pair<long long, long long>;

const fs::path kRecords = HARBOUR_TEST_DATA_DIR "/identities/persons-with-typos.jsonl";
const fs::path kTruth = HARBOUR_TEST_DATA_DIR "/identities/persons-with-typos.truth.json";

Pair ordered(long long a, long long b)
{
    return a < b ? Pair{a, b} : Pair{b, a};
}

/// Which true persons each person entity stands for, through the records that name it.
std::map<long long, std::set<std::string>> personsOfEntities(const fs::path &db)
{
    const json truth = json::parse(readText(kTruth))["person_of_record"];
    std::map<long long, std::set<std::string>> out;
    sqlite3 *handle = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt *stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(handle,
                                 "SELECT m.entity, r.ext_id FROM mentions m JOIN records r ON r.row_id = m.record "
                                 "JOIN entities e ON e.id = m.entity WHERE e.type = 'person'",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto *record = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 1));
        if (record != nullptr && truth.contains(record)) {
            out[sqlite3_column_int64(stmt, 0)].insert(truth[record].get<std::string>());
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return out;
}

struct Quality {
    double precision = 1.0;
    double recall = 1.0;
};

Quality qualityOf(const std::set<Pair> &found, const std::set<Pair> &truth)
{
    const auto right = static_cast<double>(
        std::count_if(found.begin(), found.end(), [&truth](const Pair &p) { return truth.contains(p); }));
    return {found.empty() ? 1.0 : right / static_cast<double>(found.size()),
            truth.empty() ? 1.0 : right / static_cast<double>(truth.size())};
}

} // namespace

TEST(IdentityAccuracyE2e, PersonRecordsWithTyposJoinIntoTheirPeople)
{
    TempDir dir;
    const fs::path db = dir / "typos.db";
    const auto imported = runHarbour(dir, {"import", "--db", db.string(), kRecords.string()});
    ASSERT_EQ(imported.exit, 0) << imported.err;

    const auto persons = personsOfEntities(db);
    std::set<Pair> truth;
    for (auto a = persons.begin(); a != persons.end(); ++a) {
        for (auto b = std::next(a); b != persons.end(); ++b) {
            std::vector<std::string> both;
            std::set_intersection(a->second.begin(), a->second.end(), b->second.begin(), b->second.end(),
                                  std::back_inserter(both));
            if (!both.empty()) {
                truth.insert(ordered(a->first, b->first));
            }
        }
    }
    ASSERT_GE(truth.size(), 25U) << "twelve people written two to four ways each";

    const auto listed = runHarbour(dir, {"identities", "--db", db.string(), "--type", "person", "--json"});
    ASSERT_EQ(listed.exit, 0) << listed.err;
    std::set<Pair> joined;
    const json identities = listed.json()["identities"];
    for (const auto &identity : identities) {
        const auto entities = identity["entities"].get<std::vector<long long>>();
        for (std::size_t i = 0; i < entities.size(); ++i) {
            for (std::size_t j = i + 1; j < entities.size(); ++j) {
                joined.insert(ordered(entities[i], entities[j]));
            }
        }
    }
    const auto suggested = runHarbour(dir, {"suggest", "--db", db.string(), "--json"});
    ASSERT_EQ(suggested.exit, 0) << suggested.err;
    std::set<Pair> joinedOrSuggested = joined;
    const json suggestions = suggested.json()["suggestions"];
    ASSERT_FALSE(suggestions.empty());
    for (const auto &s : suggestions) {
        // Each suggestion explains itself as a waterfall: the prior, then each comparison's
        // weight in words ("surname okonkow / okonkwo: Jaro-Winkler >= 0.92 (+5.2)").
        ASSERT_FALSE(s["evidence"].empty());
        EXPECT_EQ(s["evidence"][0]["kind"], "prior");
        double total = 0.0;
        for (const auto &e : s["evidence"]) {
            total += e["weight"].get<double>();
            EXPECT_NE(e["detail"].get<std::string>().find(" ("), std::string::npos) << e.dump();
        }
        const double p = s["score"].get<double>();
        EXPECT_NEAR(total, std::log2(p / (1.0 - p)), 0.05) << s.dump();
    }
    for (const auto &s : suggestions) {
        joinedOrSuggested.insert(ordered(s["a"]["id"].get<long long>(), s["b"]["id"].get<long long>()));
    }

    // Measured: joined 1.000 / 0.939, joined or suggested 0.821 / 0.970 (the hand weights gave
    // 1.000 / 0.424 and 0.958 / 0.697).
    const Quality automatic = qualityOf(joined, truth);
    EXPECT_GE(automatic.precision, 0.98);
    EXPECT_GE(automatic.recall, 0.90);
    const Quality reviewed = qualityOf(joinedOrSuggested, truth);
    EXPECT_GE(reviewed.recall, 0.95);
    EXPECT_GE(reviewed.precision, 0.75);
}
