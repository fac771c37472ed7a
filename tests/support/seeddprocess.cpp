#include "seeddprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

SeeddProcess::SeeddProcess(const QString &dataDir)
{
    if (dataDir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_dataDir = m_tmp->path();
    } else {
        m_dataDir = dataDir;
    }
}

SeeddProcess::~SeeddProcess()
{
    if (isRunning())
        stop(5000);
    if (isRunning())
        kill9();
}

QString SeeddProcess::binary() { return QStringLiteral(SEEDD_BIN); }

bool SeeddProcess::isRunning() const { return m_proc && m_proc->state() != QProcess::NotRunning; }
qint64 SeeddProcess::pid() const { return m_proc ? m_proc->processId() : 0; }

QByteArray SeeddProcess::output() const
{
    if (m_proc)
        m_output += m_proc->readAll();
    return m_output;
}

bool SeeddProcess::start(const QStringList &extraArgs, int timeoutMs)
{
    const QString connFile = m_dataDir + QStringLiteral("/connection.json");
    QFile::remove(connFile);
    m_proc = std::make_unique<QProcess>();
    m_proc->setProcessChannelMode(QProcess::MergedChannels);
    // seedd dies with the test process: a test killed by ctest's timeout or ^C leaves no daemon behind (its
    // containers are swept by the next PodmanSandbox).
    m_proc->setChildProcessModifier([extra = m_childModifier] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (extra)
            extra();
    });
    QStringList args{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--data-dir"), m_dataDir};
    args += extraArgs;
    m_proc->start(binary(), args);
    if (!m_proc->waitForStarted(5000))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_proc->state() == QProcess::NotRunning) {
            qWarning("seedd exited: %s", output().constData());
            return false;
        }
        QFile f(connFile);
        if (f.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            if (qint64(o.value(QStringLiteral("pid")).toDouble()) == m_proc->processId()) {
                m_url = o.value(QStringLiteral("url")).toString();
                m_token = o.value(QStringLiteral("token")).toString();
                return true;
            }
        }
        m_proc->waitForReadyRead(20);
        output();
    }
    qWarning("seedd did not write its connection file in time: %s", output().constData());
    return false;
}

bool SeeddProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return true;
    m_proc->terminate();
    const bool ok = m_proc->waitForFinished(timeoutMs);
    output();
    return ok;
}

void SeeddProcess::kill9()
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_proc->processId()), SIGKILL);
    m_proc->waitForFinished(5000);
    output();
}

SeeddProcess::Run SeeddProcess::run(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(binary(), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString SeeddProcess::createCredential(QStringList args, const QStringList &namespaces, bool readOnly) const
{
    args << QStringLiteral("--data-dir") << m_dataDir;
    for (const QString &ns : namespaces)
        args << QStringLiteral("--namespace") << ns;
    if (readOnly)
        args << QStringLiteral("--read-only");
    const Run r = run(args);
    return r.exitCode == 0 ? QString::fromUtf8(r.out).trimmed() : QString();
}

QString SeeddProcess::createToken(const QStringList &namespaces, bool readOnly) const
{
    return createCredential({QStringLiteral("token"), QStringLiteral("create")}, namespaces, readOnly);
}

QString SeeddProcess::createApiKey(const QString &name, const QStringList &namespaces, bool readOnly) const
{
    return createCredential({QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--name"), name},
                            namespaces, readOnly);
}
