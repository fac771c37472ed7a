// "This computer": with no seedd running, the app starts one DETACHED (it outlives the window and is
// nobody's child), finds it through the connection file, and finds the same one again next time.
#include "client/localdaemon.h"
#include "client/seedclient.h"
#include "seeddprocess.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace seed;

class TestGuiLocalDaemon : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;
    qint64 m_pid = 0;

    static qint64 parentOf(qint64 pid)
    {
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray s = f.readAll();
        return s.mid(s.lastIndexOf(')') + 2).split(' ').value(1).toLongLong();
    }

private Q_SLOTS:
    void startsDetachedThenReuses()
    {
        const QString dataDir = m_tmp.filePath(QStringLiteral("seed"));
        client::LocalDaemon local;
        local.setProgram(SeeddProcess::binary());
        local.setExtraArguments({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--runner"),
                                 QStringLiteral("none")});
        std::optional<client::LocalDaemon::Outcome> first;
        local.ensureRunning(dataDir, this, [&first](const client::LocalDaemon::Outcome &o) { first = o; });
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 20000);
        QVERIFY2(first->info.has_value(), qPrintable(first->error));
        QVERIFY(first->started);
        m_pid = first->info->pid;
        QCOMPARE(m_pid, first->startedPid);
        QVERIFY(client::LocalDaemon::processAlive(m_pid));
        QVERIFY(parentOf(m_pid) != QCoreApplication::applicationPid()); // detached: not our child
        QVERIFY(QFile::exists(dataDir + QStringLiteral("/seedd.log")));

        // It answers with the token of its connection file.
        client::SeedClient c;
        client::Endpoint e;
        e.baseUrl = QUrl(first->info->url);
        e.ns = first->info->ns;
        e.authorization = "Bearer " + first->info->token.toUtf8();
        e.local = true;
        c.setEndpoint(e);
        std::optional<client::Result<wire::JobPage>> page;
        c.listJobs({}, this, [&page](const client::Result<wire::JobPage> &r) { page.emplace(r); });
        QTRY_VERIFY(page.has_value());
        QVERIFY(page->ok());

        // Next time (another window, say) finds the running one instead of starting a second.
        std::optional<client::LocalDaemon::Outcome> second;
        local.ensureRunning(dataDir, this, [&second](const client::LocalDaemon::Outcome &o) { second = o; });
        QTRY_VERIFY(second.has_value());
        QVERIFY(second->info.has_value());
        QVERIFY(!second->started);
        QCOMPARE(second->info->pid, m_pid);
    }

    void reportsAMissingBinary()
    {
        client::LocalDaemon local;
        local.setProgram(m_tmp.filePath(QStringLiteral("no-such-seedd")));
        std::optional<client::LocalDaemon::Outcome> o;
        local.ensureRunning(m_tmp.filePath(QStringLiteral("other")), this,
                            [&o](const client::LocalDaemon::Outcome &r) { o = r; });
        QTRY_VERIFY(o.has_value());
        QVERIFY(!o->info);
        QVERIFY(!o->error.isEmpty());
    }

    void cleanupTestCase()
    {
        // What this test started, it stops.
        if (m_pid > 0 && client::LocalDaemon::processAlive(m_pid)) {
            ::kill(pid_t(m_pid), SIGTERM);
            QTRY_VERIFY_WITH_TIMEOUT(!client::LocalDaemon::processAlive(m_pid), 10000);
        }
    }
};

QTEST_MAIN(TestGuiLocalDaemon)
#include "tst_gui_localdaemon.moc"
