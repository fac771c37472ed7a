// Progress: the `progress` string and fraction derived from what training scripts print (fixtures in
// tests/fixtures/progress), and the SEED_PROGRESS line protocol.
#include "telemetry/progress.h"

#include "fixture.h"

#include <QFile>
#include <QTest>

#include <limits>

using seed::telemetry::ProgressState;
using seed::telemetry::parseProgressLine;

namespace {
ProgressState feed(const QString &fixture)
{
    ProgressState st;
    const QString text = QString::fromUtf8(readFixture(QStringLiteral("progress/") + fixture));
    for (const QString &line : text.split(QRegularExpression(QStringLiteral("[\r\n]")), Qt::SkipEmptyParts))
        parseProgressLine(line, st);
    return st;
}
// Feeds the first `maxLines` lines of a file (0: all) as seedd stores them: split at "\n", then at "\r".
ProgressState feedFile(const QString &path, int maxLines = 0)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(path));
    ProgressState st;
    const QStringList fileLines = QString::fromUtf8(f.readAll()).split(u'\n');
    for (int i = 0; i < fileLines.size() && (maxLines == 0 || i < maxLines); ++i)
        for (const QString &line : fileLines[i].split(u'\r', Qt::SkipEmptyParts))
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
        QCOMPARE(runEtaFromBar(g), std::optional<qint64>(2));
    }

    void lightning()
    {
        const ProgressState st = feed(QStringLiteral("lightning.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 1 - 730/1000"));
        QVERIFY(!st.fraction);
        // The bar predicts the end of this epoch, not of the run (the number of epochs is unknown).
        QVERIFY(st.barEtaSeconds);
        QVERIFY(!runEtaFromBar(st));
    }

    void hfTrainer()
    {
        const ProgressState st = feed(QStringLiteral("hf_trainer.txt"));
        QCOMPARE(st.text, QStringLiteral("Step 600/3000")); // the evaluation bar in between is not the run
        QCOMPARE(*st.fraction, 0.2);
        QCOMPARE(*st.barEtaSeconds, 360);
        QCOMPARE(runEtaFromBar(st), std::optional<qint64>(360)); // the Trainer's bar spans the whole run
    }

    void keras()
    {
        ProgressState st = feed(QStringLiteral("keras.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 2/3 - Step 64/100"));
        QVERIFY(qAbs(*st.fraction - (1 + 0.64) / 3) < 1e-9);
        QVERIFY(!runEtaFromBar(st)); // a Keras bar's ETA is the epoch's
        st = feed(QStringLiteral("keras3.txt"));
        QCOMPARE(st.text, QStringLiteral("Epoch 3/3 - Step 37/100"));
        QVERIFY(qAbs(*st.fraction - (2 + 0.37) / 3) < 1e-9);
    }

    // Real output from public repositories (tests/fixtures/progress/public, provenance in its README): the
    // state after the first `lines` lines of the file (0: all of it). No fraction: -1; no epoch, bar or ETA: -1.
    void publicFixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("lines");
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("epoch");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<qint64>("barN");
        QTest::addColumn<qint64>("barTotal");
        QTest::addColumn<qint64>("eta");
        const auto row = [](const char *name, const char *file, int lines, const char *text, double fraction, int epoch,
                            int epochs, qint64 n, qint64 total, qint64 eta) {
            QTest::newRow(name) << QString::fromLatin1(file) << lines << QString::fromUtf8(text) << fraction << epoch
                                << epochs << n << total << eta;
        };
        // HF Trainer: the unlabelled bar over all steps is the job; log lines glued behind it do not matter.
        row("mqtl: 10 steps", "hf_trainer_mqtl.txt", 4, "Step 10/1000", 0.01, -1, -1, 10, 1000, 3 * 60 + 38);
        row("mqtl: trained", "hf_trainer_mqtl.txt", 11, "Step 1000/1000", 1.0, -1, -1, 1000, 1000, 0);
        // trainer.evaluate() afterwards prints an unlabelled 10/10 bar: a sub-task, the run stays 1000/1000.
        row("mqtl: evaluated", "hf_trainer_mqtl.txt", 0, "Step 1000/1000", 1.0, -1, -1, 1000, 1000, 0);
        row("hyena: half", "hf_trainer_mqtl_hyena.txt", 11, "Step 500/1000", 0.5, -1, -1, 500, 1000, 58);
        row("hyena: end of excerpt", "hf_trainer_mqtl_hyena.txt", 0, "Step 520/1000", 0.52, -1, -1, 520, 1000, 56);
        // Two ranks' "Loading checkpoint shards" bars side by side (redraws lost): the last one, 3/3.
        row("qwen3: shards loaded", "hf_trainer_qwen3_head.txt", 9, "Loading checkpoint shards 3/3", 1.0, -1, -1, 3, 3,
            0);
        // The finished setup bar gives way to the Trainer's bar.
        row("qwen3: training starts", "hf_trainer_qwen3_head.txt", 26, "Step 0/4854", 0.0, -1, -1, 0, 4854, -1);
        // Ten redraws on one line: the last (10/4854), not the first (1/4854).
        row("qwen3: 10 steps", "hf_trainer_qwen3_head.txt", 28, "Step 10/4854", 10.0 / 4854, -1, -1, 10, 4854,
            2 * 3600 + 14 * 60 + 42);
        row("qwen3: 30 steps", "hf_trainer_qwen3_head.txt", 0, "Step 30/4854", 30.0 / 4854, -1, -1, 30, 4854,
            2 * 3600 + 7 * 60 + 47);
        row("qwen3 tail: 4850 steps", "hf_trainer_qwen3_tail.txt", 1, "Step 4850/4854", 4850.0 / 4854, -1, -1, 4850,
            4854, 6);
        row("qwen3 tail: done", "hf_trainer_qwen3_tail.txt", 0, "Step 4854/4854", 1.0, -1, -1, 4854, 4854, 0);
        // Keras 2: "Epoch e/E" then the epoch's bar (glued to a TensorFlow log line); evaluate() is a sub-task.
        row("keras2: epoch 10 nearly done", "keras2_tf213_rocm.txt", 3, "Epoch 10/10 - Step 1863/1875",
            (9 + 1863.0 / 1875) / 10, 10, 10, 1863, 1875, 0);
        row("keras2: fit done", "keras2_tf213_rocm.txt", 6, "Epoch 10/10 - Step 1875/1875", 1.0, 10, 10, 1875, 1875,
            -1);
        row("keras2: evaluated", "keras2_tf213_rocm.txt", 0, "Epoch 10/10 - Step 1875/1875", 1.0, 10, 10, 1875, 1875,
            -1);
        row("keras2: mid-epoch", "keras2_tf213_rocm_midepoch.txt", 0, "Epoch 2/10 - Step 1862/1875",
            (1 + 1862.0 / 1875) / 10, 2, 10, 1862, 1875, 0);
        // Keras 3: an epoch's bars on one line (22, 46, 1875 of 1875): the last one.
        row("keras3: epoch 1", "keras3_firstkeraspractice.txt", 2, "Epoch 1/10 - Step 1875/1875", 0.1, 1, 10, 1875,
            1875, -1);
        row("keras3: epoch 4", "keras3_firstkeraspractice.txt", 0, "Epoch 4/10 - Step 1875/1875", 0.4, 4, 10, 1875,
            1875, -1);
        // Keras 3 colour remnants: "1/1875 [37m━━━" (ESC lost) and "52/1875 \[37m━━━" (escaped in Markdown).
        row("keras3 colours: 1", "keras3_tuner_kr.txt", 1, "Step 1/1875", 1.0 / 1875, -1, -1, 1, 1875, -1);
        row("keras3 colours: 52", "keras3_tuner_kr.txt", 3, "Step 52/1875", 52.0 / 1875, -1, -1, 52, 1875, -1);
        row("keras3 colours: 535", "keras3_tuner_kr.txt", 0, "Step 535/1875", 535.0 / 1875, -1, -1, 535, 1875, -1);
        // Lightning on Colab: "Epoch 0: 100% 391/391 [...]" without "|bar|"; Validation bars are ignored. The
        // number of epochs is never printed: no fraction.
        row("colab: epoch 0", "lightning_colab.txt", 3, "Epoch 0 - 391/391", -1, -1, -1, 391, 391, 0);
        row("colab: validating", "lightning_colab.txt", 10, "Epoch 0 - 391/391", -1, -1, -1, 391, 391, 0);
        row("colab: epoch 1", "lightning_colab.txt", 0, "Epoch 1 - 391/391", -1, -1, -1, 391, 391, 0);
        // Lightning, postfixes cut at the terminal width and glued to the next bar or message.
        row("dogcat: epoch 0", "lightning_dogcat_docker.txt", 23, "Epoch 0 - 25/25", -1, -1, -1, 25, 25, 0);
        row("dogcat: epoch 1, two bars", "lightning_dogcat_docker.txt", 24, "Epoch 1 - 25/25", -1, -1, -1, 25, 25, 0);
        row("dogcat: epoch 3, tEpoch", "lightning_dogcat_docker.txt", 26, "Epoch 3 - 25/25", -1, -1, -1, 25, 25, 0);
        row("dogcat: tested", "lightning_dogcat_docker.txt", 0, "Epoch 4 - 25/25", -1, -1, -1, 25, 25, 0);
        row("ncols: epoch 0 started", "lightning_windows_ncols.txt", 5, "Epoch 0 - 86/1563", -1, -1, -1, 86, 1563, 104);
        row("ncols: epoch 0 done", "lightning_windows_ncols.txt", 6, "Epoch 0 - 1563/1563", -1, -1, -1, 1563, 1563, 0);
        row("ncols: tested", "lightning_windows_ncols.txt", 0, "Epoch 1 - 1563/1563", -1, -1, -1, 1563, 1563, 0);
    }
    void publicFixtures()
    {
        QFETCH(QString, file);
        QFETCH(int, lines);
        QFETCH(QString, text);
        QFETCH(double, fraction);
        QFETCH(int, epoch);
        QFETCH(int, epochs);
        QFETCH(qint64, barN);
        QFETCH(qint64, barTotal);
        QFETCH(qint64, eta);
        const QString path = QFINDTESTDATA(QStringLiteral("fixtures/progress/public/") + file);
        QVERIFY2(!path.isEmpty(), qPrintable(file));
        const ProgressState st = feedFile(path, lines);
        QCOMPARE(st.text, text);
        if (fraction < 0) {
            QVERIFY2(!st.fraction, qPrintable(QString::number(st.fraction.value_or(-1))));
        } else {
            QVERIFY(st.fraction);
            QVERIFY2(qAbs(*st.fraction - fraction) < 1e-9, qPrintable(QString::number(*st.fraction)));
        }
        QCOMPARE(st.epoch.value_or(-1), epoch);
        QCOMPARE(st.epochs.value_or(-1), epochs);
        QCOMPARE(st.barN.value_or(-1), barN);
        QCOMPARE(st.barTotal.value_or(-1), barTotal);
        QCOMPARE(st.barEtaSeconds.value_or(-1), eta);
        QVERIFY(!st.step); // none of these prints "Step s/S"
    }

    // Keras 3's bar as a terminal gets it (ESC kept by seedd): counts in bold, the bar green and white.
    void kerasColours()
    {
        const ProgressState st =
            lines({QStringLiteral("Epoch 3/3"),
                   QStringLiteral("\x1b[1m 37/100\x1b[0m \x1b[32m━━━━━━━\x1b[0m\x1b[37m╺━━━━━━━━━━━━\x1b[0m "
                                  "\x1b[1m1s\x1b[0m 20ms/step - accuracy: 0.9100 - loss: 0.2200")});
        QCOMPARE(st.text, QStringLiteral("Epoch 3/3 - Step 37/100"));
        QVERIFY(qAbs(*st.fraction - (2 + 0.37) / 3) < 1e-9);
    }

    // Which bar is the job's: evaluation passes print bars of another total, often unlabelled.
    void subTasks()
    {
        const QString eval = QStringLiteral("100%|██████████| 10/10 [00:00<00:00, 15.18it/s]");
        const QString train = QStringLiteral("  1%|          | 10/1000 [00:02<03:38,  4.54it/s]");
        const QString trained = QStringLiteral("100%|██████████| 1000/1000 [03:51<00:00,  4.32it/s]");
        const QString evalRunning = QStringLiteral(" 30%|███       | 3/10 [00:00<00:00, 15.18it/s]");
        // A baseline evaluation before training: the longer training bar takes over.
        QCOMPARE(lines({eval, train}).text, QStringLiteral("Step 10/1000"));
        // During and after training an evaluation is a sub-task.
        ProgressState st = lines({train, evalRunning});
        QCOMPARE(st.text, QStringLiteral("Step 10/1000"));
        QCOMPARE(*st.fraction, 0.01);
        st = lines({trained, evalRunning});
        QCOMPARE(st.text, QStringLiteral("Step 1000/1000"));
        QCOMPARE(*st.fraction, 1.0);
        // Keras: evaluate() after fit() is a sub-task; a new epoch starts its bar again.
        st = lines({QStringLiteral("Epoch 2/2"),
                    QStringLiteral("100/100 [==============================] - 1s 8ms/step"),
                    QStringLiteral(" 5/20 [======>.......................] - ETA: 0s")});
        QCOMPARE(st.text, QStringLiteral("Epoch 2/2 - Step 100/100"));
        st = lines({QStringLiteral("Epoch 1/2"),
                    QStringLiteral("100/100 [==============================] - 1s 8ms/step"),
                    QStringLiteral("Epoch 2/2"), QStringLiteral(" 5/20 [======>.......................] - ETA: 0s")});
        QCOMPARE(st.text, QStringLiteral("Epoch 2/2 - Step 5/20"));
    }

    // What the rules must not take for a bar.
    void notBars()
    {
        ProgressState st;
        QVERIFY(!parseProgressLine(QStringLiteral("accuracy 50% 3/4 on the probe"), st)); // no [elapsed<remaining
        QVERIFY(!parseProgressLine(QStringLiteral("Validation: 100% 79/79 [00:01<00:00, 65.00it/s]"), st));
        QVERIFY(!parseProgressLine(QStringLiteral("Epoch 1, global step 3126: 'val_accuracy' reached 0.64710"), st));
        QVERIFY(!parseProgressLine(QStringLiteral("Sanity Checking: |          | 0/? [00:00<?, ?it/s]"), st));
        QVERIFY(!parseProgressLine(QStringLiteral("saved 2026/03/18 [====] done"), st));
        QVERIFY(st.text.isEmpty());
    }

    // Cost per line (a flood reaches the parser at up to 2,000 lines per batch):
    // `SEED_BENCH=1 tst_progress parseCost -iterations 100000`. Skipped otherwise (adaptive runs take seconds).
    void parseCost_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("no slash") << QStringLiteral("line-123456 the flood bench prints this");
        QTest::newRow("path") << QStringLiteral(
            "2023-12-31 20:10:40.575667: I tensorflow/core/common_runtime/gpu_fusion_pass.cc:508] ROCm Fusion is "
            "enabled.");
        QTest::newRow("tqdm") << QStringLiteral(" 42%|████▏     | 420/1000 [01:02<01:26, 6.71it/s]");
        QTest::newRow("lightning") << QStringLiteral(
            "Epoch 1:  73%|███████▎  | 730/1000 [00:18<00:06, 40.21it/s, v_num=0, train_loss=0.301]");
        QTest::newRow("keras") << QStringLiteral(
            " 64/100 [==================>...........] - ETA: 1s - loss: 0.3311 - accuracy: 0.8609");
        QFile f(QFINDTESTDATA("fixtures/progress/public/hf_trainer_qwen3_tail.txt"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QTest::newRow("11 bars on a line") << QString::fromUtf8(f.readLine()).trimmed();
    }
    void parseCost()
    {
        QFETCH(QString, line);
        if (!qEnvironmentVariableIsSet("SEED_BENCH"))
            QSKIP("set SEED_BENCH=1 to measure");
        ProgressState st;
        QBENCHMARK { parseProgressLine(line, st); }
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

    // A job prints any digits: a remaining time past qint64 is no ETA (its arithmetic overflowed, a negative or
    // arbitrary ETA came out), and SEED_PROGRESS's eta_seconds saturates (a double past qint64 had no defined
    // conversion: INT64_MIN on x86).
    void hugeNumbersGiveNoWrongEta()
    {
        ProgressState st;
        QVERIFY(parseProgressLine(QStringLiteral(" 50%|#####     | 5/10 [00:01<6666666666666666666:00, 1.00it/s]"), st));
        QCOMPARE(st.text, QStringLiteral("Step 5/10"));
        QVERIFY(!st.barEtaSeconds);
        QVERIFY(parseProgressLine(QStringLiteral(" 60%|######    | 6/10 [00:01<153722867280912930:08, 1.00it/s]"), st));
        QVERIFY(!st.barEtaSeconds); // one second past INT64_MAX: 153722867280912930 min 8 s
        QVERIFY(parseProgressLine(QStringLiteral(" 70%|#######   | 7/10 [00:01<02:14:42, 1.00it/s]"), st));
        QCOMPARE(*st.barEtaSeconds, 8082); // ordinary times unchanged
        ProgressState k;
        QVERIFY(parseProgressLine(QStringLiteral("5/10 [==>.....] - ETA: 999999999999999999:00:00 - loss: 0.1"), k));
        QCOMPARE(*k.barN, 5);
        QVERIFY(!k.barEtaSeconds);
        ProgressState e = lines({QStringLiteral(R"(SEED_PROGRESS {"progress": "x", "eta_seconds": 1e300})")});
        QCOMPARE(*e.explicitEta, std::numeric_limits<qint64>::max());
    }
};

QTEST_GUILESS_MAIN(TestProgress)
#include "tst_progress.moc"
