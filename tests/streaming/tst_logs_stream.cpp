// Logs: every line a container prints is stored before it is served, served complete by tail/since
// and by streams, resumed exactly once with Last-Event-ID after forced disconnects and after kill -9 of seedd,
// kept up to the last second before a cancel, bounded per job with lines_dropped, long lines split and binary
// escaped. Real seedd, real containers (Podman sandbox).
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "apiassert.h"
#include "seeddprocess.h"
#include "sseclient.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryFile>
#include <QTest>

using namespace rt;

namespace {
QString logsPath(const QString &name, const QString &query = {})
{
    return QStringLiteral("/%1/job/%2/logs%3").arg(ns(), name, query.isEmpty() ? QString() : u'?' + query);
}
QStringList messages(const QList<SseEvent> &events)
{
    QStringList out;
    for (const SseEvent &e : events)
        if (e.type == "message")
            out << e.message();
    return out;
}
// The numbers of "n<i>" lines, in order.
QList<int> numbers(const QStringList &lines, const QString &prefix = QStringLiteral("n"))
{
    QList<int> out;
    for (const QString &l : lines)
        if (l.startsWith(prefix) && l.size() > prefix.size() && l.at(prefix.size()).isDigit())
            out << l.mid(prefix.size()).toInt();
    return out;
}
bool isRange(const QList<int> &v, int from, int to)
{
    if (v.size() != to - from + 1)
        return false;
    for (int i = 0; i < v.size(); ++i)
        if (v[i] != from + i)
            return false;
    return true;
}
const QStringList kArgs{QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                        QStringLiteral("cpus=8,memory_gb=8"), QStringLiteral("--cancel-grace"), QStringLiteral("3")};
} // namespace

class TestLogsStream : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    std::unique_ptr<SeeddProcess> m_seedd;
    std::unique_ptr<TestHttp> m_http;

    QByteArray auth() const { return TestHttp::bearer(m_seedd->localToken()); }
    void submit(const QString &name, const QString &command)
    {
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), spec(name, command, PodmanSandbox::image()));
        QCOMPARE(r.status, 201);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        m_seedd = std::make_unique<SeeddProcess>();
        QVERIFY(m_seedd->start(kArgs));
        m_http = std::make_unique<TestHttp>(m_seedd->url(), auth());
    }
    void cleanup()
    {
        // A failed check must not leave a flooding job behind for the next one.
        if (m_http && QTest::currentTestFailed())
            m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/cancelme/cancel").arg(ns()), {});
    }
    void cleanupTestCase()
    {
        if (m_seedd)
            m_seedd->stop();
    }

    void hundredThousandLinesServedComplete()
    {
        submit(QStringLiteral("big"), QStringLiteral("seq 1 100000"));
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("big"), 120000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        // tail: the newest 10000 lines (the last one is seedd's own "Job succeeded"), has_more.
        HttpResult r = m_http->get(logsPath(QStringLiteral("big"), QStringLiteral("tail=10000")));
        QCOMPARE(r.status, 200);
        QJsonArray lines = r.json().value(QStringLiteral("lines")).toArray();
        QCOMPARE(lines.size(), 10000);
        QVERIFY(r.json().value(QStringLiteral("has_more")).toBool());
        QStringList msgs;
        for (const QJsonValue &v : lines)
            msgs << v.toObject().value(QStringLiteral("message")).toString();
        QVERIFY(msgs.last().startsWith(QLatin1String("[seed] Job succeeded")));
        QVERIFY(isRange(numbers(msgs, QString()), 90002, 100000));
        // since: before the first line, every later line matches; the newest 10000 of them, has_more.
        const QString first = m_http->get(logsPath(QStringLiteral("big"), QStringLiteral("tail=10000")))
                                  .json().value(QStringLiteral("lines")).toArray().first().toObject()
                                  .value(QStringLiteral("timestamp")).toString();
        QVERIFY(!first.isEmpty());
        r = m_http->get(logsPath(QStringLiteral("big"), QStringLiteral("tail=10000&since=2000-01-01T00:00:00Z")));
        QCOMPARE(r.json().value(QStringLiteral("lines")).toArray(), lines);
        QVERIFY(r.json().value(QStringLiteral("has_more")).toBool());
        // since the timestamp of the 90002nd line's predecessor block: only lines after it, exactly.
        const QJsonObject mid = lines.at(5000).toObject();
        r = m_http->get(logsPath(QStringLiteral("big"), QStringLiteral("tail=10000&since=") +
                                                            QString::fromLatin1(QUrl::toPercentEncoding(mid.value(QStringLiteral("timestamp")).toString()))));
        const QJsonArray after = r.json().value(QStringLiteral("lines")).toArray();
        QVERIFY(!after.isEmpty());
        for (const QJsonValue &v : after)
            QVERIFY(v.toObject().value(QStringLiteral("timestamp")).toString() > mid.value(QStringLiteral("timestamp")).toString());
        r = m_http->get(logsPath(QStringLiteral("big"), QStringLiteral("since=2999-01-01T00:00:00Z")));
        QVERIFY(r.json().value(QStringLiteral("lines")).toArray().isEmpty());
        QVERIFY(!r.json().value(QStringLiteral("has_more")).toBool());
        // Every line once, in order: a stream resumed from id 0 on the finished job replays all of it, then end.
        SseClient sse;
        QVERIFY(sse.open(m_seedd->url(), logsPath(QStringLiteral("big"), QStringLiteral("stream=true")), auth(), 0));
        QVERIFY(sse.waitEnd(60000));
        QCOMPARE(sse.status, 200);
        QVERIFY(sse.headers.contains("text/event-stream"));
        QVERIFY(isRange(numbers(messages(sse.events), QString()), 1, 100000));
        for (qsizetype i = 1; i < sse.events.size() - 1; ++i)
            QCOMPARE(sse.events[i].id, sse.events[i - 1].id + 1);
        QCOMPARE(sse.events.last().json().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(sse.events.last().json().value(QStringLiteral("exit_code")).toInt(-1), 0);
        QVERIFY(sse.waitClosed(10000));
    }

    void reconnectWithLastEventIdGetsEveryLineOnce()
    {
        submit(QStringLiteral("chatty"),
               QStringLiteral("i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo n$i; [ $((i%50)) -eq 0 ] && sleep 0.05; done; true"));
        QVERIFY(waitStatus(*m_http, QStringLiteral("chatty"), {QStringLiteral("running"), QStringLiteral("succeeded")}).value(QStringLiteral("status")).toString() == QLatin1String("running"));
        QList<SseEvent> all;
        qint64 last = -1;
        // Three forced disconnects at arbitrary points, then read to the end.
        for (int round = 0; round < 4; ++round) {
            SseClient sse;
            QVERIFY(sse.open(m_seedd->url(), logsPath(QStringLiteral("chatty"), QStringLiteral("stream=true&tail=10000")), auth(), last));
            if (round < 3) {
                const int want = 200 * (round + 1);
                sse.waitFor([&] { return sse.events.size() >= want; }, 30000);
                sse.abort();
            } else {
                QVERIFY(sse.waitEnd(60000));
            }
            QCOMPARE(sse.status, 200);
            for (const SseEvent &e : std::as_const(sse.events)) {
                all.append(e);
                if (e.id >= 0)
                    last = e.id;
            }
        }
        const QList<int> n = numbers(messages(all));
        QVERIFY2(isRange(n, 1, 3000), qPrintable(QStringLiteral("%1 numbered lines").arg(n.size())));
        qint64 prev = 0;
        for (const SseEvent &e : std::as_const(all)) {
            if (e.id < 0)
                continue;
            QCOMPARE(e.id, prev + 1); // every id once, in order, across the reconnects
            prev = e.id;
        }
        QCOMPARE(all.last().type, QByteArray("end"));
        QCOMPARE(all.last().json().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    }

    void streamRules()
    {
        // A queued or finished job without Last-Event-ID: 409 (the contract: running jobs only).
        EXPECT_ENVELOPE(m_http->get(logsPath(QStringLiteral("big"), QStringLiteral("stream=true"))), 409, "conflict");
        // A bad Last-Event-ID: 400.
        SseClient bad;
        QVERIFY(bad.open(m_seedd->url(), logsPath(QStringLiteral("big"), QStringLiteral("stream=true&last_event_id=x")), auth()));
        bad.waitFor([&] { return bad.status != 0; }, 10000);
        QCOMPARE(bad.status, 400);
        // Unauthenticated: 401 before anything streams.
        SseClient anon;
        QVERIFY(anon.open(m_seedd->url(), logsPath(QStringLiteral("big"), QStringLiteral("stream=true")), "Bearer nope"));
        anon.waitFor([&] { return anon.status != 0; }, 10000);
        QCOMPARE(anon.status, 401);
    }

    void linesBeforeCancelAreKept()
    {
        // Prints thousands of lines a second; on SIGTERM says how far it got, then exits.
        submit(QStringLiteral("cancelme"),
               QStringLiteral("i=0; trap 'echo last=$i; exit 143' TERM; while :; do i=$((i+1)); echo n$i; [ $((i%200)) -eq 0 ] && sleep 0.01; done"));
        QVERIFY(waitFor(*m_http, QStringLiteral("cancelme"), [this](const QJsonObject &) {
            const QJsonArray l = m_http->get(logsPath(QStringLiteral("cancelme"), QStringLiteral("tail=1"))).json().value(QStringLiteral("lines")).toArray();
            return !l.isEmpty() && l.first().toObject().value(QStringLiteral("id")).toInt() > 1000;
        }, 30000).value(QStringLiteral("status")).toString() == QLatin1String("running"));
        SseClient sse;
        QVERIFY(sse.open(m_seedd->url(), logsPath(QStringLiteral("cancelme"), QStringLiteral("stream=true&tail=1")), auth()));
        QVERIFY(sse.waitFor([&] { return sse.events.size() > 10; }, 10000));
        QTest::qWait(1000);
        QCOMPARE(m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/cancelme/cancel").arg(ns()), {}).status, 200);
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("cancelme"), 60000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        // The stream follows the job through its grace period, then ends with the terminal status.
        QVERIFY(sse.waitEnd(60000));
        QCOMPARE(sse.events.last().json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        const QStringList streamed = messages(sse.events);
        // Stored: every line up to the one printed when SIGTERM arrived, none missing.
        QStringList stored;
        qint64 after = 0;
        while (true) {
            const QJsonArray page = m_http->get(logsPath(QStringLiteral("cancelme"), QStringLiteral("tail=10000")))
                                        .json().value(QStringLiteral("lines")).toArray();
            Q_UNUSED(after);
            for (const QJsonValue &v : page)
                stored << v.toObject().value(QStringLiteral("message")).toString();
            break;
        }
        const auto lastIt = std::find_if(stored.cbegin(), stored.cend(), [](const QString &s) { return s.startsWith(QLatin1String("last=")); });
        QVERIFY2(lastIt != stored.cend(), "the line printed on SIGTERM is stored");
        const int lastN = lastIt->mid(5).toInt();
        const QList<int> n = numbers(stored);
        QVERIFY(!n.isEmpty());
        // The final line before the signal is there (the shell may have counted one more before it echoed)...
        QVERIFY2(lastN - n.last() == 0 || lastN - n.last() == 1, qPrintable(QStringLiteral("%1 vs %2").arg(n.last()).arg(lastN)));
        QVERIFY(isRange(n, n.first(), n.last())); // ...and every one before it (within this tail)
        QVERIFY(streamed.contains(*lastIt));
        QCOMPARE(numbers(streamed).last(), n.last());
    }

    void logsSurviveKillNine()
    {
        submit(QStringLiteral("survivor"),
               QStringLiteral("i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo n$i; sleep 0.01; done"));
        SseClient sse;
        QVERIFY(waitLog(*m_http, QStringLiteral("survivor"), QStringLiteral("n20"), 30000));
        QVERIFY(sse.open(m_seedd->url(), logsPath(QStringLiteral("survivor"), QStringLiteral("stream=true&tail=10000")), auth()));
        QVERIFY(sse.waitFor([&] { return messages(sse.events).contains(QStringLiteral("n30")); }, 20000));
        const QStringList before = rt::logLines(*m_http, QStringLiteral("survivor"));
        m_seedd->kill9();
        qint64 last = -1;
        QList<SseEvent> got = sse.events;
        for (const SseEvent &e : std::as_const(got))
            if (e.id >= 0)
                last = e.id;
        QTest::qWait(1500);
        QVERIFY(m_seedd->start(kArgs));
        *m_http = TestHttp(m_seedd->url(), auth());
        // What was served before the kill is still there, in the same order with the same ids.
        const QStringList afterRestart = rt::logLines(*m_http, QStringLiteral("survivor"));
        QVERIFY(afterRestart.size() >= before.size());
        QCOMPARE(afterRestart.mid(0, before.size()), before);
        // The stream resumes where it was cut, across the restart, and reaches the end.
        SseClient again;
        QVERIFY(again.open(m_seedd->url(), logsPath(QStringLiteral("survivor"), QStringLiteral("stream=true")), auth(), last));
        QVERIFY(again.waitEnd(60000));
        got += again.events;
        QVERIFY(isRange(numbers(messages(got)), 1, 400));
        QCOMPARE(got.last().json().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY(isRange(numbers(rt::logLines(*m_http, QStringLiteral("survivor"))), 1, 400));
    }

    void longLinesAndBinary()
    {
        submit(QStringLiteral("garbage"),
               QStringLiteral("printf '%0100000d\\n' 0; head -c 3000 /dev/urandom; printf '\\nbell\\a here\\n'; echo after"));
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("garbage"), 60000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        const QStringList l = rt::logLines(*m_http, QStringLiteral("garbage"));
        QVERIFY(l.contains(QStringLiteral("after")));
        QVERIFY(l.contains(QStringLiteral("bell\\x07 here")));
        // The 100000-character line: split into lines of at most 16384 characters that add up to it.
        QString zeros;
        int parts = 0;
        for (const QString &s : l)
            if (!s.isEmpty() && s.count(u'0') == s.size() && s.size() > 1000) {
                QVERIFY(s.size() <= 16384);
                zeros += s;
                ++parts;
            }
        QCOMPARE(zeros.size(), 100000);
        QVERIFY(parts >= 7);
        for (const QString &s : l)
            for (QChar c : s)
                QVERIFY(c.unicode() >= 0x20 || c == u'\t' || c.unicode() == 0x1b);
    }

    void boundedPerJobSaysLinesDropped()
    {
        SeeddProcess seedd;
        QTemporaryFile conf;
        QVERIFY(conf.open());
        conf.write(R"({"logs": {"max_mb_per_job": 1}})");
        conf.flush();
        QVERIFY(seedd.start(kArgs + QStringList{QStringLiteral("--config"), conf.fileName()}));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("flood"), QStringLiteral("i=0; while [ $i -lt 40000 ]; do i=$((i+1)); echo n$i-0123456789012345678901234567890123456789; done"),
                                PodmanSandbox::image())).status,
                 201);
        QCOMPARE(waitTerminal(http, QStringLiteral("flood"), 120000).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QJsonObject page = http.get(QStringLiteral("/%1/job/flood/logs?tail=10").arg(ns())).json();
        const qint64 dropped = qint64(page.value(QStringLiteral("lines_dropped")).toDouble());
        QVERIFY2(dropped > 10000, qPrintable(QString::number(dropped)));
        QVERIFY(page.value(QStringLiteral("lines")).toArray().last().toObject().value(QStringLiteral("message")).toString().startsWith(QLatin1String("[seed] Job succeeded")));
        QCOMPARE(QFileInfo(seedd.dataDir() + QStringLiteral("/logs")).isDir(), true);
        qint64 bytes = 0;
        for (const QFileInfo &fi : QDir(seedd.dataDir() + QStringLiteral("/logs")).entryInfoList(QDir::Files))
            bytes += fi.size();
        QVERIFY2(bytes <= 1024 * 1024 + 64 * 1024, qPrintable(QString::number(bytes)));
        // A stream resuming before the kept lines is told how many it missed, then gets the rest in order.
        SseClient sse;
        QVERIFY(sse.open(seedd.url(), QStringLiteral("/%1/job/flood/logs?stream=true").arg(ns()), TestHttp::bearer(seedd.localToken()), 0));
        QVERIFY(sse.waitEnd(60000));
        QCOMPARE(sse.events.first().type, QByteArray("dropped"));
        QCOMPARE(qint64(sse.events.first().json().value(QStringLiteral("lines_dropped")).toDouble()), dropped);
        QCOMPARE(sse.events.at(1).id, dropped + 1);
        QVERIFY(seedd.stop());
    }
};

QTEST_GUILESS_MAIN(TestLogsStream)
#include "tst_logs_stream.moc"
