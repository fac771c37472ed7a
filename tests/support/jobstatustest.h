#pragma once

#include "wire/jobstatus.h"

#include <QTest>

// QCOMPARE prints a JobStatus by its JSON name.
namespace QTest {
template <> inline char *toString(const seed::wire::JobStatus &s)
{
    return qstrdup(seed::wire::jobStatusName(s).toUtf8().constData());
}
} // namespace QTest
