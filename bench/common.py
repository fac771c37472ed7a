"""Helpers shared by the benches that run real containers and a real seedd (bench/containers.py,
bench/logs_stream.py): an isolated Podman storage under a temp dir with a busybox image (as the test suites do:
tests/support/podmansandbox.cpp), and a seedd started on it.
"""
import json, os, shutil, socket, subprocess, time

APPLETS = ("sh", "true", "echo", "sleep", "timeout", "yes", "seq")


def podman_sandbox(tmp, image):
    """Podman configuration and storage under `tmp`, a busybox image `image` imported into it.

    Returns the environment variables that point Podman (and seedd's Podman) at it."""
    for d in ("root", "run", "tmp", "net", "rootfs/bin", "rootfs/tmp", "ws"):
        os.makedirs(f"{tmp}/{d}", exist_ok=True)
    with open(f"{tmp}/containers.conf", "w") as f:
        f.write(f"""[containers]
netns = "none"
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "{tmp}/events.log"
tmp_dir = "{tmp}/tmp"
static_dir = "{tmp}/root/libpod"
volume_path = "{tmp}/root/volumes"
[network]
network_config_dir = "{tmp}/net"
""")
    with open(f"{tmp}/storage.conf", "w") as f:
        f.write(f'[storage]\ndriver = "overlay"\ngraphroot = "{tmp}/root"\nrunroot = "{tmp}/run"\n')
    env = {"CONTAINERS_CONF": f"{tmp}/containers.conf", "CONTAINERS_STORAGE_CONF": f"{tmp}/storage.conf"}
    shutil.copy("/bin/busybox", f"{tmp}/rootfs/bin/busybox")
    for a in APPLETS:
        os.symlink("busybox", f"{tmp}/rootfs/bin/{a}")
    tar = subprocess.run(["tar", "-C", f"{tmp}/rootfs", "-c", "."], check=True, capture_output=True).stdout
    subprocess.run(["podman", "import", "-", image], input=tar, check=True, capture_output=True,
                   env=dict(os.environ, **env))
    return env


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class SeeddProcess:
    """`seedd serve` on a data dir; waits until it has written connection.json.

    Its output goes to `log` (a file path; a pipe nobody reads would block seedd once full)."""

    def __init__(self, seedd_bin, data_dir, args=(), env=None, log=os.devnull, listen="127.0.0.1:0"):
        os.makedirs(data_dir, exist_ok=True)
        conn = f"{data_dir}/connection.json"
        self.log = open(log, "wb")
        self.p = subprocess.Popen([seedd_bin, "serve", "--listen", listen, "--data-dir", data_dir, *args],
                                  env=dict(os.environ, **(env or {})), stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if os.path.exists(conn):
                break
            if self.p.poll() is not None:
                raise SystemExit(f"seedd exited with {self.p.returncode} (see {log})")
            time.sleep(0.05)
        info = json.load(open(conn))
        host, port = info["url"].split("//")[1].split(":")
        self.host, self.port, self.token = host, int(port.split("/")[0]), info["token"]
        self.pid = self.p.pid

    def stop(self, timeout=10):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.log.close()


def cpu_seconds(pid):
    """CPU time (user + system) a process has used, seconds."""
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def whole_events(buf, data):
    """SSE bytes read so far (`buf`) plus new `data`: (the whole events among them, the incomplete rest)."""
    buf += data
    cut = buf.rfind(b"\n\n")
    return (buf[:cut + 2], buf[cut + 2:]) if cut >= 0 else (b"", buf)


def sampled(chunk, marker, every=9000):
    """Offsets of `marker` in `chunk`, about one per `every` bytes (one event in ~100 of seedd's log events): a
    client parsing every event would delay its own next read, and a Python client is slower than the server."""
    i = chunk.find(marker)
    while i >= 0:
        yield i
        i = chunk.find(marker, i + every)
