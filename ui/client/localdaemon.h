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

    // seedd next to this program, else on PATH.
    static QString findSeedd();
    static bool processAlive(qint64 pid);

private:
    void probe(const daemon::ConnectionInfo &info, QObject *context, std::function<void(bool)> cb);
    void start(const QString &dataDir, QObject *context, Callback cb);

    QString m_program;
    QStringList m_extraArgs;
    int m_startTimeoutMs = 20000;
};

} // namespace seed::client
