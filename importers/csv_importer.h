#pragma once

#include "harbour/importers/importer.h"

namespace harbour::importers {

/// CSV (RFC 4180: quoted cells, "" for a quote inside one, CRLF or LF) holding information
/// reports, screenings or missing episodes, one record a row, with the columns of
/// docs/csv-format.md. A header row is required. Each row is turned into the JSON object of
/// spec/FORMATS.md and validated by parseRecord, so CSV and JSON records are stored alike.
/// Rows are located as "row N", counting data rows from 1 (the header and blank lines are not
/// counted). A row with mismatched quotes is rejected and reading resumes on the next line.
/// read() fails only when the file cannot be opened or its header is unusable.
class CsvImporter final : public Importer {
public:
    std::string_view name() const override { return "csv"; }
    /// .csv, in any case.
    bool supportsFile(const std::filesystem::path &path) const override;
    Status read(const std::filesystem::path &path, const ImportSink &sink) const override;
};

} // namespace harbour::importers
