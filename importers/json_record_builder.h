#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace harbour::importers {

/// Bounds on what one record may hold, so that a hostile or broken file can neither exhaust the
/// stack nor the memory. Real records nest four levels deep and their longest text is a narrative
/// of a few kilobytes; see docs/trust.md.
inline constexpr std::size_t kMaxNesting = 64;           ///< arrays and objects inside one another
inline constexpr std::size_t kMaxTextBytes = 1u << 20;   ///< one string value or CSV cell
inline constexpr std::size_t kMaxLineBytes = 16u << 20;  ///< one JSON Lines line
inline constexpr std::size_t kMaxCsvCells = 1000;        ///< cells in one CSV row

/// Why a value was refused while it was read: where in the record ("subjects[0].name") and why.
struct ValueProblem {
    std::string field;
    std::string message;
};

/// A SAX handler for nlohmann::json::sax_parse that builds values as json::parse does, but never
/// recursively and with the limits above: a duplicate key, nesting deeper than kMaxNesting, a
/// string longer than kMaxTextBytes or holding U+0000 makes the record a ValueProblem instead of a
/// value (nlohmann would keep the last duplicate silently and recurse when printing deep values).
///
/// With an element callback, the elements of a top-level array are handed over one by one as
/// they end and are not kept, so an array of a million records never sits in memory. Otherwise
/// the finished value is read with value() and problem() once sax_parse returns true; a value
/// followed by junk is a syntax error, so nothing is handed over before the parse is complete.
class JsonRecordBuilder {
public:
    using json = nlohmann::json;
    /// One finished element of a top-level array (index from 0) and why it was refused, if it
    /// was. Return false to stop reading.
    using ElementFn =
        std::function<bool(json &value, std::size_t index, const std::optional<ValueProblem> &problem)>;

    explicit JsonRecordBuilder(ElementFn element = {}) : m_element(std::move(element)) {}

    /// Forgets everything read so far, keeping allocated capacity (one builder per file, reset per line).
    void reset();

    json &value() { return m_value; }
    const std::optional<ValueProblem> &problem() const { return m_problem; }
    /// nlohmann's message for a syntax error, empty when there was none.
    const std::string &syntaxError() const { return m_syntaxError; }
    /// True once the element callback asked to stop.
    bool stopped() const { return m_stopped; }
    /// True when the top-level value was an array whose elements went to the callback.
    bool streamedArray() const { return m_base == 1; }

    // The SAX interface nlohmann::json::sax_parse calls.
    bool null() { return scalar(nullptr); }
    bool boolean(bool value) { return scalar(value); }
    bool number_integer(json::number_integer_t value) { return scalar(value); }
    bool number_unsigned(json::number_unsigned_t value) { return scalar(value); }
    bool number_float(json::number_float_t value, const std::string & /*text*/) { return scalar(value); }
    bool string(std::string &value);
    bool binary(json::binary_t & /*value*/) { return scalar(nullptr); } // JSON text has no binary values
    bool start_object(std::size_t /*size*/) { return open(false); }
    bool key(std::string &key);
    bool end_object() { return close(); }
    bool start_array(std::size_t /*size*/) { return open(true); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t position, const std::string &token, const nlohmann::detail::exception &error);

private:
    struct Frame {
        json *container = nullptr; ///< nullptr while skipping a value that is already refused
        bool array = false;
        std::size_t index = 0; ///< arrays: elements finished so far, which is the index of the next
        std::string key;       ///< objects: the key of the member being read
    };

    bool scalar(json value);
    bool open(bool array);
    bool close();
    /// Puts a finished or new value where it belongs; nullptr when it is not kept.
    json *place(json &&value);
    /// A value (scalar or container) just ended at the current depth.
    bool finished();
    void refuse(std::string message);
    std::string path() const;

    ElementFn m_element;
    json m_value;
    std::vector<Frame> m_frames;
    json *m_slot = nullptr; ///< the member the next object value goes into
    std::size_t m_base = 0; ///< 1 while the elements of a top-level array are streamed
    std::optional<ValueProblem> m_problem;
    std::string m_syntaxError;
    bool m_stopped = false;
};

} // namespace harbour::importers
