// libFuzzer: the narrative extractor on arbitrary text. It promises never to throw, to be linear,
// and to return de-duplicated, non-empty findings.

#include "harbour/importers/narrative_extractor.h"

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

void expectUnique(const std::vector<std::string> &values)
{
    std::set<std::string> seen;
    for (const auto &value : values) {
        if (value.empty() || !seen.insert(value).second) {
            std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const harbour::Extraction found = harbour::importers::extractFromNarrative(text);
    expectUnique(found.phones);
    expectUnique(found.postcodes);
    expectUnique(found.vrms);
    expectUnique(found.nicknames);
    return 0;
}
