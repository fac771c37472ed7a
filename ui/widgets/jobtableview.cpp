#include "jobtableview.h"

#include "client/connectionmanager.h"
#include "models/jobfilterproxy.h"
#include "models/jobtablemodel.h"
#include "models/statusstyle.h"
#include "progressdelegate.h"
#include "spotdelegate.h"
#include "wire/catalog.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace seed::ui {

using models::JobTableModel;

JobTableView::JobTableView(models::JobTableModel *model, models::JobFilterProxy *proxy,
                           client::ConnectionManager *connection, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(proxy), m_connection(connection), m_view(new QTableView),
      m_empty(new QLabel), m_stack(new QStackedWidget), m_count(new QLabel)
{
    m_view->setObjectName(QStringLiteral("jobTable"));
    m_view->setAccessibleName(tr("Jobs"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->setItemDelegateForColumn(JobTableModel::Progress, new ProgressDelegate(m_view));
    m_view->setItemDelegateForColumn(JobTableModel::Name, new SpotDelegate(m_view));
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    setUpHeader();

    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(m_stack);
    m_count->setObjectName(QStringLiteral("jobCount"));

    connect(m_model, &JobTableModel::clockTicked, this, [this] {
        // Repaint only the clock-driven columns that are on screen.
        QHeaderView *hh = m_view->horizontalHeader();
        for (int c : {int(JobTableModel::Runtime), int(JobTableModel::TotalCost)})
            if (!hh->isSectionHidden(c))
                m_view->viewport()->update(hh->sectionViewportPosition(c), 0, hh->sectionSize(c),
                                           m_view->viewport()->height());
    });
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, sig, this, [this] { updateEmptyState(); });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] { updateEmptyState(); });
    connect(m_model, &JobTableModel::busyChanged, this, [this] { updateEmptyState(); });
}

void JobTableView::setUpHeader()
{
    QHeaderView *hh = m_view->horizontalHeader();
    hh->setSectionsMovable(true);
    hh->setHighlightSections(false);
    hh->setStretchLastSection(true);
    hh->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_view->fontMetrics();
    const auto chars = [&fm](int n) { return fm.horizontalAdvance(QLatin1Char('x')) * n + 16; };
    // Wide enough for the longest status label of the language in use (German: "Zeit überschritten") next to
    // its icon, with the delegate's margins around and between them.
    const int statusWidth = std::max(chars(12), neededColumnWidth(JobTableModel::Status));
    hh->resizeSection(JobTableModel::Status, statusWidth);
    // ...taken from the name column, so the table as a whole is as wide in every language.
    hh->resizeSection(JobTableModel::Name, std::max(chars(16), chars(24) - (statusWidth - chars(12))));
    hh->resizeSection(JobTableModel::Gpu, chars(14));
    hh->resizeSection(JobTableModel::Region, chars(14));
    hh->resizeSection(JobTableModel::Progress, chars(23)); // "step 1200/5000 · ETA 12m" whole; longer: elided
    hh->resizeSection(JobTableModel::Runtime, chars(8));
    hh->resizeSection(JobTableModel::CostPerHour, chars(7));
    hh->resizeSection(JobTableModel::TotalCost, chars(9));
    hh->resizeSection(JobTableModel::Created, chars(17));
    hh->setSectionHidden(JobTableModel::Started, true);
    hh->setSectionHidden(JobTableModel::Completed, true);
    hh->setSortIndicator(JobTableModel::Created, Qt::DescendingOrder);
    hh->setSortIndicatorShown(true);
    hh->setSectionsClickable(true);
    connect(hh, &QHeaderView::sortIndicatorChanged, this, [this, hh](int column, Qt::SortOrder order) {
        if (JobTableModel::sortFieldFor(column).isEmpty()) {
            const QSignalBlocker block(hh);
            hh->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
            Q_EMIT statusMessage(tr("Jobs can be sorted by name, created, started and finished time."), 4000);
            return;
        }
        m_model->sort(column, order);
    });
    hh->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(hh, &QHeaderView::customContextMenuRequested, this, [this, hh](const QPoint &pos) {
        QMenu menu;
        for (int c = 0; c < JobTableModel::ColumnCount; ++c) {
            QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!hh->isSectionHidden(c));
            a->setEnabled(c != JobTableModel::Name);
            connect(a, &QAction::toggled, hh, [hh, c](bool on) { hh->setSectionHidden(c, !on); });
        }
        menu.exec(hh->mapToGlobal(pos)); // a context menu is the one modal popup the platform expects
    });
}

QByteArray JobTableView::saveHeader() const { return m_view->horizontalHeader()->saveState(); }

void JobTableView::restoreHeader(const QByteArray &state)
{
    QHeaderView *hh = m_view->horizontalHeader();
    if (!state.isEmpty()) {
        const QSignalBlocker block(hh);
        hh->restoreState(state);
        // The server's sort is the model's: the saved indicator tells it.
        if (!JobTableModel::sortFieldFor(hh->sortIndicatorSection()).isEmpty())
            m_model->sort(hh->sortIndicatorSection(), hh->sortIndicatorOrder());
        else
            hh->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    }
    // Widths saved under another language may be too narrow for this one's labels.
    for (int c = 0; c < JobTableModel::ColumnCount; ++c)
        if (hh->sectionSize(c) < neededColumnWidth(c))
            hh->resizeSection(c, neededColumnWidth(c));
}

int JobTableView::neededColumnWidth(int column) const
{
    const QFontMetrics fm = m_view->fontMetrics();
    const QStyle *style = m_view->style();
    const int cellMargin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 1;
    int width = 0;
    if (column == JobTableModel::Status) {
        // Wide enough for the longest status label of the language in use (German: "Zeit überschritten") next
        // to its icon, with the delegate's margins around and between them.
        const int icon = style->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_view);
        for (const wire::JobStatus status : wire::allJobStatuses())
            width = std::max(width, fm.horizontalAdvance(models::statusLabel(status)) + icon + 4 * cellMargin + 4);
        // ...and for a cancelled job still stopping, its countdown.
        wire::Job stopping;
        stopping.status = wire::JobStatus::Cancelled;
        stopping.stopping = true;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        stopping.forceStopAt = now.addSecs(88);
        width = std::max(width,
                         fm.horizontalAdvance(models::jobStatusLabel(stopping, now, true)) + icon + 4 * cellMargin + 4);
    }
    // The header's label with the sort indicator beside it.
    const QHeaderView *hh = m_view->horizontalHeader();
    const QString label = m_model->headerData(column, Qt::Horizontal).toString();
    const int indicator = style->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, hh);
    const int headerMargin = style->pixelMetric(QStyle::PM_HeaderMargin, nullptr, hh);
    width = std::max(width, hh->fontMetrics().horizontalAdvance(label) + indicator + 4 * headerMargin);
    return width;
}

void JobTableView::setLoadState(bool connectFailed, bool listFailed)
{
    m_connectFailed = connectFailed;
    m_listFailed = listFailed;
}

void JobTableView::updateEmptyState()
{
    const bool empty = m_proxy->rowCount() == 0;
    QString text;
    if (empty) {
        // Never "No jobs yet" while requests fail: the list is unknown, not empty.
        if (m_connectFailed || m_listFailed)
            text = tr("The jobs could not be loaded.");
        else if (!m_connection->isReady() || m_model->isBusy())
            text = tr("Loading jobs…");
        else if (!m_proxy->nameFilter().isEmpty())
            text = tr("No job name contains “%1”.").arg(m_proxy->nameFilter());
        else if (!m_model->statusFilter().isEmpty())
            text = tr("No %1 jobs.").arg(models::statusLabel(m_model->statusFilter()).toLower());
        else
            text = tr("No jobs yet.\nPress %1 to submit one.")
                       .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
    }
    m_empty->setText(text);
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_view);
    m_count->setText(!m_listFailed && (m_model->totalOnServer() > 0 || m_connection->isReady())
                         ? tr("%n job(s)", nullptr, int(m_model->totalOnServer()))
                         : QString());
}

QString JobTableView::emptyStateText() const
{
    return m_stack->currentWidget() == m_empty ? m_empty->text() : QString();
}

QList<wire::Job> JobTableView::selectedJobs() const
{
    QList<wire::Job> out;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        out.append(i.data(JobTableModel::JobRole).value<wire::Job>());
    return out;
}

void JobTableView::selectJobs(const QStringList &names)
{
    QItemSelection sel;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (names.contains(i.data(JobTableModel::JobNameRole).toString()))
            sel.select(i, m_proxy->index(r, JobTableModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!sel.isEmpty())
        m_view->selectionModel()->setCurrentIndex(sel.first().topLeft(), QItemSelectionModel::NoUpdate);
}

void JobTableView::selectWhenListed(const QString &name)
{
    m_selectWhenListed = name;
    if (!m_selectWhenListedHooked) {
        m_selectWhenListedHooked = true;
        const auto trySelect = [this] {
            if (m_selectWhenListed.isEmpty() || m_model->rowOfName(m_selectWhenListed) < 0)
                return;
            const QString name = std::exchange(m_selectWhenListed, QString());
            selectJobs({name});
            const QModelIndex cur = m_view->selectionModel()->currentIndex();
            if (cur.isValid())
                m_view->scrollTo(cur);
        };
        connect(m_model, &JobTableModel::refreshed, this, trySelect);
        connect(m_proxy, &QAbstractItemModel::rowsInserted, this, trySelect, Qt::QueuedConnection);
    }
    if (m_model->rowOfName(name) >= 0) {
        m_selectWhenListed.clear();
        selectJobs({name});
    }
}

} // namespace seed::ui
