// ui::loadDataset: a load is what its parts give computed alone; after an import, the stored
// parts it extends from the last Dataset (snapshot, children table, missing episodes) must be
// what a fresh load reads, and the centrality its clusters lend must be what computing it gives.
#include "dataset.h"

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/identity_fold.h"
#include "harbour/importers/import_job.h"
#include "support/sample_data.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace harbour::ui {
namespace {

namespace fs = std::filesystem;

const Date kAsOf = *parseDate("2026-11-28");

using harbour::testing::sampleLines;

/// Clusters of `now` large enough to be lent (analysis::kLendFromMembers) with a cluster of `then`
/// of the same member ids. At most these can be lent
/// (a new link inside one is computed again); in the sample's rounds no such cluster gains a link,
/// so every one of them must be found and lent.
std::size_t reusedExpected(const Dataset &then, const Dataset &now)
{
    std::set<std::vector<EntityId>> before;
    const auto ids = [](const analysis::Cluster &c) {
        std::vector<EntityId> out;
        for (const auto &m : c.members) {
            out.push_back(m.id);
        }
        return out;
    };
    for (const auto &c : then.analysis.clusters) {
        before.insert(ids(c));
    }
    std::size_t same = 0;
    for (const auto &c : now.analysis.clusters) {
        same += c.members.size() >= analysis::kLendFromMembers && before.contains(ids(c)) ? 1 : 0;
    }
    return same;
}

TEST(DatasetTest, ReloadsAfterImportsEqualFreshLoads)
{
    // The sample in three rounds, each a slice of every file: later rounds screen children
    // again and add missing episodes dated before those already held.
    constexpr std::size_t kRounds = 3;
    harbour::testing::TempDir dir;
    const fs::path db = dir / "harbour.db";
    auto store = openSqliteStore(db).value();
    std::shared_ptr<const Dataset> held;
    std::size_t episodesBetween = 0; // new episodes dated before the last one already held
    std::size_t reusedInAll = 0;
    for (std::size_t round = 0; round < kRounds; ++round) {
        std::vector<fs::path> files;
        for (const std::string name : {"reports.jsonl", "screenings.jsonl", "missing.jsonl"}) {
            const auto lines = sampleLines(name);
            const fs::path part = dir / (std::to_string(round) + "-" + name);
            std::ofstream out(part);
            // The episodes latest first, so that each round's fall before those already held.
            const std::size_t slice = name == "missing.jsonl" ? kRounds - 1 - round : round;
            for (std::size_t i = lines.size() * slice / kRounds; i < lines.size() * (slice + 1) / kRounds; ++i) {
                out << lines[i] << '\n';
            }
            files.push_back(part);
        }
        auto summary = importers::importFiles(*store, RiskPolicy::defaults(), files, {});
        ASSERT_TRUE(summary.ok()) << summary.error().toString();
        ASSERT_EQ(summary->rejected, 0);

        SCOPED_TRACE("round " + std::to_string(round));
        const auto fresh = loadDataset(db, {}, kAsOf).value();
        if (held != nullptr) {
            const auto reloaded = loadDataset(db, {}, kAsOf, held).value();
            // A snapshot folded into identities is no longer the store's shape: it is read afresh.
            EXPECT_EQ(reloaded->snapshot.mark.extended, held->snapshot.folded.empty());
            EXPECT_TRUE(reloaded->snapshot.entities == fresh->snapshot.entities);
            EXPECT_TRUE(reloaded->snapshot.links == fresh->snapshot.links);
            EXPECT_TRUE(reloaded->children == fresh->children);
            EXPECT_EQ(reloaded->missing.size(), fresh->missing.size());
            EXPECT_TRUE(reloaded->missing == fresh->missing);
            EXPECT_GT(reloaded->missing.size(), held->missing.size());
            EXPECT_TRUE(reloaded->analysis.priorities.centrality == fresh->analysis.priorities.centrality);
            // The suggestions and their memo, made from the last one, are a fresh search's.
            EXPECT_TRUE(reloaded->suggestions == fresh->suggestions);
            EXPECT_FALSE(fresh->suggestions.empty());
            EXPECT_EQ(reloaded->suggestionMemo.pairs, fresh->suggestionMemo.pairs);
            EXPECT_EQ(reloaded->suggestionMemo.scores, fresh->suggestionMemo.scores);
            EXPECT_EQ(reloaded->suggestionMemo.fingerprints, fresh->suggestionMemo.fingerprints);
            EXPECT_EQ(fresh->suggestionMemo.reusedPairs, 0U);
            EXPECT_GT(reloaded->suggestionMemo.reusedPairs, 0U);
            EXPECT_GT(reloaded->suggestionMemo.scoredPairs, 0U);
            EXPECT_EQ(reloaded->analysis.priorities.centralityReused, reusedExpected(*held, *reloaded));
            reusedInAll += reloaded->analysis.priorities.centralityReused;
            for (const auto &episode : fresh->missing) {
                episodesBetween += episode.record > held->snapshot.mark.lastRecord &&
                                           episode.episode.wentMissingAt < held->missing.back().episode.wentMissingAt
                                       ? 1
                                       : 0;
            }
            held = reloaded; // reload the reloaded one: errors would add up
        } else {
            held = fresh;
        }
    }
    EXPECT_GT(episodesBetween, 0u) << "the merge into place was not exercised";
    EXPECT_GT(reusedInAll, 0u) << "no cluster's centrality was lent";
}

TEST(DatasetTest, EachPartIsWhatItGivesAlone)
{
    // A load's identities, analyses, suggestions, children and episodes are what each gives
    // computed on its own from the same database.
    harbour::testing::TempDir dir;
    const fs::path db = dir / "harbour.db";
    auto store = openSqliteStore(db).value();
    const fs::path sample = fs::path(HARBOUR_SOURCE_DIR) / "sample-data";
    const std::vector<fs::path> files{sample / "reports.jsonl", sample / "screenings.jsonl", sample / "missing.jsonl"};
    ASSERT_TRUE(importers::importFiles(*store, RiskPolicy::defaults(), files, {}).ok());

    const auto loaded = loadDataset(db, {}, kAsOf).value();
    GraphSnapshot snapshot = store->snapshot({}, kAsOf).value();
    const auto policy = analysis::AnalysisPolicy::defaults();
    const auto identities = analysis::foldIdentities(snapshot, store->auditLog().value(), policy);
    EXPECT_FALSE(snapshot.folded.empty());
    const auto alone = analysis::FullAnalysis{analysis::analyse(snapshot, policy), identities.review};
    const auto withoutTimings = [](const analysis::AnalysisResult &result) {
        nlohmann::json out = analysis::toJson(result);
        out.erase("timings_ms");
        return out;
    };
    EXPECT_EQ(withoutTimings(loaded->analysis), withoutTimings(alone.analysis));
    EXPECT_TRUE(loaded->snapshot.entities == snapshot.entities);
    EXPECT_EQ(loaded->identities.identities.size(), identities.identities.size());
    EXPECT_FALSE(loaded->analysis.clusters.empty());
    EXPECT_EQ(analysis::toJson(loaded->suggestions, loaded->snapshot), analysis::toJson(alone.suggestions, snapshot));
    EXPECT_TRUE(loaded->children == childRows(*store, kAsOf).value());
    EXPECT_FALSE(loaded->children.empty());
    EXPECT_TRUE(loaded->missing == store->missingEpisodes(0).value());
    EXPECT_GT(loaded->analysesMs, 0.0);
    EXPECT_GT(loaded->childrenMs, 0.0);
    EXPECT_GE(loaded->loadMs, loaded->snapshotMs + loaded->childrenMs + loaded->episodesMs + loaded->analysesMs);
}

TEST(DatasetTest, AFileThatIsNoDatabaseFailsCleanly)
{
    harbour::testing::TempDir dir;
    const fs::path notADatabase = dir / "notes.db";
    std::ofstream(notADatabase) << "not a database, just text that is long enough to be read as a header";
    const auto loaded = loadDataset(notADatabase, {}, kAsOf);
    ASSERT_FALSE(loaded.ok());
    EXPECT_FALSE(loadDataset(dir / "missing.db", {}, kAsOf).ok());
}

} // namespace
} // namespace harbour::ui
