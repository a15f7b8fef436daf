#include "safe_streams.h"

#include "harbour/safe_text.h"

#include <iostream>
#include <string>

namespace harbour::cli {
namespace {

std::streambuf *g_rawStdout = nullptr;

/// Holds what is written until a line ends (or the stream is flushed), then passes the whole
/// UTF-8 sequences on, made safe; a sequence split across writes waits for its other bytes.
class SafeTerminalBuffer final : public std::streambuf {
public:
    explicit SafeTerminalBuffer(std::streambuf *target) : m_target(target) {}
    ~SafeTerminalBuffer() override { pass(true); }

protected:
    int_type overflow(int_type c) override
    {
        if (traits_type::eq_int_type(c, traits_type::eof())) {
            return traits_type::not_eof(c);
        }
        m_pending += traits_type::to_char_type(c);
        if (m_pending.back() == '\n' || m_pending.size() >= kChunk) {
            pass(false);
        }
        return c;
    }

    std::streamsize xsputn(const char *text, std::streamsize count) override
    {
        m_pending.append(text, static_cast<std::size_t>(count));
        if (m_pending.find('\n') != std::string::npos || m_pending.size() >= kChunk) {
            pass(false);
        }
        return count;
    }

    int sync() override
    {
        pass(false);
        return m_target->pubsync();
    }

private:
    static constexpr std::size_t kChunk = 8192;

    void pass(bool all)
    {
        const std::size_t whole = all ? m_pending.size() : safe::wholeUtf8Prefix(m_pending);
        if (whole == 0) {
            return;
        }
        const std::string shown = safe::terminalLines(std::string_view(m_pending).substr(0, whole));
        m_target->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
        m_pending.erase(0, whole);
    }

    std::streambuf *m_target;
    std::string m_pending;
};

} // namespace

SafeStandardStreams::SafeStandardStreams()
    : m_out(std::make_unique<SafeTerminalBuffer>(std::cout.rdbuf())),
      m_err(std::make_unique<SafeTerminalBuffer>(std::cerr.rdbuf())),
      m_rawOut(std::cout.rdbuf()),
      m_rawErr(std::cerr.rdbuf())
{
    g_rawStdout = m_rawOut;
    std::cout.rdbuf(m_out.get());
    std::cerr.rdbuf(m_err.get());
}

SafeStandardStreams::~SafeStandardStreams()
{
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(m_rawOut);
    std::cerr.rdbuf(m_rawErr);
    g_rawStdout = nullptr;
}

std::ostream &exactStdout()
{
    if (!g_rawStdout) {
        return std::cout;
    }
    // JSON and text never interleave within a command, but keep their order if they did.
    std::cout.flush();
    static std::ostream exact(nullptr);
    exact.rdbuf(g_rawStdout);
    return exact;
}

} // namespace harbour::cli
