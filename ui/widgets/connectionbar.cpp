#include "connectionbar.h"

#include "client/connectionmanager.h"
#include "client/errortext.h"
#include "client/localdaemon.h"
#include "client/seedclient.h"
#include "daemon/connectionfile.h"
#include "models/statusstyle.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QToolBar>

namespace seed::ui {

namespace {
QPixmap dot(const QColor &c)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(QRectF(1, 1, 10, 10));
    return pm;
}
} // namespace

ConnectionBar::ConnectionBar(client::SeedClient *client, client::ConnectionManager *connection, QObject *parent)
    : QObject(parent), m_client(client), m_connection(connection), m_profileCombo(new QComboBox),
      m_nsCombo(new QComboBox), m_banner(new QWidget), m_bannerLabel(new QLabel), m_indicatorBox(new QWidget),
      m_dot(new QLabel), m_indicator(new QLabel)
{
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    m_profileCombo->setAccessibleName(tr("Connection"));
    m_profileCombo->setMinimumContentsLength(14);
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_nsCombo->setObjectName(QStringLiteral("namespaceCombo"));
    m_nsCombo->setAccessibleName(tr("Namespace"));
    connect(m_profileCombo, &QComboBox::activated, this, [this](int i) {
        const QString id = m_profileCombo->itemData(i).toString();
        if (id == QLatin1String("__manage")) {
            reloadProfileCombo();
            Q_EMIT manageRequested();
            return;
        }
        connectToProfile(id);
    });
    connect(m_nsCombo, &QComboBox::activated, this,
            [this](int i) { connectToProfile(m_connection->profile().id, m_nsCombo->itemText(i)); });

    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setAutoFillBackground(true);
    {
        QPalette pal = m_banner->palette();
        pal.setColor(QPalette::Window, pal.color(QPalette::AlternateBase));
        m_banner->setPalette(pal);
    }
    auto *bl = new QHBoxLayout(m_banner);
    auto *warn = new QLabel;
    warn->setPixmap(models::statusIcon(wire::JobStatus::Failed).pixmap(16, 16));
    m_bannerLabel->setObjectName(QStringLiteral("bannerText"));
    m_bannerLabel->setWordWrap(true);
    m_bannerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry = new QPushButton(tr("Re&try"));
    m_retry->setObjectName(QStringLiteral("bannerRetry"));
    m_editConnection = new QPushButton(tr("Edit Co&nnection…"));
    m_editConnection->setObjectName(QStringLiteral("editConnection"));
    m_startLocal = new QPushButton(tr("&Start Local Backend"));
    m_startLocal->setObjectName(QStringLiteral("startLocalBackend"));
    bl->addWidget(warn, 0, Qt::AlignTop);
    bl->addWidget(m_bannerLabel, 1);
    bl->addWidget(m_retry);
    bl->addWidget(m_startLocal);
    bl->addWidget(m_editConnection);
    m_banner->setVisible(false);
    connect(m_retry, &QPushButton::clicked, this, [this] { m_connection->reconnect(); });
    // For the local profile reconnecting is starting: LocalDaemon starts seedd when none answers.
    connect(m_startLocal, &QPushButton::clicked, this, [this] { m_connection->reconnect(); });
    connect(m_editConnection, &QPushButton::clicked, this, [this] {
        Q_EMIT editRequested(m_connectError.isEmpty() ? m_listError : m_connectError, m_connection->profile().id);
    });

    m_indicator->setObjectName(QStringLiteral("connectionIndicator"));
    auto *il = new QHBoxLayout(m_indicatorBox);
    il->setContentsMargins(0, 0, 0, 0);
    m_dot->setObjectName(QStringLiteral("connectionDot"));
    il->addWidget(m_dot);
    il->addWidget(m_indicator);

    connect(m_client, &client::SeedClient::stateChanged, this, &ConnectionBar::updateIndicator);
    connect(m_connection, &client::ConnectionManager::connecting, this, [this](const QString &m) {
        m_connectError.clear();
        m_listError.clear();
        m_authRefused = false;
        updateBannerButtons();
        m_banner->setVisible(false);
        m_indicator->setText(m);
        m_indicator->setPixmap(QPixmap());
        updateIndicator();
        Q_EMIT errorsChanged();
    });
    connect(m_connection, &client::ConnectionManager::connected, this, [this] {
        m_connectError.clear();
        m_banner->setVisible(false);
        updateIndicator();
        Q_EMIT errorsChanged();
    });
    connect(m_connection, &client::ConnectionManager::failed, this, [this](const QString &m) {
        m_connectError = m;
        showBanner(m);
        updateBannerButtons();
        updateIndicator();
        Q_EMIT errorsChanged();
    });
    connect(m_connection, &client::ConnectionManager::secretNeeded, this,
            [this](const client::Profile &p, const QString &message, bool) {
                m_connectError = message;
                showBanner(tr("%1 needs a token or API key. %2").arg(p.name, message));
                updateBannerButtons();
                updateIndicator();
                Q_EMIT errorsChanged();
            });
}

void ConnectionBar::addToToolBar(QToolBar *tb)
{
    auto *connLabel = new QLabel(tr("Connection:"));
    tb->addWidget(connLabel);
    connLabel->setBuddy(m_profileCombo);
    tb->addWidget(m_profileCombo);
    m_nsComboAction = tb->addWidget(m_nsCombo);
    m_nsComboAction->setVisible(false);
}

void ConnectionBar::loadProfiles(const QString &localDataDir)
{
    QSettings settings;
    m_profiles = client::ProfileStore::load(settings, localDataDir);
    reloadProfileCombo();
}

void ConnectionBar::reloadProfileCombo()
{
    const QSignalBlocker block(m_profileCombo);
    m_profileCombo->clear();
    for (const auto &p : std::as_const(m_profiles))
        m_profileCombo->addItem(p.isLocal() ? QIcon::fromTheme(QStringLiteral("computer"))
                                            : QIcon::fromTheme(QStringLiteral("network-server")),
                                p.name, p.id);
    m_profileCombo->insertSeparator(m_profileCombo->count());
    m_profileCombo->addItem(tr("Manage connections…"), QStringLiteral("__manage"));
    const int i = m_profileCombo->findData(m_connection->profile().id);
    m_profileCombo->setCurrentIndex(i >= 0 ? i : 0);
}

void ConnectionBar::setProfiles(const QList<client::Profile> &profiles)
{
    m_profiles = profiles;
    QSettings s;
    client::ProfileStore::save(s, m_profiles);
    reloadProfileCombo();
}

void ConnectionBar::connectInitially(const QString &preferred)
{
    QString initial = preferred;
    if (initial.isEmpty())
        initial = QSettings().value(QStringLiteral("connection/last"), QStringLiteral("local")).toString();
    bool known = false;
    for (const auto &p : std::as_const(m_profiles))
        known = known || p.id == initial;
    connectToProfile(known ? initial : QStringLiteral("local"));
}

void ConnectionBar::connectToProfile(const QString &id, const QString &ns)
{
    for (const auto &p : std::as_const(m_profiles)) {
        if (p.id != id)
            continue;
        QSettings().setValue(QStringLiteral("connection/last"), id);
        Q_EMIT switching(p);
        m_connection->connectTo(p, ns);
        reloadProfileCombo();
        {
            const QSignalBlocker block(m_nsCombo);
            m_nsCombo->clear();
            m_nsCombo->addItems(p.namespaces);
            m_nsCombo->setCurrentIndex(qMax(0, int(p.namespaces.indexOf(m_connection->currentNamespace()))));
        }
        if (m_nsComboAction)
            m_nsComboAction->setVisible(!p.isLocal() && p.namespaces.size() > 1);
        return;
    }
}

void ConnectionBar::showBanner(const QString &text)
{
    m_bannerLabel->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString ConnectionBar::bannerText() const { return m_banner->isVisible() ? m_bannerLabel->text() : QString(); }

void ConnectionBar::listFailed(const wire::ApiError &e)
{
    if (!m_connection->isReady() || !m_connectError.isEmpty())
        return;
    const client::Profile &p = m_connection->profile();
    m_authRefused = e.kind == wire::ErrorKind::Unauthorized || e.kind == wire::ErrorKind::Forbidden;
    QString text;
    if (m_authRefused) {
        text = tr("%1 refused the token or API key: %2 Edit the connection to enter a valid one.")
                   .arg(p.name, client::errorText(e));
    } else if (e.kind == wire::ErrorKind::Unavailable && p.isLocal()) {
        // Said plainly when its process is gone: nothing else will bring it back.
        const auto info = daemon::ConnectionInfo::read(m_client->endpoint().localDataDir);
        if (!info || !client::LocalDaemon::processAlive(info->pid))
            text = tr("The Seed backend on this computer (seedd) is not running. Start it to see and run jobs; "
                      "jobs that were running when it stopped are checked when it starts.");
        else
            text = tr("The Seed backend on this computer does not answer: %1").arg(client::errorText(e));
    } else if (e.kind == wire::ErrorKind::Unavailable) {
        text = client::errorText(e); // "Cannot reach <address>: <why>"
    } else {
        text = tr("The jobs could not be loaded from %1: %2").arg(p.name, client::describeForUser(e));
    }
    m_listError = text;
    showBanner(text);
    updateBannerButtons();
    updateIndicator();
    Q_EMIT errorsChanged();
}

void ConnectionBar::listLoaded()
{
    if (m_listError.isEmpty())
        return;
    m_listError.clear();
    m_authRefused = false;
    if (m_connectError.isEmpty())
        showBanner({});
    updateIndicator();
    Q_EMIT errorsChanged();
}

void ConnectionBar::updateBannerButtons()
{
    const bool local = m_connection->profile().isLocal();
    const bool localDown =
        local && (!m_connectError.isEmpty() || (!m_listError.isEmpty() && !m_authRefused &&
                                                m_client->state() != client::ConnectionState::Connected));
    m_startLocal->setVisible(localDown);
    m_editConnection->setVisible(!local);
    m_retry->setVisible(!localDown);
}

void ConnectionBar::updateIndicator()
{
    const QString where = m_connection->profile().name;
    QString text;
    QColor colour;
    if (!m_connectError.isEmpty()) {
        text = tr("Not connected");
        colour = models::statusColor(wire::JobStatus::Failed);
    } else if (m_connection->isReady() && m_authRefused) {
        text = tr("%1 refused the credential").arg(where);
        colour = models::statusColor(wire::JobStatus::Failed);
    } else if (m_connection->isReady() && !m_listError.isEmpty() &&
               m_client->state() == client::ConnectionState::Connected) {
        text = tr("%1 · requests fail").arg(where);
        colour = models::statusColor(wire::JobStatus::Failed);
    } else if (!m_connection->isReady()) {
        text = tr("Connecting to %1…").arg(where);
        colour = models::statusColor(wire::JobStatus::Queued);
    } else {
        switch (m_client->state()) {
        case client::ConnectionState::Connected:
            text = tr("%1 · %2").arg(where, m_connection->currentNamespace());
            colour = models::statusColor(wire::JobStatus::Succeeded);
            break;
        case client::ConnectionState::Disconnected:
            text = tr("Disconnected from %1 — retrying").arg(where);
            colour = models::statusColor(wire::JobStatus::Failed);
            break;
        case client::ConnectionState::Unknown:
            text = tr("Connecting to %1…").arg(where);
            colour = models::statusColor(wire::JobStatus::Queued);
            break;
        }
    }
    m_indicator->setText(text);
    m_indicator->setAccessibleName(tr("Connection state: %1").arg(text));
    // Which credential this window acts with (its id or name, never the secret): the one to revoke or renew.
    QString credential;
    if (m_connection->isReady() && m_connectError.isEmpty() && !m_authRefused) {
        const client::CredentialLabel c = client::credentialLabel(m_client->endpoint().authorization);
        switch (c.kind) {
        case client::CredentialLabel::Token:
            credential = tr("Signed in with token %1").arg(c.id);
            break;
        case client::CredentialLabel::ApiKey:
            credential = tr("Signed in with API key %1").arg(c.id);
            break;
        case client::CredentialLabel::OtherBearer:
            credential = tr("Signed in with a bearer token");
            break;
        case client::CredentialLabel::None:
            break;
        }
    }
    QString tip =
        m_client->state() == client::ConnectionState::Disconnected ? m_client->lastTransportError() : QString();
    if (!credential.isEmpty())
        tip = tip.isEmpty() ? credential : tip + u'\n' + credential;
    m_indicator->setToolTip(tip);
    m_dot->setPixmap(dot(colour));
}

} // namespace seed::ui
