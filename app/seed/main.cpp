#include "widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Seed"));
    QApplication::setOrganizationName(QStringLiteral("Seed"));
    QApplication::setApplicationVersion(QStringLiteral(SEED_VERSION));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    seed::ui::MainWindow window;
    window.show();
    return app.exec();
}
