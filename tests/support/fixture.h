#pragma once
// A recorded fixture: tests/fixtures/<relativePath> (SEED_TEST_DATA, the tests' source directory, is defined for
// every test target; this header is compiled into each test, never into seed_testsupport). A missing fixture
// ends the test at once: a parser fed nothing would prove nothing.
#include <QByteArray>
#include <QFile>
#include <QString>

inline QByteArray readFixture(const QString &relativePath)
{
    QFile f(QStringLiteral(SEED_TEST_DATA "/fixtures/") + relativePath);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(relativePath));
    return f.readAll();
}
