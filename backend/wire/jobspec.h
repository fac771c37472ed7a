#pragma once

#include "apierror.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace seed::wire {

// The body of "Create a job", with the contract's defaults. Empty strings mean "not given".
struct JobSpec
{
    QString name;
    QString command;
    QString repo;
    QString image;
    QString branch; // defaults to "main" when repo is given
    QString gpu;
    int gpuCount = 1;
    int cpu = 8;
    int memoryGb = 32;
    int diskGb = 100;
    QMap<QString, QString> env;
    QString region = QStringLiteral("us-east-1");
    int timeoutMinutes = 1440;
    int retries = 0;
    QString outputPath;
    bool spot = false; // preemptible: runs on what non-spot jobs leave, at prices.spot_factor
    int nodes = 1;     // gpu_count and cpu are per node; the local runner takes 1 only

    QJsonObject toJson() const; // the request body a client sends (spot and nodes only when not the default)
};

// Parses a request body: JSON types first (a string where an integer belongs is 400), then every rule of
// validateSpec. Unknown keys are ignored (see docs/api.md).
Expected<JobSpec> parseJobSpec(const QJsonObject &body);

// The rules of a spec whose types are already right: 400 for a bad or missing value, 422 for a
// combination outside the machine-shape table. The GUI form calls the same function.
std::optional<ApiError> validateSpec(const JobSpec &spec);

bool isValidJobName(const QString &name);
bool isValidEnvName(const QString &name);
bool isValidRepoName(const QString &repo);             // OWNER/NAME, GitHub's rules
bool isValidImageReference(const QString &image);      // a registry reference, never a Podman transport
bool isValidBranchName(const QString &branch);         // git check-ref-format, no leading '-'

} // namespace seed::wire
