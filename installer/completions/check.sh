#!/bin/bash
# ctest's completions: every command and option that `seedctl --help` and `seedd --help` print is offered by
# the bash completion (run through bash-completion) and named in the zsh and fish files, so the completions
# cannot fall behind the programs. Skipped (77) without bash-completion, except under CI=true.
#   installer/completions/check.sh SEEDCTL SEEDD
set -u
seedctl=$1 seedd=$2
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f /usr/share/bash-completion/bash_completion ]; then
  echo "completions: needs bash-completion (.ci/install-deps installs it)"
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi
# shellcheck disable=SC1091
source /usr/share/bash-completion/bash_completion
source "$here/seedctl.bash"
source "$here/seedd.bash"
offered() { # FUNCTION WORDS...: what the completion offers for the last word
  local fn=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  "$fn" 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}"
}
fail=0
missing() { echo "completions: $*"; fail=1; }

# seedctl: the commands (first word of each line under "Commands:") and every --option anywhere in --help.
commands=$("$seedctl" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || missing "no commands found in seedctl --help"
for c in $commands; do
  offered _seedctl seedctl "" | grep -qx "$c" || missing "bash: seedctl does not offer '$c'"
  grep -q "'$c:" "$here/_seedctl" || missing "zsh: seedctl lacks '$c'"
  grep -q -- "-a $c " "$here/seedctl.fish" || missing "fish: seedctl lacks '$c'"
done
for o in $("$seedctl" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  found=0
  for c in "" $commands; do
    if offered _seedctl seedctl $c -- | grep -qx -- "$o"; then found=1; break; fi
  done
  [ $found = 1 ] || missing "bash: seedctl never offers $o"
  grep -q -- "$o" "$here/_seedctl" || missing "zsh: seedctl lacks $o"
  grep -q -- "-l ${o#--}" "$here/seedctl.fish" || missing "fish: seedctl lacks $o"
done

# seedd: the subcommands and every --option of the usage lines.
for c in serve token apikey; do
  "$seedd" --help | grep -q "seedd $c" || missing "seedd --help no longer has '$c' (update this check)"
  offered _seedd seedd "" | grep -qx "$c" || missing "bash: seedd does not offer '$c'"
done
for o in $("$seedd" --help | sed -n '/^Usage:/,/^$/p' | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  case $o in --help | --version) continue ;; esac
  found=0
  for words in "serve" "token create" "apikey create" "token list" "token revoke"; do
    # shellcheck disable=SC2086
    if offered _seedd seedd $words -- | grep -qx -- "$o"; then found=1; break; fi
  done
  [ $found = 1 ] || missing "bash: seedd never offers $o"
  grep -q -- "$o" "$here/_seedd" || missing "zsh: seedd lacks $o"
  grep -q -- "-l ${o#--}" "$here/seedd.fish" || missing "fish: seedd lacks $o"
done
[ $fail = 0 ] && echo "completions: every command and option of --help is completed (bash checked live; zsh, fish by name)"
exit $fail
