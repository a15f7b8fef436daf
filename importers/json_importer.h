#pragma once

#include "harbour/importers/importer.h"

namespace harbour::importers {

/// JSON files as spec/FORMATS.md allows them: one object, an array of objects (records
/// located as "index N", from 0) or JSON Lines (located as "line N", from 1; blank lines
/// skipped). JSON Lines are streamed line by line; arrays are checked for well-formedness in a
/// first streaming pass and then read element by element, so neither is held in memory whole.
/// A malformed line is rejected alone; a malformed single document is one rejection for the file.
class JsonImporter final : public Importer {
public:
    std::string_view name() const override { return "json"; }
    /// .json, .jsonl and .ndjson, in any case.
    bool supportsFile(const std::filesystem::path &path) const override;
    Status read(const std::filesystem::path &path, const ImportSink &sink) const override;
};

} // namespace harbour::importers
