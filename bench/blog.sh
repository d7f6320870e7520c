#!/usr/bin/env bash
# The path every real app takes, a database query and a template: the demo blog's index (`/`, 20
# posts through a Pebble template) and its post list as JSON (`/api/posts`), served by Carafe's
# production server on SQLite and on PostgreSQL, and by the Flask twin (bench/flask/app.py) behind
# Gunicorn on the same SQLite file. Each server is pinned to the server cores, wrk to the load
# cores; after a warm-up the subjects are measured in alternating rounds and the medians printed.
#
#   bench/blog.sh                 3 rounds of 10 s after 60 s of warm-up per subject and path
#   bench/blog.sh --quick         2 rounds of 5 s after 20 s
#   bench/blog.sh --smoke         1 s per measurement, no warm-up: proves the harness works
#
# PostgreSQL is a throwaway cluster from Debian's binaries (apt-get install postgresql), run as the
# postgres user on a loopback port and pinned to the server cores too: the database's work is the
# server's. Without the binaries that subject is skipped. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: bench/blog.sh [--quick] [options]
  --quick             20 s warm-up, 2 rounds of 5 s
  --smoke             1 s per measurement, no warm-up, the workers' own warm-up cut short
  --duration S        seconds per measurement (default 10)
  --rounds N          alternating rounds (default 3)
  --warmup S          warm-up seconds per subject and path (default 60)
  --connections N     concurrent connections (default 64)
  --server-cpus LIST  cores for the servers and PostgreSQL (taskset list, default 0)
  --load-cpus LIST    cores for wrk (default 1)
  --no-postgres       leave out Carafe on PostgreSQL
  --out DIR           logs and results.tsv (default bench/target/blog)
USAGE
}

duration=10 rounds=3 warmup=60 connections=64 server_cpus=0 load_cpus=1 postgres=1 smoke=0
out=bench/target/blog
while [ $# -gt 0 ]; do
  case $1 in
    --quick) duration=5 rounds=2 warmup=20; shift ;;
    --smoke) duration=1 rounds=1 warmup=0 smoke=1; shift ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --server-cpus) server_cpus=$2; shift 2 ;;
    --load-cpus) load_cpus=$2; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    --out) out=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for tool in wrk taskset curl setsid gunicorn; do
  command -v "$tool" >/dev/null || { echo "blog.sh: $tool is missing (apt-get install -y wrk util-linux curl gunicorn python3-flask)" >&2; exit 3; }
done

rm -rf "$out"
mkdir -p "$out/logs"
out=$(cd "$out" && pwd)
# shellcheck source=SCRIPTDIR/lib/ports.sh
. bench/lib/ports.sh
# subjects.sh starts Gunicorn exactly as bench/run.sh does; it reads these.
server_cores=$(taskset -c "$server_cpus" nproc)
load_cores=$(taskset -c "$load_cpus" nproc)
static_root=$out
# shellcheck source=SCRIPTDIR/lib/subjects.sh
. bench/lib/subjects.sh

declare -A pid port
started=()
stop_all() {
  local name p
  for name in "${started[@]}"; do
    p=${pid[$name]}
    kill -TERM -- "-$p" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 -- "-$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$p" 2>/dev/null || true
  done
  if [ -n "${pg_data:-}" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_home"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

say() { printf 'blog: %4ds  %s\n' "$SECONDS" "$*"; }

# Starts subject $1 from the command "${@:2}" on the server cores, in its own process group.
launch() {
  local name=$1
  shift
  setsid taskset -c "$server_cpus" env "$@" >"$out/logs/$name.log" 2>&1 </dev/null &
  pid[$name]=$!
  started+=("$name")
}

await_200() {
  local name=$1 url=$2 limit=$((SECONDS + 240))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)" = 200 ]; do
    if ! kill -0 "${pid[$name]}" 2>/dev/null || [ $SECONDS -ge $limit ]; then
      echo "blog.sh: $name did not answer $url; its log:" >&2
      tail -n 30 "$out/logs/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# Prints "rps p99_ms errors" of wrk against $1 for $2 seconds.
measure() {
  taskset -c "$load_cpus" wrk -t"$load_cores" -c"$connections" -d"$2s" --timeout 5s --latency "$1" | awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      return v + 0
    }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.1f %.2f %d\n", rps, p99, errors }'
}

say "load average $(cut -d' ' -f1-3 /proc/loadavg); servers on cores $server_cpus, wrk on $load_cpus"
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
# A smoke run measures nothing, so the workers' warm-up pass is cut short there, as in run.sh.
carafe_env=(CARAFE_MODE=production "CARAFE_SECRET_KEY=$secret")
[ "$smoke" = 0 ] || carafe_env+=(CARAFE_WARMUP_REQUESTS=100)

# The SQLite file both read: the demo's tables from its own migrations, then the 20 posts.
sqlite_url="jdbc:sqlite:$out/blog.db"
CARAFE_DATABASE_URL=$sqlite_url ./run-prod.sh db-migrate >"$out/logs/migrate-sqlite.log" 2>&1
python3 bench/flask/seed.py "$out/blog.db"
subjects=(carafe gunicorn)

if [ "$postgres" = 1 ]; then
  pg_bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    say "skipping PostgreSQL: its server binaries are not installed (apt-get install postgresql)"
  else
    # A throwaway cluster owned by the postgres user (PostgreSQL refuses to run as root).
    pg_home=$(mktemp -d /tmp/carafe-bench-pg-XXXXXX)
    chown postgres "$pg_home"
    pg_data=$pg_home/data
    pg_port=$(free_port)
    runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U carafe --auth=trust --no-sync \
      --encoding=UTF8 --locale=C >"$out/logs/initdb.log" 2>&1
    taskset -c "$server_cpus" runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" \
      -l "$pg_home/server.log" -w -o "-p $pg_port -k $pg_home -h 127.0.0.1" start >/dev/null
    pg_url="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
    CARAFE_DATABASE_URL=$pg_url CARAFE_DATABASE_USER=carafe ./run-prod.sh db-migrate \
      >"$out/logs/migrate-postgresql.log" 2>&1
    body="Carafe and Flask render the same twenty posts from the same SQLite file, so the page and the list cost the same work in both stacks. "
    {
      echo "INSERT INTO users (id, username, password) VALUES (1, 'bench', '!');"
      for i in $(seq 1 20); do
        printf "INSERT INTO post (author_id, created, title, body) VALUES (1, '2025-06-%02dT09:30:00Z', 'Post number %d', '%s%s');\n" "$i" "$i" "$body" "$body"
      done
    } | "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U carafe -d postgres -v ON_ERROR_STOP=1 >/dev/null
    subjects=(carafe carafe-postgresql gunicorn)
  fi
fi

for name in "${subjects[@]}"; do
  port[$name]=$(free_port)
  bind=127.0.0.1:${port[$name]}
  case $name in
    carafe) launch carafe "${carafe_env[@]}" "CARAFE_DATABASE_URL=$sqlite_url" \
      ./run-prod.sh --workers 1 --bind "$bind" ;;
    carafe-postgresql) launch carafe-postgresql "${carafe_env[@]}" "CARAFE_DATABASE_URL=$pg_url" \
      CARAFE_DATABASE_USER=carafe ./run-prod.sh --workers 1 --bind "$bind" ;;
    gunicorn)
      backend_command gunicorn "${port[$name]}"
      launch gunicorn "${env_vars[@]}" "${cmd[@]}" ;;
  esac
done
for name in "${subjects[@]}"; do
  await_200 "$name" "http://127.0.0.1:${port[$name]}/api/posts"
done
# The first start of a build records its AOT cache (JDK 25) in a worker of its own: let it finish.
for name in carafe carafe-postgresql; do
  [ "$smoke" = 0 ] || break
  log=$out/logs/$name.log
  [ -f "$log" ] || continue
  limit=$((SECONDS + 240))
  while grep -q 'Recording the AOT cache' "$log" \
    && ! grep -Eq 'recorded the AOT cache|could not record the AOT cache' "$log" && [ $SECONDS -lt $limit ]; do
    sleep 1
  done
done
if [ "$warmup" -gt 0 ]; then
  say "warming up: ${warmup}s per subject and path"
  for path in / /api/posts; do
    for name in "${subjects[@]}"; do measure "http://127.0.0.1:${port[$name]}$path" "$warmup" >/dev/null; done
  done
fi

results=$out/results.tsv
for round in $(seq 1 "$rounds"); do
  for path in / /api/posts; do
    for name in "${subjects[@]}"; do
      read -r rps p99 errors <<<"$(measure "http://127.0.0.1:${port[$name]}$path" "$duration")"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$path" "$round" "$rps" "$p99" "$errors" >>"$results"
      say "round $round $path $name: $rps req/s, p99 $p99 ms, errors $errors"
    done
  done
done
say "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Medians of the rounds, and each Carafe subject against Flask.
# With BENCH_FIGURES set (bench/run.sh --all), the ratios and the worst p99 go to its collector.
python3 - "$results" <<'PY'
import os, statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
subjects = list(dict.fromkeys(r[0] for r in rows))
median = {}
for s in subjects:
    for path in ("/", "/api/posts"):
        mine = [r for r in rows if r[0] == s and r[1] == path]
        median[s, path] = (statistics.median(float(r[3]) for r in mine),
                           statistics.median(float(r[4]) for r in mine),
                           sum(int(r[5]) for r in mine))
print()
print("| Subject | Index req/s | Index p99 ms | Posts req/s | Posts p99 ms | Errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for s in subjects:
    page, posts = median[s, "/"], median[s, "/api/posts"]
    print(f"| `{s}` | {page[0]:,.0f} | {page[1]:.2f} | {posts[0]:,.0f} | {posts[1]:.2f} | {page[2] + posts[2]} |")
if "gunicorn" in subjects:
    print()
    for s in subjects:
        if s != "gunicorn":
            ratios = [median[s, p][0] / median["gunicorn", p][0] for p in ("/", "/api/posts")]
            print(f"{s} / Flask behind Gunicorn: index {ratios[0]:.2f} x, posts {ratios[1]:.2f} x")
if os.environ.get("BENCH_FIGURES"):
    with open(os.environ["BENCH_FIGURES"], "a") as figures:
        for s in subjects:
            if s == "gunicorn":
                continue
            key = "blog_" + s.replace("carafe-", "").replace("carafe", "sqlite")
            figures.write(f"{key}_p99_ms\t{max(median[s, p][1] for p in ('/', '/api/posts')):.2f}\n")
            if "gunicorn" in subjects:
                for name, p in (("index", "/"), ("posts", "/api/posts")):
                    ratio = median[s, p][0] / median["gunicorn", p][0]
                    figures.write(f"{key}_{name}_vs_flask\t{ratio:.2f}\n")
PY
