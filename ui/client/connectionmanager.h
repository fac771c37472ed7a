#pragma once

#include "localdaemon.h"
#include "profiles.h"
#include "secretstore.h"
#include "seedclient.h"

#include <QObject>
#include <QTimer>

namespace seed::client {

// Turns a Profile into an Endpoint for the one SeedClient: finds (or starts) the local seedd, or reads a
// remote profile's secret from the keychain. Switching profiles abandons whatever the previous switch was
// still waiting for.
class ConnectionManager : public QObject
{
    Q_OBJECT
public:
    ConnectionManager(SeedClient *client, SecretStore *secrets, LocalDaemon *local, QObject *parent = nullptr);

    void connectTo(const Profile &profile, const QString &ns = {});
    // Connects again with the same profile (after the user entered a missing secret, say).
    void reconnect() { connectTo(m_profile, m_ns); }

    const Profile &profile() const { return m_profile; }
    QString currentNamespace() const { return m_ns; }
    bool isReady() const { return m_ready; }
    SecretStore *secrets() const { return m_secrets; }
    LocalDaemon *localDaemon() const { return m_local; }
    bool startedLocalDaemon() const { return m_startedPid != 0; }
    qint64 startedLocalDaemonPid() const { return m_startedPid; }

Q_SIGNALS:
    void connecting(const QString &message);
    void connected();
    void failed(const QString &message);
    // A remote profile has no usable secret: ask the user (keychainUnavailable: offer session-only).
    void secretNeeded(const seed::client::Profile &profile, const QString &message, bool keychainUnavailable);

private:
    void useEndpoint(const Endpoint &e);
    void relocateLocal();

    SeedClient *m_client;
    SecretStore *m_secrets;
    LocalDaemon *m_local;
    Profile m_profile;
    QString m_ns;
    bool m_ready = false;
    quint64 m_generation = 0;
    qint64 m_startedPid = 0;
    Endpoint m_endpoint;
    QTimer m_relocate; // local: while disconnected, look for a restarted seedd at a new address
};

} // namespace seed::client
