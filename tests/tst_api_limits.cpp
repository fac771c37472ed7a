// What clients can make seedd hold before it knows who they are — connections, unanswered request bytes,
// time, file descriptors — and that every complete request is answered. Each test starts its own seedd.
#include "apiassert.h"
#include "sanitizers.h"
#include "seeddprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>

#include <memory>
#include <vector>

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace apiassert;

namespace {
using Clients = std::vector<std::unique_ptr<QTcpSocket>>;

// A line of /proc/PID/status in KiB ("VmRSS:", "VmHWM:").
qint64 statusKiB(qint64 pid, const char *key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qsizetype(qstrlen(key))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// User and system CPU time the process has used, in seconds.
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(::sysconf(_SC_CLK_TCK));
}

// Whether seedd has read everything its clients on this port sent (no established connection to it has
// bytes waiting in the kernel): the point after which its counters have seen them all.
bool seeddReadEverything(quint16 port)
{
    QFile f(QStringLiteral("/proc/net/tcp"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray local = ':' + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cols = lines[i].simplified().split(' ');
        if (cols.size() > 4 && cols[1].endsWith(local) && cols[3] == "01" && !cols[4].endsWith(":00000000"))
            return false;
    }
    return true;
}

int statusOf(const QByteArray &response) { return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0; }

QJsonObject errorOf(const QByteArray &response)
{
    return QJsonDocument::fromJson(response.mid(response.indexOf("\r\n\r\n") + 4))
        .object()
        .value(QStringLiteral("error"))
        .toObject();
}

QByteArray headerOf(const QByteArray &response, const QByteArray &name)
{
    const QByteArray head = response.left(response.indexOf("\r\n\r\n") + 2).toLower();
    const qsizetype at = head.indexOf("\r\n" + name.toLower() + ':');
    if (at < 0)
        return {};
    const qsizetype from = at + 3 + name.size();
    return head.mid(from, head.indexOf("\r\n", from) - from).trimmed();
}

// Reads until a whole response (status line, headers, Content-Length body) is in, the peer closes, or the
// time runs out.
QByteArray readResponse(QTcpSocket &socket, int timeoutMs)
{
    QByteArray in = socket.readAll();
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        const qsizetype headEnd = in.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const qint64 length = headerOf(in, "Content-Length").toLongLong();
            if (in.size() >= headEnd + 4 + length)
                return in.left(headEnd + 4 + length);
        }
        if (clock.elapsed() >= timeoutMs)
            break;
        if (!socket.waitForReadyRead(qMax(1, int(qMin<qint64>(100, timeoutMs - clock.elapsed())))) &&
            socket.state() != QAbstractSocket::ConnectedState)
            break;
        in += socket.readAll();
    }
    return in + socket.readAll();
}
} // namespace

class TestApiLimits : public QObject
{
    Q_OBJECT

    // A seedd with the API only; `connections` becomes its config file's "connections" section.
    static bool startSeedd(SeeddProcess &seedd, const QJsonObject &connections = {})
    {
        QStringList args{QStringLiteral("--runner"), QStringLiteral("none")};
        if (!connections.isEmpty()) {
            QFile config(seedd.dataDir() + QStringLiteral("/config.json"));
            if (!config.open(QIODevice::WriteOnly))
                return false;
            config.write(QJsonDocument(QJsonObject{{QStringLiteral("connections"), connections}}).toJson());
            config.close();
            args << QStringLiteral("--config") << config.fileName();
        }
        return seedd.start(args);
    }
    static quint16 port(const SeeddProcess &seedd) { return quint16(QUrl(seedd.url()).port()); }
    static std::unique_ptr<QTcpSocket> connectRaw(const SeeddProcess &seedd)
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QStringLiteral("127.0.0.1"), port(seedd));
        return socket->waitForConnected(5000) ? std::move(socket) : nullptr;
    }
    static QByteArray getRequest(const SeeddProcess &seedd)
    {
        return "GET /local/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + seedd.localToken().toLatin1() +
               "\r\n\r\n";
    }
    // Connect, one authenticated GET, its status; and how long it took.
    static int timedGet(const SeeddProcess &seedd, qint64 *elapsedMs, int timeoutMs = 5000)
    {
        QElapsedTimer clock;
        clock.start();
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QStringLiteral("127.0.0.1"), port(seedd));
        int status = 0;
        if (socket->waitForConnected(timeoutMs)) {
            socket->write(getRequest(seedd));
            status = statusOf(readResponse(*socket, int(qMax<qint64>(1, timeoutMs - clock.elapsed()))));
        }
        *elapsedMs = clock.elapsed();
        return status;
    }
    static int countDisconnected(const Clients &clients)
    {
        int n = 0;
        for (const auto &c : clients) {
            c->waitForReadyRead(0); // lets the socket see an end-of-stream that has arrived
            n += c->state() != QAbstractSocket::ConnectedState;
        }
        return n;
    }

private Q_SLOTS:
    void partialBodiesStayWithinTheBudgetAndMemoryIsGivenBack()
    {
        // 100 unauthenticated POSTs that each send 1,000,000 of an announced 1 MiB and then wait: seedd used to
        // keep all of it (twice) until the idle timeout, ~2 MB a connection, and not give the memory back.
        SeeddProcess seedd;
        QVERIFY(startSeedd(seedd, {{QStringLiteral("request_buffer_mib"), 8}}));
        const qint64 pid = seedd.pid();
        const qint64 rssBefore = statusKiB(pid, "VmRSS:");
        QVERIFY(rssBefore > 0);
        const QByteArray head = "POST /auth/v1/seed/local/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                                "application/json\r\nContent-Length: 1048576\r\n\r\n";
        const QByteArray body(1000 * 1000, ' ');
        for (int round = 1; round <= 2; ++round) {
            Clients clients;
            for (int i = 0; i < 100; ++i) {
                clients.push_back(connectRaw(seedd));
                QVERIFY(clients.back());
                clients.back()->write(head + body);
            }
            QElapsedTimer clock;
            clock.start();
            for (const auto &c : clients)
                while (c->bytesToWrite() > 0 && c->state() == QAbstractSocket::ConnectedState &&
                       clock.elapsed() < 20000)
                    c->waitForBytesWritten(100);
            QTRY_VERIFY_WITH_TIMEOUT(seeddReadEverything(port(seedd)), 10000);

            // Still serving, at once.
            qint64 ms = 0;
            QCOMPARE(timedGet(seedd, &ms), 200);
            QVERIFY2(ms < 2000, qPrintable(QStringLiteral("the GET took %1 ms").arg(ms)));
            const qint64 peak = statusKiB(pid, "VmHWM:");
            QVERIFY2(kUnderAddressSanitizer || peak - rssBefore < 64 * 1024,
                     qPrintable(
                         QStringLiteral("round %1: seedd's peak RSS rose by %2 KiB").arg(round).arg(peak - rssBefore)));

            // Those past the budget were told so, with the envelope and when to come back.
            int busy = 0;
            for (const auto &c : clients) {
                const QByteArray response = readResponse(*c, 20);
                if (statusOf(response) != 503)
                    continue;
                ++busy;
                QCOMPARE(errorOf(response).value(QStringLiteral("code")).toString(), QStringLiteral("unavailable"));
                QVERIFY(matches(kRequestId, errorOf(response).value(QStringLiteral("request_id")).toString()));
                QCOMPARE(headerOf(response, "Retry-After"), QByteArray("1"));
                QCOMPARE(headerOf(response, "Connection"), QByteArray("close"));
            }
            QVERIFY2(busy >= 80, qPrintable(QStringLiteral("%1 of 100 were answered 503").arg(busy)));

            // The clients leave; the memory goes back.
            clients.clear();
            QTRY_VERIFY2_WITH_TIMEOUT(kUnderAddressSanitizer || statusKiB(pid, "VmRSS:") - rssBefore < 16 * 1024,
                                      qPrintable(QStringLiteral("round %1: seedd's RSS is %2 KiB above where it began")
                                                     .arg(round)
                                                     .arg(statusKiB(pid, "VmRSS:") - rssBefore)),
                                      10000);
        }
    }

    void unfinishedRequestsTimeOut()
    {
        SeeddProcess seedd;
        QVERIFY(startSeedd(seedd, {{QStringLiteral("request_timeout_seconds"), 1}}));
        auto idle = connectRaw(seedd); // an idle keep-alive connection has no such deadline
        QVERIFY(idle);
        const QList<QByteArray> partial = {
            "GET /local/jobs HTTP/1.1\r\nHost: loc",
            "POST /auth/v1/seed/local/jobs HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"na"};
        for (const QByteArray &p : partial) {
            auto socket = connectRaw(seedd);
            QVERIFY(socket);
            socket->write(p);
            QElapsedTimer clock;
            clock.start();
            const QByteArray response = readResponse(*socket, 5000);
            QVERIFY2(statusOf(response) == 408, response.left(200).constData());
            QVERIFY2(clock.elapsed() >= 900 && clock.elapsed() < 4000, qPrintable(QString::number(clock.elapsed())));
            QCOMPARE(errorOf(response).value(QStringLiteral("code")).toString(), QStringLiteral("request_timeout"));
            QCOMPARE(headerOf(response, "Connection"), QByteArray("close"));
            QTRY_VERIFY_WITH_TIMEOUT(socket->state() != QAbstractSocket::ConnectedState, 10000);
        }
        QCOMPARE(idle->state(), QAbstractSocket::ConnectedState);
        idle->write(getRequest(seedd));
        QCOMPARE(statusOf(readResponse(*idle, 5000)), 200);
    }

    void connectionCapMakesRoomOrAnswersBusy()
    {
        SeeddProcess seedd;
        QVERIFY(startSeedd(seedd, {{QStringLiteral("max"), 20}}));

        // Idle connections past the cap: the longest idle ones are closed to make room for new ones.
        Clients idle;
        for (int i = 0; i < 30; ++i) {
            idle.push_back(connectRaw(seedd));
            QVERIFY(idle.back());
        }
        qint64 ms = 0;
        QCOMPARE(timedGet(seedd, &ms), 200);
        QTRY_VERIFY_WITH_TIMEOUT(countDisconnected(idle) >= 10, 5000);
        QVERIFY(idle.front()->state() != QAbstractSocket::ConnectedState); // the oldest went first
        QCOMPARE(idle.back()->state(), QAbstractSocket::ConnectedState);

        // Connections in the middle of a request are not closed for room: past the cap, a new one is
        // answered 503 with Retry-After.
        Clients busy;
        for (int i = 0; i < 20; ++i) {
            busy.push_back(connectRaw(seedd));
            QVERIFY(busy.back());
            busy.back()->write("GET /local/jobs HTTP/1.1\r\nHost: loc");
            busy.back()->waitForBytesWritten(1000);
            QTRY_VERIFY_WITH_TIMEOUT(seeddReadEverything(port(seedd)), 5000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(countDisconnected(idle), int(idle.size()), 5000);
        auto refused = connectRaw(seedd);
        QVERIFY(refused);
        refused->write(getRequest(seedd));
        const QByteArray response = readResponse(*refused, 5000);
        QVERIFY2(statusOf(response) == 503, response.left(300).constData());
        QCOMPARE(errorOf(response).value(QStringLiteral("code")).toString(), QStringLiteral("unavailable"));
        QCOMPARE(headerOf(response, "Retry-After"), QByteArray("1"));
        QCOMPARE(countDisconnected(busy), 0);

        // Once they are gone, seedd serves again.
        busy.clear();
        QTRY_COMPARE_WITH_TIMEOUT(timedGet(seedd, &ms), 200, 5000);
    }

    void raisesItsOwnFileLimit()
    {
        SeeddProcess seedd;
        seedd.setChildProcessModifier([] {
            const rlimit rl{256, 4096};
            ::setrlimit(RLIMIT_NOFILE, &rl);
        });
        QVERIFY(startSeedd(seedd));
        QFile limits(QStringLiteral("/proc/%1/limits").arg(seedd.pid()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        const QByteArray all = limits.readAll();
        const QByteArray line = all.mid(all.indexOf("Max open files")).split('\n').value(0).simplified();
        QCOMPARE(line, QByteArray("Max open files 4096 4096 files"));
    }

    void keepsServingPastItsFileLimit_data()
    {
        QTest::addColumn<QJsonObject>("connections");
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<bool>("busyIsAnAnswer");
        // Idle connections under the default cap, which keeps descriptors in reserve: room is made for the GET.
        QTest::newRow("idle") << QJsonObject{} << QByteArray() << false;
        // Connections in the middle of a request (none can be closed for room) under a cap as high as the
        // file limit allows: accept() itself runs out of descriptors. The GET may find every connection busy
        // (503) or some closed for room before their bytes were read (200); either way it is answered.
        QTest::newRow("requests begun, no reserve") << QJsonObject{{QStringLiteral("max"), 1000}}
                                                    << QByteArray("GET /local/jobs HTTP/1.1\r\nHost: loc") << true;
    }
    void keepsServingPastItsFileLimit()
    {
        // More connections than seedd may open files: it used to spin at 100-200 % CPU and answer nobody.
        QFETCH(QJsonObject, connections);
        QFETCH(QByteArray, sent);
        QFETCH(bool, busyIsAnAnswer);
        SeeddProcess seedd;
        seedd.setChildProcessModifier([] {
            const rlimit rl{256, 256};
            ::setrlimit(RLIMIT_NOFILE, &rl);
        });
        QVERIFY(startSeedd(seedd, connections));
        const qint64 pid = seedd.pid();
        const double cpuBefore = cpuSeconds(pid);
        Clients clients;
        for (int i = 0; i < 400; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            clients.back()->connectToHost(QStringLiteral("127.0.0.1"), port(seedd));
        }
        int connected = 0;
        for (const auto &c : clients) {
            if (!c->waitForConnected(100))
                continue;
            ++connected;
            if (!sent.isEmpty())
                c->write(sent);
        }
        for (const auto &c : clients)
            c->waitForBytesWritten(0);
        // The burst waits in the kernel's queue with its handshakes done (a listen backlog of 511): with Qt's
        // default of 50 most of it, and then the GET, sat in SYN retries (1, 3, 7 s) and the GET went unanswered.
        QCOMPARE(connected, 400);
        qint64 ms = 0;
        const int status = timedGet(seedd, &ms, 10000);
        QVERIFY2(status == 200 || (busyIsAnAnswer && status == 503),
                 qPrintable(QStringLiteral("status %1 after %2 ms").arg(status).arg(ms)));
        qInfo("the GET was answered %d in %lld ms", status, ms);
        QVERIFY2(ms < 5000, qPrintable(QStringLiteral("the GET took %1 ms").arg(ms)));
        // Spinning can only be seen over time: two seconds more of the flood must cost little CPU.
        QTest::qWait(2000);
        const double used = cpuSeconds(pid) - cpuBefore;
        QVERIFY2(used < 1.0, qPrintable(QStringLiteral("seedd used %1 s of CPU").arg(used)));
        // Once the flood is gone, seedd serves again at once.
        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(timedGet(seedd, &ms, 3000), 200, 5000);
    }

    void everyRequestBeforeAHalfCloseIsAnswered()
    {
        // A client that shuts its sending side after a complete request still wants the answer.
        SeeddProcess seedd;
        QVERIFY(startSeedd(seedd));
        int answered = 0;
        QByteArray firstMiss;
        for (int i = 0; i < 200; ++i) {
            auto socket = connectRaw(seedd);
            QVERIFY(socket);
            socket->write(getRequest(seedd));
            QVERIFY(socket->waitForBytesWritten(5000));
            QCOMPARE(::shutdown(int(socket->socketDescriptor()), SHUT_WR), 0);
            const QByteArray response = readResponse(*socket, 5000);
            if (statusOf(response) == 200)
                ++answered;
            else if (firstMiss.isEmpty())
                firstMiss = "request " + QByteArray::number(i) + ": '" + response.left(100) + '\'';
        }
        QVERIFY2(
            answered == 200,
            qPrintable(QStringLiteral("%1 of 200 answered; %2").arg(answered).arg(QString::fromLatin1(firstMiss))));
    }
};

QTEST_GUILESS_MAIN(TestApiLimits)
#include "tst_api_limits.moc"
