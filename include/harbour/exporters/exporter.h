#pragma once

#include "harbour/analysis/analysis.h"
#include "harbour/report/diagram.h"
#include "harbour/result.h"
#include "harbour/snapshot.h"
#include "harbour/store.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

/// Interchange exports for other analysts' tools: GraphML (Gephi, yEd, Cytoscape), i2
/// Analyst's Notebook ANX, GeoJSON and CSV. No Qt: exports work without a display.
namespace harbour::exporters {

/// What an export draws from. The diagram decides which entities and links go out and where
/// they sit; the snapshot gives their attributes and records; the analysis gives the tables.
/// Borrowed references: the caller keeps all three alive during write().
struct ExportInput {
    const GraphSnapshot &snapshot;
    const analysis::AnalysisResult &analysis;
    const report::Diagram &diagram;
    /// Export only this cluster's rows from the analysis tables (CSV); empty for all.
    std::string cluster;
    /// Links whose best record grades at least this are "confirmed" in ANX (see AnxExporter).
    double confirmedFrom = 0.8;
    /// ... and at least this "tentative"; below it "unconfirmed". Matches the dashed lines of
    /// the diagram (DiagramOptions::lowGradingBelow).
    double tentativeFrom = 0.5;
    const analysis::AnalysisPolicy *policy = nullptr; ///< grading weights; the shipped policy when null
};

/// One export format, mirroring importers::Importer. Implementations are stateless.
class Exporter {
public:
    virtual ~Exporter() = default;
    virtual std::string_view name() const = 0; ///< "graphml", "anx", "geojson", "csv"
    /// Whether the file carries the diagram's positions; the network is laid out only then
    /// (a whole network of 300,000 entities takes minutes to lay out).
    virtual bool needsPositions() const { return false; }
    /// Writes to `out` (a file, or for CSV a folder that is created if absent) with owner-only
    /// permissions, replacing what was there. Returns the files written; Io names the file
    /// that could not be written.
    virtual Result<std::vector<std::filesystem::path>> write(const ExportInput &input,
                                                             const std::filesystem::path &out) const = 0;
};

/// The fixed registry, in the order the CLI lists them.
const std::vector<std::unique_ptr<Exporter>> &exporters();
/// nullptr when no exporter has the name.
const Exporter *findExporter(std::string_view name);
/// The exporter with the name, or Usage naming the formats there are (field --format).
Result<const Exporter *> exporterNamed(std::string_view name);

/// What one export wrote.
struct ExportOutcome {
    std::vector<std::filesystem::path> files;
    std::size_t entities = 0;
    std::size_t links = 0;
};

/// What `harbour export` and the app's export dialog both do: lays out the whole network (or one
/// cluster, "C1"), writes it with the exporter named `format` and records the export in the
/// store's audit log. Usage for an unknown format, NotFound for an unknown cluster, Io when a
/// file cannot be written, Database when the audit entry cannot be added.
Result<ExportOutcome> exportNetwork(Store &store, const GraphSnapshot &snapshot,
                                    const analysis::AnalysisResult &analysis, const analysis::AnalysisPolicy &policy,
                                    std::string_view format, const std::string &cluster,
                                    const std::filesystem::path &out);

/// Writes `content` to `path` as PrivateFile does: owner-only (0600), whole or not at all, never
/// through a link. Io with the system's reason on failure, and then nothing is left behind.
Status writePrivateFile(const std::filesystem::path &path, std::string_view content);

/// A file Harbour writes about children (an export, a briefing, a screenshot), written in pieces:
/// documents can be too large to hold whole (a whole-network GraphML runs to gigabytes at a
/// million reports).
///
/// The bytes go to a temporary file created exclusively (O_EXCL, mode 0600) in the target's
/// folder, which close() renames over the target. So the target is never written through: a
/// hard link's other name keeps its content and mode, and a symbolic link, a folder or a pipe at
/// the target is refused. A failure anywhere (a full disk included) removes the temporary file
/// and leaves the target as it was: no empty or half-written file. Destroyed unfinished, it
/// removes the temporary file too.
class PrivateFile {
public:
    explicit PrivateFile(std::filesystem::path path) : m_path(std::move(path)) {}
    ~PrivateFile();
    PrivateFile(const PrivateFile &) = delete;
    PrivateFile &operator=(const PrivateFile &) = delete;

    Status open();
    Status write(std::string_view bytes);
    /// finish() then publish(): the file is in place, or (on failure) not there at all.
    Status close();
    /// Flushes the bytes to disk and closes the temporary file; the target is not touched yet.
    Status finish();
    /// Renames the finished temporary file over the target.
    Status publish();

    const std::filesystem::path &path() const { return m_path; }

private:
    Error failure(const char *what) const;
    void discard();

    std::filesystem::path m_path;
    std::filesystem::path m_temporary;
    int m_fd = -1;
};

/// Where an exporter writes its text, a piece at a time.
using TextSink = std::function<Status(std::string_view)>;

} // namespace harbour::exporters
