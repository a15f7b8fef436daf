#pragma once

#include "harbour/snapshot.h"
#include "harbour/store.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace harbour::analysis {

/// What a timeline shows on one axis (docs/time.md).
enum class TimeEventKind { Report, Missing, Screening, ReturnInterview, Action };
std::string_view toString(TimeEventKind kind); ///< report, missing, screening, return_interview, action

/// One event of one entity. A record naming three entities of a cluster is three events with
/// the same id, one per entity: each lane shows what concerns it.
struct TimeEvent {
    DateTime at{};
    std::optional<DateTime> end; ///< missing episodes: when the child returned (nullopt while missing)
    TimeEventKind kind = TimeEventKind::Report;
    std::string id;
    EntityId entity = 0;
    std::string label;
    bool operator==(const TimeEvent &) const = default;
};

/// A screening's action as the timeline shows it.
struct ScreeningActionTime {
    std::int64_t id = 0;
    EntityId child = 0;
    Date screenedAt{};
    std::string text;
    std::optional<Date> due;
    std::string status; ///< open, done
};

/// A disruption action with its tactic's title.
struct DisruptionTime {
    std::int64_t id = 0;
    EntityId target = 0;
    std::string title;
    std::string status;
    std::optional<Date> due;
    std::string updatedAt; ///< "YYYY-MM-DDThh:mm:ssZ"
};

/// What the timeline and the week matrix need beyond the snapshot: read from the store by the
/// caller (screenings, their actions, disruption actions, and two fields of the verbatim records).
/// Entity ids may be merged-away ones: they are followed to the entity kept.
struct TimeSources {
    std::vector<ScreeningLevel> screenings; ///< oldest first per child, as Store::screeningLevels
    std::vector<ScreeningActionTime> actions;
    std::vector<DisruptionTime> disruptions;
    std::unordered_map<RecordRowId, std::vector<DateTime>> incidents;  ///< report -> incidents[].at
    std::unordered_map<RecordRowId, Date> returnInterviews;           ///< missing episode -> held_at
};

/// Everything on record about these entities (ids of the snapshot), one event per entity it
/// concerns, `at` within `window` (days, inclusive), sorted by at, kind, id, entity.
std::vector<TimeEvent> timeline(const GraphSnapshot &snapshot, const TimeSources &sources,
                                std::span<const EntityId> entities, const TimeWindow &window = {});

/// counts[day][hour]: day 0 is Monday, hours in UK local time.
struct WeekMatrix {
    std::array<std::array<int, 24>, 7> counts{};
    int total() const;
};

/// Missing episodes (when the child went missing), and incidents of the reports (each
/// incidents[].at, or the report's own time when it has none) concerning `scope`, or all of
/// them when `scope` is nullopt; each counted once, `window` judged on its UTC day.
WeekMatrix weekMatrix(const GraphSnapshot &snapshot, const TimeSources &sources,
                      std::optional<std::span<const EntityId>> scope, const TimeWindow &window = {});

/// The densest stretch of a week matrix (docs/time.md, "The peak").
struct PeakWindow {
    int startHour = 0;             ///< 0..23
    int hours = 0;                 ///< 3..6; 0 when the matrix is empty
    std::vector<int> days;         ///< the days it starts on at least half as busy as the busiest, Monday 0, in week order
    int count = 0;                 ///< events in the window over the whole week
};
PeakWindow findPeak(const WeekMatrix &matrix);
/// "Friday and Saturday, 21:00 to 02:00"; "Most days, ..." for four to six days, "Every day, ..."
/// for seven; "no times recorded" for an empty matrix.
std::string peakInWords(const WeekMatrix &matrix);

/// British Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
/// last Sunday of October; GMT otherwise. libstdc++ 12 has no time zone database (std::chrono::
/// locate_zone), so the rule is Harbour's own.
bool britishSummerTime(DateTime utc);
/// The UK wall-clock time of an instant, as a sys_seconds whose fields read as local time.
DateTime ukLocalTime(DateTime utc);

} // namespace harbour::analysis
