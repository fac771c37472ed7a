#pragma once

namespace seed::daemon {

// `seedd serve|token create|apikey create|--help|--version`. Returns the process exit code:
// 0 success, 1 runtime failure, 2 usage error.
int runCli(int argc, char **argv);

} // namespace seed::daemon
