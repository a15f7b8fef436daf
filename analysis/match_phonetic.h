#pragma once

// Private to harbour_analysis: the phonetic key the identity model compares names by.

#include <cstddef>
#include <string>
#include <string_view>

namespace harbour::analysis
{

/// The primary key of Lawrence Philips' Metaphone (1990) for one word, upper case, at most
/// maxLength letters: words that sound alike in English share it ("Kash"/"Cash" KX,
/// "Stephen"/"Steven" STFN, "Smith"/"Smyth" SM0, "Knight"/"Nite" NT). Letters only count;
/// a word without letters gives "". Written here: Double Metaphone is not packaged for Debian 12.
/// Time complexity: O(|word|).
std::string metaphone(std::string_view word, std::size_t maxLength = 6);

} // namespace harbour::analysis
