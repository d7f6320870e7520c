#!/usr/bin/env bash
# Hostile clients against Carafe's servers on this machine: each attack runs against the production
# server (run-prod.sh) directly, behind its bundled nginx (run-prod.sh --with-nginx) and against the
# development server (run-dev.sh), while a well-behaved client measures what a normal visitor gets.
# Prints a Markdown table; it asserts nothing and reports whatever the current code does.
#
#   bench/hostile.sh                  every attack, 40 s each at most, a 60 s settle per target
#   bench/hostile.sh --quick          8 s per attack, one round of each, a 5 s settle: a smoke run
#   bench/hostile.sh --targets prod --attacks uploads,slow-bodies
#
# Everything runs on 127.0.0.1 and ends by itself: every attack is bounded in time and requests.
# The table goes to bench/target/hostile/table.md (--out), the servers' logs next to it.
# See docs/security.md for the attacks and how to read the table.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: bench/hostile.sh [--quick] [options]
  --quick            8 s per attack, one round of each, 5 s settle
  --targets LIST     comma-separated: prod, nginx, dev (default: all three)
  --attacks LIST     comma-separated attack names (default: those meant for each target):
                     request-id, near-miss-type, cookie-replay, uploads, slow-bodies,
                     stalled-chunked, many-slow-bodies, basic-guessing, worker-signals,
                     login-guessing, json-502
  --budget S         seconds per attack at most (default 40; 8 with --quick)
  --settle S         seconds to wait after a target's attacks before measuring its workers
                     again (default 60; 5 with --quick)
  --workers N        production workers (default 2)
  --out DIR          results folder (default bench/target/hostile)
  --no-build         use the classes already built
USAGE
}

quick=0 targets=prod,nginx,dev attacks=all budget="" settle="" workers=2 out=bench/target/hostile build=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; shift ;;
    --targets) targets=$2; shift 2 ;;
    --attacks) attacks=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  : "${budget:=8}" "${settle:=5}"
else
  : "${budget:=40}" "${settle:=60}"
fi

for tool in curl setsid; do
  command -v "$tool" >/dev/null || { echo "hostile: $tool is missing (apt-get install -y curl util-linux)" >&2; exit 3; }
done
nginx_bin=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)

# shellcheck source=SCRIPTDIR/lib/build.sh
. bench/lib/build.sh
[ "$build" = 0 ] || build_if_stale
bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/logs"
rm -f "$out/rows.tsv" "$out/table.md" "$out"/*.db "$out"/*.pid
mkdir -p "$out/logs"

say() { printf 'hostile: %4ds  %s\n' "$SECONDS" "$*"; }

# shellcheck source=SCRIPTDIR/lib/ports.sh
. bench/lib/ports.sh

group=""      # the process group of the server under attack (run-prod.sh or run-dev.sh)
nginx_pid=""  # the bundled nginx, which leaves the group when it goes to the background

# Stops the server under attack: TERM to its group, KILL after 30 s; then its nginx, if any.
stop_target() {
  if [ -n "$group" ]; then
    kill -TERM -- "-$group" 2>/dev/null || true
    for _ in $(seq 300); do
      kill -0 -- "-$group" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null || true
    wait "$group" 2>/dev/null || true
    group=""
  fi
  if [ -n "$nginx_pid" ]; then
    # The master stops nginx on TERM; after the JSON 502 attack killed the master, this does.
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  fi
}
trap stop_target EXIT
trap 'exit 130' INT TERM

# Waits until $1 answers 200 while the server's group lives.
await_200() {
  local url=$1 log=$2 limit=$((SECONDS + 300))
  while [ $SECONDS -lt $limit ]; do
    if ! kill -0 "$group" 2>/dev/null; then
      echo "hostile: the server exited before $url answered; its log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" = 200 ] && return 0
    sleep 0.2
  done
  echo "hostile: $url did not answer 200 within 300 s; the server's log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
# The AOT cache's recorder is a child of the master like the workers: it would count as one.
server_env=(CARAFE_SECRET_KEY="$secret" CARAFE_AOT_CACHE=off)

# Starts target $1; sets group, port (where the attacks go), pid (master or dev JVM) and log.
start_target() {
  local name=$1 app_port
  log=$out/logs/$name.log
  port=$(free_port)
  case $name in
    prod)
      setsid env "${server_env[@]}" CARAFE_DATABASE_URL="jdbc:sqlite:$out/$name.db" \
        ./run-prod.sh --workers "$workers" --bind "127.0.0.1:$port" --pid "$out/$name.pid" \
        >"$log" 2>&1 </dev/null &
      ;;
    nginx)
      app_port=$(free_port)
      setsid env "${server_env[@]}" CARAFE_DATABASE_URL="jdbc:sqlite:$out/$name.db" \
        ./run-prod.sh --workers "$workers" --bind "127.0.0.1:$app_port" --pid "$out/$name.pid" \
        --with-nginx --nginx-bind "127.0.0.1:$port" >"$log" 2>&1 </dev/null &
      ;;
    dev)
      setsid env CARAFE_DATABASE_URL="jdbc:sqlite:$out/$name.db" ./run-dev.sh --port "$port" \
        >"$log" 2>&1 </dev/null &
      ;;
  esac
  group=$!
  await_200 "http://127.0.0.1:$port/healthz" "$log"
  if [ "$name" = dev ]; then
    pid=$group # run-dev.sh execs the JVM
  else
    pid=$(cat "$out/$name.pid")
  fi
  if [ "$name" = nginx ]; then
    # nginx's prefix is the packaged demo's folder; its pid file is run/nginx.pid there.
    nginx_pid=$(cat demo-app/target/carafe-demo/run/nginx.pid 2>/dev/null || true)
    if [ -z "$nginx_pid" ]; then
      echo "hostile: nginx did not start in front of the app; the server's log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
  fi
}

IFS=, read -r -a wanted <<<"$targets"
say "targets ${wanted[*]}; attacks $attacks; $budget s per attack, $settle s settle"
for name in "${wanted[@]}"; do
  case $name in
    prod | dev) ;;
    nginx)
      if [ -z "$nginx_bin" ]; then
        say "skipping nginx: nginx is not installed (apt-get install -y nginx)"
        continue
      fi
      ;;
    *) echo "Unknown target: $name (prod, nginx, dev)" >&2; exit 2 ;;
  esac
  say "starting $name"
  start_target "$name"
  say "$name serves on 127.0.0.1:$port (pid $pid)"
  quick_flag=()
  [ "$quick" = 0 ] || quick_flag=(--quick)
  java -cp "$bench_cp" dev.carafe.bench.hostile.Hostile attack --target "$name" --port "$port" \
    --pid "$pid" --attacks "$attacks" --budget "$budget" --settle "$settle" --rows "$out/rows.tsv" \
    "${quick_flag[@]}" || say "the attacks on $name ended with an error; its rows so far count"
  say "stopping $name"
  stop_target
done

touch "$out/rows.tsv"
java -cp "$bench_cp" dev.carafe.bench.hostile.Hostile table "$out/rows.tsv" >"$out/table.md"
echo
cat "$out/table.md"
say "wrote $out/table.md"
