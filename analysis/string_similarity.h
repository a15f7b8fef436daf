#pragma once

// Private to harbour_analysis: string measures used by the merge suggestions.

#include <cstddef>
#include <string>
#include <string_view>

namespace harbour::analysis {

/// Jaro similarity in [0, 1]: 1 for equal strings, 0 when no character matches within the
/// window. Compares bytes, so callers pass normalised (ASCII-folded) text.
/// Time complexity: O(|a| |b|) worst case, O(|a| + |b|) memory only above 64 bytes.
double jaro(std::string_view a, std::string_view b);

/// Jaro-Winkler: Jaro boosted by 0.1 per agreeing leading character (up to 4) when Jaro
/// exceeds 0.7, as Winkler (1990) defines it. MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84.
double jaroWinkler(std::string_view a, std::string_view b);

/// The NYSIIS phonetic key (Taft 1970) of one word, upper case, truncated to maxLength
/// (0 keeps it whole). Letters only count: digits and punctuation are skipped; an input
/// without letters gives "". "Brown", "Brian" and "Brun" all give "BRAN".
/// Time complexity: O(|word|).
std::string nysiis(std::string_view word, std::size_t maxLength = 6);

} // namespace harbour::analysis
