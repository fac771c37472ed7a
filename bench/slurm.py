#!/usr/bin/env python3
"""Slurm runner overhead, one run, side by side on the same cluster:

  A. N trivial jobs submitted with `sbatch` directly (a batch script whose step runs `podman run --rm` of the
     busybox image, as a hand-written cluster job would), waited for until squeue lists none of them;
  B. the same N jobs through `seedd serve --runner slurm` (POST, then GET until every one is terminal), which
     writes its own batch and node scripts and tails the output files into its log store.

The figure is B's wall time over A's (goal <= 1.2, docs/performance.md). The cluster is the test suite's
two-node one (tests/support/slurm-cluster.sh; SLURM2_CPUS per node, 4 here: four two-CPU jobs at once, the smallest job the contract allows).

Usage: bench/slurm.py [BUILD_DIR]   (root; podman + runc, busybox-static, slurm-wlm + munge)
Environment: N (default 100), ORDER=ab|ba (default ab: which side runs first).
"""
import http.client, json, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SEEDD = os.path.join(BUILD, "bin", "seedd")
N = int(os.environ.get("N", "100"))
ORDER = os.environ.get("ORDER", "ab")
IMG = "localhost/seed-busybox:test"
T = tempfile.mkdtemp(prefix="seedslurm-", dir="/tmp")
CLUSTER = f"{T}/c"
SCRIPT = os.path.join(HERE, "..", "tests", "support", "slurm-cluster.sh")
CLUSTER_ENV = {"SLURM2_CPUS": "4", "SLURM2_MEM_MB": "8192", "SLURM2_PORT": str(28000 + os.getpid() % 500 * 3)}


def cluster(mode):
    subprocess.run(["bash", SCRIPT, CLUSTER, mode], check=(mode == "start"), capture_output=True,
                   env=dict(os.environ, **CLUSTER_ENV))


def squeue_count(name):
    out = subprocess.run(["squeue", "-h", "-n", name, "-o", "%i"], capture_output=True, text=True).stdout
    return len(out.split())


def direct():
    """A: sbatch a script per job, each `srun podman run --rm IMG true`."""
    d = f"{T}/direct"
    os.makedirs(d, exist_ok=True)
    podman = shutil.which("podman")
    with open(f"{d}/job.sh", "w") as f:
        f.write(f"#!/bin/sh\nsrun --ntasks-per-node=1 {podman} run --rm --pull=never --log-driver none --network none "
                f"--cpus 2 --memory {1 << 30} {IMG} true\n")
    t0 = time.monotonic()
    for i in range(N):
        subprocess.run(["sbatch", "--parsable", "-J", "benchdirect", "--cpus-per-task=2", "--mem=1G", f"--output={d}/%j.out",
                        f"--chdir={d}", f"{d}/job.sh"], check=True, capture_output=True)
    while squeue_count("benchdirect") > 0:
        time.sleep(0.1)
    return time.monotonic() - t0


class Api:
    def __init__(self, port, token):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.h = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def req(self, method, path, body=None):
        self.c.request(method, path, body=json.dumps(body) if body is not None else None, headers=self.h)
        r = self.c.getresponse()
        data = r.read()
        return r.status, json.loads(data) if data else {}


def through_seedd():
    """B: the same jobs through seedd --runner slurm."""
    conf = f"{T}/seedd.json"
    json.dump({"slurm": {"poll_ms": 200}}, open(conf, "w"))
    seedd = common.SeeddProcess(SEEDD, f"{T}/data", ["--runner", "slurm", "--config", conf], log=f"{T}/seedd.log")
    try:
        api = Api(seedd.port, seedd.token)
        t0 = time.monotonic()
        for i in range(N):
            st, b = api.req("POST", "/auth/v1/seed/bench/jobs",
                            {"name": f"b{i}", "image": IMG, "command": "true", "cpu": 2, "memory_gb": 1, "gpu": "none"})
            if st != 201:
                raise SystemExit(f"submit {i}: {st} {b}")
        while True:
            _, page = api.req("GET", "/bench/jobs?per_page=1&status=succeeded")
            done = page["pagination"]["total"]
            _, failed = api.req("GET", "/bench/jobs?per_page=1&status=failed")
            if done + failed["pagination"]["total"] >= N:
                break
            time.sleep(0.1)
        wall = time.monotonic() - t0
        if failed["pagination"]["total"]:
            raise SystemExit(f"{failed['pagination']['total']} jobs failed through seedd (see {T}/seedd.log)")
        return wall
    finally:
        seedd.stop()


def main():
    os.environ.update(common.podman_sandbox(T, IMG))
    cluster("start")
    os.environ["SLURM_CONF"] = f"{CLUSTER}/slurm.conf"
    try:
        # A warm-up job each way: the image's layers, Slurm's first scheduling pass.
        subprocess.run(["srun", "-N1", "-n1", shutil.which("podman"), "run", "--rm", "--pull=never", IMG, "true"],
                       check=True, capture_output=True)
        times = {}
        for side in ORDER:
            times[side] = direct() if side == "a" else through_seedd()
        load = open("/proc/loadavg").read().split()[:3]
        print(json.dumps({"jobs": N, "nodes": 2, "cpus_per_node": 4, "sbatch_direct_s": round(times["a"], 2),
                          "through_seedd_s": round(times["b"], 2), "ratio": round(times["b"] / times["a"], 3),
                          "order": ORDER, "loadavg": load}))
    finally:
        cluster("stop")
        subprocess.run(["podman", "rm", "--all", "--force", "--time", "0"], capture_output=True)
        subprocess.run(["bash", "-c", f"grep -o ' {T}[^ ]*' /proc/mounts | xargs -r -n1 umount -l"], capture_output=True)
        shutil.rmtree(T, ignore_errors=True)


if __name__ == "__main__":
    main()
