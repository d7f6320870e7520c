#!/usr/bin/env bash
# How fast a production worker starts serving, and how warm it is when it does, with Gunicorn
# serving the demo's Flask twin (bench/flask) as the peer. Prints figures; nothing is asserted.
#
#   bench/startup.sh [worker|reload|run-prod|all][,...] [--slices N] [--hups N] [--runs N]
#
#   worker    one worker (run-prod.sh --workers 1): launch to first 200, the master's boot-to-ready,
#             the worker's own boot phases, then /api/hello in 1-second wrk slices: the first
#             second against the steady rate (the median of the last three slices). On JDK 25
#             with the AOT cache recorded as `mvn package` records it, on JDK 25 without a cache,
#             and on JDK 17. Then Gunicorn as bench/run.sh starts it (3 sync workers): launch to
#             first 200 and its first second against steady, alike
#   reload    2 workers under wrk load: from each HUP to the master's "Reload complete", the
#             requests that failed across all of them, and each new worker's boot and warm-up.
#             Then Gunicorn with 2 sync workers: from each HUP to its old workers gone and as many
#             new ones serving, and the requests that failed
#   run-prod  ./run-prod.sh from a built tree to the first 200, with the recorded cache and without
#
# The servers run on the cores in BENCH_SERVER_CPUS (default 0) and wrk on BENCH_LOAD_CPUS
# (default 1); run-prod runs unpinned, as a user starts it. Every figure comes with the load
# average at the time: on a shared machine, compare figures of one run, not across runs. Gunicorn
# is skipped, with the reason, where it or Flask is not installed. With BENCH_FIGURES set, the
# figures also go to that file (bench/lib/figures.sh), once per measurement (--runs N: N times).
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
# shellcheck source=SCRIPTDIR/lib/ports.sh
. bench/lib/ports.sh
# shellcheck source=SCRIPTDIR/lib/figures.sh
. bench/lib/figures.sh

export CARAFE_SECRET_KEY="${CARAFE_SECRET_KEY:-bench-secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
work="$(mktemp -d)"
master=""
load_pid=""
cleanup() {
  local pid
  [ -z "$load_pid" ] || kill -KILL "$load_pid" 2>/dev/null || true
  if [ -n "$master" ]; then
    for pid in $(pgrep -P "$master"); do kill -KILL "$pid" 2>/dev/null || true; done
    kill -KILL "$master" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# subjects.sh starts Gunicorn exactly as bench/run.sh does; it reads these. Its database is the
# twin's seeded blog, which /api/hello does not read but the app opens as it does in the others.
out="$work"
static_root="$work"
server_cores="$(taskset -c "$server_cpus" nproc)"
# shellcheck source=SCRIPTDIR/lib/subjects.sh
. bench/lib/subjects.sh
gunicorn_missing="$(backend_missing gunicorn)"
[ -n "$gunicorn_missing" ] || python3 bench/flask/seed.py "$out/blog.db"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Starts "$@", which serves on $port, and waits for its first 200 of /api/hello; sets $master,
# $log, $first_ms (launch to first 200) and $launch_load (the load average at the launch).
launch() {
  log="$work/server-$port.log"
  launch_load="$(loadavg)"
  local t0
  t0="$(now_ms)"
  "$@" >"$log" 2>&1 &
  master=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/api/hello" || true)" = 200 ]; do
    if ! kill -0 "$master" 2>/dev/null || [ $(($(now_ms) - t0)) -gt 300000 ]; then
      echo "the server did not answer:" >&2; tail -20 "$log" >&2; exit 1
    fi
    sleep 0.02
  done
  first_ms=$(($(now_ms) - t0))
}

# Starts run-prod.sh with "$@" (taskset prefix first, if any) on a free port, as launch does.
start() {
  port="$(free_port)"
  launch "$@" --bind "127.0.0.1:$port"
}

# Starts the Flask twin behind Gunicorn as bench/run.sh does, on the server cores, with "$@"
# after its flags (a repeated flag overrides run.sh's), as launch does.
start_gunicorn() {
  port="$(free_port)"
  backend_command gunicorn "$port"
  launch env "${env_vars[@]}" taskset -c "$server_cpus" "${cmd[@]}" "$@"
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
# The requests of a wrk output that failed: socket errors (connect, read, write, timeout) and
# answers other than 2xx or 3xx.
failed() {
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { n += $NF } END { print n + 0 }'
}
# A message of the server's JSON log, by a fixed part of it.
said() { grep -o "\"formattedMessage\":\"[^\"]*$1[^\"]*" "$log" | head -1 | cut -d'"' -f4; }

# Records the demo's AOT cache into $work/aot as `mvn package` does (bin/<app> record-aot-cache).
record() {
  ./run-prod.sh routes >/dev/null # builds the package when the sources are newer
  echo "== recording the AOT cache (load average $(loadavg))"
  demo-app/target/carafe-demo/bin/carafe-demo record-aot-cache --into "$work/aot" 2>/dev/null \
    | grep '^AOT cache' || true
}

# /api/hello on $port in 1-second wrk slices; sets $rates, $steady (the median of the last three),
# $first_pct (the first second against steady) and $slices_load (the load average at the launch
# and after the slices).
measure_slices() {
  local out
  rates=()
  for _ in $(seq 1 "$slices"); do
    out="$(taskset -c "$load_cpus" wrk -t1 -c64 -d1s "http://127.0.0.1:$port/api/hello")"
    rates+=("$(rps <<<"$out")")
  done
  steady="$(printf '%s\n' "${rates[@]: -3}" | sort -n | sed -n 2p)"
  first_pct=$((100 * rates[0] / (steady > 0 ? steady : 1)))
  slices_load="$launch_load, then $(loadavg)"
}

print_slices() {
  printf '%-28s first second %6s req/s, steady %6s req/s: %3s %% (load average %s)\n' \
    "" "${rates[0]}" "$steady" "$first_pct" "$slices_load"
  printf '%-28s req/s per second: %s\n' "" "${rates[*]}"
}

# One worker: launch to first 200, its boot, then the first second against the steady rate; sets
# $serving_ms, the worker's own time from its JVM's start to serving.
worker_case() {
  local name="$1"
  shift
  start env "$@" taskset -c "$server_cpus" ./run-prod.sh --workers 1
  measure_slices
  stop
  serving_ms="$(said 'Worker 1 serving on' | sed -n 's/.*, \([0-9]*\) ms after its JVM started.*/\1/p')"
  printf '%-28s launch to first 200 %6s ms; %s\n' "$name" "$first_ms" \
    "$(said 'is ready (generation' | sed 's/.*is ready (generation 1) in/boot to ready/')"
  printf '%-28s %s\n' "" "$(said 'Worker 1 serving on' | sed 's/.*, \([0-9]* ms after\)/\1/')"
  printf '%-28s %s\n' "" "$(said 'Warmed up' | sed 's|\\/|/|g')"
  print_slices
}

# Gunicorn as bench/run.sh starts it: launch to first 200, then the first second against steady.
gunicorn_case() {
  local workers
  start_gunicorn
  measure_slices
  stop
  workers="$(grep -c 'Booting worker with pid' "$log" || true)"
  printf '%-28s launch to first 200 %6s ms\n' "Gunicorn, $workers sync workers" "$first_ms"
  print_slices
}

worker() {
  echo
  echo "== one worker: run-prod.sh --workers 1 on cores $server_cpus, wrk -c64 on cores $load_cpus"
  for _ in $(seq 1 "$runs"); do
    worker_case "JDK 25, recorded AOT cache" CARAFE_AOT_CACHE="$work/aot"
    [ -z "$serving_ms" ] || figure worker_serving_ms "$serving_ms"
    figure worker_launch_ms "$first_ms"
    figure worker_first_second_pct "$first_pct"
    worker_case "JDK 25, no AOT cache" CARAFE_AOT_CACHE=off
    if [ -n "$jdk17" ]; then
      worker_case "JDK 17" CARAFE_JAVA="$jdk17/bin/java"
    fi
    if [ -n "$gunicorn_missing" ]; then
      echo "Gunicorn skipped: $gunicorn_missing"
    else
      gunicorn_case
      figure gunicorn_launch_ms "$first_ms"
      figure gunicorn_first_second_pct "$first_pct"
    fi
  done
}

# wrk -c64 against /api/hello on $port, on the load cores, until stop_load.
start_load() {
  load_out="$work/wrk-$port.txt"
  taskset -c "$load_cpus" wrk -t1 -c64 --timeout 10s -d 3600s \
    "http://127.0.0.1:$port/api/hello" >"$load_out" 2>&1 &
  load_pid=$!
}

# Stops the load and prints what it saw; sets $failed_requests.
stop_load() {
  kill -INT "$load_pid"
  wait "$load_pid" 2>/dev/null || true
  load_pid=""
  local out
  out="$(cat "$load_out")"
  echo "under load: $(grep -o '[0-9]* requests in [0-9.]*[a-z]*' <<<"$out");" \
    "$(grep -o 'Socket errors.*' <<<"$out" || echo 'no socket errors');" \
    "$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" || echo 'no non-2xx responses')"
  failed_requests="$(failed <<<"$out")"
}

# Sends $hups HUPs to $master under load, each once the one before has completed (reloaded, a
# command given the log's size in bytes before the HUP and the workers before it); sets
# $slowest_ms.
hup_each() {
  local reloaded="$1" size t0 ms old
  slowest_ms=0
  sleep 2
  for _ in $(seq 1 "$hups"); do
    size="$(wc -c <"$log")"
    old="$(pgrep -P "$master" | tr '\n' ' ')"
    t0="$(now_ms)"
    kill -HUP "$master"
    until "$reloaded" "$size" "$old"; do
      if [ $(($(now_ms) - t0)) -gt 300000 ]; then
        echo "the reload did not complete:" >&2; tail -20 "$log" >&2; exit 1
      fi
      sleep 0.05
    done
    ms=$(($(now_ms) - t0))
    [ "$ms" -le "$slowest_ms" ] || slowest_ms="$ms"
    echo "HUP to reload complete: $ms ms (load average $(loadavg))"
    sleep 1
  done
}

# What the log says since the HUP (the workers' access log included). grep -c reads it all: with
# grep -q, tail could die of SIGPIPE and fail the pipeline.
since_hup() { tail -c +$(($1 + 1)) "$log" | grep -c "$2" || true; }

carafe_reloaded() { [ "$(since_hup "$1" 'Reload complete')" -gt 0 ]; }

# Gunicorn's HUP forks as many new workers at once and sends the old ones TERM straight away
# (Arbiter.reload); no line marks the end of it. It is complete here when the old workers are no
# longer the master's children (exited and reaped) and as many new ones have logged "Worker
# serving", which the post_worker_init hook that reload() gives Gunicorn logs once the app is
# loaded, just before the worker's accept loop. The process tree alone would count a new worker
# from its fork, before Flask is imported; Gunicorn's own "Booting worker" line comes as early,
# and its "Worker exiting" just before the exit, not after it.
gunicorn_reloaded() {
  local pid children
  children=" $(pgrep -P "$master" | tr '\n' ' ')"
  for pid in $2; do [[ $children != *" $pid "* ]] || return 1; done
  [ "$(since_hup "$1" 'Worker serving (pid')" -ge 2 ]
}

reload() {
  echo
  echo "== rolling reload: 2 workers on cores $server_cpus, wrk -c64 on cores $load_cpus throughout"
  start env CARAFE_AOT_CACHE="$work/aot" taskset -c "$server_cpus" ./run-prod.sh --workers 2
  start_load
  hup_each carafe_reloaded
  stop_load
  stop
  figure reload_ms "$slowest_ms"
  figure reload_failed "$failed_requests"
  echo "the new workers' boots, from their JVM's start to serving, and their warm-ups:"
  grep -o '"formattedMessage":"\(Worker [0-9]* serving on\|Warmed up\)[^"]*' "$log" | cut -d'"' -f4 \
    | tail -n +5 | sed 's| serving on [^,]*,|:|; s|\\/|/|g; s|^|  |'

  echo
  if [ -n "$gunicorn_missing" ]; then
    echo "== Gunicorn's rolling reload skipped: $gunicorn_missing"
    return
  fi
  echo "== Gunicorn's rolling reload: 2 sync workers on cores $server_cpus," \
    "wrk -c64 on cores $load_cpus throughout"
  local hooks="$work/gunicorn_hooks.py"
  printf '%s\n' 'def post_worker_init(worker):' \
    '    worker.log.info("Worker serving (pid: %s)", worker.pid)' >"$hooks"
  start_gunicorn --workers 2 --log-level info --config "$hooks"
  start_load
  hup_each gunicorn_reloaded
  stop_load
  stop
  figure gunicorn_reload_ms "$slowest_ms"
  figure gunicorn_reload_failed "$failed_requests"
}

run_prod() {
  echo
  echo "== ./run-prod.sh from a built tree to the first 200 (2 workers, unpinned)"
  for _ in $(seq 1 "$runs"); do
    start env CARAFE_AOT_CACHE="$work/aot" ./run-prod.sh
    stop
    echo "with the recorded AOT cache: $first_ms ms (load average $(loadavg))"
    figure run_prod_ms "$first_ms"
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
