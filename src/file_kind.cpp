#include "harbour/file_kind.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace harbour {

namespace {

std::string notReadable(int error)
{
    return "not readable: " + std::string(error == EACCES || error == EPERM ? "permission denied" : std::strerror(error));
}

/// What stat() failing with `error` means for `path`.
UnreadableFile statFailure(const std::filesystem::path &path, int error)
{
    switch (error) {
    case ENOENT: {
        struct stat link {};
        if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
            return {true, "a symbolic link to a file that does not exist"};
        }
        return {true, "no such file"};
    }
    case ENOTDIR: return {true, "no such file (a part of the path is not a folder)"};
    case ELOOP: return {false, "a symlink loop"};
    default: return {false, notReadable(error)};
    }
}

/// What a path that exists but is not a regular file is.
std::string kindOf(mode_t mode)
{
    if (S_ISDIR(mode)) {
        return "a folder, not a file";
    }
    if (S_ISFIFO(mode)) {
        return "a named pipe, not a regular file";
    }
    if (S_ISSOCK(mode)) {
        return "a socket, not a regular file";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device, not a regular file";
    }
    return "not a regular file";
}

} // namespace

std::optional<UnreadableFile> whyUnreadable(const std::filesystem::path &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return statFailure(path, errno);
    }
    if (!S_ISREG(st.st_mode)) {
        return UnreadableFile{false, kindOf(st.st_mode)};
    }
    // Opening is the only true test of permission (access() answers for the real user, and
    // root reads everything). O_NONBLOCK: should the file be swapped for a pipe meanwhile,
    // the open does not wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        return UnreadableFile{false, notReadable(errno)};
    }
    ::close(fd);
    return std::nullopt;
}

std::optional<std::string> notARegularFile(const std::filesystem::path &path)
{
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) {
        return std::nullopt;
    }
    return S_ISLNK(st.st_mode) ? std::string("a symbolic link") : kindOf(st.st_mode);
}

std::optional<Error> unreadableInputError(const std::filesystem::path &path, std::string_view what)
{
    const auto problem = whyUnreadable(path);
    if (!problem) {
        return std::nullopt;
    }
    return Error{ErrorCode::Io, "cannot read the " + std::string(what) + ": " + problem->reason, path.string(), {}, {}};
}

} // namespace harbour
