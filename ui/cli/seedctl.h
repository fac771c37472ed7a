#pragma once

#include <QStringList>

class QTextStream;

namespace seed::cli {

// Exit codes of seedctl (docs/cli.md).
enum ExitCode : int {
    ExitOk = 0,
    ExitApiError = 1,        // the server answered with an error envelope
    ExitUsage = 2,           // bad arguments or an invalid job spec: nothing was sent
    ExitUnreachable = 3,     // no local seedd, or the endpoint did not answer
    ExitJobUnsuccessful = 4, // `wait`: the job ended failed, cancelled or timed out
    ExitArtifacts = 5        // `artifacts`: the job has none, or entries were not written (unsafe names, links)
};

// Runs one seedctl command line (without the program name) on the current thread's event loop, writing
// results to `out` and messages to `err`. Returns the exit code.
int runSeedctl(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace seed::cli
