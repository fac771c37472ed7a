#pragma once

#include "wire/job.h"

#include <QWidget>

class QLabel;
class QStackedWidget;
class QTableView;

namespace seed::client {
class ConnectionManager;
}
namespace seed::models {
class JobFilterProxy;
class JobTableModel;
} // namespace seed::models

namespace seed::ui {

// The main window's job table: the view over the filter proxy (server-side sort from its header, columns to
// show from the header's menu, sized for the language in use), the empty state in its place when no row
// shows, and the job count the status bar holds.
class JobTableView : public QWidget
{
    Q_OBJECT
public:
    JobTableView(models::JobTableModel *model, models::JobFilterProxy *proxy, client::ConnectionManager *connection,
                 QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QLabel *countLabel() const { return m_count; } // placed in the status bar by the window

    QList<wire::Job> selectedJobs() const;
    void selectJobs(const QStringList &names);
    // Selects the job (and scrolls to it) as soon as the list has it: the one just submitted.
    void selectWhenListed(const QString &name);

    // Why the list may be unknown rather than empty: the connection failed, or reading the list did. Taken
    // into the empty state and the count at the next updateEmptyState().
    void setLoadState(bool connectFailed, bool listFailed);
    void updateEmptyState();
    QString emptyStateText() const; // empty while rows show

    QByteArray saveHeader() const;
    void restoreHeader(const QByteArray &state); // the saved sort goes to the model; widths fit this language
    // The narrowest a column may be in the language in use: its header, and for Status the longest status
    // label beside its icon.
    int neededColumnWidth(int column) const;

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);

private:
    void setUpHeader();

    models::JobTableModel *m_model;
    models::JobFilterProxy *m_proxy;
    client::ConnectionManager *m_connection;
    QTableView *m_view;
    QLabel *m_empty;
    QStackedWidget *m_stack;
    QLabel *m_count;
    bool m_connectFailed = false;
    bool m_listFailed = false;
    QString m_selectWhenListed;
    bool m_selectWhenListedHooked = false;
};

} // namespace seed::ui
