#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace seed::fs {

// Runs f() with this thread at a lower CPU weight (nice 10, this thread only): housekeeping on a worker must
// not take the CPU from the thread that answers clients (on two cores it otherwise delayed answers by 0.3 s).
template <typename F> auto niced(F &&f)
{
    const auto tid = id_t(::syscall(SYS_gettid));
    const int before = ::getpriority(PRIO_PROCESS, tid);
    ::setpriority(PRIO_PROCESS, tid, 10);
    struct Restore
    {
        id_t tid;
        int prio;
        ~Restore() { ::setpriority(PRIO_PROCESS, tid, prio); } // may fail unprivileged: the pool thread stays niced
    } restore{tid, before};
    return f();
}

// Runs work() on the global thread pool (a walk of a tree a job wrote: a million files take seconds), then
// done(result) on context's thread. Never after context is gone: the watcher is its child and dies with it
// (QFuture::then(context, ...) asserts on a context destroyed meanwhile). work() must not touch context.
template <typename Work, typename Done> void runOffThread(QObject *context, Work &&work, Done &&done)
{
    using Result = std::invoke_result_t<std::decay_t<Work>>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, done = std::forward<Done>(done)]() mutable {
                         watcher->deleteLater();
                         done(watcher->result());
                     });
    watcher->setFuture(QtConcurrent::run([work = std::forward<Work>(work)]() mutable { return niced(work); }));
}

} // namespace seed::fs
