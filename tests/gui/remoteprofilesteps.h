// Steps the keychain suites share: a window that goes remote at once, filling the Connections dialog
// with a remote profile, and reading back what QSettings wrote (to prove no secret reached it).
#pragma once

#include "widgets/mainwindow.h"
#include "widgets/profilesdialog.h"

#include <QFile>
#include <QLineEdit>
#include <QSettings>

namespace seed::testing {

// A window whose local profile is never started: the tests switch to a remote profile at once.
inline ui::MainWindowOptions remoteOnlyWindowOptions(const QString &unusedLocalDataDir, const QString &keychainService)
{
    ui::MainWindowOptions o;
    o.localDataDir = unusedLocalDataDir;
    o.seeddArguments = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--runner"),
                        QStringLiteral("none")};
    o.restoreState = false;
    o.pollIntervalMs = 250;
    o.keychainService = keychainService;
    return o;
}

inline void fillRemoteProfile(ui::ProfilesDialog *dlg, const QString &name, const QString &url,
                              const QString &namespaces, const QString &secret)
{
    dlg->nameEdit()->setText(name);
    dlg->urlEdit()->setText(url);
    dlg->namespacesEdit()->setText(namespaces);
    dlg->secretEdit()->setText(secret);
}

// The bytes of the settings file as written now (empty when it cannot be read).
inline QByteArray settingsFileBytes()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace seed::testing
