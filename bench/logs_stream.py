#!/usr/bin/env python3
"""Log streams bench: log streams of seedd against `podman logs -f`, latency, and many concurrent streams.

Usage: bench/logs_stream.py BUILD_DIR [--streams 500] [--soak-seconds 600]
Needs podman, runc and busybox-static (like the test suites); builds its own isolated Podman storage.
Prints one JSON object of figures (docs/performance.md, "Logs and streams").
"""
import atexit, json, os, select, shutil, socket, subprocess, sys, tempfile, time, datetime, argparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

ap = argparse.ArgumentParser()
ap.add_argument("build")
ap.add_argument("--streams", type=int, default=500)
ap.add_argument("--soak-seconds", type=int, default=600)
ap.add_argument("--seconds", type=int, default=10)
ap.add_argument("--parts", default="flood,steady,soak", help="comma-separated subset of flood,steady,soak")
ap.add_argument("--seedd-log", help="write seedd's output to this file")
ap.add_argument("--trace", help="write the flood's (receipt time, latency, event id) samples to this JSON file")
ap.add_argument("--perf", action="store_true", help="record seedd with perf during the flood (perf.data in the cwd)")
args = ap.parse_args()
seedd_bin = os.path.join(args.build, "bin", "seedd")

T = tempfile.mkdtemp(prefix="seed-bench-")
env = dict(os.environ, **common.podman_sandbox(T, "localhost/seed-bench:1"))
seedd = common.SeeddProcess(seedd_bin, f"{T}/data", ["--gpus", "none", "--cancel-grace", "1"], env=env,
                            log=args.seedd_log or os.devnull)
host, port, token = seedd.host, seedd.port, seedd.token


def cleanup():
    seedd.stop()
    subprocess.run(["podman", "rm", "-af", "-t", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["bash", "-c", f"grep -o ' {T}[^ ]*' /proc/mounts | xargs -r -n1 umount -l"], capture_output=True)
    shutil.rmtree(T, ignore_errors=True)


atexit.register(cleanup)  # also when a step fails
AUTH = f"Bearer {token}"
NS = "bench"

def http(method, path, body=None):
    s = socket.create_connection((host, port))
    data = json.dumps(body).encode() if body is not None else b""
    s.sendall(f"{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
    out = b""
    while True:
        head, _, rest = out.partition(b"\r\n\r\n")
        if _ and b"Content-Length" in head:
            n = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            if len(rest) >= n:
                break
        c = s.recv(65536)
        if not c:
            break
        out += c
    s.close()
    head, _, rest = out.partition(b"\r\n\r\n")
    return int(head[9:12]), json.loads(rest) if rest.strip() else None

def submit(name, cmd, cpu=2):
    st, j = http("POST", f"/auth/v1/seed/{NS}/jobs", {"name": name, "command": cmd, "image": "localhost/seed-bench:1",
                                                    "gpu": "none", "cpu": cpu, "memory_gb": 1})
    assert st == 201, j
    return j

def wait_status(name, want, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        st, j = http("GET", f"/{NS}/job/{name}")
        if j["status"] in want:
            return j
        time.sleep(0.05)
    raise SystemExit(f"{name} never reached {want}")

def open_stream(name, last=None):
    s = socket.create_connection((host, port))
    hdr = f"GET /{NS}/job/{name}/logs?stream=true&tail=1 HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH}\r\n"
    if last is not None:
        hdr += f"Last-Event-ID: {last}\r\n"
    s.sendall((hdr + "\r\n").encode())
    return s

cpu_seconds = common.cpu_seconds

def parse_ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()

def container_of(job_id):
    return f"seed-{job_id}-a0"

results = {}

PARTS = args.parts.split(",")
if "flood" in PARTS:
    # 1. Throughput and latency: a container printing as fast as it can for N seconds; one SSE client and
    #    `podman logs -f` on the same container, in the same run.
    job = submit("flood", f"i=0; timeout {args.seconds} sh -c 'i=0; while :; do i=$((i+1)); echo line-$i; done'; echo done")
    wait_status("flood", ("running",))
    cpu0 = (cpu_seconds(seedd.pid), os.times())
    connected = time.time()
    sse = open_stream("flood", last=0)
    perf = subprocess.Popen(["perf", "record", "-F", "999", "-o", "perf.data", "-p",
                             str(seedd.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if args.perf else None
    pl = subprocess.Popen(["podman", "logs", "-f", container_of(job["id"])], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
    buf = b""
    lines = 0
    lat = []; trace = []
    first = last_t = None
    pl_lines = 0
    pl_first = pl_last = None
    pl_buf = b""
    ended = False
    os.set_blocking(pl.stdout.fileno(), False)
    while not ended or pl.poll() is None:
        r, _, _ = select.select([sse] + ([pl.stdout] if pl.poll() is None else []), [], [], 1.0)
        now = time.time()
        if sse in r:
            c = sse.recv(1 << 20)
            if not c:
                ended = True
            # Count by bytes; parse a sample of the events for latency.
            chunk, buf = common.whole_events(buf, c)
            if chunk:
                n = chunk.count(b"line-")
                if n:
                    lines += n
                    first = first or now
                    last_t = now
                    if b"event: end" in chunk:
                        ended = True
                    for i in common.sampled(chunk, b"data: {"):
                        d = json.loads(chunk[i + 6:chunk.index(b"\n", i)])
                        if d["message"].startswith("line-"):
                            lat.append(now - parse_ts(d["timestamp"]))
                            k = chunk.rfind(b"id: ", 0, i)
                            trace.append((now, lat[-1], int(chunk[k + 4:i - 1]) if k >= 0 else None))
                elif b"event: end" in chunk:
                    ended = True
        if pl.stdout in r:
            c = os.read(pl.stdout.fileno(), 1 << 20)
            n = c.count(b"line-")
            if n:
                pl_lines += n
                pl_first = pl_first or now
                pl_last = now
        if ended and time.time() - last_t > 15:
            pl.kill()
            break
    cpu1 = (cpu_seconds(seedd.pid), os.times())
    lat.sort()
    # Lines printed before seedd has found the container's log (podman run + inspect, ~0.3-1 s here) reach the
    # client as one backlog; the latency after the first second is the steady state of the flood.
    if args.trace:
        json.dump(trace, open(args.trace, "w"))
    steady_lat = sorted(l for t, l, _ in trace if t - trace[0][0] >= 1.0) if trace else [0]
    # Lines written after the client connected: without what the job printed while `podman run` returned and the
    # bench saw "running" (history, not live latency; the job starts printing before the client can connect).
    live_lat = sorted(l for t, l, _ in trace if t - l >= connected) or [0]
    if perf:
        perf.send_signal(2)
        perf.wait()
    st, page = http("GET", f"/{NS}/job/flood/logs?tail=1")
    results["flood"] = {
        "seconds": args.seconds,
        "stored_lines": page["lines"][-1]["id"],
        "sse_lines": lines,
        "sse_lines_per_s": round(lines / max(1e-9, last_t - first)),
        "podman_logs_f_lines": pl_lines,
        "podman_logs_f_lines_per_s": round(pl_lines / max(1e-9, (pl_last or 0) - (pl_first or 0))),
        "latency_p50_ms": round(lat[len(lat) // 2] * 1000, 1),
        "latency_p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 1),
        "latency_max_ms": round(lat[-1] * 1000, 1),
        # CPU seconds used during the flood (user + system): which side of the stream is the bottleneck.
        "seedd_cpu_s": round(cpu1[0] - cpu0[0], 1),
        "bench_client_cpu_s": round(cpu1[1].user + cpu1[1].system - cpu0[1].user - cpu0[1].system, 1),
        "wall_s": round(last_t - first, 1),
        "latency_after_first_s_p50_ms": round(steady_lat[len(steady_lat) // 2] * 1000, 1),
        "latency_after_first_s_p99_ms": round(steady_lat[int(len(steady_lat) * 0.99)] * 1000, 1),
        "latency_live_p99_ms": round(live_lat[int(len(live_lat) * 0.99)] * 1000, 1),
        "lines_before_connect_pct": round(100 * (1 - len(live_lat) / max(1, len(trace))), 1),
    }
    print(json.dumps(results["flood"]), flush=True)

if "steady" in PARTS:
    # 2. Latency at a steady, moderate rate (100 lines/s).
    submit("steady", "i=0; while [ $i -lt 1000 ]; do i=$((i+1)); echo line-$i; sleep 0.01; done")
    wait_status("steady", ("running",))
    sse = open_stream("steady", last=0)
    buf = b""; lat = []; ended = False
    while not ended:
        c = sse.recv(1 << 16)
        now = time.time()
        if not c:
            break
        buf += c
        *events, buf = buf.split(b"\n\n")
        for e in events:
            if b"event: end" in e:
                ended = True
            elif b"line-" in e:
                d = json.loads(e.split(b"data: ", 1)[1])
                lat.append(now - parse_ts(d["timestamp"]))
    lat = sorted(lat[50:])  # the backlog sent at connect is not live latency
    results["steady"] = {"lines": len(lat), "latency_p50_ms": round(lat[len(lat) // 2] * 1000, 1),
                         "latency_p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 1)}
    print(json.dumps(results["steady"]), flush=True)

if "soak" in PARTS:
    # 3. Many concurrent streams of one job printing 10 lines/s; RSS of seedd over time.
    def rss_kib():
        for l in open(f"/proc/{seedd.pid}/status"):
            if l.startswith("VmRSS"):
                return int(l.split()[1])
    submit("soak", f"i=0; while [ $i -lt {args.soak_seconds * 10 + 100} ]; do i=$((i+1)); echo soak-line-$i; sleep 0.1; done")
    wait_status("soak", ("running",))
    socks = [open_stream("soak") for _ in range(args.streams)]
    got = {s: 0 for s in socks}
    rss = [(0, rss_kib())]
    t0 = time.time(); next_sample = t0 + 10
    while time.time() - t0 < args.soak_seconds:
        r, _, _ = select.select(socks, [], [], 0.5)
        for s in r:
            c = s.recv(65536)
            got[s] += c.count(b"soak-line-")
        if time.time() >= next_sample:
            rss.append((round(time.time() - t0), rss_kib()))
            next_sample += 10
    counts = sorted(got.values())
    st, _ = http("GET", f"/{NS}/jobs")
    results["soak"] = {"streams": args.streams, "seconds": args.soak_seconds, "lines_per_stream_min": counts[0],
                       "lines_per_stream_max": counts[-1], "rss_kib": rss, "api_status_during": st}
    print(json.dumps({k: v for k, v in results["soak"].items() if k != "rss_kib"}), flush=True)
    print(json.dumps(results["soak"]["rss_kib"]), flush=True)
    for s in socks:
        s.close()
    http("POST", f"/auth/v1/seed/{NS}/jobs/soak/cancel", {})
    time.sleep(3)
