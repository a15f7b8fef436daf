#include "json_importer.h"

#include "json_record_builder.h"
#include "record_delivery.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <optional>
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
std::string parseReason(std::string what, bool singleLine)
{
    const std::string_view lead = "parse error at ";
    if (const std::size_t at = what.find(lead); at != std::string::npos) {
        what.erase(0, at + lead.size());
    } else if (const std::size_t bracket = what.find("] "); bracket != std::string::npos) {
        what.erase(0, bracket + 2);
    }
    if (singleLine && what.starts_with("line 1, ")) {
        what.erase(0, 8);
    }
    if (what.find("ill-formed UTF-8") != std::string::npos) {
        what += " (JSON must be UTF-8: save the file as UTF-8)";
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
        m_reason = parseReason(error.what(), false);
        return false;
    }
    const std::string &reason() const { return m_reason; }

private:
    std::string m_reason;
};

enum class Shape { Empty, Document, Lines };

class JsonReader {
public:
    JsonReader(const std::filesystem::path &path, const ImportSink &sink, std::uint64_t size)
        : m_path(path), m_delivery(sink, path.string(), size)
    {
        m_buffer = std::make_unique_for_overwrite<char[]>(kStreamBuffer);
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
        if (const std::optional<std::string> encoding = unsupportedEncoding(head)) {
            m_delivery.reject(Error{ErrorCode::Parse, *encoding, {}, {}, {}});
            m_delivery.finish();
            return {};
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
        bool tooLong = false;
        std::uint64_t consumed = 0;
        while (lines.size() < 2 && readLine(line, tooLong, consumed)) {
            if (tooLong || !isBlank(line)) {
                lines.push_back(std::move(line));
            }
        }
        Shape shape = Shape::Document;
        if (lines.size() == 2) {
            // accept() reads without building a value: a hostile first line costs no memory.
            const bool firstWhole = json::accept(lines[0]);
            const std::size_t open = lines[1].find_first_not_of(" \t\r");
            const bool secondObject = open != std::string::npos && lines[1][open] == '{' && json::accept(lines[1]);
            if (firstWhole || secondObject) {
                shape = Shape::Lines;
            }
        }
        rewind();
        return shape;
    }

    /// One line without its '\n' into `line`; false at the end of the input. A line longer than
    /// kMaxLineBytes is read to its end but not kept: `tooLong` says so.
    bool readLine(std::string &line, bool &tooLong, std::uint64_t &consumed)
    {
        line.clear();
        tooLong = false;
        std::streambuf &buffer = *m_in.rdbuf();
        int c = buffer.sbumpc();
        if (c == std::char_traits<char>::eof()) {
            return false;
        }
        for (; c != std::char_traits<char>::eof() && c != '\n'; c = buffer.sbumpc()) {
            ++consumed;
            if (line.size() < kMaxLineBytes) {
                line.push_back(static_cast<char>(c));
            } else {
                tooLong = true;
            }
        }
        if (c == '\n') {
            ++consumed;
        }
        return true;
    }

    void readLines()
    {
        std::string line;
        std::uint64_t consumed = m_start;
        std::size_t number = 0;
        bool tooLong = false;
        JsonRecordBuilder builder;
        while (readLine(line, tooLong, consumed)) {
            ++number;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (!tooLong && isBlank(line)) {
                continue;
            }
            const std::string location = "line " + std::to_string(number);
            if (tooLong) {
                m_delivery.reject(Error{ErrorCode::Validation,
                                        "line longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB",
                                        {}, location, {}});
                continue;
            }
            builder.reset();
            if (!json::sax_parse(line, &builder)) {
                m_delivery.reject(Error{ErrorCode::Parse, parseReason(builder.syntaxError(), true), {}, location, {}});
            } else if (const auto &problem = builder.problem()) {
                m_delivery.reject(Error{ErrorCode::Validation, problem->message, {}, location, problem->field});
            } else if (!m_delivery.deliver(builder.value(), location)) {
                return;
            }
            m_delivery.progress(consumed);
        }
    }

    void readDocument()
    {
        // First pass: is the whole document JSON? A broken document is one rejection, and none of
        // its elements is imported.
        SyntaxCheck check;
        if (!json::sax_parse(m_in, &check)) {
            if (!m_in.bad()) {
                m_delivery.reject(Error{ErrorCode::Parse, check.reason(), {}, {}, {}});
            }
            return;
        }
        rewind();
        // Second pass: the elements of an array one by one, each checked against the limits alone.
        JsonRecordBuilder builder([this](json &value, std::size_t index, const std::optional<ValueProblem> &problem) {
            const std::string location = "index " + std::to_string(index);
            if (problem) {
                m_delivery.reject(Error{ErrorCode::Validation, problem->message, {}, location, problem->field});
            } else if (!m_delivery.deliver(value, location)) {
                return false;
            }
            if ((index + 1) % kProgressEvery == 0) {
                m_delivery.progress(static_cast<std::uint64_t>(m_in.tellg()));
            }
            return true;
        });
        if (!json::sax_parse(m_in, &builder) || builder.streamedArray()) {
            return; // stopped by the sink, or every element is already delivered
        }
        if (const auto &problem = builder.problem()) {
            m_delivery.reject(Error{ErrorCode::Validation, problem->message, {}, {}, problem->field});
        } else if (builder.value().is_object()) {
            m_delivery.deliver(builder.value(), {});
        } else {
            m_delivery.reject(Error{ErrorCode::Validation, "expected a JSON object or an array of objects", {}, {}, {}});
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
