// Collecting a tree a job wrote, as root, without following anything the job planted: every variant of a
// link at every component, `..`, /proc/self/root, hard links, fifos, devices, sockets, a link swapped in while
// collection runs, and a copy across file systems. No Podman: the job's workspace is a plain directory here.
#include "fs/tar.h"
#include "fs/safefs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

using namespace seed;

namespace {
bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}
QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
bool symlinkTo(const QString &target, const QString &link)
{
    return ::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()) == 0;
}
bool isLink(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISLNK(st.st_mode);
}
} // namespace

class TestSafeFs : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_ws, m_dest, m_host;

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_ws = m_tmp->path() + QStringLiteral("/work/job/workspace");
        m_dest = m_tmp->path() + QStringLiteral("/artifacts/job");
        m_host = m_tmp->path() + QStringLiteral("/host-secrets");
        QVERIFY(QDir().mkpath(m_ws));
        QVERIFY(QDir().mkpath(m_dest));
        // Stands for the data dir's local-token, /etc, ...: must never move, never be read into artifacts.
        QVERIFY(writeFile(m_host + QStringLiteral("/local-token"), "SECRET"));
    }
    void cleanup() { m_tmp.reset(); }

    void linksAreNeverFollowed_data()
    {
        QTest::addColumn<QString>("setup"); // which link the job plants
        QTest::addColumn<QString>("outputPath");
        QTest::newRow("middle component -> host dir") << "sub=HOST" << "sub/local-token";
        QTest::newRow("middle component, deeper") << "a/b=HOST" << "a/b/local-token";
        QTest::newRow("last component -> host file") << "out=HOST/local-token" << "out";
        QTest::newRow("last component -> host dir") << "out=HOST" << "out";
        QTest::newRow("relative link climbing out") << "sub=../../../host-secrets" << "sub/local-token";
        QTest::newRow("/proc/self/root") << "p=/proc/self/rootHOST" << "p/local-token";
        QTest::newRow("link to a link") << "l2=HOST;l1=l2" << "l1/local-token";
    }
    void linksAreNeverFollowed()
    {
        QFETCH(QString, setup);
        QFETCH(QString, outputPath);
        for (const QString &one : setup.split(u';')) {
            const QString link = one.section(u'=', 0, 0), target0 = one.section(u'=', 1);
            QString target = target0;
            target.replace(QStringLiteral("HOST"), m_host);
            QVERIFY(QDir().mkpath(QFileInfo(m_ws + u'/' + link).path()));
            QVERIFY(symlinkTo(target, m_ws + u'/' + link));
        }
        const fs::CollectResult r = fs::collectBeneath(m_ws, outputPath, m_dest + QStringLiteral("/files"));
        QVERIFY2(!r.ok, qPrintable(r.message));
        QVERIFY2(r.message.contains(QLatin1String("link")), qPrintable(r.message));
        QCOMPARE(readFile(m_host + QStringLiteral("/local-token")), QByteArray("SECRET"));
        QVERIFY(!QFileInfo::exists(m_dest + QStringLiteral("/files")) && !isLink(m_dest + QStringLiteral("/files")));
    }

    void dotDotIsRefused()
    {
        const fs::CollectResult r = fs::collectBeneath(m_ws, QStringLiteral("../../../host-secrets/local-token"), m_dest + QStringLiteral("/files"));
        QVERIFY(!r.ok);
        QVERIFY(r.message.contains(QLatin1String("..")));
        QCOMPARE(readFile(m_host + QStringLiteral("/local-token")), QByteArray("SECRET"));
    }

    void regularTreeIsMovedWithItsCounts()
    {
        QVERIFY(writeFile(m_ws + QStringLiteral("/out/a.bin"), QByteArray(1000, 'a')));
        QVERIFY(writeFile(m_ws + QStringLiteral("/out/sub/b.bin"), QByteArray(2500, 'b')));
        // A hard link inside the workspace is an ordinary file of the tree (a job cannot link to host files).
        QCOMPARE(::link(QFile::encodeName(m_ws + QStringLiteral("/out/a.bin")).constData(),
                        QFile::encodeName(m_ws + QStringLiteral("/out/hard.bin")).constData()), 0);
        const fs::CollectResult r = fs::collectBeneath(m_ws, QStringLiteral("out"), m_dest + QStringLiteral("/files"));
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(r.stats.files, 3);
        QCOMPARE(r.stats.bytes, qint64(4500));
        QCOMPARE(r.stats.removed, 0);
        QCOMPARE(readFile(m_dest + QStringLiteral("/files/sub/b.bin")), QByteArray(2500, 'b'));
        QVERIFY(!QFileInfo::exists(m_ws + QStringLiteral("/out")));
    }

    void theWholeWorkspaceCanBeTheOutput()
    {
        QVERIFY(writeFile(m_ws + QStringLiteral("/model.pt"), "weights"));
        const fs::CollectResult r = fs::collectBeneath(m_ws, QString(), m_dest + QStringLiteral("/files"));
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(r.stats.files, 1);
        QCOMPARE(readFile(m_dest + QStringLiteral("/files/model.pt")), QByteArray("weights"));
    }

    void specialFilesInsideAreRemoved()
    {
        const QString out = m_ws + QStringLiteral("/out");
        QVERIFY(writeFile(out + QStringLiteral("/keep.txt"), "ok"));
        QCOMPARE(::mkfifo(QFile::encodeName(out + QStringLiteral("/fifo")).constData(), 0600), 0);
        QVERIFY(symlinkTo(m_host, out + QStringLiteral("/to-host")));
        QVERIFY(symlinkTo(m_host + QStringLiteral("/local-token"), out + QStringLiteral("/token")));
        int devices = 0;
        if (::geteuid() == 0 && ::mknod(QFile::encodeName(out + QStringLiteral("/disk")).constData(), S_IFBLK | 0600,
                                        makedev(7, 0)) == 0)
            ++devices; // a loop device node: reading it as root would read a host disk
        const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un sa = {};
        sa.sun_family = AF_UNIX;
        const QByteArray sp = QFile::encodeName(out + QStringLiteral("/sock"));
        qstrncpy(sa.sun_path, sp.constData(), sizeof sa.sun_path);
        QCOMPARE(::bind(sock, reinterpret_cast<sockaddr *>(&sa), sizeof sa), 0);
        ::close(sock);

        const fs::CollectResult r = fs::collectBeneath(m_ws, QStringLiteral("out"), m_dest + QStringLiteral("/files"));
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(r.stats.files, 1);
        QCOMPARE(r.stats.removed, 4 + devices);
        const QStringList left = QDir(m_dest + QStringLiteral("/files")).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
        QCOMPARE(left, QStringList{QStringLiteral("keep.txt")});
        QCOMPARE(readFile(m_host + QStringLiteral("/local-token")), QByteArray("SECRET"));
    }

    void aFifoAsTheOutputNeverBlocks()
    {
        QCOMPARE(::mkfifo(QFile::encodeName(m_ws + QStringLiteral("/f")).constData(), 0600), 0);
        const fs::CollectResult r = fs::collectBeneath(m_ws, QStringLiteral("f"), m_dest + QStringLiteral("/files"));
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QLatin1String("not a regular file")), qPrintable(r.message));
        // And the download side never opens one: -1 at once, for a fifo, a link, a directory.
        QCOMPARE(fs::openRegularFile(m_ws + QStringLiteral("/f")), -1);
        QVERIFY(symlinkTo(m_host + QStringLiteral("/local-token"), m_ws + QStringLiteral("/l")));
        QCOMPARE(fs::openRegularFile(m_ws + QStringLiteral("/l")), -1);
        QCOMPARE(fs::openRegularFile(m_ws), -1);
        const int fd = fs::openRegularFile(m_host + QStringLiteral("/local-token"));
        QVERIFY(fd >= 0);
        ::close(fd);
    }

    void tarNeverListsThroughATopLink()
    {
        QVERIFY(symlinkTo(m_host, m_dest + QStringLiteral("/files")));
        QVERIFY(fs::tarEntries(m_dest + QStringLiteral("/files"), QStringLiteral("out")).isEmpty());
        QVERIFY(::unlink(QFile::encodeName(m_dest + QStringLiteral("/files")).constData()) == 0);
        QVERIFY(symlinkTo(m_host + QStringLiteral("/local-token"), m_dest + QStringLiteral("/files")));
        QVERIFY(fs::tarEntries(m_dest + QStringLiteral("/files"), QStringLiteral("out")).isEmpty());
    }

    // While collection runs, another process keeps swapping a real directory on the path for a link to the host:
    // whichever state the walk meets, nothing of the host moves and no link reaches the artifacts.
    void aLinkSwappedInDuringCollection()
    {
        std::atomic<bool> stop{false};
        const QByteArray sub = QFile::encodeName(m_ws + QStringLiteral("/out/sub"));
        const QByteArray real = QFile::encodeName(m_ws + QStringLiteral("/real"));
        const QByteArray hostDir = QFile::encodeName(m_host);
        std::thread swapper([&] {
            while (!stop) {
                ::unlink(sub.constData());
                ::rmdir(sub.constData());
                ::symlink(hostDir.constData(), sub.constData());
                ::unlink(sub.constData());
                ::rename(real.constData(), sub.constData());
                ::mkdir(real.constData(), 0700);
            }
        });
        int collected = 0;
        for (int i = 0; i < 300; ++i) {
            QDir().mkpath(m_ws + QStringLiteral("/out"));
            writeFile(m_ws + QStringLiteral("/real/data"), "x");
            const QString dest = m_dest + QStringLiteral("/files-%1").arg(i);
            const fs::CollectResult r = fs::collectBeneath(m_ws, QStringLiteral("out/sub"), dest);
            if (r.ok)
                ++collected;
            QVERIFY(!isLink(dest));
            QVERIFY(!QFileInfo::exists(dest + QStringLiteral("/local-token")));
        }
        stop = true;
        swapper.join();
        QCOMPARE(readFile(m_host + QStringLiteral("/local-token")), QByteArray("SECRET"));
        QVERIFY(QDir(m_host).entryList(QDir::Files).contains(QStringLiteral("local-token")));
        qInfo("collected %d of 300 while the path was being swapped", collected);
    }

    void acrossFileSystemsItIsCopied()
    {
        struct stat a = {}, b = {};
        QTemporaryDir shm(QStringLiteral("/dev/shm/seed-safefs-XXXXXX"));
        if (!shm.isValid() || ::stat(QFile::encodeName(shm.path()).constData(), &a) != 0 ||
            ::stat(QFile::encodeName(m_ws).constData(), &b) != 0 || a.st_dev == b.st_dev)
            QSKIP("no second file system (/dev/shm) to copy across");
        QVERIFY(writeFile(m_ws + QStringLiteral("/out/a"), "alpha"));
        QVERIFY(writeFile(m_ws + QStringLiteral("/out/d/b"), "beta"));
        QCOMPARE(::mkfifo(QFile::encodeName(m_ws + QStringLiteral("/out/fifo")).constData(), 0600), 0);
        QVERIFY(symlinkTo(m_host, m_ws + QStringLiteral("/out/d/host")));
        const fs::CollectResult r = fs::collectBeneath(m_ws, QStringLiteral("out"), shm.path() + QStringLiteral("/files"));
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(r.stats.files, 2);
        QCOMPARE(readFile(shm.path() + QStringLiteral("/files/d/b")), QByteArray("beta"));
        QVERIFY(!QFileInfo::exists(shm.path() + QStringLiteral("/files/fifo")));
        QVERIFY(!isLink(shm.path() + QStringLiteral("/files/d/host")));
    }
};

QTEST_GUILESS_MAIN(TestSafeFs)
#include "tst_safefs.moc"
