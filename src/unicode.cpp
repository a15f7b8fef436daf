#include "harbour/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace harbour {

namespace {

struct FreeDeleter {
    void operator()(utf8proc_uint8_t *p) const { std::free(p); }
};

/// utf8proc_map over text known to be valid UTF-8.
std::string mapValid(std::string_view text, int options)
{
    utf8proc_uint8_t *out = nullptr;
    const utf8proc_ssize_t length =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(text.data()),
                     static_cast<utf8proc_ssize_t>(text.size()), &out, static_cast<utf8proc_option_t>(options));
    const std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
    if (length < 0) {
        return std::string(text); // out of memory: comparing unnormalised text is the lesser harm
    }
    return std::string(reinterpret_cast<const char *>(out), static_cast<std::size_t>(length));
}

/// Maps each valid UTF-8 run of `text` with `options`; invalid bytes pass through unchanged, so
/// that a Latin-1 byte in a CSV cell does not stop the rest of the name being normalised.
std::string mapRuns(std::string_view text, int options)
{
    if (isAscii(text)) {
        std::string out(text);
        if ((options & UTF8PROC_CASEFOLD) != 0) {
            for (char &c : out) {
                if (c >= 'A' && c <= 'Z') {
                    c = static_cast<char>(c - 'A' + 'a');
                }
            }
        }
        return out;
    }
    std::string out;
    out.reserve(text.size());
    std::size_t runStart = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        utf8proc_int32_t code = 0;
        const auto *at = reinterpret_cast<const utf8proc_uint8_t *>(text.data() + pos);
        const utf8proc_ssize_t length = utf8proc_iterate(at, static_cast<utf8proc_ssize_t>(text.size() - pos), &code);
        if (length > 0) {
            pos += static_cast<std::size_t>(length);
            continue;
        }
        out += mapValid(text.substr(runStart, pos - runStart), options);
        out.push_back(text[pos]);
        ++pos;
        runStart = pos;
    }
    out += mapValid(text.substr(runStart), options);
    return out;
}

bool invisible(utf8proc_int32_t code)
{
    switch (utf8proc_category(code)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF: return true;
    default: return false;
    }
}

} // namespace

bool isAscii(std::string_view text)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

std::string toNfc(std::string_view text)
{
    return mapRuns(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string foldCase(std::string_view text)
{
    return mapRuns(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

bool isBlank(std::string_view text)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        utf8proc_int32_t code = 0;
        const auto *at = reinterpret_cast<const utf8proc_uint8_t *>(text.data() + pos);
        const utf8proc_ssize_t length = utf8proc_iterate(at, static_cast<utf8proc_ssize_t>(text.size() - pos), &code);
        if (length <= 0 || !invisible(code)) {
            return false;
        }
        pos += static_cast<std::size_t>(length);
    }
    return true;
}

} // namespace harbour
