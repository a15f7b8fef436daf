#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace harbour::testing {

/// The non-empty lines of one of the shipped sample files (sample-data/NAME), for tests that
/// import the sample in slices.
inline std::vector<std::string> sampleLines(const std::string &name)
{
    std::ifstream in(std::filesystem::path(HARBOUR_SOURCE_DIR) / "sample-data" / name);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace harbour::testing
