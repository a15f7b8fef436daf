#pragma once

// Private to harbour_analysis: the pieces the who-is-who search builds its blocks from
// (docs/who-is-who.md, "Finding candidates without comparing everyone").

#include "match_profile.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace harbour::analysis::detail
{

/// The first eight bytes of `text` as a number that orders as the bytes do, shorter texts padded
/// with zeros: two texts whose prefixes differ are ordered by them without reading the texts.
inline std::uint64_t orderPrefix(std::string_view text)
{
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < sizeof prefix; ++i) {
        prefix = (prefix << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
    }
    return prefix;
}

/// One entity's place in one block, with the text that orders it there: entities alike sit side by
/// side. The texts live in one arena; sorting millions of entries by them was a cache miss per
/// comparison, which the heads (their first bytes as a number) spare.
struct BlockEntry {
    std::uint64_t key = 0;
    std::uint64_t head = 0;
    std::string_view order;
    std::uint32_t index = 0;

    friend bool operator<(const BlockEntry &x, const BlockEntry &y)
    {
        return std::tie(x.key, x.head, x.order, x.index) < std::tie(y.key, y.head, y.order, y.index);
    }
};

/// The texts that order a profile in its blocks, appended to one arena that is reserved once for
/// all of them, so that the views handed out stay valid while more are appended. A crowded block
/// is also read with each text reversed, so that a typo near the start of a word, which moves an
/// entity far away in the forward order, does not hide it from its near-twins in the reversed one.
class BlockOrders
{
  public:
    /// Room for every text of these profiles; no text may be appended beyond it.
    explicit BlockOrders(const std::vector<Profile> &profiles)
    {
        constexpr std::size_t kDob = 10; // "2010-05-14"
        std::size_t most = 0;
        for (const Profile &p : profiles) {
            most += 2 * (p.first.size() + p.last.size() + 2 + kDob) + p.name.size() + 1 + kDob;
        }
        m_text.reserve(most);
    }

    /// "first last dob": inside a block of the last name, the same forenames sit together.
    std::string_view byLast(const Profile &p, std::string_view dob) { return append({p.first, " ", p.last, " ", dob}); }
    /// "last first dob", for the block of the first name (words may come in either order).
    std::string_view byFirst(const Profile &p, std::string_view dob)
    {
        return append({p.last, " ", p.first, " ", dob});
    }
    /// The name's words sorted, then the dob.
    std::string_view bySortedWords(const Profile &p, std::string_view dob)
    {
        m_words.clear();
        for (std::size_t begin = 0; begin < p.name.size();) {
            const std::size_t end = std::min(p.name.find(' ', begin), p.name.size());
            m_words.push_back(std::string_view(p.name).substr(begin, end - begin));
            begin = end + 1;
        }
        std::sort(m_words.begin(), m_words.end());
        m_parts.clear();
        for (const std::string_view word : m_words) {
            m_parts.push_back(word);
            m_parts.emplace_back(" ");
        }
        m_parts.push_back(dob);
        return append(m_parts);
    }

  private:
    std::string_view append(std::span<const std::string_view> parts)
    {
        std::size_t size = 0;
        for (const std::string_view part : parts) {
            size += part.size();
        }
        // Growing would move the arena and leave every view handed out dangling.
        if (m_text.size() + size > m_text.capacity()) {
            throw std::logic_error("BlockOrders: a text longer than the profiles reserved for");
        }
        const std::size_t at = m_text.size();
        for (const std::string_view part : parts) {
            m_text.append(part);
        }
        return std::string_view(m_text).substr(at, size);
    }
    std::string_view append(std::initializer_list<std::string_view> parts)
    {
        return append(std::span<const std::string_view>(parts.begin(), parts.size()));
    }

    std::string m_text;
    std::vector<std::string_view> m_words;
    std::vector<std::string_view> m_parts;
};

/// An entry of a crowded block ordered by its text reversed.
struct ReversedEntry {
    std::uint64_t head = 0;
    std::string_view order;
    std::uint32_t index = 0;

    friend bool operator<(const ReversedEntry &x, const ReversedEntry &y)
    {
        return std::tie(x.head, x.order, x.index) < std::tie(y.head, y.order, y.index);
    }
};

/// Calls visit(begin, end) for each run of neighbouring positions below `size` that `together`
/// joins (together(begin, i) for every i in the run).
template <typename Together, typename Visit> void forEachRun(std::size_t size, Together together, Visit visit)
{
    for (std::size_t begin = 0; begin < size;) {
        std::size_t end = begin + 1;
        while (end < size && together(begin, end)) {
            ++end;
        }
        visit(begin, end);
        begin = end;
    }
}

std::uint64_t blockKey(char tag, EntityType type, std::string_view value);

inline std::uint64_t packPair(std::uint32_t x, std::uint32_t y)
{
    return x < y ? (std::uint64_t{x} << 32) | y : (std::uint64_t{y} << 32) | x;
}

/// Sorts packed pairs of indices below `count` and drops repeats: tens of millions of pairs at a
/// million reports, a fifth of them repeats, where std::sort took seconds. A counting sort by the
/// first index puts each index's partners together (as 32-bit numbers, half the scratch memory),
/// then each index's short list is sorted on its own.
void sortUniquePairs(std::vector<std::uint64_t> &pairs, std::uint32_t count);

} // namespace harbour::analysis::detail
