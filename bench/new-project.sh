#!/usr/bin/env bash
# Benchmark: a new user's project, timed. Installs Carafe's artifacts into the local repository
# (`mvn -B install -DskipTests`, as the README says), generates a project from the archetype in a
# temporary folder, builds it once, then starts `mvn carafe:dev` RUNS times and prints, per start:
# from Maven's start to the plugin's first line ("Maven handing over"), and from there to the first
# 200 of `/`. Then `mvn package` and the unpacked tarball: launch to the first 200 of /readyz.
# Prints figures; asserts nothing. Loopback only; every wait is bounded.
#
#   bench/new-project.sh [RUNS]     (default 5)
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

# Waits until $1 answers 200 (at most $2 seconds); prints the time it answered, in ms.
await_200() {
  local deadline=$(($(now_ms) + $2 * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ]; then
      now_ms
      return
    fi
    sleep 0.02
  done
  echo "bench: $1 did not answer 200 within $2 s" >&2
  return 1
}

echo "bench: installing Carafe's artifacts"
mvn -B -q -f "$repo/pom.xml" install -DskipTests -Dspotless.check.skip=true \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl bom,framework,test-support,maven-plugin,archetype -am
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -n 1)"

echo "bench: generating and building a project"
(cd "$work" && mvn -B -q archetype:generate -DarchetypeGroupId=dev.carafe \
  -DarchetypeArtifactId=carafe-archetype -DarchetypeVersion="$version" -DgroupId=com.example \
  -DartifactId=shop -Dpackage=com.example.shop -DinteractiveMode=false)
cd "$work/shop"
mvn -B -q package -DskipTests

port=5917
printf '%-6s %22s %24s %14s\n' run "mvn -> plugin (ms)" "plugin -> first 200 (ms)" "total (ms)"
for run in $(seq 1 "$runs"); do
  log="$work/dev-$run.log"
  start=$(now_ms)
  mvn -B -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS carafe:dev -Dcarafe.port=$port >"$log" 2>&1 &
  mvn_pid=$!
  answered=$(await_200 "http://127.0.0.1:$port/" 120)
  # The plugin's first line carries Maven's own timestamp: the moment it handed over.
  handed=$(grep -m1 'Starting the development server' "$log" | cut -d' ' -f1)
  handed_ms=$(date -d "$(date +%F) $handed" +%s%3N)
  printf '%-6s %22d %24d %14d\n' "$run" $((handed_ms - start)) $((answered - handed_ms)) \
    $((answered - start))
  kill -TERM "$mvn_pid"
  wait "$mvn_pid" 2>/dev/null || true
done

echo "bench: the packaged app, unpacked elsewhere"
mkdir -p "$work/elsewhere"
tar -xzf target/shop-*.tar.gz -C "$work/elsewhere"
start=$(now_ms)
CARAFE_SECRET_KEY="$(openssl rand -hex 32)" "$work/elsewhere/shop/bin/shop" \
  --bind 127.0.0.1:$((port + 1)) >"$work/prod.log" 2>&1 &
prod_pid=$!
answered=$(await_200 "http://127.0.0.1:$((port + 1))/readyz" 180)
echo "bin/shop launch -> first 200 of /readyz: $((answered - start)) ms"
grep -o 'started from the AOT cache' "$work/prod.log" | head -1 | sed 's/^/bench: a worker /' || true
kill -TERM "$prod_pid"
wait "$prod_pid" 2>/dev/null || true
