# bash completion for seedctl (installed as /usr/share/bash-completion/completions/seedctl)
_seedctl_jobs()
{
    # Job names of the current connection; silent and empty when it cannot be reached.
    seedctl list --per-page 100 --json 2>/dev/null | grep -o '"name": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'
}

_seedctl()
{
    local cur prev words cword
    _init_completion || return
    local commands="list get logs analytics submit cancel delete wait"
    local conn="--data-dir --url --namespace --ca-file --json --help --version"
    case $prev in
        --data-dir) _filedir -d; return ;;
        --ca-file) _filedir; return ;;
        --status) COMPREPLY=($(compgen -W "queued running succeeded failed cancelled timed_out" -- "$cur")); return ;;
        --sort) COMPREPLY=($(compgen -W "created_at started_at completed_at name" -- "$cur")); return ;;
        --order) COMPREPLY=($(compgen -W "asc desc" -- "$cur")); return ;;
        --url | --namespace | --page | --per-page | --tail | --since | --timeout-seconds) return ;;
    esac
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            list | get | logs | analytics | submit | cancel | delete | wait) cmd=${words[i]}; break ;;
            --data-dir | --url | --namespace | --ca-file) ((i++)) ;;
        esac
    done
    case $cmd in
        "") COMPREPLY=($(compgen -W "$commands $conn" -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "--status --sort --order --page --per-page --json" -- "$cur")) ;;
        submit) _filedir json; [[ $cur == - ]] && COMPREPLY+=(-) ;;
        logs)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--tail --since -f --follow --timestamps --json" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$(_seedctl_jobs)" -- "$cur"))
            fi ;;
        delete)
            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--delete-artifacts --json" -- "$cur"))
            else COMPREPLY=($(compgen -W "$(_seedctl_jobs)" -- "$cur")); fi ;;
        wait)
            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--timeout-seconds --json" -- "$cur"))
            else COMPREPLY=($(compgen -W "$(_seedctl_jobs)" -- "$cur")); fi ;;
        *)
            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--json" -- "$cur"))
            else COMPREPLY=($(compgen -W "$(_seedctl_jobs)" -- "$cur")); fi ;;
    esac
}
complete -F _seedctl seedctl
