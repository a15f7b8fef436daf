#pragma once

// The diagram model moved to the Qt-free diagram library (include/harbour/diagram/); the
// briefing and the exporters still name it report::Diagram.
#include "harbour/diagram/diagram.h"

namespace harbour::report {
using namespace harbour::diagram;
} // namespace harbour::report
