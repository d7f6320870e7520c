#!/usr/bin/env bash
# How fast a production worker starts serving, and how warm it is when it does. Prints figures;
# nothing is asserted.
#
#   bench/startup.sh [worker|reload|run-prod|all][,...] [--slices N] [--hups N] [--runs N]
#
#   worker    one worker (run-prod.sh --workers 1): launch to first 200, the master's boot-to-ready,
#             the worker's own boot phases, then /api/hello in 1-second wrk slices: the first
#             second against the steady rate (the median of the last three slices). On JDK 25
#             with the AOT cache recorded as `mvn package` records it, on JDK 25 without a cache,
#             and on JDK 17
#   reload    2 workers under wrk load: from each HUP to the master's "Reload complete", the
#             requests that failed across all of them, and each new worker's boot and warm-up
#   run-prod  ./run-prod.sh from a built tree to the first 200, with the recorded cache and without
#
# The server runs on the cores in BENCH_SERVER_CPUS (default 0) and wrk on BENCH_LOAD_CPUS
# (default 1); run-prod runs unpinned, as a user starts it. Every figure comes with the load
# average at the time: on a shared machine, compare figures of one run, not across runs.
set -euo pipefail
cd "$(dirname "$0")/.."

section="${1:-all}"
[ $# -gt 0 ] && shift
slices=10
hups=3
runs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --slices) slices="$2"; shift 2 ;;
    --hups) hups="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "Unknown option: $1" >&2; exit 2 ;;
  esac
done
server_cpus="${BENCH_SERVER_CPUS:-0}"
load_cpus="${BENCH_LOAD_CPUS:-1}"
command -v wrk >/dev/null || { echo "bench/startup.sh needs wrk (apt-get install -y wrk)" >&2; exit 1; }
jdk17="$(find /usr/lib/jvm -maxdepth 1 -name 'java-17-openjdk-*' | head -1)"

export CARAFE_SECRET_KEY="${CARAFE_SECRET_KEY:-bench-secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
work="$(mktemp -d)"
master=""
cleanup() {
  local pid
  if [ -n "$master" ]; then
    for pid in $(pgrep -P "$master"); do kill -KILL "$pid" 2>/dev/null || true; done
    kill -KILL "$master" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! ss -ltn | grep -q ":$port "; then echo "$port"; return; fi
  done
}

# Starts run-prod.sh with "$@" (taskset prefix first, if any) and waits for its first 200 of
# /api/hello; sets $master, $port, $log and $first_ms (launch to first 200).
start() {
  port="$(free_port)"
  log="$work/server-$port.log"
  local t0
  t0="$(now_ms)"
  "$@" --bind "127.0.0.1:$port" >"$log" 2>&1 &
  master=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/api/hello" || true)" = 200 ]; do
    if ! kill -0 "$master" 2>/dev/null || [ $(($(now_ms) - t0)) -gt 300000 ]; then
      echo "the server did not answer:" >&2; tail -20 "$log" >&2; exit 1
    fi
    sleep 0.02
  done
  first_ms=$(($(now_ms) - t0))
}

stop() {
  local waited=0 pid
  kill -TERM "$master" 2>/dev/null || true
  while kill -0 "$master" 2>/dev/null && [ "$waited" -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$master" 2>/dev/null; then
    for pid in $(pgrep -P "$master"); do kill -KILL "$pid" 2>/dev/null || true; done
    kill -KILL "$master" 2>/dev/null || true
  fi
  wait "$master" 2>/dev/null || true
  master=""
}

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' | cut -d. -f1; }
# A message of the server's JSON log, by a fixed part of it.
said() { grep -o "\"formattedMessage\":\"[^\"]*$1[^\"]*" "$log" | head -1 | cut -d'"' -f4; }

# Records the demo's AOT cache into $work/aot as `mvn package` does (bin/<app> record-aot-cache).
record() {
  ./run-prod.sh routes >/dev/null # builds the package when the sources are newer
  echo "== recording the AOT cache (load average $(loadavg))"
  demo-app/target/carafe-demo/bin/carafe-demo record-aot-cache --into "$work/aot" 2>/dev/null \
    | grep '^AOT cache' || true
}

# One worker: launch to first 200, its boot, then the first second against the steady rate.
worker_case() {
  local name="$1" rates=() out
  shift
  local before
  before="$(loadavg)"
  start env "$@" taskset -c "$server_cpus" ./run-prod.sh --workers 1
  for _ in $(seq 1 "$slices"); do
    out="$(taskset -c "$load_cpus" wrk -t1 -c64 -d1s "http://127.0.0.1:$port/api/hello")"
    rates+=("$(rps <<<"$out")")
  done
  stop
  local steady
  steady="$(printf '%s\n' "${rates[@]: -3}" | sort -n | sed -n 2p)"
  printf '%-28s launch to first 200 %6s ms; %s\n' "$name" "$first_ms" \
    "$(said 'is ready (generation' | sed 's/.*is ready (generation 1) in/boot to ready/')"
  printf '%-28s %s\n' "" "$(said 'Worker 1 serving on' | sed 's/.*, \([0-9]* ms after\)/\1/')"
  printf '%-28s %s\n' "" "$(said 'Warmed up' | sed 's|\\/|/|g')"
  printf '%-28s first second %6s req/s, steady %6s req/s: %3s %% (load average %s, then %s)\n' \
    "" "${rates[0]}" "$steady" "$((100 * rates[0] / (steady > 0 ? steady : 1)))" "$before" "$(loadavg)"
  printf '%-28s req/s per second: %s\n' "" "${rates[*]}"
}

worker() {
  echo
  echo "== one worker: run-prod.sh --workers 1 on cores $server_cpus, wrk -c64 on cores $load_cpus"
  for _ in $(seq 1 "$runs"); do
    worker_case "JDK 25, recorded AOT cache" CARAFE_AOT_CACHE="$work/aot"
    worker_case "JDK 25, no AOT cache" CARAFE_AOT_CACHE=off
    if [ -n "$jdk17" ]; then
      worker_case "JDK 17" CARAFE_JAVA="$jdk17/bin/java"
    fi
  done
}

reload() {
  echo
  echo "== rolling reload: 2 workers on cores $server_cpus, wrk -c64 on cores $load_cpus throughout"
  start env CARAFE_AOT_CACHE="$work/aot" taskset -c "$server_cpus" ./run-prod.sh --workers 2
  taskset -c "$load_cpus" wrk -t1 -c64 --timeout 10s -d 3600s \
    "http://127.0.0.1:$port/api/hello" >"$work/wrk.txt" 2>&1 &
  local wrk_pid=$! done_before t0 times=()
  sleep 2
  for _ in $(seq 1 "$hups"); do
    done_before="$(grep -c 'Reload complete' "$log" || true)"
    t0="$(now_ms)"
    kill -HUP "$master"
    until [ "$(grep -c 'Reload complete' "$log" || true)" -gt "$done_before" ]; do sleep 0.05; done
    times+=("$(($(now_ms) - t0))")
    echo "HUP to reload complete: ${times[-1]} ms (load average $(loadavg))"
    sleep 1
  done
  kill -INT "$wrk_pid"
  wait "$wrk_pid" 2>/dev/null || true
  stop
  local out
  out="$(cat "$work/wrk.txt")"
  echo "under load: $(grep -o '[0-9]* requests in [0-9.]*[a-z]*' <<<"$out");" \
    "$(grep -o 'Socket errors.*' <<<"$out" || echo 'no socket errors');" \
    "$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" || echo 'no non-2xx responses')"
  echo "the new workers' boots, from their JVM's start to serving, and their warm-ups:"
  grep -o '"formattedMessage":"\(Worker [0-9]* serving on\|Warmed up\)[^"]*' "$log" | cut -d'"' -f4 \
    | tail -n +5 | sed 's| serving on [^,]*,|:|; s|\\/|/|g; s|^|  |'
}

run_prod() {
  echo
  echo "== ./run-prod.sh from a built tree to the first 200 (2 workers, unpinned)"
  for _ in $(seq 1 "$runs"); do
    start env CARAFE_AOT_CACHE="$work/aot" ./run-prod.sh
    stop
    echo "with the recorded AOT cache: $first_ms ms (load average $(loadavg))"
    start env CARAFE_AOT_CACHE=off ./run-prod.sh
    stop
    echo "without an AOT cache:        $first_ms ms (load average $(loadavg))"
  done
}

echo "bench/startup.sh: $(nproc) cores, load average $(loadavg)"
record
for part in ${section//,/ }; do
  case "$part" in
    worker) worker ;;
    reload) reload ;;
    run-prod) run_prod ;;
    all) worker; reload; run_prod ;;
    *) echo "Unknown section: $part" >&2; exit 2 ;;
  esac
done
