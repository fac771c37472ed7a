#!/usr/bin/env python3
"""A small Seed Jobs API server that follows only the contract (docs: seed-jobs-api.md), not seedd:
its SSE log lines carry no `id`, there is no `event: end`, stream=true on a job that is not running is 409,
and it prices by its own rules (a 20 % discount: total_cost is not cost_per_hour x runtime).

Jobs in namespace `acme`:
  done-1  succeeded, 5 log lines, cost_per_hour 12.80, runtime 21600 s, total_cost 61.44 (76.80 less 20 %).
  live-1  running with 2 log lines; the first stream=true request starts it: 6 more lines, one every 0.2 s,
          then it succeeds and the stream closes (no end event).
  refund-1, refund-2  succeeded with a negative total_cost (-0.05, -1234567.05).
Prints the port on stdout once it listens (127.0.0.1, port 0 = any free one)."""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Condition()


def line(i, text):
    return {"timestamp": "2026-03-18T15:%02d:%02dZ" % (i // 60, i % 60), "message": text}


JOBS = {
    "done-1": {"status": "succeeded", "lines": [line(i, "done line %d" % i) for i in range(1, 6)],
               "runtime_seconds": 21600, "total_cost": "61.44", "started": False},
    "live-1": {"status": "running", "lines": [line(i, "live line %d" % i) for i in range(1, 3)],
               "runtime_seconds": 60, "total_cost": "0.17", "started": False},
    # Credits: a server may answer a negative total (a refund), small or large.
    "refund-1": {"status": "succeeded", "lines": [], "runtime_seconds": 21600, "total_cost": "-0.05",
                 "started": False},
    "refund-2": {"status": "succeeded", "lines": [], "runtime_seconds": 21600, "total_cost": "-1234567.05",
                 "started": False},
}


def job_json(name):
    j = JOBS[name]
    ended = j["status"] != "running"
    return {"id": "job_" + name, "name": name, "namespace": "acme", "status": j["status"],
            "command": "python train.py", "repo": "acme/training-pipeline", "branch": "main",
            "commit_sha": None, "gpu": "A100-80GB", "gpu_count": 4, "cpu": 64, "memory_gb": 256,
            "disk_gb": 500, "region": "us-east-1", "timeout_minutes": 4320, "retries": 1, "retry_count": 0,
            "output_path": "/workspace/output", "exit_code": 0 if ended else None, "cost_per_hour": "12.80",
            "total_cost": j["total_cost"], "runtime_seconds": j["runtime_seconds"], "artifacts": None,
            "created_at": "2026-03-18T10:00:00Z", "started_at": "2026-03-18T10:01:15Z",
            "completed_at": "2026-03-18T16:01:15Z" if ended else None}


def run_live():
    for i in range(3, 9):
        time.sleep(0.2)
        with LOCK:
            JOBS["live-1"]["lines"].append(line(i, "live line %d" % i))
            LOCK.notify_all()
    with LOCK:
        JOBS["live-1"]["status"] = "succeeded"
        JOBS["live-1"]["runtime_seconds"] = 61
        LOCK.notify_all()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message):
        self.send_json(status, {"error": {"code": code, "message": message, "request_id": "req_000000000001"}})

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        parts = url.path.strip("/").split("/")
        if parts == ["acme", "jobs"]:
            data = [job_json(n) for n in JOBS]
            for d in data:
                d.pop("total_cost")
            return self.send_json(200, {"data": data, "pagination": {"page": 1, "per_page": 20, "total": len(data),
                                                                     "total_pages": 1}})
        if len(parts) < 3 or parts[0] != "acme" or parts[1] != "job" or parts[2] not in JOBS:
            return self.error(404, "not_found", "Job not found.")
        name = parts[2]
        if len(parts) == 3:
            return self.send_json(200, job_json(name))
        if parts[3:] != ["logs"]:
            return self.error(404, "not_found", "Not found.")
        tail = int(q.get("tail", ["100"])[0])
        if q.get("stream", ["false"])[0] != "true":
            with LOCK:
                lines = JOBS[name]["lines"]
                shown = lines[-tail:] if tail > 0 else []
                return self.send_json(200, {"name": name, "namespace": "acme", "lines": shown,
                                            "has_more": len(shown) < len(lines)})
        with LOCK:
            j = JOBS[name]
            if j["status"] != "running":
                return self.error(409, "conflict", "Job is not running.")
            if not j["started"]:
                j["started"] = True
                threading.Thread(target=run_live, daemon=True).start()
            sent = max(0, len(j["lines"]) - tail)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        while True:
            with LOCK:
                new = j["lines"][sent:]
                sent = len(j["lines"])
                running = j["status"] == "running"
                if not new and running:
                    LOCK.wait(1.0)
                    continue
            for l in new:
                self.wfile.write(b"data: " + json.dumps(l).encode() + b"\n\n")
            self.wfile.flush()
            if not running:
                return  # the job ended: the stream just closes


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
