#include "config.h"

#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

namespace seed::daemon {

QString DaemonConfig::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/seed");
}

bool DaemonConfig::setListen(const QString &hostPort, QString *error)
{
    const qsizetype colon = hostPort.lastIndexOf(u':');
    if (colon <= 0) {
        *error = QStringLiteral("--listen wants HOST:PORT, for example 127.0.0.1:8731");
        return false;
    }
    QString host = hostPort.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = hostPort.mid(colon + 1).toUInt(&ok);
    QHostAddress addr;
    if (host == QLatin1String("localhost"))
        addr = QHostAddress::LocalHost;
    else if (!addr.setAddress(host))
        ok = false;
    if (!ok || p > 65535) {
        *error = QStringLiteral("--listen: '%1' is not HOST:PORT with a numeric address").arg(hostPort);
        return false;
    }
    address = addr;
    port = quint16(p);
    return true;
}

bool DaemonConfig::loadFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read config file %1: %2").arg(path, f.errorString());
        return false;
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("config file %1 is not a JSON object: %2").arg(path, perr.errorString());
        return false;
    }
    file = doc.object();
    if (file.contains(QStringLiteral("listen")) && !setListen(file.value(QStringLiteral("listen")).toString(), error))
        return false;
    if (file.contains(QStringLiteral("data_dir")))
        dataDir = file.value(QStringLiteral("data_dir")).toString();
    runner = file.value(QStringLiteral("runner")).toString(runner);
    if (!local.applyJson(file.value(QStringLiteral("runtime")).toObject(), error)) {
        *error = QStringLiteral("config file %1: runtime: %2").arg(path, *error);
        return false;
    }
    tlsCert = file.value(QStringLiteral("tls_cert")).toString(tlsCert);
    tlsKey = file.value(QStringLiteral("tls_key")).toString(tlsKey);
    const QJsonObject rl = file.value(QStringLiteral("rate_limit")).toObject();
    rateLimit.ratePerSecond = rl.value(QStringLiteral("per_second")).toDouble(rateLimit.ratePerSecond);
    rateLimit.burst = rl.value(QStringLiteral("burst")).toDouble(rateLimit.burst);
    idleTimeoutMs = int(file.value(QStringLiteral("idle_timeout_seconds")).toDouble(idleTimeoutMs / 1000.0) * 1000);
    const QJsonObject prices = file.value(QStringLiteral("prices")).toObject();
    const QJsonObject gpu = prices.value(QStringLiteral("gpu_per_hour")).toObject();
    for (auto it = gpu.begin(); it != gpu.end(); ++it)
        this->prices.centsPerGpuHour.insert(it.key(), qRound64(it.value().toDouble() * 100));
    if (prices.contains(QStringLiteral("cpu_per_hour")))
        this->prices.centsPerCpuHour = qRound64(prices.value(QStringLiteral("cpu_per_hour")).toDouble() * 100);
    return true;
}

} // namespace seed::daemon
