#include "harbour/analysis/timeline.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

DateTime utc(Date date, int hour, int minute = 0)
{
    return at(date) + hours{hour} + minutes{minute};
}

ScreeningLevel level(EntityId child, const std::string &id, Date date, RiskLevel final)
{
    ScreeningLevel s;
    s.child = child;
    s.id = id;
    s.screenedAt = date;
    s.final = final;
    s.computed = final;
    return s;
}

/// Counts at (day, hour) in a week matrix.
WeekMatrix matrixWith(std::initializer_list<std::tuple<int, int, int>> cells)
{
    WeekMatrix matrix;
    for (const auto &[weekDay, hour, count] : cells) {
        matrix.counts[static_cast<std::size_t>(weekDay)][static_cast<std::size_t>(hour)] = count;
    }
    return matrix;
}

} // namespace

TEST(Timeline, ChildEventsOfEveryKindSortedByTime)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto flat = b.entity(EntityType::Place, "Flat");
    const auto report = b.record({amy}, day(2026, 3, 2));
    b.foundAt(amy, flat, day(2026, 3, 1));
    GraphSnapshot s = b.build();
    s.missing[0].returnedAt = utc(day(2026, 3, 2), 6);
    const RecordRowId episode = s.missing[0].record;

    TimeSources sources;
    sources.screenings = {level(amy, "SCR-1", day(2026, 3, 3), RiskLevel::Medium),
                          level(amy, "SCR-2", day(2026, 3, 10), RiskLevel::Significant)};
    sources.returnInterviews[episode] = day(2026, 3, 4);
    sources.actions.push_back({7, amy, day(2026, 3, 3), "Complete a CAF", day(2026, 3, 20), "open"});
    sources.disruptions.push_back({3, amy, "Child abduction warning notice", "done", std::nullopt,
                                   "2026-03-12T10:00:00Z"});

    const std::vector<EntityId> scope{amy};
    const auto events = timeline(s, sources, scope);
    ASSERT_EQ(events.size(), 7u);
    EXPECT_EQ(events[0].kind, TimeEventKind::Missing);
    EXPECT_EQ(events[0].end, utc(day(2026, 3, 2), 6));
    EXPECT_EQ(events[1].kind, TimeEventKind::Report);
    EXPECT_EQ(events[1].id, s.findRecord(report)->id);
    EXPECT_EQ(events[2].kind, TimeEventKind::Screening);
    EXPECT_EQ(events[2].label, "medium (first screening)");
    EXPECT_EQ(events[3].kind, TimeEventKind::ReturnInterview);
    EXPECT_EQ(events[3].id, events[0].id);
    EXPECT_EQ(events[4].label, "significant (was medium)");
    EXPECT_EQ(events[5].id, "disruption-3");
    EXPECT_EQ(events[5].at, at(day(2026, 3, 12)));
    EXPECT_EQ(events[6].id, "action-7");
    EXPECT_EQ(events[6].at, at(day(2026, 3, 20)));
    EXPECT_EQ(events[6].label, "screening action: Complete a CAF (open, due 2026-03-20)");
    for (const auto &event : events) {
        EXPECT_EQ(event.entity, amy);
    }
}

TEST(Timeline, EpisodeNotReturnedHasNoEnd)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto flat = b.entity(EntityType::Place, "Flat");
    b.foundAt(amy, flat);
    const auto s = b.build();
    const std::vector<EntityId> scope{amy};
    const auto events = timeline(s, {}, scope);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_FALSE(events[0].end);
    EXPECT_EQ(events[0].label, "missing, found at Flat (not returned)");
}

TEST(Timeline, PlaceSeesRecordsEpisodesFoundThereAndDisruptionButNoInterview)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto hotel = b.entity(EntityType::Premises, "Hotel");
    b.record({hotel}, day(2026, 3, 5));
    b.foundAt(amy, hotel, day(2026, 3, 1));
    const auto s = b.build();
    TimeSources sources;
    sources.returnInterviews[s.missing[0].record] = day(2026, 3, 3);
    sources.disruptions.push_back({1, hotel, "Hotel information notice", "agreed", day(2026, 4, 1), ""});
    const std::vector<EntityId> scope{hotel};
    const auto events = timeline(s, sources, scope);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].label, "Amy missing, found at Hotel (not returned)");
    EXPECT_EQ(events[1].kind, TimeEventKind::Report);
    EXPECT_EQ(events[2].label, "disruption: Hotel information notice (agreed, due 2026-04-01)");
}

TEST(Timeline, SharedRecordIsOneEventPerMemberAndWindowFiltersByDay)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto taz = b.suspect("Taz");
    b.record({amy, taz}, day(2026, 3, 5));
    b.record({amy}, day(2026, 3, 9));
    const auto s = b.build();
    const std::vector<EntityId> scope{taz, amy};
    const auto all = timeline(s, {}, scope);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].id, all[1].id);
    EXPECT_EQ(all[0].entity, amy);
    EXPECT_EQ(all[1].entity, taz);
    const auto lastDay = timeline(s, {}, scope, TimeWindow{day(2026, 3, 9), day(2026, 3, 9)});
    ASSERT_EQ(lastDay.size(), 1u);
    EXPECT_EQ(lastDay[0].at, at(day(2026, 3, 9)));
}

TEST(Timeline, ScreeningsOfAMergedAwayEntryCountAsTheKeptChild)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    GraphSnapshot s = b.build();
    s.entities[0].mergedFrom = {40};
    TimeSources sources;
    sources.screenings = {level(40, "SCR-1", day(2026, 3, 3), RiskLevel::Low)};
    const std::vector<EntityId> scope{amy};
    const auto events = timeline(s, sources, scope);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].entity, amy);
}

TEST(UkTime, BritishSummerTimeStartsAndEndsAtOneUtcOnTheLastSundays)
{
    // 2026: BST from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
    EXPECT_FALSE(britishSummerTime(utc(day(2026, 3, 29), 0, 59)));
    EXPECT_TRUE(britishSummerTime(utc(day(2026, 3, 29), 1)));
    EXPECT_TRUE(britishSummerTime(utc(day(2026, 10, 25), 0, 59)));
    EXPECT_FALSE(britishSummerTime(utc(day(2026, 10, 25), 1)));
    // 2025: 30 March and 26 October.
    EXPECT_TRUE(britishSummerTime(utc(day(2025, 3, 30), 1)));
    EXPECT_FALSE(britishSummerTime(utc(day(2025, 3, 29), 12)));
    EXPECT_TRUE(britishSummerTime(utc(day(2025, 10, 26), 0)));
    EXPECT_FALSE(britishSummerTime(utc(day(2025, 1, 15), 12)));
    EXPECT_EQ(ukLocalTime(utc(day(2026, 7, 3), 23, 30)), utc(day(2026, 7, 4), 0, 30));
    EXPECT_EQ(ukLocalTime(utc(day(2026, 1, 3), 23, 30)), utc(day(2026, 1, 3), 23, 30));
}

TEST(WeekMatrix, CountsInUkLocalTimeMondayFirst)
{
    SnapshotBuilder b;
    const auto amy = b.child("Amy");
    const auto bea = b.child("Bea");
    const auto flat = b.entity(EntityType::Place, "Flat");
    b.foundAt(amy, flat, day(2026, 7, 3)); // Friday 00:00 UTC = 01:00 BST
    const auto report = b.record({amy}, day(2026, 1, 5));   // Monday, GMT, no incidents: its own time
    const auto withIncident = b.record({bea}, day(2026, 1, 5));
    GraphSnapshot s = b.build();
    s.missing[0].wentMissingAt = utc(day(2026, 7, 3), 22, 15); // Friday 23:15 BST
    TimeSources sources;
    sources.incidents[withIncident] = {utc(day(2026, 7, 4), 23, 30)}; // Saturday 23:30 UTC = Sunday 00:30 BST
    (void)report;

    const auto all = weekMatrix(s, sources, std::nullopt);
    EXPECT_EQ(all.total(), 3);
    EXPECT_EQ(all.counts[4][23], 1); // Friday 23:00
    EXPECT_EQ(all.counts[0][0], 1);  // Monday 00:00
    EXPECT_EQ(all.counts[6][0], 1);  // Sunday 00:00

    const std::vector<EntityId> amyOnly{amy};
    const auto amys = weekMatrix(s, sources, std::span<const EntityId>(amyOnly));
    EXPECT_EQ(amys.total(), 2);
    EXPECT_EQ(amys.counts[6][0], 0);

    const auto july = weekMatrix(s, sources, std::nullopt, TimeWindow{day(2026, 7, 1), std::nullopt});
    EXPECT_EQ(july.total(), 2);
}

TEST(Peak, FridayAndSaturdayNightsWrapPastMidnight)
{
    // Friday and Saturday, 21:00 to 02:00; a little noise on a Tuesday afternoon.
    WeekMatrix m = matrixWith({{4, 21, 3}, {4, 22, 4}, {4, 23, 5}, {5, 0, 4}, {5, 1, 3},
                               {5, 21, 2}, {5, 22, 4}, {5, 23, 4}, {6, 0, 3}, {6, 1, 2},
                               {1, 14, 1}, {0, 9, 1}});
    const auto peak = findPeak(m);
    EXPECT_EQ(peak.startHour, 21);
    EXPECT_EQ(peak.hours, 5);
    EXPECT_EQ(peak.days, (std::vector<int>{4, 5}));
    EXPECT_EQ(peakInWords(m), "Friday and Saturday, 21:00 to 02:00");
}

TEST(Peak, ShortestBusyWindowAndOneDay)
{
    const WeekMatrix m = matrixWith({{2, 15, 6}, {2, 16, 6}, {2, 17, 6}, {0, 3, 1}});
    EXPECT_EQ(peakInWords(m), "Wednesday, 15:00 to 18:00");
}

TEST(Peak, SpreadOverTheWeekSaysEveryDay)
{
    WeekMatrix m;
    for (std::size_t d = 0; d < 7; ++d) {
        m.counts[d][20] = 2;
        m.counts[d][21] = 2;
        m.counts[d][22] = 2;
    }
    EXPECT_EQ(peakInWords(m), "Every day, 20:00 to 23:00");
}

TEST(Peak, EmptyMatrix)
{
    EXPECT_EQ(peakInWords(WeekMatrix{}), "no times recorded");
    EXPECT_EQ(findPeak(WeekMatrix{}).hours, 0);
}

TEST(Peak, FourToSixDaysSayMostDaysAndAStrayDayIsNotNamed)
{
    WeekMatrix m;
    for (std::size_t d = 0; d < 5; ++d) {
        m.counts[d][7] = 3;
        m.counts[d][8] = 3;
        m.counts[d][9] = 3;
    }
    m.counts[5][8] = 1; // a Saturday morning, far below the weekdays
    EXPECT_EQ(peakInWords(m), "Most days, 07:00 to 10:00");
    EXPECT_EQ(findPeak(m).days, (std::vector<int>{0, 1, 2, 3, 4}));
}
