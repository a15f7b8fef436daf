#pragma once

#include <string>
#include <string_view>

namespace harbour {

/// Unicode Normalization Form C (canonical composition): "Zoë" typed as one code point and as
/// "e" with a combining diaeresis become the same bytes. For derived keys and display labels,
/// never for a stored record, which stays as it arrived. Bytes that are not UTF-8 are kept as
/// they are, and each valid run between them is normalised on its own.
std::string toNfc(std::string_view text);

/// toNfc, then Unicode case folding ("ZOË" and "zoë" alike, "Straße" -> "strasse"), for
/// comparing names, never for showing them. Invalid bytes kept as toNfc keeps them.
std::string foldCase(std::string_view text);

/// True when `text` holds nothing a reader can see: only white space (ASCII or Unicode, such
/// as the no-break space), control characters and invisible format characters (zero-width
/// spaces and joiners, the byte order mark). An empty string is blank; invalid UTF-8 is not.
bool isBlank(std::string_view text);

/// True when every byte is ASCII (and so already in NFC).
bool isAscii(std::string_view text);

} // namespace harbour
