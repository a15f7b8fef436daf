#pragma once

#include <mutex>

namespace harbour::analysis::detail {

/// The one lock around every use of igraph in Harbour. igraph 0.10 as Debian packages it is
/// built without thread safety (IGRAPH_THREAD_SAFE 0): its random number generator, error
/// handlers and cleanup stack are global, so two threads inside igraph at once (a layout for the
/// diagram while clusters are found) corrupt each other. Hold it from the first igraph object
/// created to the last one destroyed.
std::mutex &igraphMutex();

/// Makes igraph report errors by return value instead of aborting the process. Idempotent; call
/// it with igraphMutex() held.
void quietIgraphErrors();

} // namespace harbour::analysis::detail
