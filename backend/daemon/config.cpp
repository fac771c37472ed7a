#include "config.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <limits>

namespace seed::daemon {

namespace {

enum class Kind { String, Bool, Number, Integer, Object, StringList, NumberMap };

struct Field
{
    const char *key;
    Kind kind;
    double min = 0; // numbers only
    const Field *children = nullptr; // objects only: ends with a null key
};

// What seedd reads of its config file (docs/api.md "Configuration", docs/local-backend.md).
constexpr double kAnyPositive = std::numeric_limits<double>::min();
const Field kRateLimit[] = {{"per_second", Kind::Number}, {"burst", Kind::Number}, {nullptr, Kind::Bool}};
const Field kPrices[] = {{"gpu_per_hour", Kind::NumberMap}, {"cpu_per_hour", Kind::Number}, {nullptr, Kind::Bool}};
const Field kStreams[] = {{"keep_alive_seconds", Kind::Number, kAnyPositive},
                          {"client_buffer_kib", Kind::Number, 1},
                          {"stall_timeout_seconds", Kind::Number, kAnyPositive},
                          {"idle_timeout_seconds", Kind::Number, kAnyPositive},
                          {nullptr, Kind::Bool}};
const Field kLogs[] = {{"max_mb_per_job", Kind::Number, 1}, {nullptr, Kind::Bool}};
const Field kTelemetry[] = {{"sample_interval_ms", Kind::Integer, 100},
                            {"series_max_points", Kind::Integer, 16},
                            {"progress_interval_ms", Kind::Integer, 0},
                            {nullptr, Kind::Bool}};
const Field kElectricity[] = {{"price_per_kwh", Kind::Number, 0}, {"currency", Kind::String}, {nullptr, Kind::Bool}};
const Field kConnections[] = {{"max", Kind::Integer, 1},
                              {"request_buffer_mib", Kind::Number, 1},
                              {"request_timeout_seconds", Kind::Number, kAnyPositive},
                              {nullptr, Kind::Bool}};
const Field kExtensions[] = {{"series", Kind::Bool},
                             {"machine_view", Kind::Bool},
                             {"machine", Kind::Bool},
                             {"events", Kind::Bool},
                             {"images", Kind::Bool},
                             {"openapi", Kind::Bool},
                             {"metrics", Kind::Bool},
                             {nullptr, Kind::Bool}};
const Field kCapacity[] = {{"cpus", Kind::Integer, 1}, {"memory_gb", Kind::Integer, 1}, {nullptr, Kind::Bool}};
const Field kRuntime[] = {{"gpus", Kind::String},
                          {"capacity", Kind::Object, 0, kCapacity},
                          {"cancel_grace_seconds", Kind::Integer, 0},
                          {"timeout_unit_seconds", Kind::Number, kAnyPositive},
                          {"git_base", Kind::String},
                          {"default_image", Kind::String},
                          {"cdi_kind", Kind::String},
                          {"cdi_spec_dir", Kind::String},
                          {"network", Kind::Bool},
                          {"podman", Kind::String},
                          {"oci_runtime", Kind::String},
                          {"pull", Kind::String},
                          {"ulimits", Kind::StringList},
                          {"log_backlog_mb", Kind::Number, kAnyPositive},
                          {nullptr, Kind::Bool}};
const Field kMetrics[] = {{"public_on_loopback", Kind::Bool}, {nullptr, Kind::Bool}};
const Field kTop[] = {{"listen", Kind::String},
                      {"data_dir", Kind::String},
                      {"runner", Kind::String},
                      {"tls_cert", Kind::String},
                      {"tls_key", Kind::String},
                      {"rate_limit", Kind::Object, 0, kRateLimit},
                      {"idle_timeout_seconds", Kind::Number, kAnyPositive},
                      {"connections", Kind::Object, 0, kConnections},
                      {"prices", Kind::Object, 0, kPrices},
                      {"streams", Kind::Object, 0, kStreams},
                      {"logs", Kind::Object, 0, kLogs},
                      {"telemetry", Kind::Object, 0, kTelemetry},
                      {"electricity", Kind::Object, 0, kElectricity},
                      {"extensions", Kind::Object, 0, kExtensions},
                      {"metrics", Kind::Object, 0, kMetrics},
                      {"contract_only", Kind::Bool},
                      {"runtime", Kind::Object, 0, kRuntime},
                      {nullptr, Kind::Bool}};

QString minText(double min) { return min == kAnyPositive ? QStringLiteral("> 0") : QStringLiteral(">= %1").arg(min); }

QString checkValue(const QString &path, const QJsonValue &v, const Field &f, QStringList *unknown);

QString checkObject(const QString &prefix, const QJsonObject &o, const Field *fields, QStringList *unknown)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const Field *f = fields;
        while (f->key && it.key() != QLatin1String(f->key))
            ++f;
        const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        if (!f->key) {
            unknown->append(path);
            continue;
        }
        if (QString e = checkValue(path, it.value(), *f, unknown); !e.isEmpty())
            return e;
    }
    return {};
}

QString checkNumber(const QString &path, const QJsonValue &v, double min, bool integer)
{
    const double d = v.toDouble();
    if (!v.isDouble() || (integer && d != std::floor(d)) || d < min)
        return QStringLiteral("%1 must be %2 %3").arg(path, integer ? QStringLiteral("an integer") : QStringLiteral("a number"), minText(min));
    return {};
}

QString checkValue(const QString &path, const QJsonValue &v, const Field &f, QStringList *unknown)
{
    switch (f.kind) {
    case Kind::String:
        return v.isString() ? QString() : QStringLiteral("%1 must be a string").arg(path);
    case Kind::Bool:
        return v.isBool() ? QString() : QStringLiteral("%1 must be true or false").arg(path);
    case Kind::Number:
        return checkNumber(path, v, f.min, false);
    case Kind::Integer:
        return checkNumber(path, v, f.min, true);
    case Kind::Object:
        if (!v.isObject())
            return QStringLiteral("%1 must be an object").arg(path);
        return checkObject(path, v.toObject(), f.children, unknown);
    case Kind::StringList: {
        const QJsonArray a = v.toArray();
        if (!v.isArray() || std::any_of(a.begin(), a.end(), [](const QJsonValue &x) { return !x.isString(); }))
            return QStringLiteral("%1 must be a list of strings").arg(path);
        return {};
    }
    case Kind::NumberMap: {
        if (!v.isObject())
            return QStringLiteral("%1 must be an object of numbers").arg(path);
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (QString e = checkNumber(path + u'.' + it.key(), it.value(), 0, false); !e.isEmpty())
                return e;
        return {};
    }
    }
    return {};
}

} // namespace

QString DaemonConfig::checkSchema(const QJsonObject &file, QStringList *unknownKeys)
{
    if (QString e = checkObject(QString(), file, kTop, unknownKeys); !e.isEmpty())
        return e;
    // A price without its currency (or the reverse) would print a number nobody can read.
    const QJsonObject el = file.value(QStringLiteral("electricity")).toObject();
    if (el.contains(QStringLiteral("price_per_kwh")) != el.contains(QStringLiteral("currency")))
        return QStringLiteral("electricity needs both price_per_kwh and currency");
    static const QRegularExpression currency(QRegularExpression::anchoredPattern(QStringLiteral("[A-Z]{3}")));
    if (el.contains(QStringLiteral("currency")) &&
        !currency.match(el.value(QStringLiteral("currency")).toString()).hasMatch())
        return QStringLiteral("electricity.currency must be an ISO 4217 code such as EUR");
    return {};
}

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
    unknownKeys.clear();
    if (const QString e = checkSchema(file, &unknownKeys); !e.isEmpty()) {
        *error = QStringLiteral("config file %1: %2").arg(path, e);
        return false;
    }
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
