#include "harbour/importers/importer.h"

#include "csv_importer.h"
#include "json_importer.h"

#include <array>
#include <fstream>
#include <string_view>

namespace harbour::importers {

namespace {

/// How much of a file is read to guess its format when the extension does not say.
constexpr std::size_t kSniffBytes = 4096;

} // namespace

Result<ImportBatch> Importer::readAll(const std::filesystem::path &path) const
{
    ImportBatch batch;
    ImportSink sink;
    sink.record = [&batch](SourceRecord &&record) {
        batch.records.push_back(std::move(record));
        return true;
    };
    sink.rejected = [&batch](const Error &error) { batch.rejected.push_back(error); };
    sink.warning = [&batch](const Error &warning) { batch.warnings.push_back(warning); };
    if (Status status = read(path, sink); !status) {
        return status.error();
    }
    return batch;
}

const std::vector<std::unique_ptr<Importer>> &importers()
{
    static const std::vector<std::unique_ptr<Importer>> registry = [] {
        std::vector<std::unique_ptr<Importer>> list;
        list.push_back(std::make_unique<JsonImporter>());
        list.push_back(std::make_unique<CsvImporter>());
        return list;
    }();
    return registry;
}

const Importer *findSupportingImporter(const std::filesystem::path &path)
{
    for (const auto &importer : importers()) {
        if (importer->supportsFile(path)) {
            return importer.get();
        }
    }
    // No known extension: JSON opens with { or [ (after a byte order mark and blanks); CSV has
    // a header line with commas.
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return nullptr;
    }
    std::array<char, kSniffBytes> buffer{};
    in.read(buffer.data(), buffer.size());
    std::string_view head(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (head.starts_with("\xEF\xBB\xBF")) {
        head.remove_prefix(3);
    }
    const std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return nullptr;
    }
    const std::string_view kind = (head[first] == '{' || head[first] == '[') ? "json" : "csv";
    if (kind == "csv") {
        const std::string_view firstLine = head.substr(first, head.find('\n', first) - first);
        if (firstLine.find(',') == std::string_view::npos || firstLine.find('\0') != std::string_view::npos) {
            return nullptr;
        }
    }
    for (const auto &importer : importers()) {
        if (importer->name() == kind) {
            return importer.get();
        }
    }
    return nullptr;
}

} // namespace harbour::importers
