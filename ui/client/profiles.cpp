#include "profiles.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

namespace seed::client {

QString defaultLocalDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/seed");
}

QByteArray Profile::authorizationFor(const QString &secret) const
{
    if (secret.isEmpty())
        return {};
    return (auth == Auth::ApiKey ? QByteArrayLiteral("API-Key ") : QByteArrayLiteral("Bearer ")) + secret.toUtf8();
}

Profile Profile::thisComputer(const QString &dataDir)
{
    Profile p;
    p.id = QStringLiteral("local");
    p.name = QCoreApplication::translate("seed::client::Profile", "This computer");
    p.kind = Kind::Local;
    p.baseUrl = QUrl();
    p.dataDir = dataDir;
    return p;
}

QString Profile::keychainLabel() const
{
    const QString host = baseUrl.host();
    return host.isEmpty() ? QStringLiteral("Seed: %1").arg(name) : QStringLiteral("Seed: %1 (%2)").arg(name, host);
}

QString ProfileStore::newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QList<Profile> ProfileStore::load(QSettings &settings, const QString &localDataDir)
{
    QList<Profile> out{Profile::thisComputer(localDataDir)};
    const int n = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        Profile p;
        p.id = settings.value(QStringLiteral("id")).toString();
        if (p.id.isEmpty() || p.id == QLatin1String("local"))
            continue;
        p.name = settings.value(QStringLiteral("name")).toString();
        p.kind = Profile::Kind::Remote;
        p.baseUrl = QUrl(settings.value(QStringLiteral("url")).toString());
        p.namespaces = settings.value(QStringLiteral("namespaces")).toStringList();
        p.auth = settings.value(QStringLiteral("auth")).toString() == QLatin1String("api-key") ? Profile::Auth::ApiKey
                                                                                               : Profile::Auth::Token;
        p.caCertificateFile = settings.value(QStringLiteral("ca_file")).toString();
        p.secretLabel = settings.value(QStringLiteral("secret_label")).toString();
        out.append(p);
    }
    settings.endArray();
    return out;
}

void ProfileStore::save(QSettings &settings, const QList<Profile> &profiles)
{
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"));
    int i = 0;
    for (const Profile &p : profiles) {
        if (p.isLocal())
            continue;
        settings.setArrayIndex(i++);
        settings.setValue(QStringLiteral("id"), p.id);
        settings.setValue(QStringLiteral("name"), p.name);
        // The URL without any user info: credentials never go to QSettings.
        settings.setValue(QStringLiteral("url"), p.baseUrl.toString(QUrl::RemoveUserInfo));
        settings.setValue(QStringLiteral("namespaces"), p.namespaces);
        settings.setValue(QStringLiteral("auth"),
                          p.auth == Profile::Auth::ApiKey ? QStringLiteral("api-key") : QStringLiteral("token"));
        settings.setValue(QStringLiteral("ca_file"), p.caCertificateFile);
        settings.setValue(QStringLiteral("secret_label"), p.secretLabel);
    }
    settings.endArray();
}

} // namespace seed::client
