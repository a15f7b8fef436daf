// The problem profile (`harbour brief --profile`): victims, offenders and locations of an area
// or of everything, with its sources, refresh date and data quality (docs/briefing.md).
#include "briefing_assembler.h"

#include "harbour/analysis/identities.h"
#include "harbour/indicator_words.h"
#include "harbour/report/data_quality.h"
#include "harbour/uk_formats.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace harbour::report::detail {

namespace {

std::string upper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

/// The postcode district an entity is in: its postcode, or the postcode in its address.
std::string districtOf(const EntityInfo &entity)
{
    std::string postcode = entity.attribute("postcode");
    if (postcode.empty()) {
        if (const auto found = postcodeInAddress(entity.attribute("address"))) {
            postcode = *found;
        }
    }
    return postcode.empty() ? std::string() : postcodeDistrict(postcode);
}

/// The nodes of `whole` whose entity is in `keep`, and the edges between them.
Diagram restricted(const Diagram &whole, const std::unordered_set<EntityId> &keep)
{
    Diagram out;
    out.title = whole.title;
    std::vector<std::optional<std::size_t>> index(whole.nodes.size());
    for (std::size_t i = 0; i < whole.nodes.size(); ++i) {
        if (keep.contains(whole.nodes[i].entity)) {
            index[i] = out.nodes.size();
            out.nodes.push_back(whole.nodes[i]);
        }
    }
    for (const auto &edge : whole.edges) {
        if (index[edge.from] && index[edge.to]) {
            DiagramEdge copy = edge;
            copy.from = *index[edge.from];
            copy.to = *index[edge.to];
            out.edges.push_back(std::move(copy));
        }
    }
    return out;
}

/// The `limit` entities of `scope` a page can draw, laid out afresh: the places in `first` (an
/// area's own, or the highest-ranked), then the children and suspects linked to them, then other
/// children and suspects, then the rest; by priority within each.
Diagram drawable(const Diagram &scope, std::size_t limit, const std::string &title,
                 const std::unordered_set<EntityId> &first)
{
    std::vector<int> tier(scope.nodes.size(), 0);
    for (std::size_t i = 0; i < scope.nodes.size(); ++i) {
        const auto &node = scope.nodes[i];
        tier[i] = first.contains(node.entity) ? 3 : node.child || node.suspect ? 1 : 0;
    }
    for (const auto &edge : scope.edges) {
        for (const auto &[near, far] : {std::pair(edge.from, edge.to), std::pair(edge.to, edge.from)}) {
            if (tier[near] == 1 && first.contains(scope.nodes[far].entity)) {
                tier[near] = 2;
            }
        }
    }
    std::vector<std::size_t> order(scope.nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return tier[a] != tier[b] ? tier[a] > tier[b] : scope.nodes[a].priority > scope.nodes[b].priority;
    });
    std::unordered_set<EntityId> keep;
    for (std::size_t i = 0; i < order.size() && i < limit; ++i) {
        keep.insert(scope.nodes[order[i]].entity);
    }
    Diagram out = restricted(scope, keep);
    out.title = title;
    out.leftOut = scope.nodes.size() - out.nodes.size();
    // Laid out afresh by the one layout, its links drawn as lines (diagram/layout.h).
    drawEdgesAsLines(out);
    layoutDiagram(out, {}, {}, DiagramOptions{}.seed);
    return out;
}

std::string kindName(RecordKind kind)
{
    switch (kind) {
    case RecordKind::InformationReport: return "Information reports";
    case RecordKind::Screening: return "Screenings";
    case RecordKind::MissingEpisode: return "Missing episodes";
    }
    return "Records";
}

} // namespace

Status Assembler::chooseAreaScope()
{
    DiagramOptions options;
    options.layout = false;
    auto whole = buildDiagram(*m_snapshot, *m_analysis, DiagramFocus::everything(), m_policy, options);
    if (!whole) {
        return whole.error();
    }
    const std::string area = upper(m_request.area);
    if (area.empty()) {
        for (const auto &node : whole->nodes) {
            m_scope.entities.insert(node.entity);
        }
    } else {
        // The area's premises and places, everything linked to them, and the people who live there.
        std::unordered_set<EntityId> places;
        for (const auto &entity : m_snapshot->entities) {
            if (districtOf(entity) != area) {
                continue;
            }
            m_scope.entities.insert(entity.id);
            m_inArea.insert(entity.id);
            if (entity.type == EntityType::Premises || entity.type == EntityType::Place) {
                places.insert(entity.id);
            }
        }
        if (m_scope.entities.empty()) {
            return makeError(ErrorCode::NotFound, "no premises, place or address in the records is in postcode "
                                                  "district " + area,
                             "--area");
        }
        for (const auto &link : m_snapshot->links) {
            if (places.contains(link.a) || places.contains(link.b)) {
                m_scope.entities.insert(link.a);
                m_scope.entities.insert(link.b);
            }
        }
    }
    m_wider = restricted(*whole, m_scope.entities);
    m_wider->title = area.empty() ? "Whole network" : "Area " + area;
    const std::size_t limit = area.empty() ? m_request.panelNodes : m_request.childDrawn;
    // The places first: an area's own, or else the ten highest-ranked hotspots.
    std::unordered_set<EntityId> first;
    for (const auto id : m_inArea) {
        const auto *entity = m_snapshot->findEntity(id);
        if (entity && (entity->type == EntityType::Premises || entity->type == EntityType::Place)) {
            first.insert(id);
        }
    }
    if (area.empty()) {
        std::vector<const analysis::HotspotRow *> hotspots;
        for (const auto *list : {&m_analysis->hotspots.premises, &m_analysis->hotspots.places}) {
            for (const auto &row : *list) {
                hotspots.push_back(&row);
            }
        }
        std::stable_sort(hotspots.begin(), hotspots.end(),
                         [](const auto *a, const auto *b) { return a->score > b->score; });
        for (std::size_t i = 0; i < hotspots.size() && i < 10; ++i) {
            first.insert(hotspots[i]->id);
        }
    }
    m_out.diagram = drawable(*m_wider, limit, m_wider->title, first);
    if (m_out.diagram.leftOut > 0) {
        m_out.diagram.title += " (" + std::to_string(m_out.diagram.nodes.size()) + " of " +
                               std::to_string(m_wider->nodes.size()) +
                               " entities: the places first, then the children and suspects linked to them; the "
                               "tables cover all)";
    }
    // The children the profile lists: those at medium or significant risk, as a panel reviews.
    std::set<EntityId> taken; // an identity's entries may each have been screened: one line per child
    for (const auto &row : *m_rows) {
        const EntityId id = m_snapshot->standingFor(row.id);
        if (row.final >= RiskLevel::Medium && (area.empty() || inScope(id)) && taken.insert(id).second) {
            m_scope.children.push_back(id);
            m_scope.entities.insert(id);
        }
    }
    if (m_request.scope == BriefingScope::MaceContext) {
        // Context: every child of the place, whatever the level.
        std::set<EntityId> listed(m_scope.children.begin(), m_scope.children.end());
        for (const auto &row : *m_rows) {
            const EntityId id = m_snapshot->standingFor(row.id);
            if (inScope(id) && listed.insert(id).second) {
                m_scope.children.push_back(id);
            }
        }
        for (const auto &node : m_wider->nodes) {
            if (node.child && listed.insert(node.entity).second) {
                m_scope.children.push_back(node.entity);
            }
        }
    }
    return {};
}

void Assembler::profileSections()
{
    std::vector<StoredScreening> screenings;
    if (auto all = m_store.screenings()) {
        screenings = std::move(all).value();
    }
    profileNumbers();
    scaleSection(screenings);
    levelsSection();
    childrenSection();
    // A profile is read for the picture; the panel's list is `harbour brief --panel`.
    auto &listed = m_out.sections.back();
    listed.heading = "Children at medium or significant risk";
    constexpr std::size_t kListed = 20;
    if (listed.table.rows.size() > kListed) {
        listed.notes.push_back(std::to_string(listed.table.rows.size() - kListed) +
                               " more children at medium or significant risk are not listed here: `harbour brief "
                               "--panel` and `harbour children` list them all.");
        listed.table.rows.resize(kListed);
    }
    networksSection();
    hotspotsSection();
    suspectsSection();
    m_out.sections.back().heading = "5. Offenders by priority";
    timelineSection();
    m_out.sections.back().heading = "6. Timeline of the period";
    gapsSection();
    m_out.sections.back().heading = "7. Intelligence gaps";
    sourcesSection();
    qualitySection(screenings);
}

void Assembler::profileNumbers()
{
    // The whole scope's children, not only those the profile lists.
    int named = 0, screened = 0, missing = 0, suspects = 0, premises = 0, vehicles = 0;
    int levels[4] = {0, 0, 0, 0};
    for (const auto &node : scopeDiagram().nodes) {
        named += node.child ? 1 : 0;
        suspects += node.suspect ? 1 : 0;
        premises += node.type == EntityType::Premises ? 1 : 0;
        vehicles += node.type == EntityType::Vehicle ? 1 : 0;
    }
    for (const auto &[id, row] : m_rowOf) {
        if (m_request.area.empty() || inScope(id)) {
            ++screened;
            ++levels[static_cast<int>(row->final)];
        }
    }
    for (const auto &episode : m_snapshot->missing) {
        missing += m_request.area.empty() || inScope(m_snapshot->standingFor(episode.child)) ? 1 : 0;
    }
    auto &n = m_out.numbers;
    n.clear();
    n.emplace_back("Children named", std::to_string(named));
    n.emplace_back("screened", std::to_string(screened));
    n.emplace_back("at significant risk", std::to_string(levels[3]));
    n.emplace_back("at medium risk", std::to_string(levels[2]));
    n.emplace_back("at low risk", std::to_string(levels[1]));
    n.emplace_back("Missing episodes", std::to_string(missing));
    n.emplace_back("Suspects", std::to_string(suspects));
    n.emplace_back("Premises", std::to_string(premises));
    n.emplace_back("Vehicles", std::to_string(vehicles));
    n.emplace_back("Networks organised", std::to_string(std::count_if(
                                             m_analysis->clusters.begin(), m_analysis->clusters.end(),
                                             [&](const analysis::Cluster &c) {
                                                 return c.organised &&
                                                        std::any_of(c.members.begin(), c.members.end(),
                                                                    [&](const auto &m) { return inScope(m.id); });
                                             })));
}

void Assembler::scaleSection(const std::vector<StoredScreening> &screenings)
{
    BriefingSection section;
    section.heading = "1. Scale and nature of the activity";
    std::set<RecordRowId> rows;
    for (const auto &mention : m_snapshot->mentions) {
        if (inScope(mention.entity)) {
            rows.insert(mention.record);
        }
    }
    int kinds[3] = {0, 0, 0};
    for (const auto row : rows) {
        if (const auto *record = m_snapshot->findRecord(row)) {
            ++kinds[static_cast<int>(record->kind)];
        }
    }
    int children = 0, suspects = 0, premises = 0, vehicles = 0, places = 0;
    for (const auto &node : scopeDiagram().nodes) {
        children += node.child ? 1 : 0;
        suspects += node.suspect ? 1 : 0;
        premises += node.type == EntityType::Premises ? 1 : 0;
        vehicles += node.type == EntityType::Vehicle ? 1 : 0;
        places += node.type == EntityType::Place ? 1 : 0;
    }
    section.paragraphs.push_back(
        std::to_string(kinds[static_cast<int>(RecordKind::InformationReport)]) + " information reports, " +
        std::to_string(kinds[static_cast<int>(RecordKind::Screening)]) + " screenings and " +
        std::to_string(kinds[static_cast<int>(RecordKind::MissingEpisode)]) + " missing episodes name " +
        std::to_string(children) + " children, " + std::to_string(suspects) + " suspects, " +
        std::to_string(premises) + " premises, " + std::to_string(vehicles) + " vehicles and " +
        std::to_string(places) + " other places.");
    section.paragraphs.push_back("What the screening tool records for the children, on each child's latest "
                                 "screening, in the form's own words:");
    std::map<EntityId, const StoredScreening *> latest;
    for (const auto &screening : screenings) {
        const EntityId child = m_snapshot->standingFor(screening.child);
        if (!inScope(child) && !m_request.area.empty()) {
            continue;
        }
        auto &slot = latest[child];
        if (!slot || slot->screenedAt < screening.screenedAt) {
            slot = &screening;
        }
    }
    std::map<std::string, int> ticked;
    for (const auto &[child, screening] : latest) {
        for (const auto &[key, recency] : screening->input.significant) {
            ++ticked[key];
        }
        for (const auto *keys : {&screening->input.riskIndicators, &screening->input.vulnerabilities}) {
            for (const auto &key : *keys) {
                ++ticked[key];
            }
        }
    }
    std::vector<std::pair<std::string, int>> ranked(ticked.begin(), ticked.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    auto &table = section.table;
    table.header = {"Indicator (screening tool wording)", "Group", "Children", "Share"};
    table.widths = {5.2, 1.2, 0.8, 0.8};
    table.empty = "No screening in scope.";
    const auto groupName = [](const std::string &key) -> std::string {
        const auto *info = RiskPolicy::defaults().indicator(key);
        if (!info) {
            return "";
        }
        switch (info->group) {
        case IndicatorGroup::Significant: return "significant";
        case IndicatorGroup::Risk: return "risk";
        case IndicatorGroup::Vulnerability: return "vulnerability";
        }
        return "";
    };
    for (const auto &[key, count] : ranked) {
        if (table.rows.size() == 12) {
            section.notes.push_back(std::to_string(ranked.size() - 12) + " less frequent indicators are not listed.");
            break;
        }
        const QualityMeasure share{"", count, static_cast<std::int64_t>(latest.size()), ""};
        table.rows.push_back({std::string(indicatorWording(key)), groupName(key), std::to_string(count),
                              share.share()});
    }
    m_out.sections.push_back(std::move(section));
}

void Assembler::levelsSection()
{
    BriefingSection section;
    section.heading = "2. Children by level and trend";
    section.paragraphs.push_back("Every screened child in scope by the final level of their latest screening, and "
                                 "whether it rose, fell or stayed since the one before. The children at medium or "
                                 "significant risk are listed after.");
    static const RiskLevel kLevels[] = {RiskLevel::Significant, RiskLevel::Medium, RiskLevel::Low, RiskLevel::None};
    static const Trend kTrends[] = {Trend::Up, Trend::Same, Trend::Down, Trend::New};
    std::map<std::pair<RiskLevel, Trend>, int> counts;
    int total = 0;
    for (const auto &[id, row] : m_rowOf) {
        if (m_request.area.empty() || inScope(id)) {
            ++counts[{row->final, row->trend}];
            ++total;
        }
    }
    auto &table = section.table;
    table.header = {"Final level", "Rising", "Same", "Falling", "First screening", "Total"};
    table.widths = {1.4, 1, 1, 1, 1.2, 1};
    table.riskColumns = {0};
    table.empty = "No screened child in scope.";
    for (const auto level : kLevels) {
        std::vector<std::string> row{std::string(toString(level))};
        int sum = 0;
        for (const auto trend : kTrends) {
            const int n = counts[{level, trend}];
            sum += n;
            row.push_back(std::to_string(n));
        }
        row.push_back(std::to_string(sum));
        table.rows.push_back(std::move(row));
    }
    if (total == 0) {
        table.rows.clear();
    }
    m_out.sections.push_back(std::move(section));
}

void Assembler::networksSection()
{
    BriefingSection section;
    section.heading = "3. Networks and evidence of organised activity";
    section.paragraphs.push_back("The networks (clusters) with a member in scope, highest score first. A network "
                                 "suggests organised abuse when the policy's rule fires: several children and "
                                 "suspects together, or one suspect, premises or vehicle linked to several "
                                 "children.");
    auto &table = section.table;
    table.header = {"Network", "Children", "Suspects", "Records (recent)", "Organised?", "Why"};
    table.widths = {0.8, 0.8, 0.8, 1.1, 0.9, 5.0};
    table.empty = "No network has a member in scope.";
    int organised = 0, listed = 0, more = 0;
    for (const auto &cluster : m_analysis->clusters) {
        const bool touches = std::any_of(cluster.members.begin(), cluster.members.end(),
                                         [&](const auto &member) { return inScope(member.id); });
        if (!touches) {
            continue;
        }
        organised += cluster.organised ? 1 : 0;
        if (listed == 20) {
            ++more;
            continue;
        }
        ++listed;
        table.rows.push_back({cluster.id, std::to_string(cluster.children), std::to_string(cluster.suspects),
                              std::to_string(cluster.records) + " (" + std::to_string(cluster.recentRecords) + ")",
                              cluster.organised ? "yes" : "no", joined(cluster.reasons, "; ")});
    }
    section.paragraphs.push_back(std::to_string(listed + more) + " networks; " + std::to_string(organised) +
                                 " suggest organised abuse.");
    if (more > 0) {
        section.notes.push_back(std::to_string(more) + " lower-scoring networks are not listed (`harbour analyse`).");
    }
    m_out.sections.push_back(std::move(section));
    if (!m_out.diagram.nodes.empty()) {
        diagramSection();
    }
}

void Assembler::hotspotsSection()
{
    BriefingSection section;
    section.heading = "4. Hotspots and their times";
    section.paragraphs.push_back(whenSentence({}));
    section.paragraphs.push_back("Missing episodes (when the child went missing) and incidents, by day and three "
                                 "hours of the day, UK local time:");
    section.table = weekTable(weekOf({}));
    m_out.sections.push_back(std::move(section));

    BriefingSection places;
    places.heading = "Hotspots";
    places.paragraphs.push_back("Premises, vehicles and places in scope ranked by the children linked to them, each "
                                "with the time its missing episodes and incidents cluster.");
    placesTable(places, "hotspots");
    m_out.sections.push_back(std::move(places));
}

void Assembler::placesTable(BriefingSection &section, const std::string &noun)
{
    auto &table = section.table;
    table.header = {"Place", "Type", "Children", "Found here", "When", "Why"};
    table.widths = {1.8, 0.8, 0.7, 0.7, 2.0, 3.0};
    table.empty = "No premises, vehicle or place in scope is linked to a child.";
    std::vector<const analysis::HotspotRow *> rows;
    for (const auto *list : {&m_analysis->hotspots.premises, &m_analysis->hotspots.vehicles,
                             &m_analysis->hotspots.places}) {
        for (const auto &row : *list) {
            // An area's own places: one linked elsewhere is in the network tables, not here.
            const bool here = m_request.area.empty() ? inScope(row.id) : m_inArea.contains(row.id);
            if (here || (!m_request.area.empty() && list == &m_analysis->hotspots.vehicles && inScope(row.id))) {
                rows.push_back(&row);
            }
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto *a, const auto *b) { return a->score > b->score; });
    for (const auto *row : rows) {
        if (table.rows.size() == 15) {
            section.notes.push_back(std::to_string(rows.size() - 15) + " lower-ranked " + noun +
                                    " are not listed.");
            break;
        }
        const auto *entity = m_snapshot->findEntity(row->id);
        const EntityId one[] = {row->id};
        table.rows.push_back({entity ? entity->labelWithPostcode() : row->label,
                              entity ? std::string(toString(entity->type)) : "",
                              std::to_string(row->distinctChildren), std::to_string(row->foundAt), whenInWords(one),
                              joined(row->reasons, "; ")});
    }
    section.notes.push_back("When: the peak of the week for that place's missing episodes and incidents, UK local "
                            "time (`harbour when --entity ID`).");
}

void Assembler::sourcesSection()
{
    BriefingSection section;
    section.heading = "Sources and refresh";
    struct Range {
        int count = 0;
        std::optional<Date> first, last;
    };
    std::map<RecordKind, Range> ranges;
    std::set<RecordRowId> rows;
    for (const auto &mention : m_snapshot->mentions) {
        if (inScope(mention.entity)) {
            rows.insert(mention.record);
        }
    }
    for (const auto row : rows) {
        const auto *record = m_snapshot->findRecord(row);
        if (!record) {
            continue;
        }
        auto &range = ranges[record->kind];
        const Date day = toDate(record->at);
        ++range.count;
        range.first = range.first ? std::min(*range.first, day) : day;
        range.last = range.last ? std::max(*range.last, day) : day;
    }
    std::string lastImport;
    if (auto log = m_store.auditLog()) {
        for (const auto &entry : *log) {
            if (entry.action == "import") {
                lastImport = entry.at;
            }
        }
    }
    section.paragraphs.push_back(
        "Harbour's store of information reports, CSE screenings and missing episode records, as imported; "
        "the analyses (networks, hotspots, priorities) are Harbour's own, from those records. Refreshed: " +
        (lastImport.empty() ? std::string("no import is recorded") : "last import " + lastImport) +
        ". Refresh the profile after each import, and at least before every panel.");
    auto &table = section.table;
    table.header = {"Source", "Records", "Earliest", "Latest"};
    table.widths = {2.5, 1, 1.2, 1.2};
    table.empty = "No record in scope.";
    for (const auto &[kind, range] : ranges) {
        table.rows.push_back({kindName(kind), std::to_string(range.count),
                              range.first ? formatDate(*range.first) : "", range.last ? formatDate(*range.last) : ""});
    }
    m_out.sections.push_back(std::move(section));
    m_out.facts.emplace_back("Refreshed", lastImport.empty() ? "no import recorded" : "last import " + lastImport);
}

void Assembler::qualitySection(const std::vector<StoredScreening> &screenings)
{
    BriefingSection section;
    section.heading = "Data quality";
    section.paragraphs.push_back("What the records leave out, each as a count and a share. Read the profile with "
                                 "these gaps in mind: a missing date of birth or grading weakens every count above "
                                 "that depends on it.");
    std::vector<analysis::MergeSuggestion> review;
    if (auto log = m_store.auditLog()) {
        review = analysis::resolveIdentities(*m_snapshot, analysis::identityDecisions(*log),
                                             analysis::identityPolicyOf(m_policy))
                     .review;
    }
    QualityInputs inputs;
    inputs.snapshot = &*m_snapshot;
    inputs.scope = m_request.area.empty() ? nullptr : &m_scope.entities;
    inputs.children = *m_rows;
    inputs.screenings = screenings;
    inputs.review = review;
    auto &table = section.table;
    table.header = {"Measure", "Count", "Out of", "Share"};
    table.widths = {4.6, 0.8, 2.4, 0.8};
    for (const auto &measure : dataQuality(inputs)) {
        table.rows.push_back({measure.measure, std::to_string(measure.count),
                              std::to_string(measure.outOf) + " " + measure.of, measure.share()});
    }
    section.notes.push_back("The June 2025 national audit found ethnicity unrecorded in two-thirds of cases.");
    m_out.sections.push_back(std::move(section));
}

} // namespace harbour::report::detail
