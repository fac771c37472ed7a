#pragma once

#include "gpuinventory.h"

#include <QJsonObject>

namespace seed::sched {

// CDI (Container Device Interface) for the simulated GPUs: a spec of seedd's own kind (default
// "seed.local/gpu") with one device per GPU index, so that simulated jobs take exactly the container path
// real ones take with "nvidia.com/gpu" (podman --device KIND=INDEX). Each device injects
// SEED_GPU_<index>_UUID=<uuid> (and the spec SEED_SIMULATED_GPUS=1), which is how tests see which GPUs a
// container was given.
QJsonObject simulatedCdiSpec(const QString &kind, const QList<Gpu> &gpus);
// Writes the spec as DIR/<kind with '/' -> '_'>.json (atomically); podman 4.3 reads /etc/cdi and
// /var/run/cdi only. Returns the file path, or empty with `error`.
QString writeCdiSpec(const QString &dir, const QString &kind, const QJsonObject &spec, QString *error);
QString cdiSpecPath(const QString &dir, const QString &kind);
bool isValidCdiKind(const QString &kind);
// The CDI spec file in `dirs` (podman's: /etc/cdi, /var/run/cdi) that declares `kind` (JSON or YAML), or empty.
QString findCdiSpec(const QString &kind,
                    const QStringList &dirs = {QStringLiteral("/etc/cdi"), QStringLiteral("/var/run/cdi")});
// What to tell the administrator when real GPUs have no CDI spec: how to create one.
QString missingCdiSpecText(const QString &kind);

} // namespace seed::sched
