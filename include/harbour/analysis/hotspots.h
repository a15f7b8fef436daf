#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/graph.h"
#include "harbour/snapshot.h"

#include <string>
#include <vector>

namespace harbour::analysis {

/// One ranked location, vehicle or area.
struct HotspotRow {
    int rank = 0;            ///< 1 = highest score
    EntityId id = 0;         ///< the entity; 0 for areas
    std::string key;         ///< areas: "DY1" (district) or "DY1 1" (sector); entities: empty
    std::string label;
    double score = 0.0;
    int distinctChildren = 0; ///< direct + indirect, each child once
    int directChildren = 0;
    int foundAt = 0;          ///< missing episodes that ended here
    int recentRecords = 0;
    std::vector<EntityId> children; ///< sorted
    std::vector<std::string> reasons;
};

struct Hotspots {
    std::vector<HotspotRow> premises;
    std::vector<HotspotRow> vehicles;
    std::vector<HotspotRow> places;
    std::vector<HotspotRow> areas; ///< districts and sectors, ranked together
};

/// Ranks premises, vehicles, places and postcode areas by the children linked to them.
///
/// A child is linked to an entity directly (an edge with evidence > 0) or indirectly: through
/// one suspect or alias that is directly linked to both (one hop away). A nickname that some
/// child is known by (alias_of a child) carries no indirect link: children's nicknames and
/// initials are shared by unrelated children. Each child counts once,
/// with its strongest link: the edge's evidence (grading x decay, undamped: a busy place is
/// exactly what a hotspot is), or policy.indirectFactor x the product of the two edges'
/// evidence. score = sum over distinct children of risk.of(final level) x strength, plus
/// policy.foundAtWeight x decay for every missing episode found at the entity. Areas pool the
/// premises and places whose "postcode" attribute falls in the district or sector.
/// Rows with no linked child and no found-at episode are left out. Never fails.
/// Time complexity: O(|V| + |E|) to list the children next to each suspect and alias, then
/// O(sum over ranked entities of the children of their suspect and alias neighbours), the size of
/// the output, + O(R log R) to sort R rows.
Hotspots findHotspots(const Graph &graph, const GraphSnapshot &snapshot, const AnalysisPolicy &policy);

/// A kernel density surface over premises and places with "lat" and "lon" attributes.
struct DensityGrid {
    double south = 0.0; ///< lower-left corner of cell (0, 0), degrees
    double west = 0.0;
    double cellMetres = 0.0;
    double bandwidthMetres = 0.0;
    double metresPerDegreeLat = 0.0;
    double metresPerDegreeLon = 0.0;
    int rows = 0; ///< south to north
    int cols = 0; ///< west to east
    int points = 0;
    std::vector<double> values; ///< rows x cols, row-major; weighted points per square kilometre

    double at(int row, int col) const { return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col)]; }
    /// Centre of a cell in degrees.
    double latitudeOf(int row) const { return south + (row + 0.5) * cellMetres / metresPerDegreeLat; }
    double longitudeOf(int col) const { return west + (col + 0.5) * cellMetres / metresPerDegreeLon; }
};

/// Gaussian kernel density (bandwidth `bandwidthMetres`, 2 x cellMetres when 0, cut off at
/// 3 bandwidths) on an equirectangular grid around the points; each point weighs the number of
/// records naming it (at least 1). No points gives an empty grid. Fails with Usage when
/// cellMetres <= 0 or the grid would exceed 4 million cells.
/// Time complexity: O(P x (bandwidth / cell)^2 + rows x cols).
Result<DensityGrid> densityGrid(const GraphSnapshot &snapshot, double cellMetres, double bandwidthMetres = 0.0);

} // namespace harbour::analysis
