#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace harbour {

/// What went wrong, in the words an analyst needs: which file, which record
/// (for example "line 12" or "index 3"), which field, and why.
enum class ErrorCode {
    Io,         ///< a file could not be read or written
    Parse,      ///< the text is not valid JSON / CSV
    Validation, ///< a record breaks spec/FORMATS.md
    Conflict,   ///< the same id exists with different content
    Policy,     ///< a screening rule refuses the record (age, floor, ...)
    Database,   ///< the store failed
    NotFound,   ///< an id or file that does not exist
    Usage,      ///< a command was called wrongly
    Integrity,  ///< stored data fails a check (audit chain, schema)
    Internal,   ///< a bug
};

std::string_view toString(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string file;
    std::string record;
    std::string field;

    /// "file: record: field 'name': message", leaving out the parts that are empty.
    std::string toString() const;
};

Error makeError(ErrorCode code, std::string message, std::string field = {});

/// The value of an expected-to-fail operation, or the Error that stopped it.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}           // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::move(error)) {}       // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() &
    {
        assert(ok() && "Result::value() called on an error");
        return std::get<T>(m_state);
    }
    const T &value() const &
    {
        assert(ok() && "Result::value() called on an error");
        return std::get<T>(m_state);
    }
    T &&value() &&
    {
        assert(ok() && "Result::value() called on an error");
        return std::get<T>(std::move(m_state));
    }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const
    {
        assert(!ok() && "Result::error() called on a value");
        return std::get<Error>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Success carries nothing; failure carries an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {} // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const
    {
        assert(m_failed && "Result<void>::error() called on success");
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

} // namespace harbour
