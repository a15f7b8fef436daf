#include "match_blocking.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

namespace harbour::analysis::detail
{

std::uint64_t blockKey(char tag, EntityType type, std::string_view value)
{
    std::string text;
    text.reserve(value.size() + 2);
    text.push_back(tag);
    text.push_back(static_cast<char>('0' + static_cast<int>(type)));
    text.append(value);
    return std::hash<std::string>{}(text);
}

void sortUniquePairs(std::vector<std::uint64_t> &pairs, std::uint32_t count)
{
    std::vector<std::size_t> start(std::size_t{count} + 1, 0);
    for (const std::uint64_t pair : pairs) {
        ++start[pair >> 32];
    }
    std::size_t at = 0;
    for (std::size_t &bucket : start) {
        at += std::exchange(bucket, at);
    }
    const auto partners = std::make_unique_for_overwrite<std::uint32_t[]>(pairs.size());
    for (const std::uint64_t pair : pairs) {
        partners[start[pair >> 32]++] = static_cast<std::uint32_t>(pair);
    }
    // start[i] is now where index i's partners end.
    std::size_t kept = 0;
    std::size_t begin = 0;
    for (std::uint32_t first = 0; first < count; ++first) {
        std::uint32_t *from = partners.get() + begin;
        std::uint32_t *to = partners.get() + start[first];
        std::sort(from, to);
        to = std::unique(from, to);
        for (const std::uint32_t *second = from; second != to; ++second) {
            pairs[kept++] = (std::uint64_t{first} << 32) | *second;
        }
        begin = start[first];
    }
    pairs.resize(kept);
}

} // namespace harbour::analysis::detail
