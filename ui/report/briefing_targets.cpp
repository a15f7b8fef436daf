// The briefing's people and targets: the key suspects, each told apart from a namesake, and the
// premises, vehicles and places to disrupt with the plan agreed for each (docs/briefing.md).
#include "briefing_assembler.h"

#include <algorithm>
#include <cstdio>

namespace harbour::report::detail {

void Assembler::suspectsSection()
{
    BriefingSection section;
    section.heading = "Key suspects";
    section.paragraphs.push_back("Ranked by the risk of the children linked to them, the reports naming them and "
                                 "their place in the network.");
    auto &table = section.table;
    table.header = {"Rank", "Suspect", "Score", "Children", "Records", "Why"};
    table.widths = {0.5, 1.8, 0.6, 0.8, 0.7, 5.0};
    table.empty = "No suspect in scope.";
    std::vector<const analysis::SuspectPriority *> listed;
    std::map<std::string, int> named; // how many listed rows carry each label
    for (const auto &row : m_analysis->priorities.suspects) {
        if (listed.size() == 15) {
            break;
        }
        if (inScope(row.id)) {
            listed.push_back(&row);
            ++named[row.label];
        }
    }
    int rank = 0;
    for (const auto *row : listed) {
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", row->score);
        std::vector<std::string> why = row->reasons;
        std::string label = row->label;
        // Reports that name "Kaz" without linking him to anyone known make a new entity each;
        // rows that read the same must still be told apart, and the question put to the panel.
        if (named[row->label] > 1) {
            label += " (entity " + std::to_string(row->id) + ")";
            why.insert(why.begin(), "another suspect listed has the same name: possibly the same person (see Who is who)");
        }
        if (row->broker) {
            why.insert(why.begin(), "broker: removing them splits the network");
        }
        table.rows.push_back({std::to_string(++rank), label, score,
                              std::to_string(row->children) + " (" + std::to_string(row->significantChildren) +
                                  " sig.)",
                              std::to_string(row->records), joined(why, "; ")});
    }
    m_out.sections.push_back(std::move(section));
}

void Assembler::targetsSection()
{
    std::unordered_map<EntityId, std::vector<const DisruptionAction *>> actionsOf;
    for (const auto &action : m_disruptions) {
        actionsOf[action.target].push_back(&action);
    }
    auto tacticTitle = [&](const std::string &key) {
        const auto *tactic = m_tactics ? m_tactics->find(key) : nullptr;
        return tactic ? tactic->title : key;
    };

    BriefingSection section;
    section.heading = "Premises and vehicles";
    section.paragraphs.push_back("Where children in scope are exploited or carried, ranked by the risk of the "
                                 "children linked to each, with tactics that apply and what has been agreed.");
    if (!m_tactics) {
        section.notes.push_back("No tactics catalogue (data/tactics.json) was found: suggested tactics are left out.");
    }
    auto &table = section.table;
    table.header = {"Target", "Type", "Children", "Why", "Suggested tactics", "Agreed actions"};
    table.widths = {1.6, 0.8, 0.8, 2.7, 2.2, 2.2};
    table.empty = "No premises or vehicle in scope.";
    for (const auto *rows : {&m_analysis->hotspots.premises, &m_analysis->hotspots.vehicles}) {
        for (const auto &row : *rows) {
            if (!inScope(row.id)) {
                continue;
            }
            const auto *entity = m_snapshot->findEntity(row.id);
            const EntityType type = entity ? entity->type : EntityType::Premises;
            std::string typeText = std::string(toString(type));
            if (entity && !entity->attribute("premises_type").empty()) {
                typeText += " (" + entity->attribute("premises_type") + ")";
            }
            std::vector<std::string> suggested;
            if (m_tactics) {
                for (const auto *tactic : m_tactics->forType(type)) {
                    suggested.push_back(tactic->title);
                    if (suggested.size() == 3) {
                        break;
                    }
                }
            }
            std::vector<std::string> agreed;
            for (const auto *action : actionsOf[row.id]) {
                agreed.push_back(tacticTitle(action->tactic) + ": " + action->status +
                                 (action->due ? ", due " + formatDate(*action->due) : ""));
            }
            const std::string label = entity && type == EntityType::Premises ? entity->labelWithPostcode() : row.label;
            table.rows.push_back({label, typeText, std::to_string(row.distinctChildren), joined(row.reasons, "; "),
                                  joined(suggested, "; "), agreed.empty() ? "none yet" : joined(agreed, "; ")});
        }
    }
    m_out.sections.push_back(std::move(section));

    BriefingSection plan;
    plan.heading = "Disruption actions";
    plan.paragraphs.push_back("Every action on the disruption plan against an entity in scope.");
    auto &actions = plan.table;
    actions.header = {"Target", "Tactic", "Owner", "Status", "Due", "Notes"};
    actions.widths = {1.6, 2.0, 1.2, 0.9, 1.1, 2.5};
    actions.empty = "No disruption action recorded against anyone or anything in scope.";
    for (const auto &action : m_disruptions) {
        if (!inScope(action.target)) {
            continue;
        }
        const bool late = action.due && *action.due < m_request.asOf &&
                          (action.status == "proposed" || action.status == "agreed" || action.status == "in_progress");
        actions.rows.push_back({labelOf(action.target), tacticTitle(action.tactic), action.owner, action.status,
                                action.due ? formatDate(*action.due) + (late ? " OVERDUE" : "") : "",
                                action.notes});
    }
    m_out.sections.push_back(std::move(plan));
}

} // namespace harbour::report::detail
