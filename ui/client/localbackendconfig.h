#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace seed::client {

// The local seedd's settings that the desktop app edits (Edit > Preferences > Local backend): part of the
// "runtime" section of <data-dir>/seedd.json, the config file the app hands to a seedd it starts
// (`seedd serve --config`). Every other key of the file is kept as it was.
struct LocalBackendConfig
{
    Q_DECLARE_TR_FUNCTIONS(LocalBackendConfig)

public:
    enum class GpuMode { Detect, None, Simulated };
    struct SimulatedGpus
    {
        QString type;
        int count = 0;
        bool operator==(const SimulatedGpus &) const = default;
    };
    static constexpr int kMaxSimulatedGpus = 64; // seedd's limit per type

    GpuMode gpuMode = GpuMode::Detect;
    QList<SimulatedGpus> simulated; // GpuMode::Simulated: at least one entry
    int cpus = 0;                   // 0: all of this computer's
    int memoryGb = 0;               // 0: all of this computer's
    QString pull = QStringLiteral("never");
    QString defaultImage; // empty: seedd's built-in default

    static QString path(const QString &dataDir); // <dataDir>/seedd.json
    static QStringList pullPolicies();           // never, missing, always, newer

    // The file's values; defaults for what it does not say or when there is no file. `error` says why a file
    // that exists could not be read (its values are then the defaults).
    static LocalBackendConfig load(const QString &dataDir, QString *error = nullptr);
    static LocalBackendConfig fromRuntimeJson(const QJsonObject &runtime);
    QString gpusValue() const; // "auto", "none", "simulate=L4:2,T4:1"

    // What is wrong, by key ("gpus", "cpus", "memory_gb", "pull", "default_image"): the same rules seedd
    // applies, said in the form's words. Empty when all is well.
    QHash<QString, QString> problems() const;

    // The whole file with these settings merged into its "runtime" section.
    QJsonObject mergedInto(const QJsonObject &file) const;
    // Writes `json` to `file` (mode 0600, replaced atomically).
    static bool writeFile(const QString &file, const QJsonObject &json, QString *error);

    bool operator==(const LocalBackendConfig &) const = default;
};

} // namespace seed::client
