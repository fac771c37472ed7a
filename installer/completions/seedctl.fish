# fish completion for seedctl (installed as /usr/share/fish/vendor_completions.d/seedctl.fish)
function __seedctl_jobs
    seedctl list --per-page 100 --json 2>/dev/null | string match -r -g '"name": *"([^"]*)"'
end
set -l cmds list get logs analytics submit cancel delete wait
complete -c seedctl -f
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a list -d 'List jobs'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a get -d 'One job, every field'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a logs -d "A job's log"
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a analytics -d 'Current utilization of a job'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a submit -d 'Create a job from a JSON spec'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a cancel -d 'Cancel a job'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a delete -d 'Delete a job'
complete -c seedctl -n "not __fish_seen_subcommand_from $cmds" -a wait -d 'Wait until a job ends'
complete -c seedctl -l data-dir -r -a '(__fish_complete_directories)' -d "The local seedd's data directory"
complete -c seedctl -l url -r -d 'A remote endpoint'
complete -c seedctl -l namespace -r -d 'Namespace'
complete -c seedctl -l ca-file -r -F -d 'Extra trusted certificate (PEM)'
complete -c seedctl -l json -d "Print the API's JSON"
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
complete -c seedctl -n '__fish_seen_subcommand_from get logs analytics cancel delete wait' -a '(__seedctl_jobs)'
