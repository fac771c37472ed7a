#!/bin/sh
# Screenshots of the desktop app for the README: starts a private seedd (API only: jobs stay queued
# unless cancelled) with demo jobs, runs `seed --screenshot` under Xvfb (light and dark palettes) and
# saves main-window*.png, submit-form*.png and job-details*.png here; then live ones from a real container
# (main-window-live.png, live-logs.png, live-charts.png, machine-view.png).
# Usage: docs/screenshots/take.sh [BUILD_DIR]     (default: build)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
BIN="$BUILD/bin"
T=$(mktemp -d "${TMPDIR:-/tmp}/seed-shots.XXXXXX")
SEEDD_PID=
cleanup() {
  [ -n "$SEEDD_PID" ] && kill "$SEEDD_PID" 2>/dev/null; wait 2>/dev/null
  # Podman may leave its storage's overlay mount behind; rm cannot remove a mount point.
  umount "$T/podman/root/overlay" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_RUNTIME_DIR="$T/run" LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

"$BIN/seedd" serve --listen 127.0.0.1:0 --data-dir "$T/data" --runner none >"$T/seedd.log" 2>&1 &
SEEDD_PID=$!
for _ in $(seq 100); do [ -s "$T/data/connection.json" ] && break; sleep 0.1; done
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\}.*/\1/p" "$T/data/connection.json" | head -n1; }
URL=$(field url); TOKEN=$(field token); NS=$(field namespace)
post() { curl -fsS -o /dev/null -X POST "$URL/auth/v1/seed/$NS/jobs$1" -H "Authorization: Bearer $TOKEN" \
           -H 'Content-Type: application/json' ${2:+-d "$2"}; }
job() { # name gpu count cpu mem region source-json command
  post "" "{\"name\":\"$1\",\"gpu\":\"$2\",\"gpu_count\":$3,\"cpu\":$4,\"memory_gb\":$5,\"region\":\"$6\",$7,\"command\":\"$8\",\"output_path\":\"/workspace/output\",\"timeout_minutes\":720,\"retries\":1}"
}
job sweep-lr-3e-5 A100-40GB 1 8 64 us-west-2 '"image":"ghcr.io/acme/train:2.1"' "python sweep.py --lr 3e-5"
job eval-mmlu-7b L4 1 8 32 eu-west-1 '"image":"ghcr.io/acme/eval:1.4"' "python eval.py --suite mmlu --model acme/llama-7b"
job batch-embeddings L4 2 16 64 eu-central-1 '"image":"ghcr.io/acme/embedding-batch:v1.3.0"' "python embed.py --input /data/corpus.jsonl"
job tokenize-corpus none 1 16 64 us-east-1 '"image":"ghcr.io/acme/tools:3"' "python tokenize.py --shards 64"
job finetune-llama-3-r1 A100-80GB 4 64 256 us-east-1 '"repo":"acme/training-pipeline","branch":"main"' "python train.py --model meta-llama/Meta-Llama-3.1-8B --dataset acme/instructions-v3 --epochs 3 --lr 2e-5"
job finetune-llama-3-r2 H100-80GB 8 96 1024 us-east-1 '"repo":"acme/training-pipeline","branch":"exp/longer-context"' "python train.py --model meta-llama/Meta-Llama-3.1-8B --context 32768 --epochs 2"
job render-previews T4 1 4 16 ap-northeast-1 '"image":"ghcr.io/acme/render:0.9"' "blender -b scene.blend -a"
post /sweep-lr-3e-5/cancel
post /tokenize-corpus/cancel

for mode in light dark; do
  extra=; [ "$mode" = dark ] && extra=--dark
  # shellcheck disable=SC2086
  xvfb-run -a -s "-screen 0 1400x900x24" "$BIN/seed" --data-dir "$T/data" --screenshot "$HERE" $extra \
    >"$T/seed-$mode.log" 2>&1 || { cat "$T/seed-$mode.log"; exit 1; }
done

# Live views (issue 6): a second seedd that runs a real container (Podman, private storage under $T, a
# busybox image imported from /bin/busybox, simulated GPUs), its log pane and charts while it prints.
if command -v podman >/dev/null 2>&1 && [ -x /bin/busybox ]; then
  P="$T/podman"; mkdir -p "$P/rootfs/bin" "$P/rootfs/tmp" "$P/tmp" "$P/net" "$P/root" "$P/run"
  printf '[containers]\nnetns = "none"\nlog_driver = "k8s-file"\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\nevents_logfile_path = "%s/events.log"\ntmp_dir = "%s/tmp"\nstatic_dir = "%s/root/libpod"\nvolume_path = "%s/root/volumes"\n[network]\nnetwork_config_dir = "%s/net"\n' \
    "$P" "$P" "$P" "$P" "$P" >"$P/containers.conf"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/root"\nrunroot = "%s/run"\n' "$P" "$P" >"$P/storage.conf"
  export CONTAINERS_CONF="$P/containers.conf" CONTAINERS_STORAGE_CONF="$P/storage.conf"
  cp /bin/busybox "$P/rootfs/bin/busybox"
  for a in sh echo sleep seq printf date; do ln -s busybox "$P/rootfs/bin/$a"; done
  tar -C "$P/rootfs" -c . | podman import - localhost/seed-busybox:shots >/dev/null
  kill "$SEEDD_PID" 2>/dev/null; wait "$SEEDD_PID" 2>/dev/null || true
  "$BIN/seedd" serve --listen 127.0.0.1:0 --data-dir "$T/live" --gpus simulate=A100-80GB:2 >"$T/seedd-live.log" 2>&1 &
  SEEDD_PID=$!
  for _ in $(seq 100); do [ -s "$T/live/connection.json" ] && break; sleep 0.1; done
  lfield() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\}.*/\1/p" "$T/live/connection.json" | head -n1; }
  URL=$(lfield url); TOKEN=$(lfield token); NS=$(lfield namespace)
  # Four seconds of CPU work in every six, so the chart shows the CPU line move.
  cat >"$T/live-job.json" <<'JSON'
{"name":"train-live","image":"localhost/seed-busybox:shots","gpu":"A100-80GB","gpu_count":1,"cpu":2,"memory_gb":2,
 "command":"i=0; while [ $i -lt 400 ]; do i=$((i+1)); printf '\\033[32m[train]\\033[0m step %d/400 loss=0.%d\\n' $i $((999 - i*2)); [ $((i % 25)) = 0 ] && printf '\\033[33mcheckpoint %d saved\\033[0m\\n' $i; if [ $(( $(date +%s) % 6 )) -lt 4 ]; then j=0; while [ $j -lt 30000 ]; do j=$((j+1)); done; fi; sleep 0.03; done"}
JSON
  # Two short jobs first, so the table also shows a finished and a failed one.
  for j in '{"name":"prepare-data","command":"echo shards ready"}' '{"name":"smoke-test","command":"echo missing /data/eval.jsonl >&2; exit 2"}'; do
    printf '%s' "$j" | sed 's/}$/,"image":"localhost\/seed-busybox:shots","gpu":"none","cpu":2,"memory_gb":1}/' |
      curl -fsS -o /dev/null -X POST "$URL/auth/v1/seed/$NS/jobs" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary @-
  done
  sleep 5
  curl -fsS -o /dev/null -X POST "$URL/auth/v1/seed/$NS/jobs" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "@$T/live-job.json"
  # The machine view: a second job on the other simulated GPU, a third one waiting in the queue.
  for n in eval-live sweep-queued; do
    sed "s/\"train-live\"/\"$n\"/" "$T/live-job.json" | curl -fsS -o /dev/null -X POST "$URL/auth/v1/seed/$NS/jobs" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @-
  done
  sleep 2
  xvfb-run -a -s "-screen 0 1400x900x24" "$BIN/seed" --data-dir "$T/live" --screenshot "$HERE" --screenshot-live train-live \
    >"$T/seed-live.log" 2>&1 || { cat "$T/seed-live.log"; exit 1; }
  podman rm -af -t 0 >/dev/null 2>&1 || true
else
  echo "podman or /bin/busybox missing: no live-logs.png / live-charts.png" >&2
fi
ls -1 "$HERE"/*.png
