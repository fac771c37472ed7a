// The models on their own, under QAbstractItemModelTester: the job table's reconcile (insert, remove,
// reorder, change: never a reset), in-place updates, the name filter proxy, status counts and env rows.
#include "models/envmodel.h"
#include "models/jobfields.h"
#include "models/jobfilterproxy.h"
#include "models/jobtablemodel.h"
#include "models/statuscountsmodel.h"
#include "models/statusstyle.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <functional>

using namespace seed;
using models::JobField;
using models::JobTableModel;

namespace {
wire::Job job(const QString &name, const QString &status = QStringLiteral("queued"))
{
    wire::Job j;
    j.id = QStringLiteral("job_") + name;
    j.name = name;
    j.ns = QStringLiteral("acme");
    j.status = wire::jobStatusOrUnknown(status);
    j.gpu = QStringLiteral("A100-80GB");
    j.gpuCount = 4;
    j.region = QStringLiteral("us-east-1");
    j.costPerHourCents = 1280;
    j.createdAt = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    return j;
}
QList<wire::Job> jobs(const QStringList &names)
{
    QList<wire::Job> out;
    for (const QString &n : names)
        out.append(job(n));
    return out;
}
QStringList namesOf(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, 0).data(JobTableModel::JobNameRole).toString());
    return out;
}
} // namespace

class TestGuiModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reconcileNeverResets()
    {
        JobTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);

        model.reconcile(jobs({QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")}));
        QCOMPARE(namesOf(model), (QStringList{QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")}));
        QCOMPARE(inserted.count(), 1); // one run

        QPersistentModelIndex b(model.index(1, JobTableModel::Status));
        // Two new jobs at the top, one gone from the middle, one changed.
        QList<wire::Job> next = jobs({QStringLiteral("e"), QStringLiteral("d"), QStringLiteral("c"), QStringLiteral("a")});
        next[3].status = wire::JobStatus::Running;
        next[3].startedAt = QDateTime::currentDateTimeUtc();
        inserted.clear();
        model.reconcile(next);
        QCOMPARE(namesOf(model), (QStringList{QStringLiteral("e"), QStringLiteral("d"), QStringLiteral("c"), QStringLiteral("a")}));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);
        QVERIFY(!b.isValid()); // b was removed
        QVERIFY(changed.count() >= 1);
        QCOMPARE(model.index(3, 0).data(JobTableModel::StatusRole).toString(), QStringLiteral("running"));

        // A new order keeps persistent indexes on their jobs (selection survives a re-sort).
        QPersistentModelIndex a(model.index(3, JobTableModel::Name));
        model.reconcile(jobs({QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")}));
        QCOMPARE(layout.count(), 1);
        QVERIFY(a.isValid());
        QCOMPARE(a.row(), 0);
        QCOMPARE(a.data(JobTableModel::JobNameRole).toString(), QStringLiteral("a"));

        // The same list again: nothing at all.
        changed.clear();
        inserted.clear();
        removed.clear();
        model.reconcile(jobs({QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")}));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(inserted.count() + removed.count(), 0);
        QCOMPARE(resets.count(), 0);
    }

    void updatesComeInRuns()
    {
        JobTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList names;
        for (int i = 0; i < 10; ++i)
            names << QStringLiteral("j%1").arg(i);
        model.reconcile(jobs(names));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy finished(&model, &JobTableModel::jobFinished);
        QList<wire::Job> upd;
        for (int i : {2, 3, 4, 7}) {
            wire::Job j = job(names.at(i), QStringLiteral("succeeded"));
            upd.append(j);
        }
        upd.append(job(QStringLiteral("unknown"), QStringLiteral("failed"))); // ignored
        model.applyUpdates(upd);
        QCOMPARE(changed.count(), 2); // rows 2..4 and 7
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 2);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 4);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 7);
        QCOMPARE(finished.count(), 4); // queued -> succeeded is an end worth telling
    }

    // Each field the table compares flips exactly its own flag; equal jobs flip none.
    void changedFields_data()
    {
        using Change = std::function<void(wire::Job &)>;
        QTest::addColumn<Change>("change");
        QTest::addColumn<int>("field");
        const QDateTime t = QDateTime::fromSecsSinceEpoch(1700000600, Qt::UTC);
        const auto row = [](const char *name, Change c, JobField f) { QTest::newRow(name) << c << int(f); };
        row("status", [](wire::Job &j) { j.status = wire::JobStatus::Running; }, JobField::Status);
        row("progress", [](wire::Job &j) { j.progress = QStringLiteral("1/3"); }, JobField::Progress);
        row("progressFraction", [](wire::Job &j) { j.progressFraction = 0.5; }, JobField::ProgressFraction);
        row("runtime", [](wire::Job &j) { j.runtimeSeconds = 61; }, JobField::Runtime);
        row("costPerHour", [](wire::Job &j) { j.costPerHourCents = 1; }, JobField::CostPerHour);
        row("startedAt", [t](wire::Job &j) { j.startedAt = t; }, JobField::StartedAt);
        row("completedAt", [t](wire::Job &j) { j.completedAt = t; }, JobField::CompletedAt);
        row("exitCode", [](wire::Job &j) { j.exitCode = 0; }, JobField::ExitCode);
        row("queuePosition", [](wire::Job &j) { j.queuePosition = 2; }, JobField::QueuePosition);
        row("statusMessage", [](wire::Job &j) { j.statusMessage = QStringLiteral("oom"); }, JobField::StatusMessage);
        row("name", [](wire::Job &j) { j.name = QStringLiteral("other"); }, JobField::Name);
        row("gpu", [](wire::Job &j) { j.gpu = QStringLiteral("L4"); }, JobField::Gpu);
        row("gpuCount", [](wire::Job &j) { j.gpuCount = 8; }, JobField::GpuCount);
        row("region", [](wire::Job &j) { j.region = QStringLiteral("eu-west-1"); }, JobField::Region);
        row("retryCount", [](wire::Job &j) { j.retryCount = 1; }, JobField::RetryCount);
        row("eta", [](wire::Job &j) { j.etaSeconds = 30; }, JobField::Eta);
        row("createdAt", [t](wire::Job &j) { j.createdAt = t; }, JobField::CreatedAt);
        row("serverTotalCost", [](wire::Job &j) { j.serverTotalCostCents = 5; }, JobField::ServerTotalCost);
        row("stopping", [](wire::Job &j) { j.stopping = true; }, JobField::Stopping);
        row("forceStopAt", [t](wire::Job &j) { j.forceStopAt = t; }, JobField::ForceStopAt);
        row("spot", [](wire::Job &j) { j.spot = true; }, JobField::Spot);
        row("nodes", [](wire::Job &j) { j.nodes = 2; }, JobField::Nodes);
        row("preemptions", [](wire::Job &j) { j.preemptions = 1; }, JobField::Preemptions);
        row("preemptedBy", [](wire::Job &j) { j.preemptedBy = QStringLiteral("job_x"); }, JobField::PreemptedBy);
        row("preemptedAt", [t](wire::Job &j) { j.preemptedAt = t; }, JobField::PreemptedAt);
    }
    void changedFields()
    {
        QFETCH(std::function<void(wire::Job &)>, change);
        QFETCH(int, field);
        const wire::Job a = job(QStringLiteral("a"));
        QCOMPARE(models::changedFields(a, a).toInt(), 0);
        QCOMPARE(models::changedFields(a, job(QStringLiteral("a"))).toInt(), 0);
        wire::Job b = a;
        change(b);
        QCOMPARE(models::changedFields(a, b).toInt(), field);
        QCOMPARE(models::changedFields(b, a).toInt(), field);
        // Every field has the columns it is drawn in.
        const auto cols = JobTableModel::columnsOf(models::JobFields::fromInt(field));
        QVERIFY(cols.first <= cols.second);
    }

    // A refresh signals only the columns whose fields changed, rows with the same change in one run.
    void changesSignalOnlyTheirColumns()
    {
        JobTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList names;
        for (int i = 0; i < 6; ++i)
            names << QStringLiteral("j%1").arg(i);
        QList<wire::Job> list = jobs(names);
        model.reconcile(list);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        list[1].progress = QStringLiteral("Step 1/10");
        list[2].progress = QStringLiteral("Step 2/10");
        list[4].region = QStringLiteral("eu-west-1");
        model.reconcile(list);
        QCOMPARE(changed.count(), 2);
        const auto span = [&changed](int i) {
            const auto tl = changed.at(i).at(0).value<QModelIndex>();
            const auto br = changed.at(i).at(1).value<QModelIndex>();
            return QList<int>{tl.row(), br.row(), tl.column(), br.column()};
        };
        QCOMPARE(span(0), (QList<int>{1, 2, JobTableModel::Progress, JobTableModel::Progress}));
        QCOMPARE(span(1), (QList<int>{4, 4, JobTableModel::Region, JobTableModel::Region}));
        QCOMPARE(model.index(2, JobTableModel::Progress).data().toString(), QStringLiteral("Step 2/10"));

        // An event that ends a job: its label, progress, clock and end time, not its name, GPU or region.
        changed.clear();
        wire::Job done = list.at(3);
        done.status = wire::JobStatus::Succeeded;
        done.completedAt = QDateTime::fromSecsSinceEpoch(1700000900, Qt::UTC);
        model.applyUpdates({done});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(span(0), (QList<int>{3, 3, JobTableModel::Status, JobTableModel::Completed}));

        // Two events for one job in one batch: one signal over the columns of both.
        changed.clear();
        wire::Job e1 = list.at(0), e2 = list.at(0);
        e1.region = QStringLiteral("ap-south-1");
        e2.region = e1.region;
        e2.progress = QStringLiteral("Step 3/10");
        model.applyUpdates({e1, e2});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(span(0), (QList<int>{0, 0, JobTableModel::Region, JobTableModel::Progress}));
    }

    void displayColumns()
    {
        JobTableModel model;
        wire::Job j = job(QStringLiteral("x"), QStringLiteral("running"));
        j.progress = QStringLiteral("Epoch 2/3 - Step 4200/6300");
        j.runtimeSeconds = 3725;
        j.startedAt = QDateTime::currentDateTimeUtc().addSecs(-3725);
        model.reconcile({j});
        QCOMPARE(model.index(0, JobTableModel::Gpu).data().toString(), QStringLiteral("A100-80GB × 4"));
        QCOMPARE(model.index(0, JobTableModel::CostPerHour).data().toString(), QStringLiteral("12.80"));
        QCOMPARE(model.index(0, JobTableModel::Runtime).data().toString(), QStringLiteral("1h 02m"));
        QCOMPARE(model.index(0, JobTableModel::TotalCost).data().toString(), QStringLiteral("13.24"));
        QVERIFY(qAbs(model.index(0, JobTableModel::Progress).data(JobTableModel::ProgressFractionRole).toDouble() -
                     4200.0 / 6300.0) < 1e-9);
        QVERIFY(!model.index(0, JobTableModel::Status).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.index(0, JobTableModel::Status).data().toString(), QStringLiteral("Running"));
        // Only name and times sort, on the server.
        QCOMPARE(JobTableModel::sortFieldFor(JobTableModel::Name), QStringLiteral("name"));
        QCOMPARE(JobTableModel::sortFieldFor(JobTableModel::Created), QStringLiteral("created_at"));
        QVERIFY(JobTableModel::sortFieldFor(JobTableModel::Gpu).isEmpty());
    }

    void moneyFollowsTheLocale()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        JobTableModel model;
        model.reconcile({job(QStringLiteral("x"), QStringLiteral("queued"))});
        QCOMPARE(model.index(0, JobTableModel::CostPerHour).data().toString(), QStringLiteral("12,80"));
        QCOMPARE(models::formatMoney(123456), QStringLiteral("1.234,56"));
        QCOMPARE(models::formatMoney(-5), QStringLiteral("-0,05"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(models::formatMoney(123456), QStringLiteral("1,234.56"));
        QCOMPARE(models::formatMoney(0), QStringLiteral("0.00"));
        QLocale::setDefault(before);
    }

    void proxyFiltersByName()
    {
        JobTableModel model;
        models::JobFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reconcile(jobs({QStringLiteral("train-a"), QStringLiteral("eval-b"), QStringLiteral("TRAIN-c")}));
        proxy.setNameFilter(QStringLiteral("train"));
        QCOMPARE(proxy.rowCount(), 3); // deferred
        proxy.applyNameFilterNow();
        QCOMPARE(namesOf(proxy), (QStringList{QStringLiteral("train-a"), QStringLiteral("TRAIN-c")}));
        // New rows are filtered as they come; updates pass through.
        model.reconcile(jobs({QStringLiteral("train-d"), QStringLiteral("eval-e"), QStringLiteral("train-a"),
                              QStringLiteral("eval-b"), QStringLiteral("TRAIN-c")}));
        QCOMPARE(namesOf(proxy), (QStringList{QStringLiteral("train-d"), QStringLiteral("train-a"), QStringLiteral("TRAIN-c")}));
        proxy.setNameFilter(QString());
        proxy.applyNameFilterNow();
        QCOMPARE(proxy.rowCount(), 5);
    }

    void statusCounts()
    {
        models::StatusCountsModel counts;
        QAbstractItemModelTester tester(&counts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(counts.rowCount(), 7);
        QCOMPARE(counts.statusAt(0), QString());
        QSignalSpy changed(&counts, &QAbstractItemModel::dataChanged);
        counts.setCount(QStringLiteral("running"), 3);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(counts.index(counts.rowOf(QStringLiteral("running"))).data().toString(), QStringLiteral("Running (3)"));
        counts.setCount(QStringLiteral("running"), 3);
        QCOMPARE(changed.count(), 1);
    }

    void envRowsMaskSecrets()
    {
        models::EnvModel env;
        QAbstractItemModelTester tester(&env, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int r = env.addEntry();
        QVERIFY(env.setData(env.index(r, models::EnvModel::NameColumn), QStringLiteral("HF_TOKEN")));
        QVERIFY(env.setData(env.index(r, models::EnvModel::ValueColumn), QStringLiteral("hf_xyz789")));
        // A credential-looking name starts masked.
        QCOMPARE(env.index(r, models::EnvModel::SecretColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(!env.index(r, models::EnvModel::ValueColumn).data().toString().contains(QLatin1String("hf_")));
        QCOMPARE(env.index(r, models::EnvModel::ValueColumn).data(Qt::EditRole).toString(), QStringLiteral("hf_xyz789"));
        QVERIFY(env.setData(env.index(r, models::EnvModel::SecretColumn), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(env.index(r, models::EnvModel::ValueColumn).data().toString(), QStringLiteral("hf_xyz789"));
        env.addEntry({QStringLiteral("WANDB_PROJECT"), QStringLiteral("llama"), false});
        env.addEntry(); // an empty row is left out
        QCOMPARE(env.toMap().size(), 2);
        QVERIFY(env.removeRows(0, 1));
        QCOMPARE(env.toMap().keys(), QStringList{QStringLiteral("WANDB_PROJECT")});
    }
};

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
