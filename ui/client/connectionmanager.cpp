#include "connectionmanager.h"

#include <QSslCertificate>

namespace seed::client {

ConnectionManager::ConnectionManager(SeedClient *client, SecretStore *secrets, LocalDaemon *local, QObject *parent)
    : QObject(parent), m_client(client), m_secrets(secrets), m_local(local)
{
    m_relocate.setInterval(2000);
    connect(&m_relocate, &QTimer::timeout, this, &ConnectionManager::relocateLocal);
    connect(m_client, &SeedClient::stateChanged, this, [this](ConnectionState s) {
        if (s == ConnectionState::Disconnected && m_ready && m_profile.isLocal())
            m_relocate.start();
        else if (s == ConnectionState::Connected)
            m_relocate.stop();
    });
}

void ConnectionManager::relocateLocal()
{
    if (!m_ready || !m_profile.isLocal() || m_client->state() != ConnectionState::Disconnected) {
        m_relocate.stop();
        return;
    }
    // seedd restarted elsewhere (a new port): follow its connection file. Polling at the old address
    // continues meanwhile, so a restart at the same address reconnects by itself.
    const auto info = daemon::ConnectionInfo::read(m_endpoint.localDataDir);
    if (!info || !LocalDaemon::processAlive(info->pid) || QUrl(info->url) == m_endpoint.baseUrl)
        return;
    Endpoint e = m_endpoint;
    e.baseUrl = QUrl(info->url);
    e.authorization = QByteArrayLiteral("Bearer ") + info->token.toUtf8();
    m_relocate.stop();
    useEndpoint(e);
}

void ConnectionManager::useEndpoint(const Endpoint &e)
{
    m_ready = true;
    m_endpoint = e;
    m_client->setEndpoint(e);
    Q_EMIT connected();
}

void ConnectionManager::connectTo(const Profile &profile, const QString &ns)
{
    const quint64 gen = ++m_generation;
    m_profile = profile;
    m_ready = false;
    m_relocate.stop();
    m_endpoint = Endpoint{};
    m_client->setEndpoint(Endpoint{});
    if (profile.isLocal()) {
        Q_EMIT connecting(tr("Looking for the Seed backend on this computer…"));
        const QString dataDir = profile.dataDir.isEmpty() ? defaultLocalDataDir() : profile.dataDir;
        m_local->ensureRunning(dataDir, this, [this, gen, dataDir, ns](const LocalDaemon::Outcome &o) {
            if (gen != m_generation)
                return;
            if (!o.info) {
                Q_EMIT failed(o.error);
                return;
            }
            if (o.started)
                m_startedPid = o.startedPid;
            m_ns = ns.isEmpty() ? o.info->ns : ns;
            Endpoint e;
            e.baseUrl = QUrl(o.info->url);
            e.ns = m_ns;
            e.authorization = QByteArrayLiteral("Bearer ") + o.info->token.toUtf8();
            e.local = true;
            e.localDataDir = dataDir;
            useEndpoint(e);
        });
        return;
    }

    if (!profile.baseUrl.isValid() || profile.baseUrl.scheme().isEmpty()) {
        Q_EMIT failed(tr("The connection \"%1\" has no valid address.").arg(profile.name));
        return;
    }
    if (profile.namespaces.isEmpty() && ns.isEmpty()) {
        Q_EMIT failed(tr("The connection \"%1\" names no namespace.").arg(profile.name));
        return;
    }
    m_ns = ns.isEmpty() ? profile.namespaces.first() : ns;
    QList<QSslCertificate> cas;
    if (!profile.caCertificateFile.isEmpty()) {
        cas = QSslCertificate::fromPath(profile.caCertificateFile, QSsl::Pem);
        if (cas.isEmpty()) {
            Q_EMIT failed(tr("The certificate file %1 holds no PEM certificate.").arg(profile.caCertificateFile));
            return;
        }
    }
    Q_EMIT connecting(tr("Connecting to %1…").arg(profile.baseUrl.toDisplayString(QUrl::RemoveUserInfo)));
    m_secrets->read(profile.secretKey(), this, [this, gen, profile, cas](const SecretStore::Result &r) {
        if (gen != m_generation)
            return;
        if (r.status != SecretStore::Status::Ok || r.secret.isEmpty()) {
            Q_EMIT secretNeeded(profile, SecretStore::userMessage(r), r.status == SecretStore::Status::Unavailable);
            return;
        }
        Endpoint e;
        e.baseUrl = profile.baseUrl;
        e.ns = m_ns;
        e.authorization = profile.authorizationFor(r.secret);
        e.caCertificates = cas;
        useEndpoint(e);
    }, profile.secretLabel);
}

} // namespace seed::client
