#pragma once

#include <iosfwd>
#include <memory>
#include <streambuf>

namespace harbour::cli {

/// For as long as it lives, everything printed on standard output and standard error passes
/// through safe::terminalLines: an escape sequence, a right-to-left override or a stray byte in
/// a record's name is shown, never acted on by the terminal. JSON is printed exact through
/// exactStdout(), since its readers are programs and the JSON writer escapes controls itself.
class SafeStandardStreams {
public:
    SafeStandardStreams();
    ~SafeStandardStreams();
    SafeStandardStreams(const SafeStandardStreams &) = delete;
    SafeStandardStreams &operator=(const SafeStandardStreams &) = delete;

private:
    std::unique_ptr<std::streambuf> m_out;
    std::unique_ptr<std::streambuf> m_err;
    std::streambuf *m_rawOut;
    std::streambuf *m_rawErr;
};

/// Standard output as it is, unfiltered: for JSON documents only.
std::ostream &exactStdout();

} // namespace harbour::cli
