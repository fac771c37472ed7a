#pragma once
// What the parts of SlurmExecutor share (slurmexecutor.cpp: submit, follow, end; slurmscript.cpp: the sbatch
// arguments and the batch script of an attempt). Not a public header.
#include <QRegularExpression>
#include <QString>

namespace seed::runtime {

// sbatch --comment of every job seedd submits: "seed:<job id>" (how squeue's jobs are told apart from others').
inline const QString kSlurmCommentPrefix = QStringLiteral("seed:");

// An environment variable name a shell takes (the job's env reaches the node by name, the value by sbatch's
// environment).
inline bool validEnvName(const QString &n)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")));
    return re.match(n).hasMatch();
}

} // namespace seed::runtime
