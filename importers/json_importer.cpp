#include "json_importer.h"

#include "record_delivery.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace harbour::importers {

namespace {

using json = nlohmann::json;

constexpr std::size_t kStreamBuffer = 1u << 20;
/// How often (in array elements) a document read asks the stream where it is, for progress.
constexpr std::size_t kProgressEvery = 1024;

std::string lowerExtension(const std::filesystem::path &path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool isBlank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// nlohmann's reason without its exception id: "line 2, column 5: syntax error while parsing ...".
/// Inside one JSON Lines line the line part is always 1 and is dropped.
std::string parseReason(const json::parse_error &error, bool singleLine)
{
    std::string what = error.what();
    const std::string_view lead = "parse error at ";
    if (const std::size_t at = what.find(lead); at != std::string::npos) {
        what.erase(0, at + lead.size());
    } else if (const std::size_t bracket = what.find("] "); bracket != std::string::npos) {
        what.erase(0, bracket + 2);
    }
    if (singleLine && what.starts_with("line 1, ")) {
        what.erase(0, 8);
    }
    return "malformed JSON: " + what;
}

/// A SAX handler that builds nothing: the first pass over a document only checks it is JSON.
class SyntaxCheck final : public nlohmann::json_sax<json> {
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t &) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &error) override
    {
        m_reason = error.what();
        if (const auto *parseError = dynamic_cast<const json::parse_error *>(&error)) {
            m_reason = parseReason(*parseError, false);
        }
        return false;
    }
    const std::string &reason() const { return m_reason; }

private:
    std::string m_reason;
};

/// Thrown from the parser callback to stop a document read when the sink cancels; never leaves read().
struct StopReading {};

enum class Shape { Empty, Document, Lines };

class JsonReader {
public:
    JsonReader(const std::filesystem::path &path, const ImportSink &sink, std::uint64_t size)
        : m_path(path), m_delivery(sink, path.string(), size)
    {
        m_buffer = std::make_unique<char[]>(kStreamBuffer);
        m_in.rdbuf()->pubsetbuf(m_buffer.get(), kStreamBuffer);
        m_in.open(path, std::ios::binary);
    }

    bool opened() const { return m_in.is_open(); }

    Status run(bool linesByName)
    {
        std::string head(4096, '\0');
        m_in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(m_in.gcount()));
        m_start = byteOrderMarkLength(head);
        if (m_in.bad()) {
            return Error{ErrorCode::Io, "cannot read the file", m_delivery.file(), {}, {}};
        }
        switch (detectShape(head, linesByName)) {
        case Shape::Empty:
            m_delivery.warn(Error{ErrorCode::Validation, "the file holds no records", {}, {}, {}});
            break;
        case Shape::Lines:
            rewind();
            readLines();
            break;
        case Shape::Document:
            rewind();
            readDocument();
            break;
        }
        if (m_in.bad()) {
            return Error{ErrorCode::Io, "cannot read the file", m_delivery.file(), {}, {}};
        }
        m_delivery.finish();
        return {};
    }

private:
    void rewind()
    {
        m_in.clear();
        m_in.seekg(static_cast<std::streamoff>(m_start));
    }

    /// A file that starts with a line holding a whole object, followed by more, is JSON Lines; so is
    /// one whose first line is broken but whose second line is an object (a damaged first record).
    Shape detectShape(std::string_view head, bool linesByName)
    {
        const std::size_t first = head.find_first_not_of(" \t\r\n", m_start);
        if (first == std::string_view::npos && m_in.eof()) {
            return Shape::Empty;
        }
        if (linesByName) {
            return Shape::Lines;
        }
        if (first == std::string_view::npos || head[first] != '{') {
            return Shape::Document;
        }
        rewind();
        std::string line;
        std::vector<std::string> lines;
        while (lines.size() < 2 && std::getline(m_in, line)) {
            if (!isBlank(line)) {
                lines.push_back(std::move(line));
            }
        }
        Shape shape = Shape::Document;
        if (lines.size() == 2) {
            const bool firstWhole = json::accept(lines[0]);
            const json second = json::parse(lines[1], nullptr, false);
            if (firstWhole || second.is_object()) {
                shape = Shape::Lines;
            }
        }
        rewind();
        return shape;
    }

    void readLines()
    {
        std::string line;
        std::uint64_t consumed = m_start;
        std::size_t number = 0;
        while (std::getline(m_in, line)) {
            ++number;
            consumed += line.size() + 1;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (isBlank(line)) {
                continue;
            }
            const std::string location = "line " + std::to_string(number);
            try {
                const json object = json::parse(line);
                if (!m_delivery.deliver(object, location)) {
                    return;
                }
            } catch (const json::parse_error &error) {
                m_delivery.reject(Error{ErrorCode::Parse, parseReason(error, true), {}, location, {}});
            }
            m_delivery.progress(consumed);
        }
    }

    void readDocument()
    {
        m_in >> std::ws;
        const bool isArray = m_in.peek() == '[';
        rewind();
        SyntaxCheck check;
        if (!json::sax_parse(m_in, &check)) {
            if (!m_in.bad()) {
                m_delivery.reject(Error{ErrorCode::Parse, check.reason(), {}, {}, {}});
            }
            return;
        }
        rewind();
        std::size_t index = 0;
        bool sawTop = false;
        auto callback = [&](int depth, json::parse_event_t event, json &parsed) {
            const bool elementEnd = event == json::parse_event_t::object_end
                || event == json::parse_event_t::array_end || event == json::parse_event_t::value;
            if (isArray && depth == 1 && elementEnd) {
                const std::string location = "index " + std::to_string(index++);
                if (!m_delivery.deliver(parsed, location)) {
                    throw StopReading{};
                }
                if (index % kProgressEvery == 0) {
                    m_delivery.progress(static_cast<std::uint64_t>(m_in.tellg()));
                }
                return false; // delivered: keep the array empty
            }
            if (!isArray && depth == 0 && elementEnd) {
                sawTop = true;
                if (parsed.is_object()) {
                    m_delivery.deliver(parsed, {});
                } else {
                    m_delivery.reject(
                        Error{ErrorCode::Validation, "expected a JSON object or an array of objects", {}, {}, {}});
                }
                return false;
            }
            return true;
        };
        try {
            const json top = json::parse(m_in, callback, false);
            if (isArray && !top.is_array() && !sawTop) {
                m_delivery.reject(Error{ErrorCode::Parse, "malformed JSON", {}, {}, {}});
            }
        } catch (const StopReading &) {
            // The sink asked to stop; what it received stands.
        }
    }

    std::filesystem::path m_path;
    RecordDelivery m_delivery;
    std::unique_ptr<char[]> m_buffer;
    std::ifstream m_in;
    std::size_t m_start = 0;
};

} // namespace

bool JsonImporter::supportsFile(const std::filesystem::path &path) const
{
    const std::string ext = lowerExtension(path);
    return ext == ".json" || ext == ".jsonl" || ext == ".ndjson";
}

Status JsonImporter::read(const std::filesystem::path &path, const ImportSink &sink) const
{
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) {
        return Error{ErrorCode::Io, "cannot open file: " + ec.message(), path.string(), {}, {}};
    }
    JsonReader reader(path, sink, size);
    if (!reader.opened()) {
        return Error{ErrorCode::Io, "cannot open file", path.string(), {}, {}};
    }
    const std::string ext = lowerExtension(path);
    return reader.run(ext == ".jsonl" || ext == ".ndjson");
}

} // namespace harbour::importers
