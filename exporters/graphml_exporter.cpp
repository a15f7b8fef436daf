#include "harbour/exporters/graphml_exporter.h"

#include "export_support.h"

#include "harbour/safe_text.h"

#include <array>
#include <cstdio>

namespace harbour::exporters {
namespace {

// Gephi places nodes at x/y in its own pixels; about 80 per layout unit keeps labels apart.
constexpr double kGephiScale = 80.0;
constexpr double kGephiNodeSize = 10.0;

struct Key {
    const char *id;
    const char *domain;
    const char *name;
    const char *type;
};

// Ids equal to attr.name so that the file reads clearly; tools match on attr.name.
constexpr std::array kKeys{
    Key{"label", "node", "label", "string"},
    Key{"type", "node", "type", "string"},
    Key{"role", "node", "role", "string"},
    Key{"risk_level", "node", "risk_level", "string"},
    Key{"priority", "node", "priority", "double"},
    Key{"x", "node", "x", "double"},
    Key{"y", "node", "y", "double"},
    Key{"size", "node", "size", "double"},
    Key{"r", "node", "r", "int"},
    Key{"g", "node", "g", "int"},
    Key{"b", "node", "b", "int"},
    Key{"weight", "edge", "weight", "double"},
    Key{"style", "edge", "style", "string"},
    Key{"records", "edge", "records", "string"},
    Key{"grading", "edge", "grading", "string"},
    // int, not boolean: Boost reads only 0/1 as booleans, Gephi only true/false.
    Key{"conditions_apply", "edge", "conditions_apply", "int"},
};

void data(std::string &out, const char *key, const std::string &value)
{
    out += "      <data key=\"";
    out += key;
    out += "\">";
    out += safe::xml(value);
    out += "</data>\n";
}

/// Two decimals: positions and sizes need no more, and the file stays readable.
std::string fixed(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

} // namespace

Status writeGraphMl(const ExportInput &input, const TextSink &sink)
{
    const auto &diagram = input.diagram;
    detail::ChunkedText chunks(sink);
    std::string &out = chunks.text();
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    for (const auto &key : kKeys) {
        out += "  <key id=\"";
        out += key.id;
        out += "\" for=\"";
        out += key.domain;
        out += "\" attr.name=\"";
        out += key.name;
        out += "\" attr.type=\"";
        out += key.type;
        out += "\"/>\n";
    }
    out += "  <graph id=\"harbour\" edgedefault=\"undirected\">\n";
    for (const auto &node : diagram.nodes) {
        out += "    <node id=\"n" + std::to_string(node.entity) + "\">\n";
        data(out, "label", node.label);
        data(out, "type", std::string(toString(node.type)));
        data(out, "role", detail::roleText(node));
        data(out, "risk_level", detail::riskText(node));
        data(out, "priority", detail::number(node.priority));
        // GraphML's y grows upwards in Gephi; the diagram's grows downwards as on a page.
        data(out, "x", fixed(node.x * kGephiScale));
        data(out, "y", fixed(-node.y * kGephiScale));
        data(out, "size", fixed(node.size * kGephiNodeSize));
        data(out, "r", std::to_string(node.colour.r));
        data(out, "g", std::to_string(node.colour.g));
        data(out, "b", std::to_string(node.colour.b));
        out += "    </node>\n";
        if (auto status = chunks.flushIfFull(); !status) {
            return status;
        }
    }
    for (std::size_t i = 0; i < diagram.edges.size(); ++i) {
        const auto &edge = diagram.edges[i];
        const auto evidence = detail::lineEvidence(input, edge);
        out += "    <edge id=\"e" + std::to_string(i) + "\" source=\"n" +
               std::to_string(diagram.nodes[edge.from].entity) + "\" target=\"n" +
               std::to_string(diagram.nodes[edge.to].entity) + "\">\n";
        data(out, "weight", detail::number(edge.weight));
        data(out, "style", std::string(report::toString(edge.style)));
        data(out, "records", detail::join(evidence.ids, "; "));
        data(out, "grading", detail::join(evidence.gradings, "; "));
        data(out, "conditions_apply", edge.conditionsApply ? "1" : "0");
        out += "    </edge>\n";
        if (auto status = chunks.flushIfFull(); !status) {
            return status;
        }
    }
    out += "  </graph>\n</graphml>\n";
    return chunks.flush();
}

std::string toGraphMl(const ExportInput &input)
{
    return detail::collected([&input](const TextSink &sink) { return writeGraphMl(input, sink); });
}

Result<std::vector<std::filesystem::path>> GraphMlExporter::write(const ExportInput &input,
                                                                  const std::filesystem::path &out) const
{
    return detail::writeStreamed(out, [&input](const TextSink &sink) { return writeGraphMl(input, sink); });
}

} // namespace harbour::exporters
