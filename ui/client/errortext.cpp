#include "errortext.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace seed::client {

namespace {

using wire::ErrorKind;

struct Known
{
    ErrorKind kind;
    const char *field;   // "" matches an error without a field
    const char *pattern; // the server's English message (anchored); captures become %1, %2, ...
    const char *text;    // the translatable text
};

// QT_TRANSLATE_NOOP written out in each entry: lupdate does not expand macros of our own.
// The messages of backend/wire/jobspec.cpp (validation), backend/jobs, backend/auth and the local backend's
// machine check, as seedd words them.
const Known kKnown[] = {
    {ErrorKind::InvalidRequest, "name", "'name' is required\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Enter a job name.")},
    {ErrorKind::InvalidRequest, "name",
     "'name' may contain only letters, digits, hyphens and underscores \\(at most (\\d+) characters\\)\\.",
     QT_TRANSLATE_NOOP(
         "seed::client::ErrorText",
         "The job name may contain only letters, digits, hyphens and underscores (at most %1 characters).")},
    {ErrorKind::InvalidRequest, "command", "'command' is required\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Enter the command to run.")},
    {ErrorKind::InvalidRequest, "command", "'command' must not contain a NUL character\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The command must not contain a NUL character.")},
    {ErrorKind::InvalidRequest, "command", "'command' is longer than (\\d+) bytes \\(UTF-8\\)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The command is longer than %1 bytes (UTF-8).")},
    {ErrorKind::InvalidRequest, "repo", "Either 'repo' or 'image' must be provided\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Enter a repository or a container image.")},
    {ErrorKind::InvalidRequest, "image", "Either 'repo' or 'image' must be provided\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Enter a container image.")},
    {ErrorKind::InvalidRequest, "repo", "'repo' must be a full repository name: .*",
     QT_TRANSLATE_NOOP(
         "seed::client::ErrorText",
         "Enter the repository as namespace/repo: letters, digits and inner hyphens, then letters, digits, '.', "
         "'-' and '_', not starting with '.' or '-'.")},
    {ErrorKind::InvalidRequest, "branch", "'branch' is not a valid branch name\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This is not a valid branch name.")},
    {ErrorKind::InvalidRequest, "image", "'image' must be a registry image reference: .*",
     QT_TRANSLATE_NOOP(
         "seed::client::ErrorText",
         "Enter a registry image reference: [REGISTRY[:PORT]/]PATH[:TAG][@DIGEST], the path in lower case; "
         "transports such as 'docker-archive:' are not accepted.")},
    {ErrorKind::InvalidRequest, "gpu", "'gpu' is required\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Choose a GPU type.")},
    {ErrorKind::InvalidRequest, "gpu", "'gpu' must be one of (.*)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The GPU type must be one of %1.")},
    {ErrorKind::InvalidRequest, "gpu_count", "'gpu_count' must be one of (.*)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The GPU count must be one of %1.")},
    {ErrorKind::InvalidRequest, "cpu", "'cpu' must be one of (.*)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The number of vCPUs must be one of %1.")},
    {ErrorKind::InvalidRequest, "memory_gb", "'memory_gb' must be at least 1\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The memory must be at least 1 GB.")},
    {ErrorKind::InvalidRequest, "disk_gb", "'disk_gb' must be between 1 and (\\d+)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The disk must be between 1 and %1 GB.")},
    {ErrorKind::InvalidRequest, "region", "'region' must be one of (.*)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The region must be one of %1.")},
    {ErrorKind::InvalidRequest, "timeout_minutes", "'timeout_minutes' must be between 1 and (\\d+)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The timeout must be between 1 and %1 minutes.")},
    {ErrorKind::InvalidRequest, "retries", "'retries' must be between 0 and (\\d+)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The retries must be between 0 and %1.")},
    {ErrorKind::InvalidRequest, "output_path", "'output_path' must be an absolute path inside the container\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The output path must be an absolute path inside the container.")},
    {ErrorKind::InvalidRequest, "output_path", "'output_path' must not contain a NUL character\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The output path must not contain a NUL character.")},
    {ErrorKind::InvalidRequest, "env", "'(.*)' is not a valid environment variable name\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "“%1” is not a valid environment variable name.")},
    {ErrorKind::InvalidRequest, "env", "The value of '(.*)' must not contain a NUL character\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The value of “%1” must not contain a NUL character.")},
    {ErrorKind::InvalidRequest, "env", "The value of '(.*)' is longer than (\\d+) bytes \\(UTF-8\\)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The value of “%1” is longer than %2 bytes (UTF-8).")},
    {ErrorKind::Unprocessable, "gpu_count", "'gpu' none cannot be combined with gpu_count (\\d+)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "A CPU-only job cannot ask for %1 GPUs.")},
    {ErrorKind::Unprocessable, "memory_gb",
     "CPU-only jobs may use at most (\\d+) GB per vCPU: (\\d+) vCPUs allow (\\d+) GB\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText",
                       "CPU-only jobs may use at most %1 GB per vCPU: %2 vCPUs allow %3 GB.")},
    {ErrorKind::Unprocessable, "cpu", "(\\d+) x (\\S+) allows at most (\\d+) vCPUs\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "%1 × %2 allows at most %3 vCPUs.")},
    {ErrorKind::Unprocessable, "memory_gb", "(\\d+) x (\\S+) allows at most (\\d+) GB of memory\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "%1 × %2 allows at most %3 GB of memory.")},
    {ErrorKind::Unprocessable, "*", "This machine cannot run a job asking for (.*): it has (.*)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This machine cannot run a job asking for %1: it has %2.")},
    {ErrorKind::Unprocessable, "nodes",
     "This machine runs single-node jobs only; multi-node jobs need a cluster runner \\(seedd serve --runner "
     "slurm\\)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText",
                       "This backend runs single-node jobs only: choose 1 node (multi-node jobs need a cluster "
                       "runner, seedd serve --runner slurm).")},
    {ErrorKind::Unprocessable, "nodes", "This cluster has (\\d+) nodes: 'nodes' may be at most \\d+\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This cluster has %1 nodes: choose at most %1.")},
    {ErrorKind::InvalidRequest, "nodes", "'nodes' must be between 1 and (\\d+)\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The number of nodes must be between 1 and %1.")},
    {ErrorKind::Conflict, "name", "A job named '(.*)' already exists in namespace '(.*)'\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText",
                       "A job named “%1” already exists in namespace %2. Choose another name.")},
    {ErrorKind::Conflict, "", "Job '(.*)' is already (\\w+) and cannot be cancelled\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Job “%1” has already ended (%2) and cannot be cancelled.")},
    {ErrorKind::Conflict, "", "Job '(.*)' is (\\w+) but is still being stopped .*",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Job “%1” is still being stopped. Delete it once it has stopped.")},
    {ErrorKind::Conflict, "",
     "Job '(.*)' is (\\w+): only completed, failed, cancelled or timed-out jobs can be deleted\\. .*",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Job “%1” is %2: only ended jobs can be deleted. Cancel it first.")},
    {ErrorKind::NotFound, "", "Job '(.*)' does not exist in namespace '(.*)'\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Job “%1” does not exist in namespace %2.")},
    {ErrorKind::Unauthorized, "", "Invalid credentials\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "The token or API key is not valid.")},
    {ErrorKind::Unauthorized, "", "This credential has been revoked\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This token or API key has been revoked.")},
    {ErrorKind::Unauthorized, "", "This credential has expired\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This token or API key has expired.")},
    {ErrorKind::Unauthorized, "", "Missing credentials: .*",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "No token or API key was sent.")},
    {ErrorKind::Unauthorized, "", "Unsupported authorization scheme: .*",
     QT_TRANSLATE_NOOP("seed::client::ErrorText",
                       "The server does not accept this kind of credential (use a token or an API key).")},
    {ErrorKind::Forbidden, "", "This credential has no access to namespace '(.*)'\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This token or API key has no access to namespace %1.")},
    {ErrorKind::Forbidden, "", "This credential is read-only\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "This token or API key is read-only.")},
    {ErrorKind::RateLimited, "", "Rate limit exceeded: retry in (\\d+) s\\.",
     QT_TRANSLATE_NOOP("seed::client::ErrorText", "Too many requests: try again in %1 s.")},
    {ErrorKind::InsufficientStorage, "", "The job could not be stored: no space left on seedd's disk\\..*",
     QT_TRANSLATE_NOOP(
         "seed::client::ErrorText",
         "The job could not be stored: the backend's disk is full. Jobs already stored are kept; free space and "
         "submit again.")},
};

} // namespace

QString errorText(const wire::ApiError &e)
{
    for (const Known &k : kKnown) {
        if (k.kind != e.kind)
            continue;
        if (qstrcmp(k.field, "*") != 0 && e.field != QLatin1String(k.field))
            continue;
        const QRegularExpression re(QRegularExpression::anchoredPattern(QString::fromUtf8(k.pattern)));
        const QRegularExpressionMatch m = re.match(e.message);
        if (!m.hasMatch())
            continue;
        const QString text = QCoreApplication::translate("seed::client::ErrorText", k.text);
        // One multi-argument arg(): a captured value that holds "%2" (an env name, say) is not substituted again.
        switch (m.lastCapturedIndex()) {
        case 0:
            return text;
        case 1:
            return text.arg(m.captured(1));
        case 2:
            return text.arg(m.captured(1), m.captured(2));
        default:
            return text.arg(m.captured(1), m.captured(2), m.captured(3));
        }
    }
    return e.message;
}

QString describeForUser(const wire::ApiError &e)
{
    const QString text = errorText(e);
    if (e.requestId.isEmpty())
        return text;
    return QCoreApplication::translate("seed::client", "%1 (request %2)").arg(text, e.requestId);
}

} // namespace seed::client
