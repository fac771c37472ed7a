#!/bin/sh
# Installs a Seed .deb into a clean Debian root and checks it there, as a user of the package would meet it:
# apt resolves every dependency from Debian's own archive, then the programs start, seedd serves the API with
# a token from `seedd token create`, seedctl lists through it, and the desktop file, icon, man pages,
# completions and user unit are in place. On the host: lintian (no errors), desktop-file-validate,
# appstreamcli validate, systemd-analyze verify. Needs root, mmdebstrap and Debian's apt archive.
#   installer/test-install.sh DEB [SUITE]        SUITE: bookworm (default) or trixie
# The clean root is cached as a tarball (SEED_ROOT_CACHE, default /var/cache/seed-test-install) and unpacked
# afresh for every run, with the downloaded .debs kept beside it; nothing of the run stays behind.
set -eu
deb=$(realpath "$1")
suite=${2:-bookworm}
cache=${SEED_ROOT_CACHE:-/var/cache/seed-test-install}
src=$(cd "$(dirname "$0")" && pwd)

fail() { echo "test-install: FAILED: $*" >&2; exit 1; }
step() { echo "test-install: $*"; }

mkdir -p "$cache"
base="$cache/$suite-apt.tar"
if [ ! -s "$base" ]; then
  step "making a clean $suite root (once; cached in $base)"
  mmdebstrap --quiet --variant=apt "$suite" "$cache/$suite-apt.new.tar" && mv "$cache/$suite-apt.new.tar" "$base"
fi

root=$(mktemp -d /tmp/seed-install-XXXXXX)
cleanup() {
  for m in var/cache/apt/archives dev/pts dev proc sys; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf "$root"
}
trap cleanup EXIT INT TERM
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
# Downloaded packages are kept between runs (the root itself is not).
mkdir -p "$cache/archives/partial"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/tmp/"
# A throw-away root: dpkg need not fsync every file it unpacks.
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/seed-test-unsafe-io"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "apt-get install ./$(basename "$deb") into a clean $suite root"
in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$1" >/tmp/apt.log 2>&1 || { tail -30 /tmp/apt.log; exit 1; }' \
  sh "$(basename "$deb")" || fail "apt-get could not install the package"

step "the programs start"
in_root seedd --version | grep -qx "seedd [0-9.]*" || fail "seedd --version"
in_root seedctl --version | grep -qx "seedctl [0-9.]*" || fail "seedctl --version"
in_root env QT_QPA_PLATFORM=offscreen seed --version | grep -qx "seed [0-9.]*" || fail "seed --version"

step "seedd serves the API (SQLite driver present), seedctl lists through it"
port=$((20000 + $$ % 20000))
token=$(in_root seedd token create --data-dir /tmp/seed-data --namespace demo) || fail "seedd token create"
in_root sh -c "seedd serve --data-dir /tmp/seed-data --runner none --listen 127.0.0.1:$port >/tmp/seedd.log 2>&1 & echo \$! >/tmp/seedd.pid"
i=0
until in_root env SEED_TOKEN="$token" seedctl --url "http://127.0.0.1:$port" --namespace demo list >/tmp/seed-list.out 2>&1; do
  i=$((i + 1))
  [ $i -lt 50 ] || { cat "$root/tmp/seedd.log" >&2; cat /tmp/seed-list.out >&2; fail "seedctl list against the installed seedd"; }
  sleep 0.2
done
kill "$(cat "$root/tmp/seedd.pid")" 2>/dev/null || true
rm -f /tmp/seed-list.out

step "files in place"
for f in usr/share/applications/seed.desktop usr/share/icons/hicolor/256x256/apps/seed.png \
         usr/share/metainfo/run.outpost.Seed.metainfo.xml usr/lib/systemd/user/seedd.service \
         usr/share/man/man1/seed.1.gz usr/share/man/man1/seedctl.1.gz usr/share/man/man8/seedd.8.gz \
         usr/share/bash-completion/completions/seedctl usr/share/bash-completion/completions/seedd \
         usr/share/zsh/vendor-completions/_seedctl usr/share/fish/vendor_completions.d/seedctl.fish \
         usr/share/doc/seed/copyright usr/share/doc/seed/changelog.gz; do
  [ -s "$root/$f" ] || fail "/$f missing from the installed package"
done
# Stripped: no debug sections left in the programs.
for b in seed seedd seedctl; do
  if readelf -S "$root/usr/bin/$b" | grep -q '\.debug_info'; then fail "/usr/bin/$b is not stripped"; fi
done

step "lintian, desktop-file-validate, appstreamcli, systemd-analyze"
# Once, its scratch files (mldbm-elf-*, which it leaves behind) in the root that cleanup removes.
mkdir -p "$root/.lintian-tmp"
lintian_rc=0
lintian_out=$(TMPDIR="$root/.lintian-tmp" lintian --fail-on error "$deb" 2>&1) || lintian_rc=$?
printf '%s\n' "$lintian_out" | grep -v 'running with root privileges' || true
[ "$lintian_rc" = 0 ] || fail "lintian reports errors"
desktop-file-validate "$root/usr/share/applications/seed.desktop" | grep -v '^.*: hint:' | grep . && fail "desktop-file-validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/run.outpost.Seed.metainfo.xml" >/dev/null || fail "appstreamcli validate"
# The unit as installed, with its ExecStart looked up in that root (systemd 252's verify cannot take --root).
unitdir=$(mktemp -d)
sed "s|^ExecStart=/|ExecStart=$root/|" "$root/usr/lib/systemd/user/seedd.service" >"$unitdir/seedd.service"
out=$(systemd-analyze verify "$unitdir/seedd.service" 2>&1) || { echo "$out" >&2; rm -rf "$unitdir"; fail "systemd-analyze verify"; }
rm -rf "$unitdir"
[ -z "$out" ] || { echo "$out" >&2; fail "systemd-analyze verify printed warnings"; }
step "ok: $(basename "$deb") installs and works in a clean $suite root"
