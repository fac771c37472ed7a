#include "localbackendconfig.h"

#include "localdaemon.h"

#include "wire/catalog.h"
#include "wire/jobspec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace seed::client {

QString LocalBackendConfig::path(const QString &dataDir) { return LocalDaemon::configFile(dataDir); }

QStringList LocalBackendConfig::pullPolicies()
{
    return {QStringLiteral("never"), QStringLiteral("missing"), QStringLiteral("always"), QStringLiteral("newer")};
}

LocalBackendConfig LocalBackendConfig::fromRuntimeJson(const QJsonObject &rt)
{
    LocalBackendConfig c;
    const QString gpus = rt.value(QStringLiteral("gpus")).toString(QStringLiteral("auto")).trimmed();
    if (gpus == QLatin1String("none")) {
        c.gpuMode = GpuMode::None;
    } else if (gpus.startsWith(QLatin1String("simulate="))) {
        c.gpuMode = GpuMode::Simulated;
        for (const QString &part : gpus.mid(9).split(u',', Qt::SkipEmptyParts)) {
            const QStringList tc = part.trimmed().split(u':');
            c.simulated.append({tc.value(0).trimmed(), tc.value(1).toInt()});
        }
    }
    const QJsonObject cap = rt.value(QStringLiteral("capacity")).toObject();
    c.cpus = cap.value(QStringLiteral("cpus")).toInt(0);
    c.memoryGb = cap.value(QStringLiteral("memory_gb")).toInt(0);
    c.pull = rt.value(QStringLiteral("pull")).toString(c.pull);
    c.defaultImage = rt.value(QStringLiteral("default_image")).toString();
    return c;
}

LocalBackendConfig LocalBackendConfig::load(const QString &dataDir, QString *error)
{
    QFile f(path(dataDir));
    if (!f.exists())
        return {};
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read %1: %2").arg(f.fileName(), f.errorString());
        return {};
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (!doc.isObject()) {
        if (error)
            *error = tr("%1 is not a JSON object: %2").arg(f.fileName(), perr.errorString());
        return {};
    }
    return fromRuntimeJson(doc.object().value(QStringLiteral("runtime")).toObject());
}

QString LocalBackendConfig::gpusValue() const
{
    switch (gpuMode) {
    case GpuMode::Detect:
        return QStringLiteral("auto");
    case GpuMode::None:
        return QStringLiteral("none");
    case GpuMode::Simulated:
        break;
    }
    QStringList parts;
    for (const SimulatedGpus &g : simulated)
        parts << QStringLiteral("%1:%2").arg(g.type).arg(g.count);
    return QStringLiteral("simulate=") + parts.join(u',');
}

QHash<QString, QString> LocalBackendConfig::problems() const
{
    QHash<QString, QString> out;
    if (gpuMode == GpuMode::Simulated) {
        if (simulated.isEmpty())
            out.insert(QStringLiteral("gpus"), tr("Choose a GPU type and how many to simulate."));
        for (const SimulatedGpus &g : simulated) {
            if (!wire::catalog::gpuTypes().contains(g.type) || g.type == QLatin1String("none")) {
                out.insert(QStringLiteral("gpus"), tr("“%1” is not a GPU type Seed knows.").arg(g.type));
                break;
            }
            if (g.count < 1 || g.count > kMaxSimulatedGpus) {
                out.insert(QStringLiteral("gpus"), tr("Simulate between 1 and %1 GPUs.").arg(kMaxSimulatedGpus));
                break;
            }
        }
    }
    if (cpus < 0)
        out.insert(QStringLiteral("cpus"), tr("vCPUs must be a whole number, or all of this computer's."));
    if (memoryGb < 0)
        out.insert(QStringLiteral("memory_gb"), tr("Memory must be a whole number of GB, or all of this computer's."));
    if (!pullPolicies().contains(pull))
        out.insert(QStringLiteral("pull"), tr("Choose when images are pulled."));
    if (!defaultImage.isEmpty() && !wire::isValidImageReference(defaultImage))
        out.insert(QStringLiteral("default_image"),
                   tr("Not an image reference: use [registry/]path[:tag], lower case, for example "
                      "docker.io/library/python:3.12-slim."));
    return out;
}

QJsonObject LocalBackendConfig::mergedInto(const QJsonObject &file) const
{
    QJsonObject out = file;
    QJsonObject rt = out.value(QStringLiteral("runtime")).toObject();
    rt.insert(QStringLiteral("gpus"), gpusValue());
    QJsonObject cap = rt.value(QStringLiteral("capacity")).toObject();
    const auto setOrDrop = [&cap](const QString &key, int v) {
        if (v > 0)
            cap.insert(key, v);
        else
            cap.remove(key); // the host's
    };
    setOrDrop(QStringLiteral("cpus"), cpus);
    setOrDrop(QStringLiteral("memory_gb"), memoryGb);
    if (cap.isEmpty())
        rt.remove(QStringLiteral("capacity"));
    else
        rt.insert(QStringLiteral("capacity"), cap);
    rt.insert(QStringLiteral("pull"), pull);
    if (defaultImage.isEmpty())
        rt.remove(QStringLiteral("default_image"));
    else
        rt.insert(QStringLiteral("default_image"), defaultImage);
    out.insert(QStringLiteral("runtime"), rt);
    return out;
}

bool LocalBackendConfig::writeFile(const QString &file, const QJsonObject &json, QString *error)
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    QSaveFile f(file);
    const auto fail = [&] {
        if (error)
            *error = tr("Cannot write %1: %2").arg(file, f.errorString());
        return false;
    };
    if (!f.open(QIODevice::WriteOnly))
        return fail();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(json).toJson(QJsonDocument::Indented));
    return f.commit() || fail();
}

} // namespace seed::client
