# shellcheck shell=bash
# figure KEY VALUE: hands one measured figure to `bench/run.sh --all`, which sets BENCH_FIGURES to
# the file it collects them in and writes the performance page's table of targets from them. Run on
# their own, the scripts print their figures as before and this does nothing. Sourced by bench/*.sh.
figure() {
  [ -z "${BENCH_FIGURES:-}" ] || printf '%s\t%s\n' "$1" "$2" >>"$BENCH_FIGURES"
}
