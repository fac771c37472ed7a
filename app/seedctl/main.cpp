// seedctl: the command-line client (ui/cli). Only wiring here, so the tests drive the code that ships.
#include "cli/seedctl.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("seedctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEED_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return seed::cli::runSeedctl(app.arguments().mid(1), out, err);
}
