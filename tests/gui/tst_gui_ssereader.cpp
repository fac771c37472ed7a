// The SSE parsing both GUI streams share (client/ssereader.h), fed bytes directly: events split at any byte,
// CRLF, comments, multi-line data, ids; and what LogStream and EventStream make of them (the terminal event
// ends a log stream mid-chunk, ids already held are skipped). The network side
// (reconnects, Last-Event-ID, slices of a real reply) is covered against a real seedd in tst_gui_live.
#include "client/logstream.h"
#include "client/ssereader.h"

#include <QSignalSpy>
#include <QTest>

using namespace seed;
using client::SseReader;

namespace {
QList<SseReader::Event> collect(const QList<QByteArray> &chunks)
{
    SseReader reader;
    QList<SseReader::Event> out;
    QObject::connect(&reader, &SseReader::received, &reader, [&out](const QList<SseReader::Event> &e) { out += e; });
    for (const QByteArray &c : chunks)
        reader.feed(c);
    return out;
}
QByteArray line(qint64 id, const char *message)
{
    return "id: " + QByteArray::number(id) + "\ndata: {\"timestamp\":\"2026-11-28T10:00:00Z\",\"message\":\"" +
           message + "\"}\n\n";
}
} // namespace

class TestGuiSseReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fieldsAndDispatch()
    {
        const QByteArray stream = ": keep-alive\r\n"
                                  "event: ready\r\ndata: {}\r\n\r\n"
                                  "id: 7\ndata: first\ndata: second\n\n"
                                  "\n\n" // blank lines alone dispatch nothing
                                  "data:no-space\n\n"
                                  "event: end\n\n"     // a type without data is an event
                                  "id: 9\ndata: half"; // not finished: not an event
        const QList<SseReader::Event> all = collect({stream});
        QCOMPARE(all.size(), 4);
        QCOMPARE(all[0].type, QByteArray("ready"));
        QCOMPARE(all[0].data, QByteArray("{}"));
        QCOMPARE(all[0].id, -1);
        QCOMPARE(all[1].type, QByteArray("message"));
        QCOMPARE(all[1].data, QByteArray("first\nsecond"));
        QCOMPARE(all[1].id, 7);
        QCOMPARE(all[2].data, QByteArray("no-space"));
        QCOMPARE(all[3].type, QByteArray("end"));

        // The same bytes cut at every position give the same events.
        for (qsizetype cut = 1; cut < stream.size(); ++cut) {
            const QList<SseReader::Event> split = collect({stream.left(cut), stream.mid(cut)});
            QCOMPARE(split.size(), all.size());
            for (qsizetype i = 0; i < all.size(); ++i) {
                QCOMPARE(split[i].type, all[i].type);
                QCOMPARE(split[i].data, all[i].data);
                QCOMPARE(split[i].id, all[i].id);
            }
        }
    }

    void stopForgetsHalfAnEvent()
    {
        SseReader reader;
        QSignalSpy got(&reader, &SseReader::received);
        reader.feed("id: 1\ndata: x");
        reader.stop();
        reader.feed("\n\n"); // would complete the old event: it is gone
        QCOMPARE(got.count(), 0);
    }

    // Lines up to the terminal event only; ids at or below the last one are skipped.
    void logStreamEndsAtTheTerminalEvent()
    {
        client::LogStream stream(nullptr, QStringLiteral("job"));
        QSignalSpy lines(&stream, &client::LogStream::linesReceived);
        QSignalSpy ended(&stream, &client::LogStream::ended);
        stream.reader()->feed(line(1, "a") + line(2, "b") + line(2, "b again") + line(1, "a again"));
        stream.reader()->feed(line(3, "c") + "event: end\ndata: {\"status\":\"failed\",\"exit_code\":7}\n\n" +
                              line(4, "after the end"));
        QCOMPARE(lines.count(), 2);
        const auto first = lines.at(0).at(0).value<QList<wire::LogLine>>();
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(0).message, QStringLiteral("a"));
        QCOMPARE(first.at(1).seq, 2);
        const auto second = lines.at(1).at(0).value<QList<wire::LogLine>>();
        QCOMPARE(second.size(), 1);
        QCOMPARE(second.at(0).message, QStringLiteral("c"));
        QCOMPARE(ended.count(), 1);
        QCOMPARE(stream.state(), client::LogStream::State::Ended);
        QCOMPARE(stream.endEvent().value(QLatin1String("exit_code")).toInt(), 7);
        QCOMPARE(stream.lastEventId(), 3); // "after the end" (id 4) in the same chunk was not taken
    }
};

QTEST_MAIN(TestGuiSseReader)
#include "tst_gui_ssereader.moc"
