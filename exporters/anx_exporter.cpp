#include "harbour/exporters/anx_exporter.h"

#include "export_support.h"

#include "harbour/safe_text.h"

#include <array>
#include <cmath>
#include <unordered_map>

namespace harbour::exporters {
namespace {

// Analyst's Notebook works in page units; 120 per layout unit leaves room for icon labels.
constexpr double kChartScale = 120.0;

constexpr std::array<const char *, 6> kEntityTypes{"Person", "Vehicle", "Premises", "Place", "Phone", "Account"};

struct AttributeClass {
    const char *name;
    const char *prefix; ///< shown before the value on the chart
};
constexpr std::array kAttributeClasses{
    AttributeClass{"Date of birth", "DOB "},
    AttributeClass{"Registration mark", ""},
    AttributeClass{"Postcode", ""},
    AttributeClass{"Risk level", "Risk: "},
    AttributeClass{"Role", ""},
    AttributeClass{"Records", ""},
    AttributeClass{"Grading", ""},
    AttributeClass{"Handling", ""},
};

const char *anxType(EntityType type)
{
    switch (type) {
    case EntityType::Person:
    case EntityType::Alias: return "Person";
    case EntityType::Vehicle: return "Vehicle";
    case EntityType::Premises: return "Premises";
    case EntityType::Place: return "Place";
    case EntityType::Phone: return "Phone";
    case EntityType::Account: return "Account";
    }
    return "Person";
}

const char *linkType(const ExportInput &input, const report::DiagramEdge &edge)
{
    const auto &graph = input.analysis.graph;
    const auto a = graph.find(input.diagram.nodes[edge.from].entity);
    const auto b = graph.find(input.diagram.nodes[edge.to].entity);
    const auto e = a && b ? graph.edgeBetween(*a, *b) : std::nullopt;
    const auto relations = e ? graph.edge(*e).relations : std::uint8_t{0};
    if (relations & analysis::kAliasOf) {
        return "Alias of";
    }
    if (relations & analysis::kFoundWith) {
        return "Found with";
    }
    if (relations & analysis::kFoundAt) {
        return "Found at";
    }
    return "Named together";
}

std::string anxDateTime(DateTime at)
{
    auto text = formatDateTime(at); // "YYYY-MM-DDThh:mm:ssZ"
    if (!text.empty() && text.back() == 'Z') {
        text.pop_back();
    }
    return text + ".000";
}

std::string attr(std::string_view name, std::string_view value)
{
    return std::string(" ") + std::string(name) + "=\"" + safe::xml(value) + "\"";
}

void attribute(std::string &out, std::string_view cls, const std::string &value)
{
    if (value.empty()) {
        return;
    }
    out += "          <Attribute" + attr("AttributeClass", cls) + attr("Value", value) + "/>\n";
}

} // namespace

Status writeAnx(const ExportInput &input, const TextSink &sink)
{
    const auto &diagram = input.diagram;
    const auto &snapshot = input.snapshot;

    // The date of an entity on the chart: the first record that names it.
    std::unordered_map<EntityId, DateTime> firstSeen;
    for (const auto &mention : snapshot.mentions) {
        if (const auto *record = snapshot.findRecord(mention.record)) {
            const auto [it, inserted] = firstSeen.emplace(mention.entity, record->at);
            if (!inserted && record->at < it->second) {
                it->second = record->at;
            }
        }
    }

    detail::ChunkedText chunks(sink);
    std::string &out = chunks.text();
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<Chart IdReferenceLinking=\"false\" Rigorous=\"true\">\n";
    out += "  <StrengthCollection>\n"
           "    <Strength Id=\"Confirmed\" Name=\"Confirmed\" DotStyle=\"DotStyleSolid\"/>\n"
           "    <Strength Id=\"Tentative\" Name=\"Tentative\" DotStyle=\"DotStyleDashed\"/>\n"
           "    <Strength Id=\"Unconfirmed\" Name=\"Unconfirmed\" DotStyle=\"DotStyleDotted\"/>\n"
           "  </StrengthCollection>\n";
    out += "  <AttributeClassCollection>\n";
    for (const auto &cls : kAttributeClasses) {
        out += "    <AttributeClass" + attr("Name", cls.name) +
               " Type=\"AttText\" ShowValue=\"true\" ShowPrefix=\"true\" IsUser=\"true\"" + attr("Prefix", cls.prefix) +
               "/>\n";
    }
    out += "  </AttributeClassCollection>\n";
    out += "  <EntityTypeCollection>\n";
    for (const auto *type : kEntityTypes) {
        out += "    <EntityType" + attr("Name", type) + attr("IconFile", type) + "/>\n";
    }
    out += "  </EntityTypeCollection>\n";
    out += "  <LinkTypeCollection>\n";
    for (const auto *type : {"Named together", "Alias of", "Found at", "Found with"}) {
        out += "    <LinkType" + attr("Name", type) + " Colour=\"0\"/>\n";
    }
    out += "  </LinkTypeCollection>\n";

    out += "  <ChartItemCollection>\n";
    for (const auto &node : diagram.nodes) {
        const auto *entity = snapshot.findEntity(node.entity);
        const long x = std::lround(node.x * kChartScale);
        const long y = std::lround(node.y * kChartScale);
        const auto seen = firstSeen.find(node.entity);
        out += "    <ChartItem" + attr("Label", node.label);
        if (seen != firstSeen.end()) {
            out += attr("DateSet", "true") + attr("DateTime", anxDateTime(seen->second));
        } else {
            out += attr("DateSet", "false");
        }
        out += attr("XPosition", std::to_string(x)) + ">\n";
        out += "      <End" + attr("X", std::to_string(x)) + attr("Y", std::to_string(y)) + ">\n";
        // Marks and numbers identify themselves; people and places are known by their label.
        const bool keyed = node.type == EntityType::Vehicle || node.type == EntityType::Phone;
        const std::string identity = keyed && entity && !entity->key.empty() ? entity->key : node.label;
        out += "        <Entity" + attr("EntityId", "E" + std::to_string(node.entity)) + attr("Identity", identity) +
               ">\n";
        out += "          <Icon>\n            <IconStyle" + attr("Type", anxType(node.type)) +
               "/>\n          </Icon>\n";
        out += "        </Entity>\n      </End>\n";
        out += "      <AttributeCollection>\n";
        if (entity) {
            attribute(out, "Date of birth", entity->attribute("dob"));
            if (node.type == EntityType::Vehicle) {
                attribute(out, "Registration mark", entity->key);
            }
            attribute(out, "Postcode", entity->attribute("postcode"));
        }
        attribute(out, "Risk level", detail::riskText(node));
        attribute(out, "Role", detail::roleText(node));
        out += "      </AttributeCollection>\n";
        out += "    </ChartItem>\n";
        if (auto status = chunks.flushIfFull(); !status) {
            return status;
        }
    }
    for (const auto &edge : diagram.edges) {
        const auto evidence = detail::lineEvidence(input, edge);
        const char *strength = evidence.bestGrading >= input.confirmedFrom   ? "Confirmed"
                               : evidence.bestGrading >= input.tentativeFrom ? "Tentative"
                                                                             : "Unconfirmed";
        const auto &a = diagram.nodes[edge.from];
        const auto &b = diagram.nodes[edge.to];
        const long x = std::lround((a.x + b.x) / 2.0 * kChartScale);
        const auto count = evidence.ids.size();
        out += "    <ChartItem" + attr("Label", std::to_string(count) + (count == 1 ? " record" : " records"));
        if (evidence.dated) {
            out += attr("DateSet", "true") + attr("DateTime", anxDateTime(evidence.first));
        } else {
            out += attr("DateSet", "false");
        }
        out += attr("XPosition", std::to_string(x)) + ">\n";
        out += "      <Link" + attr("End1Id", "E" + std::to_string(a.entity)) +
               attr("End2Id", "E" + std::to_string(b.entity)) + ">\n";
        out += "        <LinkStyle" + attr("Type", linkType(input, edge)) + attr("Strength", strength) +
               attr("ArrowStyle", "ArrowNone") + "/>\n";
        out += "      </Link>\n";
        out += "      <AttributeCollection>\n";
        attribute(out, "Records", detail::join(evidence.ids, "; "));
        attribute(out, "Grading", detail::join(evidence.gradings, "; "));
        attribute(out, "Handling", edge.conditionsApply ? "C: conditions apply" : "");
        out += "      </AttributeCollection>\n";
        out += "    </ChartItem>\n";
        if (auto status = chunks.flushIfFull(); !status) {
            return status;
        }
    }
    out += "  </ChartItemCollection>\n</Chart>\n";
    return chunks.flush();
}

std::string toAnx(const ExportInput &input)
{
    return detail::collected([&input](const TextSink &sink) { return writeAnx(input, sink); });
}

Result<std::vector<std::filesystem::path>> AnxExporter::write(const ExportInput &input,
                                                              const std::filesystem::path &out) const
{
    return detail::writeStreamed(out, [&input](const TextSink &sink) { return writeAnx(input, sink); });
}

} // namespace harbour::exporters
