#include "harbour/analysis/before_after.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

namespace harbour::analysis {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

Date shifted(Date day, int by)
{
    return Date(sys_days(day) + days(by));
}

bool within(Date day, const WindowCounts &window)
{
    return day >= window.from && day <= window.to;
}

std::vector<EntityId> linkedChildren(const GraphSnapshot &snapshot, EntityId target)
{
    std::set<EntityId> children;
    for (const auto &link : snapshot.links) {
        if (link.a != target && link.b != target) {
            continue;
        }
        const EntityId other = link.a == target ? link.b : link.a;
        if (const auto *entity = snapshot.findEntity(other); entity != nullptr && entity->isChild()) {
            children.insert(other);
        }
    }
    if (const auto *entity = snapshot.findEntity(target); entity != nullptr && entity->isChild()) {
        children.insert(target); // an action against a child's own situation
    }
    return {children.begin(), children.end()};
}

/// The level in force on `day`: the latest screening on or before it.
std::optional<RiskLevel> levelOn(const std::vector<const ScreeningLevel *> &history, Date day)
{
    std::optional<RiskLevel> level;
    Date latest{};
    for (const auto *screening : history) {
        if (screening->screenedAt <= day && (!level || screening->screenedAt >= latest)) {
            level = screening->final;
            latest = screening->screenedAt;
        }
    }
    return level;
}

void countLevels(const std::vector<EntityId> &children,
                 const std::map<EntityId, std::vector<const ScreeningLevel *>> &history, WindowCounts &window)
{
    for (const EntityId child : children) {
        const auto it = history.find(child);
        const auto level = it == history.end() ? std::nullopt : levelOn(it->second, window.to);
        if (level) {
            ++window.levels[static_cast<std::size_t>(*level)];
        } else {
            ++window.unscreened;
        }
    }
}

std::string counted(int n, const char *one, const char *many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

BeforeAfter beforeAfter(const GraphSnapshot &snapshot, std::span<const ScreeningLevel> levels, EntityId target,
                        Date done, Date asOf, int windowDays)
{
    BeforeAfter out;
    out.target = target;
    out.done = done;
    out.children = linkedChildren(snapshot, target);
    const int available = static_cast<int>((sys_days(asOf) - sys_days(done)).count());
    out.days = std::max(0, std::min(windowDays, available));
    out.before.from = shifted(done, -out.days);
    out.before.to = shifted(done, -1);
    out.after.from = shifted(done, 1);
    out.after.to = shifted(done, out.days);
    if (out.days == 0) {
        return out;
    }
    const std::set<EntityId> children(out.children.begin(), out.children.end());
    for (const auto &episode : snapshot.missing) {
        if (!children.contains(snapshot.standingFor(episode.child))) {
            continue;
        }
        const Date day = toDate(episode.wentMissingAt);
        out.before.missing += within(day, out.before) ? 1 : 0;
        out.after.missing += within(day, out.after) ? 1 : 0;
    }
    std::set<RecordRowId> seen;
    for (const auto &mention : snapshot.mentions) {
        if (!children.contains(snapshot.standingFor(mention.entity)) || !seen.insert(mention.record).second) {
            continue;
        }
        const auto *record = snapshot.findRecord(mention.record);
        if (record == nullptr || record->kind != RecordKind::InformationReport) {
            continue;
        }
        const Date day = toDate(record->at);
        out.before.sightings += within(day, out.before) ? 1 : 0;
        out.after.sightings += within(day, out.after) ? 1 : 0;
    }
    std::map<EntityId, std::vector<const ScreeningLevel *>> history;
    for (const auto &level : levels) {
        // Screenings are stored against entries; an identity's entries are one child.
        if (const EntityId child = snapshot.standingFor(level.child); children.contains(child)) {
            history[child].push_back(&level);
        }
    }
    countLevels(out.children, history, out.before);
    countLevels(out.children, history, out.after);
    for (const EntityId child : out.children) {
        const auto it = history.find(child);
        if (it == history.end()) {
            continue;
        }
        const auto was = levelOn(it->second, out.before.to);
        const auto now = levelOn(it->second, out.after.to);
        if (!was || !now) {
            continue;
        }
        out.rose += *now > *was ? 1 : 0;
        out.fell += *now < *was ? 1 : 0;
        out.same += *now == *was ? 1 : 0;
    }
    return out;
}

std::string beforeAfterInWords(const BeforeAfter &c)
{
    if (c.children.empty()) {
        return "No child is linked to the target, so there is nothing to compare.";
    }
    const std::string who = counted(static_cast<int>(c.children.size()), "linked child", "linked children");
    if (c.days == 0) {
        return "Marked done on " + formatDate(c.done) + ": too recent to compare the " + who +
               " before and after (no day after it has passed yet).";
    }
    std::string text = "The " + who + " in the " + counted(c.days, "day", "days") + " before (" +
                       formatDate(c.before.from) + " to " + formatDate(c.before.to) + ") and after (" +
                       formatDate(c.after.from) + " to " + formatDate(c.after.to) + ") it was marked done on " +
                       formatDate(c.done) + ": missing episodes " + std::to_string(c.before.missing) + " before, " +
                       std::to_string(c.after.missing) + " after; sightings in information reports " +
                       std::to_string(c.before.sightings) + " before, " + std::to_string(c.after.sightings) +
                       " after";
    if (c.rose + c.fell + c.same > 0) {
        text += "; risk level " + std::to_string(c.fell) + " fell, " + std::to_string(c.same) + " unchanged, " +
                std::to_string(c.rose) + " rose";
    }
    text += ". This is an association, not proof that the action caused the change: other work, the seasons "
            "and how often the children were seen also change.";
    return text;
}

} // namespace harbour::analysis
