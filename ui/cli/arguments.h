#pragma once
// seedctl's command line: which options exist, which belong to which command, and everything that can be
// checked before anything is sent (with the server's own rules from wire/).

#include "wire/jobspec.h"
#include "wire/queries.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <variant>

class QTextStream;

namespace seed::cli {

// Where to connect, as the command line and the environment said it (resolved by connection.h).
struct ConnectionOptions
{
    QString dataDir;
    QString url;
    QString ns;
    QString caFile; // empty: not given
};

enum class Output { Table, Wide, Json };

struct Invocation
{
    QString command; // list, get, logs, analytics, submit, cancel, delete, wait
    QString arg;     // the job name (or the spec file of submit)
    ConnectionOptions connection;
    Output output = Output::Table; // -o table|wide|json; --json is -o json
    bool json = false;             // output == Output::Json
    std::optional<wire::ListQuery> list;
    std::optional<wire::LogQuery> logs;
    std::optional<wire::JobSpec> spec; // submit: the body, checked by the server's rules
    QJsonObject specExtras;            // submit: additive keys as given (spot, nodes); absent ones are not sent
    QString outputDir;                 // artifacts: where to write them; empty = only list them
    bool follow = false;
    bool timestamps = false;
    bool deleteArtifacts = false;
    int timeoutSeconds = 0;       // wait: 0 = forever
    int followGiveUpSeconds = 60; // logs -f: how long an unreachable endpoint is retried
};

// What the arguments asked for, or the exit code to end with (help and version printed to `out`, a mistake
// said on `err`).
std::variant<Invocation, int> parseArguments(const QStringList &arguments, QTextStream &out, QTextStream &err);

// "seedctl: <message>" and the hint to --help on `err`; returns ExitUsage.
int usage(QTextStream &err, const QString &message);

} // namespace seed::cli
