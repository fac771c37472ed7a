// No keychain at all (no D-Bus session): the user is told clearly, may keep the secret for this session
// only, and the remote connection then works; nothing secret reaches QSettings.
#include "client/connectionmanager.h"
#include "client/secretstore.h"
#include "client/seedclient.h"
#include "models/jobtablemodel.h"
#include "remoteprofilesteps.h"
#include "seeddprocess.h"
#include "strayseedd.h"
#include "widgets/mainwindow.h"
#include "widgets/profilesdialog.h"

#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace seed;

class TestGuiNoKeychain : public QObject
{
    Q_OBJECT
    SeeddProcess m_remote;
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void cleanupTestCase() { stopStraySeedd(m_tmp.filePath(QStringLiteral("no-local"))); }

    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_remote.start({QStringLiteral("--runner"), QStringLiteral("none")}));
    }

    void storeSaysUnavailable()
    {
        client::SecretStore store(QStringLiteral("seed-test-nokeychain"));
        std::optional<client::SecretStore::Result> got;
        store.write(QStringLiteral("profile/x"), QStringLiteral("secret"), this,
                    [&got](const client::SecretStore::Result &r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QCOMPARE(int(got->status), int(client::SecretStore::Status::Unavailable));
        const QString message = client::SecretStore::userMessage(*got);
        QVERIFY(message.contains(QLatin1String("keychain")));
        QVERIFY(message.contains(QLatin1String("this session only")));
        // The session-only fallback answers reads from memory.
        store.keepForSession(QStringLiteral("profile/x"), QStringLiteral("secret"));
        std::optional<client::SecretStore::Result> read;
        store.read(QStringLiteral("profile/x"), this, [&read](const client::SecretStore::Result &r) { read = r; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(int(read->status), int(client::SecretStore::Status::Ok));
        QCOMPARE(read->secret, QStringLiteral("secret"));
    }

    void sessionOnlyThroughTheUi()
    {
        const QString token = m_remote.createToken({QStringLiteral("acme")});
        QVERIFY(!token.isEmpty());
        const ui::MainWindowOptions o = testing::remoteOnlyWindowOptions(m_tmp.filePath(QStringLiteral("no-local")),
                                                                         QStringLiteral("seed-test-nokeychain"));
        ui::MainWindow w(o);
        w.show();
        // This test starts no local seedd: stop one if the window did (it must not outlive the test).
        const auto cleanupLocal = qScopeGuard([&w] {
            if (w.connection()->startedLocalDaemon())
                ::kill(pid_t(w.connection()->startedLocalDaemonPid()), SIGTERM);
        });

        w.openConnections();
        ui::ProfilesDialog *dlg = w.profilesDialog();
        QVERIFY(dlg);
        dlg->addRemote();
        testing::fillRemoteProfile(dlg, QStringLiteral("Plain"), m_remote.url(), QStringLiteral("acme"), token);
        const QString id = dlg->currentId();
        QSignalSpy stored(dlg, &ui::ProfilesDialog::secretStored);
        QTest::mouseClick(dlg->saveButton(), Qt::LeftButton);
        // A clear question, not a silent failure.
        QTRY_VERIFY_WITH_TIMEOUT(dlg->keychainQuestion(), 20000);
        QMessageBox *box = dlg->keychainQuestion();
        QVERIFY(box->text().contains(QLatin1String("keychain")));
        auto *keep = box->findChild<QPushButton *>(QStringLiteral("keepForSession"));
        QVERIFY(keep);
        keep->click();
        QTRY_COMPARE(stored.count(), 1);
        QCOMPARE(stored.first().at(1).toBool(), true);
        dlg->close();

        w.connectToProfile(id);
        QTRY_VERIFY(w.connection()->isReady());
        QTRY_COMPARE(w.client()->state(), client::ConnectionState::Connected);
        QTRY_VERIFY(!w.jobModel()->isBusy());

        const QByteArray ini = testing::settingsFileBytes();
        QVERIFY(ini.contains("Plain"));
        QVERIFY(!ini.contains(token.toUtf8()));

        // A remote profile whose secret was never given: the window says what is missing.
        QList<client::Profile> profiles = w.profiles();
        client::Profile bare;
        bare.id = QStringLiteral("bare");
        bare.name = QStringLiteral("Bare");
        bare.baseUrl = QUrl(m_remote.url());
        bare.namespaces = {QStringLiteral("acme")};
        profiles.append(bare);
        w.setProfiles(profiles);
        w.connectToProfile(QStringLiteral("bare"));
        QTRY_VERIFY_WITH_TIMEOUT(!w.bannerText().isEmpty(), 20000);
        QVERIFY2(w.bannerText().contains(QLatin1String("keychain")), qPrintable(w.bannerText()));
        QVERIFY(!w.connection()->isReady());
    }
};

QTEST_MAIN(TestGuiNoKeychain)
#include "tst_gui_nokeychain.moc"
