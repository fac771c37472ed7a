#include "logtabs.h"

#include "client/connectionmanager.h"
#include "client/logstream.h"
#include "logpane.h"
#include "models/statusstyle.h"

#include <QTabWidget>

namespace seed::ui {

LogTabs::LogTabs(client::SeedClient *client, client::ConnectionManager *connection, QWidget *parent)
    : QDockWidget(tr("Logs"), parent), m_client(client), m_connection(connection), m_tabs(new QTabWidget)
{
    setObjectName(QStringLiteral("logDock"));
    m_tabs->setObjectName(QStringLiteral("logTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &LogTabs::closeLogTab);
    setWidget(m_tabs);
}

LogPane *LogTabs::logTab(const QString &jobName) const
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *pane = qobject_cast<LogPane *>(m_tabs->widget(i)); pane && pane->jobName() == jobName)
            return pane;
    return nullptr;
}

LogPane *LogTabs::openLogTab(const QString &jobName)
{
    if (jobName.isEmpty() || !m_connection->isReady())
        return nullptr;
    LogPane *pane = logTab(jobName);
    if (!pane) {
        pane = new LogPane(m_client, jobName);
        pane->setObjectName(QStringLiteral("logTab:") + jobName);
        const int i = m_tabs->addTab(pane, jobName);
        m_tabs->setTabToolTip(i, tr("Logs of %1").arg(jobName));
        connect(pane, &LogPane::endedWith, this, [this, pane](const QString &status) {
            const int at = m_tabs->indexOf(pane);
            if (at >= 0)
                m_tabs->setTabIcon(at, models::statusIcon(status));
        });
        pane->start();
    }
    m_tabs->setCurrentWidget(pane);
    show();
    raise();
    return pane;
}

void LogTabs::closeLogTab(int index)
{
    auto *pane = qobject_cast<LogPane *>(m_tabs->widget(index));
    if (!pane)
        return;
    pane->stream()->stop(); // now, not when the deferred delete runs
    m_tabs->removeTab(index);
    pane->deleteLater();
    if (m_tabs->count() == 0)
        hide();
}

void LogTabs::closeAllLogTabs()
{
    while (m_tabs->count() > 0)
        closeLogTab(m_tabs->count() - 1);
}

} // namespace seed::ui
