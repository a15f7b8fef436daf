#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

/// Large JSON documents written a member or an element at a time, byte for byte as
/// `document.dump(2, ' ', false, error_handler_t::replace)` would write them, without
/// holding the document: at a million reports the DOM alone runs to gigabytes.
namespace harbour::json {

/// Writes a value that stands `depth` levels deep.
using Writer = std::function<void(std::ostream &, int depth)>;

/// dump(2) with invalid UTF-8 replaced, as every JSON document Harbour prints.
std::string dumped(const nlohmann::json &value);

/// `value` as dump(2) writes it `depth` levels deep: every line after the first indented.
void writeValue(std::ostream &out, const nlohmann::json &value, int depth);

/// A value already made.
Writer valueWriter(nlohmann::json value);

/// An array of `count` elements, element(i) made only when it is written.
Writer arrayWriter(std::size_t count, std::function<nlohmann::json(std::size_t)> element);

/// An object's members, written in key order as nlohmann's std::map-backed objects keep them.
Writer objectWriter(std::vector<std::pair<std::string, Writer>> members);

} // namespace harbour::json
