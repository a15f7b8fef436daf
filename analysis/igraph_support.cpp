#include "igraph_support.h"

#include <igraph.h>

namespace harbour::analysis::detail {

std::mutex &igraphMutex()
{
    static std::mutex mutex;
    return mutex;
}

void quietIgraphErrors()
{
    static const bool once = [] {
        igraph_set_error_handler(igraph_error_handler_ignore);
        igraph_set_warning_handler(igraph_warning_handler_ignore);
        return true;
    }();
    (void)once;
}

} // namespace harbour::analysis::detail
