#pragma once

#include "harbour/importers/importer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace harbour::importers {

/// Validates one JSON object against spec/FORMATS.md and builds the typed record.
/// `file` and `location` ("line 4", "index 2") are copied into errors and the record.
/// Shared by the JSON and CSV importers (the CSV importer builds a JSON object per row).
Result<SourceRecord> parseRecord(const nlohmann::json &object, const std::string &file, const std::string &location);

/// Canonical text of a record for storage and hashing (keys sorted, no insignificant space).
std::string canonicalJson(const nlohmann::json &object);

} // namespace harbour::importers
