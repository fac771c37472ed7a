#!/bin/sh
# ctest's translations_complete: every string the desktop app shows has its German translation, and every
# plural ("%n job(s)") its English forms ("1 job", "2 jobs"). lupdate is run over the same sources as the build's
# update_translations, into copies of the .ts files; a message it adds or leaves unfinished fails the test and is
# printed. Fix: `cmake --build build --target update_translations` (German), `... --target update_plurals`
# (English plurals), then translate what is marked unfinished.
#   translations/check-complete.sh LUPDATE OPTION... -- PLURAL_SOURCE...   (as tests/CMakeLists.txt passes them from
#   translations/lupdate-options.cmake, the build's own options)
set -eu
lupdate=$1
shift
options=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do options="$options $1"; shift; done
[ $# -gt 0 ] || { echo "usage: $0 LUPDATE OPTION... -- PLURAL_SOURCE..." >&2; exit 2; }
shift
plural_sources="$*"
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/translations/seed_de.ts" "$src/translations/seed_en.ts" "$tmp/"
cd "$src"
# The same sources as translations.cmake.
find ui -name '*.cpp' -o -name '*.h' | sort > "$tmp/sources.lst"
echo app/seed/main.cpp >> "$tmp/sources.lst"
# shellcheck disable=SC2086 # options and sources are words
"$lupdate" $options -I ui "@$tmp/sources.lst" -ts "$tmp/seed_de.ts" > "$tmp/de.log" 2>&1 ||
  { cat "$tmp/de.log"; exit 1; }
# shellcheck disable=SC2086
"$lupdate" -pluralonly $options -source-language en -target-language en \
  $plural_sources -ts "$tmp/seed_en.ts" > "$tmp/en.log" 2>&1 || { cat "$tmp/en.log"; exit 1; }
fail=0
for ts in seed_de seed_en; do
  n=$(grep -c 'type="unfinished"' "$tmp/$ts.ts" || true)
  if [ "$n" != 0 ]; then
    echo "translations/$ts.ts: $n message(s) not translated:"
    grep -B4 'type="unfinished"' "$tmp/$ts.ts" | sed -n 's/.*<source>\(.*\)<\/source>.*/  \1/p'
    fail=1
  fi
  # A message lupdate added or dropped is a string the file does not have yet (or no longer needs). Compared
  # by context and source only: another Qt's lupdate may lay the file out differently.
  messages() {
    sed -n 's/^ *<name>\(.*\)<\/name>/C\1/p; s/^ *<source>\(.*\)<\/source>/S\1/p' "$1" |
      awk '/^C/ { c = substr($0, 2); next } { print c " :: " substr($0, 2) }' | LC_ALL=C sort
  }
  messages "translations/$ts.ts" > "$tmp/$ts.now"
  if ! messages "$tmp/$ts.ts" | diff -u "$tmp/$ts.now" - > "$tmp/$ts.diff"; then
    echo "translations/$ts.ts is not up to date with the sources (- in the file, + in the sources):"
    head -40 "$tmp/$ts.diff"
    fail=1
  fi
done
[ $fail = 0 ] && echo "translations complete: German $(grep -c '<source>' translations/seed_de.ts) messages, English plurals $(grep -c '<source>' translations/seed_en.ts)"
exit $fail
