// seedctl artifacts: list a job's artifacts archive, or write it below a directory. The archive and every
// name in it come from the server; artifacts.cpp decides what may be written where.
#include "artifacts.h"
#include "cli.h"
#include "commands.h"
#include "seedctl.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

namespace seed::cli {

int Commands::doArtifacts(const QString &name, const QString &outputDir)
{
    const auto raw = getObject(QStringLiteral("/%1/job/%2").arg(m_client.endpoint().ns, name));
    if (!raw.ok())
        return apiFailure(raw);
    const QJsonObject artifacts = raw.value.value().value(QLatin1String("artifacts")).toObject();
    const QString downloadUrl = artifacts.value(QLatin1String("download_url")).toString();
    if (downloadUrl.isEmpty()) {
        m_err << tr("seedctl: job %1 has no artifacts (yet).").arg(name) << u'\n';
        return ExitArtifacts;
    }
    // A relative download_url is the API's own; an absolute one may be elsewhere (then without credentials).
    const QUrl url = m_client.endpoint().baseUrl.resolved(QUrl(downloadUrl));
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        m_err << tr("seedctl: no temporary directory: %1").arg(tmp.errorString()) << u'\n';
        return ExitArtifacts;
    }
    const QString archivePath = tmp.filePath(QStringLiteral("artifacts"));
    bool ok = false;
    QString error;
    {
        QEventLoop loop;
        client::Download *d = m_client.download(url, archivePath, &loop);
        QObject::connect(d, &client::Download::finished, &loop, [&](bool success, const QString &why) {
            ok = success;
            error = why;
            loop.quit();
        });
        loop.exec();
    }
    if (!ok) {
        m_err << tr("seedctl: downloading %1 failed: %2").arg(url.toDisplayString(QUrl::RemoveUserInfo), error)
              << u'\n';
        return ExitApiError;
    }
    QFile archive(archivePath);
    if (!archive.open(QIODevice::ReadOnly)) {
        m_err << tr("seedctl: %1").arg(archive.errorString()) << u'\n';
        return ExitArtifacts;
    }
    QString tarError;
    const auto entries = readTar(archive, &tarError);
    if (!entries) {
        // Not a tar: one file, named after the URL's last component when that is a safe name.
        QString why;
        QString fileName = safeRelativePath(QFileInfo(url.path()).fileName().toUtf8(), &why);
        if (fileName.isEmpty() || fileName.contains(u'/'))
            fileName = QStringLiteral("artifacts");
        if (outputDir.isEmpty()) {
            m_out << tr("%1  %2 (one file, not a tar archive)").arg(archive.size()).arg(fileName) << u'\n';
            return ExitOk;
        }
        TarEntry whole;
        whole.rawName = fileName.toUtf8();
        whole.size = archive.size();
        const ExtractResult r = extractTar(archive, {whole}, outputDir);
        if (!r.error.isEmpty() || !r.refused.isEmpty()) {
            m_err << tr("seedctl: %1").arg(r.error.isEmpty() ? r.refused.join(u'\n') : r.error) << u'\n';
            return ExitArtifacts;
        }
        m_out << tr("wrote %1 to %2").arg(fileName, outputDir) << u'\n';
        return ExitOk;
    }
    if (!tarError.isEmpty())
        m_err << tr("seedctl: the archive is damaged (%1); only the entries before it are used.").arg(tarError)
              << u'\n';
    if (outputDir.isEmpty()) {
        for (const TarEntry &e : *entries) {
            QString why;
            const bool safe = !safeRelativePath(e.rawName, &why).isEmpty();
            QString shown = printableName(e.rawName);
            if (e.type == '5')
                shown += u'/';
            else if (e.type == '1' || e.type == '2')
                why = safe ? tr("a link (links are never created)") : why;
            m_out << QString::number(e.size).rightJustified(12) << QStringLiteral("  ") << shown;
            if (!safe || e.type == '1' || e.type == '2')
                m_out << tr("  (not written: %1)").arg(why);
            m_out << u'\n';
        }
        return tarError.isEmpty() ? ExitOk : ExitArtifacts;
    }
    const ExtractResult r = extractTar(archive, *entries, outputDir);
    for (const QString &refused : r.refused)
        m_err << tr("seedctl: not written: %1").arg(refused) << u'\n';
    if (!r.error.isEmpty())
        m_err << tr("seedctl: %1").arg(r.error) << u'\n';
    m_out << tr("wrote %1 of %2 entries to %3").arg(r.written).arg(entries->size()).arg(outputDir) << u'\n';
    return r.refused.isEmpty() && r.error.isEmpty() && tarError.isEmpty() ? ExitOk : ExitArtifacts;
}

} // namespace seed::cli
