#include "cdi.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace seed::sched {

QJsonObject simulatedCdiSpec(const QString &kind, const QList<Gpu> &gpus)
{
    QJsonArray devices;
    for (const Gpu &g : gpus) {
        const QJsonArray env{QStringLiteral("SEED_GPU_%1_UUID=%2").arg(g.index).arg(g.uuid),
                             QStringLiteral("SEED_GPU_%1_MODEL=%2").arg(g.index).arg(g.model)};
        devices.append(QJsonObject{{QStringLiteral("name"), QString::number(g.index)},
                                   {QStringLiteral("containerEdits"), QJsonObject{{QStringLiteral("env"), env}}}});
    }
    return QJsonObject{
        {QStringLiteral("cdiVersion"), QStringLiteral("0.5.0")},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("devices"), devices},
        {QStringLiteral("containerEdits"),
         QJsonObject{{QStringLiteral("env"), QJsonArray{QStringLiteral("SEED_SIMULATED_GPUS=1")}}}}};
}

bool isValidCdiKind(const QString &kind)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral(R"([A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*)")));
    return re.match(kind).hasMatch();
}

QString findCdiSpec(const QString &kind, const QStringList &dirs)
{
    // JSON: the top-level "kind"; YAML (what nvidia-ctk writes): a top-level `kind: nvidia.com/gpu` line.
    const QRegularExpression yaml(
        QStringLiteral(R"(^kind\s*:\s*(["']?)%1\1\s*$)").arg(QRegularExpression::escape(kind)),
        QRegularExpression::MultilineOption);
    for (const QString &dir : dirs) {
        const QFileInfoList files =
            QDir(dir).entryInfoList({QStringLiteral("*.json"), QStringLiteral("*.yaml"), QStringLiteral("*.yml")},
                                    QDir::Files | QDir::Readable, QDir::Name);
        for (const QFileInfo &fi : files) {
            QFile f(fi.filePath());
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray text = f.read(4 << 20);
            const bool match =
                fi.suffix() == QLatin1String("json")
                    ? QJsonDocument::fromJson(text).object().value(QStringLiteral("kind")).toString() == kind
                    : yaml.match(QString::fromUtf8(text)).hasMatch();
            if (match)
                return fi.filePath();
        }
    }
    return {};
}

QString missingCdiSpecText(const QString &kind)
{
    return QStringLiteral(
               "No CDI spec for %1 in /etc/cdi or /var/run/cdi, so podman cannot give GPUs to jobs: create "
               "one with `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml` (NVIDIA Container Toolkit).")
        .arg(kind);
}

QString cdiSpecPath(const QString &dir, const QString &kind)
{
    QString file = kind;
    file.replace(u'/', u'_');
    return dir + u'/' + file + QStringLiteral(".json");
}

QString writeCdiSpec(const QString &dir, const QString &kind, const QJsonObject &spec, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create CDI spec directory %1").arg(dir);
        return {};
    }
    const QString path = cdiSpecPath(dir, kind);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write CDI spec %1: %2").arg(path, f.errorString());
        return {};
    }
    f.write(QJsonDocument(spec).toJson());
    if (!f.commit()) {
        *error = QStringLiteral("cannot write CDI spec %1: %2").arg(path, f.errorString());
        return {};
    }
    return path;
}

} // namespace seed::sched
