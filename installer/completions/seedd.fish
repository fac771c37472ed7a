# fish completion for seedd (installed as /usr/share/fish/vendor_completions.d/seedd.fish)
set -l cmds serve token apikey
complete -c seedd -f
complete -c seedd -n "not __fish_seen_subcommand_from $cmds" -a serve -d 'Serve the Seed Jobs API'
complete -c seedd -n "not __fish_seen_subcommand_from $cmds" -a token -d 'Bearer tokens'
complete -c seedd -n "not __fish_seen_subcommand_from $cmds" -a apikey -d 'API keys'
complete -c seedd -n "not __fish_seen_subcommand_from $cmds" -l help -d 'Show help'
complete -c seedd -n "not __fish_seen_subcommand_from $cmds" -l version -d 'Show version'
complete -c seedd -n '__fish_seen_subcommand_from token apikey; and not __fish_seen_subcommand_from create list revoke' -a 'create list revoke'
complete -c seedd -l data-dir -r -a '(__fish_complete_directories)' -d 'Data directory'
complete -c seedd -n '__fish_seen_subcommand_from token apikey' -l namespace -x -d 'Namespace'
complete -c seedd -n '__fish_seen_subcommand_from apikey' -l name -x -d 'Key name'
complete -c seedd -n '__fish_seen_subcommand_from token apikey' -l read-only -d 'Read access only'
complete -c seedd -n '__fish_seen_subcommand_from token apikey' -l expires -x -d 'Duration or RFC 3339 time'
complete -c seedd -n '__fish_seen_subcommand_from token apikey' -l json -d 'JSON array'
complete -c seedd -n '__fish_seen_subcommand_from serve' -l listen -x -d 'HOST:PORT'
complete -c seedd -n '__fish_seen_subcommand_from serve' -l config -r -F
complete -c seedd -n '__fish_seen_subcommand_from serve' -l tls-cert -r -F
complete -c seedd -n '__fish_seen_subcommand_from serve' -l tls-key -r -F
complete -c seedd -n '__fish_seen_subcommand_from serve' -l allow-insecure-public
complete -c seedd -n '__fish_seen_subcommand_from serve' -l access-log
complete -c seedd -n '__fish_seen_subcommand_from serve' -l runner -x -a 'podman slurm none'
complete -c seedd -n '__fish_seen_subcommand_from serve' -l gpus -x -a 'auto none simulate='
complete -c seedd -n '__fish_seen_subcommand_from serve' -l capacity -x
complete -c seedd -n '__fish_seen_subcommand_from serve' -l cancel-grace -x
complete -c seedd -n '__fish_seen_subcommand_from serve' -l git-base -x
complete -c seedd -n '__fish_seen_subcommand_from serve' -l default-image -x
complete -c seedd -n '__fish_seen_subcommand_from serve' -l oci-runtime -x -a 'runc crun'
complete -c seedd -n '__fish_seen_subcommand_from serve' -l pull -x -a 'never missing always newer'
complete -c seedd -n '__fish_seen_subcommand_from serve' -l cdi-kind -x
complete -c seedd -n '__fish_seen_subcommand_from serve' -l cdi-spec-dir -r -a '(__fish_complete_directories)'
complete -c seedd -n '__fish_seen_subcommand_from serve' -l timeout-unit-seconds -x
complete -c seedd -n '__fish_seen_subcommand_from serve' -l slurm-conf -r -F
