#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

class QFile;

namespace seed::fs {

// A tree a job saved, as one uncompressed tar (ustar headers, GNU long names): the listing, the exact size, and
// the bytes piece by piece, so that an artifact of any size is never held in memory.
struct TarEntry
{
    QString absolutePath;
    QByteArray name; // inside the archive, '/'-separated, directories end with '/'
    qint64 size = 0;
    bool dir = false;
    int mode = 0644;
    qint64 mtime = 0;
};

// `root` and everything below it (walkTree: never through a link, no fifos or devices), named from `topName`,
// sorted by name. Empty when `root` is a link or neither a file nor a directory. Blocking: off the event loop.
QList<TarEntry> tarEntries(const QString &root, const QString &topName);
QByteArray tarHeader(const TarEntry &e);        // one or two headers (GNU 'L' record first for long names)
qint64 tarSize(const QList<TarEntry> &entries); // exact byte count of the archive

// The archive's bytes in order, read as they are asked for. `rawSingleFile`: the first entry's content alone (a
// download of one file). A file that shrank or vanished meanwhile is padded with zeros: the announced size holds.
class TarReader
{
public:
    static constexpr qint64 kChunk = 256 * 1024;

    TarReader(QList<TarEntry> entries, bool rawSingleFile);
    ~TarReader();
    TarReader(const TarReader &) = delete;
    TarReader &operator=(const TarReader &) = delete;

    qint64 size() const; // what all next() calls return together
    QByteArray next();   // at most kChunk bytes (headers and padding may come as pieces of their own); empty: the end

private:
    QList<TarEntry> m_entries;
    bool m_raw = false;
    qsizetype m_index = 0;
    bool m_headerSent = false;
    bool m_trailerSent = false;
    qint64 m_sent = 0;
    std::unique_ptr<QFile> m_file;
};

} // namespace seed::fs
