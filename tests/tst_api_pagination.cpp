// Pagination, sort and filters across 250 jobs; a restart of seedd (clean and kill -9) loses nothing.
#include "apiassert.h"
#include "seeddprocess.h"

#include <QJsonArray>
#include <QSet>

using namespace apiassert;

class TestApiPagination : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd;
    QStringList m_created; // names in creation order
    QSet<QString> m_cancelled;
    QMap<QString, QJsonObject> m_snapshot;

    TestHttp http() const { return TestHttp(m_seedd.url(), TestHttp::bearer(m_seedd.localToken())); }

    QList<QJsonObject> fetchAll(const QString &query, int perPage, int *totalOut = nullptr)
    {
        QList<QJsonObject> out;
        int page = 1, totalPages = 1;
        do {
            const HttpResult r = http().get(QStringLiteral("/acme/jobs?per_page=%1&page=%2%3").arg(perPage).arg(page).arg(query));
            if (r.status != 200)
                qFatal("list failed: %s", r.body.constData());
            const QJsonObject pg = r.json().value(QStringLiteral("pagination")).toObject();
            totalPages = pg.value(QStringLiteral("total_pages")).toInt();
            if (totalOut)
                *totalOut = pg.value(QStringLiteral("total")).toInt();
            if (pg.value(QStringLiteral("page")).toInt() != page || pg.value(QStringLiteral("per_page")).toInt() != perPage)
                qFatal("pagination block does not echo the request");
            const QJsonArray data = r.json().value(QStringLiteral("data")).toArray();
            if (page < totalPages && data.size() != perPage)
                qFatal("short page %d", page);
            for (const QJsonValue &v : data)
                out.append(v.toObject());
            ++page;
        } while (page <= totalPages);
        return out;
    }
    static QStringList names(const QList<QJsonObject> &jobs)
    {
        QStringList n;
        for (const QJsonObject &j : jobs)
            n << j.value(QStringLiteral("name")).toString();
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        // Names in a deliberately different order from creation, so name sort is not creation sort.
        for (int i = 0; i < 250; ++i) {
            const QString name = QStringLiteral("job-%1-%2").arg((i * 37) % 250, 3, 10, QLatin1Char('0')).arg(i);
            const QJsonObject body{{QStringLiteral("name"), name},
                                   {QStringLiteral("command"), QStringLiteral("true")},
                                   {QStringLiteral("image"), QStringLiteral("localhost/seed-busybox:test")},
                                   {QStringLiteral("gpu"), i % 3 == 0 ? QStringLiteral("L4") : QStringLiteral("none")},
                                   {QStringLiteral("cpu"), 2},
                                   {QStringLiteral("memory_gb"), 1}};
            QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/acme/jobs"), body).status, 201);
            m_created << name;
            if (i % 8 == 0) {
                QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/acme/jobs/%1/cancel").arg(name), {}).status, 200);
                m_cancelled.insert(name);
            }
        }
    }

    void pagesCoverEverythingOnce()
    {
        int total = 0;
        const QList<QJsonObject> all = fetchAll(QString(), 100, &total);
        QCOMPARE(total, 250);
        QCOMPARE(all.size(), 250);
        const QStringList allNames = names(all);
        QCOMPARE(QSet<QString>(allNames.begin(), allNames.end()).size(), 250);
        // Default: created_at desc, ties in reverse creation order.
        QStringList expected = m_created;
        std::reverse(expected.begin(), expected.end());
        QCOMPARE(names(all), expected);
        const HttpResult last = http().get(QStringLiteral("/acme/jobs?per_page=100&page=3"));
        QCOMPARE(last.json().value(QStringLiteral("data")).toArray().size(), 50);
        QCOMPARE(last.json().value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total_pages")).toInt(), 3);
        const HttpResult beyond = http().get(QStringLiteral("/acme/jobs?per_page=100&page=4"));
        QCOMPARE(beyond.status, 200);
        QVERIFY(beyond.json().value(QStringLiteral("data")).toArray().isEmpty());
        QCOMPARE(beyond.json().value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInt(), 250);
    }

    void defaultPageSize()
    {
        const HttpResult r = http().get(QStringLiteral("/acme/jobs"));
        QCOMPARE(r.json().value(QStringLiteral("data")).toArray().size(), 20);
        QCOMPARE(r.json().value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total_pages")).toInt(), 13);
    }

    void sortByName_data()
    {
        QTest::addColumn<QString>("order");
        QTest::newRow("asc") << QStringLiteral("asc");
        QTest::newRow("desc") << QStringLiteral("desc");
    }
    void sortByName()
    {
        QFETCH(QString, order);
        const QStringList got = names(fetchAll(QStringLiteral("&sort=name&order=") + order, 37));
        QStringList expected = m_created;
        std::sort(expected.begin(), expected.end());
        if (order == QLatin1String("desc"))
            std::reverse(expected.begin(), expected.end());
        QCOMPARE(got, expected);
    }

    void sortByCreatedAsc()
    {
        QCOMPARE(names(fetchAll(QStringLiteral("&sort=created_at&order=asc"), 64)), m_created);
    }

    void sortByCompletedPutsUnsetLast()
    {
        const QList<QJsonObject> all = fetchAll(QStringLiteral("&sort=completed_at&order=desc"), 100);
        QCOMPARE(all.size(), 250);
        // The cancelled ones have completed_at and come first; the queued (null) ones last.
        for (int i = 0; i < all.size(); ++i)
            QCOMPARE(all[i].value(QStringLiteral("completed_at")).isNull(), i >= m_cancelled.size());
    }

    void statusFilter()
    {
        int total = 0;
        const QList<QJsonObject> cancelled = fetchAll(QStringLiteral("&status=cancelled"), 10, &total);
        QCOMPARE(total, m_cancelled.size());
        const QStringList cancelledNames = names(cancelled);
        QCOMPARE(QSet<QString>(cancelledNames.begin(), cancelledNames.end()), m_cancelled);
        const QList<QJsonObject> queued = fetchAll(QStringLiteral("&status=queued&sort=name&order=asc"), 100, &total);
        QCOMPARE(total, 250 - m_cancelled.size());
        for (const QJsonObject &j : queued)
            QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        fetchAll(QStringLiteral("&status=running"), 10, &total);
        QCOMPARE(total, 0);
    }

    void listReflectsChangesAtOnce()
    {
        // List pages are cached by the server; every change must show in the very next answer.
        const auto first = [this](const QString &query) {
            return http().get(QStringLiteral("/acme/jobs?per_page=5") + query).json();
        };
        const int cancelledBefore = first(QStringLiteral("&status=cancelled"))
                                        .value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInt();
        const QString newest = first(QString()).value(QStringLiteral("data")).toArray().first().toObject()
                                   .value(QStringLiteral("name")).toString();
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/acme/jobs/%1/cancel").arg(newest), {}).status, 200);
        m_cancelled.insert(newest);
        QCOMPARE(first(QStringLiteral("&status=cancelled")).value(QStringLiteral("pagination")).toObject()
                     .value(QStringLiteral("total")).toInt(), cancelledBefore + 1);
        QCOMPARE(first(QString()).value(QStringLiteral("data")).toArray().first().toObject()
                     .value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    }

    void namespacesAreSeparate()
    {
        const HttpResult r = http().get(QStringLiteral("/globex/jobs"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInt(), 0);
    }

    void restartLosesNothing_data()
    {
        QTest::addColumn<bool>("hardKill");
        QTest::newRow("SIGTERM") << false;
        QTest::newRow("kill -9") << true;
    }
    void restartLosesNothing()
    {
        QFETCH(bool, hardKill);
        const QString readerToken = m_seedd.createToken({QStringLiteral("acme")}, true);
        if (m_snapshot.isEmpty())
            for (const QString &name : std::as_const(m_created))
                m_snapshot.insert(name, http().get(QStringLiteral("/acme/job/") + name).json());
        if (hardKill)
            m_seedd.kill9();
        else
            QVERIFY(m_seedd.stop());
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        for (const QString &name : std::as_const(m_created)) {
            const HttpResult r = http().get(QStringLiteral("/acme/job/") + name);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json(), m_snapshot.value(name));
        }
        QCOMPARE(fetchAll(QString(), 100).size(), 250);
        // Credentials survive too.
        QCOMPARE(TestHttp(m_seedd.url(), TestHttp::bearer(readerToken)).get(QStringLiteral("/acme/jobs")).status, 200);
        // The store still accepts writes, and names stay unique.
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/acme/jobs"),
                             QJsonObject{{QStringLiteral("name"), m_created.first()},
                                         {QStringLiteral("command"), QStringLiteral("true")},
                                         {QStringLiteral("image"), QStringLiteral("x")},
                                         {QStringLiteral("gpu"), QStringLiteral("none")}})
                     .status,
                 409);
    }
};

QTEST_GUILESS_MAIN(TestApiPagination)
#include "tst_api_pagination.moc"
