#pragma once

#include "daemon/connectionfile.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QTimer;

namespace seed::client {

// Finds this computer's seedd through <data-dir>/connection.json and, when none answers, starts
// `seedd serve` DETACHED so that jobs outlive the window. Never blocks: the answer comes to a callback.
class LocalDaemon : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        std::optional<daemon::ConnectionInfo> info;
        bool started = false; // this call started the daemon
        qint64 startedPid = 0;
        QString error;
    };
    using Callback = std::function<void(const Outcome &)>;

    explicit LocalDaemon(QObject *parent = nullptr);

    void setProgram(const QString &seedd) { m_program = seedd; }
    QString program() const;
    void setExtraArguments(const QStringList &args) { m_extraArgs = args; }
    void setStartTimeoutMs(int ms) { m_startTimeoutMs = ms; }

    void ensureRunning(const QString &dataDir, QObject *context, Callback cb);

    // <dataDir>/seedd.json, the settings a seedd this class starts reads (`serve --config`), when it exists.
    static QString configFile(const QString &dataDir);
    // Whether `seedd serve --config file` would accept the file, by asking that seedd (`config check`): the
    // reason when not, "" when it would. Blocks for the check (a few tens of milliseconds).
    QString checkConfig(const QString &file) const;
    // Stops the seedd named by <dataDir>/connection.json (SIGTERM: its jobs keep running, and the next seedd
    // takes them over) and calls back once it has exited: "" or why it did not. Nothing running: "" at once.
    void stop(const QString &dataDir, QObject *context, std::function<void(const QString &error)> cb);

    // seedd next to this program, else on PATH.
    static QString findSeedd();
    static bool processAlive(qint64 pid);
    static bool isSeeddServe(qint64 pid); // its command line is `seedd serve ...` (Linux /proc)

private:
    void probe(const daemon::ConnectionInfo &info, QObject *context, std::function<void(bool)> cb);
    void start(const QString &dataDir, QObject *context, Callback cb);

    QString m_program;
    QStringList m_extraArgs;
    int m_startTimeoutMs = 20000;
};

} // namespace seed::client
