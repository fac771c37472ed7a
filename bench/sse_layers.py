#!/usr/bin/env python3
"""The SSE flood on the two HTTP-layer prototypes (bench/httpproto), side by side in one run: the HTTP-layer
evaluation of docs/performance.md ("Choosing the HTTP layer"), beside bench/http_layers.sh's list page.

A producer appends "<epoch ns> line-N" lines to a file at RATE lines/s (in one write per millisecond, as conmon
writes a container's output), for SECONDS; each server reads the file on inotify events and sends every line to
one SSE client as an event shaped like seedd's; the client (this process) counts the events and takes the latency
write -> client of about one event in 100 (every ~9 KB, as bench/logs_stream.py does for seedd's flood).

  (a) Qt HTTP Server 6.4, one thread, the connection's socket taken as seedd takes it;
  (b) libmicrohttpd 0.9.75, a response from a callback, suspended/resumed, 1 and 2 polling threads.

Usage: [ROUNDS=3] [SECONDS=10] [RATE=240000] bench/sse_layers.py   (needs libmicrohttpd-dev, Qt HTTP Server)
"""
import json, os, select, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import cpu_seconds, sampled, whole_events

ROUNDS = int(os.environ.get("ROUNDS", "3"))
SECONDS = float(os.environ.get("SECONDS", "10"))
RATE = int(os.environ.get("RATE", "240000"))
HERE = os.path.dirname(os.path.abspath(__file__))
T = None  # the run's temporary directory, made by main() and removed at its end
TOKEN = "bench." + os.urandom(24).hex()


def sh(*a):
    subprocess.run(a, check=True, stdout=subprocess.DEVNULL)


class Dechunker:
    """HTTP/1.1 chunked transfer coding, decoded as bytes arrive."""

    def __init__(self):
        self.raw = b""
        self.left = 0  # data bytes of the current chunk still to come
        self.skip = 0  # bytes of the CRLF after a chunk's data still to drop
        self.done = False  # the last (empty) chunk came

    def feed(self, data):
        self.raw += data
        out = []
        while self.raw and not self.done:
            if self.skip:
                n = min(self.skip, len(self.raw))
                self.raw, self.skip = self.raw[n:], self.skip - n
            elif self.left == 0:
                eol = self.raw.find(b"\r\n")
                if eol < 0:
                    break
                self.left = int(self.raw[:eol].split(b";")[0], 16)
                self.raw = self.raw[eol + 2:]
                self.done = self.left == 0
            else:
                piece, self.raw = self.raw[:self.left], self.raw[self.left:]
                self.left -= len(piece)
                out.append(piece)
                if self.left == 0:
                    self.skip = 2
        return b"".join(out)


PRODUCER = r"""
import os, sys, time
path, rate, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
fd = os.open(path, os.O_WRONLY | os.O_APPEND)
n = 0
t0 = time.monotonic()
while True:
    el = time.monotonic() - t0
    if el >= seconds:
        break
    target = int(el * rate)
    if n < target:
        k = min(target - n, 5000)
        ts = time.time_ns()
        os.write(fd, b"".join(b"%d line-%d\n" % (ts, n + i + 1) for i in range(k)))
        n += k
    else:
        time.sleep(0.0005)
print(n)
"""


def main():
    global T
    T = tempfile.mkdtemp(prefix="seed-sse-layers-")
    try:
        sh("cmake", "-S", f"{HERE}/httpproto", "-B", f"{T}/proto", "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release")
        sh("cmake", "--build", f"{T}/proto")
        proto = f"{T}/proto/httpproto"
        servers = [("Qt HTTP Server, 1 thread", [proto, "qt-sse", "18941"], 18941),
                   ("libmicrohttpd, 1 thread", [proto, "mhd-sse", "1", "18942"], 18942),
                   ("libmicrohttpd, 2 threads", [proto, "mhd-sse", "2", "18943"], 18943)]
        print(f"SSE flood: {RATE} lines/s for {SECONDS:.0f} s, one client; {os.cpu_count()} CPUs")
        for rnd in range(1, ROUNDS + 1):
            for name, cmd, port in servers:
                # LOG_FILE and TOKEN come last in both modes (qt-sse PORT ..., mhd-sse THREADS PORT ...).
                res = flood(cmd + [f"{T}/flood.log", TOKEN], port, f"{T}/flood.log")
                print(f"round {rnd} {name:26s} {json.dumps(res)}", flush=True)
    finally:
        subprocess.run(["rm", "-rf", T])


def flood(full_cmd, port, log):
    open(log, "w").close()
    server = subprocess.Popen(full_cmd, stdout=subprocess.DEVNULL)
    try:
        return run_client(server, port, log)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait()


def run_client(server, port, log):
    for _ in range(100):
        try:
            s = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.05)
    else:
        raise SystemExit("the server did not listen")
    s.sendall(f"GET /bench/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(4096)
    assert head.startswith(b"HTTP/1.1 200"), head[:100]
    headers, buf = head.split(b"\r\n\r\n", 1)
    # libmicrohttpd sends a body of unknown length chunked (Qt's raw socket, as seedd's, does not).
    dechunk = Dechunker() if b"transfer-encoding: chunked" in headers.lower() else None
    if dechunk:
        buf = dechunk.feed(buf)
    cpu0 = cpu_seconds(server.pid)
    producer = subprocess.Popen([sys.executable, "-c", PRODUCER, log, str(RATE), str(SECONDS)], stdout=subprocess.PIPE)
    t_start = time.time()
    received = 0
    lat = []
    written = None
    last_data = time.time()
    while True:
        r, _, _ = select.select([s], [], [], 0.5)
        now = time.time()
        if r:
            c = s.recv(1 << 20)
            if not c:
                break
            last_data = now
            chunk, buf = whole_events(buf, dechunk.feed(c) if dechunk else c)
            received += chunk.count(b"event: log")
            for i in sampled(chunk, b'"timestamp_ns":'):
                lat.append(now - int(chunk[i + 15:chunk.index(b",", i)]) / 1e9)
        if written is None and producer.poll() is not None:
            written = int(producer.stdout.read())
        if written is not None and (received >= written or now - last_data > 5):
            break
    cpu = cpu_seconds(server.pid) - cpu0
    s.close()
    lat.sort()
    pick = lambda q: round(lat[min(len(lat) - 1, int(len(lat) * q))] * 1000, 1) if lat else None
    return {"written": written, "received": received, "p50_ms": pick(0.5), "p99_ms": pick(0.99),
            "max_ms": pick(1.0), "samples": len(lat), "server_cpu_s": round(cpu, 1),
            "wall_s": round(time.time() - t_start, 1)}


if __name__ == "__main__":
    main()
