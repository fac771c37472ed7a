// "Real" GPUs end to end: seedd started with `--gpus auto` loads the NVML test double through its own
// dlopen("libnvidia-ml.so.1"), takes its inventory from it (model -> contract type), pins jobs by NVML index,
// gives them the GPU UUIDs, and samples the scripted utilisation, memory and power into analytics, the
// series and the machine view. GPU jobs are real busybox containers with a CDI spec of the test's own kind.
#include "gpu/nvmlscript.h"
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include <cmath>

#include <unistd.h>

using namespace rt;

namespace {
const QString kUuid0 = QStringLiteral("GPU-11111111-2222-3333-4444-000000000000");
const QString kUuid1 = QStringLiteral("GPU-11111111-2222-3333-4444-000000000001");
const QString kUuid2 = QStringLiteral("GPU-11111111-2222-3333-4444-000000000002");
// Two A100 80GB and a T4; from t=0 on each GPU reports constant values (fakenvml.c documents the format).
const QByteArray kScript = R"(# tst_gpu_nvml
gpu 0 GPU-11111111-2222-3333-4444-000000000000 85899345920 400000 NVIDIA A100-SXM4-80GB
gpu 1 GPU-11111111-2222-3333-4444-000000000001 85899345920 400000 NVIDIA A100-SXM4-80GB
gpu 2 GPU-11111111-2222-3333-4444-000000000002 16106127360 70000 Tesla T4
# t  gpu util mem_used_bytes power_mw energy_mj temp
0    0   37   2147483648     250000   1000000   61
0    1   81   4294967296     300000   -         70
0    2   0    0              27000    5000      40
)";
} // namespace

class TestGpuNvml : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    QTemporaryDir m_tmp;
    std::unique_ptr<gpu::TestCdiSpec> m_cdi;
    std::unique_ptr<SeeddProcess> m_seedd;
    std::unique_ptr<TestHttp> m_http;

    QJsonObject gpuSpec(const QString &name, const QString &type, int count)
    {
        QJsonObject s =
            spec(name,
                 QStringLiteral("env | grep -E '^(CUDA_VISIBLE_DEVICES|NVIDIA_VISIBLE_DEVICES|SEED_GPU_INDICES|"
                                "FAKE_CDI_DEVICE_[0-9]+)=' | sort; "
                                "while [ ! -f /workspace/go ]; do sleep 0.1; done"),
                 PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), type);
        s.insert(QStringLiteral("gpu_count"), count);
        return s;
    }
    void release(const QString &jobId)
    {
        QFile f(m_seedd->dataDir() + QStringLiteral("/work/") + jobId + QStringLiteral("/workspace/go"));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QJsonObject machine(const QString &route = QStringLiteral("machine"))
    {
        return m_http->get(QStringLiteral("/%1/%2").arg(ns(), route)).json();
    }
    // The analytics once a GPU sample is in.
    QJsonObject sampledAnalytics(const QString &name)
    {
        QJsonObject a;
        QDeadlineTimer d(15000);
        while (!d.hasExpired()) {
            a = m_http->get(QStringLiteral("/%1/job/%2/analytics").arg(ns(), name)).json();
            if (a.value(QStringLiteral("gpu_memory_used_bytes")).isDouble())
                break;
            QTest::qWait(100);
        }
        return a;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            QSKIP(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        QVERIFY(m_tmp.isValid());
        QFile script(m_tmp.filePath(QStringLiteral("nvml.script")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(kScript);
        script.close();
        gpu::useFakeNvml(script.fileName());
        m_cdi = std::make_unique<gpu::TestCdiSpec>(
            QStringLiteral("seed.test/nvml-t%1").arg(QCoreApplication::applicationPid()), 3);
        QVERIFY(m_cdi->ok());
        QFile cfg(m_tmp.filePath(QStringLiteral("seedd.json")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(
            R"({"telemetry": {"sample_interval_ms": 200}, "electricity": {"price_per_kwh": 0.30, "currency": "EUR"}})");
        cfg.close();
        m_seedd = std::make_unique<SeeddProcess>();
        QVERIFY(m_seedd->start({QStringLiteral("--gpus"), QStringLiteral("auto"), QStringLiteral("--capacity"),
                                QStringLiteral("cpus=16,memory_gb=16"), QStringLiteral("--cancel-grace"),
                                QStringLiteral("1"), QStringLiteral("--cdi-kind"), m_cdi->kind(),
                                QStringLiteral("--config"), cfg.fileName()}));
        m_http = std::make_unique<TestHttp>(m_seedd->url(), TestHttp::bearer(m_seedd->localToken()));
    }
    void cleanupTestCase()
    {
        if (m_seedd)
            QVERIFY(m_seedd->stop());
    }

    void inventoryFromNvml()
    {
        const QJsonObject m = machine();
        QCOMPARE(m.value(QStringLiteral("gpu_source")).toString(), QStringLiteral("nvml"));
        QCOMPARE(m.value(QStringLiteral("simulated")).toBool(true), false);
        const QJsonArray gpus = m.value(QStringLiteral("gpus")).toArray();
        QCOMPARE(gpus.size(), 3);
        const QStringList uuids{kUuid0, kUuid1, kUuid2};
        const QStringList models{QStringLiteral("NVIDIA A100-SXM4-80GB"), QStringLiteral("NVIDIA A100-SXM4-80GB"),
                                 QStringLiteral("Tesla T4")};
        const QStringList types{QStringLiteral("A100-80GB"), QStringLiteral("A100-80GB"), QStringLiteral("T4")};
        const QList<int> mib{81920, 81920, 15360};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject g = gpus[i].toObject();
            QCOMPARE(g.value(QStringLiteral("index")).toInt(-1), i);
            QCOMPARE(g.value(QStringLiteral("uuid")).toString(), uuids[i]);
            QCOMPARE(g.value(QStringLiteral("model")).toString(), models[i]);
            QCOMPARE(g.value(QStringLiteral("type")).toString(), types[i]);
            QCOMPARE(g.value(QStringLiteral("memory_mib")).toInt(), mib[i]);
            QCOMPARE(g.value(QStringLiteral("simulated")).toBool(true), false);
        }
        // The machine view reads every GPU, held or not, as scripted.
        const QJsonArray view = machine(QStringLiteral("machine/view")).value(QStringLiteral("gpus")).toArray();
        QCOMPARE(view.size(), 3);
        QCOMPARE(view[0].toObject().value(QStringLiteral("utilization_percent")).toDouble(-1), 37.0);
        QCOMPARE(view[0].toObject().value(QStringLiteral("memory_used_mib")).toDouble(-1), 2048.0);
        QCOMPARE(view[1].toObject().value(QStringLiteral("utilization_percent")).toDouble(-1), 81.0);
        QCOMPARE(view[1].toObject().value(QStringLiteral("memory_used_mib")).toDouble(-1), 4096.0);
        QCOMPARE(view[2].toObject().value(QStringLiteral("utilization_percent")).toDouble(-1), 0.0);
    }

    void pinnedJobsSeeTheirUuidsAndTheirNumbers()
    {
        QCOMPARE(m_http
                     ->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                            gpuSpec(QStringLiteral("a"), QStringLiteral("A100-80GB"), 1))
                     .status,
                 201);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                            gpuSpec(QStringLiteral("b"), QStringLiteral("A100-80GB"), 1))
                     .status,
                 201);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                            gpuSpec(QStringLiteral("t"), QStringLiteral("T4"), 1))
                     .status,
                 201);
        QMap<QString, QString> ids;
        for (const QString &n : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("t")})
            ids[n] = waitStatus(*m_http, n, {QStringLiteral("running")}).value(QStringLiteral("id")).toString();
        // Which index each job holds, from the machine view.
        QMap<QString, int> held;
        const QJsonArray view = machine(QStringLiteral("machine/view")).value(QStringLiteral("gpus")).toArray();
        for (const QJsonValue &g : view) {
            const QString name =
                g.toObject().value(QStringLiteral("job")).toObject().value(QStringLiteral("name")).toString();
            if (!name.isEmpty())
                held[name] = g.toObject().value(QStringLiteral("index")).toInt();
        }
        QCOMPARE(held.size(), 3);
        QCOMPARE(held.value(QStringLiteral("t")), 2);
        QVERIFY(held.value(QStringLiteral("a")) != held.value(QStringLiteral("b")));
        const QStringList uuids{kUuid0, kUuid1, kUuid2};
        const QList<double> util{37, 81, 0};
        const QList<qint64> mem{2147483648, 4294967296, 0};
        for (auto it = held.cbegin(); it != held.cend(); ++it) {
            const int i = it.value();
            // The job's own environment: the UUID of exactly its GPU, that GPU's CDI device, nothing else.
            const QString cuda = QStringLiteral("CUDA_VISIBLE_DEVICES=") + uuids[i];
            QVERIFY2(waitLog(*m_http, it.key(), cuda), qPrintable(logLines(*m_http, it.key()).join(u'\n')));
            const QStringList lines = logLines(*m_http, it.key());
            QVERIFY(lines.contains(QStringLiteral("SEED_GPU_INDICES=%1").arg(i)));
            QVERIFY(lines.contains(QStringLiteral("FAKE_CDI_DEVICE_%1=1").arg(i)));
            QCOMPARE(lines.filter(QStringLiteral("FAKE_CDI_DEVICE_")).size(), 1);
            // Sampled from the GPU it holds: the scripted numbers, not another GPU's.
            const QJsonObject a = sampledAnalytics(it.key());
            QVERIFY2(a.value(QStringLiteral("gpu_utilization_percent")).isDouble(),
                     QJsonDocument(a).toJson().constData());
            QCOMPARE(a.value(QStringLiteral("gpu_utilization_percent")).toDouble(), util[i]);
            QCOMPARE(qint64(a.value(QStringLiteral("gpu_memory_used_bytes")).toDouble()), mem[i]);
            QCOMPARE(a.value(QStringLiteral("gpu_simulated")).toBool(true), false);
            QCOMPARE(a.value(QStringLiteral("gpu_measured")), QJsonValue(true));
        }
        for (const QString &n : ids.keys())
            release(ids[n]);
        for (const QString &n : ids.keys())
            QCOMPARE(waitTerminal(*m_http, n).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    }

    void twoGpusAreAveragedAndSummed()
    {
        QCOMPARE(m_http
                     ->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                            gpuSpec(QStringLiteral("pair"), QStringLiteral("A100-80GB"), 2))
                     .status,
                 201);
        const QString id = waitStatus(*m_http, QStringLiteral("pair"), {QStringLiteral("running")})
                               .value(QStringLiteral("id"))
                               .toString();
        QVERIFY(
            waitLog(*m_http, QStringLiteral("pair"), QStringLiteral("CUDA_VISIBLE_DEVICES=") + kUuid0 + u',' + kUuid1));
        const QJsonObject a = sampledAnalytics(QStringLiteral("pair"));
        QCOMPARE(a.value(QStringLiteral("gpu_utilization_percent")).toDouble(), 59.0); // (37 + 81) / 2
        QCOMPARE(qint64(a.value(QStringLiteral("gpu_memory_used_bytes")).toDouble()), qint64(6442450944));
        const QJsonArray pts = m_http->get(QStringLiteral("/%1/job/pair/analytics/series").arg(ns()))
                                   .json()
                                   .value(QStringLiteral("points"))
                                   .toArray();
        QVERIFY(!pts.isEmpty());
        QCOMPARE(pts.last().toObject().value(QStringLiteral("gpu_utilization_percent")).toDouble(), 59.0);
        release(id);
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("pair")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
    }

    // Scripted watts over a known time give the energy exactly: GPU 0 through its total-energy counter
    // (250 W), GPU 1 by integrating its power over the samples (300 W, no counter), 550 W together. Known
    // time: the span between the job's first and last samples (the series' timestamps). Tolerance: the
    // counter is read a little after the sample's timestamp is taken (same tick); 0.1 s of GPU 0's power on
    // each end covers that even on a loaded machine (25 J of about 1650 J), plus rounding.
    void energyFromCounterAndFromPower()
    {
        QCOMPARE(m_http
                     ->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                            gpuSpec(QStringLiteral("energy"), QStringLiteral("A100-80GB"), 2))
                     .status,
                 201);
        const QString id = waitStatus(*m_http, QStringLiteral("energy"), {QStringLiteral("running")})
                               .value(QStringLiteral("id"))
                               .toString();
        const QString series = QStringLiteral("/%1/job/energy/analytics/series").arg(ns());
        QTRY_VERIFY_WITH_TIMEOUT(m_http->get(series).json().value(QStringLiteral("points")).toArray().size() >= 12,
                                 20000);
        // Live: the power of its two GPUs, per GPU in the machine view, and the energy growing.
        const QJsonObject live = m_http->get(QStringLiteral("/%1/job/energy/analytics").arg(ns())).json();
        QCOMPARE(live.value(QStringLiteral("gpu_power_watts")).toDouble(), 550.0);
        QCOMPARE(live.value(QStringLiteral("gpu_telemetry")).toString(), QStringLiteral("nvml"));
        QVERIFY(live.value(QStringLiteral("energy_kwh")).toDouble() > 0);
        const QJsonArray view = machine(QStringLiteral("machine/view")).value(QStringLiteral("gpus")).toArray();
        QCOMPARE(view[0].toObject().value(QStringLiteral("power_watts")).toDouble(), 250.0);
        QCOMPARE(view[0].toObject().value(QStringLiteral("power_limit_watts")).toDouble(), 400.0);
        QCOMPARE(view[0].toObject().value(QStringLiteral("temperature_c")).toInt(), 61);
        QCOMPARE(view[1].toObject().value(QStringLiteral("power_watts")).toDouble(), 300.0);
        QCOMPARE(view[0].toObject().value(QStringLiteral("telemetry")).toString(), QStringLiteral("nvml"));
        release(id);
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("energy")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));

        const QJsonObject sj = m_http->get(series).json();
        QCOMPARE(sj.value(QStringLiteral("gpu_telemetry")).toString(), QStringLiteral("nvml"));
        const QJsonArray pts = sj.value(QStringLiteral("points")).toArray();
        const auto at = [](const QJsonValue &p) {
            return QDateTime::fromString(p.toObject().value(QStringLiteral("timestamp")).toString(), Qt::ISODateWithMs)
                .toMSecsSinceEpoch();
        };
        for (const QJsonValue &p : pts) {
            QCOMPARE(p.toObject().value(QStringLiteral("gpu_power_watts")).toDouble(), 550.0); // the power series
            QCOMPARE(p.toObject().value(QStringLiteral("gpu_simulated")).toBool(true), false);
        }
        QCOMPARE(pts.first().toObject().value(QStringLiteral("energy_kwh")).toDouble(-1), 0.0); // the count starts here
        const double seconds = double(at(pts.last()) - at(pts.first())) / 1000.0;
        const double expectedJ = 550.0 * seconds;
        const QJsonObject a = m_http->get(QStringLiteral("/%1/job/energy/analytics").arg(ns())).json();
        const double gotJ = a.value(QStringLiteral("energy_kwh")).toDouble() * 3.6e6;
        qInfo("energy: %.3f J over %.3f s at 550 W, expected %.3f J (off by %.3f J)", gotJ, seconds, expectedJ,
              gotJ - expectedJ);
        // The machine view sums the namespace's GPU energy: every job's, ended ones included.
        double sum = 0;
        const QJsonArray all = m_http->get(QStringLiteral("/%1/jobs?per_page=100").arg(ns())).json().value(QStringLiteral("data")).toArray();
        for (const QJsonValue &j : all)
            sum += m_http->get(QStringLiteral("/%1/job/%2/analytics").arg(ns(), j.toObject().value(QStringLiteral("name")).toString()))
                       .json()
                       .value(QStringLiteral("energy_kwh"))
                       .toDouble();
        const QJsonObject nsEnergy = machine(QStringLiteral("machine/view")).value(QStringLiteral("namespace_energy")).toObject();
        QVERIFY2(std::abs(nsEnergy.value(QStringLiteral("energy_kwh")).toDouble(-1) - sum) < 1e-6,
                 qPrintable(QStringLiteral("%1 vs %2").arg(nsEnergy.value(QStringLiteral("energy_kwh")).toDouble()).arg(sum)));
        QVERIFY(sum > 0);
        QVERIFY(nsEnergy.value(QStringLiteral("jobs")).toInt() >= 1);
        QCOMPARE(nsEnergy.value(QStringLiteral("simulated")).toBool(true), false);
        QVERIFY2(std::abs(gotJ - expectedJ) <= 2 * 0.1 * 250.0 + 0.01,
                 qPrintable(QStringLiteral("%1 J over %2 s, expected %3 J").arg(gotJ).arg(seconds).arg(expectedJ)));
        QVERIFY(std::abs(pts.last().toObject().value(QStringLiteral("energy_kwh")).toDouble() * 3.6e6 - gotJ) < 0.01);
        // On the job too (additive), the same figure.
        const QJsonObject j = job(*m_http, QStringLiteral("energy"));
        QCOMPARE(j.value(QStringLiteral("energy_kwh")).toDouble(-1), a.value(QStringLiteral("energy_kwh")).toDouble());
        // The price of it, as configured (0.30 EUR per kWh).
        QCOMPARE(a.value(QStringLiteral("energy_currency")).toString(), QStringLiteral("EUR"));
        QVERIFY(std::abs(a.value(QStringLiteral("energy_cost")).toDouble() -
                         a.value(QStringLiteral("energy_kwh")).toDouble() * 0.30) < 1e-6);
        QVERIFY(a.value(QStringLiteral("energy_cost")).toDouble() > 0);
    }

    // Where NVML cannot load, nvidia-smi answers: the inventory and the same metrics. A stand-in nvidia-smi on
    // PATH prints the recorded fixtures for the two queries seedd makes (and fails for anything else).
    void nvidiaSmiFallback()
    {
        QTemporaryDir bin;
        const QString fixtures = QStringLiteral(SEED_TEST_DATA "/fixtures/gpu/");
        QFile smi(bin.filePath(QStringLiteral("nvidia-smi")));
        QVERIFY(smi.open(QIODevice::WriteOnly));
        smi.write("#!/bin/sh\ncase \"$1\" in\n"
                  "--query-gpu=index,uuid,name,memory.total) cat '" +
                  QFile::encodeName(fixtures) +
                  "nvidia-smi-h100-noheader-nounits.csv' ;;\n"
                  "--query-gpu=index,utilization.gpu,memory.used,power.draw,temperature.gpu) cat '" +
                  QFile::encodeName(fixtures) +
                  "nvidia-smi-metrics-h100-noheader-nounits.csv' ;;\n*) exit 2 ;;\nesac\n");
        smi.close();
        QVERIFY(smi.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QByteArray path = qgetenv("PATH"), ld = qgetenv("LD_LIBRARY_PATH");
        qputenv("PATH", QFile::encodeName(bin.path()) + ':' + path);
        qunsetenv("LD_LIBRARY_PATH"); // no libnvidia-ml.so.1 on this machine: dlopen fails as on a broken install
        gpu::TestCdiSpec cdi(QStringLiteral("seed.test/smi-t%1").arg(QCoreApplication::applicationPid()), 2);
        QVERIFY(cdi.ok());
        QFile cfg(m_tmp.filePath(QStringLiteral("smi.json")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(R"({"telemetry": {"sample_interval_ms": 200}})");
        cfg.close();
        SeeddProcess seedd;
        const bool started =
            seedd.start({QStringLiteral("--gpus"), QStringLiteral("auto"), QStringLiteral("--capacity"),
                         QStringLiteral("cpus=16,memory_gb=16"), QStringLiteral("--cdi-kind"), cdi.kind(),
                         QStringLiteral("--config"), cfg.fileName()});
        qputenv("PATH", path);
        qputenv("LD_LIBRARY_PATH", ld);
        QVERIFY(started);
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QJsonObject m = http.get(QStringLiteral("/%1/machine").arg(ns())).json();
        QCOMPARE(m.value(QStringLiteral("gpu_source")).toString(), QStringLiteral("nvidia-smi"));
        QCOMPARE(m.value(QStringLiteral("gpus")).toArray().size(), 2);
        QCOMPARE(m.value(QStringLiteral("gpus")).toArray()[0].toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("H100-80GB"));
        QJsonObject s = spec(QStringLiteral("smi"), QStringLiteral("while [ ! -f /workspace/go ]; do sleep 0.1; done"),
                             PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), QStringLiteral("H100-80GB"));
        s.insert(QStringLiteral("gpu_count"), 1);
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s).status, 201);
        const QString id =
            waitStatus(http, QStringLiteral("smi"), {QStringLiteral("running")}).value(QStringLiteral("id")).toString();
        QJsonObject a;
        QDeadlineTimer d(15000);
        while (!d.hasExpired() && !(a.value(QStringLiteral("gpu_measured")).toBool() &&
                                    a.value(QStringLiteral("energy_kwh")).toDouble() > 0)) {
            QTest::qWait(100);
            a = http.get(QStringLiteral("/%1/job/smi/analytics").arg(ns())).json();
        }
        QVERIFY2(a.value(QStringLiteral("gpu_measured")).toBool(), QJsonDocument(a).toJson().constData());
        QCOMPARE(a.value(QStringLiteral("gpu_telemetry")).toString(), QStringLiteral("nvidia-smi"));
        QCOMPARE(a.value(QStringLiteral("gpu_utilization_percent")).toDouble(), 87.0); // index 0 of the fixture
        QCOMPARE(qint64(a.value(QStringLiteral("gpu_memory_used_bytes")).toDouble()), 61440ll << 20);
        QCOMPARE(a.value(QStringLiteral("gpu_power_watts")).toDouble(), 512.3); // one decimal
        QVERIFY(a.value(QStringLiteral("energy_kwh")).toDouble() > 0);          // power integrated over the samples
        QFile go(seedd.dataDir() + QStringLiteral("/work/") + id + QStringLiteral("/workspace/go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QCOMPARE(waitTerminal(http, QStringLiteral("smi")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        QVERIFY(seedd.stop());
    }

    // Real GPUs but no CDI spec for their kind: seedd says at start, and in a GPU job's failure, how to create one.
    void missingCdiSpecIsExplained()
    {
        const QString kind = QStringLiteral("seed.test/nospec-t%1").arg(QCoreApplication::applicationPid());
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("auto"), QStringLiteral("--capacity"),
                             QStringLiteral("cpus=16,memory_gb=16"), QStringLiteral("--cdi-kind"), kind}));
        QTRY_VERIFY_WITH_TIMEOUT(seedd.output().contains("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"),
                                 10000);
        QVERIFY2(seedd.output().contains("No CDI spec for " + kind.toUtf8()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("nospec"), QStringLiteral("true"), PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), QStringLiteral("T4"));
        s.insert(QStringLiteral("gpu_count"), 1);
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s).status, 201);
        const QJsonObject j = waitTerminal(http, QStringLiteral("nospec"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(
            j.value(QStringLiteral("status_message"))
                .toString()
                .contains(QLatin1String("create one with `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml`")),
            QJsonDocument(j).toJson().constData());
        QVERIFY(seedd.stop());
    }

    // The sampling cost with 8 GPUs (docs/performance.md): seedd's CPU time while one job holds 8 double-backed
    // GPUs, minus the same with a CPU-only job, per sampled GPU. Run on demand (SEED_MEASURE_SAMPLING=SECONDS):
    // it takes 2 x SECONDS and measures, it does not check.
    void samplingCostWith8Gpus()
    {
        const int seconds = qEnvironmentVariableIntValue("SEED_MEASURE_SAMPLING");
        if (seconds <= 0)
            QSKIP("a measurement: set SEED_MEASURE_SAMPLING=SECONDS to run it");
        QByteArray script = "# 8 x A100 80GB, constant values\n";
        for (int i = 0; i < 8; ++i)
            script += QStringLiteral("gpu %1 GPU-00000000-0000-4000-8000-%2 85899345920 400000 NVIDIA "
                                     "A100-SXM4-80GB\n0 %1 50 1073741824 200000 0 60\n")
                          .arg(i)
                          .arg(i, 12, 10, QLatin1Char('0'))
                          .toUtf8();
        QFile f(m_tmp.filePath(QStringLiteral("eight.script")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(script);
        f.close();
        const QString calls = m_tmp.filePath(QStringLiteral("calls.txt"));
        gpu::useFakeNvml(f.fileName());
        qputenv("SEED_FAKE_NVML_CALLS", QFile::encodeName(calls));
        gpu::TestCdiSpec cdi(QStringLiteral("seed.test/eight-t%1").arg(QCoreApplication::applicationPid()), 8);
        QFile cfg(m_tmp.filePath(QStringLiteral("eight.json")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        const int intervalMs = 100; // ten ticks a second, to measure above the clock's 10 ms resolution
        cfg.write(QStringLiteral(R"({"telemetry": {"sample_interval_ms": %1}})").arg(intervalMs).toUtf8());
        cfg.close();
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("auto"), QStringLiteral("--capacity"),
                             QStringLiteral("cpus=64,memory_gb=64"), QStringLiteral("--cdi-kind"), cdi.kind(),
                             QStringLiteral("--config"), cfg.fileName()}));
        qunsetenv("SEED_FAKE_NVML_CALLS");
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const auto cpuSeconds = [&seedd] {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(seedd.pid()));
            if (!stat.open(QIODevice::ReadOnly))
                return -1.0;
            const QList<QByteArray> f = stat.readAll().split(')').last().trimmed().split(' ');
            return double(f.value(11).toLongLong() + f.value(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
        };
        const auto measure = [&](const QString &name, const QString &gpuType, int count) {
            QJsonObject s = spec(name, QStringLiteral("sleep 3600"), PodmanSandbox::image());
            s.insert(QStringLiteral("gpu"), gpuType);
            s.insert(QStringLiteral("gpu_count"), count);
            [&] { QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s).status, 201); }();
            waitStatus(http, name, {QStringLiteral("running")});
            QTest::qWait(2000); // past the first ticks (inspect, first disk walk)
            const double c0 = cpuSeconds();
            QElapsedTimer t;
            t.start();
            QTest::qWait(seconds * 1000);
            const double used = cpuSeconds() - c0, wall = double(t.elapsed()) / 1000.0;
            http.post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(ns(), name), QJsonObject{});
            waitTerminal(http, name);
            return std::pair{used, wall};
        };
        const auto [cpuOnly, wallA] = measure(QStringLiteral("cpu-only"), QStringLiteral("none"), 1);
        const auto [eight, wallB] = measure(QStringLiteral("eight"), QStringLiteral("A100-80GB"), 8);
        QVERIFY(seedd.stop());
        const double ticksA = wallA * 1000.0 / intervalMs, ticksB = wallB * 1000.0 / intervalMs;
        const double perGpuSample = (eight / ticksB - cpuOnly / ticksA) / 8.0; // CPU seconds per GPU per tick
        qInfo("seedd CPU: %.3f s over %.1f s with a CPU-only job, %.3f s over %.1f s with 8 GPUs (tick %d ms)", cpuOnly,
              wallA, eight, wallB, intervalMs);
        qInfo("per sampled GPU: %.1f us per tick = %.4f %% of one core per GPU at the default 1 s tick",
              perGpuSample * 1e6, perGpuSample * 100.0);
        QFile c(calls);
        if (c.open(QIODevice::ReadOnly))
            qInfo("NVML calls by the double's count (all seedd processes' shutdowns):\n%s", c.readAll().constData());
    }
};

QTEST_GUILESS_MAIN(TestGpuNvml)
#include "tst_gpu_nvml.moc"
