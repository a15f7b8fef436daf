#pragma once

#include "harbour/result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace harbour {

/// Why a path cannot be read as a regular file, in the words an error message needs.
struct UnreadableFile {
    bool missing = false; ///< nothing is there, or a symbolic link points nowhere
    /// "no such file", "a folder", "a named pipe", "a socket", "a device", "a symlink loop",
    /// "not readable: permission denied", ...
    std::string reason;
};

/// Nothing when `path` names a regular file this process can open for reading (links are
/// followed); otherwise what it is instead. Never blocks: a named pipe is recognised, not opened.
/// Every file Harbour reads (imports, policies, catalogues, ground truth) is checked with it, so
/// that each says the real reason rather than "not found".
std::optional<UnreadableFile> whyUnreadable(const std::filesystem::path &path);

/// What is at `path` itself, a link not followed, when it is something other than a regular
/// file ("a symbolic link", "a folder", "a named pipe", ...): outputs are never written over one.
/// Nothing when a regular file is there, or nothing at all.
std::optional<std::string> notARegularFile(const std::filesystem::path &path);

/// The error for an input that whyUnreadable() refuses: Io, "cannot read the WHAT: REASON",
/// naming the file. Nothing when the file is readable.
std::optional<Error> unreadableInputError(const std::filesystem::path &path, std::string_view what);

} // namespace harbour
