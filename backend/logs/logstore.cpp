#include "logstore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

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
    const QList<StoredLine> all = readAll(jobId);
    for (const StoredLine &l : all) {
        m.lastSeq = std::max(m.lastSeq, l.seq);
        if (l.source == Source::Output)
            ++m.outputPerAttempt[l.attempt];
    }
    return *m_meta.insert(jobId, m);
}

qint64 LogStore::append(const QString &jobId, int attempt, Source source, const QList<QPair<QDateTime, QString>> &lines)
{
    if (lines.isEmpty())
        return 0;
    Meta &m = meta(jobId);
    QByteArray buf;
    qint64 seq = m.lastSeq;
    for (const auto &l : lines) {
        ++seq;
        buf += QByteArray::number(seq) + '\t' + QByteArray::number(attempt) + '\t' +
               (source == Source::System ? "s" : "o") + '\t' + QByteArray::number(l.first.toMSecsSinceEpoch()) +
               '\t' + escape(l.second) + '\n';
    }
    QFile f(pathFor(jobId));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append) || f.write(buf) != buf.size()) {
        qWarning("logs: cannot write %s: %s", qPrintable(f.fileName()), qPrintable(f.errorString()));
        return 0;
    }
    f.close(); // flushed to the kernel: survives a crash of this process
    m.lastSeq = seq;
    if (source == Source::Output)
        m.outputPerAttempt[attempt] += lines.size();
    Q_EMIT linesAppended(jobId, seq);
    return seq;
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
    const QList<StoredLine> all = readAll(jobId);
    QList<const StoredLine *> matching;
    const qint64 sinceMs = q.since ? q.since->toMSecsSinceEpoch() : 0;
    for (const StoredLine &l : all)
        if (!q.since || l.timestamp.toMSecsSinceEpoch() > sinceMs)
            matching.append(&l);
    const qsizetype take = std::min<qsizetype>(matching.size(), std::max(0, q.tail));
    page.hasMore = matching.size() > take;
    for (qsizetype i = matching.size() - take; i < matching.size(); ++i)
        page.lines.append(toWire(*matching[i]));
    return page;
}

QList<wire::LogLine> LogStore::readAfter(const QString &jobId, qint64 afterSeq, int limit) const
{
    QList<wire::LogLine> out;
    const QList<StoredLine> all = readAll(jobId);
    for (const StoredLine &l : all) {
        if (l.seq <= afterSeq)
            continue;
        if (out.size() >= limit)
            break;
        out.append(toWire(l));
    }
    return out;
}

qint64 LogStore::lastSeq(const QString &jobId) const { return meta(jobId).lastSeq; }

qint64 LogStore::outputLines(const QString &jobId, int attempt) const
{
    return meta(jobId).outputPerAttempt.value(attempt, 0);
}

void LogStore::remove(const QString &jobId)
{
    QFile::remove(pathFor(jobId));
    m_meta.remove(jobId);
}

} // namespace seed::logs
