// libFuzzer: the one escaping writer (harbour/safe_text.h) and the GraphML document built with it.
// Whatever names go in, the XML comes out well-formed, the HTML runs nothing, and the terminal
// text holds no control character. Any breach aborts.

#include "harbour/exporters/graphml_exporter.h"
#include "harbour/safe_text.h"

#include "support/markup_check.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool holds)
{
    if (!holds) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace harbour;
    const std::string_view text(reinterpret_cast<const char *>(data), size);

    require(!testing::xmlProblem("<r a=\"" + safe::xml(text) + "\">" + safe::xml(text) + "</r>"));
    require(!testing::scriptProblem("<p title=\"" + safe::html(text) + "\">" + safe::html(text) + "</p>"));
    for (const char c : safe::terminal(text)) {
        require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    }

    // Two nodes named by the input's halves, joined by one link: a whole GraphML document.
    report::Diagram diagram;
    for (int i = 0; i < 2; ++i) {
        report::DiagramNode node;
        node.entity = i + 1;
        node.label = std::string(i == 0 ? text.substr(0, size / 2) : text.substr(size / 2));
        diagram.nodes.push_back(node);
    }
    report::DiagramEdge edge;
    edge.from = 0;
    edge.to = 1;
    diagram.edges.push_back(edge);
    const GraphSnapshot snapshot;
    const analysis::AnalysisResult analysis;
    const exporters::ExportInput input{snapshot, analysis, diagram};
    require(!testing::xmlProblem(exporters::toGraphMl(input)));
    return 0;
}
