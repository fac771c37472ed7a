# fish completion for seedctl (installed as /usr/share/fish/vendor_completions.d/seedctl.fish)
function __seedctl_jobs
    seedctl list --per-page 100 --json 2>/dev/null | string match -r -g '"name": *"([^"]*)"'
end
set -l cmds list get logs analytics submit cancel delete wait artifacts
complete -c seedctl -f
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a list -d 'List jobs'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a get -d 'One job, every field'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a logs -d "A job's log"
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a analytics -d 'Current utilization of a job'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a submit -d 'Create a job from a JSON spec'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a cancel -d 'Cancel a job'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a delete -d 'Delete a job'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a wait -d 'Wait until a job ends'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a artifacts -d "List or download a job's artifacts"
complete -c seedctl -l data-dir -r -a '(__fish_complete_directories)' -d "The local seedd's data directory"
complete -c seedctl -l url -r -d 'A remote endpoint'
complete -c seedctl -l namespace -r -d 'Namespace'
complete -c seedctl -l ca-file -r -F -d 'Extra trusted certificate (PEM)'
complete -c seedctl -l json -d "Print the API's JSON"
complete -c seedctl -s o -l output -x -a 'table wide json' -d 'Output format'
complete -c seedctl -l help -d 'Show help'
complete -c seedctl -l version -d 'Show version'
complete -c seedctl -n '__fish_seen_subcommand_from list' -l status -x -a 'queued running succeeded failed cancelled timed_out'
complete -c seedctl -n '__fish_seen_subcommand_from list' -l sort -x -a 'created_at started_at completed_at name'
complete -c seedctl -n '__fish_seen_subcommand_from list' -l order -x -a 'asc desc'
complete -c seedctl -n '__fish_seen_subcommand_from list' -l page -x
complete -c seedctl -n '__fish_seen_subcommand_from list' -l per-page -x
complete -c seedctl -n '__fish_seen_subcommand_from logs' -l tail -x
complete -c seedctl -n '__fish_seen_subcommand_from logs' -l since -x
complete -c seedctl -n '__fish_seen_subcommand_from logs' -s f -l follow
complete -c seedctl -n '__fish_seen_subcommand_from logs' -l timestamps
complete -c seedctl -n '__fish_seen_subcommand_from delete' -l delete-artifacts
complete -c seedctl -n '__fish_seen_subcommand_from wait' -l timeout-seconds -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -F
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l file -r -F -d 'The spec file (- for stdin)'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l name -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l command -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l image -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l repo -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l branch -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l gpu -x -a 'A100-40GB A100-80GB H100-80GB L4 T4 none'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l gpu-count -x -a '1 2 4 8'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l cpu -x -a '2 4 8 16 32 64 96'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l memory-gb -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l disk-gb -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l region -x -a 'us-east-1 us-west-2 eu-west-1 eu-central-1 ap-northeast-1'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l timeout-minutes -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l retries -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l output-path -x
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l env -x -d 'KEY=VALUE (repeatable)'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l spot -d 'A preemptible job'
complete -c seedctl -n '__fish_seen_subcommand_from submit' -l nodes -x
complete -c seedctl -n '__fish_seen_subcommand_from artifacts' -l output-dir -r -a '(__fish_complete_directories)'
complete -c seedctl -n '__fish_seen_subcommand_from get logs analytics cancel delete wait artifacts' -a '(__seedctl_jobs)'
