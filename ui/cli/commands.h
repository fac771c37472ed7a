#pragma once
// seedctl's commands: each one call (or a few) of SeedClient and what it prints.

#include "arguments.h"
#include "client/seedclient.h"
#include "connection.h"

#include <QJsonObject>

class QTextStream;

namespace seed::cli {

class Commands
{
public:
    Commands(QTextStream &out, QTextStream &err, const Connection &connection);

    int run(const Invocation &inv);

private:
    int doList(const wire::ListQuery &q);
    int doGet(const QString &name);
    int doLogs(const QString &name, const wire::LogQuery &q, bool follow, bool timestamps); // logs.cpp
    int doAnalytics(const QString &name);
    int doSubmit(const wire::JobSpec &spec, const QJsonObject &extras);
    int doCancel(const QString &name);
    int doDelete(const QString &name, bool artifacts);
    int doWait(const QString &name, int timeoutSeconds);
    int doArtifacts(const QString &name, const QString &outputDir); // artifactscommand.cpp

    // GET `path` as the server wrote it (null stays null, additive keys stay): SeedClient's untyped read.
    client::Result<QJsonObject> getObject(const QString &path, const QUrlQuery &query = {});

    // Says what went wrong with an API call on m_err; returns the exit code for it.
    template <typename T> int apiFailure(const client::Result<T> &r);
    int apiFailure(const wire::ApiError &e, int httpStatus);

    QTextStream &m_out;
    QTextStream &m_err;
    client::SeedClient m_client;
    bool m_json = false;
    Output m_output = Output::Table;
    int m_followGiveUpSeconds = 60;    // logs -f: how long an unreachable endpoint is retried
    bool m_credentialsFromEnv = false; // SEED_TOKEN/SEED_API_KEY: they stay when the local token changes
};

template <typename T> int Commands::apiFailure(const client::Result<T> &r)
{
    return apiFailure(r.value.error(), r.httpStatus);
}

} // namespace seed::cli
