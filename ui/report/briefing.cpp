#include "harbour/report/briefing.h"

#include "briefing_assembler.h"

#include "harbour/analysis/identity_fold.h"

#include "harbour/analysis/analysis.h"
#include "harbour/children.h"
#include "harbour/indicator_words.h"
#include "harbour/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <deque>
#include <optional>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace harbour::report {

// ---------------------------------------------------------------------------------------------
// Redactor

namespace {

char lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool isWordChar(char c)
{
    // Bytes of multi-byte UTF-8 characters count as letters, so "Zoë" is one word.
    return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80) != 0;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

bool equalsIgnoringCase(std::string_view text, std::string_view lowerCase)
{
    return text.size() == lowerCase.size() &&
           std::equal(text.begin(), text.end(), lowerCase.begin(), [](char c, char l) { return lower(c) == l; });
}

} // namespace

void Redactor::add(std::string_view name, const std::string &replacement)
{
    // Names and texts are both compared in NFC: a name typed with a combining accent is the same name.
    std::string key = toNfc(name);
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) {
        key.pop_back();
    }
    key.erase(0, std::min(key.size(), key.find_first_not_of(" \t")));
    if (key.empty()) {
        return;
    }
    // Initials and short nicknames ("AS", "IS", "Mo") are matched as written: matched in any
    // case they would eat ordinary words ("as", "is") and garble the briefing.
    const bool hasLower = std::any_of(key.begin(), key.end(), [](unsigned char c) { return std::islower(c); });
    const bool exact = key.size() < 4 || !hasLower;
    if (!exact) {
        key = lowered(key);
    }
    const std::size_t length = key.size();
    if ((exact ? m_exact : m_anyCase).try_emplace(std::move(key), m_replacements.size()).second) {
        m_replacements.push_back(replacement);
        m_longest = std::max(m_longest, length);
    }
}

const std::string *Redactor::find(std::string_view text, std::string_view low) const
{
    std::size_t first = m_replacements.size();
    if (const auto it = m_exact.find(text); it != m_exact.end()) {
        first = std::min(first, it->second);
    }
    if (const auto it = m_anyCase.find(low); it != m_anyCase.end()) {
        first = std::min(first, it->second);
    }
    return first < m_replacements.size() ? &m_replacements[first] : nullptr;
}

std::string Redactor::apply(const std::string &original) const
{
    if (m_replacements.empty() || original.empty()) {
        return original;
    }
    const std::string text = isAscii(original) ? original : toNfc(original);
    const std::string low = lowered(text);
    // A name can end only where a word does: before a character outside words, or at the end.
    std::vector<std::size_t> ends;
    for (std::size_t end = 1; end <= text.size(); ++end) {
        if (end == text.size() || !isWordChar(text[end])) {
            ends.push_back(end);
        }
    }
    const std::string_view asWritten(text);
    const std::string_view anyCase(low);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if ((i == 0 || !isWordChar(text[i - 1])) && isWordChar(text[i])) {
            // Longest first: try every place a name starting here could end, the farthest first.
            const auto nearest = std::upper_bound(ends.begin(), ends.end(), i);
            auto it = std::upper_bound(nearest, ends.end(), i + m_longest);
            const std::string *replacement = nullptr;
            while (it != nearest && !replacement) {
                --it;
                replacement = find(asWritten.substr(i, *it - i), anyCase.substr(i, *it - i));
            }
            if (replacement) {
                out += *replacement;
                i = *it;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Assembly

namespace detail {

std::string pseudonymLetters(std::size_t index)
{
    std::string letters;
    ++index;
    while (index > 0) {
        --index;
        letters.insert(letters.begin(), static_cast<char>('A' + index % 26));
        index /= 26;
    }
    return letters;
}

std::string gradingText(const Grading &grading)
{
    std::string text = grading.toString();
    if (grading.conditionsApply()) {
        text += " (C: conditions apply)";
    }
    return text;
}

std::string truncated(std::string text, std::size_t limit)
{
    if (text.size() <= limit) {
        return text;
    }
    std::size_t cut = text.rfind(' ', limit);
    if (cut == std::string::npos || cut < limit / 2) {
        cut = limit;
    }
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut; // never split a UTF-8 character
    }
    text.resize(cut);
    return text + " ...";
}

std::string joined(const std::vector<std::string> &parts, std::string_view separator)
{
    std::string out;
    for (const auto &part : parts) {
        if (part.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

} // namespace detail

namespace detail {

std::string nowUtc()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

Status Assembler::load()
{
    // Read here, the snapshot is folded into its identities as the app's and the CLI's are: the
    // briefing counts and draws people, not entries.
    const auto readFolded = [&]() -> Result<GraphSnapshot> {
        auto snapshot = m_store.snapshot(m_request.window, m_request.asOf);
        if (!snapshot) {
            return snapshot;
        }
        auto log = m_store.auditLog();
        if (!log) {
            return log.error();
        }
        analysis::foldIdentities(snapshot.value(), log.value(), m_policy);
        return snapshot;
    };
    if (auto status = m_snapshot.lendOr(m_loaded.snapshot, readFolded); !status) {
        return status;
    }
    // An analysis is lent only with the snapshot it was made from.
    if (auto status = m_analysis.lendOr(m_loaded.snapshot ? m_loaded.analysis : nullptr,
                                        [&] { return analysis::analyse(*m_snapshot, m_policy); });
        !status) {
        return status;
    }
    if (auto status = m_rows.lendOr(m_loaded.children, [&] { return childRows(m_store, m_request.asOf); }); !status) {
        return status;
    }
    for (const auto &row : *m_rows) {
        // One row per child: an identity's entries may each have been screened; the latest stands.
        const auto [it, added] = m_rowOf.emplace(m_snapshot->standingFor(row.id), &row);
        if (!added && row.lastScreening > it->second->lastScreening) {
            it->second = &row;
        }
    }
    auto disruptions = m_store.disruptions();
    if (!disruptions) {
        return disruptions.error();
    }
    m_disruptions = std::move(disruptions).value();
    if (!m_request.pseudonymise) {
        return {};
    }
    // Every name and alias a child was screened or reported missing under, to take out of the
    // narratives: read only to pseudonymise (at a million reports, seconds of reading).
    auto screenedNames = m_store.screenedNames();
    if (!screenedNames) {
        return screenedNames.error();
    }
    m_screenedNames = std::move(screenedNames).value();
    return m_missing.lendOr(m_loaded.missing, [&] { return m_store.missingEpisodes(); });
}

Status Assembler::chooseScope()
{
    DiagramFocus focus;
    DiagramOptions options;
    switch (m_request.scope) {
    case BriefingScope::Cluster: {
        const auto it = std::find_if(m_analysis->clusters.begin(), m_analysis->clusters.end(),
                                     [&](const analysis::Cluster &c) { return c.id == m_request.cluster; });
        if (it == m_analysis->clusters.end()) {
            return makeError(ErrorCode::NotFound, "no cluster " + m_request.cluster + " (there are " +
                                                      std::to_string(m_analysis->clusters.size()) + ")");
        }
        m_cluster = &*it;
        focus = DiagramFocus::ofCluster(m_request.cluster);
        break;
    }
    case BriefingScope::Child:
    case BriefingScope::MaceChild: {
        m_child = m_snapshot->standingFor(m_request.child);
        const auto *entity = m_snapshot->findEntity(m_child);
        if (!entity || !entity->isChild()) {
            return makeError(ErrorCode::NotFound, "entity " + std::to_string(m_request.child) +
                                                      " is not a child named in the records");
        }
        focus = DiagramFocus::ofChild(m_child, m_request.childSteps);
        options.maxNodes = m_request.childDrawn > 0 ? std::min(m_request.childNodes, m_request.childDrawn)
                                                    : m_request.childNodes;
        break;
    }
    case BriefingScope::Panel:
        focus = DiagramFocus::everything();
        options.maxNodes = m_request.panelNodes;
        break;
    case BriefingScope::Profile:
    case BriefingScope::MaceContext:
        if (m_request.premises == 0) {
            return chooseAreaScope();
        }
        {
            const auto *entity = m_snapshot->findEntity(m_request.premises);
            const bool place = entity && (entity->type == EntityType::Premises ||
                                          entity->type == EntityType::Place || entity->type == EntityType::Vehicle);
            if (!place) {
                return makeError(ErrorCode::NotFound, "entity " + std::to_string(m_request.premises) +
                                                          " is not a premises, place or vehicle in the records");
            }
        }
        // Around a premises: what is around a child, the same nearest-first cut.
        focus = DiagramFocus::ofChild(m_snapshot->standingFor(m_request.premises), m_request.childSteps);
        options.maxNodes = m_request.childDrawn > 0 ? std::min(m_request.childNodes, m_request.childDrawn)
                                                    : m_request.childNodes;
        break;
    }
    auto diagram = buildDiagram(*m_snapshot, *m_analysis, focus, m_policy, options);
    if (!diagram) {
        return diagram.error();
    }
    m_out.diagram = std::move(diagram).value();
    const bool aroundOne = m_request.scope == BriefingScope::Child || m_request.scope == BriefingScope::MaceChild ||
                           m_request.scope == BriefingScope::MaceContext;
    if (aroundOne && m_out.diagram.leftOut > 0) {
        const std::size_t drawn = m_out.diagram.nodes.size();
        const std::size_t total = drawn + m_out.diagram.leftOut;
        std::string covered;
        if (m_request.childNodes > drawn) {
            // The same selection with more room, unplaced: what the tables cover.
            options.maxNodes = m_request.childNodes;
            options.layout = false;
            auto wider = buildDiagram(*m_snapshot, *m_analysis, focus, m_policy, options);
            if (!wider) {
                return wider.error();
            }
            m_wider = std::move(wider).value();
            covered = m_wider->leftOut == 0 ? "; the tables cover all " + std::to_string(total)
                                            : "; the tables cover the " + std::to_string(m_wider->nodes.size()) +
                                                  " nearest";
        }
        m_out.diagram.title +=
            " (the " + std::to_string(drawn) + " nearest of " + std::to_string(total) + " entities" + covered + ")";
    }
    for (const auto &node : scopeDiagram().nodes) {
        m_scope.entities.insert(node.entity);
    }

    // Children in briefing order: the risk table's order (highest final level first), then
    // children named in records but never screened.
    std::set<EntityId> chosen;
    auto take = [&](EntityId id) {
        if (chosen.insert(id).second) {
            m_scope.children.push_back(id);
        }
    };
    for (const auto &row : *m_rows) {
        // A person, judged by the latest screening of any of their entries (m_rowOf).
        const EntityId person = m_snapshot->standingFor(row.id);
        const bool wanted = m_request.scope == BriefingScope::Panel
                                ? m_rowOf.at(person)->final >= RiskLevel::Medium
                                : inScope(person) || (aroundOne && person == m_child);
        if (wanted) {
            take(person);
        }
    }
    if (m_request.scope != BriefingScope::Panel) {
        for (const auto &node : scopeDiagram().nodes) {
            if (node.child) {
                take(node.entity);
            }
        }
    }
    // A panel reads about the children it reviews even when the diagram had no room for them.
    for (const auto id : m_scope.children) {
        m_scope.entities.insert(id);
    }
    return {};
}

void Assembler::pseudonyms()
{
    // Every child in the snapshot gets a label, not only those in scope: narratives name other
    // children too. Children in scope come first so the briefing reads A, B, C.
    std::vector<EntityId> order = m_scope.children;
    std::unordered_map<EntityId, std::uint32_t> place; // child -> first index into order
    place.reserve(m_rows->size() + order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        place.try_emplace(order[i], static_cast<std::uint32_t>(i));
    }
    const auto addChild = [&](EntityId id) {
        if (place.try_emplace(id, static_cast<std::uint32_t>(order.size())).second) {
            order.push_back(id);
        }
    };
    for (const auto &row : *m_rows) {
        addChild(m_snapshot->standingFor(row.id));
    }
    for (const auto &entity : m_snapshot->entities) {
        if (entity.isChild()) {
            addChild(entity.id);
        }
    }

    // Every name each child is known by, as (index into order, name), viewing strings that
    // outlive this function: at a million reports there are hundreds of thousands of children,
    // and a list of copied names per child was most of the time a partner briefing took.
    std::vector<std::pair<std::uint32_t, std::string_view>> known;
    std::unordered_map<EntityId, std::vector<const ChildRow *>> screenedUnder; // identity -> its screened entries
    for (const auto &row : *m_rows) {
        screenedUnder[m_snapshot->standingFor(row.id)].push_back(&row);
    }
    std::deque<std::string> attributes; // the one kind of name not stored anywhere already
    m_pseudonyms.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        const EntityId id = order[i];
        const auto at = static_cast<std::uint32_t>(i);
        std::string label = "Child " + pseudonymLetters(i);
        const auto row = m_rowOf.find(id);
        if (row != m_rowOf.end() && row->second->age) {
            label += " (" + std::to_string(*row->second->age) + ")";
        }
        m_pseudonyms[id] = std::move(label);
        // Every entry of the child's identity: each spelling it was named or screened under.
        std::vector<EntityId> entries{id};
        if (const auto *entity = m_snapshot->findEntity(id)) {
            known.emplace_back(at, entity->label);
            known.emplace_back(at, attributes.emplace_back(entity->attribute("name")));
            entries.insert(entries.end(), entity->foldedFrom.begin(), entity->foldedFrom.end());
        }
        for (const EntityId entryId : entries) {
            if (const auto *entry = m_snapshot->findEntry(entryId); entry != nullptr && entryId != id) {
                known.emplace_back(at, entry->label);
                known.emplace_back(at, attributes.emplace_back(entry->attribute("name")));
            }
            if (const auto screened = m_screenedNames.find(entryId); screened != m_screenedNames.end()) {
                for (const auto &name : screened->second) {
                    known.emplace_back(at, name);
                }
            }
        }
        if (const auto rows = screenedUnder.find(id); rows != screenedUnder.end()) {
            for (const ChildRow *screened : rows->second) {
                known.emplace_back(at, screened->name);
            }
        }
    }
    const auto placeOf = [&](EntityId id) -> std::optional<std::uint32_t> {
        const auto it = place.find(id);
        return it == place.end() ? std::nullopt : std::optional(it->second);
    };
    for (const auto &episode : *m_missing) {
        if (const auto at = placeOf(m_snapshot->standingFor(episode.child))) {
            const auto &child = episode.episode.child;
            known.emplace_back(*at, child.name ? std::string_view(*child.name) : std::string_view());
            for (const auto &alias : child.aliases) {
                known.emplace_back(*at, alias);
            }
        }
    }
    // Nicknames are nodes of their own, tied to the child by alias_of links.
    for (const auto &link : m_snapshot->links) {
        const bool alias = std::any_of(link.evidence.begin(), link.evidence.end(),
                                       [](const LinkEvidence &e) { return e.relation == "alias_of"; });
        if (!alias) {
            continue;
        }
        for (const auto &[person, other] : {std::pair(link.a, link.b), std::pair(link.b, link.a)}) {
            const auto at = placeOf(person);
            const auto *entity = m_snapshot->findEntity(other);
            if (at && entity && entity->type == EntityType::Alias) {
                known.emplace_back(*at, entity->label);
            }
        }
    }
    // Child by child in order, each child's names in the order found: the first label given for
    // a name keeps it (Redactor::add).
    std::stable_sort(known.begin(), known.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    for (const auto &[at, name] : known) {
        if (name.empty()) {
            continue;
        }
        const auto &label = m_pseudonyms[order[at]];
        m_redactor.add(name, label);
        // Narratives use first names and surnames on their own ("Thomas has been missing").
        std::size_t start = 0;
        while (start < name.size()) {
            std::size_t end = start;
            while (end < name.size() && isWordChar(name[end])) {
                ++end;
            }
            if (end - start >= 3) {
                const auto part = name.substr(start, end - start);
                if (!equalsIgnoringCase(part, "unknown")) {
                    m_redactor.add(part, label);
                }
            }
            start = end + 1;
        }
    }
}

void Assembler::summary()
{
    auto &out = m_out;
    out.title = "Strategy meeting briefing";
    out.pseudonymised = m_request.pseudonymise;
    std::string purpose;
    switch (m_request.scope) {
    case BriefingScope::Cluster:
        out.scopeText = "cluster " + m_cluster->id;
        out.subtitle = "Network " + m_cluster->id + (m_cluster->organised ? ": suggests organised abuse" : "");
        purpose = "To agree a multi-agency plan to protect the children linked in network " + m_cluster->id +
                  " and to disrupt the people, premises and vehicles around them.";
        break;
    case BriefingScope::Child:
        out.scopeText = labelOf(m_child);
        out.subtitle = "Child: " + labelOf(m_child);
        purpose = "To review the risk to " + labelOf(m_child) +
                  ", the people and places linked to them, and to agree actions.";
        break;
    case BriefingScope::Panel:
        out.scopeText = "panel";
        out.subtitle = "Panel review: children at medium or significant risk";
        purpose = "To review every child at medium or significant risk, the networks around them and the "
                  "disruption of those who exploit them.";
        break;
    case BriefingScope::Profile:
        out.title = "Problem profile";
        out.scopeText = m_request.area.empty() ? "all areas" : "area " + m_request.area;
        out.subtitle = "Problem profile: victims, offenders and locations, " + out.scopeText;
        purpose = "To describe the scale and nature of child exploitation in " +
                  (m_request.area.empty() ? std::string("the area the records cover") : m_request.area) +
                  ": the children, the networks, the places and times, the offenders, and what is not known.";
        break;
    case BriefingScope::MaceChild:
        out.title = "MACE panel: child-focused";
        out.scopeText = labelOf(m_child);
        out.subtitle = "Child: " + labelOf(m_child);
        purpose = "To review the risk to " + labelOf(m_child) +
                  ", what pushes and pulls them, their history and links, and to agree actions, owners and dates.";
        break;
    case BriefingScope::MaceContext:
        out.title = "MACE panel: contextual";
        out.scopeText =
            m_request.premises != 0 ? labelOf(m_snapshot->standingFor(m_request.premises)) : "area " + m_request.area;
        out.subtitle = "Places, peer groups and perpetrators: " + out.scopeText;
        purpose = "To review the places and spaces, peer groups and perpetrators around " + out.scopeText +
                  ", and to agree their disruption.";
        break;
    }
    out.facts.emplace_back("Purpose", purpose);
    out.facts.emplace_back("Information as of", formatDate(m_request.asOf));
    std::string window = "all records";
    if (m_request.window.since || m_request.window.until) {
        window = "records from " + (m_request.window.since ? formatDate(*m_request.window.since) : "the start") +
                 " to " + (m_request.window.until ? formatDate(*m_request.window.until) : "the latest");
    }
    out.facts.emplace_back("Covers", window);
    out.facts.emplace_back("Prepared", nowUtc() + " by " + m_store.user() + " with Harbour");
    switch (m_request.audience) {
    case BriefingAudience::Police:
        out.handling = "Police only";
        out.facts.emplace_back("Sharing", "police only; pseudonymise before sharing beyond the police");
        break;
    case BriefingAudience::Partners:
        out.handling = m_request.pseudonymise ? "For partner agencies: children pseudonymised"
                                              : "For partner agencies: CHILDREN ARE NAMED";
        out.facts.emplace_back("Sharing", m_request.pseudonymise
                                              ? "partner agencies; children are pseudonymised"
                                              : "partner agencies; children are named at the analyst's explicit "
                                                "decision (audited)");
        break;
    }
    if (m_request.pseudonymise) {
        out.facts.emplace_back("Pseudonymised", "children's names are replaced by labels such as \"Child A (14)\"; "
                                                "the key is held by the analyst, not in this document");
    }
    if (m_cluster) {
        std::vector<std::string> reasons;
        for (const auto &reason : m_cluster->reasons) {
            if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
                reasons.push_back(reason);
            }
        }
        for (std::size_t i = 0; i < reasons.size(); ++i) {
            out.facts.emplace_back(i == 0 ? "Why this network" : "", reasons[i]);
        }
    }

    int levels[4] = {0, 0, 0, 0};
    int overdue = 0;
    for (const auto id : m_scope.children) {
        if (const auto row = m_rowOf.find(id); row != m_rowOf.end()) {
            ++levels[static_cast<int>(row->second->final)];
            overdue += row->second->overdueCount();
        }
    }
    int suspects = 0, premises = 0, vehicles = 0, places = 0;
    for (const auto &node : scopeDiagram().nodes) {
        suspects += node.suspect ? 1 : 0;
        premises += node.type == EntityType::Premises ? 1 : 0;
        vehicles += node.type == EntityType::Vehicle ? 1 : 0;
        places += node.type == EntityType::Place ? 1 : 0;
    }
    int missing = 0;
    for (const auto &episode : m_snapshot->missing) {
        missing += std::find(m_scope.children.begin(), m_scope.children.end(), episode.child) != m_scope.children.end();
    }
    auto &n = out.numbers;
    n.emplace_back("Children", std::to_string(m_scope.children.size()));
    n.emplace_back("at significant risk", std::to_string(levels[3]));
    n.emplace_back("at medium risk", std::to_string(levels[2]));
    n.emplace_back("at low risk", std::to_string(levels[1]));
    n.emplace_back("not screened", std::to_string(static_cast<int>(m_scope.children.size()) - levels[0] - levels[1] -
                                                  levels[2] - levels[3]));
    n.emplace_back("Overdue actions", std::to_string(overdue));
    n.emplace_back("Missing episodes", std::to_string(missing));
    n.emplace_back("Suspects", std::to_string(suspects));
    n.emplace_back("Premises", std::to_string(premises));
    n.emplace_back("Vehicles", std::to_string(vehicles));

}

void Assembler::childrenSection()
{
    BriefingSection section;
    section.heading = "Children";
    section.paragraphs.push_back("Highest final risk level first. The final level is the computed level unless a "
                                 "professional judgement raised it; the rules fired say why.");
    auto &table = section.table;
    table.header = {"Child", "Age", "Final level", "Computed", "Trend", "Rules fired", "Actions due"};
    table.widths = {1.6, 0.5, 1.0, 1.0, 0.6, 3.0, 3.0};
    table.riskColumns = {2, 3};
    table.empty = "No screened child in scope.";
    for (const auto id : m_scope.children) {
        const auto it = m_rowOf.find(id);
        if (it == m_rowOf.end()) {
            // Often the same child named without a date of birth: say so, the chair will ask.
            const auto *entity = m_snapshot->findEntity(id);
            const bool sameName = entity && std::any_of(m_rows->begin(), m_rows->end(), [&](const ChildRow &row) {
                                      return lowered(row.name) == lowered(entity->label);
                                  });
            table.rows.push_back({labelOf(id), "", "not screened", "", "",
                                  sameName ? "named in records, never screened; a screened child has the same "
                                             "name: possibly the same child (see Who is who)"
                                           : "named in records, never screened",
                                  ""});
            continue;
        }
        const auto &row = *it->second;
        std::vector<std::string> rules;
        for (const auto &rule : row.rules) {
            rules.push_back(ruleInWords(rule));
        }
        // The chair needs what is late and what comes next, not the whole guidance text.
        std::vector<std::string> actions;
        int open = 0;
        std::optional<Date> nextDue;
        for (const auto &action : row.actions) {
            if (action.stored.status != "open") {
                continue;
            }
            ++open;
            if (action.overdue) {
                actions.push_back("OVERDUE since " + formatDate(*action.stored.action.due) + ": " +
                                  truncated(action.stored.action.text, 70));
            } else if (action.stored.action.due && (!nextDue || *action.stored.action.due < *nextDue)) {
                nextDue = action.stored.action.due;
            }
        }
        const int late = static_cast<int>(actions.size());
        if (open > late) {
            actions.push_back(std::to_string(open - late) + " more open" +
                              (nextDue ? ", next due " + formatDate(*nextDue) : std::string()));
        }
        actions.push_back(row.reviewOverdue ? "Review OVERDUE since " + formatDate(row.nextReview)
                                            : "Next review " + formatDate(row.nextReview));
        table.rows.push_back({labelOf(id), row.age ? std::to_string(*row.age) : "?", std::string(toString(row.final)),
                              std::string(toString(row.computed)), std::string(toString(row.trend)),
                              joined(rules, "; "), joined(actions, "; ")});
    }
    m_out.sections.push_back(std::move(section));
}

void Assembler::diagramSection()
{
    BriefingSection section;
    section.heading = "Network diagram";
    section.figure = BriefingSection::Figure::Diagram;
    const auto &d = m_out.diagram;
    section.paragraphs.push_back(d.title + ": " + std::to_string(d.nodes.size()) + " entities, " +
                                 std::to_string(d.edges.size()) + " links. Children are coloured by final risk "
                                 "level; larger symbols rank higher.");
    section.notes.push_back("Solid line: at least one well-graded record. Dashed: only low-graded records. Dotted "
                            "and faint: only records graded as suspected false (kept, weighs nothing). Lines marked "
                            "C rest on records with handling code C (conditions apply).");
    m_out.sections.push_back(std::move(section));
}

void Assembler::timelineSection()
{
    std::set<RecordRowId> rows;
    for (const auto &mention : m_snapshot->mentions) {
        if (inScope(mention.entity)) {
            rows.insert(mention.record);
        }
    }
    std::map<std::pair<int, int>, TimelineMonth> months;
    int reports = 0, screenings = 0, missing = 0;
    for (const auto rowId : rows) {
        const auto *record = m_snapshot->findRecord(rowId);
        if (!record) {
            continue;
        }
        const Date day = toDate(record->at);
        const auto key = std::pair(static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())));
        auto &month = months[key];
        month.year = key.first;
        month.month = key.second;
        switch (record->kind) {
        case RecordKind::InformationReport: ++month.reports, ++reports; break;
        case RecordKind::Screening: ++month.screenings, ++screenings; break;
        case RecordKind::MissingEpisode: ++month.missing, ++missing; break;
        }
    }
    // Fill the empty months in between so the chart's axis is even.
    if (!months.empty()) {
        auto [year, month] = months.begin()->first;
        const auto last = months.rbegin()->first;
        while (std::pair(year, month) <= last) {
            auto &entry = months[{year, month}];
            entry.year = year;
            entry.month = month;
            if (++month > 12) {
                month = 1;
                ++year;
            }
        }
    }
    for (const auto &[key, month] : months) {
        m_out.timeline.push_back(month);
    }
    BriefingSection section;
    section.heading = "Timeline";
    section.figure = BriefingSection::Figure::Timeline;
    section.paragraphs.push_back(std::to_string(reports) + " information reports, " + std::to_string(screenings) +
                                 " screenings and " + std::to_string(missing) +
                                 " missing episodes name someone or something in scope, per month.");
    section.paragraphs.push_back(whenSentence({}));
    m_out.sections.push_back(std::move(section));
}

void Assembler::gapsSection()
{
    BriefingSection section;
    section.heading = "Intelligence gaps";
    section.paragraphs.push_back("Links in scope that rest on a single report, or only on low-graded or "
                                 "suspected-false reports. Corroborate before acting on them.");
    auto &table = section.table;
    table.header = {"Link", "Records", "Grading", "Gap"};
    table.widths = {3.0, 1.6, 2.4, 2.0};
    table.empty = "Every link in scope rests on more than one well-graded report.";
    const auto &d = scopeDiagram();
    for (const auto &edge : d.edges) {
        const bool single = edge.records.size() == 1;
        const bool low = edge.style != EdgeStyle::Solid;
        if (!single && !low) {
            continue;
        }
        std::vector<std::string> ids;
        std::vector<std::string> gradings;
        for (const auto rowId : edge.records) {
            if (const auto *record = m_snapshot->findRecord(rowId)) {
                ids.push_back(record->id);
                const auto text = gradingText(record->grading);
                if (std::find(gradings.begin(), gradings.end(), text) == gradings.end()) {
                    gradings.push_back(text);
                }
            }
        }
        std::string gap = edge.style == EdgeStyle::DottedFaint ? "suspected false only"
                          : low                                ? "low-graded only"
                                                               : "";
        if (single) {
            gap = gap.empty() ? "single report" : "single report, " + gap;
        }
        table.rows.push_back({d.nodes[edge.from].label + " - " + d.nodes[edge.to].label, joined(ids, "; "),
                              joined(gradings, "; "), gap});
    }
    if (table.rows.size() > 40) {
        const auto more = table.rows.size() - 40;
        table.rows.resize(40);
        section.notes.push_back(std::to_string(more) + " more links with gaps are not listed.");
    }
    m_out.sections.push_back(std::move(section));
}

void Assembler::redact()
{
    const auto &r = m_redactor;
    auto fix = [&](std::string &text) { text = r.apply(text); };
    fix(m_out.scopeText);
    fix(m_out.subtitle);
    for (auto &[key, value] : m_out.facts) {
        fix(value);
    }
    for (auto &section : m_out.sections) {
        fix(section.heading);
        for (auto &p : section.paragraphs) {
            fix(p);
        }
        for (auto &n : section.notes) {
            fix(n);
        }
        for (auto &row : section.table.rows) {
            for (auto &cell : row) {
                fix(cell);
            }
        }
    }
    fix(m_out.diagram.title);
    for (auto &node : m_out.diagram.nodes) {
        fix(node.label);
    }
}

Result<BriefingData> Assembler::run()
{
    if (auto status = load(); !status) {
        return status.error();
    }
    if (auto status = chooseScope(); !status) {
        return status.error();
    }
    if (m_request.pseudonymise) {
        pseudonyms();
    }
    if (auto status = readTimes(); !status) {
        return status.error();
    }
    summary();
    switch (m_request.scope) {
    case BriefingScope::Profile: profileSections(); break;
    case BriefingScope::MaceChild: maceChildSections(); break;
    case BriefingScope::MaceContext: maceContextSections(); break;
    case BriefingScope::Cluster:
    case BriefingScope::Child:
    case BriefingScope::Panel:
        childrenSection();
        diagramSection();
        suspectsSection();
        targetsSection();
        beforeAfterSection("Before and after disruption");
        timelineSection();
        gapsSection();
        recordsSection();
        break;
    }
    if (m_request.pseudonymise) {
        // Child labels first (exact), then every other string, so no name survives anywhere.
        for (auto &node : m_out.diagram.nodes) {
            if (const auto it = m_pseudonyms.find(node.entity); it != m_pseudonyms.end()) {
                node.label = it->second;
            }
        }
        redact();
    }
    return std::move(m_out);
}

} // namespace detail

std::optional<BriefingAudience> parseAudience(std::string_view text)
{
    if (text == "police") {
        return BriefingAudience::Police;
    }
    if (text == "partners") {
        return BriefingAudience::Partners;
    }
    return std::nullopt;
}

std::string_view audienceName(BriefingAudience audience)
{
    return audience == BriefingAudience::Police ? "police" : "partners";
}

Result<BriefingData> assembleBriefing(Store &store, const BriefingRequest &request,
                                      const analysis::AnalysisPolicy &policy, const TacticsCatalogue *tactics,
                                      const BriefingSources &loaded)
{
    detail::Assembler assembler(store, request, policy, tactics, loaded);
    return assembler.run();
}

Result<BriefingData> produceBriefing(Store &store, const BriefingRequest &request,
                                     const analysis::AnalysisPolicy &policy, const TacticsCatalogue *tactics,
                                     const std::filesystem::path &out, const BriefingSources &loaded)
{
    auto briefing = assembleBriefing(store, request, policy, tactics, loaded);
    if (!briefing) {
        return briefing;
    }
    if (const auto written = writeBriefing(briefing.value(), out); !written) {
        return written.error();
    }
    std::string conditional;
    if (request.audience != BriefingAudience::Police) {
        conditional = request.includeConditional ? ", code-C text included" : ", code-C text withheld";
    }
    const auto audited =
        store.appendAudit("export", "briefing " + briefing.value().scopeText,
                          "for " + std::string(audienceName(request.audience)) + ", " +
                              (request.pseudonymise ? "pseudonymised" : "children named") + conditional + ", to " +
                              out.string());
    if (!audited) {
        return audited.error();
    }
    return briefing;
}

} // namespace harbour::report
