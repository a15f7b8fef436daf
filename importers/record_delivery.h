#pragma once

#include "harbour/importers/importer.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace harbour::importers {

/// Hands what an importer reads to an ImportSink: each object goes through parseRecord, then
/// either to `record` (its warnings also to `warning`) or to `rejected`. Progress is throttled
/// so that a million small records do not mean a million progress calls. Does not own the sink.
class RecordDelivery {
public:
    RecordDelivery(const ImportSink &sink, std::string file, std::uint64_t totalBytes);

    /// Validates one object read at `location` ("line 3", "index 2", "row 5") and delivers it.
    /// Returns false once the sink has asked to stop.
    bool deliver(const nlohmann::json &object, const std::string &location);
    void reject(Error error);
    void warn(Error warning);
    /// Bytes consumed so far; forwarded about every hundredth of the file.
    void progress(std::uint64_t done);
    /// Reports the whole file as read.
    void finish();

    const std::string &file() const { return m_file; }
    bool stopped() const { return m_stopped; }

private:
    const ImportSink &m_sink;
    std::string m_file;
    std::uint64_t m_total = 0;
    std::uint64_t m_step = 0; ///< bytes between progress calls
    std::uint64_t m_lastReported = 0;
    bool m_stopped = false;
};

/// Where a file's text starts: 3 when it opens with a UTF-8 byte order mark, else 0.
std::size_t byteOrderMarkLength(std::string_view head);

/// Why a file that starts with `head` is not UTF-8 text Harbour can read (UTF-16 or UTF-32, with or
/// without a byte order mark), or nullopt. Latin-1 is not caught here: it cannot be told from
/// UTF-8 by its first bytes, and the importers report it where it breaks.
std::optional<std::string> unsupportedEncoding(std::string_view head);

} // namespace harbour::importers
