// libFuzzer: the .jsonl importer, then ingestion, on arbitrary bytes.

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const harbour::importers::Importer &importer = harbour::fuzz::importerFor(".jsonl");
    harbour::fuzz::importBytes(importer, ".jsonl", data, size);
    return 0;
}
