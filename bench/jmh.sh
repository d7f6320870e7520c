#!/usr/bin/env bash
# Carafe's microbenchmarks (JMH): the framework's own per-request work (route matching,
# return-value conversion, session decoding), each against a baseline, on one pinned core.
# They measure package-private parts, so they live in the framework's tests
# (framework/src/test/java/dev/carafe/**/*Benchmark.java) and run from its test jar.
#
#   bench/jmh.sh               2 forks, 5 x 2 s warm-up and 5 x 2 s measurement per case
#   bench/jmh.sh --quick       1 fork, 3 x 1 s and 3 x 1 s
#   bench/jmh.sh --smoke       no fork, one 100 ms iteration: proves the benchmarks run
#   bench/jmh.sh Routing       only the benchmarks whose name matches (JMH regexes)
#
# Results go to bench/target/jmh (jmh.json, jmh.md); full and quick runs also update the
# microbenchmark table in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=full out=bench/target/jmh docs=1 build=1 cpus=0 java=java patterns=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) profile=quick; shift ;;
    --smoke) profile=smoke; docs=0; shift ;;
    --out) out=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --java) java=$2/bin/java; shift 2 ;;
    --no-docs) docs=0; shift ;;
    --no-build) build=0; shift ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "Unknown option: $1" >&2; exit 2 ;;
    *) patterns+=("$1"); shift ;;
  esac
done
case $profile in
  full) settings=(-f 2 -wi 5 -w 2s -i 5 -r 2s) ;;
  quick) settings=(-f 1 -wi 3 -w 1s -i 3 -r 1s) ;;
  smoke) settings=(-f 0 -wi 0 -i 1 -r 100ms) ;;
esac
[ ${#patterns[@]} -gt 0 ] || patterns=('dev\.carafe\..*Benchmark\..*')

# shellcheck source=SCRIPTDIR/lib/build.sh
. bench/lib/build.sh
[ "$build" = 0 ] || build_if_stale
bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/jmh.json" "$out/jmh.md"
taskset -c "$cpus" "$java" -cp "$bench_cp" org.openjdk.jmh.Main "${settings[@]}" \
  -rf json -rff "$out/jmh.json" "${patterns[@]}"

report_args=(--jmh "$out/jmh.json" "$out")
[ "$docs" = 1 ] && report_args+=(--docs docs/performance.md)
"$java" -cp "$bench_cp" dev.carafe.bench.report.Report "${report_args[@]}"
