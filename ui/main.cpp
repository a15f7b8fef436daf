#include "main_window.h"

#include "harbour/huge_pages.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

int main(int argc, char **argv)
{
    harbour::preferHugePages(argv); // first: it may start the program again
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Harbour"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Harbour: the analyst's and the panel's desktop app"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Open this database"), QStringLiteral("FILE"));
    const QCommandLineOption shots(QStringLiteral("screenshots"),
                                   QStringLiteral("Save a PNG of each view to DIR and exit (works offscreen)"),
                                   QStringLiteral("DIR"));
    parser.addOption(db);
    parser.addOption(shots);
    parser.process(app);

    harbour::ui::MainWindow window;
    if (parser.isSet(db) && !window.openDatabase(parser.value(db))) {
        std::fprintf(stderr, "harbour-gui: %s\n", qPrintable(window.lastError()));
        return 2;
    }
    if (parser.isSet(shots)) {
        if (!parser.isSet(db)) {
            std::fprintf(stderr, "harbour-gui: --screenshots needs --db FILE\n");
            return 2;
        }
        const QStringList saved = window.saveScreenshots(parser.value(shots));
        for (const QString &file : saved) {
            std::printf("%s\n", qPrintable(file));
        }
        if (!window.lastError().isEmpty()) {
            std::fprintf(stderr, "harbour-gui: %s\n", qPrintable(window.lastError()));
            return 1;
        }
        return saved.isEmpty() ? 1 : 0;
    }
    window.show();
    return QApplication::exec();
}
