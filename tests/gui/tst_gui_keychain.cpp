// Secrets through the system keychain (run under tests/run-with-keyring.sh: a private D-Bus session with
// an unlocked gnome-keyring), and the remote path for real: a second seedd serving HTTPS on loopback
// with a self-signed certificate made here, reached through a remote profile whose token is stored in
// the keychain through the Connections dialog.
#include "client/connectionmanager.h"
#include "client/secretstore.h"
#include "client/seedclient.h"
#include "models/jobtablemodel.h"
#include "remoteprofilesteps.h"
#include "seeddprocess.h"
#include "strayseedd.h"
#include "widgets/mainwindow.h"
#include "widgets/profilesdialog.h"
#include "widgets/submitdialog.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace seed;

class TestGuiKeychain : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;
    SeeddProcess m_remote;
    QString m_cert;
    QString m_token;
    const QString m_service = QStringLiteral("seed-test-%1").arg(QCoreApplication::applicationPid());

    static client::SecretStore::Result sync(std::function<void(client::SecretStore::Callback)> op)
    {
        std::optional<client::SecretStore::Result> got;
        op([&got](const client::SecretStore::Result &r) { got = r; });
        if (!QTest::qWaitFor([&got] { return got.has_value(); }, 10000))
            qWarning("keychain job did not answer");
        return got.value_or(client::SecretStore::Result{client::SecretStore::Status::Unavailable, {}, {}});
    }

private Q_SLOTS:
    void cleanupTestCase() { stopStraySeedd(m_tmp.filePath(QStringLiteral("no-local"))); }

    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/run-with-keyring.sh");
        QVERIFY(m_tmp.isValid());
        m_cert = m_tmp.filePath(QStringLiteral("cert.pem"));
        const QString key = m_tmp.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                       QStringLiteral("-out"), m_cert, QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        QVERIFY(m_remote.start({QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--tls-cert"),
                                m_cert, QStringLiteral("--tls-key"), key}));
        QVERIFY2(m_remote.url().startsWith(QLatin1String("https://")), qPrintable(m_remote.url()));
        m_token = m_remote.createToken({QStringLiteral("acme"), QStringLiteral("beta")});
        QVERIFY(!m_token.isEmpty());
    }

    void keychainRoundTrip()
    {
        client::SecretStore store(m_service);
        const QString k = QStringLiteral("profile/round-trip");
        auto w = sync([&](auto cb) { store.write(k, QStringLiteral("s3cret-ä"), this, cb); });
        QCOMPARE(int(w.status), int(client::SecretStore::Status::Ok));
        QVERIFY(!store.hasSessionSecret(k));
        // A fresh store (another process, say) reads it back from the keychain.
        client::SecretStore other(m_service);
        auto r = sync([&](auto cb) { other.read(k, this, cb); });
        QCOMPARE(int(r.status), int(client::SecretStore::Status::Ok));
        QCOMPARE(r.secret, QStringLiteral("s3cret-ä"));
        auto d = sync([&](auto cb) { other.remove(k, this, cb); });
        QCOMPARE(int(d.status), int(client::SecretStore::Status::Ok));
        auto gone = sync([&](auto cb) { store.read(k, this, cb); });
        QCOMPARE(int(gone.status), int(client::SecretStore::Status::NotFound));
    }

    void tlsNeedsTheTrustedCertificate()
    {
        client::SeedClient c;
        c.setRetryPolicy({1, 10, 10, 1, 10000});
        client::Endpoint e;
        e.baseUrl = QUrl(m_remote.url());
        e.ns = QStringLiteral("acme");
        e.authorization = "Bearer " + m_token.toUtf8();
        c.setEndpoint(e); // no extra CA: the self-signed certificate is refused
        std::optional<client::Result<wire::JobPage>> got;
        c.listJobs({}, this, [&got](const client::Result<wire::JobPage> &r) { got.emplace(r); });
        QTRY_VERIFY(got);
        QVERIFY(!got->ok());
        QCOMPARE(got->value.error().kind, wire::ErrorKind::Unavailable);
        QCOMPARE(c.state(), client::ConnectionState::Disconnected);
    }

    void remoteProfileThroughTheUi()
    {
        ui::MainWindowOptions o =
            testing::remoteOnlyWindowOptions(m_tmp.filePath(QStringLiteral("no-local")), m_service);
        o.initialProfile = QStringLiteral("none-yet");
        ui::MainWindow w(o);
        QAbstractItemModelTester tester(w.jobModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        w.show();

        // Connections…: add a remote, enter the URL, namespaces, token and the certificate to trust.
        w.openConnections();
        ui::ProfilesDialog *dlg = w.profilesDialog();
        QVERIFY(dlg);
        dlg->addRemote();
        QCOMPARE(dlg->urlEdit()->text(), QStringLiteral("https://outpost.run")); // the default endpoint
        testing::fillRemoteProfile(dlg, QStringLiteral("Lab HTTPS"), m_remote.url(), QStringLiteral("acme, beta"),
                                   m_token);
        dlg->caFileEdit()->setText(m_cert);
        QSignalSpy stored(dlg, &ui::ProfilesDialog::secretStored);
        QVERIFY(dlg->saveButton()->isVisible());
        QTest::mouseClick(dlg->saveButton(), Qt::LeftButton);
        QTRY_VERIFY2(stored.count() == 1 || dlg->keychainQuestion(), "neither stored nor asked");
        QVERIFY2(!dlg->keychainQuestion(),
                 qPrintable(dlg->keychainQuestion() ? dlg->keychainQuestion()->text() : QString()));
        QCOMPARE(stored.first().at(1).toBool(), false); // in the keychain, not session-only
        const QString id = dlg->currentId();
        // A keychain manager lists the item as this connection's, not as one more "Seed".
        QTRY_COMPARE(keychainLabels(id), QStringList{QStringLiteral("Seed: Lab HTTPS (127.0.0.1)")});
        // Renamed without typing the token again: the secret moves to the new label, none stays under the old.
        dlg->nameEdit()->setText(QStringLiteral("Lab renamed"));
        QTest::mouseClick(dlg->saveButton(), Qt::LeftButton);
        QTRY_COMPARE(keychainLabels(id), QStringList{QStringLiteral("Seed: Lab renamed (127.0.0.1)")});
        dlg->close();

        // Only non-secret fields reach QSettings.
        const QByteArray ini = testing::settingsFileBytes();
        QVERIFY(ini.contains("Lab renamed"));
        QVERIFY(!ini.contains(m_token.toUtf8()));
        QVERIFY(!ini.contains(m_token.section(u'_', -1).toUtf8()));

        // Switch to it from the main window: the token comes from the keychain.
        const int idx = w.profileCombo()->findData(id);
        QVERIFY(idx >= 0);
        w.connectToProfile(id);
        QTRY_VERIFY(w.connection()->isReady());
        QTRY_COMPARE(w.client()->state(), client::ConnectionState::Connected);
        QVERIFY(!w.client()->endpoint().local);
        QCOMPARE(w.connection()->currentNamespace(), QStringLiteral("acme"));
        QVERIFY(w.client()->endpoint().baseUrl.scheme() == QLatin1String("https"));

        // Submit through the form over HTTPS; the row appears.
        w.newJobAction()->trigger();
        ui::SubmitDialog *form = w.submitDialog();
        QVERIFY(form);
        QTest::keyClicks(qobject_cast<QLineEdit *>(form->fieldWidget(QStringLiteral("name"))),
                         QStringLiteral("remote-one"));
        QTest::keyClicks(qobject_cast<QPlainTextEdit *>(form->fieldWidget(QStringLiteral("command"))),
                         QStringLiteral("python x.py"));
        QTest::keyClicks(qobject_cast<QLineEdit *>(form->fieldWidget(QStringLiteral("repo"))),
                         QStringLiteral("acme/training-pipeline"));
        QVERIFY(form->submitButton()->isEnabled());
        QTest::mouseClick(form->submitButton(), Qt::LeftButton);
        QTRY_VERIFY(w.jobModel()->rowOfName(QStringLiteral("remote-one")) >= 0);
        QCOMPARE(w.jobModel()->jobAt(w.jobModel()->rowOfName(QStringLiteral("remote-one"))).ns, QStringLiteral("acme"));

        // The second namespace of the profile: a different list.
        w.connectToProfile(id, QStringLiteral("beta"));
        QTRY_VERIFY(w.connection()->isReady());
        QTRY_COMPARE(w.client()->state(), client::ConnectionState::Connected);
        QCOMPARE(w.client()->endpoint().ns, QStringLiteral("beta"));
        QTRY_VERIFY(!w.jobModel()->isBusy());
        QCOMPARE(w.jobModel()->rowCount(), 0);

        // Clean up the keychain entry this test made.
        auto d = sync([&](auto cb) {
            w.secrets()->remove(QStringLiteral("profile/") + id, this, cb, QStringLiteral("Seed: Lab renamed (127.0.0.1)"));
        });
        QCOMPARE(int(d.status), int(client::SecretStore::Status::Ok));
        QCOMPARE(keychainLabels(id), QStringList{});
    }

private:
    // The labels of the keychain items of a connection, as the Secret Service lists them (secret-tool).
    static QStringList keychainLabels(const QString &profileId)
    {
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("user"),
                                                    QStringLiteral("profile/") + profileId});
        if (!tool.waitForFinished(10000))
            return {QStringLiteral("secret-tool did not answer")};
        QStringList labels;
        const QList<QByteArray> lines = (tool.readAllStandardOutput() + tool.readAllStandardError()).split('\n');
        for (const QByteArray &line : lines)
            if (line.startsWith("label = "))
                labels << QString::fromUtf8(line.mid(8));
        return labels;
    }
};

QTEST_MAIN(TestGuiKeychain)
#include "tst_gui_keychain.moc"
