// libFuzzer: the .csv importer, then ingestion, on arbitrary bytes.

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const harbour::importers::Importer &importer = harbour::fuzz::importerFor(".csv");
    harbour::fuzz::importBytes(importer, ".csv", data, size);
    return 0;
}
