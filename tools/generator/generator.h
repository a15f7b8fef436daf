#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace harbour::generator {

struct GeneratorOptions {
    std::filesystem::path outDir;
    std::int64_t reports = 300; ///< information reports to write; screenings and missing episodes scale with it
    std::uint64_t seed = 42;
    /// Less kind data (docs/generator.md, "Hard mode"): organised networks linked as chains, more
    /// suspects known only by a nickname, busy public places shared by more unrelated cases, and
    /// noise links (a report naming another case's vehicle). Off: the bytes are those of before.
    bool hard = false;
};

struct GeneratorSummary {
    std::int64_t reports = 0;
    std::int64_t screenings = 0;
    std::int64_t missingEpisodes = 0;
    std::int64_t networks = 0;
    std::int64_t organisedNetworks = 0;
    std::int64_t singleCases = 0;
    std::int64_t onlineCases = 0;
    std::int64_t children = 0;
    std::int64_t suspects = 0;
};

/// Writes a seeded synthetic data set to FORMATS.md: reports.jsonl, screenings.jsonl,
/// missing.jsonl and ground-truth.json in the output folder (created if needed). The same
/// options give the same bytes on every platform. Records are generated case by case and
/// written in blocks of about two thousand reports, so memory stays bounded whatever the size.
class Generator {
public:
    explicit Generator(GeneratorOptions options);
    ~Generator();
    Generator(const Generator &) = delete;
    Generator &operator=(const Generator &) = delete;

    /// Generates everything. Returns false with a message in `error` when a file cannot be
    /// created or written; files already written may then be incomplete. Never throws for I/O.
    bool run(std::string &error);
    const GeneratorSummary &summary() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace harbour::generator
