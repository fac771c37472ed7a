// The job state machine: every (from, to) pair of wire::canTransition, the JSON names, and JobService::update
// refusing (and not storing) a change the machine refuses.
#include "jobstatustest.h"
#include "jobs/jobservice.h"
#include "store/store.h"
#include "wire/jobstatus.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace seed;
using wire::JobStatus;

Q_DECLARE_METATYPE(seed::wire::JobStatus)

namespace {
const QList<JobStatus> kAll{JobStatus::Queued,    JobStatus::Running,  JobStatus::Succeeded, JobStatus::Failed,
                            JobStatus::Cancelled, JobStatus::TimedOut, JobStatus::Unknown};

// The expected machine, written out pair by pair (rows: from, columns: to, in kAll's order).
// Q: queued, R: running, S: succeeded, F: failed, C: cancelled, T: timed_out, U: unknown.
constexpr bool kAllowed[7][7] = {
    //           Q      R      S      F      C      T      U
    /* Q */ {true, true, false, true, true, false, false},
    /* R */ {true, true, true, true, true, true, false},
    /* S */ {false, false, true, false, false, false, false},
    /* F */ {false, false, false, true, false, false, false},
    /* C */ {false, false, false, false, true, false, false},
    /* T */ {false, false, false, false, false, true, false},
    /* U */ {false, false, false, false, false, false, false},
};
} // namespace

class TestJobStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data()
    {
        QTest::addColumn<JobStatus>("from");
        QTest::addColumn<JobStatus>("to");
        QTest::addColumn<bool>("allowed");
        for (int f = 0; f < kAll.size(); ++f)
            for (int t = 0; t < kAll.size(); ++t)
                QTest::addRow("%s->%s", qPrintable(wire::jobStatusName(kAll[f])), qPrintable(wire::jobStatusName(kAll[t])))
                    << kAll[f] << kAll[t] << kAllowed[f][t];
    }
    void transitions()
    {
        QFETCH(JobStatus, from);
        QFETCH(JobStatus, to);
        QFETCH(bool, allowed);
        QCOMPARE(wire::canTransition(from, to), allowed);
        // A terminal status never changes.
        if (wire::isTerminal(from) && from != to)
            QVERIFY(!wire::canTransition(from, to));
        // What a runner's outcome leaves: a terminal status stays, anything else takes the outcome.
        QCOMPARE(wire::settledStatus(from, to), wire::isTerminal(from) ? from : to);
    }
    void aCancelDuringCollectionStays()
    {
        QCOMPARE(wire::settledStatus(JobStatus::Cancelled, JobStatus::Succeeded), JobStatus::Cancelled);
        QCOMPARE(wire::settledStatus(JobStatus::Cancelled, JobStatus::Failed), JobStatus::Cancelled);
        QCOMPARE(wire::settledStatus(JobStatus::Running, JobStatus::Succeeded), JobStatus::Succeeded);
        QCOMPARE(wire::settledStatus(JobStatus::Running, JobStatus::TimedOut), JobStatus::TimedOut);
    }

    void names()
    {
        const QStringList names{QStringLiteral("queued"),    QStringLiteral("running"),   QStringLiteral("succeeded"),
                                QStringLiteral("failed"),    QStringLiteral("cancelled"), QStringLiteral("timed_out")};
        QCOMPARE(wire::allJobStatuses().size(), names.size());
        for (int i = 0; i < names.size(); ++i) {
            const JobStatus s = wire::allJobStatuses().at(i);
            QCOMPARE(wire::jobStatusName(s), names.at(i));
            QVERIFY(wire::jobStatusFromString(names.at(i)) == std::optional<JobStatus>(s));
            QCOMPARE(wire::jobStatusOrUnknown(names.at(i)), s);
        }
        QVERIFY(!wire::jobStatusFromString(u"Running")); // exact names only
        QVERIFY(!wire::jobStatusFromString(u""));
        QCOMPARE(wire::jobStatusOrUnknown(u"preempted"), JobStatus::Unknown);
        QCOMPARE(wire::catalog::statuses(), names);
        QVERIFY(!wire::isTerminal(JobStatus::Queued));
        QVERIFY(!wire::isTerminal(JobStatus::Running));
        QVERIFY(!wire::isTerminal(JobStatus::Unknown));
        for (JobStatus s : {JobStatus::Succeeded, JobStatus::Failed, JobStatus::Cancelled, JobStatus::TimedOut})
            QVERIFY(wire::isTerminal(s));
    }

    // JobService::update checks the change against the stored row: a refused one is neither stored nor
    // announced; an allowed one (including a field change in a terminal status) is both.
    void updateRefusesWhatTheMachineRefuses()
    {
        QTemporaryDir dir;
        store::Store store;
        QString err;
        QVERIFY2(store.open(dir.filePath(QStringLiteral("s.db")), &err), qPrintable(err));
        jobs::JobService service(store, wire::PriceTable::defaults());
        wire::JobSpec spec;
        spec.name = QStringLiteral("sm");
        spec.command = QStringLiteral("true");
        spec.image = QStringLiteral("busybox");
        spec.gpu = QStringLiteral("none");
        spec.cpu = 2;
        spec.memoryGb = 4;
        auto created = service.create(QStringLiteral("acme"), spec);
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        wire::Job job = created.value();
        QCOMPARE(job.status, JobStatus::Queued);
        QSignalSpy changed(&service, &jobs::JobService::jobChanged);

        job.status = JobStatus::Succeeded; // never ran: refused
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("cannot go from queued to succeeded")));
        QVERIFY(!service.update(job));
        QCOMPARE(store.jobById(job.id)->status, JobStatus::Queued);
        QCOMPARE(changed.count(), 0);

        job.status = JobStatus::Running;
        QVERIFY(service.update(job));
        job.status = JobStatus::Failed;
        QVERIFY(service.update(job));
        QCOMPARE(changed.count(), 2);

        job.status = JobStatus::Queued; // a terminal status never changes
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("cannot go from failed to queued")));
        QVERIFY(!service.update(job));
        QCOMPARE(store.jobById(job.id)->status, JobStatus::Failed);
        QCOMPARE(changed.count(), 2);

        job.status = JobStatus::Failed; // the same status with another field: stored
        job.statusMessage = QStringLiteral("why");
        QVERIFY(service.update(job));
        QCOMPARE(store.jobById(job.id)->statusMessage, QStringLiteral("why"));
        QCOMPARE(changed.count(), 3);
    }
};

QTEST_GUILESS_MAIN(TestJobStatus)
#include "tst_jobstatus.moc"
