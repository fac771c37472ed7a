#include "daemon/cli.h"

#include <malloc.h>

int main(int argc, char **argv)
{
    // A fixed mmap threshold: glibc otherwise raises it after each large buffer is freed (log slices, request
    // bodies), and those buffers then come from the heap, which fragments and never shrinks under a flood.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    return seed::daemon::runCli(argc, argv);
}
