#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harbour::generator {

/// A minimal streaming JSON writer that appends compact JSON to a caller-owned string.
/// It exists because building a DOM per record would cost more than generating the record;
/// it checks nothing about nesting, so callers must balance begin and end calls.
class JsonWriter {
public:
    explicit JsonWriter(std::string &out) : m_out(out) {}

    void beginObject();
    /// Continues an object whose opening brace and first members the caller wrote itself
    /// (the generator writes "kind" and "id" after sorting, in front of the rest of the record).
    void continueObject()
    {
        m_depth = 1;
        m_hasMembers = 1;
        m_afterKey = false;
    }
    void endObject();
    void beginArray();
    void endArray();
    /// Writes the key of the next member; the next value call writes its value.
    JsonWriter &key(std::string_view name);

    void value(std::string_view text);
    void value(const char *text) { value(std::string_view(text)); }
    void value(const std::string &text) { value(std::string_view(text)); }
    void value(std::int64_t number);
    void value(int number) { value(static_cast<std::int64_t>(number)); }
    void value(bool flag);
    /// A fixed-point number with the given decimals (coordinates), formatted the same on every platform.
    void fixed(double number, int decimals);
    void null();
    /// A string, or null when empty.
    void stringOrNull(std::string_view text);
    /// Already-serialised JSON, inserted as one value.
    void raw(std::string_view json);

    template <typename T>
    void field(std::string_view name, const T &v)
    {
        key(name);
        value(v);
    }

    /// Appends text as a JSON string body (no quotes), escaping what JSON requires.
    static void appendEscaped(std::string &out, std::string_view text);

private:
    void separate();

    std::string &m_out;
    std::uint64_t m_hasMembers = 0; ///< bit per nesting level: a member was already written there
    int m_depth = 0;
    bool m_afterKey = false;
};

} // namespace harbour::generator
