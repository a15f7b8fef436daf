#pragma once

#include "harbour/snapshot.h"
#include "harbour/store.h"

#include <array>
#include <span>
#include <string>
#include <vector>

/// Before and after a disruption: the children linked to its target, compared over equal windows
/// either side of the day it was marked done. An association, never proof that the action
/// worked: other things change in the same weeks (docs/briefing.md, "Before and after").
namespace harbour::analysis {

/// What one window holds for the linked children.
struct WindowCounts {
    Date from{};       ///< first day, inclusive
    Date to{};         ///< last day, inclusive
    int missing = 0;   ///< missing episodes that started in the window
    int sightings = 0; ///< information reports in the window naming one of the children (each report once)
    /// Each child's level in force on the window's last day: by RiskLevel (none..significant); a
    /// child not yet screened then is in `unscreened`.
    std::array<int, 4> levels{};
    int unscreened = 0;
};

struct BeforeAfter {
    EntityId target = 0;
    Date done{};
    int days = 0; ///< each window's length; 0 when nothing can be compared yet (done on or after asOf)
    std::vector<EntityId> children; ///< linked to the target, ascending
    WindowCounts before;            ///< the `days` days before `done`
    WindowCounts after;             ///< the `days` days after `done` (the day itself is in neither)
    int rose = 0;                   ///< children whose level at the end of `after` is above the end of `before`
    int fell = 0;
    int same = 0;
};

/// Children linked directly to `target` (a link of any relation in the snapshot), windows of
/// min(`windowDays`, days from `done` to `asOf`) days. `levels` as Store::screeningLevels, any order.
BeforeAfter beforeAfter(const GraphSnapshot &snapshot, std::span<const ScreeningLevel> levels, EntityId target,
                        Date done, Date asOf, int windowDays = 90);

/// "In the 90 days after ... : 2 missing episodes (4 before), 3 sightings (7 before); levels: 1
/// fell, 2 unchanged. An association, not proof: ..." One paragraph a chair can read out.
std::string beforeAfterInWords(const BeforeAfter &comparison);

} // namespace harbour::analysis
