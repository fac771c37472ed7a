#!/bin/sh
# Makes the Debian package from a release build: seed_<version>_<arch>.deb (stripped) and its debug symbols
# in seed-dbgsym_<version>_<arch>.ddeb, in BUILD_DIR (default build-release), then runs lintian on it.
#   installer/build-deb.sh [BUILD_DIR]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-release}
launcher=""
if command -v ccache >/dev/null 2>&1; then launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"; fi
# shellcheck disable=SC2086
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
  -DBUILD_TESTING=OFF $launcher
cmake --build "$build" -j"${SEED_BUILD_JOBS:-$(nproc)}"
(cd "$build" && cpack)
ls -l "$build"/seed_*.deb "$build"/seed-dbgsym_*.ddeb 2>/dev/null || true
# lintian leaves scratch files (mldbm-elf-*) in TMPDIR: a directory of its own, removed after.
scratch=$(mktemp -d)
rc=0
TMPDIR="$scratch" lintian --fail-on error "$build"/seed_*.deb || rc=$?
rm -rf "$scratch"
exit "$rc"
