#pragma once

#include <future>
#include <system_error>
#include <type_traits>

namespace harbour::analysis::detail {

/// Starts `work` on a second thread, or, when no thread can be had (resource limits), runs it
/// when its result is asked for: the result is the same either way. The future's destructor
/// waits for the thread, so an exception on the calling thread never leaves `work` reading data
/// that is gone; an exception from `work` is rethrown by get().
template <typename Work>
std::future<std::invoke_result_t<Work>> runBeside(const Work &work)
{
    try {
        return std::async(std::launch::async, work);
    } catch (const std::system_error &) {
        return std::async(std::launch::deferred, work);
    }
}

} // namespace harbour::analysis::detail
