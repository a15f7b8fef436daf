#include "harbour/json_writer.h"

#include <algorithm>

namespace harbour::json {

namespace {

void pad(std::ostream &out, int depth)
{
    for (int i = 0; i < depth; ++i) {
        out << "  ";
    }
}

} // namespace

std::string dumped(const nlohmann::json &value)
{
    return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void writeValue(std::ostream &out, const nlohmann::json &value, int depth)
{
    const std::string text = dumped(value);
    std::size_t start = 0;
    for (std::size_t newline = text.find('\n'); newline != std::string::npos; newline = text.find('\n', start)) {
        out.write(text.data() + start, static_cast<std::streamsize>(newline - start + 1));
        pad(out, depth);
        start = newline + 1;
    }
    out.write(text.data() + start, static_cast<std::streamsize>(text.size() - start));
}

Writer valueWriter(nlohmann::json value)
{
    return [value = std::move(value)](std::ostream &out, int depth) { writeValue(out, value, depth); };
}

Writer arrayWriter(std::size_t count, std::function<nlohmann::json(std::size_t)> element)
{
    return [count, element = std::move(element)](std::ostream &out, int depth) {
        if (count == 0) {
            out << "[]";
            return;
        }
        out << "[\n";
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0) {
                out << ",\n";
            }
            pad(out, depth + 1);
            writeValue(out, element(i), depth + 1);
        }
        out << '\n';
        pad(out, depth);
        out << ']';
    };
}

Writer objectWriter(std::vector<std::pair<std::string, Writer>> members)
{
    std::sort(members.begin(), members.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    return [members = std::move(members)](std::ostream &out, int depth) {
        if (members.empty()) {
            out << "{}";
            return;
        }
        out << "{\n";
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i > 0) {
                out << ",\n";
            }
            pad(out, depth + 1);
            out << dumped(members[i].first) << ": ";
            members[i].second(out, depth + 1);
        }
        out << '\n';
        pad(out, depth);
        out << '}';
    };
}

} // namespace harbour::json
