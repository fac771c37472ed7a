#pragma once

#include "client/seedclient.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <deque>
#include <optional>

class QAbstractButton;
class QGridLayout;
class QLabel;
class QStackedWidget;
class QTableWidget;

namespace seed::ui {

class Sparkline;

// The machine of the local backend, as a user of nvtop expects to see it (GET /{ns}/machine/view): every GPU
// with its model and contract type (simulated ones labelled so), its utilisation and memory over the last
// minutes (sparklines; a value the server could not measure reads "not measured", never 0), the job holding
// it (click: jobActivated), and the queue with positions. Polls only while shown (every
// Settings::Key::MachinePollMs, default 2 s). A server without the extension (404: a remote with only the contract)
// gets a message instead, remembered for the connection.
class MachineView : public QWidget
{
    Q_OBJECT
public:
    // A GPU card's title: its model, and its Seed type where the model does not name it.
    static QString gpuTitle(const client::MachineGpu &gpu);
    explicit MachineView(client::SeedClient *client, QWidget *parent = nullptr);
    ~MachineView() override;

    void setPollInterval(int ms) { m_timer.setInterval(ms); }
    int pollInterval() const { return m_timer.interval(); }
    bool isPolling() const { return m_timer.isActive(); }
    int polls() const { return m_polls; }            // requests sent so far
    bool isAvailable() const { return m_available; } // false once the server answered 404
    QString message() const;                         // what the unavailable page says
    bool hasData() const { return m_received > 0; }

    int gpuCount() const { return int(m_cards.size()); }
    QString gpuTitle(int row) const;
    QString gpuUtilizationText(int row) const;
    QString gpuMemoryText(int row) const;
    QString gpuHolderText(int row) const;
    bool gpuIsSpot(int row) const; // its holder is a spot job of this namespace (the "Spot" tag shows)
    // A cluster runner's nodes (GET /{ns}/machine/view `nodes`): one block each.
    int nodeCount() const { return int(m_nodeFrames.size()); }
    QString nodeText(int row) const; // the block's text, line by line
    QAbstractButton *gpuHolderButton(int row) const;
    int gpuHistoryLength(int row) const;
    QTableWidget *queueTable() const { return m_queue; }
    QString summary() const;

    void refreshNow();

Q_SIGNALS:
    void jobActivated(const QString &name); // a holder clicked, or a queued job double-clicked
    void refreshed();                       // an answer was shown (or the view became unavailable)

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Card
    {
        QWidget *frame = nullptr;
        QLabel *title = nullptr;
        QLabel *badge = nullptr;
        QLabel *spot = nullptr;
        QLabel *utilText = nullptr;
        QLabel *memText = nullptr;
        Sparkline *util = nullptr;
        Sparkline *mem = nullptr;
        QAbstractButton *holder = nullptr;
        QString holderJob;
        QString historyKey; // the GPU's uuid (or index) in m_history
    };
    struct History
    {
        std::deque<std::optional<double>> util, memMib;
    };

    void poll();
    void display(const client::MachineView &m);
    void showUnavailable(const QString &text);
    void rebuildCards(int n);
    void displayNodes(const QList<client::ClusterNode> &nodes);
    void resetForEndpoint();

    QPointer<client::SeedClient> m_client;
    QTimer m_timer;
    QStackedWidget *m_stack;
    QLabel *m_summary;
    QLabel *m_unavailable;
    QWidget *m_gpuBox;
    QGridLayout *m_gpuGrid;
    QLabel *m_noGpus;
    QTableWidget *m_queue;
    QList<Card> m_cards;
    QWidget *m_nodeBox;
    QGridLayout *m_nodeGrid;
    QList<QWidget *> m_nodeFrames;
    QHash<QString, History> m_history; // by GPU uuid (or index)
    bool m_available = true;
    bool m_inFlight = false;
    int m_polls = 0;
    int m_received = 0;
    static constexpr int kHistory = 150; // samples kept per GPU (5 minutes at 2 s)
};

} // namespace seed::ui
