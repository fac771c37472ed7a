#include "jobspec.h"

#include "catalog.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace seed::wire {

namespace {

QString s(const char *latin1) { return QString::fromLatin1(latin1); }

ApiError badType(const QString &key, const char *expected)
{
    return makeError(ErrorKind::InvalidRequest,
                     QStringLiteral("'%1' must be %2.").arg(key, QLatin1String(expected)), key);
}

// Reads an optional string; null counts as absent.
std::optional<ApiError> readString(const QJsonObject &o, const QString &key, QString &out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isString())
        return badType(key, "a string");
    out = v.toString();
    return std::nullopt;
}

std::optional<ApiError> readInt(const QJsonObject &o, const QString &key, int &out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble())
        return badType(key, "an integer");
    const double d = v.toDouble();
    if (std::floor(d) != d || std::abs(d) > 2147483647.0)
        return badType(key, "an integer");
    out = int(d);
    return std::nullopt;
}

std::optional<ApiError> readBool(const QJsonObject &o, const QString &key, bool &out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isBool())
        return badType(key, "true or false");
    out = v.toBool();
    return std::nullopt;
}

QString joinInts(const QList<int> &v)
{
    QStringList out;
    for (int i : v)
        out << QString::number(i);
    return out.join(QStringLiteral(", "));
}

} // namespace

// Every pattern here is anchored at both ends with \A...\z: a plain "$" also matches before a final "\n",
// which let "x\n" pass as a job name.
bool isValidJobName(const QString &name)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_-]+")));
    return !name.isEmpty() && name.size() <= catalog::kMaxNameLength && re.match(name).hasMatch();
}

bool isValidEnvName(const QString &name)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")));
    return re.match(name).hasMatch();
}

bool isValidRepoName(const QString &repo)
{
    // GitHub's rules: the owner is alphanumerics with single inner hyphens (at most 39 characters); the name
    // may not start with '-' or '.', so neither "../x" nor an option-like "-u" reaches a URL or git's argv.
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral("([A-Za-z0-9](?:-?[A-Za-z0-9])*)/([A-Za-z0-9_][A-Za-z0-9._-]*)")));
    const QRegularExpressionMatch m = re.match(repo);
    return m.hasMatch() && m.capturedLength(1) <= 39 && m.capturedLength(2) <= 100;
}

bool isValidImageReference(const QString &image)
{
    // The docker/distribution reference grammar: [domain[:port]/]path[:tag][@digest], path components
    // lower-case. Nothing else: Podman reads "docker-archive:", "oci-archive:", "dir:" ... as transports
    // and opens host paths with seedd's rights.
    static const QString host = QStringLiteral("(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])");
    static const QString component = QStringLiteral("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral("(?:%1(?:\\.%1)*(?::[0-9]{1,5})?/)?"          // registry[:port]/
                       "%2(?:/%2)*"                                  // path
                       "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"     // :tag
                       "(?:@(?:sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}))?") // @digest
            .arg(host, component)));
    // Transports whose "NAME:REST" also parses as an image with a tag ("oci:layout-dir"); "docker:TAG" is
    // the Docker Hub image "docker" for Podman too.
    static const QStringList transports{QStringLiteral("containers-storage"), QStringLiteral("dir"),
                                        QStringLiteral("docker-archive"),     QStringLiteral("docker-daemon"),
                                        QStringLiteral("oci"),                QStringLiteral("oci-archive"),
                                        QStringLiteral("ostree"),             QStringLiteral("sif"),
                                        QStringLiteral("tarball")};
    const qsizetype colon = image.indexOf(u':');
    if (colon > 0 && transports.contains(image.left(colon)))
        return false;
    return image.size() <= 512 && !image.contains(QLatin1String("..")) && re.match(image).hasMatch();
}

bool isValidBranchName(const QString &branch)
{
    // git check-ref-format's rules, plus no leading '-' (an option to git clone).
    if (branch.isEmpty() || branch.startsWith(u'-') || branch.startsWith(u'/') || branch.startsWith(u'.') ||
        branch.contains(QLatin1String("/.")) || branch.endsWith(u'/') ||
        branch.endsWith(u'.') || branch.endsWith(QLatin1String(".lock")) || branch.contains(QLatin1String("..")) ||
        branch.contains(QLatin1String("@{")) || branch.contains(QLatin1String("//")) || branch == QLatin1String("@"))
        return false;
    for (const QChar c : branch) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == u' ' || c == u'~' || c == u'^' || c == u':' ||
            c == u'?' || c == u'*' || c == u'[' || c == u'\\')
            return false;
    }
    return true;
}

QJsonObject JobSpec::toJson() const
{
    QJsonObject o{{s("name"), name},
                  {s("command"), command},
                  {s("gpu"), gpu},
                  {s("gpu_count"), gpuCount},
                  {s("cpu"), cpu},
                  {s("memory_gb"), memoryGb},
                  {s("disk_gb"), diskGb},
                  {s("region"), region},
                  {s("timeout_minutes"), timeoutMinutes},
                  {s("retries"), retries}};
    if (!repo.isEmpty())
        o.insert(s("repo"), repo);
    if (!image.isEmpty())
        o.insert(s("image"), image);
    if (!branch.isEmpty())
        o.insert(s("branch"), branch);
    if (!outputPath.isEmpty())
        o.insert(s("output_path"), outputPath);
    if (spot)
        o.insert(s("spot"), true);
    if (nodes != 1)
        o.insert(s("nodes"), nodes);
    if (!env.isEmpty()) {
        QJsonObject e;
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        o.insert(s("env"), e);
    }
    return o;
}

Expected<JobSpec> parseJobSpec(const QJsonObject &body)
{
    JobSpec spec;
    std::optional<ApiError> err;
    const auto check = [&](std::optional<ApiError> e) {
        if (e && !err)
            err = e;
    };
    check(readString(body, s("name"), spec.name));
    check(readString(body, s("command"), spec.command));
    check(readString(body, s("repo"), spec.repo));
    check(readString(body, s("image"), spec.image));
    check(readString(body, s("branch"), spec.branch));
    check(readString(body, s("gpu"), spec.gpu));
    check(readInt(body, s("gpu_count"), spec.gpuCount));
    check(readInt(body, s("cpu"), spec.cpu));
    check(readInt(body, s("memory_gb"), spec.memoryGb));
    check(readInt(body, s("disk_gb"), spec.diskGb));
    check(readString(body, s("region"), spec.region));
    check(readInt(body, s("timeout_minutes"), spec.timeoutMinutes));
    check(readInt(body, s("retries"), spec.retries));
    check(readString(body, s("output_path"), spec.outputPath));
    check(readBool(body, s("spot"), spec.spot));
    check(readInt(body, s("nodes"), spec.nodes));
    const QJsonValue env = body.value(s("env"));
    if (!env.isUndefined() && !env.isNull()) {
        if (!env.isObject()) {
            check(badType(s("env"), "an object of string values"));
        } else {
            const QJsonObject eo = env.toObject();
            for (auto it = eo.begin(); it != eo.end(); ++it) {
                if (!it.value().isString()) {
                    check(makeError(ErrorKind::InvalidRequest,
                                    QStringLiteral("env value of '%1' must be a string.").arg(it.key()),
                                    s("env")));
                    break;
                }
                spec.env.insert(it.key(), it.value().toString());
            }
        }
    }
    if (err)
        return *err;
    if (!spec.repo.isEmpty() && spec.branch.isEmpty())
        spec.branch = s("main");
    if (auto e = validateSpec(spec))
        return *e;
    return spec;
}

std::optional<ApiError> validateSpec(const JobSpec &spec)
{
    const auto bad = [](const QString &field, const QString &message) {
        return makeError(ErrorKind::InvalidRequest, message, field);
    };
    if (spec.name.isEmpty())
        return bad(s("name"), s("'name' is required."));
    if (!isValidJobName(spec.name))
        return bad(s("name"), QStringLiteral("'name' may contain only letters, digits, hyphens and "
                                             "underscores (at most %1 characters).")
                                  .arg(catalog::kMaxNameLength));
    if (spec.command.trimmed().isEmpty())
        return bad(s("command"), s("'command' is required."));
    // A NUL ends the C string podman gets: the job would run less than the command the API shows.
    if (spec.command.contains(QChar(0)))
        return bad(s("command"), s("'command' must not contain a NUL character."));
    // Bytes, not characters: 60,000 "€" are 180 KB, which the kernel refuses as one argument (E2BIG) and the
    // job failed only at its start.
    if (spec.command.toUtf8().size() > catalog::kMaxCommandLength)
        return bad(s("command"), QStringLiteral("'command' is longer than %1 bytes (UTF-8).")
                                     .arg(catalog::kMaxCommandLength));
    if (spec.repo.isEmpty() && spec.image.isEmpty())
        return bad(s("repo"), s("Either 'repo' or 'image' must be provided."));
    if (!spec.repo.isEmpty() && !isValidRepoName(spec.repo))
        return bad(s("repo"), s("'repo' must be a full repository name: namespace/repo (letters, digits and "
                                "inner hyphens, then letters, digits, '.', '-' and '_', not starting with '.' or '-')."));
    if (!spec.branch.isEmpty() && !isValidBranchName(spec.branch))
        return bad(s("branch"), s("'branch' is not a valid branch name."));
    if (!spec.image.isEmpty() && !isValidImageReference(spec.image))
        return bad(s("image"), s("'image' must be a registry image reference: [REGISTRY[:PORT]/]PATH[:TAG][@DIGEST], "
                                 "path in lower case; transports such as 'docker-archive:' are not accepted."));
    if (spec.gpu.isEmpty())
        return bad(s("gpu"), s("'gpu' is required."));
    if (!catalog::gpuTypes().contains(spec.gpu))
        return bad(s("gpu"),
                   QStringLiteral("'gpu' must be one of %1.").arg(catalog::gpuTypes().join(s(", "))));
    if (!catalog::gpuCounts().contains(spec.gpuCount))
        return bad(s("gpu_count"),
                   QStringLiteral("'gpu_count' must be one of %1.").arg(joinInts(catalog::gpuCounts())));
    if (!catalog::cpuCounts().contains(spec.cpu))
        return bad(s("cpu"), QStringLiteral("'cpu' must be one of %1.").arg(joinInts(catalog::cpuCounts())));
    if (spec.memoryGb < 1)
        return bad(s("memory_gb"), s("'memory_gb' must be at least 1."));
    if (spec.diskGb < 1 || spec.diskGb > catalog::kMaxDiskGb)
        return bad(s("disk_gb"), QStringLiteral("'disk_gb' must be between 1 and %1.").arg(catalog::kMaxDiskGb));
    if (!catalog::regions().contains(spec.region))
        return bad(s("region"),
                   QStringLiteral("'region' must be one of %1.").arg(catalog::regions().join(s(", "))));
    if (spec.timeoutMinutes < 1 || spec.timeoutMinutes > catalog::kMaxTimeoutMinutes)
        return bad(s("timeout_minutes"),
                   QStringLiteral("'timeout_minutes' must be between 1 and %1.").arg(catalog::kMaxTimeoutMinutes));
    if (spec.retries < 0 || spec.retries > catalog::kMaxRetries)
        return bad(s("retries"), QStringLiteral("'retries' must be between 0 and %1.").arg(catalog::kMaxRetries));
    if (!spec.outputPath.isEmpty() && !spec.outputPath.startsWith(u'/'))
        return bad(s("output_path"), s("'output_path' must be an absolute path inside the container."));
    if (spec.outputPath.contains(QChar(0)))
        return bad(s("output_path"), s("'output_path' must not contain a NUL character."));
    if (spec.nodes < 1 || spec.nodes > catalog::kMaxNodes)
        return bad(s("nodes"), QStringLiteral("'nodes' must be between 1 and %1.").arg(catalog::kMaxNodes));
    for (auto it = spec.env.cbegin(); it != spec.env.cend(); ++it) {
        if (!isValidEnvName(it.key()))
            return bad(s("env"), QStringLiteral("'%1' is not a valid environment variable name.").arg(it.key()));
        if (it.value().contains(QChar(0)))
            return bad(s("env"), QStringLiteral("The value of '%1' must not contain a NUL character.").arg(it.key()));
        if (it.value().toUtf8().size() > catalog::kMaxEnvValueBytes)
            return bad(s("env"), QStringLiteral("The value of '%1' is longer than %2 bytes (UTF-8).")
                                     .arg(it.key())
                                     .arg(catalog::kMaxEnvValueBytes));
    }

    // Combinations: the machine-shape table (422).
    const auto unprocessable = [](const QString &field, const QString &message) {
        return makeError(ErrorKind::Unprocessable, message, field);
    };
    const MachineShape shape = machineShape(spec.gpu);
    if (spec.gpu == QLatin1String("none")) {
        if (spec.gpuCount > 1)
            return unprocessable(s("gpu_count"),
                                 QStringLiteral("'gpu' none cannot be combined with gpu_count %1.").arg(spec.gpuCount));
        if (spec.memoryGb > shape.maxMemoryGbPerGpu * spec.cpu)
            return unprocessable(s("memory_gb"),
                                 QStringLiteral("CPU-only jobs may use at most %1 GB per vCPU: %2 vCPUs allow %3 GB.")
                                     .arg(shape.maxMemoryGbPerGpu)
                                     .arg(spec.cpu)
                                     .arg(shape.maxMemoryGbPerGpu * spec.cpu));
        return std::nullopt;
    }
    if (spec.cpu > shape.maxCpuPerGpu * spec.gpuCount)
        return unprocessable(s("cpu"), QStringLiteral("%1 x %2 allows at most %3 vCPUs.")
                                           .arg(spec.gpuCount)
                                           .arg(spec.gpu)
                                           .arg(shape.maxCpuPerGpu * spec.gpuCount));
    if (spec.memoryGb > shape.maxMemoryGbPerGpu * spec.gpuCount)
        return unprocessable(s("memory_gb"), QStringLiteral("%1 x %2 allows at most %3 GB of memory.")
                                                 .arg(spec.gpuCount)
                                                 .arg(spec.gpu)
                                                 .arg(shape.maxMemoryGbPerGpu * spec.gpuCount));
    return std::nullopt;
}

} // namespace seed::wire
