#!/usr/bin/env bash
# Prod-mode figures: run-prod.sh measured with wrk. Prints what it measures; nothing is asserted.
#
#   bench/prod.sh [throughput|warmup|reload|tuning|metrics|uploads|all] [--duration S] [--hups N]
#
#   throughput  requests/s and p99 of /api/hello with 1, 2 and 4 workers, and RSS per process
#   warmup      a new worker's throughput second by second after it reports ready, with and
#               without the warm-up, and its time to 90 % of steady throughput
#               (BENCH_WARMUP_REQUESTS="4000 30000" compares warm-up sizes)
#   reload      failed requests across N HUPs under load (keep-alive, then a new connection per
#               request; BENCH_RELOAD_MODES picks one)
#   tuning      one worker under different thread pools, collectors, JDKs and logging, measured
#               in alternating rounds
#   metrics     the cost of the request metrics: one worker with them, one without
#               (metrics_bind=off), requests/s, p99 and CPU per request in alternating rounds,
#               for a view on the I/O thread (/api/hello) and one in the pool (/healthz)
#               (BENCH_METRICS_ROUNDS, default 5; BENCH_METRICS_PATHS, default both)
#   uploads     each worker's RSS after its warm-up, right after a burst of accepted uploads (a
#               logged-in user's multipart posts to /create with the form's CSRF token:
#               BENCH_UPLOADS of BENCH_UPLOAD_MB MB, BENCH_UPLOAD_PARALLEL at a time, default
#               200 of 4 MB, 8 at a time, 60 s at most) and after a minute idle, against "back
#               within 20 %"; BENCH_UPLOAD_WORKERS workers (default 2); BENCH_UPLOAD_JCMD runs a
#               jcmd command on each worker at the three moments. Figures, and how to read them:
#               docs/performance.md#memory-after-a-burst-of-uploads
#
# The server runs on the cores in BENCH_SERVER_CPUS (default 0) and wrk on BENCH_LOAD_CPUS
# (default 1), so they do not compete; numbers from a shared or busy machine are rough.
set -euo pipefail
cd "$(dirname "$0")/.."

section="${1:-all}"
[ $# -gt 0 ] && shift
duration=10
hups=10
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --hups) hups="$2"; shift 2 ;;
    *) echo "Unknown option: $1" >&2; exit 2 ;;
  esac
done
server_cpus="${BENCH_SERVER_CPUS:-0}"
load_cpus="${BENCH_LOAD_CPUS:-1}"
command -v wrk >/dev/null || { echo "bench/prod.sh needs wrk (apt-get install -y wrk)" >&2; exit 1; }

export CARAFE_SECRET_KEY="${CARAFE_SECRET_KEY:-bench-secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
work="$(mktemp -d)"
master=""
names=() ports=() masters=()
cleanup() {
  local pid m
  for m in "$master" "${masters[@]}"; do
    [ -n "$m" ] || continue
    for pid in $(pgrep -P "$m"); do kill -KILL "$pid" 2>/dev/null || true; done
    kill -KILL "$m" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=SCRIPTDIR/lib/ports.sh
. bench/lib/ports.sh

# The master's workers: its children but the AOT cache's recorder, which never serves.
workers_of() {
  local pid
  for pid in $(pgrep -P "$1"); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- '-XX:AOTCacheOutput=' || echo "$pid"
  done
}

# Starts run-prod.sh pinned to the server cores; sets $master, $port and $log.
start() {
  port="$(free_port)"
  log="$work/server-$port.log"
  # Each server's metrics on a port of its own, unless the caller set metrics_bind.
  CARAFE_METRICS_BIND="${CARAFE_METRICS_BIND:-127.0.0.1:$(free_port)}" \
    taskset -c "$server_cpus" ./run-prod.sh --bind "127.0.0.1:$port" --pid "$work/master.pid" "$@" >"$log" 2>&1 &
  master=$!
  local waited=0
  until grep -q '"Serving ' "$log" 2>/dev/null; do
    sleep 0.2
    waited=$((waited + 1))
    if ! kill -0 "$master" 2>/dev/null || [ "$waited" -gt 900 ]; then
      echo "the server did not start:" >&2; tail -20 "$log" >&2; exit 1
    fi
  done
}

stop() {
  local waited=0 pid
  kill -TERM "$master" 2>/dev/null || true
  while kill -0 "$master" 2>/dev/null && [ "$waited" -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$master" 2>/dev/null; then
    echo "master $master did not stop within 60 s of TERM; killing it" >&2
    for pid in $(pgrep -P "$master"); do kill -KILL "$pid" 2>/dev/null || true; done
    kill -KILL "$master" 2>/dev/null || true
  fi
  wait "$master" 2>/dev/null || true
  master=""
}

# wrk pinned to the load cores, on $path (default /api/hello); extra arguments go to wrk.
path=/api/hello
load() {
  taskset -c "$load_cpus" wrk -t1 -c64 --timeout 10s --latency "$@" "http://127.0.0.1:$port$path"
}

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
p99() { sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

header() {
  echo
  echo "== $1 ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), server cores $server_cpus, wrk cores $load_cpus)"
}

throughput() {
  header "throughput: /api/hello, wrk -c64, ${duration}s after a warm-up of ${duration}s per worker"
  printf '%-8s %12s %10s %16s %12s\n' workers requests/s p99 "worker RSS MB" "master MB"
  for workers in 1 2 4; do
    start --workers "$workers"
    # Each worker has its own JIT: warm every one as long as a lone worker is warmed.
    load -d "$((duration * workers))s" >/dev/null
    local out rss=0 count=0 pid
    out="$(load -d "${duration}s")"
    for pid in $(workers_of "$master"); do
      rss=$((rss + $(rss_kb "$pid")))
      count=$((count + 1))
    done
    printf '%-8s %12s %10s %16s %12s\n' "$workers" "$(rps <<<"$out")" "$(p99 <<<"$out")" \
      "$((rss / count / 1024))" "$(($(rss_kb "$master") / 1024))"
    stop
  done
}

# Throughput per second right after a worker reports ready.
curve() {
  local slices=20 second out
  start --workers 1
  local ready
  ready="$(grep -o 'is ready (generation [0-9]*) in [0-9]* ms' "$log" | head -1)"
  local rates=()
  for second in $(seq 1 "$slices"); do
    out="$(load -d 1s)"
    rates+=("$(rps <<<"$out")")
  done
  stop
  local steady
  steady="$(printf '%s\n' "${rates[@]: -5}" | sort -n | sed -n 3p)"
  local reached=""
  for second in $(seq 1 "$slices"); do
    if [ -z "$reached" ] && awk -v r="${rates[$((second - 1))]}" -v s="$steady" 'BEGIN { exit !(r >= 0.9 * s) }'; then
      reached="$second"
    fi
  done
  echo "  boot: $ready; steady ~$steady req/s; 90 % reached in second ${reached:-never}"
  echo "  req/s per second: ${rates[*]}"
}

warmup() {
  header "warm-up: one new worker, 1-second wrk slices from the moment it is ready"
  echo "without warm-up (warmup_requests=0):"
  export CARAFE_WARMUP_REQUESTS=0
  curve
  unset CARAFE_WARMUP_REQUESTS
  for requests in ${BENCH_WARMUP_REQUESTS:-default}; do
    echo "with a warm-up of $requests requests:"
    if [ "$requests" != default ]; then export CARAFE_WARMUP_REQUESTS="$requests"; fi
    curve
    unset CARAFE_WARMUP_REQUESTS
  done
}

reload() {
  header "reload: $hups HUPs, 2 workers, under load"
  local mode args out
  for mode in ${BENCH_RELOAD_MODES:-keep-alive new-connection}; do
    args=()
    if [ "$mode" = new-connection ]; then args=(-H "Connection: close"); fi
    start --workers 2
    # wrk itself in the background (not a function's subshell), so INT reaches it: it then
    # stops and prints its summary.
    taskset -c "$load_cpus" wrk -t1 -c64 --timeout 10s -d 3600s "${args[@]}" \
      "http://127.0.0.1:$port/api/hello" >"$work/wrk.txt" 2>&1 &
    local wrk_pid=$! done_before
    sleep 2
    for _ in $(seq 1 "$hups"); do
      done_before="$(grep -c 'Reload complete' "$log" || true)"
      kill -HUP "$master"
      until [ "$(grep -c 'Reload complete' "$log" || true)" -gt "$done_before" ]; do sleep 0.2; done
      sleep 1
    done
    kill -INT "$wrk_pid"
    wait "$wrk_pid" 2>/dev/null || true
    stop
    out="$(cat "$work/wrk.txt")"
    echo "$mode: $(grep -o '[0-9]* requests in [0-9.]*[a-z]*' <<<"$out");" \
      "$(grep -o 'Socket errors.*' <<<"$out" || echo 'no socket errors');" \
      "$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" || echo 'no non-2xx responses')"
  done
}

# Starts one single-worker server with extra NAME=value settings in its environment.
candidate() {
  local name="$1" setting
  shift
  for setting in "$@"; do export "${setting?}"; done
  start --workers 1
  for setting in "$@"; do unset "${setting%%=*}"; done
  names+=("$name") ports+=("$port") masters+=("$master")
  master=""
}

# Every candidate runs at once, and wrk visits them in turn for several rounds, so a change in
# the machine's background load hits all of them alike; the median round counts.
tuning() {
  local rounds=3 jdk17 jdk25
  # The default's flags but the collector, so the RSS column compares collectors alone.
  local jvm="-Xms16m -Xmx256m -XX:TrimNativeHeapInterval=1000 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:-ShrinkHeapInSteps --enable-native-access=ALL-UNNAMED -Xss512k -XX:+ExitOnOutOfMemoryError"
  jdk17="$(find /usr/lib/jvm -maxdepth 1 -name 'java-17-openjdk-*' | head -1)/bin/java"
  jdk25="$(find /usr/lib/jvm -maxdepth 1 -name 'temurin-25*' | head -1)/bin/java"
  candidate "defaults (8 threads, SerialGC, JDK 25)" CARAFE_JAVA="$jdk25"
  candidate "virtual threads" CARAFE_JAVA="$jdk25" CARAFE_THREADS=virtual
  candidate "threads 4" CARAFE_JAVA="$jdk25" CARAFE_THREADS=4
  candidate "threads 16" CARAFE_JAVA="$jdk25" CARAFE_THREADS=16
  candidate "threads 200" CARAFE_JAVA="$jdk25" CARAFE_THREADS=200
  candidate "ParallelGC" CARAFE_JAVA="$jdk25" "CARAFE_WORKER_JVM_OPTIONS=-XX:+UseParallelGC $jvm"
  candidate "G1GC" CARAFE_JAVA="$jdk25" "CARAFE_WORKER_JVM_OPTIONS=-XX:+UseG1GC $jvm"
  candidate "C1 only (TieredStopAtLevel=1)" CARAFE_JAVA="$jdk25" \
    "CARAFE_WORKER_JVM_OPTIONS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 $jvm"
  candidate "access log off" CARAFE_JAVA="$jdk25" CARAFE_ACCESS_LOG=false
  candidate "gzip in the worker" CARAFE_JAVA="$jdk25" CARAFE_GZIP=true
  candidate "JDK 17" CARAFE_JAVA="$jdk17"
  header "tuning: one worker each, all running; $rounds rounds of ${duration}s, after a ${duration}s warm-up"
  local i out
  for i in "${!names[@]}"; do port="${ports[$i]}"; load -d "${duration}s" >/dev/null; done
  declare -A round_rates round_p99
  for _ in $(seq 1 "$rounds"); do
    for i in "${!names[@]}"; do
      port="${ports[$i]}"
      out="$(load -d "${duration}s")"
      round_rates[$i]+="$(rps <<<"$out") "
      round_p99[$i]+="$(p99 <<<"$out") "
    done
  done
  printf '%-40s %11s %7s   %-28s %s\n' setting "median r/s" "RSS MB" "r/s per round" "p99 per round"
  for i in "${!names[@]}"; do
    printf '%-40s %11s %7s   %-28s %s\n' "${names[$i]}" \
      "$(tr ' ' '\n' <<<"${round_rates[$i]}" | grep . | sort -n | sed -n "$(((rounds + 1) / 2))p")" \
      "$(($(rss_kb "$(workers_of "${masters[$i]}" | head -1)") / 1024))" "${round_rates[$i]}" "${round_p99[$i]}"
  done
  for i in "${!names[@]}"; do master="${masters[$i]}"; stop; done
}

# CPU time of a process so far, in clock ticks (user + system).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Request metrics on and off, side by side as in tuning: both servers run at once and wrk visits
# them in turns, so background load hits both alike. CPU per request is the worker's user and
# system time over a round, divided by the requests wrk counted.
metrics() {
  local rounds="${BENCH_METRICS_ROUNDS:-5}" i out worker before requests ticks hz
  hz="$(getconf CLK_TCK)"
  candidate "metrics on"
  candidate "metrics off" CARAFE_METRICS_BIND=off
  header "metrics: one worker each, both running; $rounds rounds of ${duration}s per path, after $((3 * duration))s of each path"
  # Every path warm in both workers before any round: the first rounds after a start measure the
  # JIT compiling as much as the requests.
  for path in ${BENCH_METRICS_PATHS:-/api/hello /healthz}; do
    for i in "${!names[@]}"; do port="${ports[$i]}"; load -d "$((3 * duration))s" >/dev/null; done
  done
  printf '%-11s %-12s %11s %11s   %-28s %s\n' path setting "median r/s" "µs CPU/req" "r/s per round" "p99 per round"
  for path in ${BENCH_METRICS_PATHS:-/api/hello /healthz}; do
    local -A by_rate=() by_p99=() by_cpu=()
    for _ in $(seq 1 "$rounds"); do
      for i in "${!names[@]}"; do
        port="${ports[$i]}"
        worker="$(workers_of "${masters[$i]}" | head -1)"
        before="$(cpu_ticks "$worker")"
        out="$(load -d "${duration}s")"
        requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")"
        ticks=$(($(cpu_ticks "$worker") - before))
        by_rate[$i]+="$(rps <<<"$out") "
        by_p99[$i]+="$(p99 <<<"$out") "
        by_cpu[$i]+="$(awk -v t="$ticks" -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }') "
      done
    done
    for i in "${!names[@]}"; do
      printf '%-11s %-12s %11s %11s   %-28s %s\n' "$path" "${names[$i]}" \
        "$(median "${by_rate[$i]}" "$rounds")" "$(median "${by_cpu[$i]}" "$rounds")" \
        "${by_rate[$i]}" "${by_p99[$i]}"
    done
  done
  path=/api/hello
  for i in "${!names[@]}"; do master="${masters[$i]}"; stop; done
}

# The median of a space-separated list of $2 numbers.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | sed -n "$((($2 + 1) / 2))p"; }

# shellcheck source=SCRIPTDIR/lib/figures.sh
. bench/lib/figures.sh
# shellcheck source=SCRIPTDIR/lib/uploads.sh
. bench/lib/uploads.sh

case "$section" in
  throughput) throughput ;;
  warmup) warmup ;;
  reload) reload ;;
  tuning) tuning ;;
  metrics) metrics ;;
  uploads) uploads ;;
  all) throughput; warmup; reload; tuning; metrics; uploads ;;
  *) echo "Unknown section: $section" >&2; exit 2 ;;
esac
