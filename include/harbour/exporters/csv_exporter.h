#pragma once

#include "harbour/exporters/exporter.h"

#include <string>
#include <string_view>
#include <vector>

namespace harbour::exporters {

/// One analysis table: written as `name`.csv.
struct CsvTable {
    std::string name; ///< clusters, suspects, children, premises, vehicles, places, areas
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// One CSV file per analysis table in a folder. Cells are RFC 4180 quoted and neutralised
/// against spreadsheet formula injection (see csvCell); lines end in CRLF.
class CsvExporter final : public Exporter {
public:
    std::string_view name() const override { return "csv"; }
    Result<std::vector<std::filesystem::path>> write(const ExportInput &input,
                                                     const std::filesystem::path &out) const override;
};

/// The tables of an analysis, limited to one cluster's rows when input.cluster is set
/// (areas, which belong to no cluster, are then left empty).
std::vector<CsvTable> analysisTables(const ExportInput &input);

/// One cell: a single quote before text starting with = + - @ tab or carriage return (so a
/// spreadsheet shows it rather than running it), then quoted when it holds a comma, a quote,
/// a line break or leading/trailing spaces, with quotes doubled.
std::string csvCell(std::string_view text);

/// The whole table, header first, CRLF line ends.
std::string toCsv(const CsvTable &table);

} // namespace harbour::exporters
