#!/usr/bin/env python3
"""seedd at rest: RSS, CPU time and wake-ups over N seconds with nothing running and no client connected.

Usage: bench/idle.py BUILD_DIR [--seconds 60] [--settle 10]
seedd runs on the bench's own isolated Podman storage (bench/common.py), as for real: a Podman runner, no GPUs.
It waits --settle seconds after start-up (the runner's first `podman ps`, the recovery pass), then samples
/proc/PID/stat (utime + stime), VmRSS and the threads' context switches (voluntary + involuntary: one per
wake-up) every second for --seconds. Prints one JSON object (docs/performance.md, "seedd at rest").
"""
import argparse, atexit, json, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

ap = argparse.ArgumentParser()
ap.add_argument("build")
ap.add_argument("--seconds", type=int, default=60)
ap.add_argument("--settle", type=int, default=10)
args = ap.parse_args()

T = tempfile.mkdtemp(prefix="seed-bench-idle-")
env = dict(os.environ, **common.podman_sandbox(T, "localhost/seed-bench:1"))
seedd = common.SeeddProcess(os.path.join(args.build, "bin", "seedd"), f"{T}/data", ["--gpus", "none"], env=env)


def cleanup():
    seedd.stop()
    subprocess.run(["bash", "-c", f"grep -o ' {T}[^ ]*' /proc/mounts | xargs -r -n1 umount -l"], capture_output=True)
    shutil.rmtree(T, ignore_errors=True)


atexit.register(cleanup)
TCK = os.sysconf("SC_CLK_TCK")


def cpu_s():
    f = open(f"/proc/{seedd.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TCK


def rss_kib():
    for line in open(f"/proc/{seedd.pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])


def switches():
    out = {}
    for tid in os.listdir(f"/proc/{seedd.pid}/task"):
        try:
            n = 0
            for line in open(f"/proc/{seedd.pid}/task/{tid}/status"):
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    n += int(line.split()[1])
            out[tid] = n
        except FileNotFoundError:
            pass
    return out


time.sleep(args.settle)
cpu0, sw0, t0 = cpu_s(), switches(), time.time()
rss = []
for i in range(args.seconds):
    time.sleep(1)
    rss.append(rss_kib())
cpu1, sw1, t1 = cpu_s(), switches(), time.time()
wakeups = sum(n - sw0.get(tid, 0) for tid, n in sw1.items())
print(json.dumps({
    "seconds": round(t1 - t0, 1),
    "cpu_s": round(cpu1 - cpu0, 3),
    "cpu_percent": round(100 * (cpu1 - cpu0) / (t1 - t0), 3),
    "wakeups": wakeups,
    "wakeups_per_s": round(wakeups / (t1 - t0), 2),
    "threads": len(sw1),
    "rss_kib_first": rss[0],
    "rss_kib_last": rss[-1],
    "rss_kib_max": max(rss),
    "loadavg": open("/proc/loadavg").read().split()[:3],
}), flush=True)
