#!/bin/sh
# ctest's package_install: packs BUILD_DIR with CPack (stripped, as a release would be) and runs
# test-install.sh on the result in a clean Debian 12 root. Skipped (exit 77) without root or mmdebstrap,
# except under CI=true, where a missing tool is a failure.
#   installer/package-test.sh BUILD_DIR
set -eu
build=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
for tool in mmdebstrap lintian desktop-file-validate appstreamcli systemd-analyze; do
  if ! command -v "$tool" >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    echo "package_install: needs root and $tool (.ci/install-deps installs them)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
  fi
done
out="$build/package-test"
rm -rf "$out"
(cd "$build" && cpack -B "$out" >"$out.log" 2>&1) || { cat "$out.log"; exit 1; }
set -- "$out"/seed_*.deb
[ -f "$1" ] || { echo "package_install: cpack made no seed_*.deb"; cat "$out.log"; exit 1; }
"$here/test-install.sh" "$1" bookworm
rm -rf "$out" "$out.log"
