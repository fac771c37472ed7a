#pragma once
// What the parts of SlurmExecutor share (slurmexecutor.cpp: submit, follow, end; slurmadoption.cpp: taking over
// after a restart; slurmscript.cpp: the sbatch arguments and the batch script of an attempt). Not a public header.
#include <QString>
#include <QStringList>

namespace seed::runtime {

// sbatch --comment of every job seedd submits: "seed:<job id>" (how squeue's jobs are told apart from others').
inline const QString kSlurmCommentPrefix = QStringLiteral("seed:");

// squeue's listing with the ended jobs Slurm still keeps (MinJobAge): 22.05 lists them with --json anyway, 23.02
// on only when asked. Missing there, a job that ended would read as forgotten by Slurm: its exit status from the
// batch script's record, Slurm's own end state (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL) lost.
inline QStringList queueArguments() { return {QStringLiteral("--json"), QStringLiteral("--states=all")}; }

} // namespace seed::runtime
