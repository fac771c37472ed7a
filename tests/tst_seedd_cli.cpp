// seedd's command line and process behaviour: help, version, credentials, the connection file, one daemon
// per data dir, TLS, and idle keep-alive connections closed.
#include "apiassert.h"
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTimer>
#include <QUuid>

#include <sys/stat.h>

// Every entry under `root` (root included) that seedd made and that is not exactly 0600 (file) or 0700
// (directory). What a job wrote (its workspace, its artifacts' files) keeps the modes the job gave it: it is
// checked only through the 0700 directories above it.
static QStringList modeProblems(const QString &root)
{
    QStringList bad;
    const auto check = [&bad, &root](const QString &path) {
        struct stat st = {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            return; // gone meanwhile
        const mode_t mode = st.st_mode & 07777;
        const QString rel = path.mid(root.size());
        static const QRegularExpression jobContent(QStringLiteral("^/(artifacts/[^/]+/files(/|\\z)|work/[^/]+/workspace/)"));
        if (jobContent.match(rel).hasMatch() || S_ISLNK(st.st_mode))
            return;
        const mode_t want = S_ISDIR(st.st_mode) ? 0700 : 0600;
        if (mode != want)
            bad << QStringLiteral("%1 %2").arg(rel.isEmpty() ? QStringLiteral(".") : rel).arg(mode, 4, 8, QChar(u'0'));
    };
    check(root);
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        check(it.next());
    return bad;
}

static QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

static bool writeExecutable(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return false;
    f.close();
    return QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

class TestSeeddCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The usual umask of a login shell: what seedd makes must not depend on it.
        ::umask(022);
    }

    void helpAndVersion()
    {
        auto r = SeeddProcess::run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("seedd serve"));
        QVERIFY(r.out.contains("token create"));
        r = SeeddProcess::run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QByteArray("seedd " SEED_VERSION));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTemporaryDir d;
        QTest::newRow("no command") << QStringList{} << QByteArray("missing command");
        QTest::newRow("unknown") << QStringList{QStringLiteral("frobnicate")} << QByteArray("unknown command");
        QTest::newRow("bad option") << QStringList{QStringLiteral("serve"), QStringLiteral("--nope")} << QByteArray("nope");
        QTest::newRow("token no ns") << QStringList{QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), QStringLiteral("/tmp/x")}
                                     << QByteArray("--namespace");
        QTest::newRow("token no dir") << QStringList{QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--namespace"), QStringLiteral("a")}
                                      << QByteArray("--data-dir");
        QTest::newRow("bad listen") << QStringList{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("nowhere")}
                                    << QByteArray("--listen");
        QTest::newRow("default image a path") << QStringList{QStringLiteral("serve"), QStringLiteral("--default-image"), QStringLiteral("dir:/")}
                                              << QByteArray("default_image 'dir:/' is not a registry image reference");
        QTest::newRow("cert without key") << QStringList{QStringLiteral("serve"), QStringLiteral("--tls-cert"), QStringLiteral("c.pem")}
                                          << QByteArray("--tls-key");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const auto r = SeeddProcess::run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void badConfigFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("message");
        // Each of these started silently before (QA pass): a string for a number, negative prices and capacity.
        QTest::newRow("grace string") << QByteArray(R"({"runtime":{"cancel_grace_seconds":"x"}})")
                                      << QByteArray("runtime.cancel_grace_seconds must be an integer >= 0");
        QTest::newRow("rate string") << QByteArray(R"({"rate_limit":{"per_second":"abc"}})")
                                     << QByteArray("rate_limit.per_second must be a number >= 0");
        QTest::newRow("negative price") << QByteArray(R"({"prices":{"gpu_per_hour":{"L4":-1}}})")
                                        << QByteArray("prices.gpu_per_hour.L4 must be a number >= 0");
        QTest::newRow("negative cpus") << QByteArray(R"({"runtime":{"capacity":{"cpus":-4}}})")
                                       << QByteArray("runtime.capacity.cpus must be an integer >= 1");
        QTest::newRow("log cap 0") << QByteArray(R"({"logs":{"max_mb_per_job":0}})")
                                   << QByteArray("logs.max_mb_per_job must be a number >= 1");
        QTest::newRow("section not object") << QByteArray(R"({"streams": 5})") << QByteArray("streams must be an object");
        QTest::newRow("bool as string") << QByteArray(R"({"contract_only": "yes"})")
                                        << QByteArray("contract_only must be true or false");
        // Podman would open the host path of a transport as root: the default image obeys the jobs' image rule.
        QTest::newRow("default image transport") << QByteArray(R"({"runtime":{"default_image":"oci-archive:/etc/passwd"}})")
                                                 << QByteArray("default_image 'oci-archive:/etc/passwd' is not a registry image reference");
        // The price of electricity: a number >= 0 with an ISO 4217 currency, both or neither.
        QTest::newRow("electricity price string")
            << QByteArray(R"({"electricity":{"price_per_kwh":"0.3","currency":"EUR"}})")
            << QByteArray("electricity.price_per_kwh must be a number >= 0");
        QTest::newRow("electricity negative")
            << QByteArray(R"({"electricity":{"price_per_kwh":-0.3,"currency":"EUR"}})")
            << QByteArray("electricity.price_per_kwh must be a number >= 0");
        QTest::newRow("electricity no currency") << QByteArray(R"({"electricity":{"price_per_kwh":0.3}})")
                                                 << QByteArray("electricity needs both price_per_kwh and currency");
        QTest::newRow("electricity bad currency")
            << QByteArray(R"({"electricity":{"price_per_kwh":0.3,"currency":"euro"}})")
            << QByteArray("electricity.currency must be an ISO 4217 code");
        QTest::newRow("electricity not object")
            << QByteArray(R"({"electricity":0.3})") << QByteArray("electricity must be an object");
    }
    void badConfigFilesAreRefused()
    {
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, message);
        QTemporaryDir d;
        QFile f(d.filePath(QStringLiteral("seedd.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(config);
        f.close();
        const auto r = SeeddProcess::run({QStringLiteral("serve"), QStringLiteral("--config"), f.fileName(),
                                          QStringLiteral("--data-dir"), d.filePath(QStringLiteral("data")),
                                          QStringLiteral("--runner"), QStringLiteral("none")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }

    void unknownConfigKeysAreNamedNotFatal()
    {
        QTemporaryDir d;
        QFile f(d.filePath(QStringLiteral("seedd.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"runtme": {}, "logs": {"max_mb_per_jb": 5}, "idle_timeout_seconds": 30})");
        f.close();
        SeeddProcess s;
        QVERIFY(s.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--config"), f.fileName()}));
        QTRY_VERIFY(s.output().contains("unknown key 'runtme' (ignored)"));
        QVERIFY2(s.output().contains("unknown key 'logs.max_mb_per_jb' (ignored)"), s.output().constData());
        QVERIFY(s.stop());
    }

    void credentialsPrintAloneAndValidate()
    {
        QTemporaryDir d;
        auto r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), d.path(),
                                    QStringLiteral("--namespace"), QStringLiteral("acme")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(apiassert::matches(QStringLiteral("sdt_[0-9a-f]{12}_[0-9a-f]{48}\n"), QString::fromLatin1(r.out)));
        r = SeeddProcess::run({QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--data-dir"), d.path(),
                               QStringLiteral("--namespace"), QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("my-key")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(apiassert::matches(QStringLiteral("my-key\\$sk_[0-9a-f]{40}\n"), QString::fromLatin1(r.out)));
        // A second key of the same name, a bad name, a bad namespace: clear messages, exit 2.
        for (const QStringList &extra : {QStringList{QStringLiteral("--name"), QStringLiteral("my-key")},
                                         QStringList{QStringLiteral("--name"), QStringLiteral("bad$name")},
                                         QStringList{QStringLiteral("--name"), QStringLiteral("key\n")}}) {
            r = SeeddProcess::run(QStringList{QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--data-dir"),
                                              d.path(), QStringLiteral("--namespace"), QStringLiteral("acme")} + extra);
            QCOMPARE(r.exitCode, 2);
            QVERIFY(!r.err.isEmpty());
        }
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), d.path(),
                               QStringLiteral("--namespace"), QStringLiteral("a/b")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("Invalid namespace"));
    }

    void ownerOnlyFromTheFirstCommand()
    {
        // `token create` on a data dir that does not exist yet: the dir, the database and its -wal/-shm.
        QTemporaryDir d;
        const QString data = d.filePath(QStringLiteral("data"));
        const auto r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), data,
                                          QStringLiteral("--namespace"), QStringLiteral("acme")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(data + QStringLiteral("/seed.db")));
        const QStringList bad = modeProblems(data);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral(", "))));
    }

    void aJobLeavesNoSecretNoOpenFileAndGitIgnoresTheHostConfig()
    {
        PodmanSandbox box;
        QString error;
        if (!box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        // The forge jobs clone from, and a second one with a repo of the same name that must never be used.
        QTemporaryDir forge, elsewhere;
        QVERIFY(!PodmanSandbox::makeGitRepo(forge.path(), QStringLiteral("rt/proj"), {{QStringLiteral("data.txt"), "repo-data-42\n"}})
                     .isEmpty());
        QVERIFY(!PodmanSandbox::makeGitRepo(elsewhere.path(), QStringLiteral("rt/proj"), {{QStringLiteral("data.txt"), "hijacked\n"}})
                     .isEmpty());

        // A hostile git set-up in seedd's own environment: a global config with hooks and a URL rewrite, the
        // same hooks through GIT_CONFIG_* variables, and a secret. The git that seedd runs must see none of it.
        QTemporaryDir home;
        const QString hooks = home.filePath(QStringLiteral("hooks"));
        const QString marker = home.filePath(QStringLiteral("hook-ran"));
        QVERIFY(QDir().mkpath(hooks));
        for (const char *hook : {"post-checkout", "reference-transaction", "post-merge", "pre-auto-gc"})
            QVERIFY(writeExecutable(hooks + u'/' + QLatin1String(hook),
                                    "#!/bin/sh\necho \"$0\" >> '" + QFile::encodeName(marker) + "'\nenv >> '" +
                                        QFile::encodeName(marker) + "'\n"));
        QFile config(home.filePath(QStringLiteral(".gitconfig")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[core]\n\thooksPath = " + QFile::encodeName(hooks) + "\n[url \"file://" +
                     QFile::encodeName(elsewhere.path()) + "/\"]\n\tinsteadOf = file://" + QFile::encodeName(forge.path()) +
                     "/\n");
        config.close();
        const QList<QByteArray> vars{"HOME", "GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "SEED_TEST_SECRET"};
        QHash<QByteArray, QByteArray> saved;
        for (const QByteArray &v : vars)
            if (qEnvironmentVariableIsSet(v.constData()))
                saved.insert(v, qgetenv(v.constData()));
        qputenv("HOME", QFile::encodeName(home.path()));
        qputenv("GIT_CONFIG_COUNT", "1");
        qputenv("GIT_CONFIG_KEY_0", "core.hooksPath");
        qputenv("GIT_CONFIG_VALUE_0", QFile::encodeName(hooks));
        qputenv("SEED_TEST_SECRET", "do-not-pass");
        SeeddProcess s;
        const bool started = s.start({QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                                      QStringLiteral("cpus=64,memory_gb=256"), QStringLiteral("--git-base"),
                                      QStringLiteral("file://") + forge.path()});
        for (const QByteArray &v : vars) {
            if (saved.contains(v))
                qputenv(v.constData(), saved.value(v));
            else
                qunsetenv(v.constData());
        }
        QVERIFY(started);
        TestHttp http(s.url(), TestHttp::bearer(s.localToken()));

        // A job with a secret in its env and artifacts; a repo job.
        const QByteArray secret = "seed-secret-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
        QJsonObject withSecret = rt::spec(QStringLiteral("with-secret"),
                                          QStringLiteral("mkdir -p /workspace/out && echo x > /workspace/out/f && echo done"),
                                          PodmanSandbox::image());
        withSecret.insert(QStringLiteral("env"), QJsonObject{{QStringLiteral("API_TOKEN"), QString::fromLatin1(secret)}});
        withSecret.insert(QStringLiteral("output_path"), QStringLiteral("/workspace/out"));
        QJsonObject fromRepo = rt::spec(QStringLiteral("from-repo"), QStringLiteral("cat data.txt"), PodmanSandbox::image());
        fromRepo.insert(QStringLiteral("repo"), QStringLiteral("rt/proj"));
        for (const QJsonObject &job : {withSecret, fromRepo}) {
            const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/rt/jobs"), job);
            QVERIFY2(r.status == 201, r.body.constData());
        }
        for (const QString &name : {QStringLiteral("with-secret"), QStringLiteral("from-repo")}) {
            const QJsonObject j = rt::waitTerminal(http, name, 60000);
            QVERIFY2(j.value(QStringLiteral("status")).toString() == QLatin1String("succeeded"),
                     qPrintable(name + QLatin1String(": ") + QString::fromUtf8(QJsonDocument(j).toJson())));
        }
        const QStringList lines = rt::logLines(http, QStringLiteral("from-repo"));
        QVERIFY2(lines.contains(QStringLiteral("repo-data-42")), qPrintable(lines.join(u'\n')));
        QVERIFY2(!QFile::exists(marker), readAll(marker).left(2000).constData());

        // Nothing under the data dir is open to other users, while serving...
        QStringList bad = modeProblems(s.dataDir());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral(", "))));
        // ...and the ended job's env value is gone from the database, its name kept (the WAL included).
        const QString db = s.dataDir() + QStringLiteral("/seed.db");
        QByteArray bytes = readAll(db) + readAll(db + QStringLiteral("-wal"));
        QVERIFY(bytes.contains("API_TOKEN"));
        QVERIFY(!bytes.contains(secret));
        QVERIFY(s.stop());
        bytes = readAll(db) + readAll(db + QStringLiteral("-wal"));
        QVERIFY(!bytes.contains(secret));
        bad = modeProblems(s.dataDir());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral(", "))));
    }

    // list shows what identifies a credential but never its secret; revoke reaches a running seedd at once.
    void listAndRevokeWhileServing()
    {
        SeeddProcess s;
        QVERIFY(s.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString dir = s.dataDir();
        const QString token = s.createToken({QStringLiteral("acme"), QStringLiteral("globex")}, true);
        const QString key = s.createApiKey(QStringLiteral("ci-bot"), {QStringLiteral("acme")});
        QVERIFY(!token.isEmpty() && !key.isEmpty());
        const QString id = token.mid(4, 12), tokenSecret = token.mid(17), keySecret = key.mid(key.indexOf(u'$') + 1);
        TestHttp ht(s.url(), TestHttp::bearer(token)), hk(s.url(), TestHttp::apiKey(key));
        QCOMPARE(ht.get(QStringLiteral("/acme/jobs")).status, 200);
        QCOMPARE(hk.get(QStringLiteral("/acme/jobs")).status, 200);

        auto r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("sdt_" + id.toLatin1()), r.out.constData());
        QVERIFY(r.out.contains("acme,globex"));
        QVERIFY(r.out.contains("read-only"));
        QVERIFY(r.out.contains("local")); // the desktop app's token is a token too
        QVERIFY(!r.out.contains("ci-bot")); // API keys are listed by `apikey list`
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
        QCOMPARE(r.exitCode, 0);
        QJsonObject mine;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array())
            if (v.toObject().value(QStringLiteral("id")).toString() == id)
                mine = v.toObject();
        QCOMPARE(mine.value(QStringLiteral("prefix")).toString(), QStringLiteral("sdt_") + id);
        QCOMPARE(mine.value(QStringLiteral("kind")).toString(), QStringLiteral("token"));
        QCOMPARE(mine.value(QStringLiteral("read_only")).toBool(), true);
        QCOMPARE(mine.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        QVERIFY(apiassert::matches(apiassert::kTimestamp, mine.value(QStringLiteral("created_at")).toString()));
        QVERIFY(mine.value(QStringLiteral("expires_at")).isNull());
        // The request above was the token's first use.
        QVERIFY(apiassert::matches(apiassert::kTimestamp, mine.value(QStringLiteral("last_used_at")).toString()));
        r = SeeddProcess::run({QStringLiteral("apikey"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("ci-bot$"), r.out.constData());
        QVERIFY(!r.out.contains("sdt_" + id.toLatin1()));
        // No secret in any listing, nor in seedd's output.
        for (const char *kind : {"token", "apikey"})
            for (const bool json : {false, true}) {
                QStringList args{QString::fromLatin1(kind), QStringLiteral("list"), QStringLiteral("--data-dir"), dir};
                if (json)
                    args << QStringLiteral("--json");
                r = SeeddProcess::run(args);
                QVERIFY(!r.out.contains(tokenSecret.toLatin1()) && !r.out.contains(keySecret.toLatin1()));
                QVERIFY(!r.out.contains(s.localToken().mid(17).toLatin1()));
            }

        // Revoked by the whole token (never echoed): the very next request is refused.
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("--data-dir"), dir, token});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Revoked token sdt_" + id.toLatin1()), r.out.constData());
        QVERIFY(!r.out.contains(tokenSecret.toLatin1()) && !r.err.contains(tokenSecret.toLatin1()));
        HttpResult refused = ht.get(QStringLiteral("/acme/jobs"));
        QVERIFY2(apiassert::envelopeDiff(refused, 401, QStringLiteral("unauthorized")).isEmpty(), refused.body.constData());
        QVERIFY(refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(
            QLatin1String("revoked")));
        QCOMPARE(refused.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(hk.get(QStringLiteral("/acme/jobs")).status, 200); // the API key still works
        r = SeeddProcess::run({QStringLiteral("apikey"), QStringLiteral("revoke"), QStringLiteral("--data-dir"), dir,
                               QStringLiteral("ci-bot")});
        QCOMPARE(r.exitCode, 0);
        refused = hk.get(QStringLiteral("/acme/jobs"));
        QVERIFY2(apiassert::envelopeDiff(refused, 401, QStringLiteral("unauthorized")).isEmpty(), refused.body.constData());
        // The local token is untouched.
        QCOMPARE(TestHttp(s.url(), TestHttp::bearer(s.localToken())).get(QStringLiteral("/acme/jobs")).status, 200);

        // Revoking again says so; unknown ones fail; list shows the state.
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("--data-dir"), dir,
                               QStringLiteral("sdt_") + id});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("already revoked"));
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("--data-dir"), dir,
                               QStringLiteral("sdt_000000000000")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no such token"));
        r = SeeddProcess::run({QStringLiteral("apikey"), QStringLiteral("revoke"), QStringLiteral("--data-dir"), dir,
                               QStringLiteral("sdt_") + id}); // a token is not an API key
        QCOMPARE(r.exitCode, 1);
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("--data-dir"), dir});
        QCOMPARE(r.exitCode, 2);
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array())
            if (v.toObject().value(QStringLiteral("id")).toString() == id) {
                QCOMPARE(v.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("revoked"));
                QVERIFY(apiassert::matches(apiassert::kTimestamp, v.toObject().value(QStringLiteral("revoked_at")).toString()));
            }
        // A mistyped data dir is an error, not an empty list.
        QTemporaryDir empty;
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--data-dir"), empty.filePath(QStringLiteral("nope"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!QFile::exists(empty.filePath(QStringLiteral("nope"))));
        QVERIFY(s.stop());
    }

    void expiringCredentials()
    {
        SeeddProcess s;
        QVERIFY(s.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString dir = s.dataDir();
        auto r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), dir,
                                    QStringLiteral("--namespace"), QStringLiteral("acme"), QStringLiteral("--expires"), QStringLiteral("3s")});
        QCOMPARE(r.exitCode, 0);
        const QString shortLived = QString::fromLatin1(r.out.trimmed());
        r = SeeddProcess::run({QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--data-dir"), dir,
                               QStringLiteral("--namespace"), QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("brief"),
                               QStringLiteral("--expires"), QStringLiteral("3s")});
        QCOMPARE(r.exitCode, 0);
        const QString shortKey = QString::fromLatin1(r.out.trimmed());
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data-dir"), dir,
                               QStringLiteral("--namespace"), QStringLiteral("acme"), QStringLiteral("--expires"),
                               QStringLiteral("2999-01-31T18:00:00+01:00")});
        QCOMPARE(r.exitCode, 0);
        const QString longLived = QString::fromLatin1(r.out.trimmed());
        TestHttp hs(s.url(), TestHttp::bearer(shortLived)), hk(s.url(), TestHttp::apiKey(shortKey)),
            hl(s.url(), TestHttp::bearer(longLived));
        QCOMPARE(hl.get(QStringLiteral("/acme/jobs")).status, 200);
        // Refused once the time has come (the CLI took part of the 3 s already: no 200 is asserted for them).
        QTRY_COMPARE_WITH_TIMEOUT(hs.get(QStringLiteral("/acme/jobs")).status, 401, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(hk.get(QStringLiteral("/acme/jobs")).status, 401, 15000);
        const HttpResult refused = hs.get(QStringLiteral("/acme/jobs"));
        QVERIFY2(apiassert::envelopeDiff(refused, 401, QStringLiteral("unauthorized")).isEmpty(), refused.body.constData());
        QVERIFY(refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(
            QLatin1String("expired")));
        QCOMPARE(hl.get(QStringLiteral("/acme/jobs")).status, 200);
        r = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
        QMap<QString, QJsonObject> byId;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array())
            byId.insert(v.toObject().value(QStringLiteral("id")).toString(), v.toObject());
        QCOMPARE(byId.value(shortLived.mid(4, 12)).value(QStringLiteral("state")).toString(), QStringLiteral("expired"));
        QCOMPARE(byId.value(longLived.mid(4, 12)).value(QStringLiteral("expires_at")).toString(), QStringLiteral("2999-01-31T17:00:00Z"));
        QCOMPARE(byId.value(longLived.mid(4, 12)).value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        QVERIFY(s.stop());
    }

    void badExpiresIsAUsageError_data()
    {
        QTest::addColumn<QString>("expires");
        for (const char *bad : {"tomorrow", "0s", "-5m", "12x", "30 d", "2020-01-01T00:00:00Z", "2999-01-01T00:00:00",
                                "2999-13-01T00:00:00Z", ""})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void badExpiresIsAUsageError()
    {
        QFETCH(QString, expires);
        QTemporaryDir d;
        for (const char *kind : {"token", "apikey"}) {
            QStringList args{QString::fromLatin1(kind), QStringLiteral("create"), QStringLiteral("--data-dir"), d.path(),
                             QStringLiteral("--namespace"), QStringLiteral("acme"), QStringLiteral("--expires"), expires};
            if (QByteArray(kind) == "apikey")
                args << QStringLiteral("--name") << QStringLiteral("k");
            const auto r = SeeddProcess::run(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("--expires"), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
        // Nothing was created.
        QVERIFY(!QFile::exists(d.filePath(QStringLiteral("seed.db"))));
    }

    void connectionFileAndSingleInstance()
    {
        SeeddProcess a;
        QVERIFY(a.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString conn = a.dataDir() + QStringLiteral("/connection.json");
        {
            QFile f(conn);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("simulated_gpus")),
                     QJsonValue(false)); // no runner, no GPUs at all
        }
        const auto perms = QFile::permissions(conn);
        QVERIFY(perms.testFlag(QFileDevice::ReadOwner));
        const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                  QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QVERIFY((perms & groupOrOther) == 0);
        // The local token it holds works on any namespace.
        TestHttp h(a.url(), TestHttp::bearer(a.localToken()));
        QCOMPARE(h.get(QStringLiteral("/anyone/jobs")).status, 200);
        // A second daemon on the same data dir refuses with a clear message and leaves the first alone.
        const auto second = SeeddProcess::run({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                               QStringLiteral("--data-dir"), a.dataDir()});
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("another seedd"), second.err.constData());
        QCOMPARE(h.get(QStringLiteral("/anyone/jobs")).status, 200);
        // A clean stop removes the connection file; the same token works after a restart.
        const QString token = a.localToken();
        QVERIFY(a.stop());
        QVERIFY(!QFile::exists(conn));
        QVERIFY(a.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        QCOMPARE(a.localToken(), token);
    }

    void publicAddressNeedsTls()
    {
        QTemporaryDir d;
        const auto r = SeeddProcess::run({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"),
                                          QStringLiteral("--data-dir"), d.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("without TLS"), r.err.constData());
    }

    void servesTls()
    {
        QTemporaryDir d;
        const QString cert = d.filePath(QStringLiteral("cert.pem")), key = d.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        SeeddProcess s;
        QVERIFY(s.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--tls-cert"), cert,
                         QStringLiteral("--tls-key"), key}));
        QVERIFY(s.url().startsWith(QLatin1String("https://127.0.0.1:")));
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(s.url() + QStringLiteral("/acme/jobs")));
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        QFile cf(cert);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        conf.setCaCertificates({QSslCertificate(&cf, QSsl::Pem)});
        req.setSslConfiguration(conf);
        req.setRawHeader("Authorization", TestHttp::bearer(s.localToken()));
        QNetworkReply *reply = nam.get(req);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        delete reply;

        // The request size limit holds over TLS too: refused with the envelope, not a dropped connection.
        QNetworkRequest post(QUrl(s.url() + QStringLiteral("/auth/v1/seed/acme/jobs")));
        post.setSslConfiguration(conf);
        post.setRawHeader("Authorization", TestHttp::bearer(s.localToken()));
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = nam.post(post, QByteArray(3 * 1024 * 1024, 'x'));
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY2(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 400, qPrintable(reply->errorString()));
        const QJsonObject error = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_request"));
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("1 MiB")),
                 qPrintable(error.value(QStringLiteral("message")).toString()));
        delete reply;
    }

    void idleConnectionsAreClosed()
    {
        QTemporaryFile config;
        QVERIFY(config.open());
        config.write(R"({"idle_timeout_seconds": 1})");
        config.flush();
        SeeddProcess s;
        QVERIFY(s.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--config"), config.fileName()}));
        const QUrl url(s.url());
        QTcpSocket sock;
        sock.connectToHost(QStringLiteral("127.0.0.1"), quint16(url.port()));
        QVERIFY(sock.waitForConnected(5000));
        sock.write("GET /acme/jobs HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        QVERIFY(sock.waitForReadyRead(5000));
        QVERIFY(sock.readAll().startsWith("HTTP/1.1 401"));
        // Kept alive after the answer...
        QVERIFY(!sock.waitForDisconnected(300));
        // ...and closed by the server once idle past the timeout.
        QVERIFY(sock.waitForDisconnected(5000));
    }
};

QTEST_GUILESS_MAIN(TestSeeddCli)
#include "tst_seedd_cli.moc"
