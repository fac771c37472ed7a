// Every validation rule of the contract, with its status, envelope and offending field; bad input never
// loses what is stored.
#include "apiassert.h"
#include "seeddprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpSocket>

using namespace apiassert;

class TestApiValidation : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd;
    int m_counter = 0;
    TestHttp http() const { return TestHttp(m_seedd.url(), TestHttp::bearer(m_seedd.localToken())); }

    QJsonObject validBody()
    {
        return QJsonObject{{QStringLiteral("name"), QStringLiteral("job-%1").arg(++m_counter)},
                           {QStringLiteral("command"), QStringLiteral("echo hi")},
                           {QStringLiteral("image"), QStringLiteral("localhost/seed-busybox:test")},
                           {QStringLiteral("gpu"), QStringLiteral("none")},
                           {QStringLiteral("cpu"), 2},
                           {QStringLiteral("memory_gb"), 1}};
    }

    // A raw connection to seedd, so a test can send part of a request and see what comes back before the rest.
    bool connectRaw(QTcpSocket &socket) const
    {
        const QUrl url(m_seedd.url());
        socket.connectToHost(url.host(), quint16(url.port()));
        return socket.waitForConnected(5000);
    }
    QByteArray postHead(qint64 contentLength) const
    {
        return "POST /auth/v1/seed/local/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
               + m_seedd.localToken().toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: "
               + QByteArray::number(contentLength) + "\r\n\r\n";
    }
    // Reads until a whole response (status line, headers, Content-Length body) is in, or the time runs out.
    static QByteArray readResponse(QTcpSocket &socket, int timeoutMs)
    {
        // What arrived while the caller was still writing is in the socket's buffer already: a server that answered
        // and half-closed early has made the socket unconnected by now, and waitForReadyRead() would say nothing.
        QByteArray in = socket.readAll();
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            const qsizetype headEnd = in.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const qsizetype at = in.toLower().indexOf("content-length:");
                if (at >= 0 && at < headEnd) {
                    const qsizetype eol = in.indexOf("\r\n", at);
                    const qint64 length = in.mid(at + 15, eol - at - 15).trimmed().toLongLong();
                    if (in.size() >= headEnd + 4 + length)
                        return in.left(headEnd + 4 + length);
                }
            }
            if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState)
                break;
            in += socket.readAll();
        }
        return in + socket.readAll();
    }
    static QJsonObject responseJson(const QByteArray &response)
    {
        return QJsonDocument::fromJson(response.mid(response.indexOf("\r\n\r\n") + 4)).object();
    }
    qint64 seeddPeakRssKiB() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_seedd.pid()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        return -1;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")})); }

    void body_data()
    {
        QTest::addColumn<QJsonObject>("patch"); // key -> value; undefined-as-"<remove>" removes the key
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        const auto row = [](const char *tag, QJsonObject patch, int status, const char *field) {
            QTest::newRow(tag) << patch << status << QString::fromLatin1(field);
        };
        const QJsonValue remove(QStringLiteral("<remove>"));
        const auto k = [](const char *s) { return QString::fromLatin1(s); };
        row("name missing", {{k("name"), remove}}, 400, "name");
        row("name empty", {{k("name"), k("")}}, 400, "name");
        row("name with space", {{k("name"), k("bad name")}}, 400, "name");
        row("name with slash", {{k("name"), k("a/b")}}, 400, "name");
        row("name too long", {{k("name"), QString(129, u'a')}}, 400, "name");
        row("name not a string", {{k("name"), 123}}, 400, "name");
        row("command missing", {{k("command"), remove}}, 400, "command");
        row("command blank", {{k("command"), k("   ")}}, 400, "command");
        row("command not a string", {{k("command"), QJsonArray{k("echo")}}}, 400, "command");
        // Limits count UTF-8 bytes: 60,000 "€" are 180 KB (one argument of podman run; the kernel takes 128 KiB).
        row("command of 180 KB in 60k chars", {{k("command"), QString(60000, QChar(0x20AC))}}, 400, "command");
        row("command of 65,537 bytes", {{k("command"), QString(65537, u'x')}}, 400, "command");
        row("env value of 70,000 bytes", {{k("env"), QJsonObject{{k("BIG"), QString(70000, u'x')}}}}, 400, "env");
        row("neither repo nor image", {{k("image"), remove}}, 400, "repo");
        row("repo without namespace", {{k("repo"), k("training-pipeline")}}, 400, "repo");
        row("gpu missing", {{k("gpu"), remove}}, 400, "gpu");
        row("gpu unknown", {{k("gpu"), k("V100")}}, 400, "gpu");
        row("gpu lowercase", {{k("gpu"), k("l4")}}, 400, "gpu");
        row("gpu_count 3", {{k("gpu"), k("L4")}, {k("gpu_count"), 3}}, 400, "gpu_count");
        row("gpu_count string", {{k("gpu"), k("L4")}, {k("gpu_count"), k("4")}}, 400, "gpu_count");
        row("gpu_count fraction", {{k("gpu"), k("L4")}, {k("gpu_count"), 1.5}}, 400, "gpu_count");
        row("cpu 12", {{k("cpu"), 12}}, 400, "cpu");
        row("cpu string", {{k("cpu"), k("8")}}, 400, "cpu");
        row("memory 0", {{k("memory_gb"), 0}}, 400, "memory_gb");
        row("memory string", {{k("memory_gb"), k("32")}}, 400, "memory_gb");
        row("memory bool", {{k("memory_gb"), true}}, 400, "memory_gb");
        row("disk 0", {{k("disk_gb"), 0}}, 400, "disk_gb");
        row("disk too big", {{k("disk_gb"), 10001}}, 400, "disk_gb");
        row("region unknown", {{k("region"), k("mars-1")}}, 400, "region");
        row("timeout 0", {{k("timeout_minutes"), 0}}, 400, "timeout_minutes");
        row("timeout over 7 days", {{k("timeout_minutes"), 10081}}, 400, "timeout_minutes");
        row("timeout string", {{k("timeout_minutes"), k("60")}}, 400, "timeout_minutes");
        row("retries negative", {{k("retries"), -1}}, 400, "retries");
        row("retries 6", {{k("retries"), 6}}, 400, "retries");
        row("env not object", {{k("env"), k("A=1")}}, 400, "env");
        row("env number value", {{k("env"), QJsonObject{{k("A"), 1}}}}, 400, "env");
        row("env bad name", {{k("env"), QJsonObject{{k("1A"), k("x")}}}}, 400, "env");
        row("output_path relative", {{k("output_path"), k("out")}}, 400, "output_path");
        row("branch option-like", {{k("repo"), k("acme/x")}, {k("branch"), k("--upload-pack=x")}}, 400, "branch");
        // Qt's "$" matches before a final "\n": patterns must be anchored at the very end.
        row("name with trailing newline", {{k("name"), k("x\n")}}, 400, "name");
        row("env name with trailing newline", {{k("env"), QJsonObject{{k("A\n"), k("1")}}}}, 400, "env");
        row("branch with trailing newline", {{k("repo"), k("acme/x")}, {k("branch"), k("main\n")}}, 400, "branch");
        // A NUL ends the argument podman gets: the API would show one command while another runs.
        const QString nul(QChar(0));
        row("command with NUL", {{k("command"), k("echo shown") + nul + k("; echo hidden")}}, 400, "command");
        row("env value with NUL", {{k("env"), QJsonObject{{k("A"), k("a") + nul + k("b")}}}}, 400, "env");
        row("output_path with NUL", {{k("output_path"), k("/out") + nul + k("x")}}, 400, "output_path");
        // Podman transports open host paths (as root): only registry references are images.
        for (const char *image : {"docker-archive:/tmp/x.tar", "oci-archive:/etc/passwd", "dir:/", "oci:layout",
                                  "oci:/var/lib/x:tag", "containers-storage:busybox", "docker-daemon:busybox:latest",
                                  "docker://busybox", "tarball:/etc/shadow", "sif:/x.sif", "ostree:x@/repo",
                                  "/etc/passwd", "./image", ".hidden/x", "../x", "localhost/../x", "a/b/../c",
                                  "busy box", "busybox\n", "\tbusybox", "Busybox", "-busybox", "busybox:", "busybox@",
                                  "busybox@sha256:abc", "registry:port/x", "x//y", "x:tag:tag"})
            QTest::newRow(qPrintable(QStringLiteral("image %1").arg(QString::fromLatin1(image).replace(u'\n', QLatin1String("\\n")))))
                << QJsonObject{{k("image"), k(image)}} << 400 << k("image");
        // Repos are OWNER/NAME by GitHub's rules: nothing that is a path or an option once in a URL or argv.
        for (const char *repo : {"../x", "-u/x", "x/-u", "x/..", "x/.", "./x", "x/.git", "a--b/x", "-a/x", "a-/x",
                                 "a/b/c", "a/", "/a", "a b/c", "a/b\n", "a/b c", "a_b/c", "a.b/c",
                                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x"})
            QTest::newRow(qPrintable(QStringLiteral("repo %1").arg(QString::fromLatin1(repo).replace(u'\n', QLatin1String("\\n")))))
                << QJsonObject{{k("repo"), k(repo)}} << 400 << k("repo");
        // Machine shapes (422)
        row("none with 2 gpus", {{k("gpu_count"), 2}}, 422, "gpu_count");
        row("none memory over 8 GB/vCPU", {{k("cpu"), 2}, {k("memory_gb"), 17}}, 422, "memory_gb");
        row("T4 too many vCPUs", {{k("gpu"), k("T4")}, {k("cpu"), 16}}, 422, "cpu");
        row("L4 memory over ceiling", {{k("gpu"), k("L4")}, {k("cpu"), 8}, {k("memory_gb"), 65}}, 422, "memory_gb");
        row("A100-40GB x1 too much memory", {{k("gpu"), k("A100-40GB")}, {k("cpu"), 8}, {k("memory_gb"), 121}}, 422, "memory_gb");
        // Spot and nodes: wrong types and ranges are 400; more than one node on a single-machine seedd is 422.
        row("spot string", {{k("spot"), k("true")}}, 400, "spot");
        row("spot number", {{k("spot"), 1}}, 400, "spot");
        row("spot object", {{k("spot"), QJsonObject{{k("a"), true}}}}, 400, "spot");
        row("spot array", {{k("spot"), QJsonArray{true}}}, 400, "spot");
        row("nodes 0", {{k("nodes"), 0}}, 400, "nodes");
        row("nodes negative", {{k("nodes"), -1}}, 400, "nodes");
        row("nodes 65", {{k("nodes"), 65}}, 400, "nodes");
        row("nodes huge", {{k("nodes"), 1e300}}, 400, "nodes");
        row("nodes fraction", {{k("nodes"), 1.5}}, 400, "nodes");
        row("nodes string", {{k("nodes"), k("2")}}, 400, "nodes");
        row("nodes bool", {{k("nodes"), true}}, 400, "nodes");
        row("nodes 2 on one machine", {{k("nodes"), 2}}, 422, "nodes");
        row("nodes 64 on one machine", {{k("nodes"), 64}}, 422, "nodes");
        row("spot true accepted", {{k("spot"), true}}, 201, "");
        row("spot null means absent", {{k("spot"), QJsonValue::Null}, {k("nodes"), QJsonValue::Null}}, 201, "");
        row("nodes 1 accepted", {{k("nodes"), 1}}, 201, "");
        // Accepted edges
        row("timeout 10080", {{k("timeout_minutes"), 10080}}, 201, "");
        row("command of 65,536 bytes", {{k("command"), QString(65536, u'x')}}, 201, "");
        row("env value of 65,536 bytes", {{k("env"), QJsonObject{{k("BIG"), QString(65536, u'x')}}}}, 201, "");
        row("retries 5", {{k("retries"), 5}}, 201, "");
        row("unknown field ignored", {{k("priority"), k("high")}}, 201, "");
        row("nulls mean absent", {{k("region"), QJsonValue::Null}, {k("env"), QJsonValue::Null}}, 201, "");
        row("name with _ and -", {{k("name"), k("A_b-9")}}, 201, "");
        row("L4 at its ceiling", {{k("gpu"), k("L4")}, {k("cpu"), 16}, {k("memory_gb"), 64}}, 201, "");
        for (const char *image : {"busybox", "docker.io/library/python:3.12-slim", "localhost:5000/a/b_c:v1.2",
                                  "ghcr.io/org/my-img__x.y:Latest_1",
                                  "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                  "docker:24-dind", "localhost/seed-busybox:test"})
            QTest::newRow(qPrintable(QStringLiteral("image %1 accepted").arg(QString::fromLatin1(image))))
                << QJsonObject{{k("image"), k(image)}} << 201 << QString();
        for (const char *repo : {"acme/x", "a-b/c.d_e-f", "A1/_x", "a/x.git", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x"})
            QTest::newRow(qPrintable(QStringLiteral("repo %1 accepted").arg(QString::fromLatin1(repo))))
                << QJsonObject{{k("repo"), k(repo)}} << 201 << QString();
        row("env value with newline accepted", {{k("env"), QJsonObject{{k("PEM"), k("-----BEGIN\nx\n-----END\n")}}}}, 201, "");
        row("command with newline accepted", {{k("command"), k("echo a\necho b\n")}}, 201, "");
    }

    void body()
    {
        QFETCH(QJsonObject, patch);
        QFETCH(int, status);
        QFETCH(QString, field);
        QJsonObject body = validBody();
        for (auto it = patch.begin(); it != patch.end(); ++it) {
            if (it.value() == QJsonValue(QStringLiteral("<remove>")))
                body.remove(it.key());
            else
                body.insert(it.key(), it.value());
        }
        const HttpResult r = http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body);
        if (status == 201) {
            QVERIFY2(r.status == 201, r.body.constData());
            return;
        }
        EXPECT_ENVELOPE(r, status, status == 400 ? "invalid_request" : "unprocessable_entity");
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), field);
    }

    // The message of the single-machine refusal is the one docs/api.md shows; spot and nodes are on every shape.
    void spotAndNodesOnEveryShape()
    {
        QJsonObject body = validBody();
        body.insert(QStringLiteral("nodes"), 3);
        const HttpResult refused = http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body);
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("This machine runs single-node jobs only; multi-node jobs need a cluster runner "
                                "(seedd serve --runner slurm)."));
        body = validBody();
        const QString name = body.value(QStringLiteral("name")).toString();
        body.insert(QStringLiteral("spot"), true);
        const HttpResult created = http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body);
        QCOMPARE(created.status, 201);
        const auto check = [](const QJsonObject &o, bool spot) {
            QCOMPARE(o.value(QStringLiteral("spot")), QJsonValue(spot));
            QCOMPARE(o.value(QStringLiteral("nodes")), QJsonValue(1));
            QCOMPARE(o.value(QStringLiteral("preemptions")), QJsonValue(0));
            QVERIFY(!o.contains(QStringLiteral("preempted_at")));
        };
        check(created.json(), true);
        // Spot price: on-demand (2 vCPUs x 0.05) x the default factor 0.35, rounded to the cent.
        QCOMPARE(created.json().value(QStringLiteral("cost_per_hour")).toString(), QStringLiteral("0.04"));
        check(http().get(QStringLiteral("/local/job/%1").arg(name)).json(), true);
        const QJsonArray list = http().get(QStringLiteral("/local/jobs?per_page=100")).json().value(QStringLiteral("data")).toArray();
        bool seen = false;
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            QVERIFY(o.value(QStringLiteral("spot")).isBool());
            if (o.value(QStringLiteral("name")).toString() == name) {
                check(o, true);
                seen = true;
            }
        }
        QVERIFY(seen);
        const HttpResult cancelled = http().post(QStringLiteral("/auth/v1/seed/local/jobs/%1/cancel").arg(name), QJsonObject{});
        QCOMPARE(cancelled.status, 200);
        check(cancelled.json(), true);
    }

    void exactRepoOrImageMessage()
    {
        QJsonObject body = validBody();
        body.remove(QStringLiteral("image"));
        const HttpResult r = http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body);
        EXPECT_ENVELOPE(r, 400, "invalid_request");
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("Either 'repo' or 'image' must be provided."));
    }

    void notJson_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("message"); // a part of the error message
        const QString notObject = QStringLiteral("Request body must be a JSON object.");
        const QString notJson = QStringLiteral("Request body is not valid JSON: ");
        QTest::newRow("empty") << QByteArray() << notObject;
        QTest::newRow("garbage") << QByteArray("{name: nope") << notJson;
        QTest::newRow("array") << QByteArray("[1,2,3]") << notObject;
        QTest::newRow("string") << QByteArray("\"job\"") << QString();
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe{", 4) << notJson;
        // A number JSON cannot hold was answered "must be a JSON object" (QA pass): say what and where.
        QTest::newRow("number too big") << QByteArray(R"({"name":"n","memory_gb": 1e400})") << QStringLiteral("not valid JSON: illegal number at offset");
        QTest::newRow("too large") << QByteArray(2 * 1024 * 1024, 'x') << QStringLiteral("1 MiB");
    }
    void notJson()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, message);
        const HttpResult r = http().postRaw(QStringLiteral("/auth/v1/seed/local/jobs"), raw);
        EXPECT_ENVELOPE(r, 400, "invalid_request");
        const QString got = r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    void oversizedBodyIsRefusedBeforeItArrives()
    {
        // Announces 300 MB and sends 2 MiB of it: the answer must come now, not after the rest (which never
        // comes), and seedd must not have kept what it was sent.
        const qint64 peakBefore = seeddPeakRssKiB();
        QVERIFY(peakBefore > 0);
        QTcpSocket socket;
        QVERIFY(connectRaw(socket));
        socket.write(postHead(300'000'000));
        const QByteArray chunk(64 * 1024, 'x');
        // The answer may come, with the end of seedd's side, before all of this is sent (on a loaded machine):
        // then the rest is not sent.
        for (int i = 0; i < 32 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(chunk);
            socket.waitForBytesWritten(1000);
        }
        const QByteArray response = readResponse(socket, 10000);
        QVERIFY2(response.startsWith("HTTP/1.1 400 "), response.left(200).constData());
        QVERIFY(response.toLower().contains("connection: close\r\n"));
        const QJsonObject error = responseJson(response).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_request"));
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("1 MiB")),
                 qPrintable(error.value(QStringLiteral("message")).toString()));
        QVERIFY(error.value(QStringLiteral("request_id")).toString().startsWith(QStringLiteral("req_")));

        // Whatever else the client sends is dropped unread; then the server ends the connection.
        for (int i = 0; i < 256 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(chunk);
            socket.waitForBytesWritten(1000);
            socket.readAll();
        }
        QTRY_VERIFY_WITH_TIMEOUT(socket.state() != QAbstractSocket::ConnectedState, 10000);
        const qint64 peakAfter = seeddPeakRssKiB();
        QVERIFY2(peakAfter - peakBefore < 24 * 1024,
                 qPrintable(QStringLiteral("seedd's peak RSS rose by %1 KiB").arg(peakAfter - peakBefore)));
        QVERIFY(m_seedd.isRunning());
        QCOMPARE(http().get(QStringLiteral("/local/jobs")).status, 200);
    }

    void requestsBelowTheLimitOnOneConnectionAreNotSummed()
    {
        // Twelve 100 KiB bodies on one keep-alive connection: 1.2 MiB in all, each one within the limit.
        QTcpSocket socket;
        QVERIFY(connectRaw(socket));
        const QByteArray body = QByteArray(100 * 1024, ' ') + "[1]";
        for (int i = 0; i < 12; ++i) {
            socket.write(postHead(body.size()) + body);
            const QByteArray response = readResponse(socket, 10000);
            QVERIFY2(response.startsWith("HTTP/1.1 400 "), qPrintable(QString::number(i) + QLatin1String(": ")
                                                                       + QString::fromLatin1(response.left(200))));
            const QJsonObject error = responseJson(response).value(QStringLiteral("error")).toObject();
            QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Request body must be a JSON object."));
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void pipelinedAnswersKeepTheirOrderAndWireForm()
    {
        // seedd writes its answers itself on every Qt version (backend/server/httpcompat.*): the status line
        // with its reason phrase and the headers in one order; from Qt 6.5 the request's socket is looked up
        // by its ports, so answers on a kept-alive connection must still reach it, in request order.
        QTcpSocket socket;
        QVERIFY(connectRaw(socket));
        const QByteArray auth = "Authorization: Bearer " + m_seedd.localToken().toLatin1() + "\r\n";
        socket.write("GET /auth/v1/seed/local/jobs/none-such HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n"
                     "GET /local/jobs HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n"
                     "GET /auth/v1/seed/local/jobs/none-such HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
        QByteArray in;
        QList<QByteArray> responses;
        QElapsedTimer clock;
        clock.start();
        while (responses.size() < 3 && clock.elapsed() < 10000) {
            if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState)
                break;
            in += socket.readAll();
            for (;;) {
                const qsizetype headEnd = in.indexOf("\r\n\r\n");
                const qsizetype at = in.indexOf("Content-Length: ");
                if (headEnd < 0 || at < 0 || at > headEnd)
                    break;
                const qint64 length = in.mid(at + 16, in.indexOf("\r\n", at) - at - 16).toLongLong();
                if (in.size() < headEnd + 4 + length)
                    break;
                responses.append(in.left(headEnd + 4 + length));
                in.remove(0, headEnd + 4 + length);
            }
        }
        QCOMPARE(responses.size(), 3);
        const QRegularExpression head(QStringLiteral("^HTTP/1.1 (\\d+) ([A-Za-z ]+)\r\nContent-Type: application/json\r\n"
                                                     "Content-Length: \\d+\r\nX-Request-Id: req_[^\r\n]+\r\n"
                                                     "(?:[A-Za-z-]+: [^\r\n]*\r\n)*\r\n\\{"));
        // GET on a path that only DELETE serves: 405 with an Allow header.
        const QList<QPair<QString, QString>> expected{{QStringLiteral("405"), QStringLiteral("Method Not Allowed")},
                                                      {QStringLiteral("200"), QStringLiteral("OK")},
                                                      {QStringLiteral("405"), QStringLiteral("Method Not Allowed")}};
        for (int i = 0; i < 3; ++i) {
            const auto m = head.match(QString::fromLatin1(responses[i]));
            QVERIFY2(m.hasMatch(), responses[i].left(300).constData());
            QCOMPARE(qMakePair(m.captured(1), m.captured(2)), expected[i]);
        }
        QVERIFY(responses[1].contains("\"data\""));
        QVERIFY(responses[0].contains("\r\nAllow: ") && responses[2].contains("\r\nAllow: "));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void duplicateNameConflicts()
    {
        QJsonObject body = validBody();
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body).status, 201);
        body.insert(QStringLiteral("command"), QStringLiteral("echo other"));
        const HttpResult r = http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body);
        EXPECT_ENVELOPE(r, 409, "conflict");
        // The first job is untouched.
        const HttpResult first = http().get(QStringLiteral("/local/job/") + body.value(QStringLiteral("name")).toString());
        QCOMPARE(first.json().value(QStringLiteral("command")).toString(), QStringLiteral("echo hi"));
        // Same name in another namespace is fine.
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/other/jobs"), body).status, 201);
    }

    void listQuery_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        const auto row = [](const char *q, int s) { QTest::newRow(q) << QString::fromLatin1(q) << s; };
        row("status=bogus", 400);
        row("status=", 400);
        row("page=0", 400);
        row("page=abc", 400);
        row("page=-1", 400);
        row("per_page=0", 400);
        row("per_page=101", 400);
        row("per_page=ten", 400);
        row("sort=size", 400);
        row("order=up", 400);
        row("status=timed_out&page=1&per_page=100&sort=name&order=asc", 200);
        row("page=999", 200);
    }
    void listQuery()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        const HttpResult r = http().get(QStringLiteral("/local/jobs?") + query);
        if (status == 200)
            QCOMPARE(r.status, 200);
        else
            EXPECT_ENVELOPE(r, status, "invalid_request");
    }

    void logQuery_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        const auto row = [](const char *q, int s) { QTest::newRow(q) << QString::fromLatin1(q) << s; };
        row("tail=0", 400);
        row("tail=10001", 400);
        row("tail=x", 400);
        row("since=yesterday", 400);
        row("since=2026-03-18", 400);
        row("since=2026-13-45T99:00:00Z", 400);
        row("stream=maybe", 400);
        row("tail=10000", 200);
        row("since=2026-03-18T12:00:00Z", 200);
        row("since=2026-03-18T12:00:00.250%2B02:00", 200);
        row("stream=false", 200);
    }
    void logQuery()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        QJsonObject body = validBody();
        body.insert(QStringLiteral("name"), QStringLiteral("logq"));
        http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body);
        const HttpResult r = http().get(QStringLiteral("/local/job/logq/logs?") + query);
        if (status == 200)
            QVERIFY2(r.status == 200, r.body.constData());
        else
            EXPECT_ENVELOPE(r, status, "invalid_request");
    }

    void stateConflicts()
    {
        QJsonObject body = validBody();
        const QString name = body.value(QStringLiteral("name")).toString();
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body).status, 201);
        // Deleting a queued job: 409, and it is still there.
        EXPECT_ENVELOPE(http().del(QStringLiteral("/auth/v1/seed/local/jobs/") + name), 409, "conflict");
        QCOMPARE(http().get(QStringLiteral("/local/job/") + name).status, 200);
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/local/jobs/%1/cancel").arg(name), {}).status, 200);
        // Cancelling a finished job: 409.
        EXPECT_ENVELOPE(http().post(QStringLiteral("/auth/v1/seed/local/jobs/%1/cancel").arg(name), {}), 409, "conflict");
        // delete_artifacts must be a boolean.
        EXPECT_ENVELOPE(http().del(QStringLiteral("/auth/v1/seed/local/jobs/%1?delete_artifacts=yes").arg(name)), 400,
                        "invalid_request");
        QCOMPARE(http().del(QStringLiteral("/auth/v1/seed/local/jobs/%1?delete_artifacts=false").arg(name)).status, 204);
        EXPECT_ENVELOPE(http().del(QStringLiteral("/auth/v1/seed/local/jobs/") + name), 404, "not_found");
    }

    void streamOnQueuedJobConflicts()
    {
        QJsonObject body = validBody();
        const QString name = body.value(QStringLiteral("name")).toString();
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/local/jobs"), body).status, 201);
        // A queued job may start at any moment once a runtime runs it; cancel it so its state is fixed.
        http().post(QStringLiteral("/auth/v1/seed/local/jobs/%1/cancel").arg(name), {});
        EXPECT_ENVELOPE(http().get(QStringLiteral("/local/job/%1/logs?stream=true").arg(name)), 409, "conflict");
    }

    void unknownJob_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("get") << QByteArray("GET") << QStringLiteral("/local/job/nope");
        QTest::newRow("logs") << QByteArray("GET") << QStringLiteral("/local/job/nope/logs");
        QTest::newRow("analytics") << QByteArray("GET") << QStringLiteral("/local/job/nope/analytics");
        QTest::newRow("cancel") << QByteArray("POST") << QStringLiteral("/auth/v1/seed/local/jobs/nope/cancel");
        QTest::newRow("delete") << QByteArray("DELETE") << QStringLiteral("/auth/v1/seed/local/jobs/nope");
    }
    void unknownJob()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        EXPECT_ENVELOPE(http().request(verb, path), 404, "not_found");
    }

    void routing()
    {
        HttpResult r = http().request("PUT", QStringLiteral("/local/jobs"));
        EXPECT_ENVELOPE(r, 405, "method_not_allowed");
        QCOMPARE(r.header("Allow"), QByteArray("GET"));
        r = http().request("GET", QStringLiteral("/auth/v1/seed/local/jobs"));
        EXPECT_ENVELOPE(r, 405, "method_not_allowed");
        QCOMPARE(r.header("Allow"), QByteArray("POST"));
        r = http().request("PATCH", QStringLiteral("/auth/v1/seed/local/jobs/x"));
        EXPECT_ENVELOPE(r, 405, "method_not_allowed");
        EXPECT_ENVELOPE(http().get(QStringLiteral("/local/nothing/here")), 404, "not_found");
        EXPECT_ENVELOPE(http().get(QStringLiteral("/")), 404, "not_found");
    }

    void namespaceIsChecked_data()
    {
        QTest::addColumn<QByteArray>("ns"); // as sent on the wire (percent-encoded)
        QTest::newRow("line breaks") << QByteArray("x%0D%0ASet-Cookie:%20evil=1%0D%0AX:");
        QTest::newRow("wildcard") << QByteArray("*");
        QTest::newRow("space") << QByteArray("a%20b");
        QTest::newRow("dot dot") << QByteArray("%2E%2E");
        QTest::newRow("65 chars") << QByteArray(65, 'n');
        QTest::newRow("trailing newline") << QByteArray("alice%0A");
        QTest::newRow("non-ASCII letter") << QByteArray("caf%C3%A9");
        QTest::newRow("fullwidth digit") << QByteArray("a%EF%BC%91");
    }
    void namespaceIsChecked()
    {
        // A namespace went into the Location header as it was: a CR LF in it added headers to the answer.
        QFETCH(QByteArray, ns);
        const QByteArray body = QJsonDocument(validBody()).toJson(QJsonDocument::Compact);
        QTcpSocket socket;
        QVERIFY(connectRaw(socket));
        socket.write("POST /auth/v1/seed/" + ns + "/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                     + m_seedd.localToken().toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const QByteArray response = readResponse(socket, 10000);
        QVERIFY2(response.startsWith("HTTP/1.1 400 "), response.left(300).constData());
        QVERIFY(!response.toLower().contains("set-cookie"));
        const QJsonObject error = responseJson(response).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_request"));
        QCOMPARE(error.value(QStringLiteral("field")).toString(), QStringLiteral("namespace"));
        // Reads are checked the same way (QNetworkAccessManager resolves "/../" itself); a valid namespace works.
        if (ns != "%2E%2E")
            EXPECT_ENVELOPE(http().get(QStringLiteral("/") + QString::fromLatin1(ns) + QStringLiteral("/jobs")), 400,
                            "invalid_request");
        QCOMPARE(http().get(QStringLiteral("/%1/jobs").arg(QString(64, u'n'))).status, 200);
    }

    void survivesGarbageAndStaysConsistent()
    {
        const qint64 before = http().get(QStringLiteral("/local/jobs")).json()
                                  .value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInteger();
        for (int i = 0; i < 50; ++i) {
            QByteArray junk(64 + i * 13, '\0');
            for (qsizetype b = 0; b < junk.size(); ++b)
                junk[b] = char((b * 31 + i * 7) & 0xff);
            const HttpResult r = http().postRaw(QStringLiteral("/auth/v1/seed/local/jobs"), junk);
            QCOMPARE(r.status, 400);
        }
        const HttpResult after = http().get(QStringLiteral("/local/jobs"));
        QCOMPARE(after.status, 200);
        QCOMPARE(after.json().value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInteger(), before);
        QVERIFY(m_seedd.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestApiValidation)
#include "tst_api_validation.moc"
