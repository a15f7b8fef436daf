#include "json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace harbour::generator {

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_depth > 0) {
        const std::uint64_t bit = std::uint64_t{1} << (m_depth - 1);
        if ((m_hasMembers & bit) != 0) {
            m_out.push_back(',');
        }
        m_hasMembers |= bit;
    }
}

void JsonWriter::beginObject()
{
    separate();
    m_out.push_back('{');
    ++m_depth;
    m_hasMembers &= ~(std::uint64_t{1} << (m_depth - 1));
}

void JsonWriter::endObject()
{
    m_out.push_back('}');
    --m_depth;
}

void JsonWriter::beginArray()
{
    separate();
    m_out.push_back('[');
    ++m_depth;
    m_hasMembers &= ~(std::uint64_t{1} << (m_depth - 1));
}

void JsonWriter::endArray()
{
    m_out.push_back(']');
    --m_depth;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    separate();
    m_out.push_back('"');
    appendEscaped(m_out, name);
    m_out.append("\":");
    m_afterKey = true;
    return *this;
}

void JsonWriter::value(std::string_view text)
{
    separate();
    m_out.push_back('"');
    appendEscaped(m_out, text);
    m_out.push_back('"');
}

void JsonWriter::value(std::int64_t number)
{
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, result.ptr);
}

void JsonWriter::value(bool flag)
{
    separate();
    m_out.append(flag ? "true" : "false");
}

void JsonWriter::fixed(double number, int decimals)
{
    separate();
    // Integer arithmetic rather than printf("%.*f"), so rounding cannot depend on the C library.
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    const auto scaled = static_cast<std::int64_t>(std::llround(number * static_cast<double>(scale)));
    const std::int64_t magnitude = scaled < 0 ? -scaled : scaled;
    if (scaled < 0) {
        m_out.push_back('-');
    }
    m_out.append(std::to_string(magnitude / scale));
    if (decimals > 0) {
        m_out.push_back('.');
        std::string fraction = std::to_string(magnitude % scale);
        m_out.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
        m_out.append(fraction);
    }
}

void JsonWriter::null()
{
    separate();
    m_out.append("null");
}

void JsonWriter::stringOrNull(std::string_view text)
{
    if (text.empty()) {
        null();
    } else {
        value(text);
    }
}

void JsonWriter::raw(std::string_view json)
{
    separate();
    m_out.append(json);
}

void JsonWriter::appendEscaped(std::string &out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const auto plain = [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\';
    };
    // Nearly every string needs no escaping: check first, then copy in one go.
    if (std::all_of(text.begin(), text.end(), plain)) {
        out.append(text);
        return;
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (plain(text[i])) {
            continue;
        }
        out.append(text.substr(start, i - start));
        start = i + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            out.append("\\u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    out.append(text.substr(start));
}

} // namespace harbour::generator
