// LocalExecutor, a job's files on the host: its workspace (a git checkout made by a locked-down git), the output
// path a preempted attempt carries to the next, and where its artifacts are kept.
#include "jobrun.h"
#include "localexecutor.h"
#include "localexecutor_p.h"
#include "logging.h"

#include "fs/safefs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>

namespace seed::runtime {

namespace {
// Every git process seedd starts (as root, on the host) runs with a controlled environment: no system or
// user git config (an insteadOf, credential helper, sshCommand or hook there would act on a job's repo),
// an empty HOME, no prompts, no credentials, only https, file and the git base's own scheme, and none of
// seedd's own environment (tokens) but PATH.
void startGit(QProcess *git, const QString &gitBase, const QStringList &args)
{
    static const QTemporaryDir home(QDir::tempPath() + QStringLiteral("/seedd-git-home-XXXXXX"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH", QStringLiteral("/usr/bin:/bin")));
    env.insert(QStringLiteral("HOME"), home.isValid() ? home.path() : QStringLiteral("/nonexistent"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GIT_ASKPASS"), QStringLiteral("/bin/true"));
    git->setProcessEnvironment(env);
    QStringList all{QStringLiteral("-c"), QStringLiteral("credential.helper="),
                    QStringLiteral("-c"), QStringLiteral("core.hooksPath=/dev/null"),
                    QStringLiteral("-c"), QStringLiteral("protocol.allow=never"),
                    QStringLiteral("-c"), QStringLiteral("protocol.https.allow=always"),
                    QStringLiteral("-c"), QStringLiteral("protocol.file.allow=always")};
    const QString scheme = QUrl(gitBase).scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ssh") || scheme == QLatin1String("git"))
        all << QStringLiteral("-c") << QStringLiteral("protocol.%1.allow=always").arg(scheme);
    git->start(QStringLiteral("git"), all + args);
}
} // namespace

QString LocalExecutor::artifactsDir(const QString &jobId) const
{
    return m_settings.dataDir + QStringLiteral("/artifacts/") + jobId;
}

QString LocalExecutor::workspaceDir(const QString &jobId) const
{
    return m_settings.dataDir + QStringLiteral("/work/") + jobId + QStringLiteral("/workspace");
}

QString LocalExecutor::carriedOutputDir(const QString &jobId) const
{
    return m_settings.dataDir + QStringLiteral("/work/") + jobId + QStringLiteral("/carried-output");
}

QString LocalExecutor::keptOutput(const wire::Job &job) const
{
    const QString kept = carriedOutputDir(job.id) + QStringLiteral("/files");
    return jobrun::carriesOutput(job.outputPath) && fs::isPlainEntry(kept) ? kept : QString();
}

QString LocalExecutor::repoUrl(const QString &repo) const
{
    QString base = m_settings.gitBase;
    while (base.endsWith(u'/'))
        base.chop(1);
    return base + u'/' + repo + QStringLiteral(".git");
}

void LocalExecutor::prepareAsync(const wire::Job &job, QObject *context,
                                 std::function<void(wire::Job, std::optional<wire::ApiError>)> done)
{
    if (job.repo.isEmpty()) {
        done(job, std::nullopt);
        return;
    }
    // The branch head, resolved now so the 201 names the exact commit the job will run: `git ls-remote` runs
    // asynchronously (the event loop keeps serving); a file:// or LAN forge answers in milliseconds, a slow one
    // is cut off after resolveTimeoutMs and the job then resolves the branch when it clones.
    auto *git = new QProcess(this);
    struct State
    {
        bool finished = false;
        QTimer deadline;
    };
    auto st = std::make_shared<State>();
    QPointer<QObject> ctx(context);
    auto complete = [git, st, ctx, job, done](const QByteArray &out, bool ok) {
        if (st->finished)
            return;
        st->finished = true;
        st->deadline.stop();
        QObject::disconnect(&st->deadline, nullptr, nullptr, nullptr); // its lambda holds st
        git->deleteLater();
        wire::Job j = job;
        static const QRegularExpression sha(QStringLiteral("^([0-9a-f]{40})\\s"));
        const auto m = sha.match(QString::fromLatin1(out));
        if (ok && m.hasMatch())
            j.commitSha = m.captured(1);
        if (ctx)
            done(std::move(j), std::nullopt);
    };
    connect(git, &QProcess::finished, this, [git, complete](int code, QProcess::ExitStatus es) {
        complete(git->readAllStandardOutput(), es == QProcess::NormalExit && code == 0);
    });
    connect(git, &QProcess::errorOccurred, this, [complete](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            complete({}, false);
    });
    st->deadline.setSingleShot(true);
    connect(&st->deadline, &QTimer::timeout, this, [git, complete] {
        git->kill(); // finished() follows; reported now so the 201 is not held any longer
        complete({}, false);
    });
    st->deadline.start(m_settings.resolveTimeoutMs);
    startGit(git, m_settings.gitBase,
             {QStringLiteral("ls-remote"), QStringLiteral("--"), repoUrl(job.repo),
              QStringLiteral("refs/heads/") + job.branch});
}

void LocalExecutor::prepareWorkspace(const QString &jobId)
{
    auto job = m_store.jobById(jobId);
    Active *a = job ? active(jobId, attemptIndex(*job)) : nullptr;
    if (!a)
        return;
    const int attempt = a->run.attempt;
    const QString ws = workspaceDir(jobId);
    if (job->preemptions > 0 && QFileInfo::exists(ws + QStringLiteral("/.git"))) {
        // A rerun after a preemption continues in the previous attempt's tree (its checkpoint), not a fresh clone.
        logSystem(jobId, attempt, QStringLiteral("Workspace kept from the preempted attempt: not cloned again."));
        startContainer(jobId);
        return;
    }
    fs::removeTreeInBackground(ws);
    QDir().mkpath(QFileInfo(ws).path());
    const QString url = repoUrl(job->repo);
    logSystem(
        jobId, attempt,
        QStringLiteral("Cloning %1 (%2%3) into /workspace.")
            .arg(url, job->branch, job->commitSha.isEmpty() ? QString() : QStringLiteral(" at ") + job->commitSha));

    auto *git = new QProcess(this);
    git->setProcessChannelMode(QProcess::MergedChannels);
    const QString sha = job->commitSha;
    const QString branch = job->branch;
    auto fail = [this, jobId, attempt](const QString &why) {
        logSystem(jobId, attempt, why);
        ContainerState st;
        st.exists = true; // nothing to look for: the attempt failed before its container
        st.exitCode = -1;
        conclude(jobId, attempt, st, why);
    };
    connect(git, &QProcess::errorOccurred, this, [git, fail](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        git->deleteLater();
        fail(QStringLiteral("Clone failed: git is not installed on this machine."));
    });
    connect(git, &QProcess::finished, this,
            [this, git, jobId, attempt, ws, sha, branch, fail](int code, QProcess::ExitStatus st) {
                git->deleteLater();
                const QString out = QString::fromUtf8(git->readAll()).trimmed();
                if (st != QProcess::NormalExit || code != 0) {
                    fail(QStringLiteral("Clone failed: %1")
                             .arg(out.isEmpty() ? QStringLiteral("git exit %1").arg(code) : out));
                    return;
                }
                // Pin the exact commit (resolved at submit), or record the branch head now.
                auto *co = new QProcess(this);
                co->setProcessChannelMode(QProcess::MergedChannels);
                const QStringList args =
                    sha.isEmpty()
                        ? QStringList{QStringLiteral("-C"), ws, QStringLiteral("rev-parse"), QStringLiteral("HEAD")}
                        : QStringList{QStringLiteral("-C"),       ws,
                                      QStringLiteral("checkout"), QStringLiteral("--quiet"),
                                      QStringLiteral("--detach"), sha};
                connect(co, &QProcess::finished, this,
                        [this, co, jobId, attempt, sha, fail](int c2, QProcess::ExitStatus s2) {
                            co->deleteLater();
                            const QString o2 = QString::fromUtf8(co->readAll()).trimmed();
                            if (s2 != QProcess::NormalExit || c2 != 0) {
                                fail(QStringLiteral("Clone failed: cannot check out %1: %2").arg(sha, o2));
                                return;
                            }
                            if (sha.isEmpty()) {
                                if (auto job = m_store.jobById(jobId)) {
                                    job->commitSha = o2.left(40);
                                    m_jobs.update(*job);
                                }
                            }
                            if (active(jobId, attempt))
                                startContainer(jobId);
                        });
                startGit(co, m_settings.gitBase, args);
            });
    QStringList args{QStringLiteral("clone"), QStringLiteral("--quiet"), QStringLiteral("--no-checkout")};
    if (sha.isEmpty())
        args = QStringList{QStringLiteral("clone"), QStringLiteral("--quiet"), QStringLiteral("--branch"), branch};
    args << QStringLiteral("--") << url << ws;
    startGit(git, m_settings.gitBase, args);
}

void LocalExecutor::carryOutput(const QString &jobId, int attempt, const QString &outputPath, const ContainerState &st,
                                const QString &reason)
{
    // The preempted attempt's output_path, outside the workspace, is copied out of its stopped container into
    // <work>/<id>/carried-output/files before the container goes; later attempts get it bind-mounted at the same
    // path. Copied to "incoming" and renamed when clean, so a seedd killed meanwhile copies again after its restart.
    const QString dir = carriedOutputDir(jobId);
    const QString kept = dir + QStringLiteral("/files");
    const QString incoming = dir + QStringLiteral("/incoming");
    const auto resume = [this, jobId, attempt, st, reason] {
        Active *a = active(jobId, attempt);
        if (!a)
            return;
        a->outputCarried = true;
        a->concluding = false;
        conclude(jobId, attempt, st, reason);
    };
    QtConcurrent::run([dir, kept, incoming] {
        if (fs::isPlainEntry(kept))
            return false; // this attempt ran with it mounted: the files are on the host already
        if (QFileInfo::exists(incoming) || QFileInfo(incoming).isSymLink())
            fs::removeTreeInBackground(incoming);
        QDir().mkpath(dir);
        return true;
    }).then(this, [this, jobId, attempt, outputPath, kept, incoming, resume](bool copy) {
        Active *a = active(jobId, attempt);
        if (!a)
            return;
        if (!copy) {
            resume();
            return;
        }
        m_runtime.copyOut(
            a->run.container, QDir::cleanPath(outputPath), incoming, this,
            [this, jobId, attempt, outputPath, kept, incoming, resume](Result r) {
                if (!active(jobId, attempt))
                    return;
                if (!r.ok) {
                    logSystem(jobId, attempt,
                              QStringLiteral("Output path %1 not kept for the next attempt: %2")
                                  .arg(outputPath, r.message.trimmed()));
                    resume();
                    return;
                }
                // podman cp keeps links, fifos and device nodes as they were in the container: none may stay.
                QtConcurrent::run([incoming, kept] {
                    const fs::TreeStats stats = fs::sanitizeTree(incoming);
                    const bool ok = fs::isPlainEntry(incoming) && ::rename(QFile::encodeName(incoming).constData(),
                                                                           QFile::encodeName(kept).constData()) == 0;
                    return std::make_pair(ok, stats);
                }).then(this, [this, jobId, attempt, outputPath, resume](std::pair<bool, fs::TreeStats> r) {
                    if (!active(jobId, attempt))
                        return;
                    if (r.first)
                        logSystem(jobId, attempt,
                                  QStringLiteral("Output path %1 kept for the next attempt (%2 file(s), %3 bytes).")
                                      .arg(outputPath)
                                      .arg(r.second.files)
                                      .arg(r.second.bytes));
                    else
                        logSystem(jobId, attempt,
                                  QStringLiteral("Output path %1 not kept for the next attempt: it is "
                                                 "neither a regular file nor a directory.")
                                      .arg(outputPath));
                    resume();
                });
            });
    });
}

void LocalExecutor::saveArtifacts(const QString &jobId, int attempt, const wire::Job &job, const ContainerState &st,
                                  Outcome outcome, std::optional<int> exitCode, const QString &message,
                                  const QDateTime &finishedAt)
{
    const Active *a = active(jobId, attempt);
    if (!a)
        return;
    const QString container = a->run.container;
    const QString carried = carriedOutputDir(jobId);
    const bool outputKept = !keptOutput(job).isEmpty();
    if (job.outputPath.isEmpty() || (!st.exists && !outputKept)) {
        finalize(jobId, attempt, outcome, exitCode, message, finishedAt, std::nullopt);
        return;
    }
    // Persist output_path, whatever the outcome, when the container produced it. The job wrote that tree: it is
    // collected without following any link it planted, and off the event loop (a million files, or a fifo,
    // must not stall every client).
    const QString dest = artifactsDir(jobId);
    const QString files = dest + QStringLiteral("/files");
    const QString out = QDir::cleanPath(job.outputPath);
    const auto saved = [this, jobId, attempt, outcome, exitCode, message, finishedAt,
                        dest](const fs::CollectResult &r) {
        if (!active(jobId, attempt))
            return;
        if (!r.ok) {
            fs::removeTreeInBackground(dest);
            logSystem(jobId, attempt, QStringLiteral("No artifacts saved: %1").arg(r.message));
        } else if (r.stats.removed > 0) {
            logSystem(jobId, attempt, jobrun::leftOutLine(r.stats.removed));
        }
        finalize(jobId, attempt, outcome, exitCode, message, finishedAt,
                 r.ok && QFileInfo::exists(dest + QStringLiteral("/files")) ? std::optional<fs::TreeStats>(r.stats)
                                                                            : std::nullopt);
    };
    const auto prepareDest = [dest] {
        QDir(dest).removeRecursively();
        QDir().mkpath(dest);
    };
    if (outputKept) {
        // Carried across a preemption: on the host (bind-mounted at output_path), collected like the workspace.
        QtConcurrent::run([carried, files, prepareDest] {
            prepareDest();
            return fs::collectBeneath(carried, QStringLiteral("files"), files);
        }).then(this, saved);
        return;
    }
    if (out == QLatin1String("/workspace") || out.startsWith(QLatin1String("/workspace/"))) {
        // On the host already (the bind-mounted workspace): moved, never through a path the job could bend.
        QtConcurrent::run([ws = workspaceDir(jobId), rel = out.mid(10), files, prepareDest] {
            prepareDest();
            return fs::collectBeneath(ws, rel, files);
        }).then(this, saved);
        return;
    }
    QtConcurrent::run(prepareDest).then(this, [this, jobId, attempt, container, path = job.outputPath, files, saved] {
        if (!active(jobId, attempt))
            return;
        m_runtime.copyOut(container, path, files, this, [this, files, saved](Result r) {
            if (!r.ok) {
                saved(fs::CollectResult{false, r.message, {}});
                return;
            }
            // podman cp keeps links, fifos and device nodes as they were in the container: none may stay.
            QtConcurrent::run([files] {
                return fs::CollectResult{true, {}, fs::sanitizeTree(files)};
            }).then(this, saved);
        });
    });
}

} // namespace seed::runtime
