#include "machineview.h"
#include "jobdetails.h"

#include "client/errortext.h"
#include "models/settings.h"

#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace seed::ui {

// A small history line: values over time, scaled to [0, max]; an unmeasured value leaves a gap, and a history
// with nothing measured says so in words instead of drawing a flat 0.
class Sparkline : public QWidget
{
public:
    Sparkline(const QColor &color, QWidget *parent) : QWidget(parent), m_color(color)
    {
        setMinimumSize(160, 38);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setHistory(const std::deque<std::optional<double>> &values, double max, int capacity)
    {
        m_values = values;
        m_max = max > 0 ? max : 1;
        m_capacity = std::max(2, capacity);
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(palette().color(QPalette::Base));
        p.drawRoundedRect(r, 3, 3);
        const bool anyMeasured =
            std::any_of(m_values.begin(), m_values.end(), [](const auto &v) { return v.has_value(); });
        if (!anyMeasured) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(r, Qt::AlignCenter, m_values.empty() ? QString() : MachineView::tr("not measured"));
            return;
        }
        const QRectF plot = r.adjusted(3, 4, -3, -4);
        const double step = plot.width() / double(m_capacity - 1);
        // Newest at the right edge, like nvtop.
        const double x0 = plot.right() - step * double(m_values.size() - 1);
        QColor fill = m_color;
        fill.setAlpha(60);
        QPainterPath line;
        bool open = false;
        qsizetype i = 0;
        for (const std::optional<double> &v : m_values) {
            const double x = x0 + step * double(i++);
            if (!v) {
                open = false;
                continue;
            }
            const double y = plot.bottom() - std::clamp(*v / m_max, 0.0, 1.0) * plot.height();
            if (open)
                line.lineTo(x, y);
            else
                line.moveTo(x, y);
            open = true;
        }
        p.setPen(QPen(m_color, 1.6));
        p.setBrush(Qt::NoBrush);
        p.drawPath(line);
    }

private:
    QColor m_color;
    std::deque<std::optional<double>> m_values;
    double m_max = 100;
    int m_capacity = 150;
};

MachineView::MachineView(client::SeedClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    m_timer.setInterval(Settings::instance()->get<int>(Settings::Key::MachinePollMs));
    connect(Settings::instance(), &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::MachinePollMs)
            setPollInterval(Settings::instance()->get<int>(Settings::Key::MachinePollMs));
    });
    connect(&m_timer, &QTimer::timeout, this, &MachineView::poll);

    m_stack = new QStackedWidget(this);
    auto *page = new QWidget;
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("machineSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);

    m_gpuBox = new QWidget;
    m_gpuGrid = new QGridLayout(m_gpuBox);
    m_gpuGrid->setContentsMargins(0, 0, 0, 0);
    m_gpuGrid->setSpacing(8);
    m_noGpus = new QLabel(tr("This machine has no GPUs that Seed can use."));
    m_noGpus->setVisible(false);
    // A cluster's nodes, above the GPUs (hidden on a single machine).
    m_nodeBox = new QWidget;
    m_nodeBox->setObjectName(QStringLiteral("clusterNodes"));
    m_nodeGrid = new QGridLayout(m_nodeBox);
    m_nodeGrid->setContentsMargins(0, 0, 0, 0);
    m_nodeGrid->setSpacing(8);
    m_nodeBox->setVisible(false);
    auto *scrolled = new QWidget;
    auto *scrolledLayout = new QVBoxLayout(scrolled);
    scrolledLayout->setContentsMargins(0, 0, 0, 0);
    scrolledLayout->addWidget(m_nodeBox);
    scrolledLayout->addWidget(m_gpuBox, 1);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(scrolled);

    m_queue = new QTableWidget(0, 4);
    m_queue->setObjectName(QStringLiteral("machineQueue"));
    m_queue->setHorizontalHeaderLabels({tr("#"), tr("Job"), tr("GPUs"), tr("Namespace")});
    m_queue->verticalHeader()->setVisible(false);
    m_queue->horizontalHeader()->setStretchLastSection(true);
    m_queue->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_queue->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queue->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queue->setAccessibleName(tr("Queue"));
    connect(m_queue, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString name = m_queue->item(row, 1)->data(Qt::UserRole).toString();
        if (!name.isEmpty())
            Q_EMIT jobActivated(name);
    });
    auto *queueTitle = new QLabel(tr("<b>Queue</b>"));

    auto *lay = new QVBoxLayout(page);
    lay->addWidget(m_summary);
    lay->addWidget(m_noGpus);
    lay->addWidget(scroll, 3);
    lay->addWidget(queueTitle);
    lay->addWidget(m_queue, 1);

    m_unavailable = new QLabel;
    m_unavailable->setObjectName(QStringLiteral("machineUnavailable"));
    m_unavailable->setWordWrap(true);
    m_unavailable->setAlignment(Qt::AlignCenter);
    m_unavailable->setMargin(24);
    m_stack->addWidget(page);
    m_stack->addWidget(m_unavailable);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    if (m_client)
        connect(m_client, &client::SeedClient::endpointChanged, this, &MachineView::resetForEndpoint);
}

MachineView::~MachineView() = default;

void MachineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_available)
        return;
    poll();
    m_timer.start();
}

void MachineView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop(); // nobody looks: no requests
}

void MachineView::refreshNow() { poll(); }

void MachineView::resetForEndpoint()
{
    m_history.clear();
    m_received = 0;
    m_available = true;
    m_inFlight = false;
    rebuildCards(0);
    displayNodes({});
    m_queue->setRowCount(0);
    m_summary->clear();
    m_stack->setCurrentIndex(0);
    if (isVisible()) {
        poll();
        m_timer.start();
    }
}

void MachineView::poll()
{
    if (!m_client || m_inFlight)
        return;
    if (m_client->lacksExtension(client::SeedClient::kMachineViewExtension)) {
        showUnavailable(m_client->endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo));
        return;
    }
    m_inFlight = true;
    ++m_polls;
    m_client->getMachineView(this, [this](const client::Result<client::MachineView> &r) {
        m_inFlight = false;
        if (r.ok()) {
            display(r.value.value());
            return;
        }
        if (r.httpStatus == 404) {
            if (m_client) {
                m_client->noteMissingExtension(client::SeedClient::kMachineViewExtension);
                showUnavailable(m_client->endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo));
            }
            return;
        }
        // A passing failure (seedd restarting): keep the last picture, say why it is not moving.
        m_summary->setText(tr("Not updated: %1").arg(client::describeForUser(r.value.error())));
    });
}

void MachineView::showUnavailable(const QString &server)
{
    m_available = false;
    m_timer.stop();
    m_unavailable->setText(tr("The machine view is not available for this connection.\n\n%1 does not offer it (no "
                              "GET …/machine/view): it is an extension of Seed's local backend, seedd. Job charts "
                              "and logs work as usual.")
                               .arg(server));
    m_stack->setCurrentIndex(1);
    Q_EMIT refreshed();
}

QString MachineView::message() const { return m_available ? QString() : m_unavailable->text(); }

QString MachineView::summary() const { return m_summary->text(); }

void MachineView::rebuildCards(int n)
{
    if (n == m_cards.size())
        return;
    for (Card &c : m_cards)
        delete c.frame;
    m_cards.clear();
    const int columns = n > 4 ? 2 : 1;
    for (int i = 0; i < n; ++i) {
        Card c;
        auto *frame = new QFrame;
        frame->setObjectName(QStringLiteral("gpuCard%1").arg(i));
        frame->setFrameShape(QFrame::StyledPanel);
        c.frame = frame;
        c.title = new QLabel;
        c.title->setTextFormat(Qt::PlainText);
        QFont bold = c.title->font();
        bold.setBold(true);
        c.title->setFont(bold);
        c.badge = new QLabel(tr("simulated"));
        c.badge->setObjectName(QStringLiteral("simulatedBadge"));
        c.badge->setToolTip(tr("A simulated GPU (seedd --gpus simulate=...): jobs run as if it were there; nothing "
                               "measures it."));
        c.badge->setStyleSheet(QStringLiteral("QLabel { color: #7a4d00; background: #ffe7a8; border-radius: 3px; "
                                              "padding: 0 5px; }"));
        c.spot = new QLabel(tr("Spot"));
        c.spot->setObjectName(QStringLiteral("spotBadge"));
        c.spot->setToolTip(tr("Held by a spot job: an on-demand job that needs this GPU may preempt it."));
        c.spot->setStyleSheet(QStringLiteral("QLabel { color: #0b4f8a; background: #cfe6ff; border-radius: 3px; "
                                             "padding: 0 5px; }"));
        c.spot->setVisible(false);
        c.utilText = new QLabel;
        c.memText = new QLabel;
        c.util = new Sparkline(QColor(118, 185, 0), frame);
        c.mem = new Sparkline(QColor(36, 114, 200), frame);
        c.util->setAccessibleName(tr("Utilization of GPU %1").arg(i));
        c.mem->setAccessibleName(tr("Memory of GPU %1").arg(i));
        auto *holder = new QToolButton;
        holder->setAutoRaise(true);
        holder->setToolButtonStyle(Qt::ToolButtonTextOnly);
        holder->setCursor(Qt::PointingHandCursor);
        c.holder = holder;
        connect(holder, &QToolButton::clicked, this, [this, i] {
            if (i < m_cards.size() && !m_cards[i].holderJob.isEmpty())
                Q_EMIT jobActivated(m_cards[i].holderJob);
        });
        auto *g = new QGridLayout(frame);
        auto *head = new QHBoxLayout;
        // The title may wrap and the holder has a row of its own: in the narrow dock the job holding the GPU
        // must not be pushed out of sight by a long GPU name.
        c.title->setWordWrap(true);
        head->addWidget(c.title, 1);
        head->addWidget(c.badge, 0, Qt::AlignTop);
        g->addLayout(head, 0, 0, 1, 3);
        g->addWidget(new QLabel(tr("Job")), 1, 0);
        auto *holderRow = new QHBoxLayout;
        holderRow->addWidget(holder);
        holderRow->addWidget(c.spot);
        holderRow->addStretch(1);
        g->addLayout(holderRow, 1, 1, 1, 2);
        g->addWidget(new QLabel(tr("Utilization")), 2, 0);
        g->addWidget(c.util, 2, 1);
        g->addWidget(c.utilText, 2, 2);
        g->addWidget(new QLabel(tr("Memory")), 3, 0);
        g->addWidget(c.mem, 3, 1);
        g->addWidget(c.memText, 3, 2);
        g->setColumnStretch(1, 1);
        c.utilText->setMinimumWidth(fontMetrics().horizontalAdvance(tr("not measured")) + 8);
        m_gpuGrid->addWidget(frame, i / columns, i % columns);
        m_cards.append(c);
    }
    m_gpuGrid->setRowStretch(n, 1);
}

QString MachineView::gpuTitle(const client::MachineGpu &g)
{
    // "Simulated A100-80GB (A100-80GB)" said it twice, and "simulated" is the badge's to say.
    QString model = g.model;
    if (g.simulated && model.startsWith(QLatin1String("Simulated ")))
        model = model.mid(10);
    if (g.type.isEmpty())
        return tr("%1 (not allocated)").arg(model);
    if (model.isEmpty() || model == g.type)
        return g.type;
    return model.contains(g.type) ? model : tr("%1 (%2)").arg(model, g.type);
}

void MachineView::display(const client::MachineView &m)
{
    ++m_received;
    m_available = true;
    m_stack->setCurrentIndex(0);
    rebuildCards(int(m.gpus.size()));
    m_noGpus->setVisible(m.gpus.isEmpty());
    int busy = 0;
    for (qsizetype i = 0; i < m.gpus.size(); ++i) {
        const client::MachineGpu &g = m.gpus[i];
        Card &c = m_cards[i];
        const QString key = g.uuid.isEmpty() ? QString::number(g.index) : g.uuid;
        History &h = m_history[key];
        c.historyKey = key;
        h.util.push_back(g.utilizationPercent);
        h.memMib.push_back(g.memoryUsedMib ? std::optional<double>(double(*g.memoryUsedMib)) : std::nullopt);
        while (h.util.size() > kHistory)
            h.util.pop_front();
        while (h.memMib.size() > kHistory)
            h.memMib.pop_front();

        c.title->setText(tr("GPU %1 · %2").arg(g.index).arg(gpuTitle(g)));
        c.badge->setVisible(g.simulated);
        c.util->setHistory(h.util, 100, kHistory);
        c.mem->setHistory(h.memMib, double(std::max<qint64>(1, g.memoryMib)), kHistory);
        // A simulated GPU's numbers are seedd's model of it: shown, and said to be simulated, never as a reading.
        const QString util = g.utilizationPercent ? tr("%1 %").arg(qRound(*g.utilizationPercent)) : tr("not measured");
        c.utilText->setText(g.utilizationPercent && g.telemetrySimulated ? tr("%1 (simulated)").arg(util) : util);
        const QString total = QString::number(double(g.memoryMib) / 1024.0, 'f', 0);
        const QString mem =
            g.memoryUsedMib ? tr("%1 / %2 GiB").arg(QString::number(double(*g.memoryUsedMib) / 1024.0, 'f', 1), total)
                            : tr("not measured / %1 GiB").arg(total);
        c.memText->setText(g.memoryUsedMib && g.telemetrySimulated ? tr("%1 (simulated)").arg(mem) : mem);
        c.holderJob = g.jobName;
        c.spot->setVisible(g.held && g.spot.value_or(false));
        if (g.held)
            ++busy;
        if (!g.jobName.isEmpty()) {
            c.holder->setText(g.jobName);
            c.holder->setEnabled(true);
            c.holder->setToolTip(tr("Select %1 in the job list").arg(g.jobName));
        } else if (g.held) {
            c.holder->setText(
                tr("a job of %1").arg(g.jobNamespace.isEmpty() ? tr("another namespace") : g.jobNamespace));
            c.holder->setEnabled(false);
            c.holder->setToolTip({});
        } else {
            c.holder->setText(tr("free"));
            c.holder->setEnabled(false);
            c.holder->setToolTip({});
        }
    }

    QString source;
    if (m.gpuSource == QLatin1String("simulated"))
        source = tr("simulated GPUs");
    else if (m.gpuSource == QLatin1String("none"))
        source = tr("no GPUs detected");
    else
        source = tr("GPUs via %1").arg(m.gpuSource);
    m_summary->setText(tr("%1 of %2 GPUs busy (%3) · %4 running, %5 queued · free: %6 of %7 vCPUs, %8 of %9 GB memory")
                           .arg(busy)
                           .arg(m.gpus.size())
                           .arg(source)
                           .arg(m.running)
                           .arg(m.queued)
                           .arg(m.freeCpus)
                           .arg(m.capacityCpus)
                           .arg(QString::number(m.freeMemoryGb, 'f', 0), QString::number(m.capacityMemoryGb, 'f', 0)));

    if (m.namespaceEnergy && m.namespaceEnergy->jobs > 0) {
        const auto &e = *m.namespaceEnergy;
        QString energy = JobDetails::energyText(e.kwh);
        if (e.cost)
            energy = tr("%1, %2 %3").arg(energy, QLocale().toString(*e.cost, 'f', *e.cost >= 1 ? 2 : 4), e.currency);
        if (e.simulated)
            energy = tr("%1 (simulated)").arg(energy);
        m_summary->setText(m_summary->text() + u'\n'
                           + tr("GPU energy of %n job(s) in this namespace: %1", nullptr, e.jobs).arg(energy));
    }

    displayNodes(m.nodes);
    if (!m.nodes.isEmpty()) {
        int cpus = 0, allocated = 0;
        for (const client::ClusterNode &n : m.nodes) {
            cpus += n.cpus;
            allocated += n.cpusAllocated;
        }
        m_summary->setText(tr("Cluster (%1): %n node(s) · %2 of %3 vCPUs allocated · %4 running, %5 queued", nullptr,
                              int(m.nodes.size()))
                               .arg(m.runner.isEmpty() ? tr("cluster runner") : m.runner)
                               .arg(allocated)
                               .arg(cpus)
                               .arg(m.running)
                               .arg(m.queued));
        m_noGpus->setVisible(false);
    }

    m_queue->setRowCount(int(m.queue.size()));
    for (qsizetype i = 0; i < m.queue.size(); ++i) {
        const client::QueuedJob &q = m.queue[i];
        auto *pos = new QTableWidgetItem(QString::number(q.position));
        pos->setData(Qt::UserRole, q.position);
        auto *name = new QTableWidgetItem(q.name.isEmpty() ? tr("(a job of another namespace)") : q.name);
        name->setData(Qt::UserRole, q.name);
        const QString gpus =
            q.gpu == QLatin1String("none") || q.gpu.isEmpty() ? tr("none") : tr("%1 × %2").arg(q.gpuCount).arg(q.gpu);
        m_queue->setItem(int(i), 0, pos);
        m_queue->setItem(int(i), 1, name);
        m_queue->setItem(int(i), 2, new QTableWidgetItem(gpus));
        m_queue->setItem(int(i), 3, new QTableWidgetItem(q.ns));
    }
    m_queue->resizeColumnToContents(0);
    m_queue->resizeColumnToContents(2); // "2 × A100-80GB" on one line
    Q_EMIT refreshed();
}

void MachineView::displayNodes(const QList<client::ClusterNode> &nodes)
{
    m_nodeBox->setVisible(!nodes.isEmpty());
    if (nodes.size() != m_nodeFrames.size()) {
        qDeleteAll(m_nodeFrames);
        m_nodeFrames.clear();
        const int columns = nodes.size() > 2 ? 2 : 1;
        for (int i = 0; i < nodes.size(); ++i) {
            auto *frame = new QFrame;
            frame->setObjectName(QStringLiteral("nodeCard%1").arg(i));
            frame->setFrameShape(QFrame::StyledPanel);
            auto *v = new QVBoxLayout(frame);
            auto *head = new QHBoxLayout;
            auto *title = new QLabel;
            title->setObjectName(QStringLiteral("nodeTitle"));
            title->setTextFormat(Qt::PlainText);
            QFont bold = title->font();
            bold.setBold(true);
            title->setFont(bold);
            auto *state = new QLabel;
            state->setObjectName(QStringLiteral("nodeState"));
            state->setTextFormat(Qt::PlainText);
            head->addWidget(title, 1);
            head->addWidget(state, 0, Qt::AlignTop);
            v->addLayout(head);
            auto *body = new QLabel;
            body->setObjectName(QStringLiteral("nodeBody"));
            body->setTextFormat(Qt::PlainText);
            body->setWordWrap(true);
            v->addWidget(body);
            m_nodeGrid->addWidget(frame, i / columns, i % columns);
            m_nodeFrames.append(frame);
        }
    }
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        const client::ClusterNode &n = nodes[i];
        QWidget *frame = m_nodeFrames[i];
        frame->findChild<QLabel *>(QStringLiteral("nodeTitle"))->setText(n.name);
        auto *state = frame->findChild<QLabel *>(QStringLiteral("nodeState"));
        state->setText(n.state);
        // Colour by what the state means for a job: free, partly used, full, or out of service (the word says it too).
        const QString st = n.state.toLower();
        const char *colors = st.startsWith(QLatin1String("idle"))    ? "color: #0d5e2a; background: #c8f0d4;"
                             : st.startsWith(QLatin1String("mixed")) ? "color: #7a4d00; background: #ffe7a8;"
                             : st.startsWith(QLatin1String("alloc")) ? "color: #0b4f8a; background: #cfe6ff;"
                                                                     : "color: #8a1c1c; background: #ffd6d6;";
        state->setStyleSheet(
            QStringLiteral("QLabel { %1 border-radius: 3px; padding: 0 5px; }").arg(QLatin1String(colors)));
        QStringList lines;
        lines
            << tr("Partitions: %1").arg(n.partitions.isEmpty() ? tr("none") : n.partitions.join(QStringLiteral(", ")));
        QStringList gres;
        for (const client::ClusterGres &g : n.gres)
            gres << tr("%1: %2 of %3 allocated").arg(g.type).arg(g.allocated).arg(g.count);
        lines << tr("GPUs: %1").arg(gres.isEmpty() ? tr("none") : gres.join(QStringLiteral(", ")));
        lines << tr("vCPUs: %1 of %2 allocated").arg(n.cpusAllocated).arg(n.cpus);
        if (n.memoryMb > 0)
            lines << tr("Memory: %1 of %2 GiB allocated")
                         .arg(QString::number(double(n.memoryAllocatedMb) / 1024.0, 'f', 1),
                              QString::number(double(n.memoryMb) / 1024.0, 'f', 1));
        frame->findChild<QLabel *>(QStringLiteral("nodeBody"))->setText(lines.join(u'\n'));
        frame->setAccessibleName(tr("Node %1").arg(n.name));
    }
}

QString MachineView::nodeText(int row) const
{
    if (row < 0 || row >= m_nodeFrames.size())
        return {};
    const QWidget *f = m_nodeFrames[row];
    return f->findChild<QLabel *>(QStringLiteral("nodeTitle"))->text() + u'\n' +
           f->findChild<QLabel *>(QStringLiteral("nodeState"))->text() + u'\n' +
           f->findChild<QLabel *>(QStringLiteral("nodeBody"))->text();
}

bool MachineView::gpuIsSpot(int row) const
{
    return row >= 0 && row < m_cards.size() && m_cards[row].spot->isVisibleTo(m_cards[row].frame);
}

QString MachineView::gpuTitle(int row) const
{
    if (row < 0 || row >= m_cards.size())
        return {};
    const Card &c = m_cards[row];
    return c.badge->isVisibleTo(c.frame) ? c.title->text() + QStringLiteral(" [") + c.badge->text() + u']'
                                         : c.title->text();
}

QString MachineView::gpuUtilizationText(int row) const
{
    return row >= 0 && row < m_cards.size() ? m_cards[row].utilText->text() : QString();
}

QString MachineView::gpuMemoryText(int row) const
{
    return row >= 0 && row < m_cards.size() ? m_cards[row].memText->text() : QString();
}

QString MachineView::gpuHolderText(int row) const
{
    return row >= 0 && row < m_cards.size() ? m_cards[row].holder->text() : QString();
}

QAbstractButton *MachineView::gpuHolderButton(int row) const
{
    return row >= 0 && row < m_cards.size() ? m_cards[row].holder : nullptr;
}

int MachineView::gpuHistoryLength(int row) const
{
    if (row < 0 || row >= m_cards.size())
        return 0;
    const auto it = m_history.constFind(m_cards[row].historyKey);
    return it == m_history.constEnd() ? 0 : int(it->util.size());
}

} // namespace seed::ui
