// The briefings' answers to "when": the peak of the week in words, the day-by-hour table, one
// entity's events on one axis, and before and after a disruption (docs/briefing.md).
#include "briefing_assembler.h"

#include "harbour/analysis/before_after.h"
#include "harbour/analysis/time_sources.h"

#include <algorithm>
#include <set>

namespace harbour::report::detail {

std::vector<EntityId> Assembler::scopeEntities() const
{
    std::vector<EntityId> out(m_scope.entities.begin(), m_scope.entities.end());
    std::sort(out.begin(), out.end());
    return out;
}

Status Assembler::readTimes()
{
    if (m_timesRead) {
        return {};
    }
    m_timesRead = true;
    const auto entities = scopeEntities();
    // The incidents of the reports naming anything in scope; every report for the whole database.
    const bool everything = m_request.scope == BriefingScope::Panel ||
                            (m_request.scope == BriefingScope::Profile && m_request.area.empty());
    auto incidents = everything ? analysis::readWhenSources(m_store, *m_snapshot, std::nullopt)
                                : analysis::readWhenSources(m_store, *m_snapshot, std::span<const EntityId>(entities));
    if (!incidents) {
        return incidents.error();
    }
    m_time = std::move(incidents).value();
    if (m_request.scope == BriefingScope::MaceChild) {
        const EntityId child[] = {m_child};
        auto sources = analysis::readTimelineSources(m_store, *m_snapshot, child, m_tactics);
        if (!sources) {
            return sources.error();
        }
        m_time.screenings = std::move(sources->screenings);
        m_time.actions = std::move(sources->actions);
        m_time.disruptions = std::move(sources->disruptions);
        m_time.returnInterviews = std::move(sources->returnInterviews);
    }
    auto levels = m_store.screeningLevels();
    if (!levels) {
        return levels.error();
    }
    m_levels = std::move(levels).value();
    return {};
}

analysis::WeekMatrix Assembler::weekOf(std::span<const EntityId> entities) const
{
    if (entities.empty()) {
        const auto all = scopeEntities();
        const bool everything = m_request.scope == BriefingScope::Panel ||
                                (m_request.scope == BriefingScope::Profile && m_request.area.empty());
        return everything ? analysis::weekMatrix(*m_snapshot, m_time, std::nullopt, m_request.window)
                          : analysis::weekMatrix(*m_snapshot, m_time, std::span<const EntityId>(all),
                                                 m_request.window);
    }
    return analysis::weekMatrix(*m_snapshot, m_time, entities, m_request.window);
}

std::string Assembler::whenInWords(std::span<const EntityId> entities) const
{
    return analysis::peakInWords(weekOf(entities));
}

std::string Assembler::whenSentence(std::span<const EntityId> entities) const
{
    const auto matrix = weekOf(entities);
    if (matrix.total() == 0) {
        return "When: no time of day is recorded for the missing episodes and incidents in scope.";
    }
    return "When: the missing episodes and incidents in scope cluster on " + analysis::peakInWords(matrix) +
           " (UK local time; " + std::to_string(matrix.total()) + " times counted by day of the week and hour).";
}

BriefingTable Assembler::weekTable(const analysis::WeekMatrix &matrix)
{
    static const char *const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    BriefingTable table;
    table.header = {"Day"};
    table.widths = {1.4};
    for (int band = 0; band < 8; ++band) {
        const auto two = [](int hour) { return std::string(hour < 10 ? "0" : "") + std::to_string(hour); };
        table.header.push_back(two(band * 3) + "-" + two((band * 3 + 3) % 24));
        table.widths.push_back(0.8);
    }
    table.header.push_back("Total");
    table.widths.push_back(0.8);
    table.empty = "No time of day recorded.";
    if (matrix.total() == 0) {
        return table;
    }
    for (std::size_t day = 0; day < 7; ++day) {
        std::vector<std::string> row{kDays[day]};
        int total = 0;
        for (std::size_t band = 0; band < 8; ++band) {
            int count = 0;
            for (std::size_t hour = band * 3; hour < band * 3 + 3; ++hour) {
                count += matrix.counts[day][hour];
            }
            total += count;
            row.push_back(count == 0 ? "." : std::to_string(count));
        }
        row.push_back(std::to_string(total));
        table.rows.push_back(std::move(row));
    }
    return table;
}

void Assembler::beforeAfterSection(const std::string &heading)
{
    BriefingSection section;
    section.heading = heading;
    section.paragraphs.push_back(
        "For each disruption action marked done against anything in scope: the children linked to its target, in "
        "equal windows of up to " +
        std::to_string(m_request.beforeAfterDays) +
        " days before and after the day it was marked done. An association, not proof: other work and other "
        "changes fall in the same weeks.");
    auto &table = section.table;
    table.header = {"Target and action", "Children", "Window", "Missing before / after",
                    "Sightings before / after", "Risk level after"};
    table.widths = {2.2, 0.8, 1.9, 1.1, 1.1, 1.6};
    table.empty = "No disruption action against anything in scope is marked done yet.";
    for (const auto &action : m_disruptions) {
        const EntityId target = m_snapshot->standingFor(action.target);
        if (action.status != "done" || !inScope(target)) {
            continue;
        }
        const auto doneAt = parseDateTime(action.updatedAt);
        if (!doneAt) {
            continue;
        }
        const Date done = toDate(*doneAt);
        const auto c = analysis::beforeAfter(*m_snapshot, m_levels, target, done, m_request.asOf,
                                             m_request.beforeAfterDays);
        const Tactic *tactic = m_tactics ? m_tactics->find(action.tactic) : nullptr;
        const std::string what = labelOf(action.target) + ": " + (tactic ? tactic->title : action.tactic) +
                                 " (done " + formatDate(done) + ")";
        std::string window = c.days == 0 ? "too recent to compare"
                                         : std::to_string(c.days) + " days either side (" +
                                               formatDate(c.before.from) + " to " + formatDate(c.after.to) + ")";
        std::string levels = c.rose + c.fell + c.same == 0
                                 ? "no child screened in both windows"
                                 : std::to_string(c.fell) + " fell, " + std::to_string(c.same) + " unchanged, " +
                                       std::to_string(c.rose) + " rose";
        const bool comparable = c.days > 0 && !c.children.empty();
        table.rows.push_back(
            {what, std::to_string(c.children.size()), window,
             comparable ? std::to_string(c.before.missing) + " / " + std::to_string(c.after.missing) : "-",
             comparable ? std::to_string(c.before.sightings) + " / " + std::to_string(c.after.sightings) : "-",
             comparable ? levels : "-"});
        section.notes.push_back(what + ". " + analysis::beforeAfterInWords(c));
    }
    m_out.sections.push_back(std::move(section));
}

void Assembler::eventsSection(const std::string &heading, EntityId entity)
{
    const EntityId entities[] = {entity};
    const auto events = analysis::timeline(*m_snapshot, m_time, entities, m_request.window);
    BriefingSection section;
    section.heading = heading;
    section.paragraphs.push_back("Everything on record on one time axis, oldest first: information reports, "
                                 "missing episodes (went missing to returned), screenings with their level "
                                 "changes, return interviews and actions (`harbour timeline` gives the same).");
    section.paragraphs.push_back(whenSentence(entities));
    auto &table = section.table;
    table.header = {"When", "Until", "What", "Record", "Detail"};
    table.widths = {1.3, 1.3, 1.1, 1.5, 4.3};
    table.riskColumns = {};
    table.empty = "Nothing on record in the period.";
    const std::size_t limit = 80;
    const std::size_t skip = events.size() > limit ? events.size() - limit : 0;
    for (std::size_t i = skip; i < events.size(); ++i) {
        const auto &event = events[i];
        const auto shown = [](const DateTime &at) {
            const auto text = formatDateTime(at);
            // A day-only event (screening, interview, due date) is shown as its day.
            return text.size() >= 20 && text.compare(10, 10, "T00:00:00Z") == 0 ? text.substr(0, 10)
                                                                                 : text.substr(0, 10) + " " +
                                                                                       text.substr(11, 5);
        };
        static const char *const kKinds[] = {"report", "missing", "screening", "return interview", "action"};
        table.rows.push_back({shown(event.at), event.end ? shown(*event.end) : std::string(),
                              kKinds[static_cast<int>(event.kind)], event.id, event.label});
    }
    if (skip > 0) {
        section.notes.push_back("The " + std::to_string(skip) + " earliest events are not listed; `harbour timeline` "
                                                                "lists them all.");
    }
    section.notes.push_back("Times are UTC as recorded.");
    m_out.sections.push_back(std::move(section));
}

} // namespace harbour::report::detail
