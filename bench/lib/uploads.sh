# shellcheck shell=bash disable=SC2154
# The uploads section of bench/prod.sh: each worker's RSS after its warm-up, right after a burst of
# accepted uploads and once it has been idle for a minute, against the target "back within 20 % of
# the figure after warm-up". Sourced by prod.sh from the repository root; uses its start, stop,
# rss_kb, workers_of and header, and its variables work, master, port and load_cpus. Last figures (2 workers,
# 200 × 4 MB): 107-112 MB after warm-up, 116-123 MB a minute after the burst, 1.06-1.11 × (met);
# docs/performance.md#memory-after-a-burst-of-uploads has them and how to read them.

# With BENCH_UPLOAD_JCMD set (e.g. "GC.heap_info", or "VM.native_memory summary" with
# -XX:NativeMemoryTracking=summary in CARAFE_WORKER_JVM_OPTIONS), runs that jcmd command on each
# worker with the JDK the worker runs on, and prints its answer under heading $1.
probe() {
  [ -n "${BENCH_UPLOAD_JCMD:-}" ] || return 0
  local pid
  for pid in $(workers_of "$master"); do
    echo "-- worker $pid, $1: jcmd $BENCH_UPLOAD_JCMD"
    # shellcheck disable=SC2086 # the command's words
    "$(dirname "$(readlink "/proc/$pid/exe")")/jcmd" "$pid" $BENCH_UPLOAD_JCMD | tail -n +2
  done
}

# Registers and logs in a user through the demo's forms, as a browser does: the CSRF token from
# each form page, the session cookie in the jar $1. Prints the token of the new-post form.
log_in() {
  local jar=$1 site="http://127.0.0.1:$port" user password path status
  user="upload-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  for path in /auth/register /auth/login; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
      --data-urlencode "csrf_token=$(form_token "$jar" "$path")" \
      --data-urlencode "username=$user" --data-urlencode "password=$password" "$site$path")"
    [ "$status" = 302 ] || { echo "uploads: POST $path answered $status, not a redirect" >&2; return 1; }
  done
  form_token "$jar" /create
}

# The CSRF token of the form on path $2, with the cookies of jar $1.
form_token() {
  curl -s -b "$1" -c "$1" "http://127.0.0.1:$port$2" \
    | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1 | grep .
}

uploads() {
  local count="${BENCH_UPLOADS:-200}" mb="${BENCH_UPLOAD_MB:-4}" parallel="${BENCH_UPLOAD_PARALLEL:-8}"
  local workers="${BENCH_UPLOAD_WORKERS:-2}" idle=60 limit=60 jar="$work/cookies" token pid
  header "uploads: $workers workers; $count accepted multipart posts of $mb MB to /create, $parallel at a time, ${limit}s at most; then ${idle}s idle"
  head -c "$((mb * 1024 * 1024))" /dev/urandom >"$work/upload.bin"
  # A database of its own: the burst writes a post per upload.
  CARAFE_DATABASE_URL="jdbc:sqlite:$work/uploads.db" start --workers "$workers"
  # The idle collection after the warm-up runs once a worker has been quiet for 10 s.
  sleep 15
  local -A warm=() burst=() back_at=()
  for pid in $(workers_of "$master"); do warm[$pid]="$(rss_kb "$pid")"; done
  probe "after warm-up"
  token="$(log_in "$jar")"

  # No "Expect: 100-continue", which curl sends with a large body and browsers never do.
  local started=$SECONDS
  seq "$count" | timeout "$limit" taskset -c "$load_cpus" xargs -P "$parallel" -I{} \
    curl -s -o /dev/null -w '%{http_code}\n' --max-time "$limit" -b "$jar" -H "Expect:" \
    -F "csrf_token=$token" -F "title=Upload {}" -F "body=A file of $mb MB." \
    -F "file=@$work/upload.bin;type=application/octet-stream" \
    "http://127.0.0.1:$port/create" >"$work/statuses" || true
  echo "$(wc -l <"$work/statuses") of $count answered in $((SECONDS - started)) s (302 is accepted):" \
    "$(sort "$work/statuses" | uniq -c | awk '{ printf "%s%s × %s", sep, $1, $2; sep = ", " }')"
  for pid in "${!warm[@]}"; do burst[$pid]="$(rss_kb "$pid")"; done
  probe "right after the burst"

  # Polled each second: the minute's figure, and when each worker first came back within 20 %.
  local second
  for second in $(seq 0 "$idle"); do
    [ "$second" = 0 ] || sleep 1
    for pid in "${!warm[@]}"; do
      if [ -z "${back_at[$pid]:-}" ] && [ "$(rss_kb "$pid")" -le $((warm[$pid] * 12 / 10)) ]; then
        back_at[$pid]=$second
      fi
    done
  done
  probe "after ${idle}s idle"
  printf '%-8s %14s %14s %14s %7s  %s\n' worker "warm-up MB" "burst MB" "${idle} s idle MB" ratio "within 20 %"
  local now growth=0
  for pid in "${!warm[@]}"; do
    now="$(rss_kb "$pid")"
    growth=$(awk -v a="$now" -v b="${warm[$pid]}" -v g="$growth" 'BEGIN { p = 100 * (a / b - 1); printf "%.1f", (p > g ? p : g) }')
    printf '%-8s %14s %14s %14s %7s  %s\n' "$pid" "$((warm[$pid] / 1024))" "$((burst[$pid] / 1024))" \
      "$((now / 1024))" "$(awk -v a="$now" -v b="${warm[$pid]}" 'BEGIN { printf "%.2f", a / b }')" \
      "$(if [ "$now" -le $((warm[$pid] * 12 / 10)) ]; then echo "PASS (first within 20 % after ${back_at[$pid]} s)"; else echo MISS; fi)"
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  figure uploads_rss_growth_pct "$growth" # the worker that grew most
  stop
}
