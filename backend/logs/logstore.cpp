#include "logstore.h"

#include "wire/jsonnum.h"
#include "wire/lines.h"

#include <QLoggingCategory>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>

namespace {
Q_LOGGING_CATEGORY(lcLogs, "seedd.logs")
}

namespace seed::logs {

namespace {
// Line ids are JSON numbers on the wire (exact up to 2^53); a larger seq in a file is no line this store wrote,
// and appending after it would overflow.
constexpr qint64 kMaxSeq = qint64(1) << 53;

// QIODevice::read(n) allocates n bytes before it reads: a chunk bounded by what is left of the file, so that the
// first read of a small log (each job's, after a restart) does not allocate megabytes.
QByteArray readChunk(QFile &f, qint64 chunk)
{
    const qint64 left = f.size() - f.pos();
    return left > 0 ? f.read(std::min(left, chunk)) : QByteArray();
}

// Appends the pieces in one copy (small appends to a QByteArray each go through its generic insert), growing the
// capacity geometrically.
void appendAll(QByteArray &out, std::initializer_list<QByteArrayView> parts)
{
    qsizetype n = 0;
    for (QByteArrayView p : parts)
        n += p.size();
    qsizetype at = out.size();
    if (out.capacity() < at + n)
        out.reserve(std::max(at + n, 2 * out.capacity()));
    out.resize(at + n);
    char *dst = out.data();
    for (QByteArrayView p : parts) {
        if (p.isEmpty())
            continue; // an empty message's view has no data pointer, and memcpy from null is undefined even for 0 bytes
        memcpy(dst + at, p.data(), size_t(p.size()));
        at += p.size();
    }
}

// Appends the stored form of a message and its newline: backslash, newline, CR and tab escaped (sanitize() leaves only
// tabs and backslashes of those, so most lines are copied whole).
void appendEscaped(QByteArray &buf, const QString &s)
{
    const QByteArray in = s.toUtf8();
    const auto special = [](char c) { return c == '\\' || c == '\n' || c == '\r' || c == '\t'; };
    if (std::none_of(in.cbegin(), in.cend(), special)) {
        appendAll(buf, {in, "\n"});
        return;
    }
    for (char c : in) {
        switch (c) {
        case '\\':
            buf += "\\\\";
            break;
        case '\n':
            buf += "\\n";
            break;
        case '\r':
            buf += "\\r";
            break;
        case '\t':
            buf += "\\t";
            break;
        default:
            buf += c;
        }
    }
    buf += '\n';
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
    out->source = fields[2].startsWith("s") ? Source::System : Source::Output;
    if (const qsizetype at = fields[2].indexOf('@'); at >= 0)
        out->node = QString::fromLatin1(fields[2].sliced(at + 1));
    out->timestamp = QDateTime::fromMSecsSinceEpoch(fields[3].toLongLong(&ok3), Qt::UTC);
    out->message = unescape(line.sliced(start));
    return ok1 && ok2 && ok3 && out->seq > 0 && out->seq <= kMaxSeq;
}

wire::LogLine toWire(const StoredLine &s) { return wire::LogLine{s.seq, s.timestamp, s.message, s.node}; }

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
    return ok1 && ok2 && *seq > 0 && *seq <= kMaxSeq;
}

// Calls f(lineView, seq, tsMs) for every whole, well-formed line of `data`; stops when f returns false.
template <typename F> void eachLine(QByteArrayView data, F &&f)
{
    wire::forEachLine(data, [&f](QByteArrayView line) {
        qint64 seq = 0, ts = 0;
        return !peek(line, &seq, &ts) || f(line, seq, ts);
    });
}

// Adds the container lines ("o"; not their further parts "p", nor seedd's "s") of `data` per attempt.
void countOutputLines(QByteArrayView data, QHash<int, qint64> &perAttempt)
{
    eachLine(data, [&perAttempt](QByteArrayView line, qint64, qint64) {
        const qsizetype t1 = line.indexOf('\t');
        const qsizetype t2 = line.indexOf('\t', t1 + 1);
        const qsizetype t3 = line.indexOf('\t', t2 + 1);
        const QByteArrayView src = line.sliced(t2 + 1, t3 - t2 - 1);
        if (src == "o" || src.startsWith("o@"))
            ++perAttempt[line.sliced(t1 + 1, t2 - t1 - 1).toInt()];
        return true;
    });
}

// What a job printed, made storable: control characters other than tab and ESC (colours) become visible
// \xNN escapes, carriage returns (progress bars redrawing in place) end a line, and a line longer than
// kMaxLineChars is split into several. Invalid UTF-8 already became U+FFFD when the bytes were decoded.
bool storableAsIs(const QString &message, qsizetype maxChars)
{
    return message.size() <= maxChars && std::none_of(message.cbegin(), message.cend(), [](QChar c) {
               const char16_t u = c.unicode();
               return (u < 0x20 && u != u'\t' && u != 0x1b) || u == 0x7f;
           });
}

QStringList sanitize(const QString &message, qsizetype maxChars)
{
    if (storableAsIs(message, maxChars))
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

bool parseStoredLine(QByteArrayView line, StoredLine *out) { return parse(line, out); }

LogStore::LogStore(QString directory, QObject *parent) : QObject(parent), m_dir(std::move(directory))
{
    QDir().mkpath(m_dir);
}

QString LogStore::pathFor(const QString &jobId) const
{
    static const QRegularExpression safe(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_-]+")));
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
    if (f.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        // Chunk by chunk: a job's log may be hundreds of MB, and this runs on the first read after a restart.
        QByteArray carry;
        qint64 base = 0; // file offset of carry[0]
        while (true) {
            const QByteArray chunk = readChunk(f, 4 << 20);
            if (chunk.isEmpty())
                break;
            carry += chunk;
            const qsizetype lastNl = carry.lastIndexOf('\n');
            if (lastNl < 0)
                continue;
            const QByteArrayView whole = QByteArrayView(carry).first(lastNl + 1);
            index(m, whole, base);
            countOutputLines(whole, m.outputPerAttempt);
            base += lastNl + 1;
            carry.remove(0, lastNl + 1);
        }
        m.size = base;
        if (!carry.isEmpty()) {
            // A torn last line (seedd died mid-write): cut it so that the next append starts a clean line.
            f.resize(base);
        }
    }
    QFile side(pathFor(jobId) + QStringLiteral(".meta"));
    if (side.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(side.readAll()).object();
        const QJsonObject per = o.value(QStringLiteral("dropped_output")).toObject();
        for (auto i = per.begin(); i != per.end(); ++i) {
            const qint64 n = std::clamp<qint64>(wire::int64Of(i.value()), 0, kMaxSeq);
            m.droppedOutputPerAttempt[i.key().toInt()] = n;
            m.outputPerAttempt[i.key().toInt()] += n;
        }
        m.lastSeq = std::max(m.lastSeq, std::clamp<qint64>(wire::int64Of(o.value(QStringLiteral("last_seq"))), 0, kMaxSeq));
    }
    m.dropped = m.firstSeq > 0 ? m.firstSeq - 1 : m.lastSeq;
    return *m_meta.insert(jobId, m);
}

void LogStore::indexLine(Meta &m, qint64 seq, qint64 tsMs, qint64 offset) const
{
    if (m.blocks.isEmpty() || m.linesInLastBlock >= kBlockLines) {
        m.blocks.append(Block{seq, offset, m.blocks.isEmpty() ? 0 : m.blocks.last().maxTsUpTo});
        m.linesInLastBlock = 0;
    }
    ++m.linesInLastBlock;
    m.blocks.last().maxTsUpTo = std::max(m.blocks.last().maxTsUpTo, tsMs);
    if (m.firstSeq == 0)
        m.firstSeq = seq;
    m.lastSeq = std::max(m.lastSeq, seq);
}

void LogStore::index(Meta &m, QByteArrayView data, qint64 baseOffset) const
{
    const qsizetype end = wire::forEachLine(data, [&](QByteArrayView line) {
        qint64 seq = 0, ts = 0;
        if (peek(line, &seq, &ts))
            indexLine(m, seq, ts, baseOffset + (line.data() - data.data()));
    });
    m.size = baseOffset + end;
}

qsizetype LogStore::blockFor(const Meta &m, qint64 seq) const
{
    // The last block whose first seq is <= seq (0 when seq precedes them all).
    const auto it = std::upper_bound(m.blocks.cbegin(), m.blocks.cend(), seq,
                                     [](qint64 s, const Block &b) { return s < b.firstSeq; });
    return std::max<qsizetype>(0, (it - m.blocks.cbegin()) - 1);
}

template <typename F> void LogStore::scan(const QString &jobId, const Meta &m, qint64 offset, F &&f) const
{
    // Chunked, so that a resume from early in a long log reads what it serves, not the whole rest of the file.
    constexpr qint64 kChunk = 256 * 1024;
    QFile file(pathFor(jobId));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered) || !file.seek(offset))
        return;
    qint64 left = m.size - offset; // a torn tail past the index is never served
    QByteArray carry;
    while (left > 0) {
        QByteArray data = file.read(std::min(left, kChunk));
        if (data.isEmpty())
            return;
        left -= data.size();
        if (!carry.isEmpty())
            data.prepend(carry);
        bool stopped = false;
        const qsizetype end = wire::forEachLine(data, [&](QByteArrayView line) {
            qint64 seq = 0, ts = 0;
            stopped = peek(line, &seq, &ts) && !f(line, seq, ts);
            return !stopped;
        });
        if (stopped)
            return;
        carry = data.sliced(end);
    }
}

qsizetype LogStore::recentIndex(const Meta &m, qint64 seq)
{
    if (m.recent.isEmpty())
        return -1;
    const qint64 i = seq - m.recent.first().seq;
    return i >= 0 && i <= m.recent.size() ? qsizetype(i) : -1;
}

void LogStore::dropRecentBefore(Meta &m, qint64 seq)
{
    if (m.recent.isEmpty())
        return;
    const qsizetype n = qsizetype(std::clamp<qint64>(seq - m.recent.first().seq, 0, m.recent.size()));
    for (qsizetype i = 0; i < n; ++i)
        m.recentBytes -= m.recent[i].message.size() * 2 + kRecentLineOverhead;
    m.recent.remove(0, n);
    while (m.recentBatches.size() > 1 && m.recentBatches[1].firstSeq <= seq)
        m.recentBatches.removeFirst();
    if (m.recent.isEmpty()) {
        m.recentBatches.clear();
        m.recentBytes = 0;
        --m_jobsWithRecent;
    }
}

void LogStore::remember(const QString &jobId, Meta &m, QList<wire::LogLine> &&lines)
{
    if (lines.isEmpty())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m.recentUsed = ++m_appends;
    m.recentBatches.append(RecentBatch{lines.first().seq, now});
    for (const wire::LogLine &l : std::as_const(lines))
        m.recentBytes += l.message.size() * 2 + kRecentLineOverhead;
    if (m.recent.isEmpty()) {
        if (++m_jobsWithRecent > kRecentJobs) {
            // Keep memory bounded across many jobs: forget the lines of the job that appended least recently
            // (they are on disk; readers fall back to the file).
            auto oldest = m_meta.end();
            for (auto it = m_meta.begin(); it != m_meta.end(); ++it)
                if (!it->recent.isEmpty() && it.key() != jobId &&
                    (oldest == m_meta.end() || it->recentUsed < oldest->recentUsed))
                    oldest = it;
            if (oldest != m_meta.end())
                dropRecentBefore(*oldest, oldest->recent.last().seq + 1);
        }
        m.recent = std::move(lines);
    } else {
        m.recent.append(std::move(lines));
    }
    // Memory is for readers that are live or nearly so: lines that came more than a minute ago are read from the
    // file again (a job printing slowly no longer fills the bound below over hours). The newest batch stays.
    qsizetype aged = 0;
    while (aged < m.recentBatches.size() - 1 && m.recentBatches[aged].atMs < now - kRecentMaxAgeMs)
        ++aged;
    if (aged > 0)
        dropRecentBefore(m, m.recentBatches[aged].firstSeq);
    // Trim to the bound once it is passed by a quarter, not per batch: dropping from the front moves nothing in a
    // QList, but the appends then reallocate.
    if (m.recent.size() > kRecentLines + kRecentLines / 4 || m.recentBytes > kRecentBytes + kRecentBytes / 4) {
        qsizetype drop = 0;
        qint64 bytes = m.recentBytes;
        while (drop < m.recent.size() - 1 && (m.recent.size() - drop > kRecentLines || bytes > kRecentBytes)) {
            bytes -= m.recent[drop].message.size() * 2 + kRecentLineOverhead;
            ++drop;
        }
        dropRecentBefore(m, m.recent[drop].seq);
    }
}

qint64 LogStore::append(const QString &jobId, int attempt, Source source, const QList<QPair<QDateTime, QString>> &lines,
                        const QString &node)
{
    static const QRegularExpression safeNode(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9._-]{1,64}")));
    const QString tag = source == Source::Output && safeNode.match(node).hasMatch() ? node : QString();
    const QByteArray at = tag.isEmpty() ? QByteArray() : '@' + tag.toLatin1();
    if (lines.isEmpty())
        return 0;
    Meta &m = meta(jobId);
    QByteArray buf;
    buf.reserve(lines.size() * 64);
    QList<wire::LogLine> stored;
    stored.reserve(lines.size() + 1);
    QList<qsizetype> starts; // where each stored line begins in buf, for the index
    starts.reserve(lines.size() + 1);
    qint64 seq = m.lastSeq;
    const qint64 unstoredBefore = m.unstoredUnreported;
    if (unstoredBefore > 0) {
        // Space is back: the log says first what it is missing (in the same write as what follows).
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        const QString marker = QStringLiteral("[seed] %1 lines could not be stored: no space left on the device.").arg(unstoredBefore);
        starts.append(buf.size());
        appendAll(buf, {QByteArray::number(++seq), "\t", QByteArray::number(attempt), "\ts\t",
                        QByteArray::number(now.toMSecsSinceEpoch()), "\t"});
        appendEscaped(buf, marker);
        stored.append(wire::LogLine{seq, now, marker});
    }
    const QByteArray attemptAndSource =
        '\t' + QByteArray::number(attempt) + '\t' + (source == Source::System ? "s" : "o") + at + '\t';
    // The further parts of one output line (split at CR or at kMaxLineChars) are marked "p": re-attaching after
    // a restart skips the container's lines counted from the file, not the parts stored for them.
    const QByteArray attemptAndPart =
        '\t' + QByteArray::number(attempt) + '\t' + (source == Source::System ? "s" : "p") + at + '\t';
    for (const auto &l : lines) {
        const qint64 ms = l.first.toMSecsSinceEpoch();
        // Served from memory exactly as a reader of the file would see it: UTC, milliseconds.
        const QDateTime ts = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        char msText[24];
        const auto msEnd = std::to_chars(msText, msText + sizeof msText, ms).ptr;
        const auto add = [&](const QString &part, bool first) {
            starts.append(buf.size());
            char seqText[24];
            const auto seqEnd = std::to_chars(seqText, seqText + sizeof seqText, ++seq).ptr;
            appendAll(buf, {QByteArrayView(seqText, seqEnd - seqText), first ? attemptAndSource : attemptAndPart,
                            QByteArrayView(msText, msEnd - msText), "\t"});
            appendEscaped(buf, part);
            stored.append(wire::LogLine{seq, ts, part, tag});
        };
        if (storableAsIs(l.second, kMaxLineChars)) {
            add(l.second, true);
        } else {
            const QStringList parts = sanitize(l.second, kMaxLineChars);
            for (qsizetype i = 0; i < parts.size(); ++i)
                add(parts[i], i == 0);
            if (parts.isEmpty())
                add(QString(), true); // only carriage returns: an empty line, so that the file counts it too
        }
    }
    // One write of the whole batch on the unbuffered descriptor: in the kernel when it returns (survives a crash of
    // this process).
    QFile &f = appenderFor(jobId, m);
    if (!f.isOpen() || f.write(buf) != buf.size()) {
        if (m.unstoredUnreported == 0)
            qCWarning(lcLogs, "cannot write %s: %s", qPrintable(f.fileName()), qPrintable(f.errorString()));
        // Whatever part was written is a torn tail: cut it, so that the next line never merges with it (a line
        // once served must read the same after a restart). Nothing of this batch is served. The next append
        // opens the file again.
        if (!f.isOpen() || !f.resize(m.size))
            forget(jobId);
        else
            closeAppender(m);
        Meta &after = meta(jobId);
        after.unstoredUnreported = unstoredBefore + lines.size();
        after.unstoredTotal += lines.size();
        if (source == Source::Output)
            after.outputPerAttempt[attempt] += lines.size(); // handled: re-attaching must not read them again
        return 0;
    }
    m_bytesWritten += buf.size();
    for (qsizetype i = 0; i < stored.size(); ++i)
        indexLine(m, stored[i].seq, stored[i].timestamp.toMSecsSinceEpoch(), m.size + starts[i]);
    m.size += buf.size();
    m.lastSeq = seq;
    m.unstoredUnreported = 0;
    if (source == Source::Output)
        m.outputPerAttempt[attempt] += lines.size(); // runtime lines, not stored parts: re-attach skips by these
    remember(jobId, m, std::move(stored));
    if (m_maxBytes > 0 && m.size > m_maxBytes)
        compact(jobId, m);
    Q_EMIT linesAppended(jobId, seq);
    return seq;
}

QFile &LogStore::appenderFor(const QString &jobId, Meta &m)
{
    m.appenderUsed = ++m_appenderTick;
    if (m.appender)
        return *m.appender;
    if (m_openAppenders >= kOpenAppenders) {
        auto oldest = m_meta.end();
        for (auto it = m_meta.begin(); it != m_meta.end(); ++it)
            if (it->appender && (oldest == m_meta.end() || it->appenderUsed < oldest->appenderUsed))
                oldest = it;
        if (oldest != m_meta.end())
            closeAppender(*oldest);
    }
    // Unbuffered: the batch is one buffer already; QFile's own buffer would only copy it (and allocate 16 KiB).
    m.appender = std::make_shared<QFile>(pathFor(jobId));
    ++m_openAppenders;
    m.appender->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered);
    return *m.appender;
}

void LogStore::closeAppender(Meta &m)
{
    if (!m.appender)
        return;
    m.appender.reset();
    --m_openAppenders;
}

void LogStore::forget(const QString &jobId)
{
    auto it = m_meta.find(jobId);
    if (it == m_meta.end())
        return;
    closeAppender(*it);
    if (!it->recent.isEmpty())
        --m_jobsWithRecent;
    m_meta.erase(it);
}

void LogStore::compact(const QString &jobId, Meta &m)
{
    closeAppender(m); // the file is replaced: the next append opens the new one
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
    // Chunk by chunk: a flood's log is compacted at hundreds of MB, which must never be held in memory.
    constexpr qint64 kChunk = 4 << 20;
    QFile f(pathFor(jobId));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return;
    QByteArray carry;
    for (qint64 done = 0; done < cut;) {
        carry += f.read(std::min(kChunk, cut - done));
        if (carry.isEmpty())
            break;
        const qsizetype last = carry.lastIndexOf('\n');
        done = f.pos();
        const QByteArrayView whole = QByteArrayView(carry).first(last + 1);
        countOutputLines(whole, m.droppedOutputPerAttempt);
        carry.remove(0, last + 1);
    }
    QJsonObject per;
    for (auto i = m.droppedOutputPerAttempt.cbegin(); i != m.droppedOutputPerAttempt.cend(); ++i)
        per.insert(QString::number(i.key()), i.value());
    QSaveFile side(pathFor(jobId) + QStringLiteral(".meta"));
    if (side.open(QIODevice::WriteOnly)) {
        side.write(
            QJsonDocument(QJsonObject{{QStringLiteral("dropped_output"), per}, {QStringLiteral("last_seq"), m.lastSeq}})
                .toJson(QJsonDocument::Compact));
        side.commit();
    }
    QSaveFile out(pathFor(jobId));
    bool written = out.open(QIODevice::WriteOnly) && f.seek(cut);
    while (written && !f.atEnd()) {
        const QByteArray chunk = readChunk(f, kChunk);
        written = !chunk.isEmpty() && out.write(chunk) == chunk.size();
    }
    f.close();
    if (!written || !out.commit()) {
        qCWarning(lcLogs, "cannot compact %s", qPrintable(pathFor(jobId)));
        return;
    }
    QList<Block> blocks = m.blocks.mid(b);
    for (Block &blk : blocks)
        blk.offset -= cut;
    m.blocks = blocks;
    m.firstSeq = m.blocks.first().firstSeq;
    m.dropped = m.firstSeq - 1;
    m.size -= cut;
    dropRecentBefore(m, m.firstSeq);
}

qint64 LogStore::append(const QString &jobId, int attempt, Source source, const QString &message,
                        const QDateTime &timestamp)
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
    // A torn last line (crash mid-write) is not served.
    wire::forEachLine(data, [&out](QByteArrayView line) {
        StoredLine l;
        if (parse(line, &l))
            out.append(l);
    });
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
        page.lines = readAfter(jobId, from - 1, int(tail));
        page.hasMore = !page.lines.isEmpty() && page.lines.first().seq > m.firstSeq;
        return page;
    }
    // since: the first block whose running maximum passes `since` holds the first matching line.
    const qint64 sinceMs = q.since->toMSecsSinceEpoch();
    const auto it = std::upper_bound(m.blocks.cbegin(), m.blocks.cend(), sinceMs,
                                     [](qint64 s, const Block &b) { return s < b.maxTsUpTo; });
    if (it == m.blocks.cend())
        return page;
    // Keep the newest `tail` matching lines (raw) while counting them all; parse only those.
    std::deque<QByteArray> newest;
    qint64 matching = 0;
    scan(jobId, m, it->offset, [&](QByteArrayView line, qint64, qint64 ts) {
        if (ts > sinceMs) {
            ++matching;
            newest.push_back(line.toByteArray());
            if (qint64(newest.size()) > tail)
                newest.pop_front();
        }
        return true;
    });
    page.hasMore = matching > qint64(newest.size());
    for (const QByteArray &raw : newest) {
        StoredLine l;
        if (parse(raw, &l))
            page.lines.append(toWire(l));
    }
    return page;
}

wire::LogPage LogStore::read(const wire::Job &job, const wire::LogQuery &q) const
{
    wire::LogPage page = read(job.id, q);
    page.name = job.name;
    page.ns = job.ns;
    return page;
}

QList<wire::LogLine> LogStore::readAfter(const QString &jobId, qint64 afterSeq, int limit) const
{
    const Meta &m = meta(jobId);
    if (m.blocks.isEmpty() || afterSeq >= m.lastSeq || limit <= 0)
        return {};
    afterSeq = std::max(afterSeq, m.firstSeq - 1);
    const qsizetype i = recentIndex(m, afterSeq + 1);
    if (i >= 0)
        return m.recent.mid(i, limit); // the newest lines, from memory (they are on disk already)
    QList<wire::LogLine> out;
    scan(jobId, m, m.blocks[blockFor(m, afterSeq + 1)].offset, [&](QByteArrayView line, qint64 seq, qint64) {
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

qint64 LogStore::unstored(const QString &jobId) const { return meta(jobId).unstoredTotal; }

qint64 LogStore::outputLines(const QString &jobId, int attempt) const
{
    return meta(jobId).outputPerAttempt.value(attempt, 0);
}

void LogStore::remove(const QString &jobId)
{
    QFile::remove(pathFor(jobId));
    QFile::remove(pathFor(jobId) + QStringLiteral(".meta"));
    forget(jobId);
}

} // namespace seed::logs
