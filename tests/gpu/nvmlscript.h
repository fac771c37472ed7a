#pragma once
// Helpers for suites that run seedd against the NVML test double (tests/support/fakenvml/fakenvml.c).
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace gpu {

// A CDI spec of the test's own kind with one device per index, injecting FAKE_CDI_DEVICE_<i>=1: what
// `nvidia-ctk cdi generate` provides on a real machine, so that podman runs the job exactly as with
// nvidia.com/gpu. Podman 4.3 reads /etc/cdi and /var/run/cdi only; the file is removed by the destructor.
class TestCdiSpec
{
public:
    TestCdiSpec(const QString &kind, int gpus) : m_kind(kind)
    {
        QJsonArray devices;
        for (int i = 0; i < gpus; ++i)
            devices.append(QJsonObject{
                {QStringLiteral("name"), QString::number(i)},
                {QStringLiteral("containerEdits"),
                 QJsonObject{{QStringLiteral("env"), QJsonArray{QStringLiteral("FAKE_CDI_DEVICE_%1=1").arg(i)}}}}});
        const QJsonObject spec{{QStringLiteral("cdiVersion"), QStringLiteral("0.5.0")},
                               {QStringLiteral("kind"), kind},
                               {QStringLiteral("devices"), devices}};
        QDir().mkpath(QStringLiteral("/var/run/cdi"));
        QString file = kind;
        m_path = QStringLiteral("/var/run/cdi/") + file.replace(u'/', u'_') + QStringLiteral(".json");
        QFile f(m_path);
        m_ok = f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(spec).toJson()) > 0;
    }
    ~TestCdiSpec() { QFile::remove(m_path); }
    bool ok() const { return m_ok; }
    QString kind() const { return m_kind; }

private:
    QString m_kind;
    QString m_path;
    bool m_ok = false;
};

// Puts the double first on LD_LIBRARY_PATH and names its script for every seedd started after this.
inline void useFakeNvml(const QString &scriptPath)
{
    qputenv("LD_LIBRARY_PATH", QByteArray(FAKENVML_DIR));
    qputenv("SEED_FAKE_NVML_SCRIPT", QFile::encodeName(scriptPath));
    qunsetenv("SEED_FAKE_NVML_T0");
}

} // namespace gpu
