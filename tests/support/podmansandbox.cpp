#include "podmansandbox.h"

#include "runtime/procfs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <algorithm>
#include <cerrno>
#include <csignal>

namespace {
bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

int runTool(const QString &program, const QStringList &args, QByteArray *out, const QString &cwd = {},
            const QByteArray &stdinData = {}, int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return -1;
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return -1;
    }
    if (out)
        *out = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}
// Lazily unmounts every mount below `dir` (overlay mounts must be gone before the tree can be removed).
void unmountBelow(const QString &dir)
{
    QByteArray mounts;
    QFile f(QStringLiteral("/proc/self/mounts"));
    if (f.open(QIODevice::ReadOnly))
        mounts = f.readAll();
    const QList<QByteArray> lines = mounts.split('\n');
    for (const QByteArray &l : lines) {
        const QList<QByteArray> parts = l.split(' ');
        if (parts.size() > 1 && parts[1].startsWith(dir.toUtf8()))
            runTool(QStringLiteral("umount"), {QStringLiteral("-l"), QString::fromUtf8(parts[1])}, nullptr);
    }
}

// Containers of the sandbox in `dir` whose processes outlived their removal: conmon names the sandbox in its command
// line, and its child is the container's first process, whose SIGKILL ends every process of the container (its PID
// namespace). Returns how many were killed; each is a leak a test must not leave, so it is said.
int killLeftoverContainers(const QString &dir)
{
    int killed = 0;
    const QByteArray mark = dir.toUtf8() + '/';
    for (const seed::runtime::procfs::Process &p : seed::runtime::procfs::processes()) {
        const auto ofThisSandbox = [&](const QByteArray &arg) { return arg.contains(mark); };
        if (!p.argv.value(0).endsWith("/conmon") || std::none_of(p.argv.cbegin(), p.argv.cend(), ofThisSandbox))
            continue;
        for (const qint64 child : seed::runtime::procfs::childrenOf(p.pid))
            if (::kill(pid_t(child), SIGKILL) == 0)
                ++killed;
        ::kill(pid_t(p.pid), SIGKILL);
        qWarning("killed the processes of a container of %s that outlived podman rm (conmon %lld)", qPrintable(dir),
                 p.pid);
    }
    return killed;
}

// A test process that was killed (a ctest timeout, ^C) leaves its sandbox's containers running with their conmon:
// every new sandbox first removes the containers and storage of sandboxes whose owner process is gone.
void sweepAbandonedSandboxes()
{
    const QFileInfoList dirs = QDir(QStringLiteral("/tmp")).entryInfoList({QStringLiteral("seedpod-*")},
                                                                         QDir::Dirs | QDir::NoSymLinks | QDir::Hidden);
    for (const QFileInfo &d : dirs) {
        QFile owner(d.filePath() + QStringLiteral("/owner.pid"));
        if (!owner.open(QIODevice::ReadOnly))
            continue; // not one of ours, or being set up
        bool ok = false;
        const qint64 pid = owner.readAll().trimmed().toLongLong(&ok);
        if (!ok || pid <= 0 || ::kill(pid_t(pid), 0) == 0 || errno != ESRCH)
            continue; // its owner lives (or cannot be told): never touch another test's sandbox
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CONTAINERS_CONF"), d.filePath() + QStringLiteral("/containers.conf"));
        env.insert(QStringLiteral("CONTAINERS_STORAGE_CONF"), d.filePath() + QStringLiteral("/storage.conf"));
        p.setProcessEnvironment(env);
        // SIGKILL first: `rm --force` leaves the processes of a container caught in "stopping" running (Podman 4.3).
        p.start(QStringLiteral("podman"),
                {QStringLiteral("kill"), QStringLiteral("--all"), QStringLiteral("--signal"), QStringLiteral("KILL")});
        p.waitForFinished(60000);
        p.start(QStringLiteral("podman"), {QStringLiteral("rm"), QStringLiteral("--all"), QStringLiteral("--force"),
                                           QStringLiteral("--time"), QStringLiteral("0")});
        p.waitForFinished(60000);
        killLeftoverContainers(d.filePath());
        unmountBelow(d.filePath());
        QDir(d.filePath()).removeRecursively();
        qInfo("removed the sandbox %s of a test process that is gone", qPrintable(d.filePath()));
    }
}
} // namespace

PodmanSandbox::PodmanSandbox() = default;

PodmanSandbox::~PodmanSandbox()
{
    if (m_ready) {
        // Containers first (their conmon processes), then the storage itself. SIGKILL before `rm --force`: a
        // container caught in "stopping" (a test's seedd stopped while its `podman stop` waited out a grace) leaves
        // podman's list on `rm --force` with its processes running on (Podman 4.3; seedd kills first too).
        const QStringList all = containers();
        if (!all.isEmpty()) {
            podman(QStringList{QStringLiteral("kill"), QStringLiteral("--signal"), QStringLiteral("KILL")} + all);
            podman(QStringList{QStringLiteral("rm"), QStringLiteral("--force"), QStringLiteral("--time"), QStringLiteral("0")} + all);
        }
        podman({QStringLiteral("system"), QStringLiteral("reset"), QStringLiteral("--force")}, 60000);
    }
    if (m_dir) {
        killLeftoverContainers(m_dir->path()); // what podman could not end: never left running after the test
        unmountBelow(m_dir->path());
    }
    qputenv("CONTAINERS_CONF", m_oldConf);
    qputenv("CONTAINERS_STORAGE_CONF", m_oldStorage);
    if (m_oldConf.isEmpty())
        qunsetenv("CONTAINERS_CONF");
    if (m_oldStorage.isEmpty())
        qunsetenv("CONTAINERS_STORAGE_CONF");
}

bool PodmanSandbox::setUp(QString *error)
{
    if (QStandardPaths::findExecutable(QStringLiteral("podman")).isEmpty()) {
        *error = QStringLiteral("podman is not installed");
        return false;
    }
    const QString busybox = QStringLiteral("/bin/busybox");
    if (!QFile::exists(busybox)) {
        *error = QStringLiteral("/bin/busybox missing (apt install busybox-static)");
        return false;
    }
    // Short path: overlay mount options have a length limit.
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/seedpod-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temp dir");
        return false;
    }
    const QString t = m_dir->path();
    sweepAbandonedSandboxes();
    for (const char *d : {"root", "run", "tmp", "rootfs/bin", "net"})
        QDir().mkpath(t + u'/' + QString::fromLatin1(d));
    const QByteArray T = t.toUtf8();
    const QByteArray conf = "[containers]\n"
                            "netns = \"none\"\n"
                            "default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n"
                            "log_driver = \"k8s-file\"\n"
                            "[engine]\n"
                            "runtime = \"runc\"\n"
                            "cgroup_manager = \"cgroupfs\"\n"
                            "events_logger = \"file\"\n"
                            "events_logfile_path = \"" + T + "/events.log\"\n"
                            "tmp_dir = \"" + T + "/tmp\"\n"
                            "static_dir = \"" + T + "/root/libpod\"\n"
                            "volume_path = \"" + T + "/root/volumes\"\n"
                            "[network]\n"
                            "network_config_dir = \"" + T + "/net\"\n";
    const QByteArray storage = "[storage]\ndriver = \"overlay\"\ngraphroot = \"" + T + "/root\"\nrunroot = \"" + T + "/run\"\n";
    if (!writeFile(t + QStringLiteral("/containers.conf"), conf) || !writeFile(t + QStringLiteral("/storage.conf"), storage)) {
        *error = QStringLiteral("cannot write the sandbox config");
        return false;
    }
    m_oldConf = qgetenv("CONTAINERS_CONF");
    m_oldStorage = qgetenv("CONTAINERS_STORAGE_CONF");
    qputenv("CONTAINERS_CONF", (t + QStringLiteral("/containers.conf")).toUtf8());
    qputenv("CONTAINERS_STORAGE_CONF", (t + QStringLiteral("/storage.conf")).toUtf8());
    m_ready = true;
    writeFile(t + QStringLiteral("/owner.pid"), QByteArray::number(QCoreApplication::applicationPid()));

    // The image: busybox and its applets, imported from a tar stream (no registry needed).
    const QString rootfs = t + QStringLiteral("/rootfs");
    if (!QFile::copy(busybox, rootfs + QStringLiteral("/bin/busybox"))) {
        *error = QStringLiteral("cannot copy busybox");
        return false;
    }
    for (const char *a : {"sh", "echo", "sleep", "cat", "ls", "env", "true", "false", "seq", "yes", "dd", "mkdir", "head",
                          "printf", "sort", "trap", "kill", "wc", "test", "["})
        QFile::link(QStringLiteral("busybox"), rootfs + QStringLiteral("/bin/") + QString::fromLatin1(a));
    QDir().mkpath(rootfs + QStringLiteral("/tmp"));
    QProcess tar;
    tar.setStandardOutputFile(t + QStringLiteral("/rootfs.tar"));
    tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), rootfs, QStringLiteral("-c"), QStringLiteral(".")});
    if (!tar.waitForFinished(30000) || tar.exitCode() != 0) {
        *error = QStringLiteral("tar of the busybox rootfs failed");
        return false;
    }
    const Run imp = podman({QStringLiteral("import"), t + QStringLiteral("/rootfs.tar"), image()});
    if (imp.exitCode != 0) {
        *error = QStringLiteral("podman import failed: %1").arg(QString::fromUtf8(imp.out));
        return false;
    }
    return true;
}

PodmanSandbox::Run PodmanSandbox::podman(const QStringList &args, int timeoutMs) const
{
    Run r;
    r.exitCode = runTool(QStringLiteral("podman"), args, &r.out, {}, {}, timeoutMs);
    return r;
}

QStringList PodmanSandbox::containers(const QString &labelFilter) const
{
    QStringList args{QStringLiteral("ps"), QStringLiteral("--all"), QStringLiteral("--format"), QStringLiteral("json")};
    if (!labelFilter.isEmpty())
        args << QStringLiteral("--filter") << QStringLiteral("label=") + labelFilter;
    QByteArray out;
    if (runTool(QStringLiteral("podman"), args, &out) != 0)
        return {};
    QStringList names;
    const QJsonArray arr = QJsonDocument::fromJson(out.mid(out.indexOf('['))).array();
    for (const QJsonValue &v : arr)
        names << v.toObject().value(QStringLiteral("Names")).toArray().first().toString();
    return names;
}

QString PodmanSandbox::makeGitRepo(const QString &base, const QString &nsRepo, const QMap<QString, QByteArray> &files,
                                   const QString &branch)
{
    const QString bare = base + u'/' + nsRepo + QStringLiteral(".git");
    const QString work = base + QStringLiteral("/.work-") + QString(nsRepo).replace(u'/', u'_');
    QDir().mkpath(bare);
    QDir().mkpath(work);
    QByteArray out;
    if (runTool(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("--quiet"), QStringLiteral("--bare"), bare}, &out) != 0)
        return {};
    if (runTool(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("--quiet"), QStringLiteral("-b"), branch, work}, &out) != 0)
        return {};
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString p = work + u'/' + it.key();
        QDir().mkpath(QFileInfo(p).path());
        writeFile(p, it.value());
    }
    const QStringList id{QStringLiteral("-c"), QStringLiteral("user.name=seed-test"), QStringLiteral("-c"),
                         QStringLiteral("user.email=test@seed.invalid")};
    if (runTool(QStringLiteral("git"), {QStringLiteral("-C"), work, QStringLiteral("add"), QStringLiteral(".")}, &out) != 0 ||
        runTool(QStringLiteral("git"), QStringList{QStringLiteral("-C"), work} + id +
                                           QStringList{QStringLiteral("commit"), QStringLiteral("--quiet"), QStringLiteral("-m"), QStringLiteral("test")},
                &out) != 0 ||
        runTool(QStringLiteral("git"), {QStringLiteral("-C"), work, QStringLiteral("push"), QStringLiteral("--quiet"), bare,
                                        branch + u':' + branch},
                &out) != 0)
        return {};
    if (runTool(QStringLiteral("git"), {QStringLiteral("-C"), work, QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, &out) != 0)
        return {};
    return QString::fromLatin1(out.trimmed());
}
