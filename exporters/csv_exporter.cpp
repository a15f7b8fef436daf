#include "harbour/exporters/csv_exporter.h"

#include "export_support.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_set>

namespace harbour::exporters {
namespace {

using detail::join;
using detail::number;

std::string levelText(const std::optional<RiskLevel> &level)
{
    return level ? std::string(toString(*level)) : std::string("not screened");
}

CsvTable hotspotTable(std::string name, const std::vector<analysis::HotspotRow> &rows, bool areas,
                      const std::unordered_set<EntityId> *members)
{
    CsvTable table{std::move(name),
                   {"rank", areas ? "area" : "entity_id", "label", "score", "children", "direct_children", "found_at",
                    "recent_records", "reasons"},
                   {}};
    for (const auto &row : rows) {
        if (members && (areas || !members->contains(row.id))) {
            continue;
        }
        table.rows.push_back({std::to_string(row.rank), areas ? row.key : std::to_string(row.id), row.label,
                              number(row.score), std::to_string(row.distinctChildren),
                              std::to_string(row.directChildren), std::to_string(row.foundAt),
                              std::to_string(row.recentRecords), join(row.reasons, "; ")});
    }
    return table;
}

} // namespace

std::vector<CsvTable> analysisTables(const ExportInput &input)
{
    const auto &analysis = input.analysis;
    const bool filtered = !input.cluster.empty();
    std::unordered_set<EntityId> members;
    for (const auto &cluster : analysis.clusters) {
        if (cluster.id == input.cluster) {
            for (const auto &member : cluster.members) {
                members.insert(member.id);
            }
        }
    }
    const auto *memberFilter = filtered ? &members : nullptr;

    std::vector<CsvTable> tables;
    CsvTable clusters{"clusters",
                      {"cluster", "score", "organised", "members", "children", "suspects", "records", "recent_records",
                       "reasons"},
                      {}};
    for (const auto &cluster : analysis.clusters) {
        if (filtered && cluster.id != input.cluster) {
            continue;
        }
        clusters.rows.push_back({cluster.id, number(cluster.score), cluster.organised ? "yes" : "no",
                                 std::to_string(cluster.members.size()), std::to_string(cluster.children),
                                 std::to_string(cluster.suspects), std::to_string(cluster.records),
                                 std::to_string(cluster.recentRecords), join(cluster.reasons, "; ")});
    }
    tables.push_back(std::move(clusters));

    CsvTable suspects{"suspects",
                      {"rank", "entity_id", "label", "score", "children", "significant_children", "records",
                       "recent_records", "cluster", "betweenness", "broker", "reasons"},
                      {}};
    for (const auto &row : analysis.priorities.suspects) {
        if (filtered && row.cluster != input.cluster) {
            continue;
        }
        suspects.rows.push_back({std::to_string(row.rank), std::to_string(row.id), row.label, number(row.score),
                                 std::to_string(row.children), std::to_string(row.significantChildren),
                                 std::to_string(row.records), std::to_string(row.recentRecords), row.cluster,
                                 number(row.betweenness), row.broker ? "yes" : "no", join(row.reasons, "; ")});
    }
    tables.push_back(std::move(suspects));

    CsvTable children{"children",
                      {"rank", "entity_id", "label", "score", "final_level", "computed_level", "trend",
                       "open_actions", "overdue_actions", "cluster", "organised_cluster", "reasons"},
                      {}};
    for (const auto &row : analysis.priorities.children) {
        if (filtered && row.cluster != input.cluster) {
            continue;
        }
        children.rows.push_back({std::to_string(row.rank), std::to_string(row.id), row.label, number(row.score),
                                 levelText(row.level), levelText(row.computed), std::string(toString(row.trend)),
                                 std::to_string(row.openActions), std::to_string(row.overdueActions), row.cluster,
                                 row.organisedCluster ? "yes" : "no", join(row.reasons, "; ")});
    }
    tables.push_back(std::move(children));

    tables.push_back(hotspotTable("premises", analysis.hotspots.premises, false, memberFilter));
    tables.push_back(hotspotTable("vehicles", analysis.hotspots.vehicles, false, memberFilter));
    tables.push_back(hotspotTable("places", analysis.hotspots.places, false, memberFilter));
    tables.push_back(hotspotTable("areas", analysis.hotspots.areas, true, memberFilter));
    return tables;
}

std::string csvCell(std::string_view text)
{
    std::string cell;
    cell.reserve(text.size() + 3);
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        cell += '\'';
    }
    cell += text;
    const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                       (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
    if (!quote) {
        return cell;
    }
    std::string quoted = "\"";
    for (const char c : cell) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return quoted;
}

std::string toCsv(const CsvTable &table)
{
    std::string out;
    auto line = [&](const std::vector<std::string> &cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            out += csvCell(cells[i]);
        }
        out += "\r\n";
    };
    line(table.header);
    for (const auto &row : table.rows) {
        line(row);
    }
    return out;
}

Result<std::vector<std::filesystem::path>> CsvExporter::write(const ExportInput &input,
                                                              const std::filesystem::path &out) const
{
    std::error_code ec;
    const bool created = std::filesystem::create_directories(out, ec);
    if (ec || !std::filesystem::is_directory(out)) {
        Error error = makeError(ErrorCode::Io, "cannot create the folder: " + (ec ? ec.message() : "not a folder"));
        error.file = out.string();
        return error;
    }
    // Every table is written whole before any takes its name: a failure (a full disk) leaves the
    // folder as it was, and removes it again if this export made it.
    std::vector<std::unique_ptr<PrivateFile>> files;
    const auto fail = [&](const Status &status) -> Result<std::vector<std::filesystem::path>> {
        files.clear();
        if (created) {
            std::filesystem::remove(out, ec);
        }
        return status.error();
    };
    for (const auto &table : analysisTables(input)) {
        auto &file = *files.emplace_back(std::make_unique<PrivateFile>(out / (table.name + ".csv")));
        if (auto status = file.open(); !status) {
            return fail(status);
        }
        if (auto status = file.write(toCsv(table)); !status) {
            return fail(status);
        }
        if (auto status = file.finish(); !status) {
            return fail(status);
        }
    }
    std::vector<std::filesystem::path> written;
    for (const auto &file : files) {
        if (auto status = file->publish(); !status) {
            return status.error();
        }
        written.push_back(file->path());
    }
    return written;
}

} // namespace harbour::exporters
