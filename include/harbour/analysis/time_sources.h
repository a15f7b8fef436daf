#pragma once

#include "harbour/analysis/timeline.h"
#include "harbour/result.h"
#include "harbour/tactics.h"

#include <optional>
#include <span>

/// Reading what a timeline and a week matrix need beyond the snapshot (TimeSources), shared by
/// `harbour timeline`, `harbour when` and the briefings, so all three read the same facts.
namespace harbour::analysis {

/// For a timeline of `entities`: the screenings and screening actions of the persons among them,
/// the return interviews of their missing episodes, and every disruption action (titled from
/// `tactics`, or by its key when null).
Result<TimeSources> readTimelineSources(Store &store, const GraphSnapshot &snapshot,
                                        std::span<const EntityId> entities, const TacticsCatalogue *tactics);

/// For a week matrix: the incident times of the information reports naming any of `scope`, or
/// of every current report when `scope` is nullopt.
Result<TimeSources> readWhenSources(Store &store, const GraphSnapshot &snapshot,
                                    std::optional<std::span<const EntityId>> scope);

/// Adds the incident times of these reports (rows of the snapshot) to `sources`, skipping rows
/// already there and rows that are not information reports.
Status addIncidentTimes(Store &store, const GraphSnapshot &snapshot, std::span<const RecordRowId> rows,
                        TimeSources &sources);

} // namespace harbour::analysis
