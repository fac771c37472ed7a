#pragma once
// What the parts of SlurmExecutor share (slurmexecutor.cpp: submit, follow, end; slurmscript.cpp: the sbatch
// arguments and the batch script of an attempt). Not a public header.
#include <QString>

namespace seed::runtime {

// sbatch --comment of every job seedd submits: "seed:<job id>" (how squeue's jobs are told apart from others').
inline const QString kSlurmCommentPrefix = QStringLiteral("seed:");

} // namespace seed::runtime
