#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/exporters/exporter.h"

#include <string>
#include <vector>

namespace harbour::exporters::detail {

/// What the records behind one diagram line say about it.
struct LineEvidence {
    double bestGrading = 0.0;          ///< highest grading weight of its records
    std::vector<std::string> ids;      ///< record references, oldest first
    std::vector<std::string> gradings; ///< distinct "2/B/P" summaries, in record order
    DateTime first{};
    bool dated = false;
};

const analysis::AnalysisPolicy &policyOf(const ExportInput &input);
LineEvidence lineEvidence(const ExportInput &input, const report::DiagramEdge &edge);
/// "child", "suspect", "child and suspect", or the type word ("vehicle", ...).
std::string roleText(const report::DiagramNode &node);
/// "significant", "medium", "low", "none"; empty when not a child or never screened.
std::string riskText(const report::DiagramNode &node);
std::string join(const std::vector<std::string> &parts, std::string_view separator);
/// Shortest text that reads back as the same double ("0.25", "12").
std::string number(double value);

/// Makes a document into a sink.
using Producer = std::function<Status(const TextSink &)>;
/// The whole document `produce` makes, as one string (for tests and small outputs).
std::string collected(const Producer &produce);
/// Writes what `produce` makes into `out`, a private file, a piece at a time.
Result<std::vector<std::filesystem::path>> writeStreamed(const std::filesystem::path &out, const Producer &produce);

/// Text made a piece at a time and handed to a sink about every megabyte, so a document of
/// gigabytes is never held whole.
class ChunkedText {
public:
    explicit ChunkedText(const TextSink &sink) : m_sink(sink) {}
    std::string &text() { return m_text; }
    Status flushIfFull() { return m_text.size() >= kChunk ? flush() : Status{}; }
    Status flush()
    {
        auto status = m_sink(m_text);
        m_text.clear();
        return status;
    }

private:
    static constexpr std::size_t kChunk = std::size_t{1} << 20;
    const TextSink &m_sink;
    std::string m_text;
};

} // namespace harbour::exporters::detail
