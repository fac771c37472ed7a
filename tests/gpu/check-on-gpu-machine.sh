#!/bin/bash
# The GPU-machine check: on a machine with an NVIDIA GPU, driver, podman and (for CDI) the NVIDIA Container
# Toolkit, as root, from a clone of this repository:
#
#   tests/gpu/check-on-gpu-machine.sh [BUILD_DIR]        (default BUILD_DIR: build-gpu)
#
# 1. builds seedd; 2. records the NVML/nvidia-smi fixtures (tests/fixtures/gpu/record.sh) into
# $OUT (default: a new tests/fixtures/gpu/recorded-HOST-DATE/, with a PROVENANCE file: commit these);
# 3. makes sure podman has a CDI spec for nvidia.com/gpu (nvidia-ctk cdi generate into /var/run/cdi when none);
# 4. starts seedd with --gpus auto on loopback; 5. runs a GPU job (nvidia-smi inside the container through
# CDI, and a GPU-loading CUDA program when nvcc is here) and checks: the inventory (NVML, a contract type),
# pinning (the job's CUDA_VISIBLE_DEVICES is the UUID of the GPU the machine view says it holds, and the one
# nvidia-smi sees inside), utilisation > 0 while loaded (only with nvcc), energy > 0; all in under 5 minutes.
# Exit 0 when every check passed; each check prints PASS/FAIL/SKIP with what it saw.
set -euo pipefail
export LC_ALL=C
start=$SECONDS
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build-gpu}
ns=gpucheck
fails=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; fails=$((fails + 1)); }
skip() { echo "SKIP  $*"; }
die() { echo "FAIL  $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

[ "$(id -u)" = 0 ] || die "run as root (seedd runs podman as root here)"
for t in nvidia-smi podman python3 curl git cmake; do command -v "$t" >/dev/null || die "$t is missing"; done
nvidia-smi -L >/dev/null || die "nvidia-smi cannot talk to the driver"

tmp=$(mktemp -d /tmp/seed-gpucheck-XXXXXX)
seedd_pid=
made_spec=
cleanup() {
    [ -n "$seedd_pid" ] && kill "$seedd_pid" 2>/dev/null && wait "$seedd_pid" 2>/dev/null || true
    [ -n "$made_spec" ] && rm -f "$made_spec"
    podman rmi localhost/seed-gpucheck:latest >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "== 1. build ($build)"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target seedd >/dev/null
seedd=$build/bin/seedd

echo "== 2. fixtures"
out=${OUT:-$repo/tests/fixtures/gpu/recorded-$(hostname -s)-$(date -u +%Y%m%d)}
"$repo/tests/fixtures/gpu/record.sh" "$out"
{
    echo "Recorded by tests/gpu/check-on-gpu-machine.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "driver: $(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -1)"
    nvidia-smi -L | sed 's/UUID: [^)]*/UUID: (see the csv)/'
} > "$out/PROVENANCE"
pass "fixtures recorded in $out"

echo "== 3. CDI spec for nvidia.com/gpu"
has_spec() {
    python3 - <<'PY'
import glob, json, re, sys
for f in glob.glob("/etc/cdi/*") + glob.glob("/var/run/cdi/*"):
    try:
        text = open(f, encoding="utf-8", errors="replace").read()
    except OSError:
        continue
    if f.endswith(".json"):
        try:
            if json.loads(text).get("kind") == "nvidia.com/gpu":
                sys.exit(0)
        except ValueError:
            pass
    elif f.endswith((".yaml", ".yml")) and re.search(r"^kind\s*:\s*([\"']?)nvidia\.com/gpu\1\s*$", text, re.M):
        sys.exit(0)
sys.exit(1)
PY
}
if ! has_spec; then
    command -v nvidia-ctk >/dev/null || die "no CDI spec and no nvidia-ctk: install the NVIDIA Container Toolkit, then nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"
    mkdir -p /var/run/cdi
    made_spec=/var/run/cdi/seed-gpucheck-nvidia.yaml
    nvidia-ctk cdi generate --output="$made_spec" >/dev/null 2>&1 || die "nvidia-ctk cdi generate failed"
    pass "generated $made_spec (removed at the end)"
else
    pass "a spec exists"
fi

echo "== 4. image and job repo"
# An image with a C library, made from this host (no registry needed): sh and coreutils, their libraries, and
# the GPU-loading program when nvcc can build it. nvidia-smi and the driver libraries come through CDI.
root=$tmp/rootfs
mkdir -p "$root"
libs_of() {
    ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do cp --parents -L "$lib" "$root/" 2>/dev/null || true; done
}
copy_with_libs() {
    local f
    for f in "$@"; do
        cp --parents -L "$f" "$root/"
        libs_of "$f"
    done
}
copy_with_libs /bin/sh /bin/sleep /bin/cat /bin/echo /usr/bin/env /bin/grep /bin/ls
mkdir -p "$root/tmp" "$root/workspace" "$root/etc"
loaded=no
git_base=$tmp/git
mkdir -p "$git_base/gpu/check"
if command -v nvcc >/dev/null; then
    cat > "$tmp/gpuload.cu" <<'CU'
#include <cstdio>
#include <cstdlib>
#include <ctime>
__global__ void spin(float *x, int n)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    float v = x[i];
    for (int k = 0; k < n; ++k)
        v = v * 1.000001f + 0.5f;
    x[i] = v;
}
int main(int argc, char **argv)
{
    const int secs = argc > 1 ? atoi(argv[1]) : 30;
    const size_t n = size_t(1) << 22;
    float *d = nullptr;
    if (cudaMalloc(&d, n * sizeof(float)) != cudaSuccess) { printf("gpuload: cudaMalloc failed\n"); return 1; }
    cudaMemset(d, 0, n * sizeof(float));
    const time_t end = time(nullptr) + secs;
    while (time(nullptr) < end) {
        spin<<<n / 256, 256>>>(d, 20000);
        if (cudaDeviceSynchronize() != cudaSuccess) { printf("gpuload: kernel failed\n"); return 1; }
    }
    printf("gpuload: done\n");
    return 0;
}
CU
    nvcc -O2 -cudart static -o "$git_base/gpu/check/gpuload" "$tmp/gpuload.cu" && loaded=yes
    libs_of "$git_base/gpu/check/gpuload" # libstdc++ and friends; libcuda itself comes through CDI
fi
printf '#!/bin/sh\nnvidia-smi -L\necho "CVD=$CUDA_VISIBLE_DEVICES"\nif [ -x ./gpuload ]; then ./gpuload 40; else sleep 20; fi\n' > "$git_base/gpu/check/run.sh"
chmod +x "$git_base/gpu/check/run.sh"
(cd "$git_base/gpu/check" && git init -q -b main && git add . && git -c user.name=check -c user.email=check@localhost commit -qm check && git clone -q --bare . "$git_base/gpu/check.git")
tar -C "$root" -c . | podman import - localhost/seed-gpucheck:latest >/dev/null
pass "image localhost/seed-gpucheck:latest; GPU load: $loaded"

echo "== 5. seedd --gpus auto"
data=$tmp/data
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf '{"telemetry": {"sample_interval_ms": 500}, "electricity": {"price_per_kwh": 0.30, "currency": "EUR"}}\n' > "$tmp/seedd.json"
"$seedd" serve --listen "127.0.0.1:$port" --data-dir "$data" --config "$tmp/seedd.json" --gpus auto \
    --git-base "file://$git_base" --pull never > "$tmp/seedd.log" 2>&1 &
seedd_pid=$!
# Serving (any answer, 401 included) before a token is made: both would create the database at once.
for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/$ns/machine" && break; sleep 0.1; done
token=$("$seedd" token create --data-dir "$data" --namespace "$ns")
api() { curl -sS -H "Authorization: Bearer $token" "$@"; }
machine=$(api "http://127.0.0.1:$port/$ns/machine")
source=$(echo "$machine" | json 'd["gpu_source"]')
count=$(echo "$machine" | json 'len(d["gpus"])')
type=$(echo "$machine" | json 'next((g["type"] for g in d["gpus"] if g["type"]), "")')
echo "$machine" | json '"\n".join("  GPU %d %s %s -> %s, %d MiB" % (g["index"], g["uuid"], g["model"], g["type"], g["memory_mib"]) for g in d["gpus"])'
[ "$source" = nvml ] && pass "inventory from NVML ($count GPUs)" || fail "inventory source is '$source', not nvml (seedd log: $(head -c 500 "$tmp/seedd.log"))"
[ -n "$type" ] || die "no GPU here maps to a contract type: seedd cannot allocate it (see contractTypeFor)"

echo "== 6. a GPU job ($type x 1)"
spec=$(printf '{"name":"gpucheck","repo":"gpu/check","command":"./run.sh","image":"localhost/seed-gpucheck:latest","gpu":"%s","gpu_count":1,"cpu":2,"memory_gb":2}' "$type")
api -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' -d "$spec" "http://127.0.0.1:$port/auth/v1/seed/$ns/jobs" | grep -q 201 || die "submit refused"
status=queued
for _ in $(seq 600); do
    status=$(api "http://127.0.0.1:$port/$ns/job/gpucheck" | json 'd["status"]')
    [ "$status" = queued ] || break
    sleep 0.1
done
[ "$status" = running ] || [ "$status" = succeeded ] || die "the job did not run: $(api "http://127.0.0.1:$port/$ns/job/gpucheck")"
held=
max_util=0
energy=0
while :; do
    [ -n "$held" ] || held=$(api "http://127.0.0.1:$port/$ns/machine/view" |
        json 'next((g["uuid"] for g in d["gpus"] if (g.get("job") or {}).get("name") == "gpucheck"), "")')
    a=$(api "http://127.0.0.1:$port/$ns/job/gpucheck/analytics")
    if [ "$(echo "$a" | json 'd["gpu_measured"]')" = True ]; then
        u=$(echo "$a" | json 'd["gpu_utilization_percent"]')
        [ "$u" -gt "$max_util" ] && max_util=$u
        energy=$(echo "$a" | json 'd["energy_kwh"]')
    fi
    status=$(api "http://127.0.0.1:$port/$ns/job/gpucheck" | json 'd["status"]')
    case $status in running) sleep 1 ;; *) break ;; esac
    [ $((SECONDS - start)) -lt 280 ] || { fail "the job still runs after 280 s"; break; }
done
logs=$(api "http://127.0.0.1:$port/$ns/job/gpucheck/logs" | json '"\n".join(l["message"] for l in d["lines"])')
echo "$logs" | sed 's/^/  | /' | head -20
cvd=$(echo "$logs" | sed -n 's/^CVD=//p' | head -1)
[ "$status" = succeeded ] && pass "the job succeeded" || fail "the job ended $status"
[ -n "$held" ] && [ "$cvd" = "$held" ] && pass "pinned: CUDA_VISIBLE_DEVICES=$cvd is the GPU the machine view shows it holding" \
    || fail "pinning: CUDA_VISIBLE_DEVICES='$cvd', machine view says '$held'"
echo "$logs" | grep -q "UUID: $held" && pass "nvidia-smi inside the container sees exactly that GPU" \
    || fail "nvidia-smi inside the container did not list $held"
[ "$(echo "$logs" | grep -c '^GPU [0-9]*:')" = 1 ] && pass "one GPU visible inside" || fail "not exactly one GPU visible inside"
if [ "$loaded" = yes ]; then
    echo "$logs" | grep -q '^gpuload: done' && pass "the CUDA load ran inside the container" || fail "the CUDA load did not run"
    [ "$max_util" -gt 0 ] && pass "utilisation while loaded: up to $max_util %" || fail "utilisation stayed 0 while loaded"
else
    skip "utilisation under load (no nvcc here to build the load); seen up to $max_util %"
fi
python3 -c "import sys; sys.exit(0 if float('$energy') > 0 else 1)" && pass "energy: $energy kWh" || fail "energy stayed 0"
elapsed=$((SECONDS - start))
[ "$elapsed" -lt 300 ] && pass "done in $elapsed s" || fail "took $elapsed s (goal < 300)"
[ "$fails" = 0 ] && echo "ALL PASSED" || echo "$fails check(s) failed"
exit "$((fails > 0))"
