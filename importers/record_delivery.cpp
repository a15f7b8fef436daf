#include "record_delivery.h"

#include "harbour/importers/record_parser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace harbour::importers {

namespace {

/// Bytes between progress calls: about a hundredth of the file, so that a small file moves the
/// bar in steps too, but never under 16 KiB (each call crosses threads) nor over 4 MiB.
constexpr std::uint64_t kMinProgressStep = 16u << 10;
constexpr std::uint64_t kMaxProgressStep = 4u << 20;

} // namespace

RecordDelivery::RecordDelivery(const ImportSink &sink, std::string file, std::uint64_t totalBytes)
    : m_sink(sink),
      m_file(std::move(file)),
      m_total(totalBytes),
      m_step(std::clamp<std::uint64_t>(totalBytes / 100, kMinProgressStep, kMaxProgressStep))
{
}

bool RecordDelivery::deliver(const nlohmann::json &object, const std::string &location)
{
    if (m_stopped) {
        return false;
    }
    Result<SourceRecord> record = parseRecord(object, m_file, location);
    if (!record) {
        reject(record.error());
        return true;
    }
    for (const std::string &warning : record->warnings) {
        warn(Error{ErrorCode::Validation, warning, m_file, location, {}});
    }
    if (m_sink.record && !m_sink.record(std::move(record).value())) {
        m_stopped = true;
    }
    return !m_stopped;
}

void RecordDelivery::reject(Error error)
{
    if (error.file.empty()) {
        error.file = m_file;
    }
    if (m_sink.rejected) {
        m_sink.rejected(error);
    }
}

void RecordDelivery::warn(Error warning)
{
    if (warning.file.empty()) {
        warning.file = m_file;
    }
    if (m_sink.warning) {
        m_sink.warning(warning);
    }
}

void RecordDelivery::progress(std::uint64_t done)
{
    if (m_sink.progress && done >= m_lastReported + m_step) {
        m_lastReported = done;
        m_sink.progress(done, m_total);
    }
}

void RecordDelivery::finish()
{
    if (m_sink.progress) {
        m_sink.progress(m_total, m_total);
    }
}

std::size_t byteOrderMarkLength(std::string_view head)
{
    return head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

std::optional<std::string> unsupportedEncoding(std::string_view head)
{
    using namespace std::string_view_literals;
    std::string_view name;
    if (head.starts_with("\xFF\xFE\0\0"sv) || head.starts_with("\0\0\xFE\xFF"sv)) {
        name = "UTF-32";
    } else if (head.starts_with("\xFF\xFE"sv) || head.starts_with("\xFE\xFF"sv)) {
        name = "UTF-16";
    } else if (head.size() >= 4 && ((head[0] != '\0' && head[1] == '\0' && head[2] != '\0' && head[3] == '\0') ||
                                    (head[0] == '\0' && head[1] != '\0' && head[2] == '\0' && head[3] != '\0'))) {
        // ASCII text with a zero byte beside every character: UTF-16 without a byte order mark.
        name = "UTF-16";
    } else {
        return std::nullopt;
    }
    return "the file is " + std::string(name) + " text; Harbour reads UTF-8: save it as UTF-8";
}

} // namespace harbour::importers
