#include "seedctl.h"

#include "arguments.h"
#include "commands.h"
#include "connection.h"

#include <QTextStream>

namespace seed::cli {

namespace {

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    // Everything that can be checked is checked before anything is sent: arguments, spec, credentials.
    const auto parsed = parseArguments(arguments, out, err);
    if (const int *rc = std::get_if<int>(&parsed))
        return *rc;
    const Invocation &inv = std::get<Invocation>(parsed);
    const auto connection = resolveConnection(inv.connection, err);
    if (const int *rc = std::get_if<int>(&connection))
        return *rc;
    Commands commands(out, err, std::get<Connection>(connection));
    return commands.run(inv);
}

} // namespace

int runSeedctl(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const int rc = run(arguments, out, err);
    out.flush();
    err.flush();
    return rc;
}

} // namespace seed::cli
