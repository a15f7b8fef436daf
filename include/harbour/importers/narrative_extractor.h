#pragma once

#include "harbour/model.h"

#include <string_view>

namespace harbour::importers {

/// Finds UK vehicle registration marks (current, prefix, suffix, dateless, Northern
/// Ireland; normalised upper case without spaces), UK postcodes, UK phone numbers
/// (normalised) and quoted nicknames ("known as X", called "X", aka X) in free text.
/// Results are de-duplicated and in order of first appearance. Never throws; linear in the text.
Extraction extractFromNarrative(std::string_view text);

} // namespace harbour::importers
