#include "logstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

namespace seed::logs {

namespace {
QByteArray escape(const QString &s)
{
    QByteArray in = s.toUtf8(), out;
    out.reserve(in.size() + 8);
    for (char c : std::as_const(in)) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += c;
        }
    }
    return out;
}

QString unescape(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '\\' && i + 1 < in.size()) {
            const char n = in[++i];
            c = n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : n;
        }
        out += c;
    }
    return QString::fromUtf8(out);
}

// Parses one stored line; false for a torn or foreign line (skipped).
bool parse(QByteArrayView line, StoredLine *out)
{
    qsizetype start = 0;
    QByteArrayView fields[4];
    for (int f = 0; f < 4; ++f) {
        const qsizetype tab = line.indexOf('\t', start);
        if (tab < 0)
            return false;
        fields[f] = line.sliced(start, tab - start);
        start = tab + 1;
    }
    bool ok1 = false, ok2 = false, ok3 = false;
    out->seq = fields[0].toLongLong(&ok1);
    out->attempt = fields[1].toInt(&ok2);
    out->source = fields[2] == "s" ? Source::System : Source::Output;
    out->timestamp = QDateTime::fromMSecsSinceEpoch(fields[3].toLongLong(&ok3), Qt::UTC);
    out->message = unescape(line.sliced(start));
    return ok1 && ok2 && ok3 && out->seq > 0;
}

wire::LogLine toWire(const StoredLine &s) { return wire::LogLine{s.seq, s.timestamp, s.message}; }

// seq and timestamp of a stored line without unescaping its message (index building, since filtering).
bool peek(QByteArrayView line, qint64 *seq, qint64 *tsMs)
{
    const qsizetype t1 = line.indexOf('\t');
    const qsizetype t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
    const qsizetype t3 = t2 < 0 ? -1 : line.indexOf('\t', t2 + 1);
    const qsizetype t4 = t3 < 0 ? -1 : line.indexOf('\t', t3 + 1);
    if (t4 < 0)
        return false;
    bool ok1 = false, ok2 = false;
    *seq = line.first(t1).toLongLong(&ok1);
    *tsMs = line.sliced(t3 + 1, t4 - t3 - 1).toLongLong(&ok2);
    return ok1 && ok2 && *seq > 0;
}

// Calls f(lineView, seq, tsMs) for every whole, well-formed line of `data`; stops when f returns false.
template <typename F>
void eachLine(const QByteArray &data, F &&f)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            return;
        const QByteArrayView line = QByteArrayView(data).sliced(pos, nl - pos);
        pos = nl + 1;
        qint64 seq = 0, ts = 0;
        if (peek(line, &seq, &ts) && !f(line, seq, ts))
            return;
    }
}

// What a job printed, made storable: control characters other than tab and ESC (colours) become visible
// \xNN escapes, carriage returns (progress bars redrawing in place) end a line, and a line longer than
// kMaxLineChars is split into several. Invalid UTF-8 already became U+FFFD when the bytes were decoded.
QStringList sanitize(const QString &message, qsizetype maxChars)
{
    // Fast path (nearly every line): nothing to split or escape.
    if (message.size() <= maxChars &&
        std::none_of(message.cbegin(), message.cend(), [](QChar c) {
            const char16_t u = c.unicode();
            return (u < 0x20 && u != u'\t' && u != 0x1b) || u == 0x7f;
        }))
        return {message};
    QStringList out;
    QString cur;
    const auto flush = [&] {
        while (cur.size() > maxChars) {
            qsizetype cut = maxChars;
            if (cur.at(cut - 1).isHighSurrogate())
                --cut; // never split a surrogate pair
            out << cur.left(cut);
            cur.remove(0, cut);
        }
    };
    bool sawCr = false;
    for (const QChar c : message) {
        const char16_t u = c.unicode();
        if (u == u'\r') {
            sawCr = true;
            if (!cur.isEmpty()) {
                flush();
                out << cur;
                cur.clear();
            }
            continue;
        }
        if ((u < 0x20 && u != u'\t' && u != 0x1b) || u == 0x7f)
            cur += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            cur += c;
        if (cur.size() > maxChars)
            flush();
    }
    if (!cur.isEmpty() || (!sawCr && out.isEmpty()))
        out << cur;
    return out;
}
} // namespace

LogStore::LogStore(QString directory, QObject *parent) : QObject(parent), m_dir(std::move(directory))
{
    QDir().mkpath(m_dir);
}

QString LogStore::pathFor(const QString &jobId) const
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_-]+$"));
    Q_ASSERT(safe.match(jobId).hasMatch());
    return m_dir + u'/' + jobId + QStringLiteral(".log");
}

LogStore::Meta &LogStore::meta(const QString &jobId) const
{
    auto it = m_meta.find(jobId);
    if (it != m_meta.end())
        return *it;
    Meta m;
    QFile f(pathFor(jobId));
    if (f.open(QIODevice::ReadWrite)) {
        const QByteArray data = f.readAll();
        const qsizetype lastNl = data.lastIndexOf('\n');
        if (lastNl + 1 < data.size()) {
            // A torn last line (seedd died mid-write): cut it so that the next append starts a clean line.
            f.resize(lastNl + 1);
        }
        index(m, QByteArrayView(data).first(lastNl + 1), 0);
        eachLine(data, [&m](QByteArrayView line, qint64, qint64) {
            const qsizetype t1 = line.indexOf('\t');
            const qsizetype t2 = line.indexOf('\t', t1 + 1);
            const qsizetype t3 = line.indexOf('\t', t2 + 1);
            if (line.sliced(t2 + 1, t3 - t2 - 1) == "o")
                ++m.outputPerAttempt[line.sliced(t1 + 1, t2 - t1 - 1).toInt()];
            return true;
        });
    }
    QFile side(pathFor(jobId) + QStringLiteral(".meta"));
    if (side.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(side.readAll()).object();
        const QJsonObject per = o.value(QStringLiteral("dropped_output")).toObject();
        for (auto i = per.begin(); i != per.end(); ++i) {
            m.droppedOutputPerAttempt[i.key().toInt()] = qint64(i.value().toDouble());
            m.outputPerAttempt[i.key().toInt()] += qint64(i.value().toDouble());
        }
        m.lastSeq = std::max(m.lastSeq, qint64(o.value(QStringLiteral("last_seq")).toDouble()));
    }
    m.dropped = m.firstSeq > 0 ? m.firstSeq - 1 : m.lastSeq;
    return *m_meta.insert(jobId, m);
}

void LogStore::index(Meta &m, QByteArrayView data, qint64 baseOffset) const
{
    qsizetype pos = 0;
    qint64 runningMax = m.blocks.isEmpty() ? 0 : m.blocks.last().maxTsUpTo;
    while (pos < data.size()) {
        const qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            break;
        qint64 seq = 0, ts = 0;
        if (peek(data.sliced(pos, nl - pos), &seq, &ts)) {
            if (m.blocks.isEmpty() || m.linesInLastBlock >= kBlockLines) {
                m.blocks.append(Block{seq, baseOffset + pos, runningMax});
                m.linesInLastBlock = 0;
            }
            ++m.linesInLastBlock;
            runningMax = std::max(runningMax, ts);
            m.blocks.last().maxTsUpTo = runningMax;
            if (m.firstSeq == 0)
                m.firstSeq = seq;
            m.lastSeq = std::max(m.lastSeq, seq);
        }
        pos = nl + 1;
    }
    m.size = baseOffset + pos;
}

qsizetype LogStore::blockFor(const Meta &m, qint64 seq) const
{
    // The last block whose first seq is <= seq (0 when seq precedes them all).
    const auto it = std::upper_bound(m.blocks.cbegin(), m.blocks.cend(), seq,
                                     [](qint64 s, const Block &b) { return s < b.firstSeq; });
    return std::max<qsizetype>(0, (it - m.blocks.cbegin()) - 1);
}

QByteArray LogStore::readFrom(const QString &jobId, qint64 offset) const
{
    QFile f(pathFor(jobId));
    if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
        return {};
    return f.readAll();
}

qint64 LogStore::append(const QString &jobId, int attempt, Source source, const QList<QPair<QDateTime, QString>> &lines)
{
    if (lines.isEmpty())
        return 0;
    Meta &m = meta(jobId);
    QByteArray buf;
    qint64 seq = m.lastSeq;
    for (const auto &l : lines) {
        const QByteArray head = '\t' + QByteArray::number(attempt) + '\t' + (source == Source::System ? "s" : "o") + '\t' +
                                QByteArray::number(l.first.toMSecsSinceEpoch()) + '\t';
        const QStringList parts = sanitize(l.second, kMaxLineChars);
        for (const QString &part : parts)
            buf += QByteArray::number(++seq) + head + escape(part) + '\n';
    }
    QFile f(pathFor(jobId));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append) || f.write(buf) != buf.size()) {
        qWarning("logs: cannot write %s: %s", qPrintable(f.fileName()), qPrintable(f.errorString()));
        // Whatever part was written is a torn tail: re-read the file next time.
        m_meta.remove(jobId);
        return 0;
    }
    f.close(); // flushed to the kernel: survives a crash of this process
    index(m, QByteArrayView(buf), m.size);
    m.lastSeq = seq;
    if (source == Source::Output)
        m.outputPerAttempt[attempt] += lines.size(); // runtime lines, not stored parts: re-attach skips by these
    if (m_maxBytes > 0 && m.size > m_maxBytes)
        compact(jobId, m);
    Q_EMIT linesAppended(jobId, seq);
    return seq;
}

void LogStore::compact(const QString &jobId, Meta &m)
{
    // Keep the newest half (whole blocks); count what goes per attempt so re-attaching still skips right.
    const qint64 keepFrom = m.size - m_maxBytes / 2;
    qsizetype b = 0;
    while (b < m.blocks.size() && m.blocks[b].offset < keepFrom)
        ++b;
    if (b == 0)
        return;
    if (b >= m.blocks.size())
        b = m.blocks.size() - 1; // keep at least the last block
    const qint64 cut = m.blocks[b].offset;
    if (cut <= 0)
        return;
    QFile f(pathFor(jobId));
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QByteArray head = f.read(cut);
    const QByteArray tail = f.readAll();
    f.close();
    eachLine(head, [&m](QByteArrayView line, qint64, qint64) {
        const qsizetype t1 = line.indexOf('\t');
        const qsizetype t2 = line.indexOf('\t', t1 + 1);
        const qsizetype t3 = line.indexOf('\t', t2 + 1);
        if (line.sliced(t2 + 1, t3 - t2 - 1) == "o")
            ++m.droppedOutputPerAttempt[line.sliced(t1 + 1, t2 - t1 - 1).toInt()];
        return true;
    });
    QJsonObject per;
    for (auto i = m.droppedOutputPerAttempt.cbegin(); i != m.droppedOutputPerAttempt.cend(); ++i)
        per.insert(QString::number(i.key()), i.value());
    QSaveFile side(pathFor(jobId) + QStringLiteral(".meta"));
    if (side.open(QIODevice::WriteOnly)) {
        side.write(QJsonDocument(QJsonObject{{QStringLiteral("dropped_output"), per},
                                             {QStringLiteral("last_seq"), m.lastSeq}})
                       .toJson(QJsonDocument::Compact));
        side.commit();
    }
    QSaveFile out(pathFor(jobId));
    if (!out.open(QIODevice::WriteOnly) || out.write(tail) != tail.size() || !out.commit()) {
        qWarning("logs: cannot compact %s", qPrintable(pathFor(jobId)));
        return;
    }
    QList<Block> blocks = m.blocks.mid(b);
    for (Block &blk : blocks)
        blk.offset -= cut;
    m.blocks = blocks;
    m.firstSeq = m.blocks.first().firstSeq;
    m.dropped = m.firstSeq - 1;
    m.size -= cut;
}

qint64 LogStore::append(const QString &jobId, int attempt, Source source, const QString &message, const QDateTime &timestamp)
{
    return append(jobId, attempt, source, {{timestamp, message}});
}

QList<StoredLine> LogStore::readAll(const QString &jobId) const
{
    QList<StoredLine> out;
    QFile f(pathFor(jobId));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QByteArray data = f.readAll();
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            break; // a torn last line (crash mid-write) is not served
        StoredLine l;
        if (parse(QByteArrayView(data).sliced(pos, nl - pos), &l))
            out.append(l);
        pos = nl + 1;
    }
    return out;
}

wire::LogPage LogStore::read(const QString &jobId, const wire::LogQuery &q) const
{
    wire::LogPage page;
    const Meta &m = meta(jobId);
    page.dropped = m.dropped;
    if (m.blocks.isEmpty() || q.tail <= 0)
        return page;
    const qint64 tail = q.tail;
    if (!q.since) {
        // Seqs are dense in the file: the last `tail` lines start at lastSeq - tail + 1.
        const qint64 from = std::max(m.firstSeq, m.lastSeq - tail + 1);
        const QByteArray data = readFrom(jobId, m.blocks[blockFor(m, from)].offset);
        eachLine(data, [&](QByteArrayView line, qint64 seq, qint64) {
            if (seq < from)
                return true;
            StoredLine l;
            if (parse(line, &l))
                page.lines.append(toWire(l));
            return true;
        });
        page.hasMore = !page.lines.isEmpty() && page.lines.first().seq > m.firstSeq;
        return page;
    }
    // since: the first block whose running maximum passes `since` holds the first matching line.
    const qint64 sinceMs = q.since->toMSecsSinceEpoch();
    const auto it = std::upper_bound(m.blocks.cbegin(), m.blocks.cend(), sinceMs,
                                     [](qint64 s, const Block &b) { return s < b.maxTsUpTo; });
    if (it == m.blocks.cend())
        return page;
    const QByteArray data = readFrom(jobId, it->offset);
    // Keep the positions of the matching lines; parse only the last `tail`.
    QList<QByteArrayView> matching;
    eachLine(data, [&](QByteArrayView line, qint64, qint64 ts) {
        if (ts > sinceMs)
            matching.append(line);
        return true;
    });
    const qsizetype take = std::min<qsizetype>(matching.size(), tail);
    page.hasMore = matching.size() > take;
    for (qsizetype i = matching.size() - take; i < matching.size(); ++i) {
        StoredLine l;
        if (parse(matching[i], &l))
            page.lines.append(toWire(l));
    }
    return page;
}

QList<wire::LogLine> LogStore::readAfter(const QString &jobId, qint64 afterSeq, int limit) const
{
    QList<wire::LogLine> out;
    const Meta &m = meta(jobId);
    if (m.blocks.isEmpty() || afterSeq >= m.lastSeq || limit <= 0)
        return out;
    const QByteArray data = readFrom(jobId, m.blocks[blockFor(m, afterSeq + 1)].offset);
    eachLine(data, [&](QByteArrayView line, qint64 seq, qint64) {
        if (seq <= afterSeq)
            return true;
        StoredLine l;
        if (parse(line, &l))
            out.append(toWire(l));
        return out.size() < limit;
    });
    return out;
}

qint64 LogStore::lastSeq(const QString &jobId) const { return meta(jobId).lastSeq; }

qint64 LogStore::dropped(const QString &jobId) const { return meta(jobId).dropped; }

qint64 LogStore::outputLines(const QString &jobId, int attempt) const
{
    return meta(jobId).outputPerAttempt.value(attempt, 0);
}

void LogStore::remove(const QString &jobId)
{
    QFile::remove(pathFor(jobId));
    QFile::remove(pathFor(jobId) + QStringLiteral(".meta"));
    m_meta.remove(jobId);
}

} // namespace seed::logs
