#pragma once

#include <string>
#include <string_view>

namespace harbour {

/// SHA-256 of the bytes of `text`, as 64 lower-case hex digits.
std::string sha256Hex(std::string_view text);

} // namespace harbour
