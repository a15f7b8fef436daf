#pragma once

// Checks of what Harbour writes for browsers and other programs, shared by the tests and the
// markup fuzzer: an XML document is well-formed, and an HTML page runs nothing. Deliberately
// small and strict: they know only the markup Harbour itself writes.

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harbour::testing {

inline std::string lowerAscii(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

/// The first character XML 1.0 forbids, or a byte sequence that is not UTF-8, as a message.
inline std::optional<std::string> illegalXmlCharacter(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return "control character " + std::to_string(c) + " at byte " + std::to_string(i);
            }
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (length == 0 || i + length > text.size()) {
            return "not UTF-8 at byte " + std::to_string(i);
        }
        char32_t code = c & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return "not UTF-8 at byte " + std::to_string(i);
            }
            code = (code << 6) | (next & 0x3F);
        }
        if ((code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF || code > 0x10FFFF) {
            return "character forbidden in XML at byte " + std::to_string(i);
        }
        i += length;
    }
    return std::nullopt;
}

/// Whether `text` (outside tags) holds only escaped markup characters: no '<', and every '&'
/// starting one of the five predefined entities or a numeric reference.
inline std::optional<std::string> unescapedText(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const auto end = text.find(';', i);
            const std::string_view entity = end == std::string_view::npos ? text.substr(i) : text.substr(i, end - i + 1);
            static constexpr std::array<std::string_view, 5> kNamed{"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
            const bool numeric = entity.size() > 3 && entity[1] == '#' &&
                                 std::all_of(entity.begin() + 2, entity.end() - 1,
                                             [](char d) { return std::isxdigit(static_cast<unsigned char>(d)) || d == 'x'; });
            if (std::find(kNamed.begin(), kNamed.end(), entity) == kNamed.end() && !numeric) {
                return "a bare '&' at byte " + std::to_string(i);
            }
        }
    }
    return std::nullopt;
}

struct Tag {
    std::string name; ///< lower case, without '/'
    bool closing = false;
    bool selfClosing = false;
    std::vector<std::pair<std::string, std::string>> attributes; ///< names lower case
};

/// Reads the tags of a document Harbour wrote. A problem (an unquoted attribute, a stray '<',
/// a tag never closed) is returned as a message instead.
inline std::optional<std::string> readTags(std::string_view doc, std::vector<Tag> &tags)
{
    std::size_t at = 0;
    while (at < doc.size()) {
        const auto open = doc.find('<', at);
        if (auto problem = unescapedText(doc.substr(at, open == std::string_view::npos ? doc.size() - at : open - at))) {
            return problem;
        }
        if (open == std::string_view::npos) {
            break;
        }
        if (doc.substr(open, 4) == "<!--") {
            const auto end = doc.find("-->", open);
            if (end == std::string_view::npos) {
                return std::string("a comment never closed");
            }
            at = end + 3;
            continue;
        }
        if (doc.substr(open, 2) == "<?" || doc.substr(open, 2) == "<!") {
            at = doc.find('>', open);
            if (at == std::string_view::npos) {
                return std::string("a declaration never closed");
            }
            ++at;
            continue;
        }
        Tag tag;
        std::size_t i = open + 1;
        if (i < doc.size() && doc[i] == '/') {
            tag.closing = true;
            ++i;
        }
        const auto nameStart = i;
        while (i < doc.size() && (std::isalnum(static_cast<unsigned char>(doc[i])) || doc[i] == ':' || doc[i] == '-' ||
                                  doc[i] == '_')) {
            ++i;
        }
        if (i == nameStart) {
            return "a '<' that starts no tag at byte " + std::to_string(open);
        }
        tag.name = lowerAscii(doc.substr(nameStart, i - nameStart));
        while (true) {
            while (i < doc.size() && std::isspace(static_cast<unsigned char>(doc[i]))) {
                ++i;
            }
            if (i >= doc.size()) {
                return "tag <" + tag.name + "> never closed";
            }
            if (doc[i] == '>') {
                ++i;
                break;
            }
            if (doc[i] == '/' && i + 1 < doc.size() && doc[i + 1] == '>') {
                tag.selfClosing = true;
                i += 2;
                break;
            }
            const auto attrStart = i;
            while (i < doc.size() && doc[i] != '=' && doc[i] != '>' && !std::isspace(static_cast<unsigned char>(doc[i]))) {
                ++i;
            }
            std::string name = lowerAscii(doc.substr(attrStart, i - attrStart));
            if (i >= doc.size() || doc[i] != '=' || i + 1 >= doc.size() || (doc[i + 1] != '"' && doc[i + 1] != '\'')) {
                return "attribute '" + name + "' of <" + tag.name + "> without a quoted value";
            }
            const char quote = doc[i + 1];
            const auto valueEnd = doc.find(quote, i + 2);
            if (valueEnd == std::string_view::npos) {
                return "attribute '" + name + "' never closed";
            }
            const auto value = doc.substr(i + 2, valueEnd - i - 2);
            if (value.find('<') != std::string_view::npos) {
                return "a '<' inside attribute '" + name + "'";
            }
            if (auto problem = unescapedText(value)) {
                return problem;
            }
            tag.attributes.emplace_back(std::move(name), std::string(value));
            i = valueEnd + 1;
        }
        tags.push_back(std::move(tag));
        at = i;
    }
    return std::nullopt;
}

/// Whether `doc` is a well-formed XML document as far as Harbour's writers go: legal characters,
/// escaped text and attributes, and every element closed in order.
inline std::optional<std::string> xmlProblem(std::string_view doc)
{
    if (auto problem = illegalXmlCharacter(doc)) {
        return problem;
    }
    std::vector<Tag> tags;
    if (auto problem = readTags(doc, tags)) {
        return problem;
    }
    std::vector<std::string> open;
    for (const auto &tag : tags) {
        if (tag.selfClosing) {
            continue;
        }
        if (!tag.closing) {
            open.push_back(tag.name);
        } else if (open.empty() || open.back() != tag.name) {
            return "</" + tag.name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
        } else {
            open.pop_back();
        }
    }
    if (!open.empty()) {
        return "<" + open.back() + "> never closed";
    }
    return std::nullopt;
}

/// Whether an HTML page Harbour wrote could run anything: a tag outside the few the briefing
/// uses, an event-handler attribute, a URL that is not an inline image (a "javascript:" one
/// included), or text that would become markup.
inline std::optional<std::string> scriptProblem(std::string_view html)
{
    static const std::vector<std::string> kAllowed{
        "html", "head", "meta", "title", "style", "body", "div", "p", "h1", "h2", "dl", "dt", "dd", "b", "span",
        "section", "table", "thead", "tbody", "tr", "th", "td", "svg", "g", "path", "text", "rect", "polyline",
        "polygon", "ellipse", "circle", "line", "defs", "desc", "lineargradient", "radialgradient", "stop",
        "clippath", "image", "br"};
    std::vector<Tag> tags;
    if (auto problem = readTags(html, tags)) {
        return problem;
    }
    for (const auto &tag : tags) {
        if (std::find(kAllowed.begin(), kAllowed.end(), tag.name) == kAllowed.end()) {
            return "a <" + tag.name + "> tag";
        }
        for (const auto &[name, value] : tag.attributes) {
            if (name.rfind("on", 0) == 0) {
                return "an event handler '" + name + "' on <" + tag.name + ">";
            }
            const bool url = name == "href" || name == "xlink:href" || name == "src" || name == "action" ||
                             name == "formaction";
            if (url && lowerAscii(value).rfind("data:image/", 0) != 0) {
                return "a reference out of the page in '" + name + "' of <" + tag.name + ">";
            }
            if (name == "style" && lowerAscii(value).find("url(") != std::string::npos) {
                return "a reference out of the page in the style of <" + tag.name + ">";
            }
        }
    }
    return std::nullopt;
}

} // namespace harbour::testing
