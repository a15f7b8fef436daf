#pragma once

#include <filesystem>
#include <string>

namespace harbour::test {

/// A fixture under tests/data/importers.
inline std::filesystem::path importerData(const std::string &relative)
{
    return std::filesystem::path(HARBOUR_TEST_DATA_DIR) / "importers" / relative;
}

} // namespace harbour::test
