#pragma once

#include <QDockWidget>

class QTabWidget;

namespace seed::client {
class ConnectionManager;
class SeedClient;
} // namespace seed::client

namespace seed::ui {

class LogPane;

// The Logs dock of the main window: one closable tab per job, each with its own LogPane and stream; several
// at once. Hidden while no tab is open.
class LogTabs : public QDockWidget
{
    Q_OBJECT
public:
    LogTabs(client::SeedClient *client, client::ConnectionManager *connection, QWidget *parent = nullptr);

    LogPane *openLogTab(const QString &jobName); // focuses the job's tab when it is already open
    void closeLogTab(int index);                 // stops that tab's stream
    void closeAllLogTabs();                      // their streams belong to the endpoint the window leaves
    LogPane *logTab(const QString &jobName) const;
    QTabWidget *tabs() const { return m_tabs; }

private:
    client::SeedClient *m_client;
    client::ConnectionManager *m_connection;
    QTabWidget *m_tabs;
};

} // namespace seed::ui
