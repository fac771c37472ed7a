// The log pane under a flood: 50,000 lines/s for 30 s into one open, shown LogPane with the
// default cap. A 1 ms heartbeat timer on the GUI thread measures how late the event loop runs (the longest
// gap = the longest stall a user would feel; p99 too), and /proc/self/status gives the peak RSS (VmHWM).
//
//   bench_gui_logs inproc [seconds=30] [lines_per_s=50000]
//       Exactly `lines_per_s` in-process: a 2 ms timer turns the lines due by the clock into SSE bytes
//       (`id:` + `data: {"timestamp","message"}`, as seedd sends them) and feeds them to the pane's own
//       LogStream reader, so the SSE parse, JSON decode, LogBuffer and the view all run; only the socket
//       is missing.
//   bench_gui_logs live [seconds=30] [lines_per_s=50000]
//       A real seedd and a real busybox container (Podman sandbox, as the tests use) that prints about
//       `lines_per_s` lines/s for `seconds`; the pane streams it over loopback HTTP. Reports what the
//       container printed and what the pane received (the daemon's delivery rate is the limit here).
//
// Run offscreen (QT_QPA_PLATFORM=offscreen) or under xvfb-run. See docs/performance.md.
#include "client/logstream.h"
#include "client/seedclient.h"
#include "client/ssereader.h"
#include "models/logbuffer.h"
#include "widgets/logpane.h"

#ifdef SEED_BENCH_LIVE
#include "http.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#endif

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace seed;

namespace {

qint64 statusKiB(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    return -1;
}

// The heartbeat: a 1 ms precise timer; each gap between two firings is how long the loop was busy.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// How long the GUI thread has waited runnable for a CPU (the kernel's run delay, second field of schedstat):
// the part of a gap that was the scheduler, as opposed to sleeping or blocking.
qint64 threadRunDelayNs()
{
    QFile f(QStringLiteral("/proc/thread-self/schedstat"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = f.readAll().trimmed().split(' ');
    return fields.size() >= 2 ? fields.at(1).toLongLong() : -1;
}

// The heartbeat also notes the GUI thread's CPU time over the longest gap: a gap that is mostly off-CPU
// was the scheduler (2 cores shared with seedd, the container and other builds), not work in the pane.
struct Heartbeat
{
    QElapsedTimer clock;
    QTimer timer;
    qint64 last = 0;
    qint64 lastCpu = 0;
    qint64 lastRunDelay = 0;
    qint64 maxGapCpu = 0;
    qint64 maxGapRunDelay = -1;
    qint64 maxGap = 0;
    qint64 maxCpuGap = 0; // the most CPU the thread spent between two beats: work that held the loop
    QList<qint64> gapsNs;

    void start(QObject *context)
    {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(1);
        QObject::connect(&timer, &QTimer::timeout, context, [this] {
            const qint64 now = clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            const qint64 runDelay = threadRunDelayNs();
            if (last > 0) {
                gapsNs.append(now - last);
                maxCpuGap = std::max(maxCpuGap, cpu - lastCpu);
                if (now - last > maxGap) {
                    maxGap = now - last;
                    maxGapCpu = cpu - lastCpu;
                    maxGapRunDelay = runDelay >= 0 && lastRunDelay >= 0 ? runDelay - lastRunDelay : -1;
                }
            }
            last = now;
            lastCpu = cpu;
            lastRunDelay = runDelay;
        });
        clock.start();
        timer.start();
    }
    void report(const char *label)
    {
        std::sort(gapsNs.begin(), gapsNs.end());
        const double maxMs = gapsNs.isEmpty() ? 0 : gapsNs.last() / 1e6;
        const double p99 = gapsNs.isEmpty() ? 0 : gapsNs.at(qsizetype(gapsNs.size() * 0.99)) / 1e6;
        const double p999 = gapsNs.isEmpty() ? 0 : gapsNs.at(qsizetype(gapsNs.size() * 0.999)) / 1e6;
        std::printf("%-34s max %.1f ms (%.1f ms of it on-CPU), p99 %.2f ms, p99.9 %.2f ms (%lld beats)\n", label, maxMs,
                    maxGapCpu / 1e6, p99, p999, qint64(gapsNs.size()));
        std::printf("%-34s %.1f ms\n", "  longest on-CPU time between beats", maxCpuGap / 1e6);
        if (maxGapRunDelay >= 0)
            std::printf("%-34s %.1f ms\n", "  of the longest gap, runnable", maxGapRunDelay / 1e6);
    }
};

QByteArray trainingLine(qint64 i)
{
    // A typical noisy trainer line; one in 50 carries ANSI colour like a coloured logger would.
    QByteArray m = "step " + QByteArray::number(i) + " loss=0." + QByteArray::number(i % 9973) +
                   " lr=3.0e-04 tokens/s=51234 gpu_mem=71.3GB [epoch 1/3]";
    if (i % 50 == 0)
        m = "\x1b[33mWARN\x1b[0m " + m;
    return m;
}

void printPane(const ui::LogPane &pane, qint64 received, double seconds)
{
    std::printf("lines received by the pane        %lld (%.0f lines/s)\n", received, received / seconds);
    std::printf("lines held (cap %d)            %d, dropped by the cap %lld, view rows %d\n", pane.buffer()->capacity(),
                pane.buffer()->size(), pane.buffer()->droppedByCap(), pane.shownLineCount());
    std::printf("peak RSS (VmHWM)                  %.1f MiB; RSS at the end %.1f MiB\n", statusKiB("VmHWM:") / 1024.0,
                statusKiB("VmRSS:") / 1024.0);
}

int runInProcess(QApplication &app, int seconds, int rate)
{
    client::SeedClient client; // never connected: the bytes come from the timer below
    ui::LogPane pane(&client, QStringLiteral("flood"));
    pane.resize(1100, 700);
    pane.show();
    QCoreApplication::processEvents();
    std::printf("mode: in-process feed of exactly %d lines/s for %d s into the pane's SSE reader\n", rate, seconds);
    std::printf("RSS before                        %.1f MiB\n", statusKiB("VmRSS:") / 1024.0);

    qint64 received = 0;
    QObject::connect(pane.stream(), &client::LogStream::linesReceived, &app,
                     [&](const QList<wire::LogLine> &l) { received += l.size(); });
    Heartbeat beat;
    QElapsedTimer feedClock;
    qint64 sent = 0;
    qint64 lastFeedNs = 0;
    qint64 maxBehind = 0;
    QTimer feed;
    feed.setTimerType(Qt::PreciseTimer);
    feed.setInterval(2);
    const QByteArray ts = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
    QObject::connect(&feed, &QTimer::timeout, &app, [&] {
        // Like a socket, at most one slice per turn (SseReader reads 128 KiB a turn, ~900 lines): after the
        // thread was preempted, the backlog is caught up over the next turns instead of in one huge chunk.
        const qint64 dueByClock = feedClock.nsecsElapsed() * rate / 1000000000LL;
        maxBehind = std::max(maxBehind, dueByClock - sent);
        const qint64 due = std::min(dueByClock, sent + 1000);
        if (due <= sent)
            return;
        QByteArray chunk;
        chunk.reserve((due - sent) * 140);
        for (qint64 i = sent + 1; i <= due; ++i) {
            const QJsonObject o{{QStringLiteral("id"), i},
                                {QStringLiteral("timestamp"), QString::fromLatin1(ts)},
                                {QStringLiteral("message"), QString::fromUtf8(trainingLine(i))}};
            chunk +=
                "id: " + QByteArray::number(i) + "\ndata: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n";
        }
        sent = due;
        lastFeedNs = feedClock.nsecsElapsed();
        pane.stream()->reader()->feed(chunk);
    });
    // 3 s of heartbeat alone first: the noise floor of this machine (scheduler, other load).
    Heartbeat idle;
    idle.start(&app);
    QTimer::singleShot(3000, &app, &QApplication::quit);
    app.exec();
    idle.timer.stop();
    idle.report("idle heartbeat gap (noise floor)");

    beat.start(&app);
    feedClock.start();
    feed.start();
    QTimer::singleShot(seconds * 1000, &app, [&] {
        feed.stop();
        QTimer::singleShot(200, &app, &QApplication::quit); // the last flush
    });
    app.exec();
    const double elapsed = lastFeedNs / 1e9;
    std::printf("lines fed                         %lld in %.1f s (%.0f lines/s); most behind the clock: %lld lines\n",
                sent, elapsed, sent / elapsed, maxBehind);
    printPane(pane, received, elapsed);
    beat.report("GUI stall (heartbeat gap)");
    return 0;
}

#ifdef SEED_BENCH_LIVE
int runLive(QApplication &app, int seconds, int rate)
{
    PodmanSandbox box;
    QString error;
    if (!box.setUp(&error)) {
        std::fprintf(stderr, "Podman sandbox unavailable: %s\n", qPrintable(error));
        return 2;
    }
    SeeddProcess seedd;
    if (!seedd.start({QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                      QStringLiteral("cpus=8,memory_gb=8")})) {
        std::fprintf(stderr, "seedd did not start\n");
        return 2;
    }
    const QString ns = QStringLiteral("bench");
    TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
    // ~`rate` lines/s: each second ten bursts of rate/10 lines with a pause between, then wait for the next
    // second (busybox has no sub-second clock; it prints ~200k lines/s, so a burst takes ~25-60 ms).
    const int burst = std::max(1, rate / 10);
    const QString cmd =
        QStringLiteral("end=$(( $(date +%s) + %1 )); i=0; sleep 1; "
                       "while [ $(date +%s) -lt $end ]; do s=$(date +%s); c=0; "
                       "while [ $c -lt 10 ]; do j=0; while [ $j -lt %2 ]; do i=$((i+1)); j=$((j+1)); "
                       "echo \"step $i loss=0.$((i % 9973)) lr=3.0e-04 tokens/s=51234 gpu_mem=71.3GB [epoch 1/3]\"; "
                       "done; c=$((c+1)); usleep 20000; done; "
                       "while [ $(date +%s) -eq $s ]; do usleep 5000; done; done; echo \"printed $i\"")
            .arg(seconds)
            .arg(burst);
    const QJsonObject spec{{QStringLiteral("name"), QStringLiteral("flood")},
                           {QStringLiteral("command"), cmd},
                           {QStringLiteral("image"), PodmanSandbox::image()},
                           {QStringLiteral("gpu"), QStringLiteral("none")},
                           {QStringLiteral("cpu"), 2},
                           {QStringLiteral("memory_gb"), 2}};
    if (http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns), spec).status != 201) {
        std::fprintf(stderr, "submit failed\n");
        return 2;
    }
    for (int i = 0; i < 300; ++i) {
        if (http.get(QStringLiteral("/%1/job/flood").arg(ns)).json().value(QStringLiteral("status")) ==
            QStringLiteral("running"))
            break;
        QThread::msleep(100);
    }
    client::SeedClient client;
    client::Endpoint ep;
    ep.baseUrl = QUrl(seedd.url());
    ep.ns = ns;
    ep.authorization = "Bearer " + seedd.localToken().toUtf8();
    ep.local = true;
    client.setEndpoint(ep);

    ui::LogPane pane(&client, QStringLiteral("flood"));
    pane.resize(1100, 700);
    pane.show();
    std::printf("mode: live, a real seedd + busybox container printing ~%d lines/s for %d s\n", rate, seconds);
    qint64 received = 0;
    QElapsedTimer firstToLast;
    QObject::connect(pane.stream(), &client::LogStream::linesReceived, &app, [&](const QList<wire::LogLine> &l) {
        if (received == 0)
            firstToLast.start();
        received += l.size();
    });
    Heartbeat beat;
    QElapsedTimer wall;
    wall.start();
    QObject::connect(&pane, &ui::LogPane::endedWith, &app, [&] { QTimer::singleShot(200, &app, &QApplication::quit); });
    // Bounded: the job's own time plus the daemon's catch-up, at most 4x.
    QTimer::singleShot(seconds * 4000 + 20000, &app, &QApplication::quit);
    beat.start(&app);
    pane.start();
    app.exec();
    const double receiving = firstToLast.isValid() ? firstToLast.nsecsElapsed() / 1e9 : 0;
    std::printf("pane ended                        %s after %.1f s\n", pane.isEnded() ? "yes" : "NO",
                wall.nsecsElapsed() / 1e9);
    std::printf("container printed                 %s\n",
                qPrintable(pane.buffer()->lines().isEmpty() ? QStringLiteral("?") : [&] {
                    for (qsizetype i = pane.buffer()->size() - 1; i >= 0 && i >= pane.buffer()->size() - 5; --i)
                        if (pane.buffer()->at(int(i)).message.startsWith(QLatin1String("printed ")))
                            return pane.buffer()->at(int(i)).message.mid(8) + QStringLiteral(" lines");
                    return QStringLiteral("? (the last line is not the summary)");
                }()));
    printPane(pane, received, receiving > 0 ? receiving : 1);
    beat.report("GUI stall (heartbeat gap)");
    seedd.stop();
    return 0;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray("inproc");
    const int seconds = argc > 2 ? QByteArray(argv[2]).toInt() : 30;
    const int rate = argc > 3 ? QByteArray(argv[3]).toInt() : 50000;
    if (mode == "inproc")
        return runInProcess(app, seconds, rate);
#ifdef SEED_BENCH_LIVE
    if (mode == "live")
        return runLive(app, seconds, rate);
#endif
    std::fprintf(stderr, "usage: bench_gui_logs inproc|live [seconds=30] [lines_per_s=50000]\n");
    return 1;
}
