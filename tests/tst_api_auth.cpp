// The auth matrix: every endpoint x {no credential, bad credential, other namespace, read-only, good};
// API keys; rate limiting; secrets stored only as hashes and never logged.
#include "apiassert.h"
#include "seeddprocess.h"
#include "streaming/sseclient.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryFile>

using namespace apiassert;

struct Endpoint
{
    const char *tag;
    QByteArray verb;
    QString path; // %1 = job name
    bool write;
    int okStatus;
};

class TestApiAuth : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd;
    QString m_rw, m_ro, m_other, m_multi, m_key, m_roKey, m_revoked, m_revokedKey, m_expired;
    int m_n = 0;

    QList<Endpoint> endpoints() const
    {
        return {
            {"list", "GET", QStringLiteral("/acme/jobs"), false, 200},
            {"get", "GET", QStringLiteral("/acme/job/%1"), false, 200},
            {"logs", "GET", QStringLiteral("/acme/job/%1/logs"), false, 200},
            {"analytics", "GET", QStringLiteral("/acme/job/%1/analytics"), false, 200},
            {"create", "POST", QStringLiteral("/auth/v1/seed/acme/jobs"), true, 201},
            {"cancel", "POST", QStringLiteral("/auth/v1/seed/acme/jobs/%1/cancel"), true, 200},
            {"delete", "DELETE", QStringLiteral("/auth/v1/seed/acme/jobs/%1"), true, 204},
        };
    }

    // A fresh job in the state each endpoint needs to succeed: queued for cancel, cancelled for delete.
    QString prepareJob(const Endpoint &e)
    {
        const QString name = QStringLiteral("auth-%1").arg(++m_n);
        TestHttp admin(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));
        const HttpResult c = admin.post(QStringLiteral("/auth/v1/seed/acme/jobs"), jobBody(name));
        if (c.status != 201)
            qFatal("setup failed: %s", c.body.constData());
        if (QByteArray(e.tag) == "delete")
            admin.post(QStringLiteral("/auth/v1/seed/acme/jobs/%1/cancel").arg(name), {});
        return name;
    }
    static QJsonObject jobBody(const QString &name)
    {
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("command"), QStringLiteral("true")},
                           {QStringLiteral("image"), QStringLiteral("localhost/seed-busybox:test")},
                           {QStringLiteral("gpu"), QStringLiteral("none")},
                           {QStringLiteral("cpu"), 2},
                           {QStringLiteral("memory_gb"), 1}};
    }
    SeeddProcess::Run cli(const QStringList &args) const
    {
        return SeeddProcess::run(args + QStringList{QStringLiteral("--data-dir"), m_seedd.dataDir()});
    }

    HttpResult call(const Endpoint &e, const QByteArray &auth, const QString &job)
    {
        TestHttp h(m_seedd.url(), auth);
        const QString path = e.path.contains(QLatin1String("%1")) ? e.path.arg(job) : e.path;
        const QByteArray body = QByteArray(e.tag) == "create"
                                    ? QJsonDocument(jobBody(QStringLiteral("created-%1").arg(++m_n))).toJson()
                                    : QByteArray();
        return h.request(e.verb, path, body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--access-log")}));
        m_rw = m_seedd.createToken({QStringLiteral("acme")});
        m_ro = m_seedd.createToken({QStringLiteral("acme")}, true);
        m_other = m_seedd.createToken({QStringLiteral("globex")});
        m_multi = m_seedd.createToken({QStringLiteral("globex"), QStringLiteral("acme")});
        m_key = m_seedd.createApiKey(QStringLiteral("ci-bot"), {QStringLiteral("acme")});
        m_roKey = m_seedd.createApiKey(QStringLiteral("viewer"), {QStringLiteral("acme")}, true);
        // Credentials that worked once and no longer do: revoked (token, API key) and expired.
        m_revoked = m_seedd.createToken({QStringLiteral("acme")});
        m_revokedKey = m_seedd.createApiKey(QStringLiteral("gone"), {QStringLiteral("acme")});
        const auto expiring = cli({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--namespace"),
                                   QStringLiteral("acme"), QStringLiteral("--expires"), QStringLiteral("1s")});
        QCOMPARE(expiring.exitCode, 0);
        m_expired = QString::fromLatin1(expiring.out.trimmed());
        for (const QString &c : {m_rw, m_ro, m_other, m_multi, m_key, m_roKey, m_revoked, m_revokedKey, m_expired})
            QVERIFY(!c.isEmpty());
        TestHttp revoked(m_seedd.url(), TestHttp::bearer(m_revoked)), revokedKey(m_seedd.url(), TestHttp::apiKey(m_revokedKey));
        QCOMPARE(revoked.get(QStringLiteral("/acme/jobs")).status, 200);
        QCOMPARE(revokedKey.get(QStringLiteral("/acme/jobs")).status, 200);
        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("revoke"), m_revoked.left(16)}).exitCode, 0);
        QCOMPARE(cli({QStringLiteral("apikey"), QStringLiteral("revoke"), QStringLiteral("gone")}).exitCode, 0);
        TestHttp expired(m_seedd.url(), TestHttp::bearer(m_expired));
        QTRY_COMPARE_WITH_TIMEOUT(expired.get(QStringLiteral("/acme/jobs")).status, 401, 10000);
    }

    void matrix_data()
    {
        QTest::addColumn<int>("endpoint");
        QTest::addColumn<QByteArray>("auth");
        QTest::addColumn<int>("expected"); // 0 = the endpoint's success status
        QTest::addColumn<QString>("code");
        const auto eps = endpoints();
        for (int i = 0; i < eps.size(); ++i) {
            const Endpoint &e = eps[i];
            const auto row = [&](const char *who, const QByteArray &auth, int status, const char *code) {
                QTest::addRow("%s/%s", e.tag, who) << i << auth << status << QString::fromLatin1(code);
            };
            row("none", QByteArray(), 401, "unauthorized");
            row("bearer garbage", "Bearer nonsense", 401, "unauthorized");
            row("bearer unknown id", "Bearer sdt_000000000000_00", 401, "unauthorized");
            QString wrong = m_rw;
            wrong.back() = wrong.back() == u'0' ? u'1' : u'0';
            row("bearer wrong secret", TestHttp::bearer(wrong), 401, "unauthorized");
            row("basic scheme", "Basic dXNlcjpwYXNz", 401, "unauthorized");
            row("apikey wrong secret", TestHttp::apiKey(QStringLiteral("ci-bot$sk_wrong")), 401, "unauthorized");
            row("apikey unknown", TestHttp::apiKey(QStringLiteral("nobody$sk_x")), 401, "unauthorized");
            row("apikey as bearer", TestHttp::bearer(m_key), 401, "unauthorized");
            row("other namespace", TestHttp::bearer(m_other), 403, "forbidden");
            row("read-only token", TestHttp::bearer(m_ro), e.write ? 403 : 0, e.write ? "forbidden" : "");
            row("read-only apikey", TestHttp::apiKey(m_roKey), e.write ? 403 : 0, e.write ? "forbidden" : "");
            row("revoked token", TestHttp::bearer(m_revoked), 401, "unauthorized");
            row("revoked apikey", TestHttp::apiKey(m_revokedKey), 401, "unauthorized");
            row("expired token", TestHttp::bearer(m_expired), 401, "unauthorized");
            row("good token", TestHttp::bearer(m_rw), 0, "");
            row("good multi-namespace token", TestHttp::bearer(m_multi), 0, "");
            row("good apikey", TestHttp::apiKey(m_key), 0, "");
        }
    }

    void matrix()
    {
        QFETCH(int, endpoint);
        QFETCH(QByteArray, auth);
        QFETCH(int, expected);
        QFETCH(QString, code);
        const Endpoint e = endpoints().at(endpoint);
        const QString job = prepareJob(e);
        const HttpResult r = call(e, auth, job);
        if (expected == 0) {
            QVERIFY2(r.status == e.okStatus, r.body.constData());
            return;
        }
        const QString d = envelopeDiff(r, expected, code);
        QVERIFY2(d.isEmpty(), qPrintable(d));
        if (expected == 401)
            QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        // A refused write changed nothing.
        TestHttp admin(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));
        const HttpResult after = admin.get(QStringLiteral("/acme/job/") + job);
        QCOMPARE(after.status, 200);
        QCOMPARE(after.json().value(QStringLiteral("status")).toString(),
                 QString::fromLatin1(QByteArray(e.tag) == "delete" ? "cancelled" : "queued"));
    }

    void secretsAreHashedAndNeverLogged()
    {
        const QString tokenSecret = m_rw.mid(m_rw.lastIndexOf(u'_') + 1);
        const QString keySecret = m_key.mid(m_key.indexOf(u'$') + 1);
        QVERIFY(tokenSecret.size() >= 32);
        QDirIterator it(m_seedd.dataDir(), QDir::Files);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(QLatin1String("connection.json")))
                continue; // holds the local token by design (mode 0600)
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains(tokenSecret.toLatin1()), qPrintable(path));
            QVERIFY2(!bytes.contains(keySecret.toLatin1()), qPrintable(path));
        }
        // The access log (on in this suite) saw every request above but no credential.
        const QByteArray log = m_seedd.output();
        QVERIFY(log.contains("GET /acme/jobs"));
        QVERIFY(!log.contains(tokenSecret.toLatin1()));
        QVERIFY(!log.contains(keySecret.toLatin1()));
        QVERIFY(!log.contains("Authorization"));
    }

    // A stream opened before the revocation does not outlive it: seedd closes it within a tick (5 s here), and
    // the client's reconnect gets 401.
    void revocationClosesOpenStreams()
    {
        const QString token = m_seedd.createToken({QStringLiteral("acme")});
        SseClient stream;
        QVERIFY(stream.open(m_seedd.url(), QStringLiteral("/acme/events"), TestHttp::bearer(token)));
        QVERIFY(stream.waitFor([&stream] { return stream.status != 0; }, 10000));
        QCOMPARE(stream.status, 200);
        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("revoke"), token.left(16)}).exitCode, 0);
        QVERIFY(stream.waitClosed(12000));
        SseClient again;
        QVERIFY(again.open(m_seedd.url(), QStringLiteral("/acme/events"), TestHttp::bearer(token)));
        QVERIFY(again.waitClosed(10000));
        QCOMPARE(again.status, 401);
    }

    void rateLimit()
    {
        QTemporaryFile config;
        QVERIFY(config.open());
        config.write(R"({"rate_limit": {"per_second": 2, "burst": 5}})");
        config.flush();
        SeeddProcess limited;
        QVERIFY(limited.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--config"), config.fileName()}));
        const QString a = limited.createToken({QStringLiteral("acme")});
        const QString b = limited.createToken({QStringLiteral("acme")});
        TestHttp ha(limited.url(), TestHttp::bearer(a)), hb(limited.url(), TestHttp::bearer(b));
        int ok = 0;
        HttpResult refused;
        for (int i = 0; i < 12; ++i) {
            const HttpResult r = ha.get(QStringLiteral("/acme/jobs"));
            if (r.status == 200)
                ++ok;
            else if (refused.status == 0)
                refused = r;
        }
        // The burst passes, then the bucket is empty (12 requests take far less than the 3.5 s refill).
        QVERIFY2(ok >= 5 && ok < 12, qPrintable(QString::number(ok)));
        EXPECT_ENVELOPE(refused, 429, "rate_limit_exceeded");
        QVERIFY(refused.header("Retry-After").toInt() >= 1);
        // Buckets are per credential.
        QCOMPARE(hb.get(QStringLiteral("/acme/jobs")).status, 200);
        // And they refill.
        QTest::qWait(1100);
        QCOMPARE(ha.get(QStringLiteral("/acme/jobs")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_api_auth.moc"
