#!/usr/bin/env python3
"""Container jobs benchmark, everything on this machine in one run, side by side:

  A. 100 `podman run` of a trivial job from a shell loop (serial), same image and flags as seedd uses;
  B. the same 100 jobs through seedd, one at a time (--capacity cpus=2: apples to apples with A);
  C. the same 100 jobs through seedd with room for 8 at once (--capacity cpus=16);
  D. the same 100 `podman run` through a one-node Slurm, set up under a temp dir;
  E. submit->running latency: seedd (POST until GET says running, polled every 5 ms) vs `podman run -d`.

Usage: [PARTS=abcde] [N=100] bench/containers.py [BUILD_DIR]   (root, podman + runc, busybox-static, slurm-wlm + munge)
Podman runs in an isolated storage under a temp dir (as the tests do); everything is removed at the end.
"""
import http.client, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SEEDD = os.path.join(BUILD, "bin", "seedd")
N = int(os.environ.get("N", "100"))
# Which of C, D, E to run besides A and B (PARTS=ab: the serial ratio alone, about 1.5 min).
PARTS = os.environ.get("PARTS", "abcde").lower()
IMG = "localhost/seed-busybox:test"
T = tempfile.mkdtemp(prefix="seedbench-", dir="/tmp")
procs = []


def sh(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw).stdout


def sandbox():
    os.environ.update(common.podman_sandbox(T, IMG))


# The flags seedd passes (backend/runtime/podman.cpp), minus --detach/--name/labels that need a job.
FLAGS = ["--pull=never", "--log-driver", "k8s-file", "--network", "none", "--cpus", "2", "--memory", str(2 << 30),
         "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768", "--workdir", "/workspace",
         "--entrypoint", '["/bin/sh","-c"]']


def shell_loop(n=N):
    script = f"""for i in $(seq {n}); do podman --runtime runc run --rm -v {T}/ws:/workspace {' '.join("'%s'" % f for f in FLAGS)} {IMG} 'echo job $i' >/dev/null; done"""
    t0 = time.monotonic()
    subprocess.run(["bash", "-c", script], check=True)
    return time.monotonic() - t0


class Seedd:
    def __init__(self, name, capacity):
        self.dir = f"{T}/{name}"
        os.makedirs(self.dir)
        open(f"{self.dir}/config.json", "w").write('{"rate_limit": {"per_second": 0}}')
        self.seedd = common.SeeddProcess(SEEDD, self.dir, ["--config", f"{self.dir}/config.json", "--gpus", "none",
                                                           "--capacity", capacity], log=f"{self.dir}/seedd.log")
        self.p = self.seedd.p
        procs.append(self.p)
        self.port, self.token = self.seedd.port, self.seedd.token
        self.c = http.client.HTTPConnection("127.0.0.1", self.port)

    def req(self, method, path, body=None):
        self.c.request(method, path, body=json.dumps(body) if body else None,
                       headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        r = self.c.getresponse()
        return r.status, json.loads(r.read() or b"{}")

    def submit(self, name, cmd):
        st, b = self.req("POST", "/auth/v1/seed/bench/jobs",
                         {"name": name, "command": cmd, "image": IMG, "gpu": "none", "cpu": 2, "memory_gb": 2})
        assert st == 201, b

    def count(self, status):
        return self.req("GET", f"/bench/jobs?status={status}&per_page=1")[1]["pagination"]["total"]

    def stop(self):
        self.seedd.stop()


def through_seedd(name, capacity):
    d = Seedd(name, capacity)
    t0 = time.monotonic()
    for i in range(N):
        d.submit(f"j{i}", f"echo job {i}")
    while d.count("succeeded") + d.count("failed") < N:
        time.sleep(0.1)
    wall = time.monotonic() - t0
    failed = d.count("failed")
    d.stop()
    return wall, failed


def latency():
    d = Seedd("latency", "cpus=16,memory_gb=64")
    seedd_ms = []
    for i in range(10):
        t0 = time.monotonic()
        d.submit(f"l{i}", "sleep 1")
        while d.req("GET", f"/bench/job/l{i}")[1]["status"] != "running":
            time.sleep(0.005)
        seedd_ms.append((time.monotonic() - t0) * 1000)
        while d.req("GET", f"/bench/job/l{i}")[1]["status"] == "running":
            time.sleep(0.05)
    d.stop()
    podman_ms = []
    for i in range(10):
        t0 = time.monotonic()
        sh("podman", "--runtime", "runc", "run", "-d", "--name", f"lat{i}", "-v", f"{T}/ws:/workspace", *FLAGS, IMG, "sleep 1")
        podman_ms.append((time.monotonic() - t0) * 1000)
        sh("podman", "rm", "-f", "-t", "0", f"lat{i}")
    return statistics.median(seedd_ms), statistics.median(podman_ms)


def slurm():
    host = socket.gethostname().split(".")[0]
    S = f"{T}/slurm"
    for d in ("state", "spool", "log", "run"):
        os.makedirs(f"{S}/{d}", exist_ok=True)
    with open(f"{S}/munge.key", "wb") as f:
        f.write(os.urandom(1024))
    os.chmod(f"{S}/munge.key", 0o400)
    munged = subprocess.Popen(["munged", "--foreground", "--force", f"--key-file={S}/munge.key", f"--socket={S}/munge.sock",
                               f"--pid-file={S}/munged.pid", f"--log-file={S}/munged.log", f"--seed-file={S}/munge.seed"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(munged)
    cpus = os.cpu_count()
    mem = int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20 * 0.9)
    p1, p2 = common.free_port(), common.free_port()
    open(f"{S}/slurm.conf", "w").write(f"""ClusterName=seedbench
SlurmctldHost={host}
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket={S}/munge.sock
SlurmctldPort={p1}
SlurmdPort={p2}
StateSaveLocation={S}/state
SlurmdSpoolDir={S}/spool
SlurmctldPidFile={S}/run/slurmctld.pid
SlurmdPidFile={S}/run/slurmd.pid
SlurmctldLogFile={S}/log/slurmctld.log
SlurmdLogFile={S}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=300
KillWait=5
SlurmdParameters=config_overrides
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName={host} CPUs={cpus} RealMemory={mem} State=UNKNOWN
PartitionName=bench Nodes={host} Default=YES MaxTime=INFINITE State=UP
""")
    os.environ["SLURM_CONF"] = f"{S}/slurm.conf"
    for daemon in (["slurmctld", "-D", "-i"], ["slurmd", "-D"]):
        procs.append(subprocess.Popen(daemon, stdout=subprocess.DEVNULL, stderr=open(f"{S}/log/{daemon[0]}.err", "w")))
    for _ in range(100):
        try:
            if sh("sinfo", "-h", "-o", "%T").strip() == "idle":
                break
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.2)
    # One CPU per job (as the shell loop: containers of --cpus 2 on a 2-CPU box, one at a time would be -c 2).
    cmd = "podman --runtime runc run --rm -v %s/ws:/workspace %s %s 'echo job'" % (T, " ".join("'%s'" % f for f in FLAGS), IMG)
    t0 = time.monotonic()
    for i in range(N):
        sh("sbatch", "-Q", "-c", "1", "-o", "/dev/null", "--wrap", cmd)
    submit = time.monotonic() - t0
    while sh("squeue", "-h", "-o", "%i").strip():
        time.sleep(0.1)
    wall = time.monotonic() - t0
    subprocess.run(["scontrol", "shutdown"], capture_output=True)
    return wall, submit


def main():
    try:
        sandbox()
        shell_loop(5)  # warm-up: page cache, first-run podman setup
        nan = float("nan")
        a = shell_loop()
        b, bf = through_seedd("serial", "cpus=2,memory_gb=8")
        c, cf = through_seedd("parallel", "cpus=16,memory_gb=64") if "c" in PARTS else (nan, 0)
        lat_seedd, lat_podman = latency() if "e" in PARTS else (nan, nan)
        d, dsub = nan, nan
        if "d" in PARTS:
            try:
                d, dsub = slurm()
            except Exception as e:  # noqa: BLE001 - report, keep the other figures
                print("slurm failed:", e)
        print(f"jobs: {N} x trivial container ({IMG}), host: {os.cpu_count()} CPUs")
        print(f"A shell loop of podman run        : {a:7.2f} s  {N / a:6.2f} jobs/s")
        print(f"B seedd, one at a time            : {b:7.2f} s  {N / b:6.2f} jobs/s  ratio B/A {b / a:.2f}  failed {bf}")
        print(f"C seedd, up to 8 at once          : {c:7.2f} s  {N / c:6.2f} jobs/s  ratio C/A {c / a:.2f}  failed {cf}")
        print(f"D one-node Slurm (sbatch podman)  : {d:7.2f} s  {N / d:6.2f} jobs/s  (submit of {N}: {dsub:.2f} s)")
        print(f"E submit->running median of 10    : seedd {lat_seedd:.0f} ms, podman run -d {lat_podman:.0f} ms, "
              f"difference {lat_seedd - lat_podman:+.0f} ms")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        subprocess.run(["podman", "rm", "-af", "-t", "0"], capture_output=True)
        subprocess.run(["podman", "system", "reset", "-f"], capture_output=True)
        subprocess.run(["bash", "-c", f"grep -o ' {T}[^ ]*' /proc/mounts | xargs -r -n1 umount -l"], capture_output=True)
        shutil.rmtree(T, ignore_errors=True)


if __name__ == "__main__":
    main()
