// The desktop app driven through its real widgets against a real seedd on loopback ("This computer"
// profile, found through the connection file): submit via the form (inline and server-side errors at
// their fields), rows appear and update in place, details, cancel/delete single and bulk, filters, search,
// server-side sort, paging, the disconnected indicator and the rebuild after reconnecting.
#include "jobstatustest.h"
#include "client/connectionmanager.h"
#include "client/seedclient.h"
#include "models/envmodel.h"
#include "models/jobfilterproxy.h"
#include "models/jobtablemodel.h"
#include "models/statuscountsmodel.h"
#include "models/statusstyle.h"
#include "seeddprocess.h"
#include "http.h"
#include "widgets/jobdetails.h"
#include "widgets/mainwindow.h"
#include "widgets/submitdialog.h"
#include "wire/catalog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace seed;
using models::JobTableModel;

class TestGuiJobs : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd;
    std::unique_ptr<ui::MainWindow> m_w;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    const QString m_ns = QStringLiteral("local");

    TestHttp http() const { return TestHttp(m_seedd.url(), TestHttp::bearer(m_seedd.localToken())); }
    JobTableModel *model() const { return m_w->jobModel(); }
    int row(const QString &name) const { return model()->rowOfName(name); }
    QString statusOf(const QString &name) const
    {
        const int r = row(name);
        return r < 0 ? QString() : wire::jobStatusName(model()->jobAt(r).status);
    }
    bool createViaHttp(const QString &name)
    {
        const QJsonObject body{{QStringLiteral("name"), name},
                               {QStringLiteral("command"), QStringLiteral("sleep 100")},
                               {QStringLiteral("image"), QStringLiteral("busybox")},
                               {QStringLiteral("gpu"), QStringLiteral("L4")}};
        return http().post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(m_ns), body).status == 201;
    }
    // The job submitViaForm creates, with the same spec, created over HTTP when that function has not run
    // (each test function may run alone: `tst_gui_jobs detailsShowFields`).
    void ensureTrainOne()
    {
        if (http().get(QStringLiteral("/%1/job/train-one").arg(m_ns)).status == 200)
            return;
        const QJsonObject body{{QStringLiteral("name"), QStringLiteral("train-one")},
                               {QStringLiteral("command"), QStringLiteral("python train.py --epochs 3")},
                               {QStringLiteral("image"), QStringLiteral("ghcr.io/acme/train:1")},
                               {QStringLiteral("gpu"), QStringLiteral("A100-80GB")},
                               {QStringLiteral("gpu_count"), 4},
                               {QStringLiteral("cpu"), 32},
                               {QStringLiteral("memory_gb"), 128},
                               {QStringLiteral("region"), QStringLiteral("eu-west-1")},
                               {QStringLiteral("retries"), 2},
                               {QStringLiteral("output_path"), QStringLiteral("/workspace/out")}};
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(m_ns), body).status, 201);
    }
    void cancelIfLive(const QString &name)
    {
        const QString st = http().get(QStringLiteral("/%1/job/%2").arg(m_ns, name)).json().value(QStringLiteral("status")).toString();
        if (st == QLatin1String("queued") || st == QLatin1String("running"))
            QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(m_ns, name), {}).status, 200);
    }
    ui::SubmitDialog *openForm()
    {
        m_w->newJobAction()->trigger();
        return m_w->submitDialog();
    }
    static void fillValid(ui::SubmitDialog *d, const QString &name)
    {
        auto *nameEdit = qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("name")));
        nameEdit->clear();
        QTest::keyClicks(nameEdit, name);
        auto *cmd = qobject_cast<QPlainTextEdit *>(d->fieldWidget(QStringLiteral("command")));
        cmd->clear();
        QTest::keyClicks(cmd, QStringLiteral("python train.py --epochs 3"));
        d->findChild<QRadioButton *>(QStringLiteral("useImage"))->click();
        auto *image = qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("image")));
        image->clear();
        QTest::keyClicks(image, QStringLiteral("ghcr.io/acme/train:1"));
    }
    static void pick(ui::SubmitDialog *d, const char *field, const QVariant &value)
    {
        auto *cb = qobject_cast<QComboBox *>(d->fieldWidget(QLatin1String(field)));
        QVERIFY(cb);
        const int i = cb->findData(value);
        QVERIFY2(i >= 0, field);
        cb->setCurrentIndex(i);
    }
    void confirm(const char *objectName, bool withCheckbox = false)
    {
        QTRY_VERIFY(m_w->pendingConfirmation());
        QMessageBox *box = m_w->pendingConfirmation();
        QCOMPARE(box->objectName(), QLatin1String(objectName));
        if (withCheckbox) {
            QVERIFY(box->checkBox());
            box->checkBox()->setChecked(true);
        }
        box->button(QMessageBox::Yes)->click();
        QTRY_VERIFY(!m_w->pendingConfirmation());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        ui::MainWindowOptions o;
        o.localDataDir = m_seedd.dataDir();
        o.pollIntervalMs = 250;
        o.restoreState = false;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test");
        m_w = std::make_unique<ui::MainWindow>(o);
        for (QAbstractItemModel *m : std::initializer_list<QAbstractItemModel *>{m_w->jobModel(), m_w->proxy(), m_w->statusCounts()})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_w->client()->setRetryPolicy({3, 100, 400, 5, 10000});
        m_w->show();
        QTRY_VERIFY(m_w->connection()->isReady());
        QTRY_COMPARE(m_w->client()->state(), client::ConnectionState::Connected);
        QVERIFY(m_w->client()->endpoint().local);
        QCOMPARE(m_w->connection()->currentNamespace(), m_ns);
        QVERIFY(!m_w->connection()->startedLocalDaemon()); // it found the running one
        QTRY_VERIFY(m_w->connectionIndicator()->text().contains(QLatin1String("This computer")));
    }

    // The connection indicator tells which credential the window acts with (to revoke or renew it), never the secret.
    void indicatorNamesTheCredentialNotItsSecret()
    {
        const QString token = m_seedd.localToken();
        QLabel *indicator = m_w->connectionIndicator();
        QTRY_VERIFY2(indicator->toolTip().contains(QStringLiteral("token sdt_") + token.mid(4, 12)),
                     qPrintable(indicator->toolTip()));
        QVERIFY(!indicator->toolTip().contains(token.mid(17)));
        QCOMPARE(client::credentialLabel("API-Key ci-bot$sk_abc").id, QStringLiteral("ci-bot"));
        QCOMPARE(client::credentialLabel("API-Key ci-bot$sk_abc").kind, client::CredentialLabel::ApiKey);
        const client::CredentialLabel other = client::credentialLabel("Bearer eyJhbGciOi.secret");
        QCOMPARE(other.kind, client::CredentialLabel::OtherBearer);
        QVERIFY(other.id.isEmpty());
    }

    void cleanupTestCase()
    {
        m_testers.clear();
        m_w.reset();
    }

    void statusColumnFitsTranslatedLabels()
    {
        // German has the longest status ("Zeit überschritten"): it was cut to "Abgebroc…" and "Zeit üb…".
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(SEED_DE_QM)));
        QCoreApplication::installTranslator(&german);
        const auto uninstall = qScopeGuard([&german] { QCoreApplication::removeTranslator(&german); });
        QCOMPARE(models::statusLabel(QStringLiteral("timed_out")), QStringLiteral("Zeit überschritten"));
        ui::MainWindowOptions o;
        o.localDataDir = m_seedd.dataDir();
        o.restoreState = false;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test");
        ui::MainWindow w(o);
        auto *view = w.findChild<QTableView *>(QStringLiteral("jobTable"));
        QVERIFY(view);
        const int width = view->horizontalHeader()->sectionSize(models::JobTableModel::Status);
        const int icon = view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view);
        const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
        for (const QString &status : wire::catalog::statuses()) {
            const QString label = models::statusLabel(status);
            // The item delegate's layout: margin, icon, margin, text, margin.
            const int needed = margin + icon + 2 * margin + view->fontMetrics().horizontalAdvance(label);
            QVERIFY2(width >= needed, qPrintable(QStringLiteral("%1: %2 px needed, %3 px wide").arg(label).arg(needed).arg(width)));
        }
    }

    void submitViaForm()
    {
        ui::SubmitDialog *d = openForm();
        QVERIFY(d);
        QTRY_VERIFY(d->isVisible());
        QVERIFY(!d->submitButton()->isEnabled()); // an empty form cannot be submitted
        fillValid(d, QStringLiteral("train-one"));
        pick(d, "gpu", QStringLiteral("A100-80GB"));
        pick(d, "gpu_count", 4);
        pick(d, "cpu", 32);
        qobject_cast<QSpinBox *>(d->fieldWidget(QStringLiteral("memory_gb")))->setValue(128);
        pick(d, "region", QStringLiteral("eu-west-1"));
        qobject_cast<QSpinBox *>(d->fieldWidget(QStringLiteral("retries")))->setValue(2);
        QTest::keyClicks(qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("output_path"))),
                         QStringLiteral("/workspace/out"));
        // Live estimate: 4 x A100-80GB.
        QVERIFY2(d->costEstimateText().contains(QLatin1String("12.80")), qPrintable(d->costEstimateText()));
        // An env row with a secret: masked in the table, sent to the server.
        models::EnvModel *env = d->envModel();
        const int r = env->addEntry();
        env->setData(env->index(r, models::EnvModel::NameColumn), QStringLiteral("HF_TOKEN"));
        env->setData(env->index(r, models::EnvModel::ValueColumn), QStringLiteral("hf_secret_value"));
        QVERIFY(!env->index(r, models::EnvModel::ValueColumn).data().toString().contains(QLatin1String("hf_")));
        QVERIFY(d->fieldError(QStringLiteral("name")).isEmpty());
        QVERIFY(d->submitButton()->isEnabled());
        QTest::mouseClick(d->submitButton(), Qt::LeftButton);
        QTRY_VERIFY(!m_w->submitDialog()); // closed on 201
        QTRY_VERIFY(row(QStringLiteral("train-one")) >= 0);
        const wire::Job j = model()->jobAt(row(QStringLiteral("train-one")));
        QCOMPARE(j.status, wire::JobStatus::Queued);
        QCOMPARE(j.gpuCount, 4);
        QCOMPARE(j.region, QStringLiteral("eu-west-1"));
        const HttpResult got = http().get(QStringLiteral("/%1/job/train-one").arg(m_ns));
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json().value(QStringLiteral("cpu")).toInt(), 32);
        QCOMPARE(got.json().value(QStringLiteral("memory_gb")).toInt(), 128);
        QCOMPARE(got.json().value(QStringLiteral("retries")).toInt(), 2);
        QCOMPARE(got.json().value(QStringLiteral("output_path")).toString(), QStringLiteral("/workspace/out"));
        QCOMPARE(got.json().value(QStringLiteral("image")).toString(), QStringLiteral("ghcr.io/acme/train:1"));
    }

    void inlineValidation()
    {
        ui::SubmitDialog *d = openForm();
        QVERIFY(d);
        fillValid(d, QStringLiteral("bad name!"));
        QVERIFY(d->fieldError(QStringLiteral("name")).contains(QLatin1String("letters, digits")));
        QVERIFY(!d->submitButton()->isEnabled());
        fillValid(d, QStringLiteral("good-name"));
        QVERIFY(d->fieldError(QStringLiteral("name")).isEmpty());
        QVERIFY(d->submitButton()->isEnabled());
        // The machine-shape rule (422 on the server) shows at cpu before anything is sent.
        pick(d, "gpu", QStringLiteral("T4"));
        pick(d, "cpu", 96);
        QVERIFY2(d->fieldError(QStringLiteral("cpu")).contains(QLatin1String("allows at most")),
                 qPrintable(d->fieldError(QStringLiteral("cpu"))));
        QVERIFY(!d->submitButton()->isEnabled());
        // Image chosen but empty: the error points at the image field.
        qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("image")))->clear();
        pick(d, "cpu", 8);
        QVERIFY(!d->fieldError(QStringLiteral("image")).isEmpty());
        d->reject();
        QTRY_VERIFY(!m_w->submitDialog());
    }

    void serverErrorsAtTheirField()
    {
        ensureTrainOne();
        ui::SubmitDialog *d = openForm();
        QVERIFY(d);
        d->setClientSideValidation(false); // let the server judge
        fillValid(d, QStringLiteral("too-many-cpus"));
        pick(d, "gpu", QStringLiteral("T4"));
        pick(d, "gpu_count", 1);
        pick(d, "cpu", 96);
        QTest::mouseClick(d->submitButton(), Qt::LeftButton);
        QTRY_VERIFY(!d->fieldError(QStringLiteral("cpu")).isEmpty());
        const QString err = d->fieldError(QStringLiteral("cpu"));
        QVERIFY2(err.contains(QLatin1String("allows at most")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("req_")), qPrintable(err)); // the envelope's request id
        QVERIFY(d->generalError().isEmpty());
        QCOMPARE(QApplication::focusWidget(), d->fieldWidget(QStringLiteral("cpu")));
        QVERIFY(m_w->submitDialog()); // still open for a fix
        QVERIFY(row(QStringLiteral("too-many-cpus")) < 0);

        // A name already taken: the server's 409 names the field too.
        fillValid(d, QStringLiteral("train-one"));
        pick(d, "cpu", 8);
        QTest::mouseClick(d->submitButton(), Qt::LeftButton);
        QTRY_VERIFY(!d->fieldError(QStringLiteral("name")).isEmpty());
        QVERIFY(d->fieldError(QStringLiteral("name")).contains(QLatin1String("already exists")));
        d->reject();
        QTRY_VERIFY(!m_w->submitDialog());
    }

    void rowsUpdateInPlace()
    {
        QVERIFY(createViaHttp(QStringLiteral("in-place")));
        QTRY_VERIFY(row(QStringLiteral("in-place")) >= 0);
        m_w->selectJobs({QStringLiteral("in-place")});
        QPersistentModelIndex status(m_w->proxy()->index(m_w->jobView()->selectionModel()->currentIndex().row(),
                                                         JobTableModel::Status));
        QVERIFY(status.isValid());
        QSignalSpy resets(model(), &QAbstractItemModel::modelReset);
        QSignalSpy proxyResets(m_w->proxy(), &QAbstractItemModel::modelReset);
        QSignalSpy changed(model(), &QAbstractItemModel::dataChanged);
        // Another client adds a job: it appears above ours (newest first) without a reset.
        QVERIFY(createViaHttp(QStringLiteral("other-1")));
        QTRY_VERIFY(row(QStringLiteral("other-1")) >= 0);
        QCOMPARE(row(QStringLiteral("other-1")), 0);
        QVERIFY(status.isValid());
        QCOMPARE(status.data(JobTableModel::JobNameRole).toString(), QStringLiteral("in-place"));
        QVERIFY(m_w->jobView()->selectionModel()->isRowSelected(status.row(), {}));
        // Another client cancels ours: the same row changes in place.
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/%1/jobs/in-place/cancel").arg(m_ns), {}).status, 200);
        QTRY_COMPARE(status.data(JobTableModel::StatusRole).toString(), QStringLiteral("cancelled"));
        QCOMPARE(status.data(JobTableModel::JobNameRole).toString(), QStringLiteral("in-place"));
        QVERIFY(m_w->jobView()->selectionModel()->isRowSelected(status.row(), {}));
        QVERIFY(changed.count() > 0);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(proxyResets.count(), 0);
    }

    void eventsStreamUpdatesWithoutPolling()
    {
        QTRY_VERIFY(model()->isStreaming()); // seedd has GET /{ns}/events
        model()->setPollInterval(60000);     // 10 minutes while streaming: only events can do what follows
        QSignalSpy resets(model(), &QAbstractItemModel::modelReset);
        QVERIFY(createViaHttp(QStringLiteral("evented")));
        QTRY_VERIFY(row(QStringLiteral("evented")) >= 0);
        QPersistentModelIndex idx(model()->index(row(QStringLiteral("evented")), JobTableModel::Status));
        QCOMPARE(http().post(QStringLiteral("/auth/v1/seed/%1/jobs/evented/cancel").arg(m_ns), {}).status, 200);
        QTRY_COMPARE(idx.data(JobTableModel::StatusRole).toString(), QStringLiteral("cancelled"));
        QCOMPARE(http().del(QStringLiteral("/auth/v1/seed/%1/jobs/evented").arg(m_ns)).status, 204);
        QTRY_VERIFY(row(QStringLiteral("evented")) < 0);
        QCOMPARE(resets.count(), 0);
        model()->setPollInterval(250);
    }

    void detailsShowFields()
    {
        ensureTrainOne();
        cancelIfLive(QStringLiteral("train-one"));
        QTRY_VERIFY(row(QStringLiteral("train-one")) >= 0);
        m_w->selectJobs({QStringLiteral("train-one")});
        ui::JobDetails *d = m_w->details();
        QTRY_COMPARE(d->fieldText(QStringLiteral("name")), QStringLiteral("train-one"));
        QTRY_COMPARE(d->fieldText(QStringLiteral("command")), QStringLiteral("python train.py --epochs 3"));
        QTRY_VERIFY2(d->fieldText(QStringLiteral("status")).startsWith(QLatin1String("Cancelled")),
                     qPrintable(d->fieldText(QStringLiteral("status"))));
        QCOMPARE(d->fieldText(QStringLiteral("gpu")), QStringLiteral("A100-80GB × 4"));
        QVERIFY(d->fieldText(QStringLiteral("machine")).contains(QLatin1String("32 vCPUs")));
        QVERIFY(d->fieldText(QStringLiteral("machine")).contains(QLatin1String("128 GB memory")));
        QCOMPARE(d->fieldText(QStringLiteral("region")), QStringLiteral("eu-west-1"));
        QCOMPARE(d->fieldText(QStringLiteral("cost_per_hour")), QStringLiteral("12.80"));
        QCOMPARE(d->fieldText(QStringLiteral("output_path")), QStringLiteral("/workspace/out"));
        QCOMPARE(d->fieldText(QStringLiteral("source")), QStringLiteral("Image ghcr.io/acme/train:1"));
        QCOMPARE(d->fieldText(QStringLiteral("retries")), QStringLiteral("0 of 2 used"));
        QCOMPARE(d->fieldText(QStringLiteral("namespace")), m_ns);
        QVERIFY(d->fieldText(QStringLiteral("id")).startsWith(QLatin1String("job_")));
        QVERIFY(d->fieldText(QStringLiteral("completed_at")) != QLatin1String("—"));
        QCOMPARE(d->fieldText(QStringLiteral("artifacts.size")), QStringLiteral("none"));
        m_w->copyCommandAction()->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("python train.py --epochs 3"));

        // "Submit a copy" opens the form with the job's spec under a free name.
        m_w->submitCopyAction()->trigger();
        ui::SubmitDialog *form = m_w->submitDialog();
        QVERIFY(form);
        const wire::JobSpec s = form->spec();
        QCOMPARE(s.name, QStringLiteral("train-one-2"));
        QCOMPARE(s.gpuCount, 4);
        QCOMPARE(s.cpu, 32);
        QCOMPARE(s.image, QStringLiteral("ghcr.io/acme/train:1"));
        QCOMPARE(s.region, QStringLiteral("eu-west-1"));
        QVERIFY(form->submitButton()->isEnabled());
        QTest::mouseClick(form->submitButton(), Qt::LeftButton);
        QTRY_VERIFY(row(QStringLiteral("train-one-2")) >= 0);
    }

    void cancelAndDeleteFromTheUi()
    {
        QVERIFY(createViaHttp(QStringLiteral("victim")));
        QTRY_VERIFY(row(QStringLiteral("victim")) >= 0);
        m_w->selectJobs({QStringLiteral("victim")});
        QVERIFY(m_w->cancelAction()->isEnabled());
        QVERIFY(!m_w->deleteAction()->isEnabled()); // queued jobs cannot be deleted
        m_w->cancelAction()->trigger();
        confirm("confirmCancel");
        QTRY_COMPARE(statusOf(QStringLiteral("victim")), QStringLiteral("cancelled"));
        QCOMPARE(http().get(QStringLiteral("/%1/job/victim").arg(m_ns)).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        QTRY_VERIFY(m_w->deleteAction()->isEnabled());
        // Saying no keeps it.
        m_w->deleteAction()->trigger();
        QTRY_VERIFY(m_w->pendingConfirmation());
        m_w->pendingConfirmation()->button(QMessageBox::No)->click();
        QTRY_VERIFY(!m_w->pendingConfirmation());
        QCOMPARE(http().get(QStringLiteral("/%1/job/victim").arg(m_ns)).status, 200);
        m_w->deleteAction()->trigger();
        confirm("confirmDelete", true); // also delete artifacts
        QTRY_VERIFY(row(QStringLiteral("victim")) < 0);
        QCOMPARE(http().get(QStringLiteral("/%1/job/victim").arg(m_ns)).status, 404);
    }

    void bulkCancelAndDelete()
    {
        const QStringList names{QStringLiteral("bulk-1"), QStringLiteral("bulk-2"), QStringLiteral("bulk-3")};
        for (const QString &n : names)
            QVERIFY(createViaHttp(n));
        QTRY_VERIFY(row(names.at(0)) >= 0 && row(names.at(1)) >= 0 && row(names.at(2)) >= 0);
        m_w->selectJobs(names);
        QCOMPARE(m_w->selectedJobs().size(), 3);
        QVERIFY(m_w->cancelAction()->text().contains(QLatin1Char('3')));
        m_w->cancelAction()->trigger();
        QTRY_VERIFY(m_w->pendingConfirmation());
        QVERIFY(m_w->pendingConfirmation()->text().contains(QLatin1Char('3')));
        confirm("confirmCancel");
        for (const QString &n : names)
            QTRY_COMPARE(statusOf(n), QStringLiteral("cancelled"));
        m_w->selectJobs(names);
        QTRY_VERIFY(m_w->deleteAction()->isEnabled());
        m_w->deleteAction()->trigger();
        confirm("confirmDelete");
        for (const QString &n : names) {
            QTRY_VERIFY(row(n) < 0);
            QCOMPARE(http().get(QStringLiteral("/%1/job/%2").arg(m_ns, n)).status, 404);
        }
    }

    void statusFilterWithCounts()
    {
        if (http().get(QStringLiteral("/%1/job/filtered-out").arg(m_ns)).status != 200)
            QVERIFY(createViaHttp(QStringLiteral("filtered-out")));
        cancelIfLive(QStringLiteral("filtered-out"));
        if (http().get(QStringLiteral("/%1/job/filter-queued").arg(m_ns)).status != 200)
            QVERIFY(createViaHttp(QStringLiteral("filter-queued")));
        models::StatusCountsModel *counts = m_w->statusCounts();
        const qint64 cancelled = http().get(QStringLiteral("/%1/jobs?status=cancelled&per_page=1").arg(m_ns))
                                     .json().value(QStringLiteral("pagination")).toObject()
                                     .value(QStringLiteral("total")).toInteger();
        const qint64 all = http().get(QStringLiteral("/%1/jobs?per_page=1").arg(m_ns))
                               .json().value(QStringLiteral("pagination")).toObject()
                               .value(QStringLiteral("total")).toInteger();
        QVERIFY(cancelled >= 1);
        QTRY_COMPARE(counts->count(QStringLiteral("cancelled")), cancelled);
        QTRY_COMPARE(counts->count(QString()), all);
        QVERIFY(counts->index(counts->rowOf(QStringLiteral("cancelled"))).data().toString().contains(QString::number(cancelled)));

        QListView *filter = m_w->statusView();
        filter->setCurrentIndex(counts->index(counts->rowOf(QStringLiteral("cancelled"))));
        QCOMPARE(model()->statusFilter(), QStringLiteral("cancelled"));
        QTRY_COMPARE(qint64(model()->rowCount()), cancelled);
        for (int r = 0; r < model()->rowCount(); ++r)
            QCOMPARE(model()->jobAt(r).status, wire::JobStatus::Cancelled);
        filter->setCurrentIndex(counts->index(counts->rowOf(QStringLiteral("queued"))));
        QTRY_VERIFY(model()->rowCount() > 0 && model()->jobAt(0).status == wire::JobStatus::Queued);
        QTRY_VERIFY(row(QStringLiteral("filtered-out")) < 0);
        filter->setCurrentIndex(counts->index(0));
        QTRY_COMPARE(qint64(model()->rowCount()), all);
    }

    void nameSearch()
    {
        QVERIFY(createViaHttp(QStringLiteral("findme-7")));
        QTRY_VERIFY(row(QStringLiteral("findme-7")) >= 0);
        QLineEdit *search = m_w->searchEdit();
        QTest::keyClicks(search, QStringLiteral("FINDME"));
        QTRY_COMPARE(m_w->proxy()->rowCount(), 1);
        QCOMPARE(m_w->proxy()->index(0, 0).data().toString(), QStringLiteral("findme-7"));
        search->clear();
        QTRY_COMPARE(m_w->proxy()->rowCount(), model()->rowCount());
    }

    void serverSideSort()
    {
        QHeaderView *header = m_w->jobView()->horizontalHeader();
        const auto click = [header](int section) {
            const QPoint at(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                            header->height() / 2);
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        };
        const auto names = [this] {
            QStringList out;
            for (int r = 0; r < model()->rowCount(); ++r)
                out << model()->jobAt(r).name;
            return out;
        };
        for (const QString &n : {QStringLiteral("sort-a"), QStringLiteral("sort-b"), QStringLiteral("sort-c")})
            if (http().get(QStringLiteral("/%1/job/%2").arg(m_ns, n)).status != 200)
                QVERIFY(createViaHttp(n));
        click(JobTableModel::Name);
        QTRY_COMPARE(model()->sortColumn(), int(JobTableModel::Name));
        QTRY_VERIFY2(!model()->isBusy() && model()->rowCount() > 2,
                     qPrintable(QStringLiteral("busy %1 rows %2").arg(model()->isBusy()).arg(model()->rowCount())));
        const Qt::SortOrder first = model()->sortOrder();
        QStringList expected = names();
        std::sort(expected.begin(), expected.end());
        if (first == Qt::DescendingOrder)
            std::reverse(expected.begin(), expected.end());
        QTRY_COMPARE(names(), expected);
        click(JobTableModel::Name);
        QTRY_VERIFY(model()->sortOrder() != first);
        std::reverse(expected.begin(), expected.end());
        QTRY_COMPARE(names(), expected);
        // A column the server cannot sort by leaves the order alone.
        click(JobTableModel::Gpu);
        QCOMPARE(model()->sortColumn(), int(JobTableModel::Name));
        QCOMPARE(header->sortIndicatorSection(), int(JobTableModel::Name));
        // Back to newest first.
        model()->sort(JobTableModel::Created, Qt::DescendingOrder);
        // The table may be empty for a moment while the server re-sorts: never index an empty model.
        const QString newest = http().get(QStringLiteral("/%1/jobs?per_page=1").arg(m_ns)).json().value(QStringLiteral("data"))
                                   .toArray().first().toObject().value(QStringLiteral("name")).toString();
        QVERIFY(!newest.isEmpty()); // else the check below passes whenever the table is empty for a moment
        QTRY_COMPARE(model()->rowCount() > 0 ? model()->jobAt(0).name : QString(), newest);
    }

    void pagingFetchesMoreOnScroll()
    {
        for (int i = 0; i < 60; ++i)
            QVERIFY(createViaHttp(QStringLiteral("page-%1").arg(i, 2, 10, QLatin1Char('0'))));
        const qint64 total = http().get(QStringLiteral("/%1/jobs?per_page=1").arg(m_ns))
                                 .json().value(QStringLiteral("pagination")).toObject()
                                 .value(QStringLiteral("total")).toInteger();
        QSignalSpy inserted(model(), &QAbstractItemModel::rowsInserted);
        model()->setPageSize(5);
        model()->reload();
        // Page 1 only, then whatever the view asks for (it fetches until its viewport is full, and more
        // as the user scrolls): rows always come a page at a time.
        QTRY_VERIFY(model()->loadedPages() >= 1);
        QTableView *view = m_w->jobView();
        for (int i = 0; i < 100 && model()->rowCount() < total; ++i) {
            view->scrollToBottom();
            QTest::qWait(50);
        }
        QTRY_COMPARE(qint64(model()->rowCount()), total);
        QVERIFY(!model()->canFetchMore({}));
        QCOMPARE(model()->loadedPages(), int((total + 4) / 5));
        QVERIFY(inserted.count() >= int((total + 4) / 5));
        for (const auto &args : std::as_const(inserted))
            QVERIFY(args.at(2).toInt() - args.at(1).toInt() + 1 <= 5);
        // A refresh re-reads every loaded page and keeps them all.
        QSignalSpy refreshed(model(), &JobTableModel::refreshed);
        QTRY_VERIFY(refreshed.count() >= 2);
        QCOMPARE(qint64(model()->rowCount()), total);
        QStringList seen;
        for (int r = 0; r < model()->rowCount(); ++r)
            seen << model()->jobAt(r).id;
        seen.removeDuplicates();
        QCOMPARE(qint64(seen.size()), total);
        model()->setPageSize(100);
    }

    void disconnectedThenRebuilt()
    {
        const QString url = m_seedd.url();
        const QString port = url.mid(url.lastIndexOf(u':') + 1);
        const int rowsBefore = model()->rowCount();
        QSignalSpy reconnected(m_w->client(), &client::SeedClient::reconnected);
        QVERIFY(m_seedd.stop());
        QTRY_COMPARE(m_w->client()->state(), client::ConnectionState::Disconnected);
        QTRY_VERIFY(m_w->connectionIndicator()->text().contains(QLatin1String("Disconnected")));
        QCOMPARE(model()->rowCount(), rowsBefore); // the last known rows stay visible
        // While it is away, another client's job lands (the daemon restarts on the same address).
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:") + port}));
        QCOMPARE(m_seedd.url(), url);
        QVERIFY(createViaHttp(QStringLiteral("after-restart")));
        QTRY_VERIFY_WITH_TIMEOUT(reconnected.count() >= 1, 10000);
        QTRY_COMPARE(m_w->client()->state(), client::ConnectionState::Connected);
        QTRY_VERIFY(row(QStringLiteral("after-restart")) >= 0);
        QTRY_VERIFY(!m_w->connectionIndicator()->text().contains(QLatin1String("Disconnected")));
    }
};

QTEST_MAIN(TestGuiJobs)
#include "tst_gui_jobs.moc"
