#include "tar.h"

#include "safefs.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>

#include <unistd.h>

namespace seed::fs {

namespace {
constexpr qint64 kBlock = 512;

qint64 padded(qint64 n) { return (n + kBlock - 1) / kBlock * kBlock; }

void octal(char *field, int width, qint64 value)
{
    // width includes the terminating NUL
    const QByteArray s = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    memcpy(field, s.constData(), size_t(std::min<qsizetype>(s.size(), width - 1)));
    field[width - 1] = 0;
}

QByteArray header(const QByteArray &name, qint64 size, char type, int mode, qint64 mtime)
{
    QByteArray h(kBlock, '\0');
    char *b = h.data();
    memcpy(b, name.constData(), size_t(std::min<qsizetype>(name.size(), 100)));
    octal(b + 100, 8, mode);
    octal(b + 108, 8, 0);
    octal(b + 116, 8, 0);
    octal(b + 124, 12, size);
    octal(b + 136, 12, mtime);
    memset(b + 148, ' ', 8);
    b[156] = type;
    memcpy(b + 257, "ustar", 6); // magic "ustar\0"
    memcpy(b + 263, "00", 2);
    unsigned sum = 0;
    for (int i = 0; i < kBlock; ++i)
        sum += static_cast<unsigned char>(b[i]);
    octal(b + 148, 7, sum);
    b[155] = ' ';
    return h;
}
} // namespace

QByteArray tarHeader(const TarEntry &e)
{
    QByteArray out;
    if (e.name.size() > 100) {
        QByteArray longName = e.name + '\0';
        out += header("././@LongLink", longName.size(), 'L', 0644, 0);
        out += longName + QByteArray(int(padded(longName.size()) - longName.size()), '\0');
    }
    out += header(e.name, e.dir ? 0 : e.size, e.dir ? '5' : '0', e.mode, e.mtime);
    return out;
}

qint64 tarSize(const QList<TarEntry> &entries)
{
    qint64 n = 2 * kBlock;
    for (const TarEntry &e : entries) {
        n += kBlock + (e.dir ? 0 : padded(e.size));
        if (e.name.size() > 100)
            n += kBlock + padded(e.name.size() + 1);
    }
    return n;
}

QList<TarEntry> tarEntries(const QString &root, const QString &topName)
{
    QList<TarEntry> out;
    const QFileInfo top(root);
    const QByteArray topBytes = topName.toUtf8();
    const auto entryFor = [](const QFileInfo &fi, const QByteArray &name) {
        TarEntry e;
        e.absolutePath = fi.absoluteFilePath();
        e.dir = fi.isDir();
        e.name = e.dir ? name + '/' : name;
        e.size = e.dir ? 0 : fi.size();
        e.mode = e.dir ? 0755 : ((fi.permissions() & QFileDevice::ExeOwner) ? 0755 : 0644);
        e.mtime = fi.lastModified().toSecsSinceEpoch();
        return e;
    };
    if (top.isSymLink() || !(top.isFile() || top.isDir()))
        return out; // never through a link, never a fifo or device (collection removes them; this is a second guard)
    if (top.isFile()) {
        out.append(entryFor(top, topBytes));
        return out;
    }
    out.append(entryFor(top, topBytes));
    QList<TarEntry> rest;
    const QString rootPath = top.absoluteFilePath();
    walkTree(rootPath, [&](const TreeEntry &t) {
        TarEntry e;
        e.absolutePath = rootPath + u'/' + QFile::decodeName(t.relative);
        e.dir = t.dir;
        const QByteArray name = topBytes + '/' + QFile::decodeName(t.relative).toUtf8();
        e.name = e.dir ? name + '/' : name;
        e.size = t.size;
        e.mode = e.dir ? 0755 : ((t.mode & 0100) ? 0755 : 0644);
        e.mtime = t.mtime;
        rest.append(e);
    });
    std::sort(rest.begin(), rest.end(), [](const TarEntry &a, const TarEntry &b) { return a.name < b.name; });
    out += rest;
    return out;
}

TarReader::TarReader(QList<TarEntry> entries, bool rawSingleFile) : m_entries(std::move(entries)), m_raw(rawSingleFile)
{
}

TarReader::~TarReader() = default;

qint64 TarReader::size() const
{
    return m_raw ? (m_entries.isEmpty() ? 0 : m_entries.first().size) : tarSize(m_entries);
}

QByteArray TarReader::next()
{
    while (m_index < m_entries.size()) {
        const TarEntry &e = m_entries[m_index];
        if (!m_headerSent) {
            m_headerSent = true;
            m_sent = 0;
            if (!e.dir) {
                // Regular files only, never through a link, never blocking on a fifo or a device.
                const int fd = openRegularFile(e.absolutePath);
                m_file = std::make_unique<QFile>();
                if (fd < 0 || !m_file->open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
                    if (fd >= 0)
                        ::close(fd);
                    m_file.reset();
                }
            }
            if (!m_raw)
                return tarHeader(e);
        }
        if (!e.dir && m_sent < e.size) {
            QByteArray data = m_file ? m_file->read(std::min(kChunk, e.size - m_sent)) : QByteArray();
            if (data.isEmpty()) // the file shrank or vanished: keep the announced length
                data = QByteArray(int(std::min(kChunk, e.size - m_sent)), '\0');
            if (m_sent + data.size() > e.size)
                data.truncate(int(e.size - m_sent));
            m_sent += data.size();
            return data;
        }
        const qint64 pad = m_raw || e.dir ? 0 : padded(e.size) - e.size;
        m_file.reset();
        ++m_index;
        m_headerSent = false;
        if (pad > 0)
            return QByteArray(int(pad), '\0');
    }
    if (!m_raw && !m_trailerSent) {
        m_trailerSent = true;
        return QByteArray(int(2 * kBlock), '\0');
    }
    return {};
}

} // namespace seed::fs
