#include "daemon/cli.h"

int main(int argc, char **argv) { return seed::daemon::runCli(argc, argv); }
