# shellcheck shell=sh
# targets.sh — the fuzz targets and their seed folders, sourced by
# fuzz/run.sh (libFuzzer) and tests/run.sh (the replays of `make test`).
# A file in fuzz/crashes/ is named TARGET-what, TARGET without "fuzz_"
# (compile-include-path-newline is an input of fuzz_compile).

# shellcheck disable=SC2034  # read by the scripts that source this file
fuzz_targets="fuzz_load fuzz_load_nocrc fuzz_compile fuzz_case fuzz_answers fuzz_args fuzz_rules_case fuzz_serve"

# The seed folders of target $1, from the repository root; nothing for a
# name that is no target.
fuzz_seeds() {
  case $1 in
    fuzz_load | fuzz_load_nocrc) echo fuzz/corpus/load ;;
    fuzz_compile) echo fuzz/corpus/compile ;;
    fuzz_case) echo fuzz/corpus/case rules/examples ;;
    fuzz_answers) echo fuzz/corpus/answers ;;
    fuzz_args) echo fuzz/corpus/args ;;
    fuzz_rules_case) echo fuzz/corpus/rules_case ;;
    fuzz_serve) echo fuzz/corpus/serve ;;
  esac
}
