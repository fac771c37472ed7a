// seed: the desktop app. Thin: command line, translator, palette, MainWindow.
#include "client/seedclient.h"
#include "models/jobtablemodel.h"
#include "widgets/appicon.h"
#include "widgets/jobdetails.h"
#include "widgets/jobcharts.h"
#include "widgets/logpane.h"
#include "widgets/machineview.h"
#include "widgets/mainwindow.h"
#include "widgets/submitdialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QItemSelectionModel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QRadioButton>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe8, 0xea, 0xed), mid(0x3c, 0x3f, 0x44);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, mid);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x78, 0xae, 0xed));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x42, 0x45, 0x4a));
    p.setColor(QPalette::Mid, QColor(0x33, 0x36, 0x3a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x86, 0x8b));
    return p;
}

// --screenshot DIR: once the jobs are shown, saves the main window, the submission form and the details
// as PNGs and quits. Used by docs/screenshots/take.sh under Xvfb.
void scheduleScreenshots(seed::ui::MainWindow *w, const QString &dir, const QString &suffix)
{
    // These end with exit(), not quit(): quit() closes the window first, and with jobs queued or running a
    // close waits for the "jobs keep running" notice.
    auto shoot = [w, dir, suffix] {
        QDir().mkpath(dir);
        QTableView *view = w->jobView();
        const int row = qMin(1, view->model()->rowCount() - 1);
        if (row >= 0) {
            view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
        QTimer::singleShot(1200, w, [w, dir, suffix] {
            w->grab().save(dir + QStringLiteral("/main-window") + suffix + QStringLiteral(".png"));
            w->details()->grab().save(dir + QStringLiteral("/job-details") + suffix + QStringLiteral(".png"));
            w->submitCopy();
            QTimer::singleShot(600, w, [w, dir, suffix] {
                if (auto *d = w->submitDialog()) {
                    d->grab().save(dir + QStringLiteral("/submit-form") + suffix + QStringLiteral(".png"));
                    d->close();
                }
                // The form with what is wrong shown at the fields, and Preferences > Local backend.
                QTimer::singleShot(0, w, [w] { // once the closed form is gone
                    w->newJob();
                    if (auto *d = w->submitDialog()) {
                        if (auto *name = qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("name"))))
                            name->setText(QStringLiteral("my job"));
                        if (auto *image = d->findChild<QRadioButton *>(QStringLiteral("useImage")))
                            image->click();
                        d->submit();
                    }
                    w->openPreferences();
                });
                QTimer::singleShot(900, w, [w, dir, suffix] {
                    if (auto *d = w->submitDialog()) {
                        d->grab().save(dir + QStringLiteral("/submit-form-errors") + suffix + QStringLiteral(".png"));
                        d->close();
                    }
                    if (auto *p = w->preferencesDialog()) {
                        p->tabs()->setCurrentIndex(p->tabs()->count() - 1);
                        p->adjustSize();
                        QTimer::singleShot(300, w, [w, p, dir, suffix] {
                            p->grab().save(dir + QStringLiteral("/preferences-local-backend") + suffix +
                                           QStringLiteral(".png"));
                            p->close();
                            QApplication::exit(0);
                        });
                        return;
                    }
                    QApplication::exit(0);
                });
            });
        });
    };
    auto fired = std::make_shared<bool>(false);
    QObject::connect(w->jobModel(), &seed::models::JobTableModel::refreshed, w, [w, shoot, fired] {
        if (*fired || w->jobModel()->rowCount() == 0)
            return;
        *fired = true;
        QTimer::singleShot(1500, w, shoot);
    });
    QTimer::singleShot(60000, qApp, [] { QApplication::exit(3); });
}

} // namespace

int main(int argc, char **argv)
{
    // --version and --help answer without a display (a plain QCoreApplication), like any command-line tool.
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--version" || a == "-v" || a == "--help" || a == "-h" || a == "--help-all") {
            QCoreApplication core(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("seed"));
            QCoreApplication::setApplicationVersion(QStringLiteral(SEED_VERSION));
            QCommandLineParser p;
            p.setApplicationDescription(QCoreApplication::translate("main", "Submit and watch GPU batch jobs."));
            p.addHelpOption();
            p.addVersionOption();
            p.addOptions({QCommandLineOption(QStringLiteral("data-dir"),
                                             QCoreApplication::translate("main", "Data directory of this computer's seedd."),
                                             QStringLiteral("DIR")),
                          QCommandLineOption(QStringLiteral("connection"),
                                             QCoreApplication::translate("main", "Connect to this connection id at start."),
                                             QStringLiteral("ID")),
                          QCommandLineOption(QStringLiteral("dark"), QCoreApplication::translate("main", "Use a dark palette."))});
            p.process(core); // prints and exits
            return 0;
        }
    }
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Seed"));
    QApplication::setOrganizationName(QStringLiteral("Seed"));
    QApplication::setApplicationDisplayName(QStringLiteral("Seed"));
    QApplication::setApplicationVersion(QStringLiteral(SEED_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("seed"));
    QApplication::setWindowIcon(seed::ui::appIcon());

    QTranslator qtTranslator, translator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    // The locale's file, else English (its plural forms: "1 job", "2 jobs").
    if (translator.load(QLocale(), QStringLiteral("seed"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        translator.load(QStringLiteral("seed_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Submit and watch GPU batch jobs."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dataDir(QStringLiteral("data-dir"),
                               QApplication::translate("main", "Data directory of this computer's seedd."),
                               QStringLiteral("DIR"));
    QCommandLineOption profile(QStringLiteral("connection"),
                               QApplication::translate("main", "Connect to this connection id at start."),
                               QStringLiteral("ID"));
    QCommandLineOption dark(QStringLiteral("dark"), QApplication::translate("main", "Use a dark palette."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save screenshots to DIR and quit."),
                                  QStringLiteral("DIR"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption seeddArgs(QStringLiteral("seedd-arg"), QStringLiteral("Extra argument for a seedd started here."),
                                 QStringLiteral("ARG"));
    seeddArgs.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption writeIcons(QStringLiteral("write-icons"), QStringLiteral("Write the app icon PNGs to DIR."),
                                  QStringLiteral("DIR"));
    writeIcons.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotLive(QStringLiteral("screenshot-live"),
                                      QStringLiteral("With --screenshot: shoot the log pane and charts of running job NAME."),
                                      QStringLiteral("NAME"));
    screenshotLive.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({dataDir, profile, dark, screenshot, screenshotLive, seeddArgs, writeIcons});
    parser.process(app);
    if (parser.isSet(writeIcons)) { // resources/icons is made with this
        for (int size : {16, 24, 32, 48, 64, 128, 256}) {
            const QString dir = parser.value(writeIcons) + QStringLiteral("/%1x%1/apps").arg(size);
            QDir().mkpath(dir);
            if (!seed::ui::renderAppIcon(size).save(dir + QStringLiteral("/seed.png")))
                return 1;
        }
        return 0;
    }

    if (parser.isSet(dark)) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }

    seed::ui::MainWindowOptions options;
    options.localDataDir = parser.value(dataDir);
    options.initialProfile = parser.value(profile);
    options.seeddArguments = parser.values(seeddArgs);
    if (parser.isSet(screenshot))
        options.restoreState = false;
    seed::ui::MainWindow window(options);
    window.show();
    if (parser.isSet(screenshot) && parser.isSet(screenshotLive)) {
        const QString dir = parser.value(screenshot);
        const QString name = parser.value(screenshotLive);
        const QString suffix = parser.isSet(dark) ? QStringLiteral("-dark") : QString();
        QTimer::singleShot(2000, &window, [&window, dir, name, suffix] {
            auto *pane = new seed::ui::LogPane(window.client(), name);
            pane->setAttribute(Qt::WA_DeleteOnClose);
            pane->resize(1000, 560);
            pane->setShowTimestamps(true);
            pane->setFind(QStringLiteral("loss"));
            pane->show();
            pane->start();
            auto *charts = new seed::ui::JobCharts(window.client(), name);
            charts->setAttribute(Qt::WA_DeleteOnClose);
            charts->setPollInterval(500);
            charts->resize(1000, 560);
            charts->show();
            charts->start();
            auto *machine = new seed::ui::MachineView(window.client());
            machine->setAttribute(Qt::WA_DeleteOnClose);
            machine->setPollInterval(500);
            machine->resize(900, 560);
            machine->show();
            // The main window with the running job selected: its progress in the table and the details.
            QTableView *view = window.jobView();
            for (int row = 0; row < view->model()->rowCount(); ++row) {
                const QModelIndex index = view->model()->index(row, 0);
                if (index.data().toString() == name)
                    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                       QItemSelectionModel::Rows);
            }
            QTimer::singleShot(9000, pane, [&window, pane, charts, machine, dir, suffix] {
                QDir().mkpath(dir);
                window.grab().save(dir + QStringLiteral("/main-window-live") + suffix + QStringLiteral(".png"));
                machine->grab().save(dir + QStringLiteral("/machine-view") + suffix + QStringLiteral(".png"));
                pane->grab().save(dir + QStringLiteral("/live-logs") + suffix + QStringLiteral(".png"));
                charts->grab().save(dir + QStringLiteral("/live-charts") + suffix + QStringLiteral(".png"));
                QApplication::exit(0);
            });
        });
    } else if (parser.isSet(screenshot))
        scheduleScreenshots(&window, parser.value(screenshot),
                            parser.isSet(dark) ? QStringLiteral("-dark") : QString());
    return app.exec();
}
