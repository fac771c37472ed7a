// The job log store: what a job prints goes through append() into the file format ("seq TAB attempt TAB o|s TAB
// epoch-ms TAB escaped message") and must come back unchanged, from memory and from the file (after a restart
// of seedd), also across the size bound's compaction. A second mode writes the input as the job's file itself
// (torn, foreign or corrupt content) and only requires that reading and appending stay safe.
//
// Input: byte 0 = flags; then, in file mode, the file's bytes up to the first 0xFF; then batches split at 0xFD, each
// batch's messages split at 0xFE (bytes that never occur in UTF-8, so every message text stays reachable). A batch
// is one append() call, as seedd stores what one read of a container's output brought; a batch whose first message
// starts with '@' names the node its output came from (a Slurm node: hostile bytes in it must never reach the file).
#include "fuzzcheck.h"

#include "logs/logstore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace seed::logs;

namespace {
const QString kJob = QStringLiteral("job_0123456789ab");

QString dir()
{
    // tmpfs when there is one: the store opens and writes its file on every append.
    static QTemporaryDir d(QDir(QStringLiteral("/dev/shm")).exists()
                               ? QStringLiteral("/dev/shm/seed-fuzz-XXXXXX")
                               : QDir::tempPath() + QStringLiteral("/seed-fuzz-XXXXXX"));
    return d.path();
}

bool storableAsIs(const QString &m)
{
    if (m.size() > LogStore::kMaxLineChars)
        return false;
    for (QChar c : m) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != 0x1b) || u == 0x7f)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const quint8 flags = data[0];
    QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const bool fileMode = flags & 1;
    const QString path = dir() + u'/' + kJob + QStringLiteral(".log");
    QFile::remove(path);
    QFile::remove(path + QStringLiteral(".meta"));

    if (fileMode) {
        const qsizetype cut = rest.indexOf('\xff');
        const QByteArrayView file = cut < 0 ? rest : rest.first(cut);
        rest = cut < 0 ? QByteArrayView() : rest.sliced(cut + 1);
        QFile f(path);
        FUZZ_CHECK(f.open(QIODevice::WriteOnly));
        f.write(file.data(), file.size());
        f.close();
        // The pure line parser on every line of the file.
        for (const QByteArrayView line : QByteArray::fromRawData(file.data(), file.size()).split('\n')) {
            StoredLine l;
            if (parseStoredLine(line, &l))
                FUZZ_CHECK(l.seq > 0);
        }
    }
    QList<QList<QString>> batches;
    for (const QByteArray &b : QByteArray::fromRawData(rest.data(), rest.size()).split('\xfd')) {
        QList<QString> messages;
        for (const QByteArray &m : b.split('\xfe'))
            messages << QString::fromUtf8(m);
        batches << messages;
    }

    LogStore store(dir());
    if (flags & 2)
        store.setMaxBytesPerJob(1024 + 64 * (flags >> 4));
    const qint64 before = store.lastSeq(kJob);
    FUZZ_CHECK(before >= 0);
    seed::wire::LogQuery q;
    q.tail = 1 + (flags >> 3);
    (void)store.read(kJob, q);
    q.since = QDateTime::fromMSecsSinceEpoch(1773835200000 + (flags >> 2), Qt::UTC);
    (void)store.read(kJob, q);
    (void)store.readAfter(kJob, before / 2);
    (void)store.readAll(kJob);

    // seq -> message, for the messages stored as one line each.
    QHash<qint64, QString> expected;
    qint64 last = before;
    const int attempt = (flags >> 2) & 3;
    qint64 outputMessages = 0;
    for (qsizetype i = 0; i < batches.size(); ++i) {
        QList<QString> messages = batches[i];
        QString node;
        if (messages.first().startsWith(u'@'))
            node = messages.takeFirst().mid(1);
        const Source source = (flags & 4) && i % 2 ? Source::System : Source::Output;
        QList<QPair<QDateTime, QString>> lines;
        bool oneLineEach = true;
        for (qsizetype k = 0; k < messages.size(); ++k) {
            lines.append({QDateTime::fromMSecsSinceEpoch(1773835200000 + (i * 64 + k) * 7, Qt::UTC), messages[k]});
            oneLineEach = oneLineEach && storableAsIs(messages[k]);
        }
        const qint64 seq = store.append(kJob, attempt, source, lines, node);
        if (lines.isEmpty()) {
            FUZZ_CHECK(seq == 0);
            continue;
        }
        FUZZ_CHECK(seq >= last + lines.size());
        if (oneLineEach) {
            FUZZ_CHECK(seq == last + lines.size());
            for (qsizetype k = 0; k < messages.size(); ++k)
                expected.insert(last + 1 + k, messages[k]);
        }
        if (source == Source::Output)
            outputMessages += lines.size();
        last = seq;
    }
    if (fileMode)
        return 0; // a foreign file has no order to keep: reading and appending safely is all that is asked

    // From memory and from the file (a fresh store, as after a restart of seedd), the same lines.
    const qint64 dropped = store.dropped(kJob);
    const QList<seed::wire::LogLine> live = store.readAfter(kJob, dropped, 1000000);
    LogStore restarted(dir());
    FUZZ_CHECK(restarted.lastSeq(kJob) == store.lastSeq(kJob));
    FUZZ_CHECK(restarted.dropped(kJob) == dropped);
    const QList<seed::wire::LogLine> fromFile = restarted.readAfter(kJob, dropped, 1000000);
    FUZZ_CHECK(live == fromFile);
    // A node's name reaches the file and the API only when it is a plain host name.
    static const QRegularExpression plainNode(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9._-]{1,64}")));
    for (const seed::wire::LogLine &l : fromFile)
        FUZZ_CHECK(l.node.isEmpty() || plainNode.match(l.node).hasMatch());
    const QList<StoredLine> all = restarted.readAll(kJob);
    FUZZ_CHECK(all.size() == fromFile.size());
    for (qsizetype i = 0; i < all.size(); ++i) {
        FUZZ_CHECK(all[i].seq == fromFile[i].seq && all[i].message == fromFile[i].message);
        if (auto it = expected.constFind(all[i].seq); it != expected.cend())
            FUZZ_CHECK(all[i].message == *it);
    }
    if (!all.isEmpty())
        FUZZ_CHECK(all.first().seq == dropped + 1 && all.last().seq == last);
    // Re-attaching to the container after a restart skips exactly the container lines already stored.
    FUZZ_CHECK(restarted.outputLines(kJob, attempt) == store.outputLines(kJob, attempt));
    FUZZ_CHECK(store.outputLines(kJob, attempt) == outputMessages);
    // tail: the newest lines.
    seed::wire::LogQuery t;
    t.tail = 3;
    const auto page = restarted.read(kJob, t);
    FUZZ_CHECK(page.lines == fromFile.mid(std::max<qsizetype>(0, fromFile.size() - 3)));
    return 0;
}
