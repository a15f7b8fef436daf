#pragma once

// What the importer fuzzers share: the bytes become a file (the importers read paths), are read
// with the importer, and every record that passes validation is ingested into an in-memory store
// exactly as `harbour import` would, so the parser, the validator, the risk engine and the
// store all see what the fuzzer makes. Each input's writes are rolled back.

#include "harbour/importers/importer.h"
#include "harbour/ingest.h"
#include "harbour/risk.h"
#include "harbour/store.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace harbour::fuzz {

inline Store &scratchStore()
{
    static std::unique_ptr<Store> store = [] {
        auto opened = openSqliteStore(":memory:", StoreOptions{"fuzzer", false});
        if (!opened) {
            std::abort(); // the harness itself is broken
        }
        return std::move(opened).value();
    }();
    return *store;
}

/// Writes `data` to a per-process file named with `extension` and imports it into the scratch store.
inline void importBytes(const importers::Importer &importer, const char *extension, const std::uint8_t *data,
                        std::size_t size)
{
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("harbour-fuzz-" + std::to_string(::getpid()) + extension);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
    }
    Store &store = scratchStore();
    Ingestor ingestor(store, RiskPolicy::defaults());
    if (!store.begin()) {
        std::abort();
    }
    importers::ImportSink sink;
    sink.record = [&](SourceRecord &&record) {
        if (!store.savepoint()) {
            std::abort();
        }
        const auto outcome = ingestor.ingest(record, true);
        if (outcome) {
            static_cast<void>(store.releaseSavepoint());
        } else {
            const ErrorCode code = outcome.error().code;
            if (code == ErrorCode::Internal || code == ErrorCode::Database) {
                std::abort(); // a bug, not bad input: import_job would stop the whole import here
            }
            static_cast<void>(store.rollbackToSavepoint());
        }
        return true;
    };
    sink.rejected = [](const Error &error) {
        if (error.code == ErrorCode::Internal || error.message.empty()) {
            std::abort(); // every rejection must say why
        }
    };
    sink.warning = [](const Error &) {};
    static_cast<void>(importer.read(path, sink));
    static_cast<void>(store.rollback());
}

/// The registered importer that claims files with this extension.
inline const importers::Importer &importerFor(const char *extension)
{
    const importers::Importer *importer = importers::findSupportingImporter(std::string("x") + extension);
    if (!importer) {
        std::abort();
    }
    return *importer;
}

} // namespace harbour::fuzz
