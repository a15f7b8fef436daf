#include "json_record_builder.h"

#include <utility>

namespace harbour::importers {

namespace {

/// A field path longer than this many parts is cut short: a deep value is named by where it starts.
constexpr std::size_t kPathParts = 6;

std::string megabytes(std::size_t bytes)
{
    return std::to_string(bytes >> 20) + " MiB";
}

} // namespace

void JsonRecordBuilder::reset()
{
    m_value = nullptr;
    m_frames.clear();
    m_slot = nullptr;
    m_base = 0;
    m_problem.reset();
    m_syntaxError.clear();
    m_stopped = false;
}

bool JsonRecordBuilder::string(std::string &value)
{
    if (!m_problem) {
        if (value.size() > kMaxTextBytes) {
            refuse("text longer than " + megabytes(kMaxTextBytes) + " (" + std::to_string(value.size()) + " bytes)");
        } else if (value.find('\0') != std::string::npos) {
            refuse("text holds a NUL character (U+0000)");
        }
    }
    return scalar(std::move(value));
}

bool JsonRecordBuilder::key(std::string &key)
{
    Frame &frame = m_frames.back();
    frame.key = key;
    m_slot = nullptr;
    if (m_problem) {
        return true;
    }
    if (key.size() > kMaxTextBytes) {
        frame.key = key.substr(0, 40) + "...";
        refuse("key longer than " + megabytes(kMaxTextBytes));
        return true;
    }
    if (std::size_t nul = key.find('\0'); nul != std::string::npos) {
        // Named as written in JSON, so that the error message holds no raw NUL.
        for (; nul != std::string::npos; nul = frame.key.find('\0', nul)) {
            frame.key.replace(nul, 1, "\\u0000");
        }
        refuse("key holds a NUL character (U+0000)");
        return true;
    }
    if (frame.container) {
        auto &object = frame.container->get_ref<json::object_t &>();
        auto [it, inserted] = object.emplace(frame.key, nullptr);
        if (!inserted) {
            // nlohmann would keep the last one silently; which one the writer meant is unknowable.
            refuse("duplicate key: the object holds this key more than once");
            return true;
        }
        m_slot = &it->second;
    }
    return true;
}

bool JsonRecordBuilder::parse_error(std::size_t /*position*/, const std::string & /*token*/,
                                    const nlohmann::detail::exception &error)
{
    m_syntaxError = error.what();
    return false;
}

bool JsonRecordBuilder::scalar(json value)
{
    place(std::move(value));
    return finished();
}

bool JsonRecordBuilder::open(bool array)
{
    if (m_frames.empty() && array && m_element && m_base == 0) {
        // The top-level array itself is never built: its elements go to the callback one by one.
        m_base = 1;
        m_frames.push_back(Frame{nullptr, true, 0, {}});
        return true;
    }
    if (m_frames.size() >= kMaxNesting) {
        refuse("nested more than " + std::to_string(kMaxNesting) + " levels deep");
    }
    json *container = place(array ? json::array() : json::object());
    m_frames.push_back(Frame{container, array, 0, {}});
    return true;
}

bool JsonRecordBuilder::close()
{
    m_frames.pop_back();
    m_slot = nullptr;
    return finished();
}

JsonRecordBuilder::json *JsonRecordBuilder::place(json &&value)
{
    if (m_frames.size() == m_base) {
        m_value = std::move(value);
        return &m_value;
    }
    Frame &frame = m_frames.back();
    if (!frame.container || m_problem) {
        return nullptr; // inside a refused record: read on without building anything
    }
    if (frame.array) {
        auto &array = frame.container->get_ref<json::array_t &>();
        array.push_back(std::move(value));
        return &array.back();
    }
    json *slot = std::exchange(m_slot, nullptr);
    if (slot) {
        *slot = std::move(value);
    }
    return slot;
}

bool JsonRecordBuilder::finished()
{
    if (m_base == 1 && m_frames.size() == 1) {
        Frame &top = m_frames.front();
        const bool more = m_element(m_value, top.index, m_problem);
        ++top.index;
        m_value = nullptr;
        m_problem.reset();
        if (!more) {
            m_stopped = true;
            return false;
        }
        return true;
    }
    if (!m_frames.empty() && m_frames.back().array) {
        ++m_frames.back().index;
    }
    return true;
}

void JsonRecordBuilder::refuse(std::string message)
{
    if (!m_problem) {
        m_problem = ValueProblem{path(), std::move(message)};
    }
}

std::string JsonRecordBuilder::path() const
{
    std::string out;
    for (std::size_t i = m_base; i < m_frames.size(); ++i) {
        if (i - m_base == kPathParts) {
            out += "...";
            break;
        }
        const Frame &frame = m_frames[i];
        if (frame.array) {
            out += '[' + std::to_string(frame.index) + ']';
        } else {
            if (!out.empty()) {
                out += '.';
            }
            out += frame.key;
        }
    }
    return out;
}

} // namespace harbour::importers
