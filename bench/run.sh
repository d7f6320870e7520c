#!/usr/bin/env bash
# Carafe's benchmark: builds, starts each subject pinned to the server core, warms it up, measures
# it with wrk pinned to the load core in alternating rounds, and writes the table and charts. Every
# subject gets the same conditions: the same JDK, core, connections and rounds, and the same warm-up
# on each workload it serves, continued for the JVMs until their JIT compiler has gone quiet.
#
#   bench/run.sh            full run (30 s of warm-up per workload, 3 rounds of 10 s)
#   bench/run.sh --quick    shorter warm-up and rounds, for a first look
#   bench/run.sh --smoke    a second per measurement: proves the harness works, measures nothing
#   bench/run.sh --all      first the other targets' benchmarks (blog.sh, startup.sh, dev-reload.sh,
#                           prod.sh's uploads), so the page's table of targets has every figure
#
# Results go to bench/target/results (results.tsv files, table.md, img/*.png); full and quick runs
# also update docs/performance.md and docs/img/. See docs/performance.md for what is measured.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: bench/run.sh [--quick | --smoke] [options]
  --quick             10 s of warm-up per workload, 2 rounds of 5 s per workload
  --smoke             1 s per measurement, no warm-up; never touches docs/
  --all               first run the other targets' benchmarks (blog.sh, startup.sh,
                      dev-reload.sh, prod.sh's uploads; with --quick or --smoke, theirs)
                      and put their figures in the table of targets
  --duration S        seconds per measurement
  --rounds N          alternating rounds
  --warmup S          warm-up seconds per workload and subject, after the slices
  --warmup-max S      a JVM subject warms up on until its JIT compiles nothing new, at most this
                      long (default 4 × --warmup; 0 stops at --warmup)
  --slices N          1-second slices right after start (the warm-up curve)
  --connections N     concurrent connections (default 64; 8 in --smoke)
  --subjects LIST     comma-separated backends to run (default: all available)
  --server-cpus LIST  cores for the servers (taskset list, default 0)
  --load-cpus LIST    cores for wrk (default 1)
  --java DIR          JDK home for the plain JVM subjects (default: the JDK Carafe's worker runs on)
  --out DIR           results folder (default bench/target/results)
  --no-docs           do not update docs/performance.md
  --no-build          use the classes already built
USAGE
}

profile=full duration="" rounds="" warmup="" warmup_max="" slices="" connections="" only=""
server_cpus=0 load_cpus=1 java=java java_given=0 out=bench/target/results docs=1 build=1 all=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) profile=quick; shift ;;
    --smoke) profile=smoke; docs=0; shift ;;
    --all) all=1; shift ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --warmup-max) warmup_max=$2; shift 2 ;;
    --slices) slices=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --subjects) only=",$2,"; shift 2 ;;
    --server-cpus) server_cpus=$2; shift 2 ;;
    --load-cpus) load_cpus=$2; shift 2 ;;
    --java) java=$2/bin/java; java_given=1; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-docs) docs=0; shift ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case $profile in
  full) : "${duration:=10}" "${rounds:=3}" "${warmup:=30}" "${slices:=30}" "${connections:=64}" ;;
  quick) : "${duration:=5}" "${rounds:=2}" "${warmup:=10}" "${slices:=10}" "${connections:=64}" ;;
  smoke) : "${duration:=1}" "${rounds:=1}" "${warmup:=0}" "${slices:=1}" "${connections:=8}" ;;
esac
: "${warmup_max:=$((4 * warmup))}"

for tool in wrk taskset curl setsid; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk util-linux curl)" >&2; exit 3; }
done
nginx_bin=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)

# Counts the cores in a taskset list such as 0 or 0-1,3.
count_cpus() {
  local n=0 part
  for part in ${1//,/ }; do
    if [[ $part == *-* ]]; then n=$((n + ${part#*-} - ${part%-*} + 1)); else n=$((n + 1)); fi
  done
  echo "$n"
}
server_cores=$(count_cpus "$server_cpus")
load_cores=$(count_cpus "$load_cpus")

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/logs" "$out/nginx" "$out/img"
rm -f "$out"/*.tsv "$out/table.md" "$out/blog.db"
mkdir -p "$out/logs" "$out/img"

# --- build -------------------------------------------------------------------------------------

# shellcheck source=SCRIPTDIR/lib/build.sh
. bench/lib/build.sh
[ "$build" = 0 ] || build_if_stale
bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"

# --- the other targets' benchmarks (--all) ------------------------------------------------------

# Each runs alone on the machine before the subjects below start, and hands its figures to
# figures.tsv (bench/lib/figures.sh); its own output goes to logs/<name>.txt and the screen.
if [ "$all" = 1 ]; then
  export BENCH_FIGURES=$out/figures.tsv
  # shellcheck source=SCRIPTDIR/lib/figures.sh
  . bench/lib/figures.sh
  case $profile in
    full) blog_args=() startup_args=(all) dev_edits=20 ;;
    quick) blog_args=(--quick) startup_args=(all) dev_edits=10 ;;
    smoke) blog_args=(--smoke) startup_args=(run-prod) dev_edits=2 ;;
  esac
  other_bench() {
    local name=$1 before
    shift
    before=$(cut -d' ' -f1 /proc/loadavg)
    echo "== $name: $*"
    "$@" 2>&1 | tee "$out/logs/$name.txt"
    figure "load $name" "$before → $(cut -d' ' -f1 /proc/loadavg)"
  }
  other_bench blog bench/blog.sh "${blog_args[@]}" --out "$out/blog"
  other_bench startup bench/startup.sh "${startup_args[@]}"
  other_bench dev-reload bench/dev-reload.sh "$dev_edits"
  other_bench uploads bench/prod.sh uploads
fi

# --- shared inputs -----------------------------------------------------------------------------

# The 1 MB static file: on the demo's class path (its static files are resources), in the Flask
# app's static folder, and under nginx's static root, all as static/bench-1m.bin.
static_root=$PWD/bench/target/static-root
mkdir -p "$static_root/static"
[ -f "$static_root/static/bench-1m.bin" ] || head -c 1048576 /dev/urandom >"$static_root/static/bench-1m.bin"
# What Carafe's workers get on their class path, in a jar (stored, not compressed): the JVM caches no
# class path that has a folder in it, and the workers' AOT cache is part of what is measured. It
# holds the same file, and the demo's JSON hello as an ordinary view (OrdinaryHello, an extension:
# the demo declares its own /api/hello non-blocking, which the benchmark measures beside it).
extras_jar=$PWD/bench/target/carafe-bench-extras.jar
hello_class=dev/carafe/bench/subjects/OrdinaryHello.class
if [ ! "$extras_jar" -nt "$static_root/static/bench-1m.bin" ] || [ ! "$extras_jar" -nt "bench/target/classes/$hello_class" ]; then
  python3 - "$extras_jar" "$static_root" bench/target/classes "$hello_class" <<'PY'
import sys, zipfile
jar_path, static_root, classes, hello = sys.argv[1:]
with zipfile.ZipFile(jar_path, "w", zipfile.ZIP_STORED) as jar:
    jar.write(static_root + "/static/bench-1m.bin", "static/bench-1m.bin")
    jar.write(classes + "/" + hello, hello)
    jar.writestr("META-INF/services/dev.carafe.Extension", hello[:-len(".class")].replace("/", ".") + "\n")
PY
fi
bench_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

declare -A workload_path=(
  [json]=/api/hello
  [page]=${BENCH_PAGE_PATH:-/}
  [posts]=${BENCH_POSTS_PATH:-/api/posts}
  [static]=/static/bench-1m.bin
)
# json is each subject's JSON hello as its users would write it: for Carafe an ordinary view, which
# runs in the request pool; json-nb is Carafe's JSON hello declared non-blocking (path_of).
workloads=(json json-nb page posts static)

# shellcheck source=SCRIPTDIR/lib/subjects.sh
. bench/lib/subjects.sh
# shellcheck source=SCRIPTDIR/lib/nginx.sh
. bench/lib/nginx.sh

# --- processes ---------------------------------------------------------------------------------

declare -A port nginx_port pid
# shellcheck source=SCRIPTDIR/lib/ports.sh
. bench/lib/ports.sh

started=()
# Starts "$@" pinned to the server cores, in its own process group, logging to logs/$name.log.
launch() {
  local name=$1
  shift
  setsid taskset -c "$server_cpus" "$@" >"$out/logs/$name.log" 2>&1 </dev/null &
  pid[$name]=$!
  started+=("$name")
}

# Stops a launched process group: TERM, then KILL after 10 s.
stop() {
  local name=$1 p=${pid[$1]:-}
  [ -n "$p" ] || return 0
  kill -TERM -- "-$p" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 -- "-$p" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  unset "pid[$name]"
}

stop_all() {
  local name
  for name in "${started[@]}"; do stop "$name"; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Waits until $2 answers 200 while process $1 lives; prints the milliseconds since $3 (epoch ms).
await_200() {
  local name=$1 url=$2 since=$3 limit=$((SECONDS + ${4:-120}))
  while [ $SECONDS -lt $limit ]; do
    if ! kill -0 "${pid[$name]}" 2>/dev/null; then
      echo "bench: $name exited before $url answered; its log:" >&2
      tail -n 30 "$out/logs/$name.log" >&2
      return 1
    fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" = 200 ]; then
      echo $(($(now_ms) - since))
      return 0
    fi
    sleep 0.02
  done
  echo "bench: $url did not answer 200 in time; $name's log:" >&2
  tail -n 30 "$out/logs/$name.log" >&2
  return 1
}

# The worker processes of a launched subject: the leaves of its process tree (a JVM started
# directly is its own worker; Gunicorn's and uWSGI's workers are children of their master).
workers_of() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; kids[$2]++ }
    END {
      for (p in parent) {
        q = p
        while (q != root && (q in parent) && q > 1) q = parent[q]
        if (q == root && !(p in kids)) print p
      }
    }'
}

# The largest value of a /proc status field (VmRSS, VmHWM) among the workers of $1, in kB.
worker_memory_kb() {
  local field=$2 w max=0 kb
  for w in $(workers_of "${pid[$1]}"); do
    kb=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$w/status" 2>/dev/null || true)
    [ -n "$kb" ] && [ "$kb" -gt "$max" ] && max=$kb
  done
  echo "$max"
}

# Runs wrk against $1 for $2 seconds; prints "rps p50_ms p99_ms non2xx errors".
measure() {
  local url=$1 seconds=$2 conns=$connections report
  [ "$conns" -ge "$load_cores" ] || conns=$load_cores
  report=$(taskset -c "$load_cpus" wrk -t"$load_cores" -c"$conns" -d"${seconds}s" --timeout 5s --latency "$url")
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000
      if (v ~ /s$/) return v * 1000
      return v + 0
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.1f %.3f %.3f %d %d\n", rps, p50, p99, non2xx, errors }
  ' <<<"$report"
}

# Progress on stdout, with the seconds since the start.
say() { printf 'bench: %4ds  %s\n' "$SECONDS" "$*"; }

is_wanted() { [ -z "$only" ] || [[ $only == *",$1,"* ]]; }

# "Same JDK": the plain JVM subjects run on the java binary Carafe's worker runs on (run-prod.sh
# picks the newest JDK it finds), unless --java names one.
adopt_carafe_jdk() {
  local worker exe
  worker=$(workers_of "${pid[carafe]}" | head -n 1)
  exe=$(readlink "/proc/$worker/exe" 2>/dev/null || true)
  [[ $exe == */java ]] || return 0
  {
    printf 'carafe worker JVM\t%s\n' "$exe"
    # The home folder as ~: the table says where the cache lives, not whose machine it ran on.
    printf 'carafe worker JVM options\t%s\n' "$(tr '\0' '\n' <"/proc/$worker/cmdline" | grep -E '^-X' |
      tr '\n' ' ' | sed "s|$HOME/|~/|g")"
    printf 'other JVM subjects\t%s\n' "the same java, with the JDK's default options"
  } >>"$out/machine.tsv"
  if [ "$java_given" = 0 ]; then
    java=$exe
  elif [ "$exe" != "$(readlink -f "$java")" ]; then
    echo "bench: warning: Carafe's worker runs on $exe, the other JVM subjects on $java" >&2
  fi
}

# --- the run -----------------------------------------------------------------------------------

say "profile $profile: ${slices} 1-second slices, then ${warmup}s of warm-up per workload (JVMs on until their JIT is quiet, up to ${warmup_max}s), $rounds round(s) of ${duration}s, $connections connections, server cores $server_cpus, load cores $load_cpus"

{
  printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'profile\t%s\n' "$profile"
  printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'memory\t%s MB\n' "$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
  printf 'kernel\t%s\n' "$(uname -r)"
  printf 'load average at start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  [ -n "$nginx_bin" ] && printf 'nginx\t%s\n' "$("$nginx_bin" -v 2>&1 | cut -d' ' -f3)"
  command -v gunicorn >/dev/null && printf 'gunicorn\t%s\n' "$(gunicorn --version 2>&1 | head -n 1)"
  command -v uwsgi >/dev/null && printf 'uwsgi\t%s\n' "$(uwsgi --version 2>&1 | head -n 1)"
  if [ -x ./run-prod.sh ]; then
    printf 'carafe launcher\t%s\n' "run-prod.sh --workers 1"
    printf 'carafe access log\t%s\n' "on, as deployed: a JSON line per request, to a file"
  else
    printf 'carafe launcher\t%s\n' "one JVM through \`carafe run\` in production mode (no run-prod.sh here)"
  fi
  printf 'server cores\t%s\n' "$server_cpus"
  printf 'load cores\t%s\n' "$load_cpus"
  printf 'connections\t%s\n' "$connections"
  printf 'duration\t%s\n' "$duration"
  printf 'rounds\t%s\n' "$rounds"
  printf 'warmup\t%s\n' "$warmup"
  printf 'warmup max\t%s\n' "$warmup_max"
  printf 'slices\t%s\n' "$slices"
} >"$out/machine.tsv"

running=()
for name in "${backends[@]}"; do
  is_wanted "$name" || continue
  why=$(backend_missing "$name")
  if [ -n "$why" ]; then
    printf '%s\tskipped\t%s\n' "$name" "$why" >>"$out/subjects.tsv"
    say "skipping $name: $why"
    continue
  fi
  port[$name]=$(free_port)
  running+=("$name")
done
# The blog database Carafe's demo and the Flask twin read: the demo's tables, made by its own
# migrations as a deploy makes them, and 20 posts.
if [ -x ./run-prod.sh ]; then
  CARAFE_DATABASE_URL="jdbc:sqlite:$out/blog.db" ./run-prod.sh db-migrate >"$out/logs/db-migrate.log" 2>&1
fi
python3 bench/flask/seed.py "$out/blog.db"

# Development server: time from start to the first 200 (it builds nothing: the build is fresh).
if is_wanted carafe && [ -x ./run-dev.sh ]; then
  # One untimed start first: after a build, run-dev.sh records its class-data archive once.
  ./run-dev.sh --port 0 --exit-when-ready >"$out/logs/carafe-dev-prepare.log" 2>&1 || true
  dev_port=$(free_port)
  t0=$(now_ms)
  launch carafe-dev env "CARAFE_DATABASE_URL=jdbc:sqlite:$out/blog.db" ./run-dev.sh --port "$dev_port"
  if ms=$(await_200 carafe-dev "http://127.0.0.1:$dev_port/api/hello" "$t0" 180); then
    printf 'carafe\tdev\t%s\n' "$ms" >>"$out/starts.tsv"
    say "carafe dev server answered after $ms ms"
  fi
  stop carafe-dev
fi
# One untimed start of the production server: once its workers serve, it records the build's AOT
# cache (JDK 25+), which every later worker of the build starts from; the figures are for those.
if is_wanted carafe && [ -x ./run-prod.sh ]; then
  prepare_port=$(free_port)
  backend_command carafe "$prepare_port"
  launch carafe-prepare env "${env_vars[@]}" "${cmd[@]}"
  prepare_log=$out/logs/carafe-prepare.log
  if await_200 carafe-prepare "http://127.0.0.1:$prepare_port/api/hello" "$(now_ms)" 180 >/dev/null; then
    limit=$((SECONDS + 180))
    until grep -q 'Serving ' "$prepare_log" && { ! grep -q 'Recording the AOT cache' "$prepare_log" \
      || grep -Eq 'recorded the AOT cache|could not record the AOT cache' "$prepare_log"; } \
      || [ $SECONDS -ge $limit ]; do
      sleep 0.5
    done
  fi
  stop carafe-prepare
fi
say "starting the subjects"

# The methods the JIT compiler of JVM $1 has compiled so far; fails for a process that is no JVM.
jit_compiled() {
  local exe
  exe=$(readlink "/proc/$1/exe" 2>/dev/null || true)
  [[ $exe == */java ]] && [ -x "$(dirname "$exe")/jstat" ] || return 1
  "$(dirname "$exe")/jstat" -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $1; found = 1 } END { exit !found }'
}

# Warms subject $1 (at $2) up on every workload it serves: --warmup seconds each, then, for a JVM,
# rounds of all of them until its JIT compiler compiles (almost) nothing new in a round, or until
# --warmup-max. A wall-clock warm-up alone is not the same for everyone: on a busy machine the JIT
# of a JVM without a warm-up of its own was still compiling after a minute of load. Prints the
# seconds of load and how the JIT ended (quiet, compiling, or nothing for a subject without one).
warm_up() {
  local name=$1 base=$2 w seconds=0 jvm compiled now slice jit=""
  for w in "${available[@]}"; do
    [ "$warmup" -gt 0 ] || break
    measure "$base$(path_of "$name" "$w")" "$warmup" >/dev/null
    seconds=$((seconds + warmup))
  done
  jvm=$(workers_of "${pid[$name]}" | head -n 1)
  if [ "$warmup_max" -gt "$warmup" ] && compiled=$(jit_compiled "$jvm"); then
    jit=compiling
    slice=$(((10 + ${#available[@]} - 1) / ${#available[@]}))
    while [ $((seconds / ${#available[@]})) -lt "$warmup_max" ]; do
      for w in "${available[@]}"; do
        measure "$base$(path_of "$name" "$w")" "$slice" >/dev/null
        seconds=$((seconds + slice))
      done
      now=$(jit_compiled "$jvm") || break
      if [ $((now - compiled)) -le 3 ]; then
        jit=quiet
        break
      fi
      compiled=$now
    done
  fi
  echo "$seconds $jit"
}

# Each backend: start, first 200, memory at start, the warm-up curve, then the rest of the warm-up.
for name in "${running[@]}"; do
  backend_command "$name" "${port[$name]}"
  base="http://127.0.0.1:${port[$name]}"
  t0=$(now_ms)
  launch "$name" env "${env_vars[@]}" "${cmd[@]}"
  ms=$(await_200 "$name" "$base/api/hello" "$t0")
  printf '%s\tprod\t%s\n' "$name" "$ms" >>"$out/starts.tsv"
  start_kb=$(worker_memory_kb "$name" VmRSS)
  say "$name answered after $ms ms; warming up"
  if [ "$name" = carafe ]; then
    adopt_carafe_jdk
  fi
  for second in $(seq 1 "$slices"); do
    read -r rps _ <<<"$(measure "$base/api/hello" 1)"
    printf '%s\t%s\t%s\n' "$name" "$second" "$rps" >>"$out/slices.tsv"
  done
  available=()
  for w in "${workloads[@]}"; do
    path=$(path_of "$name" "$w")
    [ -n "$path" ] || continue
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base$path" || true)" = 200 ] && available+=("$w")
  done
  read -r warmed jit <<<"$(warm_up "$name" "$base")"
  say "$name warmed up: ${warmed}s of load over ${available[*]}${jit:+, JIT $jit}"
  printf '%s\tran\t%s\t%s\t%s\t%s\n' "$name" "${available[*]}" "$start_kb" "$warmed" "$jit" >>"$out/subjects.tsv"
done

say "starting nginx"
# nginx in front of every backend (the bundled configuration), and answering by itself.
subjects=("${running[@]}")
if [ -z "$nginx_bin" ]; then
  printf 'nginx\tskipped\tnginx not installed (apt-get install nginx)\n' >>"$out/subjects.tsv"
elif is_wanted nginx; then
  if [ -f nginx.conf ]; then
    for name in "${running[@]}"; do
      nginx_port[$name]=$(free_port)
      write_bundled_nginx "$name" "${port[$name]}" "${nginx_port[$name]}"
      launch "$name+nginx" "$nginx_bin" -p "$out/nginx/$name/" -c "$out/nginx/$name/nginx.conf" -g 'daemon off;'
      await_200 "$name+nginx" "http://127.0.0.1:${nginx_port[$name]}/api/hello" "$(now_ms)" 30 >/dev/null
      subjects+=("$name+nginx")
    done
  fi
  nginx_port[nginx]=$(free_port)
  write_nginx_alone "${nginx_port[nginx]}"
  launch nginx "$nginx_bin" -p "$out/nginx/alone/" -c "$out/nginx/alone/nginx.conf" -g 'daemon off;'
  await_200 nginx "http://127.0.0.1:${nginx_port[nginx]}/api/hello" "$(now_ms)" 30 >/dev/null
  subjects+=(nginx)
  printf 'nginx\tran\tjson\t\n' >>"$out/subjects.tsv"
fi

url_of() {
  case $1 in
    nginx) echo "http://127.0.0.1:${nginx_port[nginx]}" ;;
    *+nginx) echo "http://127.0.0.1:${nginx_port[${1%+nginx}]}" ;;
    *) echo "http://127.0.0.1:${port[$1]}" ;;
  esac
}

# Which workload each subject serves (the demo's optional endpoints may be absent).
declare -A serves
for s in "${subjects[@]}"; do
  for w in "${workloads[@]}"; do
    # Behind nginx, only an app with a static folder of its own is compared on static files.
    [ "$w" = static ] && [[ $s == *+nginx ]] && ! serves_static "${s%+nginx}" && continue
    path=$(path_of "$s" "$w")
    [ -n "$path" ] || continue
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$(url_of "$s")$path" || true)" = 200 ] && serves[$s.$w]=1
  done
done

# Alternating rounds: every subject once per round, so drift on a busy machine hits all alike.
for round in $(seq 1 "$rounds"); do
  for w in "${workloads[@]}"; do
    for s in "${subjects[@]}"; do
      [ -n "${serves[$s.$w]:-}" ] || continue
      read -r rps p50 p99 non2xx errors <<<"$(measure "$(url_of "$s")$(path_of "$s" "$w")" "$duration")"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$w" "$round" "$rps" "$p50" "$p99" "$non2xx" "$errors" >>"$out/runs.tsv"
      say "round $round $w $s: $rps req/s, p99 $p99 ms"
    done
  done
done

printf 'java\t%s\n' "$("$java" -version 2>&1 | head -n 1)" >>"$out/machine.tsv"
for name in "${running[@]}"; do
  printf '%s\t%s\t%s\t%s\n' "$name" "$(workers_of "${pid[$name]}" | wc -l)" \
    "$(worker_memory_kb "$name" VmRSS)" "$(worker_memory_kb "$name" VmHWM)" >>"$out/memory.tsv"
done
say "stopping the subjects"
stop_all
trap - EXIT
say "writing the report"

report_args=("$out")
[ "$docs" = 1 ] && report_args+=(--docs docs/performance.md)
"$java" -Djava.awt.headless=true -cp "$bench_cp" dev.carafe.bench.report.Report "${report_args[@]}"
