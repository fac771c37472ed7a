#include "connectionfile.h"

#include "wire/jsonnum.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace seed::daemon {

QString ConnectionInfo::pathIn(const QString &dataDir) { return dataDir + QStringLiteral("/connection.json"); }

bool ConnectionInfo::write(const QString &dataDir, QString *error) const
{
    QSaveFile f(pathIn(dataDir));
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    // Restrict before any secret is written.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject o{{QStringLiteral("url"), url},         {QStringLiteral("token"), token},
                        {QStringLiteral("namespace"), ns},    {QStringLiteral("pid"), pid},
                        {QStringLiteral("version"), version}, {QStringLiteral("simulated_gpus"), simulatedGpus}};
    f.write(QJsonDocument(o).toJson());
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    QFile::setPermissions(pathIn(dataDir), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

std::optional<ConnectionInfo> ConnectionInfo::read(const QString &dataDir)
{
    QFile f(pathIn(dataDir));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.isEmpty())
        return std::nullopt;
    ConnectionInfo c;
    c.url = o.value(QStringLiteral("url")).toString();
    c.token = o.value(QStringLiteral("token")).toString();
    c.ns = o.value(QStringLiteral("namespace")).toString();
    c.pid = wire::int64Of(o.value(QStringLiteral("pid")));
    c.version = o.value(QStringLiteral("version")).toString();
    c.simulatedGpus = o.value(QStringLiteral("simulated_gpus")).toBool();
    return c;
}

} // namespace seed::daemon
