#pragma once
// Reading a job's artifacts archive (an uncompressed tar, as seedd's download_url answers) and writing it
// under a directory the user chose. Every name in it comes from the server and is hostile: nothing may land
// outside that directory, and no link is ever created.

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QIODevice;

namespace seed::cli {

struct TarEntry
{
    QByteArray rawName; // as the archive has it (pax path, GNU long name, or prefix/name)
    char type = '0';    // the ustar type flag: '0' file, '5' directory, '1'/'2' links, ...
    qint64 size = 0;
    qint64 dataOffset = 0; // where its bytes start in the archive
};

// The entries of a tar archive, or nothing when `archive` is not one (the first header is not a valid
// ustar/v7 header). Stops at the end marker, a truncated entry or a bad header (`error` says which).
std::optional<QList<TarEntry>> readTar(QIODevice &archive, QString *error);

// The relative path to write an entry at, or empty with `why` set when its name must not be written:
// empty, absolute, a '..' component, a control character (NUL, newline, ...) or not UTF-8.
QString safeRelativePath(const QByteArray &rawName, QString *why);

// A name as it may be shown on a terminal: control characters and backslashes escaped, so that a hostile
// name cannot forge an output line or move the cursor.
QString printableName(const QByteArray &rawName);

struct ExtractResult
{
    int written = 0;
    QStringList refused; // one line each: the printable name and why
    QString error;       // a write that failed (then the extraction stopped)
};

// Writes the archive's files and directories below `targetDir` (created if missing). Links, devices and
// unsafe names are refused and listed; files are written with O_NOFOLLOW | O_CREAT and never through a
// symbolic link met on the way (a link already in targetDir is not followed either).
ExtractResult extractTar(QIODevice &archive, const QList<TarEntry> &entries, const QString &targetDir);

} // namespace seed::cli
