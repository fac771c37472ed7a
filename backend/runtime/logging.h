#pragma once

#include <QLoggingCategory>

namespace seed::runtime {
// seedd's messages about the jobs it runs, on stderr as "seedd.runtime: ..." (Qt's default message pattern);
// QT_LOGGING_RULES="seedd.runtime.info=false" silences the informational ones.
Q_DECLARE_LOGGING_CATEGORY(lcRuntime)
} // namespace seed::runtime
