#include "csv_importer.h"

#include "json_record_builder.h"
#include "record_delivery.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

namespace harbour::importers {

namespace {

using json = nlohmann::json;

constexpr std::size_t kStreamBuffer = 1u << 20;

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string_view trim(std::string_view text)
{
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) {
        return {};
    }
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// ---- text encoding ----------------------------------------------------------------------

bool isValidUtf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 1;
        if (byte >= 0xF0 && byte <= 0xF4) {
            length = 4;
        } else if (byte >= 0xE0) {
            length = byte <= 0xEF ? 3 : 0;
        } else if (byte >= 0xC2) {
            length = 2;
        } else if (byte >= 0x80) {
            length = 0;
        }
        if (length == 0 || i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += length;
    }
    return true;
}

/// Windows-1252, which Excel writes when asked for plain "CSV", to UTF-8.
std::string windows1252ToUtf8(std::string_view text)
{
    // 0x80..0x9F differ from Latin-1; the five unassigned bytes keep their Latin-1 meaning.
    static constexpr std::array<char16_t, 32> kHigh = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const unsigned code = byte >= 0x80 && byte < 0xA0 ? kHigh[byte - 0x80] : byte;
        if (code < 0x80) {
            out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
    }
    return out;
}

// ---- RFC 4180 tokenizer -------------------------------------------------------------------

struct CsvRow {
    std::vector<std::string> cells;
    std::size_t line = 0;         ///< physical line the row starts on, from 1
    std::string error;            ///< why the row cannot be read; empty when it can
    std::size_t errorColumn = 0;  ///< 1-based cell the error is in
};

/// Splits a stream into rows. Reads through the streambuf directly: one virtual-free call a byte.
class CsvTokenizer {
public:
    CsvTokenizer(std::istream &in, std::uint64_t offset) : m_buf(*in.rdbuf()), m_offset(offset) {}

    std::uint64_t offset() const { return m_offset; }

    /// The next row, or false at the end of the input.
    bool next(CsvRow &row)
    {
        row.cells.clear();
        row.error.clear();
        row.errorColumn = 0;
        if (peek() == kEnd) {
            return false;
        }
        row.line = m_line;
        std::uint64_t firstLineEnd = 0;
        std::string cell;
        for (;;) {
            cell.clear();
            if (peek() == '"') {
                get();
                for (;;) {
                    const int c = get();
                    if (c == kEnd) {
                        fail(row, "quoted cell is not closed (mismatched quotes)");
                        // Nothing closed the quote: read on from the line after the row's first.
                        if (firstLineEnd != 0) {
                            seek(firstLineEnd, row.line + 1);
                        }
                        return true;
                    }
                    if (c == '\n' && firstLineEnd == 0) {
                        firstLineEnd = m_offset;
                    }
                    if (c == '"') {
                        if (peek() != '"') {
                            break;
                        }
                        get();
                    }
                    if (cell.size() >= kMaxTextBytes) {
                        fail(row, "quoted cell longer than " + std::to_string(kMaxTextBytes >> 20) +
                                      " MiB (is a quote never closed?)");
                        if (firstLineEnd != 0) {
                            seek(firstLineEnd, row.line + 1);
                        } else {
                            skipLine();
                        }
                        return true;
                    }
                    cell.push_back(static_cast<char>(c));
                }
                if (!endOfCell(peek())) {
                    fail(row, "unexpected text after a closing quote (mismatched quotes)");
                    skipLine();
                    return true;
                }
            } else {
                for (int c = peek(); !endOfCell(c); c = peek()) {
                    if (c == '"') {
                        fail(row, "quote inside an unquoted cell (mismatched quotes)");
                        skipLine();
                        return true;
                    }
                    if (cell.size() >= kMaxTextBytes) {
                        fail(row, "cell longer than " + std::to_string(kMaxTextBytes >> 20) + " MiB");
                        skipLine();
                        return true;
                    }
                    cell.push_back(static_cast<char>(get()));
                }
            }
            if (row.cells.size() >= kMaxCsvCells) {
                fail(row, "row has more than " + std::to_string(kMaxCsvCells) + " cells");
                skipLine();
                return true;
            }
            row.cells.push_back(cell);
            const int c = get();
            if (c == ',') {
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                get();
            }
            return true;
        }
    }

private:
    static constexpr int kEnd = std::char_traits<char>::eof();

    static bool endOfCell(int c) { return c == ',' || c == '\n' || c == '\r' || c == kEnd; }

    int peek() { return m_buf.sgetc(); }

    int get()
    {
        const int c = m_buf.sbumpc();
        if (c != kEnd) {
            ++m_offset;
            if (c == '\n') {
                ++m_line;
            }
        }
        return c;
    }

    void fail(CsvRow &row, std::string message)
    {
        row.error = std::move(message);
        row.errorColumn = row.cells.size() + 1;
    }

    void skipLine()
    {
        for (int c = get(); c != '\n' && c != kEnd; c = get()) {
        }
    }

    void seek(std::uint64_t offset, std::size_t line)
    {
        m_buf.pubseekpos(static_cast<std::streamoff>(offset), std::ios::in);
        m_offset = offset;
        m_line = line;
    }

    std::streambuf &m_buf;
    std::uint64_t m_offset = 0;
    std::size_t m_line = 1;
};

// ---- a row as a FORMATS.md object ----------------------------------------------------------

/// Splits a multi-valued cell on `separator`; "\;" and "\|" are the separators written as text.
std::vector<std::string> splitValues(std::string_view text, char separator)
{
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && (text[i + 1] == ';' || text[i + 1] == '|' || text[i + 1] == '\\')) {
            current.push_back(text[++i]);
        } else if (c == separator) {
            out.emplace_back(trim(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    out.emplace_back(trim(current));
    return out;
}

/// A plain list: empty entries dropped.
json listValue(std::string_view text)
{
    json out = json::array();
    for (std::string &value : splitValues(text, ';')) {
        if (!value.empty()) {
            out.push_back(std::move(value));
        }
    }
    return out;
}

/// true/false/yes/no/y/n/1/0 become booleans; anything else stays text for parseRecord to reject.
json boolValue(std::string_view text)
{
    const std::string word = lower(text);
    if (word == "true" || word == "yes" || word == "y" || word == "1") {
        return true;
    }
    if (word == "false" || word == "no" || word == "n" || word == "0") {
        return false;
    }
    return std::string(text);
}

json integerValue(std::string_view text)
{
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) {
        return value;
    }
    return std::string(text);
}

json numberValue(std::string_view text)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) {
        return value;
    }
    return std::string(text);
}

/// One column of a group of parallel lists, and the field its entries fill.
struct ListColumn {
    const char *key;
    std::string column;
    bool aliases = false; ///< entries are one person's aliases, split by '|'
};

/// A problem with the row's cells found before parseRecord sees it (lists that do not line up).
struct CellError {
    std::string column;
    std::string message;
};

/// The cells of one row by column name. Every cell read is marked; the cells nobody read are
/// kept as top-level fields so that parseRecord reports them as unknown, as it would in JSON.
class RowView {
public:
    RowView(const std::vector<std::string> &header, const std::unordered_map<std::string, std::size_t> &columns,
            const std::vector<std::string> &cells)
        : m_header(header), m_columns(columns), m_cells(cells), m_used(cells.size(), false)
    {
    }

    /// The trimmed cell, or nullopt when the column is absent or the cell is empty.
    std::optional<std::string_view> take(std::string_view column)
    {
        const auto it = m_columns.find(std::string(column));
        if (it == m_columns.end() || it->second >= m_cells.size()) {
            return std::nullopt;
        }
        m_used[it->second] = true;
        const std::string_view value = trim(m_cells[it->second]);
        if (value.empty()) {
            return std::nullopt;
        }
        return value;
    }

    void setString(json &object, const char *key, std::string_view column)
    {
        if (auto value = take(column)) {
            object[key] = std::string(*value);
        }
    }

    template <typename Convert>
    void set(json &object, const char *key, std::string_view column, Convert convert)
    {
        if (auto value = take(column)) {
            object[key] = convert(*value);
        }
    }

    /// An object from `prefix`+name columns, or nothing when all of them are empty.
    void setObject(json &object, const char *key, std::string_view prefix,
                   std::initializer_list<std::pair<const char *, json (*)(std::string_view)>> fields)
    {
        json inner = json::object();
        for (const auto &[name, convert] : fields) {
            if (auto value = take(std::string(prefix) + name)) {
                inner[name] = convert(*value);
            }
        }
        if (!inner.empty()) {
            object[key] = std::move(inner);
        }
    }

    /// Parallel lists that describe one list of things: victim_names, victim_dobs, ... Entry i of
    /// every column belongs to thing i. Returns the objects, or nullopt with `error` set when the
    /// columns do not have the same number of entries.
    std::optional<json> aligned(std::string_view what, std::initializer_list<ListColumn> fields, CellError &error)
    {
        struct Filled {
            const ListColumn *field;
            std::vector<std::string> values;
        };
        std::vector<Filled> lists;
        std::size_t count = 0;
        for (const ListColumn &field : fields) {
            if (auto value = take(field.column)) {
                lists.push_back({&field, splitValues(*value, ';')});
                count = std::max(count, lists.back().values.size());
            }
        }
        json out = json::array();
        for (const Filled &list : lists) {
            if (list.values.size() != count) {
                error.column = list.field->column;
                error.message = "has " + std::to_string(list.values.size())
                    + " entries separated by ';' but the row has " + std::to_string(count) + " "
                    + std::string(what) + "; leave an entry empty to skip it";
                return std::nullopt;
            }
        }
        for (std::size_t i = 0; i < count; ++i) {
            json item = json::object();
            for (const Filled &list : lists) {
                const std::string &value = list.values[i];
                if (value.empty()) {
                    continue;
                }
                if (list.field->aliases) {
                    json aliases = json::array();
                    for (std::string &alias : splitValues(value, '|')) {
                        if (!alias.empty()) {
                            aliases.push_back(std::move(alias));
                        }
                    }
                    item[list.field->key] = std::move(aliases);
                } else {
                    item[list.field->key] = value;
                }
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    /// Cells no mapping read, as top-level fields named after their column.
    void keepUnread(json &object) const
    {
        for (std::size_t i = 0; i < m_cells.size(); ++i) {
            const std::string_view value = trim(m_cells[i]);
            if (!m_used[i] && !value.empty() && !object.contains(m_header[i])) {
                object[m_header[i]] = std::string(value);
            }
        }
    }

private:
    const std::vector<std::string> &m_header;
    const std::unordered_map<std::string, std::size_t> &m_columns;
    const std::vector<std::string> &m_cells;
    std::vector<bool> m_used;
};

json text(std::string_view value)
{
    return std::string(value);
}

/// People columns: {role}_names, {role}_aliases (one victim's aliases split by '|'), {role}_dobs, ...
std::optional<json> people(RowView &row, const std::string &role, const char *what, CellError &error)
{
    return row.aligned(what,
                       {{"name", role + "_names"},
                        {"aliases", role + "_aliases", true},
                        {"dob", role + "_dobs"},
                        {"gender", role + "_genders"},
                        {"address", role + "_addresses"},
                        {"description", role + "_descriptions"}},
                       error);
}

std::optional<CellError> buildInformationReport(RowView &row, json &o)
{
    CellError error;
    row.setString(o, "id", "id");
    row.setString(o, "reported_at", "reported_at");
    row.setObject(o, "reporter", "reporter_", {{"name", text}, {"post", text}, {"agency", text}, {"contact", text}});
    row.setString(o, "source_type", "source_type");
    row.set(o, "source_reliability", "source_reliability", integerValue);
    row.set(o, "information_accuracy", "information_accuracy", integerValue);
    row.set(o, "third_party_will_engage", "third_party_will_engage", boolValue);
    row.setObject(o, "grading", "grading_", {{"source", text}, {"intelligence", text}, {"handling", text}});

    json subjects = json::array();
    for (const auto &[role, what] : {std::pair{"victim", "victims"}, std::pair{"perpetrator", "perpetrators"},
                                     std::pair{"associate", "associates"}}) {
        auto list = people(row, role, what, error);
        if (!list) {
            return error;
        }
        for (json &person : *list) {
            person["role"] = role;
            if (!person.contains("name")) {
                person["name"] = nullptr;
            }
            subjects.push_back(std::move(person));
        }
    }
    if (!subjects.empty()) {
        o["subjects"] = std::move(subjects);
    }
    auto vehicles = row.aligned("vehicles",
                                {{"vrm", "vehicle_vrms"},
                                 {"make", "vehicle_makes"},
                                 {"model", "vehicle_models"},
                                 {"colour", "vehicle_colours"}},
                                error);
    if (!vehicles) {
        return error;
    }
    for (json &vehicle : *vehicles) {
        const auto vrm = vehicle.find("vrm");
        if (vrm != vehicle.end() && vrm->get_ref<const std::string &>().find_first_of("?*") != std::string::npos) {
            vehicle["partial"] = true;
        }
    }
    if (!vehicles->empty()) {
        o["vehicles"] = std::move(*vehicles);
    }
    auto premises = row.aligned("premises",
                                {{"trading_name", "premises_names"},
                                 {"type", "premises_types"},
                                 {"address", "premises_addresses"}},
                                error);
    if (!premises) {
        return error;
    }
    if (!premises->empty()) {
        o["licensed_premises"] = std::move(*premises);
    }
    auto places = row.aligned("places",
                              {{"name", "place_names"},
                               {"address", "place_addresses"},
                               {"lat", "place_lats"},
                               {"lon", "place_lons"}},
                              error);
    if (!places) {
        return error;
    }
    for (json &place : *places) {
        for (const char *key : {"lat", "lon"}) {
            if (place.contains(key)) {
                place[key] = numberValue(place[key].get<std::string>());
            }
        }
    }
    if (!places->empty()) {
        o["places"] = std::move(*places);
    }
    row.set(o, "phones", "phones", listValue);
    if (auto accounts = row.take("online_accounts")) {
        json list = json::array();
        for (const std::string &entry : splitValues(*accounts, ';')) {
            if (entry.empty()) {
                continue;
            }
            const std::size_t colon = entry.find(':');
            if (colon == std::string::npos) {
                list.push_back({{"handle", entry}});
            } else {
                list.push_back({{"service", std::string(trim(std::string_view(entry).substr(0, colon)))},
                                {"handle", std::string(trim(std::string_view(entry).substr(colon + 1)))}});
            }
        }
        o["online_accounts"] = std::move(list);
    }
    json incident = json::object();
    row.setString(incident, "at", "incident_at");
    row.setString(incident, "description", "incident_description");
    if (!incident.empty()) {
        o["incidents"] = json::array({std::move(incident)});
    }
    row.setString(o, "narrative", "narrative");
    return std::nullopt;
}

std::optional<CellError> buildScreening(RowView &row, json &o)
{
    row.setString(o, "id", "id");
    row.setString(o, "screened_at", "screened_at");
    row.setObject(o, "child", "child_",
                  {{"name", text}, {"aliases", listValue}, {"dob", text}, {"gender", text}, {"ethnicity", text},
                   {"disability", text}, {"learning_disability", boolValue}, {"additional_needs", boolValue},
                   {"address", text}, {"lives_with", text}, {"in_care", boolValue}});
    row.setObject(o, "referrer", "referrer_",
                  {{"name", text}, {"post", text}, {"agency", text}, {"telephone", text}, {"email", text}});
    row.setString(o, "reason", "reason");
    json significant = json::object();
    for (const char *recency : {"current", "past"}) {
        const std::string column = std::string("significant_") + recency;
        if (auto cell = row.take(column)) {
            for (const auto &key : listValue(*cell)) {
                const std::string &name = key.get_ref<const std::string &>();
                if (significant.contains(name) && significant[name] != recency) {
                    return CellError{column, "'" + name + "' is listed as both current and past"};
                }
                significant[name] = recency;
            }
        }
    }
    if (!significant.empty()) {
        o["significant"] = std::move(significant);
    }
    row.set(o, "risk_indicators", "risk_indicators", listValue);
    row.set(o, "vulnerabilities", "vulnerabilities", listValue);
    row.setObject(o, "professional_judgement", "professional_judgement_", {{"level", text}, {"reason", text}});
    return std::nullopt;
}

std::optional<CellError> buildMissingEpisode(RowView &row, json &o)
{
    CellError error;
    row.setString(o, "id", "id");
    row.setObject(o, "child", "child_",
                  {{"name", text}, {"aliases", listValue}, {"dob", text}, {"gender", text}, {"address", text}});
    row.setString(o, "went_missing_at", "went_missing_at");
    row.setString(o, "returned_at", "returned_at");
    row.set(o, "reported_to_police", "reported_to_police", boolValue);
    row.setObject(o, "found_at", "found_at_",
                  {{"name", text}, {"address", text}, {"lat", numberValue}, {"lon", numberValue}});
    auto with = row.aligned("people found with",
                            {{"name", "found_with_names"}, {"aliases", "found_with_aliases", true}}, error);
    if (!with) {
        return error;
    }
    for (json &person : *with) {
        if (!person.contains("name")) {
            person["name"] = nullptr;
        }
    }
    if (!with->empty()) {
        o["found_with"] = std::move(*with);
    }
    row.setObject(o, "return_interview", "return_interview_", {{"held_at", text}, {"summary", text}});
    return std::nullopt;
}

/// The kind a header implies when there is no kind column (or its cell is empty).
std::string kindFromHeader(const std::unordered_map<std::string, std::size_t> &columns)
{
    if (columns.contains("reported_at")) {
        return "information_report";
    }
    if (columns.contains("screened_at")) {
        return "screening";
    }
    if (columns.contains("went_missing_at")) {
        return "missing_episode";
    }
    return {};
}

class CsvReader {
public:
    CsvReader(const std::filesystem::path &path, const ImportSink &sink, std::uint64_t size)
        : m_delivery(sink, path.string(), size)
    {
        m_buffer = std::make_unique_for_overwrite<char[]>(kStreamBuffer);
        m_in.rdbuf()->pubsetbuf(m_buffer.get(), kStreamBuffer);
        m_in.open(path, std::ios::binary);
    }

    bool opened() const { return m_in.is_open(); }

    Status run()
    {
        std::array<char, 4> head{};
        m_in.read(head.data(), head.size());
        const std::string_view first(head.data(), static_cast<std::size_t>(m_in.gcount()));
        if (const std::optional<std::string> encoding = unsupportedEncoding(first)) {
            return Error{ErrorCode::Parse, *encoding, m_delivery.file(), "header", {}};
        }
        const std::size_t start = byteOrderMarkLength(first);
        m_in.clear();
        m_in.seekg(static_cast<std::streamoff>(start));
        CsvTokenizer tokenizer(m_in, start);

        CsvRow row;
        while (tokenizer.next(row) && isBlankRow(row)) {
        }
        if (row.cells.empty() && row.error.empty()) {
            m_delivery.warn(Error{ErrorCode::Validation, "the file holds no records", {}, {}, {}});
            m_delivery.finish();
            return {};
        }
        if (Status header = readHeader(row); !header) {
            return header;
        }
        if (m_defaultKind.empty() && !m_columns.contains("kind")) {
            return Error{ErrorCode::Validation,
                         "cannot tell the record kind: add a 'kind' column, or a reported_at, screened_at or "
                         "went_missing_at column",
                         m_delivery.file(), "header", {}};
        }

        std::size_t number = 0;
        while (tokenizer.next(row)) {
            if (isBlankRow(row)) {
                continue;
            }
            ++number;
            if (!readRow(row, "row " + std::to_string(number))) {
                break;
            }
            m_delivery.progress(tokenizer.offset());
        }
        if (m_in.bad()) {
            return Error{ErrorCode::Io, "cannot read the file", m_delivery.file(), {}, {}};
        }
        m_delivery.finish();
        return {};
    }

private:
    static bool isBlankRow(const CsvRow &row)
    {
        return row.error.empty() && row.cells.size() == 1 && trim(row.cells[0]).empty();
    }

    Status readHeader(const CsvRow &row)
    {
        if (!row.error.empty()) {
            return Error{ErrorCode::Parse, row.error, m_delivery.file(), "header", {}};
        }
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            std::string name = lower(trim(row.cells[i]));
            if (name.empty()) {
                name = "column_" + std::to_string(i + 1);
            }
            if (!m_columns.emplace(name, i).second) {
                return Error{ErrorCode::Validation, "column '" + name + "' appears twice in the header",
                             m_delivery.file(), "header", {}};
            }
            m_header.push_back(std::move(name));
        }
        m_defaultKind = kindFromHeader(m_columns);
        return {};
    }

    /// Returns false when the sink asked to stop.
    bool readRow(CsvRow &row, const std::string &location)
    {
        if (!row.error.empty()) {
            const std::string column =
                row.errorColumn <= m_header.size() ? m_header[row.errorColumn - 1] : std::string();
            m_delivery.reject(Error{ErrorCode::Parse,
                                    row.error + " (row starts on line " + std::to_string(row.line) + ")",
                                    {}, location, column});
            return true;
        }
        if (row.cells.size() > m_header.size()) {
            m_delivery.reject(Error{ErrorCode::Parse,
                                    "row has " + std::to_string(row.cells.size()) + " cells but the header has "
                                        + std::to_string(m_header.size()),
                                    {}, location, {}});
            return true;
        }
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            if (row.cells[i].find('\0') != std::string::npos) {
                m_delivery.reject(Error{ErrorCode::Parse, "cell holds a NUL byte (a binary file, or UTF-16 text?)", {},
                                        location, i < m_header.size() ? m_header[i] : std::string()});
                return true;
            }
        }
        for (std::string &cell : row.cells) {
            if (!isValidUtf8(cell)) {
                cell = windows1252ToUtf8(cell);
                if (!m_warnedEncoding) {
                    m_warnedEncoding = true;
                    m_delivery.warn(Error{ErrorCode::Validation,
                                          "cells that are not UTF-8 were read as Windows-1252 (Excel's \"CSV\")", {},
                                          location, {}});
                }
            }
        }
        RowView view(m_header, m_columns, row.cells);
        json object = json::object();
        const std::string kind = std::string(view.take("kind").value_or(m_defaultKind));
        object["kind"] = kind;
        std::optional<CellError> error;
        if (kind == "information_report") {
            error = buildInformationReport(view, object);
        } else if (kind == "screening") {
            error = buildScreening(view, object);
        } else if (kind == "missing_episode") {
            error = buildMissingEpisode(view, object);
        }
        if (error) {
            m_delivery.reject(Error{ErrorCode::Validation, error->message, {}, location, error->column});
            return true;
        }
        view.keepUnread(object);
        return m_delivery.deliver(object, location);
    }

    RecordDelivery m_delivery;
    std::unique_ptr<char[]> m_buffer;
    std::ifstream m_in;
    std::vector<std::string> m_header;
    std::unordered_map<std::string, std::size_t> m_columns;
    std::string m_defaultKind;
    bool m_warnedEncoding = false;
};

} // namespace

bool CsvImporter::supportsFile(const std::filesystem::path &path) const
{
    return lower(path.extension().string()) == ".csv";
}

Status CsvImporter::read(const std::filesystem::path &path, const ImportSink &sink) const
{
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) {
        return Error{ErrorCode::Io, "cannot open file: " + ec.message(), path.string(), {}, {}};
    }
    CsvReader reader(path, sink, size);
    if (!reader.opened()) {
        return Error{ErrorCode::Io, "cannot open file", path.string(), {}, {}};
    }
    return reader.run();
}

} // namespace harbour::importers
