// libFuzzer: the .json importer, then ingestion, on arbitrary bytes.

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const harbour::importers::Importer &importer = harbour::fuzz::importerFor(".json");
    harbour::fuzz::importBytes(importer, ".json", data, size);
    return 0;
}
