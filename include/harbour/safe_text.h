#pragma once

#include <cstddef>
#include <string>
#include <string_view>

/// The one place where text from records becomes something a person reads: an HTML page, an SVG
/// figure, an XML export, or a terminal. Everything that writes text to those goes through here,
/// so a child's name can never become markup, an escape sequence, or a disguised label.
///
/// Stored records are never changed: these functions make display copies.
namespace harbour::safe {

/// Characters that change how text is shown without being seen: the bidirectional controls
/// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and the zero-width ones (U+200B-U+200D,
/// U+2060, U+FEFF). A right-to-left override can make "Amy Jones" show as another name.
bool isInvisibleFormat(char32_t c);

/// Whether XML 1.0 allows the character anywhere (tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD,
/// U+10000-U+10FFFF). Everything else is refused even as a character reference.
bool isXmlChar(char32_t c);

/// XML text or attribute content: & < > " ' escaped, characters XML 1.0 forbids dropped, bytes
/// that are not UTF-8 replaced by U+FFFD. For data written for other programs (GraphML, ANX):
/// every legal character is kept as it was.
std::string xml(std::string_view text);

/// HTML or SVG text or attribute content for a person to read: as xml(), and the invisible
/// format characters shown as "\u202E" so they cannot disguise a name.
std::string html(std::string_view text);

/// Text a person reads on a page drawn by a painter (PDF, SVG, the app): controls and invisible
/// format characters shown as "\u202E", bytes that are not UTF-8 as U+FFFD; tab and line breaks kept.
std::string label(std::string_view text);

/// One field of text for a terminal: as label(), and line breaks and tabs shown as "\n", "\t" so
/// a value cannot start a line of its own.
std::string terminal(std::string_view text);

/// Text already laid out in lines for a terminal: as terminal(), but the line breaks and tabs
/// that lay it out are kept (a carriage return, which can overwrite a line, is still shown).
/// What a filtered standard stream applies to everything it prints.
std::string terminalLines(std::string_view text);

/// How many leading bytes of text end on a whole UTF-8 sequence: what a stream that filters
/// through terminalLines() can pass on now, keeping a split sequence for its next write.
std::size_t wholeUtf8Prefix(std::string_view text);

} // namespace harbour::safe
