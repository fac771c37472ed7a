#include "logbuffer.h"


namespace seed::ui {

namespace {
// A node name is the server's (and a cluster's) word: shown in a column and a menu, so one short line of
// printable characters.
QString cleanNode(const QString &node)
{
    QString out;
    for (const QChar c : node.left(64))
        if (c.isPrint())
            out.append(c);
    return out;
}
} // namespace

LogBuffer::LogBuffer(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(kDefaultFlushMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LogBuffer::flush);
}

int LogBuffer::capacityFromSettings()
{
    return Settings::instance()->get<int>(Settings::Key::LogMaxLines);
}

void LogBuffer::setCapacity(int lines)
{
    lines = std::max(1, lines);
    if (lines == m_capacity)
        return;
    m_capacity = lines;
    if (m_lines.size() > m_capacity) {
        const qsizetype drop = m_lines.size() - m_capacity;
        m_lines.remove(0, drop);
        m_dropped += drop;
        m_base += drop;
        Q_EMIT reset();
    }
}

void LogBuffer::noteNode(const QString &node)
{
    // A handful of nodes at most: a linear look-up per line is cheaper than hashing.
    if (node.isEmpty() || m_nodes.contains(node))
        return;
    m_nodes.append(node);
    Q_EMIT nodeSeen(node);
}

void LogBuffer::append(const QList<wire::LogLine> &lines, const QStringList &nodes)
{
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const wire::LogLine &l = lines.at(i);
        if (l.seq > 0) {
            if (l.seq <= m_lastId) {
                ++m_dups;
                continue;
            }
            m_lastId = l.seq;
        }
        const QString node = cleanNode(nodes.value(i));
        noteNode(node);
        m_queue.append(LogEntry{l.seq, l.timestamp, l.message, node});
    }
    // The queue itself is bounded too: more than the cap waiting means the oldest would be dropped anyway.
    if (m_queue.size() > m_capacity) {
        const qsizetype drop = m_queue.size() - m_capacity;
        m_queue.remove(0, drop);
        m_dropped += drop;
    }
    if (!m_queue.isEmpty() && !m_timer.isActive())
        m_timer.start();
}

int LogBuffer::prepend(const QList<wire::LogLine> &lines, const QStringList &nodes)
{
    const qint64 first = firstId();
    QList<LogEntry> earlier;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const wire::LogLine &l = lines.at(i);
        if (first > 0 && l.seq > 0 && l.seq >= first)
            continue; // already held
        earlier.append(LogEntry{l.seq, l.timestamp, l.message, cleanNode(nodes.value(i))});
    }
    const qsizetype room = std::max<qsizetype>(0, m_capacity - m_lines.size() - m_queue.size());
    if (earlier.size() > room)
        earlier.remove(0, earlier.size() - room); // keep the ones nearest to what is shown
    if (earlier.isEmpty())
        return 0;
    if (m_lines.isEmpty() && m_queue.isEmpty())
        for (const LogEntry &e : earlier)
            m_lastId = std::max(m_lastId, e.id);
    for (const LogEntry &e : std::as_const(earlier))
        noteNode(e.node);
    m_lines = earlier + m_lines;
    m_base -= earlier.size();
    Q_EMIT reset();
    return int(earlier.size());
}

void LogBuffer::flush()
{
    m_timer.stop();
    if (m_queue.isEmpty())
        return;
    const int count = int(std::min<qsizetype>(m_queue.size(), m_capacity));
    m_lines.append(m_queue);
    m_queue.clear();
    int droppedFront = 0;
    if (m_lines.size() > m_capacity) {
        droppedFront = int(m_lines.size() - m_capacity);
        m_lines.remove(0, droppedFront);
        m_dropped += droppedFront;
        m_base += droppedFront;
    }
    Q_EMIT appended(count, droppedFront);
}

void LogBuffer::clear()
{
    m_timer.stop();
    m_lines.clear();
    m_queue.clear();
    m_lastId = 0;
    m_nodes.clear();
    m_dropped = 0;
    m_dups = 0;
    m_base = 0;
    Q_EMIT reset();
}

} // namespace seed::ui
