#include "logpane.h"

#include "client/errortext.h"
#include "client/logstream.h"
#include "client/seedclient.h"
#include "models/settings.h"
#include "models/statusstyle.h"

#include <QAbstractListModel>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace seed::ui {

namespace {

const QColor kAnsi[16] = {QColor(0, 0, 0),       QColor(205, 49, 49),   QColor(13, 188, 121), QColor(229, 229, 16),
                          QColor(36, 114, 200),  QColor(188, 63, 188),  QColor(17, 168, 205), QColor(229, 229, 229),
                          QColor(102, 102, 102), QColor(241, 76, 76),   QColor(35, 209, 139), QColor(245, 245, 67),
                          QColor(59, 142, 234),  QColor(214, 112, 214), QColor(41, 184, 219), QColor(255, 255, 255)};

// Applies one SGR parameter list to `f`.
void applySgr(const QString &params, QTextCharFormat &f, const QTextCharFormat &base)
{
    const QStringList parts = params.isEmpty() ? QStringList{QStringLiteral("0")} : params.split(u';');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const int n = parts[i].toInt();
        if (n == 0)
            f = base;
        else if (n == 1)
            f.setFontWeight(QFont::Bold);
        else if (n == 22)
            f.setFontWeight(QFont::Normal);
        else if (n == 3)
            f.setFontItalic(true);
        else if (n == 4)
            f.setFontUnderline(true);
        else if (n >= 30 && n <= 37)
            f.setForeground(kAnsi[n - 30]);
        else if (n >= 90 && n <= 97)
            f.setForeground(kAnsi[n - 90 + 8]);
        else if (n == 39)
            f.setForeground(base.foreground());
        else if (n >= 40 && n <= 47)
            f.setBackground(kAnsi[n - 40]);
        else if (n >= 100 && n <= 107)
            f.setBackground(kAnsi[n - 100 + 8]);
        else if (n == 49)
            f.setBackground(base.background());
        else if ((n == 38 || n == 48) && i + 2 < parts.size() && parts[i + 1] == QLatin1String("5")) {
            const int c = parts[i + 2].toInt();
            if (c >= 0 && c < 16)
                (n == 38) ? f.setForeground(kAnsi[c]) : f.setBackground(kAnsi[c]);
            i += 2;
        } else if ((n == 38 || n == 48) && i + 4 < parts.size() && parts[i + 1] == QLatin1String("2")) {
            const QColor c(parts[i + 2].toInt(), parts[i + 3].toInt(), parts[i + 4].toInt());
            (n == 38) ? f.setForeground(c) : f.setBackground(c);
            i += 4;
        }
    }
}

// One log line as the view lays it out: the text without escape sequences, and the ANSI colours as
// format ranges over it.
struct StyledText
{
    QString text;
    QList<QTextLayout::FormatRange> formats;
};

StyledText parseAnsi(const QString &message, qsizetype offset)
{
    StyledText out;
    if (!message.contains(QChar(0x1b))) {
        out.text = message;
        return out;
    }
    const QTextCharFormat base;
    QTextCharFormat f = base;
    out.text.reserve(message.size());
    auto add = [&](QStringView chunk) {
        if (chunk.isEmpty())
            return;
        if (f != base)
            out.formats.append({int(offset + out.text.size()), int(chunk.size()), f});
        out.text += chunk;
    };
    qsizetype pos = 0;
    while (pos < message.size()) {
        const qsizetype esc = message.indexOf(QChar(0x1b), pos);
        if (esc < 0) {
            add(QStringView(message).sliced(pos));
            break;
        }
        add(QStringView(message).sliced(pos, esc - pos));
        if (esc + 1 < message.size() && message[esc + 1] == u'[') {
            qsizetype end = esc + 2;
            while (end < message.size() && !(message[end] >= u'@' && message[end] <= u'~'))
                ++end;
            if (end < message.size() && message[end] == u'm')
                applySgr(message.mid(esc + 2, end - esc - 2), f, base);
            pos = end + 1;
        } else {
            pos = esc + 2;
        }
    }
    return out;
}

QString timestampText(const LogEntry &e)
{
    // UTC, and said so: a bare clock time read as local time is hours off.
    return e.timestamp.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz'Z' "));
}

} // namespace

QString LogPane::stripAnsi(const QString &s)
{
    if (!s.contains(QChar(0x1b)))
        return s;
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == QChar(0x1b)) {
            if (i + 1 < s.size() && s[i + 1] == u'[') {
                i += 2;
                while (i < s.size() && !(s[i] >= u'@' && s[i] <= u'~'))
                    ++i;
            } else {
                ++i;
            }
            continue;
        }
        out.append(s[i]);
    }
    return out;
}

// The buffer as list rows. Unfiltered, row r is buffer line r (the cap cuts rows off the front as lines
// arrive at the end). Filtered, the rows are the matching lines, kept as positions over everything ever held
// (LogBuffer::base()) so that the cut at the front needs no renumbering.
class LogLineModel : public QAbstractListModel
{
public:
    LogLineModel(LogBuffer *buffer, QObject *parent) : QAbstractListModel(parent), m_buffer(buffer) {}

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_filtering ? m_matches.size() : m_shown);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= rowCount())
            return {};
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return lineText(index.row());
        return {};
    }

    const LogEntry &entry(int row) const
    {
        return m_filtering ? m_buffer->at(int(m_matches.at(row) - m_buffer->base())) : m_buffer->at(row);
    }
    QString lineText(int row) const
    {
        const LogEntry &e = entry(row);
        return (m_timestamps ? timestampText(e) : QString()) + nodeText(e) + LogPane::stripAnsi(e.message);
    }
    // The node column: every line's node, padded to the widest name so that the messages line up.
    QString nodeText(const LogEntry &e) const
    {
        if (m_nodeWidth == 0)
            return {};
        return (e.node.isEmpty() ? QStringLiteral("-") : e.node).leftJustified(m_nodeWidth, u' ', true) +
               QStringLiteral("  ");
    }
    bool matches(const LogEntry &e) const
    {
        return (m_node.isEmpty() || e.node == m_node) &&
               (m_needle.isEmpty() || e.message.contains(m_needle, Qt::CaseInsensitive));
    }
    int widestLine() const { return m_widest; } // in characters, over what was shown

    void setTimestamps(bool on) { m_timestamps = on; }
    bool timestamps() const { return m_timestamps; }
    void setFilter(const QString &needle, const QString &node) // empty: every line (of every node)
    {
        m_needle = needle;
        m_node = node;
        rebuild();
    }
    void setNodeWidth(int chars) { m_nodeWidth = chars; } // 0: no node column
    int nodeWidth() const { return m_nodeWidth; }

    void rebuild()
    {
        beginResetModel();
        m_filtering = !m_needle.isEmpty() || !m_node.isEmpty();
        m_matches.clear();
        m_shown = m_buffer->size();
        m_widest = 0;
        if (m_filtering)
            collect(0, m_buffer->size());
        for (int i = std::max(0, m_buffer->size() - 2000); i < m_buffer->size(); ++i)
            m_widest = std::max(m_widest, int(m_buffer->at(i).message.size()));
        endResetModel();
    }

    // After LogBuffer::appended: the cut at the front first, then the new rows at the end.
    void appended(int count)
    {
        const int size = m_buffer->size();
        if (m_filtering) {
            qsizetype gone = 0;
            while (gone < m_matches.size() && m_matches.at(gone) < m_buffer->base())
                ++gone;
            if (gone > 0) {
                beginRemoveRows({}, 0, int(gone) - 1);
                m_matches.remove(0, gone);
                endRemoveRows();
            }
            const qsizetype before = m_matches.size();
            QList<qint64> fresh;
            for (int i = std::max(0, size - count); i < size; ++i)
                if (matches(m_buffer->at(i)))
                    fresh.append(m_buffer->base() + i);
            if (!fresh.isEmpty()) {
                beginInsertRows({}, int(before), int(before + fresh.size() - 1));
                m_matches += fresh;
                endInsertRows();
            }
        } else {
            // Rows that stayed are buffer lines 0..kept-1 (the cut took the oldest).
            const int kept = std::max(0, size - count);
            if (m_shown > kept) {
                beginRemoveRows({}, 0, m_shown - kept - 1);
                m_shown = kept;
                endRemoveRows();
            }
            if (size > m_shown) {
                beginInsertRows({}, m_shown, size - 1);
                m_shown = size;
                endInsertRows();
            }
        }
        for (int i = std::max(0, size - count); i < size; ++i)
            m_widest = std::max(m_widest, int(m_buffer->at(i).message.size()));
    }

private:
    void collect(int from, int to)
    {
        for (int i = from; i < to; ++i)
            if (matches(m_buffer->at(i)))
                m_matches.append(m_buffer->base() + i);
    }

    LogBuffer *m_buffer;
    QString m_needle;
    QString m_node;
    int m_nodeWidth = 0;
    QList<qint64> m_matches;
    int m_shown = 0;
    int m_widest = 0;
    bool m_filtering = false;
    bool m_timestamps = false;
};

// Paints one row with QTextLayout: ANSI colours and find highlights as format ranges, the timestamp
// dimmed. Only rows on screen are ever laid out. Unwrapped rows all have one height (uniform sizes, so
// the view never asks each row); wrapped rows are measured at the viewport's width.
class LogLineDelegate : public QStyledItemDelegate
{
public:
    LogLineDelegate(LogLineModel *model, QListView *view) : QStyledItemDelegate(view), m_model(model), m_view(view) {}

    void setNeedle(const QString &needle) { m_needle = needle; }
    void setWrap(bool on) { m_wrap = on; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const bool selected = option.state & QStyle::State_Selected;
        if (selected)
            painter->fillRect(option.rect, option.palette.brush(QPalette::Highlight));
        QTextLayout layout;
        prepare(layout, index.row(), option);
        const qreal width = m_wrap ? option.rect.width() - 2 * kPad : 1e7;
        layout.beginLayout();
        qreal y = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            line.setPosition(QPointF(0, y));
            y += line.height();
        }
        layout.endLayout();
        painter->save();
        painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->setClipRect(option.rect);
        layout.draw(painter, QPointF(option.rect.left() + kPad, option.rect.top() + 1));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QFontMetrics fm(m_view->font());
        const int lineHeight = fm.lineSpacing() + 2;
        if (!m_wrap) {
            const int chars = m_model->widestLine() + (m_model->timestamps() ? 25 : 0) +
                              (m_model->nodeWidth() > 0 ? m_model->nodeWidth() + 2 : 0);
            return {chars * fm.horizontalAdvance(QLatin1Char('x')) + 2 * kPad, lineHeight};
        }
        // Wrapped: laid out exactly as paint() will, at the viewport's width.
        const int width = std::max(50, m_view->viewport()->width() - 2 * kPad);
        QTextLayout layout;
        prepare(layout, index.row(), option);
        layout.beginLayout();
        qreal height = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            height += line.height();
        }
        layout.endLayout();
        return {width, std::max(lineHeight, int(std::ceil(height)) + 2)};
    }

private:
    static constexpr int kPad = 4;

    void prepare(QTextLayout &layout, int row, const QStyleOptionViewItem &option) const
    {
        const LogEntry &e = m_model->entry(row);
        // The timestamp and the node column, dimmed: the message is what is read.
        const QString ts = (m_model->timestamps() ? timestampText(e) : QString()) + m_model->nodeText(e);
        StyledText styled = parseAnsi(e.message, ts.size());
        QList<QTextLayout::FormatRange> formats;
        if (!ts.isEmpty()) {
            QTextCharFormat dim;
            dim.setForeground(option.palette.color(QPalette::PlaceholderText));
            formats.append({0, int(ts.size()), dim});
        }
        formats += styled.formats;
        const QString text = ts + styled.text;
        if (!m_needle.isEmpty()) {
            QTextCharFormat hl;
            hl.setBackground(QColor(255, 220, 0));
            hl.setForeground(Qt::black);
            for (qsizetype at = text.indexOf(m_needle, ts.size(), Qt::CaseInsensitive); at >= 0;
                 at = text.indexOf(m_needle, at + m_needle.size(), Qt::CaseInsensitive))
                formats.append({int(at), int(m_needle.size()), hl});
        }
        layout.setText(text);
        layout.setFont(m_view->font());
        QTextOption to;
        to.setWrapMode(m_wrap ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::NoWrap);
        layout.setTextOption(to);
        layout.setFormats(formats);
    }

    LogLineModel *m_model;
    QListView *m_view;
    QString m_needle;
    bool m_wrap = false;
};

LogPane::LogPane(client::SeedClient *client, const QString &jobName, QWidget *parent)
    : QWidget(parent), m_client(client), m_name(jobName), m_buffer(new LogBuffer(this)),
      m_stream(new client::LogStream(client, jobName, this))
{
    m_buffer->setCapacity(LogBuffer::capacityFromSettings());
    // A lower cap lets the oldest lines go at once (Preferences: "open panes take a new value at once").
    connect(Settings::instance(), &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::LogMaxLines)
            m_buffer->setCapacity(LogBuffer::capacityFromSettings());
    });

    auto *bar = new QHBoxLayout;
    auto toggle = [this, bar](const QString &text, const QString &tip, bool on) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setCheckable(true);
        b->setChecked(on);
        bar->addWidget(b);
        return b;
    };
    m_follow = toggle(tr("Follow"), tr("Scroll to new lines while the view shows the end"), true);
    m_wrap = toggle(tr("Wrap"), tr("Wrap long lines"), false);
    m_timestamps = toggle(tr("Timestamps"), tr("Show each line's time"), false);
    m_find = new QLineEdit(this);
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    bar->addWidget(m_find, 1);
    m_filter = new QCheckBox(tr("Only matching"), this);
    bar->addWidget(m_filter);
    // Shown once a line names its node (a multi-node job on a cluster runner).
    m_nodeFilter = new QComboBox(this);
    m_nodeFilter->setObjectName(QStringLiteral("nodeFilter"));
    m_nodeFilter->setAccessibleName(tr("Node"));
    m_nodeFilter->setToolTip(tr("Show the lines of one node only"));
    m_nodeFilter->addItem(tr("All nodes"), QString());
    m_nodeFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_nodeFilter->setVisible(false);
    bar->addWidget(m_nodeFilter);
    m_earlier = new QPushButton(tr("Load earlier"), this);
    m_earlier->setEnabled(false);
    bar->addWidget(m_earlier);
    auto *copyButton = new QToolButton(this);
    copyButton->setText(tr("Copy"));
    copyButton->setToolTip(tr("Copy the selection, or every line when nothing is selected"));
    bar->addWidget(copyButton);
    auto *saveButton = new QToolButton(this);
    saveButton->setText(tr("Save…"));
    bar->addWidget(saveButton);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Log lines"));
    m_model = new LogLineModel(m_buffer, this);
    m_view->setModel(m_model);
    m_delegate = new LogLineDelegate(m_model, m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_view->setFont(mono);
    auto *copyShortcut = new QAction(m_view);
    copyShortcut->setShortcut(QKeySequence::Copy);
    copyShortcut->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(copyShortcut);
    connect(copyShortcut, &QAction::triggered, this, &LogPane::copy);
    m_status = new QLabel(this);

    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addLayout(bar);
    lay->addWidget(m_view, 1);
    lay->addWidget(m_status);

    connect(m_wrap, &QToolButton::toggled, this, &LogPane::setWrap);
    connect(m_timestamps, &QToolButton::toggled, this, [this] { rebuild(); });
    connect(m_follow, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            m_view->scrollToBottom();
    });
    connect(m_find, &QLineEdit::textChanged, this, [this] {
        m_delegate->setNeedle(m_find->text());
        if (m_filter->isChecked())
            rebuild();
        else
            m_view->viewport()->update();
    });
    connect(m_find, &QLineEdit::returnPressed, this, &LogPane::findNext);
    connect(m_filter, &QCheckBox::toggled, this, [this] { rebuild(); });
    connect(m_earlier, &QPushButton::clicked, this, &LogPane::loadEarlier);
    connect(copyButton, &QToolButton::clicked, this, &LogPane::copy);
    connect(saveButton, &QToolButton::clicked, this, &LogPane::saveAs);

    connect(m_nodeFilter, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    connect(m_buffer, &LogBuffer::appended, this, &LogPane::onAppended);
    connect(m_buffer, &LogBuffer::reset, this, &LogPane::rebuild);
    connect(m_buffer, &LogBuffer::nodeSeen, this, &LogPane::onNodeSeen);
    connect(m_stream, &client::LogStream::linesWithNodes, m_buffer,
            [this](const QList<wire::LogLine> &lines, const QStringList &nodes) { m_buffer->append(lines, nodes); });
    connect(m_stream, &client::LogStream::linesReceived, this, [this](const QList<wire::LogLine> &lines) {
        if (!lines.isEmpty())
            m_lastStreamed = lines.constLast();
    });
    connect(m_stream, &client::LogStream::linesDropped, this, [this](qint64 n) {
        setStatusText(tr("%n earlier line(s) were dropped by the server's log bound.", nullptr, int(n)));
    });
    connect(m_stream, &client::LogStream::stateChanged, this, [this](client::LogStream::State s) {
        if (s == client::LogStream::State::Open)
            setStatusText(tr("Streaming live."));
        else if (s == client::LogStream::State::Connecting && m_stream->reconnects() > 0)
            setStatusText(tr("Connection lost; reconnecting (resuming after line %1)…").arg(m_stream->lastEventId()));
    });
    connect(m_stream, &client::LogStream::ended, this, [this](const QJsonObject &end) {
        m_buffer->flush();
        m_ended = true;
        m_endStatus = end.value(QLatin1String("status")).toString();
        m_endExitCode = end.value(QLatin1String("exit_code")).isDouble()
                            ? std::optional<int>(end.value(QLatin1String("exit_code")).toInt())
                            : std::nullopt;
        setStatusText(endText());
        Q_EMIT endedWith(m_endStatus);
    });
    connect(m_stream, &client::LogStream::notRunning, this, &LogPane::loadTail);
    connect(m_stream, &client::LogStream::failed, this, [this] { setStatusText(tr("The log cannot be read.")); });
}

LogPane::~LogPane() = default;

// The same words whether the end came live on the stream or the job had ended before the pane opened.
QString LogPane::endText() const
{
    QString text = tr("Job ended: %1").arg(models::statusLabel(m_endStatus));
    if (m_endExitCode)
        text += tr(" (exit code %1)").arg(*m_endExitCode);
    return text;
}

void LogPane::setStatusText(const QString &s) { m_status->setText(s); }

QString LogPane::statusText() const { return m_status->text(); }

void LogPane::start()
{
    if (!m_client)
        return;
    setStatusText(tr("Connecting…"));
    m_client->getJob(m_name, this, [this](const client::Result<wire::Job> &r) {
        if (!r.ok()) {
            setStatusText(client::describeForUser(r.value.error()));
            return;
        }
        const wire::JobStatus status = r.value.value().status;
        if (status == wire::JobStatus::Running)
            m_stream->start();
        else if (status == wire::JobStatus::Queued) {
            setStatusText(tr("Queued: the log starts when the job runs."));
            QTimer::singleShot(2000, this, &LogPane::start);
        } else {
            m_endStatus = wire::jobStatusName(status);
            m_endExitCode = r.value.value().exitCode;
            loadTail();
        }
    });
}

void LogPane::loadTail()
{
    wire::LogQuery q;
    q.tail = 1000;
    m_client->getLogLines(m_name, q, this, [this](const client::Result<client::NodeLogPage> &r) {
        if (!r.ok()) {
            setStatusText(client::describeForUser(r.value.error()));
            return;
        }
        const wire::LogPage &p = r.value->page;
        // After a stream (the job ended while it ran), only what it did not bring: a server without ids
        // would otherwise show every streamed line twice. What it returns is the page's end.
        const QList<wire::LogLine> after = client::LogStream::linesAfter(p.lines, m_lastStreamed);
        m_buffer->append(after, r.value->nodes.mid(r.value->nodes.size() - after.size()));
        m_buffer->flush();
        m_hasMore = p.hasMore;
        m_earlier->setEnabled(m_hasMore);
        m_ended = true;
        setStatusText(m_endStatus.isEmpty() ? tr("Finished.") : endText());
    });
}

// The contract pages only from the end (tail, at most 10000) or after a time (since): earlier lines are read
// as a longer tail, and what is already shown is left out (by id, else by count).
void LogPane::loadEarlier()
{
    if (!m_client || m_loadingEarlier || !m_hasMore)
        return;
    m_loadingEarlier = true;
    wire::LogQuery q;
    const int have = m_buffer->size();
    q.tail = std::min(10000, have + 1000);
    m_client->getLogLines(m_name, q, this, [this, have](const client::Result<client::NodeLogPage> &r) {
        m_loadingEarlier = false;
        if (!r.ok())
            return;
        const wire::LogPage &p = r.value->page;
        QList<wire::LogLine> lines = p.lines;
        QStringList nodes = r.value->nodes;
        if (m_buffer->firstId() <= 0) {
            lines = lines.mid(0, std::max<qsizetype>(0, lines.size() - have));
            nodes = nodes.mid(0, lines.size());
        }
        m_buffer->prepend(lines, nodes);
        m_hasMore = p.hasMore && p.lines.size() < 10000;
        m_earlier->setEnabled(m_hasMore);
    });
}

bool LogPane::accepts(const LogEntry &e) const
{
    const QString node = currentNode();
    if (!node.isEmpty() && e.node != node)
        return false;
    return !m_filter->isChecked() || m_find->text().isEmpty() ||
           e.message.contains(m_find->text(), Qt::CaseInsensitive);
}

QString LogPane::currentNode() const { return m_nodeFilter->currentData().toString(); }

void LogPane::setNodeFilter(const QString &node)
{
    const int i = m_nodeFilter->findData(node);
    m_nodeFilter->setCurrentIndex(i >= 0 ? i : 0);
}

void LogPane::onNodeSeen(const QString &node)
{
    m_nodeFilter->addItem(node, node);
    m_nodeFilter->setVisible(true);
    int width = 0;
    for (const QString &n : m_buffer->nodes())
        width = std::max(width, int(n.size()));
    // A node name is the server's: the column is bounded, the rest is cut rather than pushing the messages away.
    m_model->setNodeWidth(std::min(width, 24));
    m_view->doItemsLayout();
}

int LogPane::shownLineCount() const { return m_model->rowCount(); }

QString LogPane::shownLine(int row) const { return m_model->lineText(row); }

int LogPane::highlightCount() const
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return 0;
    int n = 0;
    for (int r = 0; r < m_model->rowCount() && n < 5000; ++r) {
        const QString text = LogPane::stripAnsi(m_model->entry(r).message);
        for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0 && n < 5000;
             at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
            ++n;
    }
    return n;
}

// Selects the next row holding the find text, after the current one, wrapping around once.
void LogPane::findNext()
{
    const QString needle = m_find->text();
    const int rows = m_model->rowCount();
    if (needle.isEmpty() || rows == 0)
        return;
    const int from = m_view->currentIndex().isValid() ? m_view->currentIndex().row() + 1 : 0;
    for (int k = 0; k < rows; ++k) {
        const int r = (from + k) % rows;
        if (m_model->entry(r).message.contains(needle, Qt::CaseInsensitive)) {
            m_follow->setChecked(false); // the user looks at this line now
            m_view->setCurrentIndex(m_model->index(r));
            m_view->scrollTo(m_model->index(r), QAbstractItemView::PositionAtCenter);
            return;
        }
    }
}

void LogPane::onAppended(int count, int)
{
    QScrollBar *sb = m_view->verticalScrollBar();
    const bool atEnd = sb->value() >= sb->maximum() - 1;
    const int widest = m_model->widestLine();
    m_model->appended(count);
    if (m_model->widestLine() > widest + widest / 8 + 4)
        m_view->doItemsLayout(); // uniform sizes are measured once: a much wider line needs a new width
    if (m_follow->isChecked() && atEnd)
        m_view->scrollToBottom();
}

void LogPane::rebuild()
{
    m_model->setTimestamps(m_timestamps->isChecked());
    m_model->setFilter(m_filter->isChecked() ? m_find->text() : QString(), currentNode());
    if (m_follow->isChecked())
        m_view->scrollToBottom();
}

void LogPane::setFollow(bool on) { m_follow->setChecked(on); }
void LogPane::setWrap(bool on)
{
    m_wrap->setChecked(on);
    m_delegate->setWrap(on);
    // Wrapped rows differ in height: the view then measures each row (slower under a flood; off by default).
    m_view->setUniformItemSizes(!on);
    m_view->setWordWrap(on);
    m_view->setHorizontalScrollBarPolicy(on ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded);
    m_view->doItemsLayout();
}
void LogPane::setShowTimestamps(bool on) { m_timestamps->setChecked(on); }
void LogPane::setFind(const QString &text) { m_find->setText(text); }
void LogPane::setFilterToFind(bool on) { m_filter->setChecked(on); }

QString LogPane::plainText() const
{
    QString out;
    const bool ts = m_timestamps->isChecked();
    for (const LogEntry &e : m_buffer->lines()) {
        if (!accepts(e))
            continue;
        if (ts)
            out += e.timestamp.toUTC().toString(Qt::ISODateWithMs) + u' ';
        if (!e.node.isEmpty())
            out += u'[' + e.node + QStringLiteral("] ");
        out += stripAnsi(e.message);
        out += u'\n';
    }
    return out;
}

bool LogPane::saveTo(const QString &file) const
{
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(plainText().toUtf8());
    return f.commit();
}

void LogPane::saveAs()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Log"), m_name + QStringLiteral(".log"),
                                                      tr("Log files (*.log *.txt)"));
    if (!file.isEmpty() && !saveTo(file))
        setStatusText(tr("Could not save %1.").arg(file));
}

void LogPane::copy()
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        QApplication::clipboard()->setText(plainText());
        return;
    }
    std::sort(rows.begin(), rows.end());
    QString out;
    for (const QModelIndex &i : std::as_const(rows))
        out += m_model->lineText(i.row()) + u'\n';
    QApplication::clipboard()->setText(out);
}

} // namespace seed::ui
