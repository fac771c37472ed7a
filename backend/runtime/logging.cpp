#include "logging.h"

namespace seed::runtime {
Q_LOGGING_CATEGORY(lcRuntime, "seedd.runtime")
} // namespace seed::runtime
