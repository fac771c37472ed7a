#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

namespace seed::client {

// A place to run jobs: this computer's bundled seedd, or a remote Seed endpoint. Profiles are stored in
// QSettings WITHOUT their secret; the token or API key lives in the keychain under secretKey().
struct Profile
{
    enum class Kind { Local, Remote };
    enum class Auth { Token, ApiKey };

    QString id; // "local" for This computer, a UUID for remote ones
    QString name;
    Kind kind = Kind::Remote;
    QUrl baseUrl = QUrl(QStringLiteral("https://outpost.run"));
    QStringList namespaces;   // remote: the namespaces to show; the first is the default
    Auth auth = Auth::Token;
    QString caCertificateFile; // remote: a PEM file to trust in addition to the system's CAs
    QString dataDir;           // local: seedd's data directory (empty: the default)
    // The keychain label its secret is stored under ("" = the plain "Seed" of earlier versions). Kept, not
    // derived, so that a renamed connection still finds its secret until it is moved to the new label.
    QString secretLabel;

    bool isLocal() const { return kind == Kind::Local; }
    QString secretKey() const { return QStringLiteral("profile/") + id; }
    // The label its secret should have: which connection it belongs to, as a keychain manager lists it.
    QString keychainLabel() const;
    QByteArray authorizationFor(const QString &secret) const;

    static Profile thisComputer(const QString &dataDir = {});
    static QUrl defaultRemoteUrl() { return QUrl(QStringLiteral("https://outpost.run")); }
};

// Reads and writes the list in QSettings. "This computer" is always first.
class ProfileStore
{
public:
    static QList<Profile> load(QSettings &settings, const QString &localDataDir = {});
    static void save(QSettings &settings, const QList<Profile> &profiles);
    static QString newId();
};

// Where this computer's seedd keeps its data: $XDG_DATA_HOME/seed (as seedd's own default).
QString defaultLocalDataDir();

} // namespace seed::client
