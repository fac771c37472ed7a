#pragma once

#include <QByteArray>
#include <QTest>

// CTest counts a skipped test as passed. Where the CI sets CI=true (GitHub Actions, GitLab, .ci/run), a missing
// prerequisite (Podman, the busybox image, python3) is a failure; elsewhere a developer without it gets a skip.
inline bool seedCiRequiresEverything()
{
    const QByteArray ci = qgetenv("CI").toLower();
    return ci == "true" || ci == "1";
}

#define SEED_SKIP_UNLESS_CI(message)                                                                           \
    do {                                                                                                       \
        if (seedCiRequiresEverything())                                                                        \
            QFAIL(QByteArray(QByteArray("CI=true requires it: ") + (message)).constData());                   \
        else                                                                                                   \
            QSKIP(message);                                                                                    \
    } while (false)
