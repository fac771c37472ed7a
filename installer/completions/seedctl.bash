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
    local commands="list get logs analytics submit cancel delete wait artifacts"
    local conn="--data-dir --url --namespace --ca-file --json -o --output --help --version"
    case $prev in
        --data-dir) _filedir -d; return ;;
        --ca-file) _filedir; return ;;
        --output-dir) _filedir -d; return ;;
        --file) _filedir json; [[ $cur == - ]] && COMPREPLY+=(-); return ;;
        -o | --output) COMPREPLY=($(compgen -W "table wide json" -- "$cur")); return ;;
        --gpu) COMPREPLY=($(compgen -W "A100-40GB A100-80GB H100-80GB L4 T4 none" -- "$cur")); return ;;
        --region) COMPREPLY=($(compgen -W "us-east-1 us-west-2 eu-west-1 eu-central-1 ap-northeast-1" -- "$cur")); return ;;
        --gpu-count) COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
        --cpu) COMPREPLY=($(compgen -W "2 4 8 16 32 64 96" -- "$cur")); return ;;
        --name | --command | --image | --repo | --branch | --memory-gb | --disk-gb | --timeout-minutes | --retries | \
            --output-path | --env | --nodes) return ;;
        --status) COMPREPLY=($(compgen -W "queued running succeeded failed cancelled timed_out" -- "$cur")); return ;;
        --sort) COMPREPLY=($(compgen -W "created_at started_at completed_at name" -- "$cur")); return ;;
        --order) COMPREPLY=($(compgen -W "asc desc" -- "$cur")); return ;;
        --url | --namespace | --page | --per-page | --tail | --since | --timeout-seconds) return ;;
    esac
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            list | get | logs | analytics | submit | cancel | delete | wait | artifacts) cmd=${words[i]}; break ;;
            --data-dir | --url | --namespace | --ca-file) ((i++)) ;;
        esac
    done
    case $cmd in
        "") COMPREPLY=($(compgen -W "$commands $conn" -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "--status --sort --order --page --per-page --json -o --output" -- "$cur")) ;;
        get) if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--json -o --output" -- "$cur"))
            else COMPREPLY=($(compgen -W "$(_seedctl_jobs)" -- "$cur")); fi ;;
        submit)
            if [[ $cur == -?* ]]; then
                COMPREPLY=($(compgen -W "--file --name --command --image --repo --branch --gpu --gpu-count --cpu
                    --memory-gb --disk-gb --region --timeout-minutes --retries --output-path --env --spot --nodes
                    --json" -- "$cur"))
            else
                _filedir json; [[ $cur == - ]] && COMPREPLY+=(-)
            fi ;;
        artifacts)
            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--output-dir" -- "$cur"))
            else COMPREPLY=($(compgen -W "$(_seedctl_jobs)" -- "$cur")); fi ;;
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
