// MACE packs: the child-focused pack (`--mace child --child ID`) and the contextual pack
// (`--mace context --area DY1 | --premises ID`), each in the order of the panel's agenda
// (docs/briefing.md, "MACE packs").
#include "briefing_assembler.h"

#include "harbour/indicator_words.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

namespace harbour::report::detail {

namespace {

/// The latest screening of a list, or nullptr.
const StoredScreening *latestOf(const std::vector<StoredScreening> &screenings)
{
    const StoredScreening *latest = nullptr;
    for (const auto &screening : screenings) {
        if (!latest || latest->screenedAt < screening.screenedAt ||
            (latest->screenedAt == screening.screenedAt && latest->record < screening.record)) {
            latest = &screening;
        }
    }
    return latest;
}

BriefingSection decisionsSection(const std::string &heading)
{
    BriefingSection section;
    section.heading = heading;
    section.paragraphs.push_back("For the chair to complete at the panel: each action agreed, who owns it and by "
                                 "when; the next review date.");
    auto &table = section.table;
    table.header = {"Action agreed", "Owner", "Due"};
    table.widths = {5.0, 2.0, 1.2};
    for (int i = 0; i < 4; ++i) {
        table.rows.push_back({" ", " ", " "});
    }
    return section;
}

} // namespace

void Assembler::maceChildSections()
{
    const EntityId id = m_child;
    const auto rowIt = m_rowOf.find(id);
    const ChildRow *row = rowIt == m_rowOf.end() ? nullptr : rowIt->second;
    // Screenings are stored against entries: read those of every entry of the child's identity.
    std::vector<EntityId> entries{id};
    if (const auto *entity = m_snapshot->findEntity(id)) {
        entries.insert(entries.end(), entity->foldedFrom.begin(), entity->foldedFrom.end());
    }
    std::vector<StoredScreening> screenings;
    for (const EntityId entry : entries) {
        if (auto read = m_store.screenings(entry)) {
            screenings.insert(screenings.end(), std::make_move_iterator(read->begin()),
                              std::make_move_iterator(read->end()));
        }
    }
    const StoredScreening *latest = latestOf(screenings);

    BriefingSection risk;
    risk.heading = "1. Risk now";
    if (!row) {
        risk.paragraphs.push_back(labelOf(id) + " is named in records but has never been screened: the panel should "
                                                "ask for a screening.");
    } else {
        risk.paragraphs.push_back("Final level " + std::string(toString(row->final)) + " (computed " +
                                  std::string(toString(row->computed)) + ", trend " +
                                  std::string(toString(row->trend)) + ") from the screening of " +
                                  formatDate(row->lastScreening) + "; " +
                                  (row->reviewOverdue ? "review OVERDUE since " : "next review ") +
                                  formatDate(row->nextReview) + ".");
        for (const auto &rule : row->rules) {
            risk.paragraphs.push_back("Why: " + ruleInWords(rule));
        }
    }
    m_out.sections.push_back(std::move(risk));

    BriefingSection factors;
    factors.heading = "2. Push and pull factors";
    factors.paragraphs.push_back("As ticked on the latest screening, in the form's own words. Pull: the behaviours "
                                 "and contacts that draw the child in (significant and risk indicators). Push: "
                                 "what makes the child vulnerable (vulnerability factors).");
    auto &ft = factors.table;
    ft.header = {"Factor", "Indicator (screening tool wording)", "When"};
    ft.widths = {0.9, 5.5, 1.0};
    ft.empty = "No screening, or no indicator ticked.";
    if (latest) {
        for (const auto &[key, recency] : latest->input.significant) {
            ft.rows.push_back({"pull (significant)", std::string(indicatorWording(key)),
                               recency == Recency::Current ? "current" : "past"});
        }
        for (const auto &key : latest->input.riskIndicators) {
            ft.rows.push_back({"pull (risk)", std::string(indicatorWording(key)), ""});
        }
        for (const auto &key : latest->input.vulnerabilities) {
            ft.rows.push_back({"push (vulnerability)", std::string(indicatorWording(key)), ""});
        }
    }
    m_out.sections.push_back(std::move(factors));

    BriefingSection history;
    history.heading = "3. History";
    int missing = 0;
    std::optional<DateTime> lastMissing;
    for (const auto &episode : m_snapshot->missing) {
        if (episode.child == id) {
            ++missing;
            lastMissing = lastMissing ? std::max(*lastMissing, episode.wentMissingAt) : episode.wentMissingAt;
        }
    }
    const auto plural = [](std::size_t n, const char *one, const char *many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    history.paragraphs.push_back(plural(screenings.size(), "screening", "screenings") + "; " +
                                 plural(static_cast<std::size_t>(missing), "missing episode", "missing episodes") +
                                 (lastMissing ? ", the latest from " + formatDate(toDate(*lastMissing)) : "") + "; " +
                                 plural(m_time.returnInterviews.size(), "return interview", "return interviews") +
                                 " held.");
    // The summary is the child's, not the neighbourhood's.
    int suspects = 0, places = 0, openActions = 0;
    for (const auto &link : m_snapshot->links) {
        if (link.a == id || link.b == id) {
            const auto *other = m_snapshot->findEntity(link.a == id ? link.b : link.a);
            suspects += other && other->isSuspect() ? 1 : 0;
            places += other && (other->type == EntityType::Premises || other->type == EntityType::Place) ? 1 : 0;
        }
    }
    if (row) {
        openActions = static_cast<int>(std::count_if(row->actions.begin(), row->actions.end(),
                                                     [](const ChildAction &a) { return a.stored.status == "open"; }));
    }
    m_out.numbers = {{"Final level", row ? std::string(toString(row->final)) : "not screened"},
                     {"Trend", row ? std::string(toString(row->trend)) : "-"},
                     {"Missing episodes", std::to_string(missing)},
                     {"Open actions", std::to_string(openActions)},
                     {"overdue", std::to_string(row ? row->overdueCount() : 0)},
                     {"Suspects linked", std::to_string(suspects)},
                     {"Places linked", std::to_string(places)},
                     {"Screenings", std::to_string(screenings.size())},
                     {"Children nearby", std::to_string(m_scope.children.size())},
                     {"Review", row ? (row->reviewOverdue ? "OVERDUE" : formatDate(row->nextReview)) : "-"}};
    auto &ht = history.table;
    ht.header = {"Screened", "Screening", "Computed", "Final"};
    ht.widths = {1.2, 1.8, 1.2, 1.2};
    ht.riskColumns = {2, 3};
    ht.empty = "Never screened.";
    for (const auto &level : m_time.screenings) {
        ht.rows.push_back({formatDate(level.screenedAt), level.id, std::string(toString(level.computed)),
                           std::string(toString(level.final))});
    }
    m_out.sections.push_back(std::move(history));

    BriefingSection actions;
    actions.heading = "4. Actions and due dates";
    actions.paragraphs.push_back("The actions of the latest screening (the threshold guidance's), and every "
                                 "disruption action against someone or something linked to the child.");
    auto &at = actions.table;
    at.header = {"Action", "Status", "Due"};
    at.widths = {5.5, 1.0, 1.5};
    at.empty = "No action recorded.";
    if (row) {
        for (const auto &action : row->actions) {
            const auto &due = action.stored.action.due;
            at.rows.push_back({action.stored.action.text, action.stored.status,
                               due ? formatDate(*due) + (action.overdue ? " OVERDUE" : "") : ""});
        }
    }
    for (const auto &action : m_disruptions) {
        if (!inScope(action.target) || action.target == id) {
            continue;
        }
        const Tactic *tactic = m_tactics ? m_tactics->find(action.tactic) : nullptr;
        const bool late = action.due && *action.due < m_request.asOf && action.status != "done" &&
                          action.status != "dropped";
        at.rows.push_back({"Disruption of " + labelOf(action.target) + ": " + (tactic ? tactic->title : action.tactic) +
                               (action.owner.empty() ? "" : " (" + action.owner + ")"),
                           action.status, action.due ? formatDate(*action.due) + (late ? " OVERDUE" : "") : ""});
    }
    m_out.sections.push_back(std::move(actions));

    BriefingSection links;
    links.heading = "5. Links";
    links.paragraphs.push_back("The people, places, vehicles and phones linked to the child directly, most records "
                               "first; the diagram below draws the wider network.");
    auto &lt = links.table;
    lt.header = {"Linked to", "Type", "Records", "Also"};
    lt.widths = {2.4, 1.0, 0.8, 3.0};
    lt.empty = "Nothing is linked to the child.";
    std::vector<std::pair<int, std::vector<std::string>>> linked;
    for (const auto &link : m_snapshot->links) {
        if (link.a != id && link.b != id) {
            continue;
        }
        const EntityId other = link.a == id ? link.b : link.a;
        const auto *entity = m_snapshot->findEntity(other);
        if (!entity) {
            continue;
        }
        std::set<std::string> relations;
        for (const auto &evidence : link.evidence) {
            if (evidence.relation != "co_mentioned") {
                relations.insert(evidence.relation == "found_at"     ? "found here when missing"
                                 : evidence.relation == "found_with" ? "found with when missing"
                                                                     : "alias");
            }
        }
        std::vector<std::string> also(relations.begin(), relations.end());
        if (entity->isSuspect()) {
            also.insert(also.begin(), "suspect");
        }
        if (entity->isChild()) {
            also.insert(also.begin(), "child");
        }
        linked.push_back({static_cast<int>(link.evidence.size()),
                          {entity->type == EntityType::Premises || entity->type == EntityType::Place
                               ? entity->labelWithPostcode()
                               : entity->label,
                           std::string(toString(entity->type)), std::to_string(link.evidence.size()),
                           joined(also, "; ")}});
    }
    std::stable_sort(linked.begin(), linked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (auto &[count, cells] : linked) {
        if (lt.rows.size() == 30) {
            links.notes.push_back(std::to_string(linked.size() - 30) + " more links are not listed.");
            break;
        }
        lt.rows.push_back(std::move(cells));
    }
    m_out.sections.push_back(std::move(links));
    diagramSection();
    eventsSection("6. Timeline", id);
    m_out.sections.push_back(decisionsSection("7. Decisions and actions agreed"));
    gapsSection();
    recordsSection();
}

void Assembler::maceContextSections()
{
    BriefingSection places;
    places.heading = "1. Places and spaces";
    places.paragraphs.push_back("Premises, vehicles and places in scope ranked by the children linked to them, with "
                                "the time their missing episodes and incidents cluster.");
    places.paragraphs.push_back(whenSentence({}));
    placesTable(places, "places");
    m_out.sections.push_back(std::move(places));

    BriefingSection week;
    week.heading = "When, by day and time";
    week.paragraphs.push_back("Missing episodes (when the child went missing) and incidents, by day and three hours "
                              "of the day, UK local time.");
    week.table = weekTable(weekOf({}));
    m_out.sections.push_back(std::move(week));

    BriefingSection peers;
    peers.heading = "2. Peer groups";
    peers.paragraphs.push_back("The networks with a member in scope and the children in each: children seen "
                               "together, with the same people or at the same places.");
    auto &gt = peers.table;
    gt.header = {"Network", "Children (final level)", "Suspects", "Organised?"};
    gt.widths = {0.8, 5.0, 0.8, 0.9};
    gt.empty = "No network has a member in scope.";
    for (const auto &cluster : m_analysis->clusters) {
        const bool touches = std::any_of(cluster.members.begin(), cluster.members.end(),
                                         [&](const auto &member) { return inScope(member.id); });
        if (!touches || cluster.children == 0) {
            continue;
        }
        if (gt.rows.size() == 15) {
            peers.notes.push_back("More networks are not listed (`harbour analyse`).");
            break;
        }
        // Entries of one name are often one child (Who is who): listed once, screened level first.
        std::vector<std::string> children;
        std::map<std::string, std::size_t> byName;
        for (const auto &member : cluster.members) {
            const auto *entity = m_snapshot->findEntity(member.id);
            if (!entity || !entity->isChild()) {
                continue;
            }
            const auto row = m_rowOf.find(member.id);
            const std::string text = entity->label + " (" +
                                     (row == m_rowOf.end() ? std::string("not screened")
                                                           : std::string(toString(row->second->final))) +
                                     ")";
            const auto [it, added] = byName.try_emplace(entity->label, children.size());
            if (added) {
                children.push_back(text);
            } else if (row != m_rowOf.end()) {
                children[it->second] = text;
            }
        }
        gt.rows.push_back({cluster.id, joined(children, "; "), std::to_string(cluster.suspects),
                           cluster.organised ? "yes" : "no"});
    }
    m_out.sections.push_back(std::move(peers));

    suspectsSection();
    m_out.sections.back().heading = "3. Perpetrators";
    targetsSection();
    m_out.sections[m_out.sections.size() - 2].heading = "4. Disruption: premises and vehicles";
    m_out.sections.back().heading = "4. Disruption: the plan";
    beforeAfterSection("4. Disruption: before and after");
    childrenSection();
    m_out.sections.back().heading = "5. Children linked";
    if (!m_out.diagram.nodes.empty()) {
        diagramSection();
    }
    timelineSection();
    m_out.sections.push_back(decisionsSection("6. Decisions and actions agreed"));
    gapsSection();
    recordsSection();
}

} // namespace harbour::report::detail
