#include "logpane.h"

#include "client/logstream.h"
#include "client/seedclient.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace seed::ui {

namespace {

const QColor kAnsi[16] = {QColor(0, 0, 0),       QColor(205, 49, 49),   QColor(13, 188, 121),  QColor(229, 229, 16),
                          QColor(36, 114, 200),  QColor(188, 63, 188),  QColor(17, 168, 205),  QColor(229, 229, 229),
                          QColor(102, 102, 102), QColor(241, 76, 76),   QColor(35, 209, 139),  QColor(245, 245, 67),
                          QColor(59, 142, 234),  QColor(214, 112, 214), QColor(41, 184, 219),  QColor(255, 255, 255)};

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

// Inserts `text` with its ANSI colours at `cursor`.
void insertAnsi(QTextCursor &cursor, const QString &text, const QTextCharFormat &base)
{
    if (!text.contains(QChar(0x1b))) {
        cursor.insertText(text, base);
        return;
    }
    QTextCharFormat f = base;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype esc = text.indexOf(QChar(0x1b), pos);
        if (esc < 0) {
            cursor.insertText(text.mid(pos), f);
            break;
        }
        if (esc > pos)
            cursor.insertText(text.mid(pos, esc - pos), f);
        if (esc + 1 < text.size() && text[esc + 1] == u'[') {
            qsizetype end = esc + 2;
            while (end < text.size() && !(text[end] >= u'@' && text[end] <= u'~'))
                ++end;
            if (end < text.size() && text[end] == u'm')
                applySgr(text.mid(esc + 2, end - esc - 2), f, base);
            pos = end + 1;
        } else {
            pos = esc + 2;
        }
    }
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

LogPane::LogPane(client::SeedClient *client, const QString &jobName, QWidget *parent)
    : QWidget(parent), m_client(client), m_name(jobName), m_buffer(new LogBuffer(this)),
      m_stream(new client::LogStream(client, jobName, this))
{
    m_buffer->setCapacity(LogBuffer::capacityFromSettings());

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

    m_view = new QPlainTextEdit(this);
    m_view->setReadOnly(true);
    m_view->setUndoRedoEnabled(false);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(m_buffer->capacity());
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_view->setFont(mono);
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
            m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
    });
    connect(m_find, &QLineEdit::textChanged, this, [this] {
        if (m_filter->isChecked())
            rebuild();
        else
            updateHighlights();
    });
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        if (!m_find->text().isEmpty() && !m_view->find(m_find->text())) {
            m_view->moveCursor(QTextCursor::Start);
            m_view->find(m_find->text());
        }
    });
    connect(m_filter, &QCheckBox::toggled, this, [this] { rebuild(); });
    connect(m_earlier, &QPushButton::clicked, this, &LogPane::loadEarlier);
    connect(copyButton, &QToolButton::clicked, this, &LogPane::copy);
    connect(saveButton, &QToolButton::clicked, this, &LogPane::saveAs);

    connect(m_buffer, &LogBuffer::appended, this, &LogPane::onAppended);
    connect(m_buffer, &LogBuffer::reset, this, &LogPane::rebuild);
    connect(m_stream, &client::LogStream::linesReceived, m_buffer, &LogBuffer::append);
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
        QString text = tr("Job ended: %1").arg(m_endStatus);
        if (end.value(QLatin1String("exit_code")).isDouble())
            text += tr(" (exit code %1)").arg(end.value(QLatin1String("exit_code")).toInt());
        setStatusText(text);
        Q_EMIT endedWith(m_endStatus);
    });
    connect(m_stream, &client::LogStream::notRunning, this, &LogPane::loadTail);
    connect(m_stream, &client::LogStream::failed, this, [this] { setStatusText(tr("The log cannot be read.")); });
}

LogPane::~LogPane() = default;

void LogPane::setStatusText(const QString &s) { m_status->setText(s); }

void LogPane::start()
{
    if (!m_client)
        return;
    setStatusText(tr("Connecting…"));
    m_client->getJob(m_name, this, [this](const client::Result<wire::Job> &r) {
        if (!r.ok()) {
            setStatusText(client::describe(r.value.error()));
            return;
        }
        const QString status = r.value.value().status;
        if (status == QLatin1String("running"))
            m_stream->start();
        else if (status == QLatin1String("queued")) {
            setStatusText(tr("Queued: the log starts when the job runs."));
            QTimer::singleShot(2000, this, &LogPane::start);
        } else {
            m_endStatus = status;
            loadTail();
        }
    });
}

void LogPane::loadTail()
{
    wire::LogQuery q;
    q.tail = 1000;
    m_client->getLogs(m_name, q, this, [this](const client::Result<wire::LogPage> &r) {
        if (!r.ok()) {
            setStatusText(client::describe(r.value.error()));
            return;
        }
        const wire::LogPage &p = r.value.value();
        m_buffer->append(p.lines);
        m_buffer->flush();
        m_hasMore = p.hasMore;
        m_earlier->setEnabled(m_hasMore);
        m_ended = true;
        setStatusText(m_endStatus.isEmpty() ? tr("Finished.") : tr("Job ended: %1").arg(m_endStatus));
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
    m_client->getLogs(m_name, q, this, [this, have](const client::Result<wire::LogPage> &r) {
        m_loadingEarlier = false;
        if (!r.ok())
            return;
        const wire::LogPage &p = r.value.value();
        QList<wire::LogLine> lines = p.lines;
        if (m_buffer->firstId() <= 0)
            lines = lines.mid(0, std::max<qsizetype>(0, lines.size() - have));
        m_buffer->prepend(lines);
        m_hasMore = p.hasMore && p.lines.size() < 10000;
        m_earlier->setEnabled(m_hasMore);
    });
}

bool LogPane::accepts(const LogEntry &e) const
{
    return !m_filter->isChecked() || m_find->text().isEmpty() ||
           e.message.contains(m_find->text(), Qt::CaseInsensitive);
}

void LogPane::appendEntries(int from, int to)
{
    QTextCursor c(m_view->document());
    c.movePosition(QTextCursor::End);
    c.beginEditBlock();
    const QTextCharFormat base;
    QTextCharFormat tsFormat;
    tsFormat.setForeground(m_view->palette().color(QPalette::PlaceholderText));
    const bool ts = m_timestamps->isChecked();
    bool first = m_view->document()->isEmpty();
    for (int i = from; i < to; ++i) {
        const LogEntry &e = m_buffer->at(i);
        if (!accepts(e))
            continue;
        if (!first)
            c.insertBlock();
        first = false;
        if (ts)
            c.insertText(e.timestamp.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz ")), tsFormat);
        insertAnsi(c, e.message, base);
    }
    c.endEditBlock();
}

void LogPane::onAppended(int count, int)
{
    QScrollBar *sb = m_view->verticalScrollBar();
    const bool atEnd = sb->value() >= sb->maximum() - 1;
    if (m_view->maximumBlockCount() != m_buffer->capacity())
        m_view->setMaximumBlockCount(m_buffer->capacity()); // the view holds no more than the buffer
    appendEntries(m_buffer->size() - count, m_buffer->size());
    if (m_follow->isChecked() && atEnd)
        sb->setValue(sb->maximum());
    if (!m_find->text().isEmpty() && !m_filter->isChecked())
        updateHighlights();
}

void LogPane::rebuild()
{
    m_view->setMaximumBlockCount(m_buffer->capacity());
    m_view->clear();
    appendEntries(0, m_buffer->size());
    if (m_follow->isChecked())
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
    updateHighlights();
}

void LogPane::updateHighlights()
{
    QList<QTextEdit::ExtraSelection> sel;
    const QString needle = m_find->text();
    if (!needle.isEmpty()) {
        QTextCharFormat hl;
        hl.setBackground(QColor(255, 220, 0));
        hl.setForeground(Qt::black);
        QTextDocument *doc = m_view->document();
        QTextCursor c = doc->find(needle, 0);
        while (!c.isNull() && sel.size() < 5000) {
            sel.append({c, hl});
            c = doc->find(needle, c);
        }
    }
    m_highlights = int(sel.size());
    m_view->setExtraSelections(sel);
}

void LogPane::setFollow(bool on) { m_follow->setChecked(on); }
void LogPane::setWrap(bool on)
{
    m_wrap->setChecked(on);
    m_view->setLineWrapMode(on ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
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
    const QString sel = m_view->textCursor().selectedText();
    QApplication::clipboard()->setText(sel.isEmpty() ? plainText() : sel);
}

} // namespace seed::ui
