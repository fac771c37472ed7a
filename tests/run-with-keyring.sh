#!/bin/sh
# Runs a test with a private D-Bus session and an unlocked gnome-keyring (the Secret Service QtKeychain
# uses), all inside a temporary HOME that is removed afterwards. Usage: run-with-keyring.sh PROGRAM [ARGS]
set -eu
T=$(mktemp -d "${TMPDIR:-/tmp}/seed-keyring.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
mkdir -p "$T/run" "$T/data" "$T/config"
chmod 700 "$T/run"
export HOME="$T" XDG_RUNTIME_DIR="$T/run" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
# The keyring daemon leaves with the bus: dbus-run-session ends both when the test exits.
dbus-run-session -- sh -c '
  echo -n seed-test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' seed-test "$@"
