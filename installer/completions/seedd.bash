# bash completion for seedd (installed as /usr/share/bash-completion/completions/seedd)
_seedd()
{
    local cur prev words cword
    _init_completion || return
    case $prev in
        --data-dir | --cdi-spec-dir) _filedir -d; return ;;
        --config | --tls-cert | --tls-key | --slurm-conf) _filedir; return ;;
        --runner) COMPREPLY=($(compgen -W "podman slurm none" -- "$cur")); return ;;
        --gpus) COMPREPLY=($(compgen -W "auto none simulate=" -- "$cur")); compopt -o nospace; return ;;
        --oci-runtime) COMPREPLY=($(compgen -W "runc crun" -- "$cur")); return ;;
        --pull) COMPREPLY=($(compgen -W "never missing always newer" -- "$cur")); return ;;
        --listen | --capacity | --cancel-grace | --git-base | --default-image | --cdi-kind | --timeout-unit-seconds | \
            --namespace | --name | --expires) return ;;
    esac
    case "${words[1]}" in
        serve)
            COMPREPLY=($(compgen -W "--listen --data-dir --config --tls-cert --tls-key --allow-insecure-public
                --access-log --runner --gpus --capacity --cancel-grace --git-base --default-image --oci-runtime
                --pull --cdi-kind --cdi-spec-dir --timeout-unit-seconds --slurm-conf" -- "$cur")) ;;
        token | apikey)
            if ((cword == 2)); then
                COMPREPLY=($(compgen -W "create list revoke" -- "$cur"))
            else
                case "${words[2]}" in
                    create) COMPREPLY=($(compgen -W "--data-dir --namespace --read-only --expires $([[ ${words[1]} == apikey ]] && echo --name)" -- "$cur")) ;;
                    list) COMPREPLY=($(compgen -W "--data-dir --json" -- "$cur")) ;;
                    revoke) COMPREPLY=($(compgen -W "--data-dir" -- "$cur")) ;;
                esac
            fi ;;
        *) ((cword == 1)) && COMPREPLY=($(compgen -W "serve token apikey --help --version" -- "$cur")) ;;
    esac
}
complete -F _seedd seedd
