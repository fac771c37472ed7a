// GPU inventory parsers on fixtures (tests/fixtures/gpu), the model -> contract type rule, simulated
// inventories and their CDI spec, and the allocator's policy (FIFO with backfill, pinning, never-fits).
#include "sched/allocator.h"
#include "sched/cdi.h"
#include "sched/gpuinventory.h"

#include "fixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace seed::sched;

namespace {
QByteArray fixture(const char *name) { return readFixture(QStringLiteral("gpu/") + QLatin1String(name)); }
Request req(const char *id, const char *type, int n, int cpus = 2, int mem = 4)
{
    return Request{QString::fromLatin1(id), QString::fromLatin1(type), n, cpus, mem};
}
} // namespace

class TestSched : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cdiSpecIsFoundByKind()
    {
        QTemporaryDir a, b;
        const auto write = [](const QString &path, const QByteArray &text) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        // nvidia-ctk writes YAML; seedd's own simulated spec is JSON. Another kind, or the kind in a comment or a
        // longer name, is not a spec for it.
        write(a.filePath(QStringLiteral("other.yaml")),
              "cdiVersion: 0.5.0\nkind: nvidia.com/gpu-other\n# kind: nvidia.com/gpu\n");
        QVERIFY(findCdiSpec(QStringLiteral("nvidia.com/gpu"), {a.path(), b.path()}).isEmpty());
        write(b.filePath(QStringLiteral("nvidia.yaml")),
              "---\ncdiVersion: 0.5.0\nkind: nvidia.com/gpu\ndevices:\n- name: \"0\"\n");
        QCOMPARE(findCdiSpec(QStringLiteral("nvidia.com/gpu"), {a.path(), b.path()}),
                 b.filePath(QStringLiteral("nvidia.yaml")));
        write(a.filePath(QStringLiteral("seed.json")),
              QJsonDocument(simulatedCdiSpec(QStringLiteral("seed.local/gpu"), {})).toJson());
        QCOMPARE(findCdiSpec(QStringLiteral("seed.local/gpu"), {a.path()}), a.filePath(QStringLiteral("seed.json")));
        // Compact JSON on one line, and a device named like the kind, are read for what they are.
        write(b.filePath(QStringLiteral("compact.json")),
              R"({"cdiVersion":"0.5.0","kind":"vendor.example/gpu","devices":[{"name":"other.example/gpu"}]})");
        QCOMPARE(findCdiSpec(QStringLiteral("vendor.example/gpu"), {b.path()}),
                 b.filePath(QStringLiteral("compact.json")));
        QVERIFY(findCdiSpec(QStringLiteral("other.example/gpu"), {b.path()}).isEmpty());
        write(b.filePath(QStringLiteral("quoted.yaml")), "cdiVersion: \"0.5.0\"\nkind: \"quoted.example/gpu\"\n");
        QCOMPARE(findCdiSpec(QStringLiteral("quoted.example/gpu"), {b.path()}),
                 b.filePath(QStringLiteral("quoted.yaml")));
        QVERIFY(missingCdiSpecText(QStringLiteral("nvidia.com/gpu"))
                    .contains(QLatin1String("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml")));
    }
    void nvidiaSmiMetricsNoHeader()
    {
        QString err;
        const auto m = parseNvidiaSmiMetrics(fixture("nvidia-smi-metrics-h100-noheader-nounits.csv"), &err);
        QVERIFY2(m, qPrintable(err));
        QCOMPARE(m->size(), 2);
        QCOMPARE(m->value(0).utilizationPercent, std::optional<double>(87));
        QCOMPARE(m->value(0).memoryUsedBytes, std::optional<qint64>(61440ll << 20));
        QCOMPARE(m->value(0).powerWatts, std::optional<double>(512.34));
        QCOMPARE(m->value(0).temperatureC, std::optional<int>(66));
        QCOMPARE(m->value(1).utilizationPercent, std::optional<double>(0));
        QCOMPARE(m->value(1).memoryUsedBytes, std::optional<qint64>(1ll << 20));
        QVERIFY(!m->value(1).energyMillijoules); // nvidia-smi has no energy counter: the sampler integrates power
        QCOMPARE(nvidiaSmiMetricsArguments().first(),
                 QStringLiteral("--query-gpu=index,utilization.gpu,memory.used,power.draw,temperature.gpu"));
    }
    void nvidiaSmiMetricsHeaderUnitsAndNotAvailable()
    {
        QString err;
        const auto m = parseNvidiaSmiMetrics(fixture("nvidia-smi-metrics-mixed-header-units.csv"), &err);
        QVERIFY2(m, qPrintable(err));
        QCOMPARE(m->size(), 3);
        QCOMPARE(m->value(0).utilizationPercent, std::optional<double>(42));
        QCOMPARE(m->value(0).memoryUsedBytes, std::optional<qint64>(30000ll << 20));
        QCOMPARE(m->value(0).powerWatts, std::optional<double>(250.5));
        QVERIFY(!m->value(1).utilizationPercent); // [N/A]: unmeasured, not 0
        QVERIFY(!m->value(1).powerWatts);
        QCOMPARE(m->value(1).memoryUsedBytes, std::optional<qint64>(0));
        QVERIFY(!m->value(2).powerWatts); // [Not Supported]
        QCOMPARE(m->value(2).utilizationPercent, std::optional<double>(3));
    }
    void nvidiaSmiMetricsRefusesOtherShapes_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::newRow("inventory columns") << fixture("nvidia-smi-h100-noheader-nounits.csv");
        QTest::newRow("bad index") << QByteArray("x, 1, 2, 3, 4\n");
        QTest::newRow("negative index") << QByteArray("-1, 1, 2, 3, 4\n");
        QTest::newRow("six columns") << QByteArray("0, 1, 2, 3, 4, 5\n");
    }
    void nvidiaSmiMetricsRefusesOtherShapes()
    {
        QFETCH(QByteArray, csv);
        QString err;
        QVERIFY(!parseNvidiaSmiMetrics(csv, &err));
        QVERIFY(err.startsWith(QLatin1String("nvidia-smi:")));
        // Out-of-range values are unmeasured, never taken as they come.
        const auto m = parseNvidiaSmiMetrics("0, 250, -5, inf, 99999\n", &err);
        QVERIFY(m);
        QVERIFY(!m->value(0).utilizationPercent && !m->value(0).memoryUsedBytes && !m->value(0).powerWatts &&
                !m->value(0).temperatureC);
    }
    void nvidiaSmiNoHeader()
    {
        QString err;
        const auto gpus = parseNvidiaSmiCsv(fixture("nvidia-smi-h100-noheader-nounits.csv"), &err);
        QVERIFY2(gpus, qPrintable(err));
        QCOMPARE(gpus->size(), 2);
        QCOMPARE(gpus->at(1).index, 1);
        QCOMPARE(gpus->at(0).model, QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(gpus->at(0).memoryMiB, qint64(81559));
        QCOMPARE(gpus->at(0).type, QStringLiteral("H100-80GB"));
        QVERIFY(gpus->at(0).uuid.startsWith(QLatin1String("GPU-")));
        QVERIFY(!gpus->at(0).simulated);
    }

    void nvidiaSmiHeaderAndUnits()
    {
        QString err;
        const auto gpus = parseNvidiaSmiCsv(fixture("nvidia-smi-mixed-header-units.csv"), &err);
        QVERIFY2(gpus, qPrintable(err));
        QStringList types;
        for (const Gpu &g : *gpus)
            types << g.type;
        QCOMPARE(types, (QStringList{QStringLiteral("A100-80GB"), QStringLiteral("A100-40GB"), QStringLiteral("L4"),
                                     QStringLiteral("T4"), QStringLiteral("L4"), QString()}));
        QCOMPARE(gpus->at(1).memoryMiB, qint64(40960));
    }

    void nvidiaSmiGarbage()
    {
        QString err;
        QVERIFY(!parseNvidiaSmiCsv("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", &err));
        QVERIFY(!err.isEmpty());
        QVERIFY(!parseNvidiaSmiCsv("0, GPU-x, NVIDIA L4, lots\n", &err));
        QCOMPARE(parseNvidiaSmiCsv("", &err)->size(), 0);
    }

    void nvmlRecord()
    {
        QString err;
        const auto devs = parseNvmlRecord(fixture("nvml-h100nvl-h200.jsonl"), &err);
        QVERIFY2(devs, qPrintable(err));
        QCOMPARE(devs->size(), 2);
        const Gpu nvl = gpuFromNvml(devs->at(0));
        QCOMPARE(nvl.model, QStringLiteral("NVIDIA H100 NVL"));
        QCOMPARE(nvl.memoryMiB, qint64(95330));
        QCOMPARE(nvl.type, QStringLiteral("H100-80GB"));
        const Gpu h200 = gpuFromNvml(devs->at(1));
        QCOMPARE(h200.index, 1);
        QCOMPARE(h200.type, QStringLiteral("H100-80GB")); // the documented H200 rule
        QCOMPARE(h200.memoryMiB, qint64(143771));
        // NVML's fixed-size buffers: the name ends at the first NUL.
        NvmlDevice raw;
        raw.name = QByteArray("NVIDIA L4\0garbage", 17);
        raw.uuid = "GPU-1";
        raw.memoryTotalBytes = 23034ull << 20;
        QCOMPARE(gpuFromNvml(raw).model, QStringLiteral("NVIDIA L4"));
        QCOMPARE(gpuFromNvml(raw).type, QStringLiteral("L4"));
    }

    // Out-of-range numbers are refused, not converted: a double past unsigned long long has no defined conversion,
    // and a negative index or memory is no GPU.
    void nvmlRecordAndCsvRefuseBadNumbers()
    {
        QString err;
        const QByteArray ok = R"({"index":0,"name":"NVIDIA L4","uuid":"GPU-1","memory_total_bytes":24152899584})";
        QVERIFY2(parseNvmlRecord(ok, &err), qPrintable(err));
        for (const char *bad : {R"({"index":0,"name":"NVIDIA L4","uuid":"GPU-1","memory_total_bytes":1e300})",
                                R"({"index":0,"name":"NVIDIA L4","uuid":"GPU-1","memory_total_bytes":-1})",
                                R"({"index":0,"name":"NVIDIA L4","uuid":"GPU-1","memory_total_bytes":1.5})",
                                R"({"index":-1,"name":"NVIDIA L4","uuid":"GPU-1","memory_total_bytes":1024})"}) {
            err.clear();
            QVERIFY2(!parseNvmlRecord(bad, &err), bad);
            QVERIFY(!err.isEmpty());
        }
        QVERIFY(!parseNvidiaSmiCsv("-1, GPU-x, NVIDIA L4, 23034\n", &err));
        QVERIFY(!parseNvidiaSmiCsv("0, GPU-x, NVIDIA L4, -23034\n", &err));
    }

    void contractTypes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("mib");
        QTest::addColumn<QString>("type");
        QTest::newRow("A100 PCIe 40") << QStringLiteral("NVIDIA A100-PCIE-40GB") << qint64(40960) << QStringLiteral("A100-40GB");
        QTest::newRow("A100 80") << QStringLiteral("NVIDIA A100 80GB PCIe") << qint64(81920) << QStringLiteral("A100-80GB");
        QTest::newRow("A800") << QStringLiteral("NVIDIA A800-SXM4-80GB") << qint64(81920) << QStringLiteral("A100-80GB");
        QTest::newRow("H100 PCIe") << QStringLiteral("NVIDIA H100 PCIe") << qint64(81559) << QStringLiteral("H100-80GB");
        QTest::newRow("H200") << QStringLiteral("NVIDIA H200") << qint64(143771) << QStringLiteral("H100-80GB");
        QTest::newRow("H200 NVL") << QStringLiteral("NVIDIA H200 NVL") << qint64(143771) << QStringLiteral("H100-80GB");
        QTest::newRow("GH200") << QStringLiteral("NVIDIA GH200 480GB") << qint64(97871) << QStringLiteral("H100-80GB");
        QTest::newRow("L40S") << QStringLiteral("NVIDIA L40S") << qint64(46068) << QStringLiteral("L4");
        QTest::newRow("T4") << QStringLiteral("Tesla T4") << qint64(15360) << QStringLiteral("T4");
        QTest::newRow("RTX 4090") << QStringLiteral("NVIDIA GeForce RTX 4090") << qint64(24564) << QString();
        QTest::newRow("A10") << QStringLiteral("NVIDIA A10") << qint64(23028) << QString();
        QTest::newRow("T400") << QStringLiteral("NVIDIA T400 4GB") << qint64(4096) << QString();
    }
    void contractTypes()
    {
        QFETCH(QString, model);
        QFETCH(qint64, mib);
        QFETCH(QString, type);
        QCOMPARE(contractTypeFor(model, mib), type);
    }

    void simulated()
    {
        QString err;
        const auto gpus = parseSimulated(QStringLiteral("A100-80GB:4,L4:2"), &err);
        QVERIFY(gpus);
        QCOMPARE(gpus->size(), 6);
        QCOMPARE(gpus->at(4).type, QStringLiteral("L4"));
        QCOMPARE(gpus->at(4).index, 4);
        QVERIFY(gpus->at(0).simulated);
        QVERIFY(gpus->at(0).uuid != gpus->at(1).uuid);
        GpuInventory inv;
        inv.source = QStringLiteral("simulated");
        inv.gpus = *gpus;
        QCOMPARE(inv.describe(), QStringLiteral("4 x A100-80GB, 2 x L4 (simulated)"));
        QVERIFY(parseSimulated(QStringLiteral("L4:60,T4:4"), &err));
        for (const char *bad : {"A100-80GB", "B200:1", "L4:0", "none:2", "", "L4:64,T4:1", "L4:65"})
            QVERIFY2(!parseSimulated(QString::fromLatin1(bad), &err), bad);
    }

    void cdiSpec()
    {
        QString err;
        const auto gpus = parseSimulated(QStringLiteral("L4:2"), &err);
        const QJsonObject spec = simulatedCdiSpec(QStringLiteral("seed.local/gpu"), *gpus);
        QCOMPARE(spec.value(QStringLiteral("kind")).toString(), QStringLiteral("seed.local/gpu"));
        const QJsonArray devs = spec.value(QStringLiteral("devices")).toArray();
        QCOMPARE(devs.size(), 2);
        QCOMPARE(devs[1].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("1"));
        QVERIFY(devs[1].toObject().value(QStringLiteral("containerEdits")).toObject().value(QStringLiteral("env")).toArray()
                    .contains(QJsonValue(QStringLiteral("SEED_GPU_1_UUID=") + gpus->at(1).uuid)));
        QTemporaryDir dir;
        const QString path = writeCdiSpec(dir.path(), QStringLiteral("seed.local/gpu"), spec, &err);
        QCOMPARE(path, dir.path() + QStringLiteral("/seed.local_gpu.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(f.readAll()).object(), spec);
        QVERIFY(isValidCdiKind(QStringLiteral("nvidia.com/gpu")));
        QVERIFY(!isValidCdiKind(QStringLiteral("gpu")));
        QVERIFY(!isValidCdiKind(QStringLiteral("../x/y")));
    }

    void allocatorPinsAndBackfills()
    {
        QString err;
        Allocator a(*parseSimulated(QStringLiteral("A100-80GB:2,L4:1"), &err), Capacity{8, 32});
        // FIFO: the two one-GPU jobs get different indices; the third A100 job waits; the L4 job behind it
        // and a CPU-only job are backfilled.
        const QList<Grant> g = a.admit({req("a", "A100-80GB", 1), req("b", "A100-80GB", 1), req("c", "A100-80GB", 1),
                                        req("d", "L4", 1), req("e", "none", 0)});
        QCOMPARE(g.size(), 4);
        QCOMPARE(g[0].gpuIndices, QList<int>{0});
        QCOMPARE(g[1].gpuIndices, QList<int>{1});
        QCOMPARE(g[2].jobId, QStringLiteral("d"));
        QCOMPARE(g[2].gpuIndices, QList<int>{2});
        QCOMPARE(g[3].jobId, QStringLiteral("e"));
        QVERIFY(g[3].gpuIndices.isEmpty());
        QCOMPARE(a.holderOf(1), QStringLiteral("b"));
        QCOMPARE(a.free().cpus, 0);
        // Nothing else fits until a job ends; then the waiting one gets the freed GPU.
        QVERIFY(a.admit({req("c", "A100-80GB", 1)}).isEmpty());
        a.release(QStringLiteral("a"));
        QVERIFY(a.admit({req("c", "A100-80GB", 1, 4)}).isEmpty()); // GPU free, CPUs not
        a.release(QStringLiteral("e"));
        const QList<Grant> later = a.admit({req("c", "A100-80GB", 1)});
        QCOMPARE(later.size(), 1);
        QCOMPARE(later[0].gpuIndices, QList<int>{0});
        // Re-adoption may exceed capacity but still marks the GPUs.
        a.restore(req("x", "L4", 1, 64, 64), {2});
        QCOMPARE(a.holderOf(2), QStringLiteral("x"));
    }

    void neverFitsNamesTheMachine()
    {
        QString err;
        Allocator a(*parseSimulated(QStringLiteral("A100-80GB:2"), &err), Capacity{16, 64});
        QVERIFY(!a.neverFits(req("ok", "A100-80GB", 2, 16, 64)));
        const auto why = a.neverFits(req("big", "A100-80GB", 4, 32, 64));
        QVERIFY(why);
        QVERIFY2(why->contains(QLatin1String("4 x A100-80GB")) && why->contains(QLatin1String("32 vCPUs")) &&
                     why->contains(QLatin1String("2 x A100-80GB (simulated), 16 vCPUs and 64 GB")),
                 qPrintable(*why));
        QVERIFY(a.neverFits(req("h100", "H100-80GB", 1)));
        QVERIFY(a.neverFits(req("mem", "none", 0, 2, 65)));
    }

    // Preemption plans: only spot holders are victims, the fewest that free enough, the most recently started first;
    // jobs already stopping are counted before new victims; a request that non-spot jobs block gets no plan.
    void preemptionPlan()
    {
        QString err;
        Allocator a(*parseSimulated(QStringLiteral("L4:4"), &err), Capacity{64, 256});
        const auto spot = [](const char *id, int n, int cpus = 2) {
            Request r = req(id, "L4", n, cpus);
            r.spot = true;
            return r;
        };
        QVERIFY(a.tryGrant(spot("s1", 1)));   // oldest
        QVERIFY(a.tryGrant(spot("s2", 2)));
        QVERIFY(a.tryGrant(spot("s3", 1)));   // newest
        QVERIFY(a.holdsSpot(QStringLiteral("s2")));
        // One GPU: the newest single spot job.
        auto plan = a.planPreemptions({req("f1", "L4", 1)}, {});
        QCOMPARE(plan.size(), 1);
        QCOMPARE(plan[0].forJob, QStringLiteral("f1"));
        QCOMPARE(plan[0].victims, QStringList{QStringLiteral("s3")});
        // Two GPUs: one victim (s2) beats two (s3 + s1), although s3 is newer.
        plan = a.planPreemptions({req("f2", "L4", 2)}, {});
        QCOMPARE(plan[0].victims, QStringList{QStringLiteral("s2")});
        // Three GPUs: s2 with the newest single one.
        plan = a.planPreemptions({req("f3", "L4", 3)}, {});
        QCOMPARE(plan[0].victims, (QStringList{QStringLiteral("s3"), QStringLiteral("s2")})); // newest first
        // Two requests never count on the same victim: the second gets its own.
        plan = a.planPreemptions({req("f1", "L4", 1), req("g1", "L4", 1)}, {});
        QCOMPARE(plan.size(), 2);
        QCOMPARE(plan[0].victims, QStringList{QStringLiteral("s3")});
        QCOMPARE(plan[1].victims, QStringList{QStringLiteral("s2")}); // one victim, the newer of s1 and s2
        // s3 already stopping: the request waits for it, no new victim.
        plan = a.planPreemptions({req("f1", "L4", 1)}, {QStringLiteral("s3")});
        QCOMPARE(plan.size(), 1);
        QVERIFY(plan[0].victims.isEmpty());
        // Spot requests never preempt.
        QVERIFY(a.planPreemptions({spot("s4", 1)}, {}).isEmpty());
        // A non-spot holder is never a victim: with it holding a GPU, 4 GPUs cannot be freed.
        a.release(QStringLiteral("s1"));
        QVERIFY(a.tryGrant(req("firm", "L4", 1)));
        QVERIFY(a.planPreemptions({req("f4", "L4", 4)}, {}).isEmpty());
        plan = a.planPreemptions({req("f4", "L4", 4), req("f1", "L4", 1)}, {});
        QCOMPARE(plan.size(), 1); // the blocked one does not block the one behind it (backfill)
        QCOMPARE(plan[0].forJob, QStringLiteral("f1"));
        // CPUs count too: a CPU-only request takes vCPUs from spot holders.
        Allocator c(*parseSimulated(QStringLiteral("L4:1"), &err), Capacity{8, 64});
        QVERIFY(c.tryGrant(spot("big", 1, 8)));
        plan = c.planPreemptions({req("cpu", "none", 0, 4)}, {});
        QCOMPARE(plan.size(), 1);
        QCOMPARE(plan[0].victims, QStringList{QStringLiteral("big")});
    }
};

QTEST_GUILESS_MAIN(TestSched)
#include "tst_sched.moc"
