#pragma once

#include "harbour/model.h"
#include "harbour/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace harbour::importers {

/// What one file yields: records that passed validation, records rejected with
/// file/record/field/reason, and warnings (unknown fields kept verbatim, ...).
struct ImportBatch {
    std::vector<SourceRecord> records;
    std::vector<Error> rejected;
    std::vector<Error> warnings;
};

/// Where a streaming read delivers its output, record by record, so that a file of a
/// million reports never has to sit in memory at once.
struct ImportSink {
    /// A record that passed validation. Return false to stop reading (cancel).
    std::function<bool(SourceRecord &&record)> record;
    /// A record rejected with file, record (line/index/row), field and reason.
    std::function<void(const Error &error)> rejected;
    /// A warning that does not stop the record (unknown fields kept verbatim, ...).
    std::function<void(const Error &warning)> warning;
    /// Bytes consumed so far and the file's size, for progress bars. May be empty.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// One file format. Implementations are stateless and thread-safe. read() fails only when
/// the file as a whole cannot be used (missing, unreadable, not this format at all); a bad
/// record goes to ImportSink::rejected and the rest of the file is still read.
class Importer {
public:
    virtual ~Importer() = default;
    virtual std::string_view name() const = 0;
    virtual bool supportsFile(const std::filesystem::path &path) const = 0;
    virtual Status read(const std::filesystem::path &path, const ImportSink &sink) const = 0;

    /// Convenience for small files and tests: everything in memory.
    Result<ImportBatch> readAll(const std::filesystem::path &path) const;
};

/// The fixed registry: JSON (object, array or JSON Lines) and CSV.
const std::vector<std::unique_ptr<Importer>> &importers();
/// The importer for a file, chosen by extension and then by its first bytes; nullptr if none.
const Importer *findSupportingImporter(const std::filesystem::path &path);

} // namespace harbour::importers
