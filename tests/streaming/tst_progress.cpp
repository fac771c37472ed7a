// Issue 4, progress: the `progress` string and fraction derived from what training scripts print (fixtures in
// tests/fixtures/progress), and the SEED_PROGRESS line protocol.
#include "telemetry/progress.h"

#include <QFile>
#include <QTest>

using seed::telemetry::ProgressState;
using seed::telemetry::parseProgressLine;

namespace {
ProgressState feed(const QString &fixture)
{
    QFile f(QStringLiteral(SEED_TEST_DATA "/fixtures/progress/") + fixture);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(fixture));
    ProgressState st;
    const QString text = QString::fromUtf8(f.readAll());
    for (const QString &line : text.split(QRegularExpression(QStringLiteral("[\r\n]")), Qt::SkipEmptyParts))
        parseProgressLine(line, st);
    return st;
}
ProgressState lines(const QStringList &ls)
{
    ProgressState st;
    for (const QString &l : ls)
        parseProgressLine(l, st);
    return st;
}
} // namespace

class TestProgress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contractForms()
    {
        ProgressState st = lines({QStringLiteral("[Epoch 3/3] Step 6290/6300 | Loss: 0.0298 | LR: 6.0e-7")});
        QCOMPARE(st.text, QStringLiteral("Epoch 3/3 - Step 6290/6300"));
        QVERIFY(qAbs(*st.fraction - 6290.0 / 6300.0) < 1e-9);
        st = lines({QStringLiteral("Epoch 2/3"), QStringLiteral("Step 4200/6300 loss=0.3")});
        QCOMPARE(st.text, QStringLiteral("Epoch 2/3 - Step 4200/6300"));
        st = lines({QStringLiteral("Epoch 2/3")});
        QCOMPARE(st.text, QStringLiteral("Epoch 2/3"));
        QVERIFY(qAbs(*st.fraction - 1.0 / 3.0) < 1e-9);
        // Not progress: dates, ratios in prose without a keyword, paths.
        QVERIFY(!parseProgressLine(QStringLiteral("Loaded 2026/03/18 data from /data/x"), st));
        QVERIFY(!parseProgressLine(QStringLiteral("accuracy 3/4 on the probe"), st));
    }

    void tqdmRecorded()
    {
        // The last bar is Validation (ignored): the per-epoch bar "Epoch 1" is where the run is.
        const ProgressState st = feed(QStringLiteral("tqdm.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 1 - 300/300"));
        QVERIFY(!st.fraction); // epochs of an unknown number: no invented fraction
        // The global bar alone (the first 1000 steps): fraction and the bar's own ETA.
        ProgressState g;
        parseProgressLine(QStringLiteral(" 42%|████▏     | 420/1000 [00:01<00:02, 400.00it/s]"), g);
        QCOMPARE(g.text, QStringLiteral("Step 420/1000"));
        QCOMPARE(*g.fraction, 0.42);
        QCOMPARE(*g.barEtaSeconds, 2);
    }

    void lightning()
    {
        const ProgressState st = feed(QStringLiteral("lightning.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 1 - 730/1000"));
        QVERIFY(!st.fraction);
    }

    void hfTrainer()
    {
        const ProgressState st = feed(QStringLiteral("hf_trainer.txt"));
        QCOMPARE(st.text, QStringLiteral("Step 600/3000")); // the evaluation bar in between is not the run
        QCOMPARE(*st.fraction, 0.2);
        QCOMPARE(*st.barEtaSeconds, 360);
    }

    void keras()
    {
        ProgressState st = feed(QStringLiteral("keras.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 2/3 - Step 64/100"));
        QVERIFY(qAbs(*st.fraction - (1 + 0.64) / 3) < 1e-9);
        st = feed(QStringLiteral("keras3.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 3/3 - Step 37/100"));
        QVERIFY(qAbs(*st.fraction - (2 + 0.37) / 3) < 1e-9);
    }

    void explicitProtocol()
    {
        ProgressState st = lines({QStringLiteral("Epoch 1/3"), QStringLiteral("SEED_PROGRESS 42/100 tokenizing shards")});
        QCOMPARE(st.text, QStringLiteral("tokenizing shards"));
        QCOMPARE(*st.fraction, 0.42);
        st = lines({QStringLiteral("SEED_PROGRESS 75%")});
        QCOMPARE(st.text, QStringLiteral("75%"));
        QCOMPARE(*st.fraction, 0.75);
        st = lines({QStringLiteral(R"(SEED_PROGRESS {"progress": "Shard 3 of 8", "fraction": 0.375, "eta_seconds": 120})")});
        QCOMPARE(st.text, QStringLiteral("Shard 3 of 8"));
        QCOMPARE(*st.fraction, 0.375);
        QCOMPARE(*st.explicitEta, 120);
        st = lines({QStringLiteral("SEED_PROGRESS warming up")});
        QCOMPARE(st.text, QStringLiteral("warming up"));
        QVERIFY(!st.fraction);
        st = lines({QStringLiteral("SEED_PROGRESS 7/0")}); // nonsense is free text, never a division by zero
        QVERIFY(!st.fraction);
    }
};

QTEST_GUILESS_MAIN(TestProgress)
#include "tst_progress.moc"
