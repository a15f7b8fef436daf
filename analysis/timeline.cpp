#include "harbour/analysis/timeline.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_set>

namespace harbour::analysis {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::sys_days;

/// Merged-away ids, and entries folded into their identity, to the entity that stands for them.
class Canonical {
public:
    explicit Canonical(const GraphSnapshot &snapshot)
    {
        for (const auto &entity : snapshot.entities) {
            for (const EntityId from : entity.mergedFrom) {
                m_into[from] = entity.id;
            }
            for (const EntityId from : entity.foldedFrom) {
                m_into[from] = entity.id;
            }
        }
    }
    EntityId operator()(EntityId id) const
    {
        const auto it = m_into.find(id);
        return it == m_into.end() ? id : it->second;
    }

private:
    std::unordered_map<EntityId, EntityId> m_into;
};

std::string labelOf(const GraphSnapshot &snapshot, EntityId id)
{
    const auto *entity = snapshot.findEntity(id);
    return entity != nullptr ? entity->label : "entity " + std::to_string(id);
}

std::string recordIdOf(const GraphSnapshot &snapshot, RecordRowId row)
{
    const auto *record = snapshot.findRecord(row);
    return record != nullptr ? record->id : "record " + std::to_string(row);
}

std::string dueText(const std::string &status, const std::optional<Date> &due)
{
    return "(" + status + (due ? ", due " + formatDate(*due) : std::string{}) + ")";
}

/// The day an audit-style "YYYY-MM-DDThh:mm:ssZ" text names, or `fallback`.
DateTime dayOfText(const std::string &text, DateTime fallback)
{
    const auto parsed = parseDateTime(text);
    return parsed ? sys_days{toDate(*parsed)} : fallback;
}

/// One pass over each list of the snapshot and the sources, whatever the number of entities: a
/// cluster of a hundred members at a million records reads the mentions once, not a hundred times.
class TimelineBuilder {
public:
    TimelineBuilder(const GraphSnapshot &snapshot, const TimeSources &sources, std::span<const EntityId> entities)
        : m_snapshot(snapshot), m_sources(sources), m_canonical(snapshot), m_scope(entities.begin(), entities.end())
    {
    }

    std::vector<TimeEvent> build()
    {
        addReports();
        addMissing();
        addScreenings();
        addActions();
        return std::move(m_events);
    }

private:
    bool inScope(EntityId id) const { return m_scope.contains(id); }

    void add(DateTime at, std::optional<DateTime> end, TimeEventKind kind, std::string id, EntityId entity,
             std::string label)
    {
        m_events.push_back({at, end, kind, std::move(id), entity, std::move(label)});
    }

    void addReports()
    {
        std::map<std::pair<EntityId, RecordRowId>, std::set<std::string>> roles;
        for (const auto &mention : m_snapshot.mentions) {
            if (inScope(mention.entity)) {
                roles[{mention.entity, mention.record}].insert(mention.role);
            }
        }
        for (const auto &[key, named] : roles) {
            const auto *record = m_snapshot.findRecord(key.second);
            if (record == nullptr || record->kind != RecordKind::InformationReport) {
                continue;
            }
            std::string label = "information report, named as ";
            for (auto it = named.begin(); it != named.end(); ++it) {
                label += (it == named.begin() ? "" : ", ") + *it;
            }
            add(record->at, std::nullopt, TimeEventKind::Report, record->id, key.first,
                label + " (" + record->grading.toString() + ")");
        }
    }

    void addMissing()
    {
        for (const auto &episode : m_snapshot.missing) {
            std::set<EntityId> concerned;
            if (inScope(episode.child)) {
                concerned.insert(episode.child);
            }
            if (episode.foundAt && inScope(*episode.foundAt)) {
                concerned.insert(*episode.foundAt);
            }
            for (const EntityId with : episode.foundWith) {
                if (inScope(with)) {
                    concerned.insert(with);
                }
            }
            for (const EntityId entity : concerned) {
                addEpisode(episode, entity);
            }
        }
    }

    void addEpisode(const MissingInfo &episode, EntityId entity)
    {
        const std::string id = recordIdOf(m_snapshot, episode.record);
        std::string label = episode.child == entity ? "missing" : labelOf(m_snapshot, episode.child) + " missing";
        if (episode.foundAt) {
            label += ", found at " + labelOf(m_snapshot, *episode.foundAt);
        }
        if (episode.child != entity && episode.foundAt != entity) {
            label += ", found with this person";
        }
        label += episode.returnedAt ? "" : " (not returned)";
        add(episode.wentMissingAt, episode.returnedAt, TimeEventKind::Missing, id, entity, label);
        const auto interview = m_sources.returnInterviews.find(episode.record);
        if (episode.child == entity && interview != m_sources.returnInterviews.end()) {
            add(sys_days{interview->second}, std::nullopt, TimeEventKind::ReturnInterview, id, entity,
                "return interview after " + id);
        }
    }

    void addScreenings()
    {
        std::map<EntityId, std::vector<const ScreeningLevel *>> byChild;
        for (const auto &screening : m_sources.screenings) {
            const EntityId child = m_canonical(screening.child);
            if (inScope(child)) {
                byChild[child].push_back(&screening);
            }
        }
        for (auto &[child, own] : byChild) {
            std::stable_sort(own.begin(), own.end(), [](const auto *x, const auto *y) {
                return std::tie(x->screenedAt, x->record) < std::tie(y->screenedAt, y->record);
            });
            std::optional<RiskLevel> previous;
            for (const auto *screening : own) {
                add(sys_days{screening->screenedAt}, std::nullopt, TimeEventKind::Screening, screening->id, child,
                    levelLabel(screening->final, previous));
                previous = screening->final;
            }
        }
    }

    static std::string levelLabel(RiskLevel level, std::optional<RiskLevel> previous)
    {
        const std::string now(toString(level));
        if (!previous) {
            return now + " (first screening)";
        }
        return *previous == level ? now + " (unchanged)" : now + " (was " + std::string(toString(*previous)) + ")";
    }

    void addActions()
    {
        for (const auto &action : m_sources.actions) {
            const EntityId child = m_canonical(action.child);
            if (inScope(child)) {
                add(sys_days{action.due.value_or(action.screenedAt)}, std::nullopt, TimeEventKind::Action,
                    "action-" + std::to_string(action.id), child,
                    "screening action: " + action.text + " " + dueText(action.status, action.due));
            }
        }
        for (const auto &action : m_sources.disruptions) {
            const EntityId target = m_canonical(action.target);
            if (inScope(target)) {
                const DateTime at =
                    action.due ? sys_days{*action.due} : dayOfText(action.updatedAt, sys_days{m_snapshot.asOf});
                add(at, std::nullopt, TimeEventKind::Action, "disruption-" + std::to_string(action.id), target,
                    "disruption: " + action.title + " " + dueText(action.status, action.due));
            }
        }
    }

    const GraphSnapshot &m_snapshot;
    const TimeSources &m_sources;
    Canonical m_canonical;
    std::unordered_set<EntityId> m_scope;
    std::vector<TimeEvent> m_events;
};

int mondayFirst(sys_days day)
{
    return static_cast<int>((std::chrono::weekday{day}.c_encoding() + 6) % 7);
}

void count(WeekMatrix &matrix, DateTime utc)
{
    const DateTime local = ukLocalTime(utc);
    const auto day = floor<days>(local);
    const auto hour = std::chrono::duration_cast<hours>(local - day).count();
    ++matrix.counts[static_cast<std::size_t>(mondayFirst(day))][static_cast<std::size_t>(hour)];
}

const char *const kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::string hourText(int hour)
{
    const int h = ((hour % 24) + 24) % 24;
    return (h < 10 ? "0" : "") + std::to_string(h) + ":00";
}

std::string dayList(const std::vector<int> &weekDays)
{
    std::string out;
    for (std::size_t i = 0; i < weekDays.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == weekDays.size() ? " and " : ", ") + std::string(kDayNames[weekDays[i]]);
    }
    return out;
}

/// Events in the window starting on `day` at `start` for `length` hours, running into the next day.
int windowCount(const WeekMatrix &matrix, int day, int start, int length)
{
    int sum = 0;
    for (int i = 0; i < length; ++i) {
        const int hour = start + i;
        sum += matrix.counts[static_cast<std::size_t>((day + hour / 24) % 7)][static_cast<std::size_t>(hour % 24)];
    }
    return sum;
}

constexpr int kMaxPeakDays = 3;

} // namespace

std::string_view toString(TimeEventKind kind)
{
    switch (kind) {
    case TimeEventKind::Report:
        return "report";
    case TimeEventKind::Missing:
        return "missing";
    case TimeEventKind::Screening:
        return "screening";
    case TimeEventKind::ReturnInterview:
        return "return_interview";
    case TimeEventKind::Action:
        return "action";
    }
    return "report";
}

std::vector<TimeEvent> timeline(const GraphSnapshot &snapshot, const TimeSources &sources,
                                std::span<const EntityId> entities, const TimeWindow &window)
{
    auto events = TimelineBuilder(snapshot, sources, entities).build();
    std::erase_if(events, [&](const TimeEvent &event) { return !window.contains(toDate(event.at)); });
    std::sort(events.begin(), events.end(), [](const TimeEvent &x, const TimeEvent &y) {
        return std::tie(x.at, x.kind, x.id, x.entity, x.label) < std::tie(y.at, y.kind, y.id, y.entity, y.label);
    });
    return events;
}

int WeekMatrix::total() const
{
    int sum = 0;
    for (const auto &row : counts) {
        sum = std::accumulate(row.begin(), row.end(), sum);
    }
    return sum;
}

WeekMatrix weekMatrix(const GraphSnapshot &snapshot, const TimeSources &sources,
                      std::optional<std::span<const EntityId>> scope, const TimeWindow &window)
{
    const Canonical canonical(snapshot);
    std::unordered_set<EntityId> inScope;
    if (scope) {
        for (const EntityId id : *scope) {
            inScope.insert(canonical(id));
        }
    }
    const auto concerns = [&](EntityId id) { return !scope || inScope.contains(id); };
    WeekMatrix matrix;
    const auto countIn = [&](DateTime at) {
        if (window.contains(toDate(at))) {
            count(matrix, at);
        }
    };
    for (const auto &episode : snapshot.missing) {
        const bool found = std::any_of(episode.foundWith.begin(), episode.foundWith.end(), concerns);
        if (concerns(episode.child) || (episode.foundAt && concerns(*episode.foundAt)) || found) {
            countIn(episode.wentMissingAt);
        }
    }
    std::unordered_set<RecordRowId> reports;
    for (const auto &mention : snapshot.mentions) {
        if (concerns(mention.entity)) {
            reports.insert(mention.record);
        }
    }
    for (const auto &record : snapshot.records) {
        if (record.kind != RecordKind::InformationReport || (scope && !reports.contains(record.rowId))) {
            continue;
        }
        const auto incidents = sources.incidents.find(record.rowId);
        if (incidents == sources.incidents.end() || incidents->second.empty()) {
            countIn(record.at);
            continue;
        }
        for (const DateTime at : incidents->second) {
            countIn(at);
        }
    }
    return matrix;
}

PeakWindow findPeak(const WeekMatrix &matrix)
{
    PeakWindow best;
    const int total = matrix.total();
    if (total == 0) {
        return best;
    }
    std::array<int, 24> byHour{};
    for (const auto &row : matrix.counts) {
        for (std::size_t h = 0; h < 24; ++h) {
            byHour[h] += row[h];
        }
    }
    // The excess over an even spread, in 24ths: an hour joins the window only when it is busier
    // than the average hour. Ties go to the shorter window, then the earlier start.
    long bestExcess = 0;
    for (int length = 3; length <= 6; ++length) {
        for (int start = 0; start < 24; ++start) {
            int sum = 0;
            for (int i = 0; i < length; ++i) {
                sum += byHour[static_cast<std::size_t>((start + i) % 24)];
            }
            const long excess = 24L * sum - static_cast<long>(length) * total;
            if (best.hours == 0 || excess > bestExcess) {
                best = {start, length, {}, sum};
                bestExcess = excess;
            }
        }
    }
    // The days it starts on that are at least half as busy as the busiest: a second night
    // nearly as bad as the worst is named too, a stray event is not.
    std::array<int, 7> byDay{};
    for (int day = 0; day < 7; ++day) {
        byDay[static_cast<std::size_t>(day)] = windowCount(matrix, day, best.startHour, best.hours);
    }
    const int busiest = *std::max_element(byDay.begin(), byDay.end());
    for (int day = 0; day < 7; ++day) {
        if (2 * byDay[static_cast<std::size_t>(day)] >= busiest && byDay[static_cast<std::size_t>(day)] > 0) {
            best.days.push_back(day);
        }
    }
    return best;
}

std::string peakInWords(const WeekMatrix &matrix)
{
    const PeakWindow peak = findPeak(matrix);
    if (peak.hours == 0) {
        return "no times recorded";
    }
    const auto named = static_cast<int>(peak.days.size());
    const std::string when = named == 7 ? "Every day" : named > kMaxPeakDays ? "Most days" : dayList(peak.days);
    return when + ", " + hourText(peak.startHour) + " to " + hourText(peak.startHour + peak.hours);
}

bool britishSummerTime(DateTime utc)
{
    using namespace std::chrono;
    const year y = year_month_day{floor<days>(utc)}.year();
    const DateTime starts = sys_days{y / March / Sunday[last]} + hours{1};
    const DateTime ends = sys_days{y / October / Sunday[last]} + hours{1};
    return utc >= starts && utc < ends;
}

DateTime ukLocalTime(DateTime utc)
{
    return britishSummerTime(utc) ? utc + hours{1} : utc;
}

} // namespace harbour::analysis
