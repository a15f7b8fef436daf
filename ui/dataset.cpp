#include "dataset.h"

#include "harbour/analysis/identity_fold.h"

#include <chrono>

namespace harbour::ui {

std::string Dataset::labelOf(EntityId id) const
{
    const EntityInfo *info = entity(id);
    return info != nullptr ? info->label : "#" + std::to_string(id);
}

std::optional<RiskLevel> Dataset::levelOf(EntityId id) const
{
    const auto it = childIndex.find(id);
    return it == childIndex.end() ? std::nullopt : std::optional<RiskLevel>(children[it->second].final);
}

double Dataset::priorityOf(EntityId id) const
{
    const auto it = priority.find(id);
    return it == priority.end() ? 0.0 : it->second;
}

const analysis::Cluster *Dataset::clusterOf(EntityId id) const
{
    const auto it = clusterIndex.find(id);
    return it == clusterIndex.end() ? nullptr : &analysis.clusters[it->second];
}

Result<std::shared_ptr<const Dataset>> loadDataset(const std::filesystem::path &path, const TimeWindow &window,
                                                   Date asOf, std::shared_ptr<const Dataset> previous)
{
    const auto started = std::chrono::steady_clock::now();
    const auto sinceStart = [&started] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    };
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return Error{ErrorCode::NotFound, "no such database", path.string(), {}, {}};
    }
    StoreOptions options;
    options.readOnly = true;
    auto store = openSqliteStore(path, options);
    if (!store) {
        return store.error();
    }
    auto data = std::make_shared<Dataset>();
    data->path = path;
    data->window = window;
    data->asOf = asOf;

    // One read transaction: the children table is extended only when the snapshot was, and must
    // see the database the snapshot's conditions were checked on.
    const bool fromPrevious = previous != nullptr && previous->path == path;
    if (auto read = (*store)->readTransaction([&]() -> Status {
            auto snapshot = fromPrevious ? (*store)->snapshotAfter(previous->snapshot, window, asOf)
                                         : (*store)->snapshot(window, asOf);
            if (!snapshot) {
                return snapshot.error();
            }
            data->snapshot = std::move(snapshot).value();
            data->snapshotMs = sinceStart();
            // Extended: nothing but imports since the previous load (same day, no window), so the
            // previous rows and episodes stand and what came after its last record is added.
            const bool extended = fromPrevious && data->snapshot.mark.extended;
            const RecordRowId since = extended ? previous->snapshot.mark.lastRecord : 0;
            auto children = extended ? childRowsAfter(**store, previous->children, since, asOf) : childRows(**store, asOf);
            if (!children) {
                return children.error();
            }
            data->children = std::move(children).value();
            data->childrenMs = sinceStart() - data->snapshotMs;
            auto disruptions = (*store)->disruptions();
            if (!disruptions) {
                return disruptions.error();
            }
            data->disruptions = std::move(disruptions).value();
            auto missing = (*store)->missingEpisodes(since);
            if (!missing) {
                return missing.error();
            }
            if (extended) {
                data->missing.reserve(previous->missing.size() + missing->size());
                data->missing = previous->missing;
                addEpisodesInOrder(data->missing, std::move(missing).value(),
                                   [](const StoredMissingEpisode &e) -> const DateTime & { return e.episode.wentMissingAt; });
            } else {
                data->missing = std::move(missing).value();
            }
            return {};
        });
        !read) {
        return read.error();
    }
    data->episodesMs = sinceStart() - data->snapshotMs - data->childrenMs;
    // The identities come first: every page counts and draws people, so the analyses run on the
    // snapshot with each identity folded into one entity. The last load's clusters lend their
    // centrality where they come back unchanged (same members, same links), whatever else changed:
    // findPriorities checks, so no condition is needed here. The suggestions' memo is exact for
    // any snapshot (each pair's profiles are fingerprinted): after an import only the pairs around
    // what came in are scored again.
    const auto policy = analysis::AnalysisPolicy::defaults();
    const analysis::AnalysisResult *earlier = fromPrevious ? &previous->analysis : nullptr;
    const analysis::SuggestionMemo *earlierSuggestions = previous != nullptr ? &previous->suggestionMemo : nullptr;
    const auto identitiesStarted = sinceStart();
    auto log = (*store)->auditLog();
    if (!log) {
        return log.error();
    }
    const auto scored = analysis::suggestMerges(data->snapshot, analysis::identityPolicyOf(policy).suggestions,
                                                earlierSuggestions, &data->suggestionMemo);
    data->identities = analysis::foldIdentities(data->snapshot, scored, log.value(), policy);
    data->suggestions = data->identities.review;
    data->suggestionsMs = sinceStart() - identitiesStarted;
    data->analysis = analysis::analyse(data->snapshot, policy, earlier);
    previous.reset(); // this load is done with it (the UI thread keeps it until the new one arrives)
    data->analysesMs = sinceStart() - data->snapshotMs - data->childrenMs - data->episodesMs;
    // 250 m cells resolve a town centre street by street without a grid too large to draw.
    if (auto grid = analysis::densityGrid(data->snapshot, 250.0); grid && grid->points > 0) {
        data->density = std::move(grid).value();
    }
    if (auto tactics = TacticsCatalogue::shipped()) {
        data->tactics = std::move(tactics).value();
    } else {
        data->tacticsError = tactics.error().toString();
    }

    // A person stands for the latest screening of any of their entries; an entry folded into a
    // person still finds its own.
    for (std::size_t i = 0; i < data->children.size(); ++i) {
        const auto &row = data->children[i];
        const auto [it, added] = data->childIndex.emplace(data->snapshot.standingFor(row.id), i);
        if (!added && row.lastScreening > data->children[it->second].lastScreening) {
            it->second = i;
        }
    }
    for (std::size_t i = 0; i < data->children.size(); ++i) {
        if (const EntityId id = data->children[i].id; data->snapshot.standingFor(id) != id) {
            data->childIndex[id] = i;
        }
    }
    for (const auto &row : data->analysis.priorities.children) {
        data->priority[row.id] = row.score;
    }
    for (const auto &row : data->analysis.priorities.suspects) {
        data->priority[row.id] = row.score;
    }
    for (std::size_t i = 0; i < data->analysis.clusters.size(); ++i) {
        for (const auto &member : data->analysis.clusters[i].members) {
            data->clusterIndex[member.id] = i;
        }
    }
    data->loadMs = sinceStart();
    return std::shared_ptr<const Dataset>(std::move(data));
}

} // namespace harbour::ui
