# bash completion for signaal(1). The commands and each command's options
# are read from the program's own help (`signaal --help`, `signaal help
# COMMAND`), so they are always the installed program's; file names
# otherwise, .rules and .rbc first where a rulebook is expected.
# Installed by `make install` as $(datadir)/bash-completion/completions/signaal.

_signaal() {
  local cur prev words cword
  _init_completion || return
  local bin=${words[0]}
  if [[ $cword -eq 1 ]]; then
    local commands
    commands=$("$bin" --help 2>/dev/null | awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  local command=${words[1]}
  case $prev in
    -o|--output|--save|--log|--junit|--facts|--cases|--batch|--emit-c|--port-file)
      _filedir
      return ;;
    --lang)
      COMPREPLY=($(compgen -W "nl en" -- "$cur"))
      return ;;
    --report|--format)
      COMPREPLY=($(compgen -W "md html text json" -- "$cur"))
      return ;;
    --now|--as-of|--max-age|--max-errors|--max-case-size|--max-rule-size|--count|-n|--seed|--rule|--min-coverage|--id-field|--fields|--listen|--threads|--max-body|--max-batch|--timeout)
      return ;;
  esac
  if [[ $cur == -* ]]; then
    local options
    options=$("$bin" help "$command" 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u)
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  if [[ $command == help ]]; then
    local commands
    commands=$("$bin" --help 2>/dev/null | awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    return
  fi
  _filedir
}
complete -F _signaal signaal
