// GET /metrics: who may scrape it, what it reports about a real running container job on simulated GPUs, and that
// Prometheus' own checker (promtool) accepts the text.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"
#include "server/metrics.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

namespace {
// The value of one sample line whose name and labels start with `prefix` (e.g. `seed_jobs{namespace="rt",status="running"}`).
std::optional<double> sampleValue(const QByteArray &text, const QByteArray &prefix)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(prefix) && !line.startsWith('#')) {
            bool ok = false;
            const double v = line.mid(line.lastIndexOf(' ') + 1).toDouble(&ok);
            if (ok)
                return v;
        }
    return std::nullopt;
}

QString promtool()
{
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (!onPath.isEmpty())
        return onPath;
    // .ci/install-deps unpacks it from Debian's prometheus package without installing the server.
    const QString cached = QStringLiteral("/var/cache/seed-tools/promtool");
    return QFile::exists(cached) ? cached : QString();
}
} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error)) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL(qPrintable(QStringLiteral("Podman sandbox unavailable in CI: ") + error));
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        }
    }

    // Label values come from jobs and GPU drivers: quotes, backslashes and line feeds never break the format.
    void labelValuesAreEscaped()
    {
        QCOMPARE(seed::server::PrometheusText::escapeLabelValue(QStringLiteral("a\"b\\c\nd")), QByteArray("a\\\"b\\\\c\\nd"));
        seed::server::PrometheusText t;
        t.family("x", "gauge", "help");
        t.sample("x", {{QStringLiteral("model"), QStringLiteral("GPU \"X\"\n# TYPE evil counter")}}, 1);
        QCOMPARE(t.text(), QByteArray("# HELP x help\n# TYPE x gauge\nx{model=\"GPU \\\"X\\\"\\n# TYPE evil counter\"} 1\n"));
    }

    void scrapeOfARunningGpuJob()
    {
        SeeddProcess seedd;
        const QString kind = QStringLiteral("seed.local/gpu-m%1").arg(QCoreApplication::applicationPid());
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("simulate=L4:2"), QStringLiteral("--cdi-kind"), kind,
                             QStringLiteral("--cancel-grace"), QStringLiteral("1")}));

        // Who may scrape: nobody without credentials, not a credential of one namespace, the local token ("*").
        QCOMPARE(TestHttp(seedd.url()).get(QStringLiteral("/metrics")).status, 401);
        const QString acmeOnly = seedd.createToken({QStringLiteral("acme")});
        QVERIFY(!acmeOnly.isEmpty());
        const HttpResult refused = TestHttp(seedd.url(), TestHttp::bearer(acmeOnly)).get(QStringLiteral("/metrics"));
        QCOMPARE(refused.status, 403);
        QVERIFY2(refused.body.contains("every namespace"), refused.body.constData());

        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("metered"), QStringLiteral("echo metered-line; sleep 60"), PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), QStringLiteral("L4"));
        s.insert(QStringLiteral("gpu_count"), 1);
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s).status, 201);
        QVERIFY(waitStatus(http, QStringLiteral("metered"), {QStringLiteral("running")}).value(QStringLiteral("status")) == QLatin1String("running"));
        QVERIFY(waitLog(http, QStringLiteral("metered"), QStringLiteral("metered-line")));

        const HttpResult r = http.get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type").constData());
        const QByteArray m = r.body;
        const QByteArray running = "seed_jobs{namespace=\"" + ns().toUtf8() + "\",status=\"running\"}";
        QCOMPARE(sampleValue(m, running).value_or(-1), 1.0);
        QCOMPARE(sampleValue(m, "seed_jobs{namespace=\"" + ns().toUtf8() + "\",status=\"queued\"}").value_or(-1), 0.0);
        QCOMPARE(sampleValue(m, "seed_queue_depth").value_or(-1), 0.0);
        QVERIFY2(sampleValue(m, "seed_log_bytes_written_total").value_or(0) > 0, m.constData());
        // One of the two simulated GPUs is held, and says it is simulated.
        const double inUse = sampleValue(m, "seed_gpu_in_use{index=\"0\"").value_or(-1) + sampleValue(m, "seed_gpu_in_use{index=\"1\"").value_or(-1);
        QCOMPARE(inUse, 1.0);
        QVERIFY2(QRegularExpression(QStringLiteral("seed_gpu_in_use\\{index=\"0\",uuid=\"[^\"]+\",model=\"[^\"]+\",simulated=\"true\"\\}"))
                     .match(QString::fromUtf8(m)).hasMatch(),
                 m.constData());
        const double requests = sampleValue(m, "seed_http_request_duration_seconds_count").value_or(-1);
        QVERIFY2(requests >= 4, m.constData());
        QVERIFY(sampleValue(http.get(QStringLiteral("/metrics")).body, "seed_http_request_duration_seconds_count").value_or(-1) > requests);

        // Prometheus' own checker accepts it (a linter's complaints, e.g. a missing _total, fail too).
        const QString tool = promtool();
        if (tool.isEmpty()) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("CI=true requires promtool (.ci/install-deps unpacks it)");
        } else {
            QProcess check;
            check.start(tool, {QStringLiteral("check"), QStringLiteral("metrics")});
            QVERIFY(check.waitForStarted());
            check.write(m);
            check.closeWriteChannel();
            QVERIFY(check.waitForFinished(30000));
            QVERIFY2(check.exitCode() == 0, (check.readAllStandardOutput() + check.readAllStandardError()).constData());
        }

        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs/metered/cancel").arg(ns()), {}).status, 200);
        waitTerminal(http, QStringLiteral("metered"), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.namespace=") + ns()).isEmpty(), 30000);
        QVERIFY(seedd.stop());
    }

    // metrics.public_on_loopback: a scrape without credentials, only on loopback; the extension switch removes it.
    void publicOnLoopbackAndSwitchedOff()
    {
        QTemporaryDir dir;
        const QString open = dir.filePath(QStringLiteral("open.json"));
        QFile f(open);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"metrics": {"public_on_loopback": true}})");
        f.close();
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--config"), open}));
        const HttpResult r = TestHttp(seedd.url()).get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("# TYPE seed_http_request_duration_seconds histogram"));
        QVERIFY(seedd.stop());

        const QString off = dir.filePath(QStringLiteral("off.json"));
        QFile g(off);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write(R"({"extensions": {"metrics": false}})");
        g.close();
        SeeddProcess plain;
        QVERIFY(plain.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--config"), off}));
        QCOMPARE(TestHttp(plain.url(), TestHttp::bearer(plain.localToken())).get(QStringLiteral("/metrics")).status, 404);
        QVERIFY(plain.stop());
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
