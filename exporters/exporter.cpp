#include "harbour/exporters/exporter.h"

#include "export_support.h"
#include "harbour/exporters/anx_exporter.h"
#include "harbour/exporters/csv_exporter.h"
#include "harbour/exporters/geojson_exporter.h"
#include "harbour/exporters/graphml_exporter.h"
#include "harbour/file_kind.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

namespace harbour::exporters {

const std::vector<std::unique_ptr<Exporter>> &exporters()
{
    static const auto registry = [] {
        std::vector<std::unique_ptr<Exporter>> list;
        list.push_back(std::make_unique<GraphMlExporter>());
        list.push_back(std::make_unique<AnxExporter>());
        list.push_back(std::make_unique<GeoJsonExporter>());
        list.push_back(std::make_unique<CsvExporter>());
        return list;
    }();
    return registry;
}

const Exporter *findExporter(std::string_view name)
{
    for (const auto &exporter : exporters()) {
        if (exporter->name() == name) {
            return exporter.get();
        }
    }
    return nullptr;
}

Result<const Exporter *> exporterNamed(std::string_view name)
{
    if (const auto *exporter = findExporter(name)) {
        return exporter;
    }
    return Error{ErrorCode::Usage, "unknown format '" + std::string(name) + "' (graphml, anx, geojson, csv)", {}, {},
                 "--format"};
}

Result<ExportOutcome> exportNetwork(Store &store, const GraphSnapshot &snapshot,
                                    const analysis::AnalysisResult &analysis, const analysis::AnalysisPolicy &policy,
                                    std::string_view format, const std::string &cluster,
                                    const std::filesystem::path &out)
{
    const auto exporter = exporterNamed(format);
    if (!exporter) {
        return exporter.error();
    }
    const auto focus = cluster.empty() ? report::DiagramFocus::everything() : report::DiagramFocus::ofCluster(cluster);
    report::DiagramOptions options;
    options.layout = exporter.value()->needsPositions();
    auto diagram = report::buildDiagram(snapshot, analysis, focus, policy, options);
    if (!diagram) {
        return diagram.error();
    }
    ExportInput input{snapshot, analysis, diagram.value(), cluster};
    input.policy = &policy;
    auto written = exporter.value()->write(input, out);
    if (!written) {
        return written.error();
    }
    ExportOutcome outcome{std::move(written).value(), diagram.value().nodes.size(), diagram.value().edges.size()};
    const auto audited = store.appendAudit("export", std::string(format) + " " + (cluster.empty() ? "whole network" : cluster),
                                           std::to_string(outcome.entities) + " entities, " +
                                               std::to_string(outcome.links) + " links to " + out.string());
    if (!audited) {
        return audited.error();
    }
    return outcome;
}

Status writePrivateFile(const std::filesystem::path &path, std::string_view content)
{
    PrivateFile file(path);
    if (auto status = file.open(); !status) {
        return status;
    }
    if (auto status = file.write(content); !status) {
        return status;
    }
    return file.close();
}

PrivateFile::~PrivateFile()
{
    discard();
}

void PrivateFile::discard()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temporary.empty()) {
        ::unlink(m_temporary.c_str());
        m_temporary.clear();
    }
}

Error PrivateFile::failure(const char *what) const
{
    Error error = makeError(ErrorCode::Io, std::string(what) + ": " + std::strerror(errno));
    error.file = m_path.string();
    return error;
}

Status PrivateFile::open()
{
    // A link at the target would be replaced rather than followed by the rename; it is still
    // refused, as are folders and pipes: whoever planted it meant something by it.
    if (const auto other = notARegularFile(m_path)) {
        Error error = makeError(ErrorCode::Io, "will not write over " + *other +
                                                   (*other == "a symbolic link" ? " (Harbour never writes through a link)"
                                                                                 : ""));
        error.file = m_path.string();
        return error;
    }
    const std::filesystem::path folder = m_path.has_parent_path() ? m_path.parent_path() : ".";
    // Hidden and named after the target, so that a leftover (after a power cut) is recognisable.
    std::string name = "." + m_path.filename().string().substr(0, 200) + ".XXXXXX";
    std::string pattern = (folder / name).string();
    // mkostemp creates the file with O_EXCL and mode 0600: nothing can be waiting at its name.
    m_fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (m_fd < 0) {
        return failure("cannot create the file");
    }
    m_temporary = pattern;
    // The umask could have taken the owner's bits away; never more than 0600 either way.
    if (::fchmod(m_fd, 0600) != 0) {
        const Error error = failure("cannot make the file private");
        discard();
        return error;
    }
    return {};
}

Status PrivateFile::write(std::string_view bytes)
{
    if (m_fd < 0) { // not opened, or given up after an earlier failure (already reported)
        Error error = makeError(ErrorCode::Io, "the file is not open for writing");
        error.file = m_path.string();
        return error;
    }
    const char *data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(m_fd, data, left);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            const Error error = failure("cannot write the file");
            discard();
            return error;
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    return {};
}

Status PrivateFile::finish()
{
    // fsync: a full disk can surface only here (delayed allocation), and the file must be whole
    // on disk before its name replaces the old one.
    if (::fsync(m_fd) != 0) {
        const Error error = failure("cannot write the file");
        discard();
        return error;
    }
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0) {
        const Error error = failure("cannot finish writing the file");
        discard();
        return error;
    }
    return {};
}

Status PrivateFile::publish()
{
    if (::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
        const Error error = failure("cannot put the file in place");
        discard();
        return error;
    }
    m_temporary.clear();
    return {};
}

Status PrivateFile::close()
{
    if (auto status = finish(); !status) {
        return status;
    }
    return publish();
}

namespace detail {

std::string collected(const Producer &produce)
{
    std::string whole;
    // Appending to a string cannot fail.
    [[maybe_unused]] const auto status = produce([&whole](std::string_view piece) {
        whole += piece;
        return Status{};
    });
    return whole;
}

Result<std::vector<std::filesystem::path>> writeStreamed(const std::filesystem::path &out, const Producer &produce)
{
    PrivateFile file(out);
    if (auto status = file.open(); !status) {
        return status.error();
    }
    if (auto status = produce([&file](std::string_view piece) { return file.write(piece); }); !status) {
        return status.error();
    }
    if (auto status = file.close(); !status) {
        return status.error();
    }
    return std::vector<std::filesystem::path>{out};
}

} // namespace detail

namespace detail {

const analysis::AnalysisPolicy &policyOf(const ExportInput &input)
{
    return input.policy ? *input.policy : analysis::AnalysisPolicy::defaults();
}

LineEvidence lineEvidence(const ExportInput &input, const report::DiagramEdge &edge)
{
    LineEvidence evidence;
    const auto &policy = policyOf(input);
    for (const auto rowId : edge.records) {
        const auto *record = input.snapshot.findRecord(rowId);
        if (!record) {
            continue;
        }
        evidence.bestGrading = std::max(evidence.bestGrading, policy.gradingWeight(record->grading));
        evidence.ids.push_back(record->id);
        auto grading = record->grading.toString();
        if (std::find(evidence.gradings.begin(), evidence.gradings.end(), grading) == evidence.gradings.end()) {
            evidence.gradings.push_back(std::move(grading));
        }
        if (!evidence.dated || record->at < evidence.first) {
            evidence.first = record->at;
            evidence.dated = true;
        }
    }
    return evidence;
}

std::string roleText(const report::DiagramNode &node)
{
    if (node.child && node.suspect) {
        return "child and suspect";
    }
    if (node.child) {
        return "child";
    }
    if (node.suspect) {
        return "suspect";
    }
    return std::string(toString(node.type));
}

std::string riskText(const report::DiagramNode &node)
{
    return node.child && node.risk ? std::string(toString(*node.risk)) : std::string();
}

std::string join(const std::vector<std::string> &parts, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += parts[i];
    }
    return out;
}

std::string number(double value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

} // namespace detail
} // namespace harbour::exporters
