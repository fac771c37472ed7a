#pragma once
// What the Slurm runner reads from Slurm's tools, parsed by pure functions (no process, no I/O): `squeue --json`,
// `sinfo --json` and `scontrol show partition -o` as Slurm 22.05 prints them (later versions' wrapped numbers and
// state lists are read too). Tested on output recorded from a real cluster (tests/fixtures/slurm, tst_slurmparse).
#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace seed::runtime::slurm {

// One job of `squeue --json`: the fields the runner decides on.
struct QueuedJob
{
    QString id;      // Slurm's job id
    QString name;    // seedd names its jobs "seed-<job id>-a<attempt>"
    QString comment; // seedd's: "seed:<job id>"
    QString state;   // job_state: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, ...
    QString partition;
    QString nodes;         // "nodeA,nodeB"; empty while pending
    int restarts = 0;      // restart_cnt: one more for every requeue (a preemption)
    qint64 submitTime = 0; // epoch seconds; 0 where Slurm gives none
    qint64 startTime = 0;
    qint64 endTime = 0;
    qint64 preemptTime = 0;
    qint64 exitStatus = 0; // exit_code: a wait status (the exit code << 8, or the signal that ended it)
};

// The jobs of `squeue --json`; nullopt when the text is no such listing (a truncated or foreign answer must never
// read as "Slurm has no jobs", which would end every run).
std::optional<QList<QueuedJob>> parseQueue(const QByteArray &json);

// Whether Slurm still holds (or waits for) the job's allocation in this state.
bool isActive(const QString &state);

// A wait status as a shell reports it: the exit code, or 128 + the signal that ended the batch script.
int exitCodeOf(qint64 waitStatus);

// Why a job ended in this state where its exit code does not say it (a node failed, cancelled outside seedd, ...);
// empty for the states an exit code explains.
QString endReason(const QString &state);

// The job that preempted `victim`, as far as squeue can tell (Slurm does not say): the newest active job of another
// partition submitted by the preemption, or by `nowSecs` where Slurm gives no preemption time.
std::optional<QueuedJob> likelyPreemptor(const QueuedJob &victim, const QList<QueuedJob> &all, qint64 nowSecs);

// A node listing as /machine shows the nodes: name, state (lower case, without flags), partitions, CPUs and memory
// with what is allocated, and GPU GRES per type. Slurm 22.05's `sinfo --json` is one; from 23.02 on
// `scontrol show nodes --json` is (the same fields). None when the text is no such listing (an error, a grouped
// `sinfo`); a listing of no nodes is an empty array.
std::optional<QJsonArray> nodesOf(const QByteArray &nodesJson);

// Whether this `sinfo --json` is the grouped kind of Slurm 23.02 on ("sinfo": nodes by partition and state, no
// per-node GRES): the nodes are then asked of `scontrol show nodes --json`.
bool listsNodesByGroup(const QByteArray &sinfoJson);

// `scontrol show partition -o` as /machine shows the partitions: name, the region mapped to it (`regions`: region ->
// partition), whether Slurm preempts it by requeue, and whether it is the spot partition.
QJsonArray partitionsOf(const QByteArray &scontrolText, const QMap<QString, QString> &regions,
                        const QString &spotPartition);

} // namespace seed::runtime::slurm
