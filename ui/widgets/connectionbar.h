#pragma once

#include "client/profiles.h"

#include <QObject>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QToolBar;
class QWidget;

namespace seed::client {
class ConnectionManager;
class SeedClient;
} // namespace seed::client
namespace seed::wire {
struct ApiError;
}

namespace seed::ui {

// Which backend the main window talks to and how that goes: the Connection and Namespace combos of the
// toolbar, the banner above the table (a failed connection, or requests failing after it was made: a wrong or
// revoked credential, a stopped local seedd) with Retry / Start Local Backend / Edit Connection, and the
// indicator in the status bar. Holds the profiles (saved without secrets) and the last one used.
class ConnectionBar : public QObject
{
    Q_OBJECT
public:
    ConnectionBar(client::SeedClient *client, client::ConnectionManager *connection, QObject *parent = nullptr);

    void addToToolBar(QToolBar *toolBar); // "Connection:", the profile combo, the namespace combo (when several)
    QWidget *banner() const { return m_banner; }
    QWidget *indicatorBox() const { return m_indicatorBox; } // the dot and the indicator, for the status bar
    QLabel *indicator() const { return m_indicator; }
    QComboBox *profileCombo() const { return m_profileCombo; }
    QPushButton *editConnectionButton() const { return m_editConnection; }
    QPushButton *startLocalButton() const { return m_startLocal; }

    QList<client::Profile> profiles() const { return m_profiles; }
    void loadProfiles(const QString &localDataDir);           // from QSettings
    void setProfiles(const QList<client::Profile> &profiles); // saves them (without secrets)
    void connectToProfile(const QString &id, const QString &ns = {});
    // `preferred` (a profile id), else the last one used, else "This computer".
    void connectInitially(const QString &preferred);

    QString bannerText() const; // empty while the banner is hidden
    QString connectError() const { return m_connectError; }
    QString listError() const { return m_listError; }

    // The job list's reads: a failure shows in the banner (said for what it is), the next success clears it.
    void listFailed(const wire::ApiError &error);
    void listLoaded();

Q_SIGNALS:
    void switching(const client::Profile &profile); // before connecting elsewhere
    void manageRequested();                         // "Manage connections…" in the combo
    void editRequested(const QString &notice, const QString &profileId);
    void errorsChanged(); // connectError() or listError() changed

private:
    void reloadProfileCombo();
    void showBanner(const QString &text);
    void updateBannerButtons();
    void updateIndicator();

    client::SeedClient *m_client;
    client::ConnectionManager *m_connection;
    QList<client::Profile> m_profiles;
    QComboBox *m_profileCombo;
    QComboBox *m_nsCombo;
    QAction *m_nsComboAction = nullptr;
    QWidget *m_banner;
    QLabel *m_bannerLabel;
    QPushButton *m_retry;
    QPushButton *m_editConnection;
    QPushButton *m_startLocal;
    QWidget *m_indicatorBox;
    QLabel *m_dot;
    QLabel *m_indicator;
    QString m_connectError;
    QString m_listError;        // the last list read failed with this (shown in the banner and the empty state)
    bool m_authRefused = false; // ...because the server refused the credential (401/403)
};

} // namespace seed::ui
