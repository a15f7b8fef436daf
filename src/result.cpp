#include "harbour/result.h"

namespace harbour {

std::string_view toString(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Io: return "io";
    case ErrorCode::Parse: return "parse";
    case ErrorCode::Validation: return "validation";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Policy: return "policy";
    case ErrorCode::Database: return "database";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Usage: return "usage";
    case ErrorCode::Integrity: return "integrity";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

std::string Error::toString() const
{
    std::string out;
    auto append = [&out](const std::string &part) {
        if (!out.empty()) {
            out += ": ";
        }
        out += part;
    };
    if (!file.empty()) {
        append(file);
    }
    if (!record.empty()) {
        append(record);
    }
    if (!field.empty()) {
        append("field '" + field + "'");
    }
    append(message);
    return out;
}

Error makeError(ErrorCode code, std::string message, std::string field)
{
    return Error{code, std::move(message), {}, {}, std::move(field)};
}

} // namespace harbour
