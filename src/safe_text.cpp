#include "harbour/safe_text.h"

#include <array>
#include <cstdint>
#include <optional>

namespace harbour::safe {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

struct Decoded {
    std::optional<char32_t> code; ///< empty: the bytes at this point are not UTF-8
    std::size_t length = 1;
};

/// The code point at text[at], strictly: no overlong forms, no surrogates, nothing past U+10FFFF.
Decoded decodeAt(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        return {lead, 1};
    }
    std::size_t length = 0;
    char32_t code = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, code = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code = lead & 0x07, minimum = 0x10000;
    } else {
        return {};
    }
    if (at + length > text.size()) {
        return {};
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            return {};
        }
        code = (code << 6) | (byte(at + i) & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return {};
    }
    return {code, length};
}

void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

/// "\u202E": how a character that must not act is shown instead.
void appendVisible(std::string &out, char32_t c)
{
    static constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                               '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    out += c > 0xFFFF ? "\\U" : "\\u";
    const int digits = c > 0xFFFF ? 8 : 4;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out += kHex[(c >> shift) & 0xF];
    }
}

bool isControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

bool isNonCharacter(char32_t c) { return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE; }

enum class Markup { None, Escape };
enum class Reveal { Nothing, Invisible, InvisibleAndControls };
enum class Layout { Keep, KeepLines, Show };

struct Rules {
    Markup markup;
    Reveal reveal;
    Layout layout; ///< tab, LF and CR: kept, or shown as "\t", "\n", "\r"
};

std::string apply(std::string_view text, Rules rules)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t at = 0; at < text.size();) {
        const Decoded decoded = decodeAt(text, at);
        at += decoded.length;
        const char32_t c = decoded.code.value_or(kReplacement);
        if (c == '\t' || c == '\n' || c == '\r') {
            const bool keep = rules.layout == Layout::Keep || (rules.layout == Layout::KeepLines && c != '\r');
            if (keep) {
                out += static_cast<char>(c);
            } else {
                out += c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r";
            }
            continue;
        }
        const bool forPeople = rules.reveal == Reveal::InvisibleAndControls;
        if (!isXmlChar(c) || (forPeople && (isControl(c) || isNonCharacter(c)))) {
            if (forPeople) {
                appendVisible(out, c);
            }
            continue; // XML data: dropped, as no character reference may carry it
        }
        if (rules.reveal != Reveal::Nothing && isInvisibleFormat(c)) {
            appendVisible(out, c);
            continue;
        }
        if (rules.markup == Markup::Escape) {
            switch (c) {
            case '&': out += "&amp;"; continue;
            case '<': out += "&lt;"; continue;
            case '>': out += "&gt;"; continue;
            case '"': out += "&quot;"; continue;
            case '\'': out += "&#39;"; continue;
            default: break;
            }
        }
        appendUtf8(out, c);
    }
    return out;
}

} // namespace

bool isInvisibleFormat(char32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F ||
           c == 0x061C || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string xml(std::string_view text) { return apply(text, {Markup::Escape, Reveal::Nothing, Layout::Keep}); }

std::string html(std::string_view text)
{
    return apply(text, {Markup::Escape, Reveal::InvisibleAndControls, Layout::Keep});
}

std::string label(std::string_view text)
{
    return apply(text, {Markup::None, Reveal::InvisibleAndControls, Layout::Keep});
}

std::string terminal(std::string_view text)
{
    return apply(text, {Markup::None, Reveal::InvisibleAndControls, Layout::Show});
}

std::string terminalLines(std::string_view text)
{
    return apply(text, {Markup::None, Reveal::InvisibleAndControls, Layout::KeepLines});
}

std::size_t wholeUtf8Prefix(std::string_view text)
{
    // A sequence is at most four bytes: only the last three can start one that is cut short.
    const std::size_t from = text.size() > 3 ? text.size() - 3 : 0;
    for (std::size_t at = text.size(); at > from; --at) {
        const auto lead = static_cast<unsigned char>(text[at - 1]);
        if ((lead & 0xC0) == 0x80) {
            continue; // a continuation byte: look further back for its lead
        }
        const std::size_t needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return at - 1 + needed > text.size() && lead >= 0xC0 ? at - 1 : text.size();
    }
    return text.size();
}

} // namespace harbour::safe
