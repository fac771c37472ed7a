#!/bin/sh
# Screenshots of the desktop app for the README: starts a private seedd (API only: jobs stay queued
# unless cancelled) with demo jobs, runs `seed --screenshot` under Xvfb (light and dark palettes) and
# saves main-window*.png, submit-form*.png and job-details*.png here.
# Usage: docs/screenshots/take.sh [BUILD_DIR]     (default: build)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
BIN="$BUILD/bin"
T=$(mktemp -d "${TMPDIR:-/tmp}/seed-shots.XXXXXX")
SEEDD_PID=
cleanup() { [ -n "$SEEDD_PID" ] && kill "$SEEDD_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
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
ls -1 "$HERE"/*.png
