#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace seed::logs {
class LogStore;
}
namespace seed::jobs {
class JobService;
}
namespace seed::store {
class Store;
}

namespace seed::telemetry {

// What one job's output says about its progress so far.
struct ProgressState
{
    std::optional<int> epoch, epochs;        // 1-based epoch of a total ("Epoch 2/3", Keras)
    std::optional<qint64> step, steps;       // "Step 4200/6300"
    std::optional<qint64> barN, barTotal;    // the main progress bar (tqdm, Keras, Lightning)
    std::optional<qint64> barEtaSeconds;     // what the bar itself predicts ("<01:26", "ETA: 10s")
    QString barLabel;                        // "Epoch 1" (Lightning), "Training", ...
    bool barIsKeras = false;                 // a Keras bar counts steps within the current epoch
    // SEED_PROGRESS: exact control by the job
    bool explicitSet = false;
    QString explicitText;
    std::optional<double> explicitFraction;
    std::optional<qint64> explicitEta;

    QString text;                            // the contract's `progress` string
    std::optional<double> fraction;          // 0..1
};

// Parses one log line into the state; true when it said something about progress. Recognises
// SEED_PROGRESS lines, "Epoch e/E", "Step s/S" (also "[Epoch 3/3] Step 6290/6300"), tqdm bars
// ("42%|████▏ | 420/1000 [01:02<01:26, 6.71it/s]", also with a label such as Lightning's "Epoch 1: ", and
// without "|bar|": "100% 391/391 [00:08<00:00]"), Keras bars (" 37/100 [=====>....] - ETA: 3s" and "━━━━"
// bars, ANSI colours skipped). Several bars on one line: the last counts. Validation/eval/test bars, and bars of
// another total than the run's bar (evaluation passes), are ignored (docs/api.md, Progress).
bool parseProgressLine(const QString &line, ProgressState &state);

// The job's ETA as its bar predicts it, only when that bar spans the whole run: not a Keras bar (steps of one
// epoch), not a Lightning "Epoch N" bar (one epoch of an unknown number), not a bar inside an epoch/step count.
std::optional<qint64> runEtaFromBar(const ProgressState &state);

// Follows every job's stored lines and writes progress, progress_fraction and eta_seconds into the job,
// at most once per `minIntervalMs` per job (a flood of lines never floods SQLite).
class ProgressTracker : public QObject
{
    Q_OBJECT
public:
    ProgressTracker(logs::LogStore &logs, jobs::JobService &jobs, store::Store &store, QObject *parent = nullptr);
    void setMinIntervalMs(int ms) { m_minIntervalMs = ms; }

private:
    struct Tracked
    {
        qint64 parsedSeq = 0;
        ProgressState state;
        bool dirty = false;
        qint64 lastWriteMs = 0;
        // For the ETA when the output gives none: the first (time, fraction) seen.
        qint64 t0 = 0;
        double f0 = -1;
        qint64 lastLineMs = 0;
    };
    void onLines(const QString &jobId, qint64 lastSeq);
    void flush(const QString &jobId, Tracked &t);

    logs::LogStore &m_logs;
    jobs::JobService &m_jobs;
    store::Store &m_store;
    QHash<QString, Tracked> m_tracked;
    QTimer m_timer;
    int m_minIntervalMs = 2000;
};

} // namespace seed::telemetry
