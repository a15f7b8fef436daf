#pragma once

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/hotspots.h"
#include "harbour/analysis/identities.h"
#include "harbour/analysis/suggestions.h"
#include "harbour/children.h"
#include "harbour/result.h"
#include "harbour/snapshot.h"
#include "harbour/store.h"
#include "harbour/store_check.h"
#include "harbour/tactics.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace harbour::ui {

/// Everything the views show, read from one database in one go. Plain data, no Qt: it is
/// built in a worker thread with its own store connection and handed to the UI thread whole.
struct Dataset {
    std::filesystem::path path;
    TimeWindow window;
    Date asOf{};
    GraphSnapshot snapshot;
    analysis::AnalysisResult analysis;
    std::vector<ChildRow> children;
    /// Every entity in one identity; `snapshot` has them folded in (one node per person).
    analysis::Identities identities;
    /// The identity pairs in the review band: the Who is who page.
    std::vector<analysis::MergeSuggestion> suggestions;
    /// What the suggestions' search worked out, for the reload after an import to reuse.
    analysis::SuggestionMemo suggestionMemo;
    std::vector<DisruptionAction> disruptions;
    std::vector<StoredMissingEpisode> missing;
    std::optional<analysis::DensityGrid> density; ///< only when premises or places have coordinates
    TacticsCatalogue tactics;
    std::string tacticsError; ///< why the catalogue is empty, if it is
    double loadMs = 0.0;
    double snapshotMs = 0.0; ///< of loadMs, reading (or extending) the snapshot
    double childrenMs = 0.0; ///< of loadMs, the children table (or extending it)
    double episodesMs = 0.0; ///< of loadMs, disruptions and missing episodes
    double analysesMs = 0.0; ///< of loadMs, the identities and the analyses
    double suggestionsMs = 0.0; ///< of analysesMs, scoring the pairs and resolving the identities

    /// The entity in the snapshot, or nullptr.
    const EntityInfo *entity(EntityId id) const { return snapshot.findEntity(id); }
    /// Label of an entity, "#id" when unknown.
    std::string labelOf(EntityId id) const;
    /// Final level of a screened child, nullopt for anyone else.
    std::optional<RiskLevel> levelOf(EntityId id) const;
    /// Priority score (children or suspects), 0 when unranked.
    double priorityOf(EntityId id) const;
    /// The cluster an entity belongs to, or nullptr.
    const analysis::Cluster *clusterOf(EntityId id) const;

    std::map<EntityId, std::size_t> childIndex;    ///< child id -> index into children
    std::map<EntityId, double> priority;           ///< entity id -> priority score
    std::map<EntityId, std::size_t> clusterIndex;  ///< entity id -> index into analysis.clusters
};

/// Opens its own connection to `path` (read only), reads the snapshot for `window`, runs the
/// analyses, children, suggestions and disruption plan. Safe to call from any thread: nothing is
/// shared with the caller but `previous`, which is only read. Fails when the database cannot be
/// opened or read.
///
/// `previous`, the last Dataset of the same database, saves reading the snapshot and the children
/// table whole when only imports came since (Store::snapshotAfter, childRowsAfter): its snapshot
/// and rows are copied, what is new added and the children screened since read again.
Result<std::shared_ptr<const Dataset>> loadDataset(const std::filesystem::path &path, const TimeWindow &window,
                                                   Date asOf, std::shared_ptr<const Dataset> previous = nullptr);

} // namespace harbour::ui
