#!/bin/sh
# The fuzz targets' smoke run: configures and builds them (clang, ASan+UBSan, a build directory of their own) and
# runs each from its seed corpus in fuzz/corpus/. Fails on any crash, sanitizer report or broken invariant,
# printing the report and keeping the input under BUILD_DIR/crashes/. Exits 77 (ctest: skipped) when clang++
# cannot link a libFuzzer target here (no libclang-rt-14-dev).
#   fuzz/run-smoke.sh [BUILD_DIR] [SECONDS]      defaults: build-fuzz next to this script's fuzz/, 20 s
# By default every target replays its corpus and then runs a fixed number of mutations from a fixed seed (about
# SECONDS each on the CI machine): the same inputs on every run, so CI is red only when the code changed. Bugs
# are hunted by the long random runs (SEED_FUZZ_RANDOM=1 here; docs/security.md, "Fuzzing"), and what they find is added
# to the corpus as a regress-* file.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-fuzz}
secs=${2:-20}
targets="fuzz_jobspec fuzz_queries fuzz_logstore fuzz_progress fuzz_gpuinventory"

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char *, unsigned long) { return 0; }' > "$probe/p.cpp"
if ! clang++ -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" 2>/dev/null; then
  echo "fuzz smoke: skipped, clang++ cannot build a libFuzzer target (install clang libclang-rt-14-dev)"
  exit 77
fi

launcher=""
if command -v ccache >/dev/null 2>&1; then launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"; fi
# shellcheck disable=SC2086
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSEED_FUZZ=ON -DBUILD_TESTING=OFF $launcher >/dev/null
cmake --build "$build" -j"${SEED_FUZZ_BUILD_JOBS:-2}" --target fuzzers

fail=0
mkdir -p "$build/crashes"
for t in $targets; do
  work="$probe/$t"
  mkdir -p "$work"
  # New inputs go to the scratch directory; the checked-in corpus is only read.
  if [ "${SEED_FUZZ_RANDOM:-0}" = 1 ]; then
    budget="-max_total_time=$secs"
  else
    # Runs per second each target reached on a loaded 2-core CI machine, times SECONDS.
    case $t in
      fuzz_jobspec) rate=10000 ;; fuzz_queries) rate=20000 ;; fuzz_logstore) rate=40 ;;
      fuzz_progress) rate=5000 ;; fuzz_gpuinventory) rate=7000 ;;
    esac
    budget="-seed=1 -runs=$((rate * secs))"
  fi
  # shellcheck disable=SC2086
  if "$build/fuzz/$t" "$work" "$src/fuzz/corpus/$t" $budget -max_len=8192 -print_final_stats=1 \
       -artifact_prefix="$build/crashes/$t-" >"$probe/$t.log" 2>&1; then
    echo "$t: ok, $(sed -n 's/^stat::number_of_executed_units: *//p' "$probe/$t.log") runs ($budget)"
  else
    echo "$t: FAILED (input kept in $build/crashes/)"
    grep -v '^#[0-9]' "$probe/$t.log" | tail -60
    fail=1
  fi
done
exit $fail
