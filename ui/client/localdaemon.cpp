#include "localdaemon.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/types.h>

namespace seed::client {

LocalDaemon::LocalDaemon(QObject *parent) : QObject(parent) {}

QString LocalDaemon::findSeedd()
{
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/seedd");
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("seedd"));
}

QString LocalDaemon::program() const { return m_program.isEmpty() ? findSeedd() : m_program; }

bool LocalDaemon::processAlive(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return false;
    // An exited process nobody has reaped yet (a container's init may never reap) still takes signals: its
    // state in /proc says it is gone.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')'); // the name in parentheses may hold spaces and ')'
    return close < 0 || line.size() < close + 3 || (line.at(close + 2) != 'Z' && line.at(close + 2) != 'X');
}

void LocalDaemon::probe(const daemon::ConnectionInfo &info, QObject *context, std::function<void(bool)> cb)
{
    const QUrl url(info.url);
    auto *socket = new QTcpSocket(this);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    QPointer<QObject> ctx(context);
    auto done = std::make_shared<bool>(false);
    auto finish = [socket, ctx, cb, done](bool ok) {
        if (*done)
            return;
        *done = true;
        socket->abort();
        socket->deleteLater();
        if (!ctx.isNull())
            cb(ok);
    };
    connect(socket, &QTcpSocket::connected, this, [finish] { finish(true); });
    connect(socket, &QTcpSocket::errorOccurred, this, [finish] { finish(false); });
    connect(timer, &QTimer::timeout, this, [finish] { finish(false); });
    timer->start(2000);
    socket->connectToHost(url.host(), quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80)));
}

void LocalDaemon::ensureRunning(const QString &dataDir, QObject *context, Callback cb)
{
    const auto info = daemon::ConnectionInfo::read(dataDir);
    if (info && !info->url.isEmpty() && processAlive(info->pid)) {
        QPointer<QObject> ctx(context);
        probe(*info, this, [this, info, dataDir, ctx, cb](bool ok) {
            if (ctx.isNull())
                return;
            if (ok)
                cb(Outcome{info, false, 0, {}});
            else
                start(dataDir, ctx, cb);
        });
        return;
    }
    start(dataDir, context, cb);
}

bool LocalDaemon::isSeeddServe(qint64 pid)
{
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> args = cmdline.readAll().split('\0');
    return args.size() >= 2 && QFileInfo(QString::fromLocal8Bit(args.at(0))).fileName() == QLatin1String("seedd") &&
           args.at(1) == "serve";
}

QString LocalDaemon::configFile(const QString &dataDir) { return dataDir + QStringLiteral("/seedd.json"); }

QString LocalDaemon::checkConfig(const QString &file) const
{
    const QString seedd = program();
    if (seedd.isEmpty())
        return tr("The Seed backend (seedd) is not installed next to this program or on PATH.");
    QProcess proc;
    proc.setProgram(seedd);
    proc.setArguments({QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--config"), file});
    proc.setStandardInputFile(QProcess::nullDevice());
    proc.start();
    if (!proc.waitForFinished(15000)) {
        proc.kill();
        proc.waitForFinished(2000);
        return tr("The Seed backend did not check the settings in time.");
    }
    if (proc.exitStatus() == QProcess::NormalExit && proc.exitCode() == 0)
        return {};
    QString why = QString::fromUtf8(proc.readAllStandardError()).trimmed();
    why = why.section(u'\n', 0, 0); // the reason; the usage hint below it is for terminals
    if (why.startsWith(QLatin1String("seedd: ")))
        why = why.mid(7);
    return why.isEmpty() ? tr("The Seed backend refused the settings.") : why;
}

void LocalDaemon::stop(const QString &dataDir, QObject *context, std::function<void(const QString &)> cb)
{
    const auto info = daemon::ConnectionInfo::read(dataDir);
    QPointer<QObject> ctx(context);
    const qint64 pid = info ? info->pid : 0;
    // A stale connection file may name a pid that now belongs to another program: signal only a `seedd serve`.
    if (!processAlive(pid) || !isSeeddServe(pid)) {
        QTimer::singleShot(0, context, [cb] { cb(QString()); });
        return;
    }
    if (::kill(pid_t(pid), SIGTERM) != 0 && errno != ESRCH) {
        const QString err = tr("Could not stop the Seed backend (process %1): %2")
                                .arg(pid)
                                .arg(QString::fromLocal8Bit(strerror(errno)));
        QTimer::singleShot(0, context, [cb, err] { cb(err); });
        return;
    }
    auto *timer = new QTimer(this);
    timer->setInterval(50);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(timer, &QTimer::timeout, this, [timer, clock, ctx, cb, pid] {
        const bool gone = !processAlive(pid);
        if (!gone && clock->elapsed() < 20000)
            return;
        timer->deleteLater();
        if (ctx.isNull())
            return;
        cb(gone ? QString() : tr("The Seed backend (process %1) did not stop within 20 seconds.").arg(pid));
    });
    timer->start();
}

void LocalDaemon::start(const QString &dataDir, QObject *context, Callback cb)
{
    const QString seedd = program();
    if (seedd.isEmpty()) {
        QTimer::singleShot(0, context, [cb] {
            cb(Outcome{std::nullopt, false, 0,
                       tr("The Seed backend (seedd) is not installed next to this program or on PATH.")});
        });
        return;
    }
    QDir().mkpath(dataDir);
    QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString logFile = dataDir + QStringLiteral("/seedd.log");
    QProcess proc;
    proc.setProgram(seedd);
    QStringList args{QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir};
    if (QFileInfo::exists(configFile(dataDir)))
        args << QStringLiteral("--config") << configFile(dataDir);
    proc.setArguments(args + m_extraArgs); // the extra arguments override the file's settings
    proc.setStandardInputFile(QProcess::nullDevice());
    proc.setStandardOutputFile(logFile, QIODevice::Append);
    proc.setStandardErrorFile(logFile, QIODevice::Append);
    proc.setWorkingDirectory(dataDir);
    qint64 pid = 0;
    if (!proc.startDetached(&pid)) {
        const QString err = proc.errorString();
        QTimer::singleShot(0, context, [cb, err] {
            cb(Outcome{std::nullopt, false, 0, tr("Could not start the Seed backend: %1").arg(err)});
        });
        return;
    }
    // Wait for the connection file that names this pid, without blocking.
    auto *timer = new QTimer(this);
    timer->setInterval(100);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QPointer<QObject> ctx(context);
    const int timeout = m_startTimeoutMs;
    connect(timer, &QTimer::timeout, this, [timer, clock, ctx, cb, dataDir, pid, logFile, timeout] {
        if (ctx.isNull()) {
            timer->deleteLater();
            return;
        }
        const auto info = daemon::ConnectionInfo::read(dataDir);
        if (info && info->pid == pid && !info->url.isEmpty()) {
            timer->deleteLater();
            cb(Outcome{info, true, pid, {}});
            return;
        }
        const bool dead = !processAlive(pid);
        if (dead || clock->elapsed() > timeout) {
            timer->deleteLater();
            QFile f(logFile);
            QString tail;
            if (f.open(QIODevice::ReadOnly)) {
                const qint64 size = f.size();
                f.seek(qMax<qint64>(0, size - 600));
                tail = QString::fromUtf8(f.readAll()).trimmed();
            }
            cb(Outcome{std::nullopt, false, pid,
                       (dead ? tr("The Seed backend stopped right after starting.")
                             : tr("The Seed backend did not come up in time.")) +
                           (tail.isEmpty() ? QString() : QStringLiteral("\n\n") + tail)});
        }
    });
    timer->start();
}

} // namespace seed::client
